"""The one small interface every network (and dry-run) implements.

The outbox calls a publisher from a worker thread, one post at a time, and
decides on retries from the ``PublishError`` it raises: a publisher never
retries on its own and never sleeps, but for Mastodon's short polls of a photo
the instance is still processing (no status can attach it before).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from livetweet.text.networks import Network

if TYPE_CHECKING:
    from livetweet.media.limits import ImageLimits
    from livetweet.media.prepare import PreparedImage


@dataclass(frozen=True)
class Published:
    """A post the network accepted."""

    post_id: str
    url: str
    #: For the operator: what went out differently than typed (e.g. a Bluesky mention
    #: that stayed plain text). Journalled with the post, shown by ``post`` and the TUI.
    warnings: tuple[str, ...] = ()


class FailureKind(StrEnum):
    """Why a post failed; the outbox maps each kind to a retry policy and a message."""

    TIMEOUT = "timeout"  # no answer in time: outcome unknown unless reconciled
    CONNECTION = "connection"  # could not connect: the post surely did not leave
    SERVER = "server"  # 5xx
    RATE_LIMITED = "rate_limited"  # 429; retry_after tells when, if the network said
    UNAUTHORIZED = "unauthorized"  # 401: bad credentials
    PAYMENT_REQUIRED = "payment_required"  # 402: account out of credit
    DUPLICATE = "duplicate"  # 403 duplicate content
    REPLY_REFUSED = "reply_refused"  # 403: the network refuses the reply
    FORBIDDEN = "forbidden"  # other 403
    REJECTED = "rejected"  # other 4xx: the request itself is wrong (e.g. too long)
    LOCAL = "local"  # the dry-run file cannot be written: nothing left the machine
    #: The network no longer knows an uploaded photo (X media id expired or invalid,
    #: Bluesky blob not found, Mastodon media gone): nothing was posted, and waiting
    #: would not help; the outbox uploads the photo again, then posts.
    MEDIA_GONE = "media_gone"


#: Kinds the outbox retries with backoff (RATE_LIMITED waits for the reset instead).
#: Not MEDIA_GONE: the same call would fail the same way; the photo is uploaded again.
RETRYABLE: frozenset[FailureKind] = frozenset(
    {FailureKind.TIMEOUT, FailureKind.CONNECTION, FailureKind.SERVER, FailureKind.RATE_LIMITED}
)


class PublishError(Exception):
    """A failed call. ``message`` is for the operator and never holds a secret."""

    def __init__(
        self,
        kind: FailureKind,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


@dataclass(frozen=True)
class UploadedMedia:
    """A photo the network holds, ready to attach: journalled right after the upload
    (never the bytes) and reused on retry or resume, since uploads are not idempotent."""

    media_id: str  # X media id, Mastodon media id, Bluesky blob CID
    sha256: str  # of the bytes uploaded (``PreparedImage.sha256``)
    mime_type: str
    size: int  # bytes uploaded (Bluesky's blob ref needs it)
    width: int  # Bluesky's aspectRatio
    height: int
    alt: str = ""

    @classmethod
    def of(cls, image: PreparedImage, media_id: str, **network_says: Any) -> UploadedMedia:
        """``image`` as uploaded under ``media_id`` (``network_says``: what the network
        answered differently, e.g. the size and type a Bluesky PDS recorded)."""
        fields: dict[str, Any] = {
            "sha256": image.sha256,
            "mime_type": image.mime_type,
            "size": image.size,
            "width": image.width,
            "height": image.height,
            "alt": image.alt,
        }
        return cls(media_id=media_id, **{**fields, **network_says})


@dataclass(frozen=True)
class Quota:
    """What the network's rate-limit headers last said (None: not known yet)."""

    remaining: int | None = None
    limit: int | None = None
    reset_at: float | None = None  # epoch seconds
    user_24h_remaining: int | None = None
    user_24h_limit: int | None = None


@runtime_checkable
class Publisher(Protocol):
    """Posts to one account on one network."""

    network: Network
    #: The configuration's id of the account; a network's default account (its
    #: ``networks.<network>`` section) has the network's name: "x", "mastodon", "bluesky".
    account_id: str
    account: str  # a label for the operator and the journal, e.g. "@VilleDeVilleneuve"
    dry_run: bool  # True when nothing is really published

    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        """Post ``text`` (replying to ``reply_to``) with the photos ``media`` uploaded
        by this publisher's ``upload_media``; raise ``PublishError`` on failure."""
        ...

    def delete(self, post_id: str) -> None:
        """Delete a post of this account; raise ``PublishError`` on failure."""
        ...

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        """Reconcile after a crash: the post if the account has it, None if it surely
        has not; raise ``LookupError`` when this network cannot tell (then the post
        is marked uncertain and the operator decides)."""
        ...

    def quota(self) -> Quota: ...


@runtime_checkable
class Prefetcher(Protocol):
    """A publisher that prepares a post during the send delay (Bluesky's link card),
    so that publishing it later waits for nothing but the network's answer."""

    def prefetch(self, text: str) -> None:
        """Prepare ``text``'s post; never raises for what it fetches."""
        ...


@runtime_checkable
class MediaUploader(Protocol):
    """A publisher that can attach photos. The upload is a call of its own, journalled
    before the post that attaches it, so a retry reuses it instead of uploading twice."""

    def upload_media(self, image: PreparedImage) -> UploadedMedia:
        """Upload ``image`` with its alt text (where the network takes it at upload);
        raise ``PublishError`` on failure."""
        ...

    def media_limits(self) -> ImageLimits:
        """This account's limits (a Mastodon instance's own, as read or cached)."""
        ...


@runtime_checkable
class Editor(Protocol):
    """A publisher that can change a published post's text in place (Mastodon, which
    keeps a public edit history). Setting the same text twice leaves one result, so
    an edit whose outcome is unknown is simply made again."""

    def edit(self, post_id: str, text: str, *, media: Sequence[UploadedMedia] = ()) -> Published:
        """Replace the text of ``post_id``, keeping its photos ``media`` (Mastodon
        drops the attachments an edit does not name); raise ``PublishError``."""
        ...
