"""`livetweet post --media FILE --alt TEXT`: the photos of a command-line post.

Each ``--alt`` describes the ``--media`` just before it. Every photo is read,
prepared for each network (metadata stripped, limits fitted) and its alt text
counted before anything is journalled: a bad photo stops ``post`` with exit
status 2 and nothing sent. The outbox then uploads the preparations made here
(the same cache), each journalled and reused across a crash.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livetweet.i18n import _

if TYPE_CHECKING:
    from livetweet.config import Config
    from livetweet.media import ImageLimits, PreparationCache, PreparedImage
    from livetweet.text.networks import Network


@dataclass
class MediaArgument:
    path: Path
    alt: str | None = None
    focus: tuple[float, float] | None = None


class _MediaAction(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        media: list[MediaArgument] = getattr(namespace, self.dest) or []
        media.append(MediaArgument(Path(str(values))))
        setattr(namespace, self.dest, media)


def _detail_errors(option: str) -> tuple[str, str]:
    """What ``--alt`` or ``--focus`` says when no --media precedes it, or when given twice."""
    if option == "alt":
        return _("--alt describes the --media given just before it"), _("one --alt per --media")
    return (
        _("--focus is the focus point of the --media given just before it"),
        _("one --focus per --media"),
    )


class _PhotoDetailAction(argparse.Action):
    """``--alt`` and ``--focus``: a detail of the --media given just before."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        media: list[MediaArgument] = getattr(namespace, "media", None) or []
        orphan, twice = _detail_errors(self.dest)
        if not media:
            parser.error(orphan)
        if getattr(media[-1], self.dest) is not None:
            parser.error(twice)
        value = _focus(parser, str(values)) if self.dest == "focus" else str(values)
        setattr(media[-1], self.dest, value)


def _focus(parser: argparse.ArgumentParser, value: str) -> tuple[float, float]:
    """``X,Y``, each from -1 to 1 (Mastodon's focus point: 0,0 the centre, 1,1 the
    top right corner)."""
    try:
        x, y = (float(part) for part in value.split(","))
    except ValueError:
        x = y = float("nan")
    if not (-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0):
        parser.error(
            _("--focus {value}: give X,Y, each from -1 to 1 (0,0 is the centre)").format(
                value=value
            )
        )
    return x, y


def add_media_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--media",
        action=_MediaAction,
        default=[],
        metavar=_("FILE"),
        help=_("attach a photo (JPEG, PNG, WebP, GIF; up to 4; repeatable)"),
    )
    parser.add_argument(
        "--alt",
        action=_PhotoDetailAction,
        metavar=_("TEXT"),
        help=_("the alt text of the --media just before (required unless require_alt_text: false)"),
    )
    parser.add_argument(
        "--focus",
        action=_PhotoDetailAction,
        metavar="X,Y",
        help=_(
            "the focus point of the --media just before, each from -1 to 1 (Mastodon keeps "
            "it in view when it crops the photo; 0,0 is the centre, 1,1 the top right)"
        ),
    )


class MediaUsageError(Exception):
    """A photo that cannot be attached; the message says which and why (translated)."""


@dataclass(frozen=True)
class Attachment:
    path: Path
    alt: str
    prepared: dict[Network, PreparedImage]
    focus: tuple[float, float] | None = None


def _limits(config: Config) -> dict[Network, ImageLimits]:
    """The limits of the networks the post goes to (all of them in a dry run); a
    Mastodon instance's own, as read or cached."""
    from livetweet.media import default_limits

    limits = default_limits()
    posting = {a.network for a in config.active_accounts()}  # a dry run: the simulated ones
    networks = [n for n in limits if n in posting] or list(limits)
    mastodon = config.networks.mastodon
    if "mastodon" in networks and mastodon.enabled and mastodon.api_base_url:
        from livetweet.publishing.networks.mastodon_instance import (
            FETCH_TIMEOUT_SECONDS,
            instance_limits,
        )
        from livetweet.publishing.networks.mastodon_media import image_limits

        limits["mastodon"] = image_limits(
            instance_limits(
                mastodon.api_base_url,
                timeout=min(mastodon.timeout_seconds, FETCH_TIMEOUT_SECONDS),
            )
        )
    return {network: limits[network] for network in networks}


def prepare_attachments(
    media: list[MediaArgument], config: Config, cache: PreparationCache | None = None
) -> list[Attachment]:
    """Every photo read and prepared for every network (kept in ``cache``, for the
    upload); raises MediaUsageError."""
    from livetweet.media import MAX_ATTACHMENTS, MediaError, PreparationCache, count_alt, load_image
    from livetweet.text import DISPLAY_NAMES
    from livetweet.text.display import control_characters, terminal_safe

    if len(media) > MAX_ATTACHMENTS:
        raise MediaUsageError(
            _("{count} photos: a post carries at most {max}").format(
                count=len(media), max=MAX_ATTACHMENTS
            )
        )
    limits = _limits(config)
    cache = cache or PreparationCache()
    attachments = []
    for photo in media:
        name = terminal_safe(str(photo.path))
        alt = (photo.alt or "").strip()
        if not alt and config.require_alt_text:
            raise MediaUsageError(
                _(
                    "photo {path} has no alt text: describe it with --alt TEXT after its "
                    "--media (or set require_alt_text: false)"
                ).format(path=name)
            )
        if control_characters(alt, allow_newlines=True):
            raise MediaUsageError(
                _("the alt text of photo {path} holds control characters").format(path=name)
            )
        over = [
            _("{length} characters on {network} (limit {limit})").format(
                length=counted.length, network=DISPLAY_NAMES[network], limit=counted.limit
            )
            for network, network_limits in limits.items()
            if not (counted := count_alt(alt, network_limits)).fits
        ]
        if over:
            raise MediaUsageError(
                _("the alt text of photo {path} is too long: {over}").format(
                    path=name, over=", ".join(over)
                )
            )
        try:
            source = load_image(photo.path)
            prepared = {n: cache.prepared(source, lim, alt) for n, lim in limits.items()}
        except MediaError as error:
            raise MediaUsageError(
                _("photo {path}: {reason}").format(path=name, reason=error)
            ) from None
        attachments.append(Attachment(photo.path, alt, prepared, photo.focus))
    return attachments


def describe(attachments: list[Attachment]) -> list[str]:
    """One line per photo and network: what would be uploaded."""
    from livetweet.media import alt_length
    from livetweet.text import DISPLAY_NAMES
    from livetweet.text.display import terminal_safe

    lines = []
    for number, attachment in enumerate(attachments, 1):
        alt = terminal_safe(attachment.alt, keep_newlines=False) or _("(no alt text)")
        lines.append(
            _("photo {n}: {path} — alt text ({length} characters): {alt}").format(
                n=number,
                path=terminal_safe(str(attachment.path)),
                length=alt_length(attachment.alt),
                alt=alt,
            )
        )
        for network, image in attachment.prepared.items():
            notes = []
            if image.resized:
                notes.append(_("resized"))
            if image.first_frame_only:
                notes.append(_("first frame only"))
            lines.append(
                "  "
                + _("{network}: {mime}, {width}×{height}, {kb} KB, without metadata").format(
                    network=DISPLAY_NAMES[network],
                    mime=image.mime_type,
                    width=image.width,
                    height=image.height,
                    kb=max(1, round(image.size / 1000)),
                )
                + (f" ({', '.join(notes)})" if notes else "")
            )
    return lines
