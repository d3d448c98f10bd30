"""Photos made fit to publish, on every network: no metadata left, orientation kept,
within each network's limits, re-encoded only as far as needed."""

from __future__ import annotations

import hashlib
import json
import os
from io import BytesIO
from pathlib import Path
from typing import cast

import pytest
from photofiles import (
    BLUE,
    RED,
    TELL_TALES,
    XMP,
    encoded,
    noise,
    phone_exif,
    phone_jpeg,
    two_halves,
    write_gif,
    write_png,
)
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from livetweet.media import (
    ImageLimits,
    MediaError,
    PreparationCache,
    bluesky_limits,
    count_alt,
    default_limits,
    load_image,
    mastodon_limits,
    prepare,
    x_limits,
)
from livetweet.media.prepare import assert_clean

EVERY_NETWORK = list(default_limits().values())
IDS = [limits.network for limits in EVERY_NETWORK]


def near(pixel: float | tuple[int, ...] | None, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)  # getpixel on an RGB(A) image
    return all(abs(a - b) < 40 for a, b in zip(pixel[:3], colour, strict=True))


@pytest.mark.parametrize("limits", EVERY_NETWORK, ids=IDS)
def test_a_phone_photo_loses_its_gps_device_xmp_and_comment(
    tmp_path: Path, limits: ImageLimits
) -> None:
    path = phone_jpeg(tmp_path / "seance.jpg")
    source = load_image(path)
    assert b"GPS" in source.data and len(Image.open(path).getexif().get_ifd(0x8825)) == 4

    prepared = prepare(source, limits, alt="La salle du conseil")

    out = Image.open(BytesIO(prepared.data))
    assert len(out.getexif()) == 0
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(out.info)
    for tell_tale in TELL_TALES:
        assert tell_tale not in prepared.data, tell_tale
    assert (prepared.mime_type, prepared.alt) == ("image/jpeg", "La salle du conseil")


@pytest.mark.parametrize("limits", EVERY_NETWORK, ids=IDS)
def test_the_orientation_is_applied_to_the_pixels_before_it_is_dropped(
    tmp_path: Path, limits: ImageLimits
) -> None:
    # Stored landscape, red on the left; orientation 6 says: turn a quarter clockwise.
    source = load_image(phone_jpeg(tmp_path / "vote.jpg", orientation=6))
    assert (source.width, source.height) == (300, 400)

    prepared = prepare(source, limits)

    out = Image.open(BytesIO(prepared.data)).convert("RGB")
    assert (out.size, (prepared.width, prepared.height)) == ((300, 400), (300, 400))
    assert near(out.getpixel((150, 40)), RED)  # the left side is now on top
    assert near(out.getpixel((150, 360)), BLUE)


def test_an_8_mb_photo_fits_bluesky_after_re_encoding_and_keeps_its_shape(
    tmp_path: Path,
) -> None:
    path = tmp_path / "diapo.jpg"
    path.write_bytes(encoded(noise(3000, 2000), "JPEG", quality=98))
    assert path.stat().st_size > 8_000_000

    prepared = prepare(load_image(path), bluesky_limits())

    assert prepared.size <= 1_000_000
    assert prepared.resized and prepared.mime_type == "image/jpeg"
    assert abs(prepared.width / prepared.height - 1.5) < 0.01  # Bluesky's aspectRatio
    assert Image.open(BytesIO(prepared.data)).size == (prepared.width, prepared.height)


def test_a_photo_within_every_limit_keeps_its_size(tmp_path: Path) -> None:
    source = load_image(phone_jpeg(tmp_path / "s.jpg"))
    for limits in EVERY_NETWORK:
        prepared = prepare(source, limits)
        assert (prepared.width, prepared.height, prepared.resized) == (400, 300, False)


def test_mastodon_s_pixel_limit_resizes_the_image(tmp_path: Path) -> None:
    path = tmp_path / "grand.jpg"
    two_halves(1600, 1200).save(path, "JPEG")
    prepared = prepare(load_image(path), mastodon_limits(image_matrix_limit=480_000))
    assert prepared.width * prepared.height <= 480_000
    assert (prepared.width, prepared.height) == (800, 600)


@pytest.mark.parametrize("limits", EVERY_NETWORK, ids=IDS)
def test_a_png_with_transparency_stays_a_png_with_it(tmp_path: Path, limits: ImageLimits) -> None:
    source = load_image(write_png(tmp_path / "logo.png", alpha=True))
    prepared = prepare(source, limits)
    out = Image.open(BytesIO(prepared.data))
    assert (prepared.mime_type, out.mode) == ("image/png", "RGBA")
    assert cast(tuple[int, ...], out.getpixel((5, 5)))[3] == 128
    assert len(out.getexif()) == 0 and b"GPS" not in prepared.data


def test_a_large_opaque_png_becomes_a_jpeg_only_where_it_does_not_fit(tmp_path: Path) -> None:
    path = tmp_path / "capture.png"
    noise(900, 600).save(path, "PNG")  # about 1.6 MB: fits X, not Bluesky
    source = load_image(path)
    assert prepare(source, x_limits()).mime_type == "image/png"
    on_bluesky = prepare(source, bluesky_limits())
    assert on_bluesky.mime_type == "image/jpeg" and on_bluesky.size <= 1_000_000


def test_an_animated_gif_stays_animated_where_the_network_shows_it(tmp_path: Path) -> None:
    source = load_image(write_gif(tmp_path / "applaudissements.gif"))
    assert source.animated

    on_x = prepare(source, x_limits())
    out = Image.open(BytesIO(on_x.data))
    assert (on_x.mime_type, getattr(out, "n_frames", 1)) == ("image/gif", 3)
    assert "comment" not in out.info and b"GPS" not in on_x.data

    on_bluesky = prepare(source, bluesky_limits())
    assert on_bluesky.first_frame_only and on_bluesky.mime_type == "image/png"


def test_unsupported_and_damaged_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    bmp = tmp_path / "scan.jpg"
    Image.new("RGB", (10, 10)).save(bmp, "BMP")  # a BMP whatever its name says
    with pytest.raises(MediaError, match="unsupported image format BMP"):
        load_image(bmp)
    text = tmp_path / "notes.png"
    text.write_text("pas une image")
    with pytest.raises(MediaError, match="not an image"):
        load_image(text)
    with pytest.raises(MediaError, match="no such file"):
        load_image(tmp_path / "absent.jpg")
    with pytest.raises(MediaError, match="not a regular file"):
        load_image(tmp_path)


def test_each_preparation_is_done_once_per_file_content(tmp_path: Path) -> None:
    path = phone_jpeg(tmp_path / "s.jpg")
    cache = PreparationCache()
    first = cache.prepared(load_image(path), x_limits(), alt="un")
    again = cache.prepared(load_image(path), x_limits(), alt="deux")
    assert cache.preparations == 1
    assert (again.sha256, again.alt) == (first.sha256, "deux")
    phone_jpeg(path, image=two_halves(200, 100))  # another photo under the same name
    assert cache.prepared(load_image(path), x_limits()).width == 200
    assert cache.preparations == 2


def test_alt_text_counts_graphemes_against_each_network_s_limit() -> None:
    alt = "Vote à main levée 👍🏽" + "é" * 980  # the thumb with its skin tone is one character
    counts = {limits.network: count_alt(alt, limits) for limits in EVERY_NETWORK}
    assert {n: c.length for n, c in counts.items()} == dict.fromkeys(counts, 999)
    assert {n: c.limit for n, c in counts.items()} == {
        "x": 1_000,
        "mastodon": 1_500,
        "bluesky": 2_000,
    }
    assert not count_alt(alt + "ab", x_limits()).fits
    assert count_alt(alt, mastodon_limits(description_limit=900)).remaining == -99


@pytest.mark.parametrize("limits", EVERY_NETWORK, ids=IDS)
def test_a_webp_with_exif_and_xmp_stays_webp_without_them(
    tmp_path: Path, limits: ImageLimits
) -> None:
    path = tmp_path / "photo.webp"
    two_halves().save(path, "WEBP", exif=phone_exif().tobytes(), xmp=XMP)
    assert b"GPS" in path.read_bytes() and b"xmpmeta" in path.read_bytes()
    prepared = prepare(load_image(path), limits)
    assert prepared.mime_type == "image/webp"
    for tell_tale in TELL_TALES:
        assert tell_tale not in prepared.data, tell_tale


def test_a_colour_profile_is_applied_to_the_pixels_then_dropped(tmp_path: Path) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = tmp_path / "profil.jpg"
    two_halves().save(path, "JPEG", icc_profile=profile)
    prepared = prepare(load_image(path), x_limits())
    assert "icc_profile" not in Image.open(BytesIO(prepared.data)).info
    assert near(Image.open(BytesIO(prepared.data)).getpixel((10, 10)), RED)


def test_the_last_check_refuses_bytes_that_still_carry_metadata(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="metadata could not be removed"):
        assert_clean(phone_jpeg(tmp_path / "brut.jpg").read_bytes())


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    with pytest.raises(MediaError, match="not a regular file"):
        load_image(fifo)


def test_what_a_journal_keeps_of_a_photo_holds_no_image_bytes(tmp_path: Path) -> None:
    prepared = prepare(load_image(phone_jpeg(tmp_path / "s.jpg")), x_limits(), alt="La salle")
    record = prepared.record()
    assert record["sha256"] == hashlib.sha256(prepared.data).hexdigest()
    assert (record["alt"], record["bytes"], record["mime_type"]) == (
        "La salle",
        prepared.size,
        "image/jpeg",
    )
    assert not any(isinstance(value, bytes) for value in record.values())
    assert len(json.dumps(record)) < 400


def test_a_16_bit_grey_png_keeps_its_shades(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    row = (30_000).to_bytes(2, "little") * 10 + bytes(20)  # mid-grey left, black right
    Image.frombytes("I;16", (20, 10), row * 10).save(path)
    out = Image.open(BytesIO(prepare(load_image(path), x_limits()).data))
    assert 100 < cast(int, out.getpixel((2, 2))) < 140 and out.getpixel((15, 2)) == 0


def test_a_cmyk_jpeg_goes_out_as_rgb(tmp_path: Path) -> None:
    path = tmp_path / "affiche.jpg"
    Image.new("CMYK", (40, 30), (0, 255, 255, 0)).save(path, "JPEG")  # red in print inks
    out = Image.open(BytesIO(prepare(load_image(path), bluesky_limits()).data))
    assert out.mode == "RGB" and near(out.getpixel((5, 5)), (255, 0, 0))


def test_the_cache_keeps_a_bounded_amount_of_image_bytes(tmp_path: Path) -> None:
    first = load_image(phone_jpeg(tmp_path / "a.jpg"))
    second = load_image(phone_jpeg(tmp_path / "b.jpg", image=two_halves(300, 300)))
    cache = PreparationCache(max_bytes=prepare(first, x_limits()).size + 1)
    cache.prepared(first, x_limits())
    cache.prepared(second, x_limits())  # pushes the first out
    cache.prepared(second, x_limits())
    assert cache.preparations == 2
    cache.prepared(first, x_limits())
    assert cache.preparations == 3


def test_png_text_chunks_are_not_carried_along(tmp_path: Path) -> None:
    chunks = PngInfo()
    chunks.add_text("Comment", "GPS " + "48.858370")
    chunks.add_itxt("Author", "PhoneMaker Pixelissime 9")
    path = tmp_path / "capture.png"
    two_halves().save(path, "PNG", pnginfo=chunks)
    prepared = prepare(load_image(path), x_limits())
    assert Image.open(BytesIO(prepared.data)).info == {}
    for tell_tale in TELL_TALES:
        assert tell_tale not in prepared.data, tell_tale
    with pytest.raises(MediaError):
        assert_clean(path.read_bytes())


def test_an_unreadable_colour_profile_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "profil.jpg"
    two_halves().save(path, "JPEG", icc_profile=b"PhoneMaker Pixelissime 9 not a profile")
    prepared = prepare(load_image(path), x_limits())
    assert "icc_profile" not in Image.open(BytesIO(prepared.data)).info
    assert b"PhoneMaker" not in prepared.data
