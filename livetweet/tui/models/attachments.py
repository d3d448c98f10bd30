"""The photos attached to the draft: what the operator sees of each, and the checks
made before one is attached or posted. Textual-free (and rich-free: the widget
turns the thumbnail's pixels into half-blocks).

A photo is read once when attached (``describe``): a file that is not a
publishable image is refused there, naming it, and nothing is attached. The
draft keeps only the path and the alt text (``MediaAttachment``); the outbox
prepares the photo for each network when it is posted.
"""

from __future__ import annotations

import contextlib
import io
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageOps

from livetweet.agenda.model import Item
from livetweet.i18n import _, current_language
from livetweet.media import (
    ALT_LIMITS,
    MAX_ATTACHMENTS,
    SUPPORTED_SUFFIXES,
    AltCount,
    MediaError,
    alt_length,
    load_image,
)
from livetweet.publishing.attachments import MediaAttachment
from livetweet.text.networks import DISPLAY_NAMES, Network

#: The thumbnail's box in terminal cells: each cell shows two pixels, one above the other.
THUMB_COLUMNS = 8
THUMB_ROWS = 3

Pixel = tuple[int, int, int]


@dataclass(frozen=True)
class PhotoInfo:
    """What the draft shows of one attached photo."""

    path: Path
    size: int = 0  # bytes of the file
    width: int = 0  # as displayed (orientation applied)
    height: int = 0
    format: str = ""
    #: Rows of pixels (two per terminal row), empty when no preview could be made.
    pixels: tuple[tuple[Pixel, ...], ...] = ()
    #: Why the file cannot be published now (gone, damaged...), in the operator's language.
    problem: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


def describe(path: Path) -> PhotoInfo:
    """Read ``path`` as a photo: its size, dimensions and a thumbnail. Raises
    ``MediaError`` (translated reason) for a file that cannot be published."""
    source = load_image(path)
    return PhotoInfo(
        path=path,
        size=len(source.data),
        width=source.width,
        height=source.height,
        format=source.format,
        pixels=thumbnail(source.data),
    )


def describe_or_problem(path: Path) -> PhotoInfo:
    """``describe``, or the photo with the reason it cannot be read (a draft brought
    back after the file moved keeps its photo, and says what is wrong with it)."""
    try:
        return describe(path)
    except MediaError as error:
        return PhotoInfo(path=path, problem=str(error))


def thumbnail(
    data: bytes, columns: int = THUMB_COLUMNS, rows: int = THUMB_ROWS
) -> tuple[tuple[Pixel, ...], ...]:
    """The image fitted in ``columns`` x ``rows * 2`` pixels, oriented, on a dark
    background where it is transparent; () when Pillow cannot make it."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.draft("RGB", (columns * 4, rows * 8))  # JPEG: decode at a fraction
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((columns, rows * 2))
            if image.mode != "RGBA":
                image = image.convert("RGBA")
            background = Image.new("RGBA", image.size, (30, 30, 30, 255))
            flat = Image.alpha_composite(background, image).convert("RGB")
    except (OSError, ValueError, SyntaxError):
        return ()
    width, height = flat.size
    data_rgb = flat.tobytes()
    return tuple(
        tuple(
            (data_rgb[i], data_rgb[i + 1], data_rgb[i + 2])
            for i in range((y * width) * 3, (y * width + width) * 3, 3)
        )
        for y in range(height)
    )


def human_size(size: int) -> str:
    """A file size as the operator reads it (French decimal comma where translated)."""
    if size < 1000:
        return _("{n} B").format(n=size)
    if size < 1_000_000:
        return _("{n} kB").format(n=round(size / 1000))
    megabytes = f"{size / 1_000_000:.1f}"
    if current_language() == "fr":
        megabytes = megabytes.replace(".", ",")
    return _("{n} MB").format(n=megabytes)


def alt_counts(
    alt: str, networks: Iterable[Network], limits: Mapping[Network, int]
) -> list[tuple[Network, AltCount]]:
    """The alt text's counter on each network (X 1,000, Mastodon its instance's
    ``description_limit``, Bluesky 2,000)."""
    length = alt_length(alt)
    return [(n, AltCount(length, limits.get(n, ALT_LIMITS[n]))) for n in networks]


def item_photos(item: Item, agenda_dir: Path | None) -> tuple[MediaAttachment, ...]:
    """An agenda item's prepared photos, their paths taken from the agenda's folder."""
    base = agenda_dir or Path.cwd()
    return tuple(
        MediaAttachment(base / Path(photo.path).expanduser(), photo.alt or "")
        for photo in item.media
    )


def attach_problem(current: Sequence[MediaAttachment], path: Path) -> str | None:
    """Why ``path`` cannot be added to the draft's photos, or None."""
    if len(current) >= MAX_ATTACHMENTS:
        return _("A post carries at most {n} photos.").format(n=MAX_ATTACHMENTS)
    if any(a.path == path for a in current):
        return _("{name} is already attached.").format(name=path.name)
    return None


def posting_problem(
    media: Sequence[MediaAttachment],
    infos: Mapping[Path, PhotoInfo],
    networks: Iterable[Network],
    limits: Mapping[Network, int],
) -> str | None:
    """Why the draft's photos cannot be posted (a file gone, an alt too long), or None.
    A missing alt text is not here: the screen asks for it."""
    wanted = list(networks)
    if len(media) > MAX_ATTACHMENTS:
        return _("A post carries at most {n} photos.").format(n=MAX_ATTACHMENTS)
    for attachment in media:
        info = infos.get(attachment.path)
        if info is not None and info.problem is not None:
            return _("Photo {name}: {reason}").format(
                name=attachment.path.name, reason=info.problem
            )
        for network, counted in alt_counts(attachment.alt, wanted, limits):
            if not counted.fits:
                return _("The alt text of {name} is too long for {network} ({n}/{limit}).").format(
                    name=attachment.path.name,
                    network=DISPLAY_NAMES[network],
                    n=counted.length,
                    limit=counted.limit,
                )
    return None


def missing_alt(media: Sequence[MediaAttachment]) -> int | None:
    """The index of the first photo without alt text, or None."""
    return next((i for i, a in enumerate(media) if not a.alt.strip()), None)


# -- a path pasted or dropped into the editor ---------------------------------------------


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def pasted_images(text: str, cwd: Path | None = None) -> list[Path]:
    """The image files ``text`` names, if it is nothing but one or more paths to
    existing images (as terminals paste or drop them: bare, quoted, with escaped
    spaces, or as ``file://`` URIs); else [] and the text is only text."""
    stripped = text.strip()
    if not stripped or len(stripped) > 8192:
        return []
    lines = [line.strip() for line in stripped.splitlines() if line.strip()]
    candidates: list[list[str]] = [[stripped]] if len(lines) == 1 else []
    candidates.append(lines)
    with contextlib.suppress(ValueError):  # an unbalanced quote: not a list of paths
        candidates.append(shlex.split(stripped))
    for names in candidates:
        paths = [_as_path(name, cwd) for name in names]
        found = [p for p in paths if p is not None]
        if found and len(found) == len(names):
            return list(dict.fromkeys(found))
    return []


def _as_path(name: str, cwd: Path | None) -> Path | None:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "'\"":
        name = name[1:-1]
    if name.startswith("file://"):
        parts = urlsplit(name)
        if parts.netloc not in ("", "localhost"):
            return None
        name = unquote(parts.path)
    elif "\\ " in name:
        name = name.replace("\\ ", " ")
    if not name or "\n" in name or "\x00" in name:
        return None
    path = Path(name).expanduser()
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    try:
        if not (is_image_name(path) and path.is_file()):
            return None
    except OSError:
        return None
    return path
