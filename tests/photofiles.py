"""Real image files for the photo tests, made with Pillow (importable as ``photofiles``).

A phone photo's tell-tale metadata: GPS position (also written out in the XMP
packet and a comment, so a raw byte search finds any copy of it), the device,
and an orientation the pixels do not have yet.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image

LATITUDE = "48.858370"
LONGITUDE = "2.294481"
DEVICE = b"PhoneMaker Pixelissime 9"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="'
    + LATITUDE.encode()
    + b'" exif:GPSLongitude="'
    + LONGITUDE.encode()
    + b'"/></rdf:RDF></x:xmpmeta>'
)
#: What must never be found in a prepared image's bytes.
TELL_TALES = (b"GPS", LATITUDE.encode(), LONGITUDE.encode(), DEVICE, b"xmpmeta", b"Exif")
RED, BLUE = (220, 20, 20), (20, 20, 220)


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = DEVICE.decode()  # Make
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 30.13)
    gps[3], gps[4] = "E", (2.0, 17.0, 40.13)
    return exif


def two_halves(width: int = 400, height: int = 300) -> Image.Image:
    """Red on the left half, blue on the right: orientation shows in the pixels."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def phone_jpeg(path: Path, orientation: int = 1, image: Image.Image | None = None) -> Path:
    (image or two_halves()).save(
        path,
        "JPEG",
        quality=92,
        exif=phone_exif(orientation).tobytes(),
        xmp=XMP,
        comment=b"GPS " + LATITUDE.encode(),
    )
    return path


def noise(width: int, height: int, seed: int = 1) -> Image.Image:
    """Pixels no encoder can compress: the worst case for a size limit."""
    data = random.Random(seed).randbytes(width * height * 3)
    return Image.frombytes("RGB", (width, height), data)


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def write_png(path: Path, size: tuple[int, int] = (120, 80), alpha: bool = False) -> Path:
    """A small PNG (with half-transparent pixels when ``alpha``), carrying GPS EXIF."""
    image = Image.new("RGBA" if alpha else "RGB", size, (10, 120, 200, 128) if alpha else BLUE)
    image.save(path, "PNG", exif=phone_exif().tobytes())
    return path


def write_gif(path: Path, frames: int = 3) -> Path:
    images = [Image.new("RGB", (60, 40), (i * 80 % 256, 100, 200)) for i in range(frames)]
    images[0].save(
        path,
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=120,
        loop=0,
        comment=b"GPS " + LATITUDE.encode(),
    )
    return path
