"""An item's photos, checked before the session: each file is there, is an image a
network takes, fits every network once prepared, and has an alt text within each
network's limit. Paths are relative to the agenda file.

Preparation (re-encoding, resizing) is costly for a large photo, so it runs only
for a photo above a network's limit, once per file content and network; only its
outcome is remembered, not the prepared bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from livetweet.agenda.model import Photo
from livetweet.i18n import _
from livetweet.media import (
    MAX_ATTACHMENTS,
    ImageLimits,
    MediaError,
    SourceImage,
    count_alt,
    default_limits,
    load_image,
    prepare,
)
from livetweet.text import DISPLAY_NAMES
from livetweet.text.networks import Network

if TYPE_CHECKING:
    from livetweet.agenda.checks import Checker

#: (source hash, limits) -> None when the photo fits once prepared, else why not.
_OUTCOMES: dict[tuple[str, ImageLimits], str | None] = {}


def photo_file(agenda_path: str, photo: Photo) -> Path:
    """Where an agenda's photo is: its path taken from the agenda file's directory."""
    return Path(agenda_path).parent / Path(photo.path).expanduser()


def _within(source: SourceImage, limits: ImageLimits) -> bool:
    pixels = source.width * source.height
    fits_pixels = limits.max_pixels is None or pixels <= limits.max_pixels
    return len(source.data) <= limits.max_bytes and fits_pixels


def check_media(checker: Checker) -> None:
    limits = default_limits()
    for pos, item in enumerate(checker.agenda.items):
        if not item.media:
            continue
        where = checker.path("items", pos, "media")
        if len(item.media) > MAX_ATTACHMENTS:
            checker.add(
                where,
                _("item {number} has {count} photos; a post carries at most {max}").format(
                    number=item.number, count=len(item.media), max=MAX_ATTACHMENTS
                ),
                key=True,
            )
        if item.closed:
            checker.add(
                where,
                _("item {number} is closed (huis clos) but has photos").format(number=item.number),
                _("nothing may be posted about a closed item: remove its photos"),
                key=True,
            )
        for index, photo in enumerate(item.media):
            _check_photo(checker, (*where, index), photo, limits)


def _check_photo(
    checker: Checker,
    where: tuple[str | int, ...],
    photo: Photo,
    limits: dict[Network, ImageLimits],
) -> None:
    alt = (photo.alt or "").strip()
    if not alt:
        checker.add(
            (*where, "alt") if photo.alt is not None else (*where, "path"),
            _("photo {path!r} has no alt text").format(path=photo.path),
            _("add alt: describing the picture for blind and partially sighted readers"),
        )
    else:
        over = [
            _("{length} characters on {network} (limit {limit})").format(
                length=counted.length, network=DISPLAY_NAMES[network], limit=counted.limit
            )
            for network, network_limits in limits.items()
            if not (counted := count_alt(alt, network_limits)).fits
        ]
        if over:
            checker.add(
                (*where, "alt"),
                _("the alt text of photo {path!r} is too long: {over}").format(
                    path=photo.path, over=", ".join(over)
                ),
            )
    try:
        source = load_image(photo_file(checker.name, photo))
    except MediaError as exc:
        checker.add(
            (*where, "path"), _("photo {path!r}: {reason}").format(path=photo.path, reason=exc)
        )
        return
    for network, network_limits in limits.items():
        if _within(source, network_limits):
            continue
        reason = _preparation_problem(source, network_limits)
        if reason is not None:
            checker.add(
                (*where, "path"),
                _("photo {path!r} cannot be published on {network}: {reason}").format(
                    path=photo.path, network=DISPLAY_NAMES[network], reason=reason
                ),
            )
    if source.animated:
        shown_still = [DISPLAY_NAMES[n] for n, lim in limits.items() if not lim.animated_gif]
        if source.format != "GIF":
            shown_still = [DISPLAY_NAMES[n] for n in limits]
        if shown_still:
            checker.add(
                (*where, "path"),
                _("photo {path!r} is animated: only its first frame is shown on {networks}").format(
                    path=photo.path, networks=", ".join(shown_still)
                ),
                severity="warning",
            )


def _preparation_problem(source: SourceImage, limits: ImageLimits) -> str | None:
    key = (source.sha256, limits)
    if key not in _OUTCOMES:
        try:
            prepare(source, limits)
        except MediaError as exc:
            _OUTCOMES[key] = str(exc)
        else:
            _OUTCOMES[key] = None
    return _OUTCOMES[key]
