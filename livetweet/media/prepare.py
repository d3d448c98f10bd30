"""A photo made fit to publish: oriented, stripped of every metadata, within limits.

A phone photo carries its GPS position, the device and often an XMP packet and
comments; a public account must publish none of it. Every image is therefore
decoded and re-encoded from its pixels only (the EXIF orientation applied
first), and the result is opened again and refused if any metadata survived.
Resizing and stronger compression happen only when a network's limit needs them.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from livetweet.i18n import _
from livetweet.media.limits import ImageLimits
from livetweet.text.networks import Network

#: Formats a network accepts as a photo (Pillow's names) and their MIME types.
MIME_TYPES: Final = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
SUPPORTED_SUFFIXES: Final = (".jpg", ".jpeg", ".png", ".webp", ".gif")
#: No network takes a source this large; refused before decoding anything.
MAX_SOURCE_BYTES: Final = 64 * 1024 * 1024
#: Above this many pixels the file is refused (a "decompression bomb").
MAX_SOURCE_PIXELS: Final = 100_000_000
_QUALITIES: Final = (90, 82, 74, 66)
_MIN_SIDE: Final = 64
#: What Pillow may find in ``info`` of the bytes this module writes: encoding details
#: only. Anything else (EXIF, XMP, comments, PNG text chunks...) is refused.
_HARMLESS_KEYS: Final = frozenset(
    {
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
        "dpi",
        "progressive",
        "progression",
        "adobe",
        "adobe_transform",
        "version",
        "background",
        "loop",
        "duration",
        "extension",
        "transparency",
        "gamma",
    }
)


class MediaError(Exception):
    """A file that cannot be published as a photo; the message says why (translated)."""


@dataclass(frozen=True)
class SourceImage:
    """A photo file as read once: its bytes and their hash (the cache key)."""

    path: Path
    data: bytes
    sha256: str
    format: str  # Pillow's name: JPEG, PNG, WEBP, GIF
    width: int  # as displayed, orientation applied
    height: int
    animated: bool


@dataclass(frozen=True)
class PreparedImage:
    """What is uploaded to one network: clean bytes and what the upload needs to say."""

    network: Network
    data: bytes
    sha256: str  # of ``data``: what the journal records, never the bytes
    source_sha256: str
    mime_type: str
    width: int  # Bluesky's aspectRatio
    height: int
    alt: str = ""
    resized: bool = False
    first_frame_only: bool = False  # an animation the network cannot show: its first frame
    #: Mastodon's focus point (x, y in -1..1), sent with the upload; None: the centre.
    focus: tuple[float, float] | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def record(self) -> dict[str, object]:
        """What a journal keeps about the photo: hashes, type, size and alt, never the bytes."""
        return {
            "network": self.network,
            "sha256": self.sha256,
            "source_sha256": self.source_sha256,
            "mime_type": self.mime_type,
            "width": self.width,
            "height": self.height,
            "bytes": self.size,
            "alt": self.alt,
        }


def _read(path: Path) -> bytes:
    """The bytes of a regular file, read once. Opened without blocking and checked on
    the open descriptor, so a named pipe or device put in its place is never read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise MediaError(_("no such file")) from None
    except IsADirectoryError:
        raise MediaError(_("is not a regular file")) from None
    except OSError as exc:
        raise MediaError(_("cannot be read: {reason}").format(reason=exc.strerror)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise MediaError(_("is not a regular file"))
        if info.st_size > MAX_SOURCE_BYTES:
            raise MediaError(
                _("the file is larger than {size} MB").format(size=MAX_SOURCE_BYTES // 2**20)
            )
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise MediaError(_("cannot be read: {reason}").format(reason=exc.strerror)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_SOURCE_BYTES:  # it grew while being read
        raise MediaError(
            _("the file is larger than {size} MB").format(size=MAX_SOURCE_BYTES // 2**20)
        )
    return data


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in MIME_TYPES:
                raise MediaError(
                    _("unsupported image format {format} (JPEG, PNG, WebP or GIF)").format(
                        format=image.format
                    )
                )
            if image.width * image.height > MAX_SOURCE_PIXELS:
                raise MediaError(_("the image has too many pixels"))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaError(_("the image has too many pixels")) from None
    except UnidentifiedImageError:
        raise MediaError(_("not an image (JPEG, PNG, WebP or GIF)")) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise MediaError(_("the image is damaged: {reason}").format(reason=exc)) from None
    return image


def load_image(path: str | os.PathLike[str]) -> SourceImage:
    """Read and decode ``path`` once; raises MediaError for anything not publishable."""
    data = _read(Path(path))
    image = _open(data)
    width, height = image.size
    if _orientation(image) in (5, 6, 7, 8):  # a quarter turn: the sides swap
        width, height = height, width
    return SourceImage(
        path=Path(path),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        format=str(image.format),
        width=width,
        height=height,
        animated=bool(getattr(image, "is_animated", False)),
    )


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (ValueError, TypeError, SyntaxError):
        return 1


# -- pixels only ------------------------------------------------------------------------


def _to_srgb(image: Image.Image) -> tuple[Image.Image, bytes | None]:
    """Colours converted to sRGB so no ICC profile is needed; the profile is kept only
    when the conversion is impossible (the colours would be wrong without it)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image, None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image, None  # a profile no one can read would change nothing: dropped
    try:
        converted = ImageCms.profileToProfile(
            image,
            source,
            ImageCms.createProfile("sRGB"),
            outputMode="RGB" if image.mode == "CMYK" else image.mode,
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A CMYK profile would be wrong on the RGB pixels every network wants.
        return image, None if image.mode == "CMYK" else bytes(icc)
    return (converted if converted is not None else image), None


def _bare(image: Image.Image) -> Image.Image:
    """The pixels alone, in a mode every encoder takes: no ``info``, no EXIF, no palette."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "I" or image.mode.startswith("I;16"):  # 16-bit grey: scaled, not clipped
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode not in ("L", "LA", "RGB", "RGBA"):
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB" if image.mode == "RGBA" else "L")  # opaque after all
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _still(source: SourceImage) -> tuple[Image.Image, bytes | None]:
    image = _open(source.data)
    image.seek(0)
    oriented = ImageOps.exif_transpose(image)
    converted, icc = _to_srgb(oriented if oriented is not None else image)
    return _bare(converted), icc


# -- encoding ---------------------------------------------------------------------------


def _encode(image: Image.Image, fmt: str, quality: int, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        image.convert("RGB" if image.mode != "L" else "L").save(
            out, "JPEG", quality=quality, optimize=True, **extra
        )
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=quality, method=4, **extra)
    else:
        image.save(out, "PNG", optimize=quality < _QUALITIES[0], **extra)
    return out.getvalue()


def _output_format(source_format: str) -> str:
    """The source's own format where the networks take it; a still GIF becomes a PNG."""
    if source_format in ("JPEG", "WEBP"):
        return source_format
    return "PNG"


def _fit_pixels(image: Image.Image, max_pixels: int | None) -> Image.Image:
    if max_pixels is None or image.width * image.height <= max_pixels:
        return image
    scale = math.sqrt(max_pixels / (image.width * image.height))
    size = (max(1, math.floor(image.width * scale)), max(1, math.floor(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _fit_bytes(
    image: Image.Image, fmt: str, max_bytes: int, icc: bytes | None
) -> tuple[bytes, str, Image.Image]:
    """Encode within ``max_bytes``: first as is, then stronger compression, then a
    photo without transparency as JPEG, then smaller sizes."""
    data = _encode(image, fmt, _QUALITIES[0], icc)
    if len(data) <= max_bytes:
        return data, fmt, image
    if fmt == "PNG" and image.mode in ("RGB", "L"):
        fmt = "JPEG"  # no transparency to keep: a photo compresses far better as JPEG
    for quality in _QUALITIES:
        data = _encode(image, fmt, quality, icc)
        if len(data) <= max_bytes:
            return data, fmt, image
    current = image
    while len(data) > max_bytes:
        scale = min(0.9, math.sqrt(max_bytes / len(data)) * 0.95)
        size = (math.floor(current.width * scale), math.floor(current.height * scale))
        if min(size) < _MIN_SIDE:
            raise MediaError(_("the image cannot be made small enough"))
        current = image.resize(size, Image.Resampling.LANCZOS)
        data = _encode(current, fmt, _QUALITIES[1], icc)
    return data, fmt, current


def _animated_gif(source: SourceImage, limits: ImageLimits) -> bytes | None:
    """The animation re-encoded frame by frame without its comments and extensions,
    or None when it does not fit (the caller falls back to the first frame)."""
    image = _open(source.data)
    if limits.max_pixels is not None and image.width * image.height > limits.max_pixels:
        return None
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(int(frame.info.get("duration", 100)))
        frames.append(_bare(frame.convert("RGBA")))
    out = io.BytesIO()
    frames[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=int(image.info.get("loop", 0)),
        disposal=2,
    )
    data = out.getvalue()
    return data if len(data) <= limits.max_bytes else None


def assert_clean(data: bytes, *, icc_allowed: bool = False) -> None:
    """Refuse bytes that still carry metadata: the last line of defence before upload."""
    image = Image.open(io.BytesIO(data))
    allowed = _HARMLESS_KEYS | ({"icc_profile"} if icc_allowed else set())
    if len(image.getexif()) or set(image.info) - allowed:
        raise MediaError(_("metadata could not be removed from the image"))


def prepare(source: SourceImage, limits: ImageLimits, alt: str = "") -> PreparedImage:
    """``source`` made fit for one network: oriented, without metadata, within limits."""
    if source.format == "GIF" and source.animated and limits.animated_gif:
        data = _animated_gif(source, limits)
        if data is not None:
            assert_clean(data)
            return PreparedImage(
                limits.network,
                data,
                hashlib.sha256(data).hexdigest(),
                source.sha256,
                MIME_TYPES["GIF"],
                source.width,
                source.height,
                alt,
            )
    image, icc = _still(source)
    fitted = _fit_pixels(image, limits.max_pixels)
    data, fmt, final = _fit_bytes(fitted, _output_format(source.format), limits.max_bytes, icc)
    assert_clean(data, icc_allowed=icc is not None)
    return PreparedImage(
        network=limits.network,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        source_sha256=source.sha256,
        mime_type=MIME_TYPES[fmt],
        width=final.width,
        height=final.height,
        alt=alt,
        resized=final.size != image.size,
        first_frame_only=source.animated,
    )
