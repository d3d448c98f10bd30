"""Posting to Bluesky through the atproto SDK, exactly once by construction.

Every post is created with ``com.atproto.repo.createRecord`` under a record key
derived from the outbox's idempotency key (see ``bluesky_refs``): a retry uses
the same key, so after any unknown outcome ``getRecord`` on that key says for
certain whether the post is out, and a create that meets an existing record
(today's PDS answers HTTP 500) is read back and counted as published when the
text is the same. ``find_posted`` therefore never has to guess.

The publisher never retries and never sleeps; its ``Connection``
(``bluesky_client``) logs in once, keeps the session and renews it once when
the PDS refuses it. ``Published.post_id`` is the post's ``at://`` URI, its
``url`` the bsky.app address (see ``bluesky_refs``).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Final

from atproto_client.models.utils import get_model_as_dict

from livetweet.i18n import _
from livetweet.media import ImageLimits, PreparedImage, bluesky_limits
from livetweet.publishing.networks.bluesky_cards import Card, fetch_card
from livetweet.publishing.networks.bluesky_client import Connection
from livetweet.publishing.networks.bluesky_facets import build_facets
from livetweet.publishing.networks.bluesky_refs import (
    COLLECTION,
    PostRef,
    parse_post_ref,
    post_url,
    record_key,
)
from livetweet.publishing.networks.bluesky_session import SessionStore
from livetweet.publishing.publisher import (
    FailureKind,
    Published,
    PublishError,
    Quota,
    UploadedMedia,
)
from livetweet.text.networks import Network

BLUESKY_API_BASE_URL: Final = "https://bsky.social"
#: Link cards kept from the send delay to the post (a session posts a few links).
CARD_CACHE_SIZE: Final = 32
_log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class _Thread:
    """A post's strong reference (uri, cid) and its thread's root's."""

    uri: str
    cid: str
    root_uri: str
    root_cid: str


class BlueskyPublisher:
    """Posts to one Bluesky account with an app password."""

    dry_run = False

    def __init__(
        self,
        *,
        handle: str,
        app_password: str,
        api_base_url: str = BLUESKY_API_BASE_URL,
        timeout_seconds: float = 15.0,
        language: str = "fr",
        session_store: SessionStore | None = None,
        link_cards: bool = True,
        card_timeout_seconds: float = 3.0,
        account_id: str = "bluesky",
    ) -> None:
        if not timeout_seconds or timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be a positive number")
        self.network: Network = "bluesky"
        self.account_id = account_id
        self._handle = handle.strip().lstrip("@")
        self.account = "@" + self._handle
        self._language = language
        self._link_cards = link_cards
        self._card_timeout = min(card_timeout_seconds, float(timeout_seconds))
        self._pds = Connection(
            handle=self._handle,
            app_password=app_password,
            api_base_url=api_base_url,
            timeout=float(timeout_seconds),
            store=session_store or SessionStore(api_base_url, self._handle),
        )
        self._repo = self._pds.client.com.atproto.repo
        self._threads: dict[str, _Thread] = {}
        self._dids: dict[str, str | None] = {}
        #: Link cards fetched during the send delay, by address (None: the page gave
        #: none in time); an address still being fetched maps to an unset Event.
        self._cards: OrderedDict[str, Card | threading.Event | None] = OrderedDict()
        self._cards_lock = threading.Lock()

    def __repr__(self) -> str:  # never the connection: it holds the session
        return f"BlueskyPublisher(account={self.account!r})"

    # -- Publisher -------------------------------------------------------------------
    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        did = self._pds.did()
        reply = self._reply_refs(reply_to, did) if reply_to else None
        facets, unresolved = build_facets(text, self._resolve)
        warnings = tuple(
            _("Bluesky: @{handle} could not be resolved; it stays plain text.").format(
                handle=handle
            )
            for handle in unresolved
        )
        for warning in warnings:
            _log.warning("%s", warning)
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": text,
            "createdAt": _now(),
            "langs": [self._language],
        }
        if facets:
            record["facets"] = facets
        # A post has one embed: its photos, else its first link's card.
        embed = _images(media) if media else self._card(facets) if self._link_cards else None
        if embed is not None:
            record["embed"] = embed
        if reply is not None:
            record["reply"] = {
                "root": {"uri": reply.root_uri, "cid": reply.root_cid},
                "parent": {"uri": reply.uri, "cid": reply.cid},
            }
        rkey = record_key(idempotency_key, did)
        data = {"repo": did, "collection": COLLECTION, "rkey": rkey, "record": record}
        try:
            answer = self._pds.call(lambda: self._repo.create_record(data))
        except PublishError as error:
            if error.kind is FailureKind.SERVER and error.status == 500:
                # A create on an existing key: the post may be an earlier attempt's.
                found = self._existing(PostRef(did, rkey), text, error)
                if found is not None:
                    return dataclasses.replace(found, warnings=warnings)
            raise
        root = reply or _Thread(answer.uri, answer.cid, answer.uri, answer.cid)
        self._threads[answer.uri] = _Thread(answer.uri, answer.cid, root.root_uri, root.root_cid)
        return Published(post_id=answer.uri, url=post_url(self._handle, rkey), warnings=warnings)

    def prefetch(self, text: str) -> None:
        """Fetch the card of ``text``'s first link now (during the send delay, from a
        worker thread), so that ``publish`` does not wait for the page. Never raises
        for the page: a page that fails means a post without a card."""
        link = _first_link(text) if self._link_cards else None
        if link is None:
            return
        with self._cards_lock:
            if link in self._cards:
                return  # fetched, or being fetched
            fetching = threading.Event()
            self._cards[link] = fetching
        card: Card | None = None
        try:
            card = fetch_card(link, self._card_timeout)
        finally:
            with self._cards_lock:
                self._cards[link] = card
                while len(self._cards) > CARD_CACHE_SIZE:
                    self._cards.popitem(last=False)
            fetching.set()

    def _card_of(self, link: str) -> Card | None:
        """The prefetched card of ``link``; none while its prefetch is still going on
        (the post does not wait for a page); fetched now when it was never prefetched
        (e.g. a post resumed after a crash)."""
        with self._cards_lock:
            prefetched = link in self._cards
            known = self._cards.get(link)
        if not prefetched:
            return fetch_card(link, self._card_timeout)
        return None if isinstance(known, threading.Event) else known

    # -- MediaUploader ---------------------------------------------------------------
    def upload_media(self, image: PreparedImage) -> UploadedMedia:
        """``uploadBlob``; the alt text and aspect ratio go in the post's embed. A blob no
        record references is dropped by the PDS after a while: the post then fails with
        MEDIA_GONE and the outbox uploads it again."""
        try:
            answer = self._pds.call(
                lambda: self._pds.client.invoke_procedure(
                    "com.atproto.repo.uploadBlob",
                    content=image.data,
                    input_encoding=image.mime_type,
                    output_encoding="application/json",
                ),
                sent=False,  # an upload that went unanswered is simply made again
            )
        except PublishError as error:
            if error.status == 413:
                error.message = _("{said} (the photo is larger than this server accepts)").format(
                    said=error.message
                )
            raise
        blob = answer.content.get("blob") if isinstance(answer.content, dict) else None
        ref = blob.get("ref") if isinstance(blob, dict) else None
        link = ref.get("$link") if isinstance(ref, dict) else None
        if not isinstance(blob, dict) or not isinstance(link, str) or not link:
            raise PublishError(
                FailureKind.CONNECTION, _("Bluesky did not give the photo's blob reference.")
            )
        size = blob.get("size")
        mime_type = blob.get("mimeType")
        return UploadedMedia.of(
            image,
            link,
            mime_type=mime_type if isinstance(mime_type, str) and mime_type else image.mime_type,
            size=size if isinstance(size, int) and size > 0 else image.size,
        )

    def media_limits(self) -> ImageLimits:
        return bluesky_limits()

    def delete(self, post_id: str) -> None:
        did = self._pds.did()
        ref = parse_post_ref(post_id, did)
        if ref is None or ref.repo not in (did, self._handle):
            raise PublishError(
                FailureKind.REJECTED,
                _("{post} is not a post of {account}.").format(post=post_id, account=self.account),
            )
        data = {"repo": did, "collection": COLLECTION, "rkey": ref.rkey}
        self._pds.call(lambda: self._repo.delete_record(data))

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        """Certain: the record under the post's own key, or None when there is none.

        Raises a retryable ``PublishError`` when Bluesky cannot be asked now and
        ``LookupError`` when that key holds another text (the operator decides).
        """
        did = self._pds.did()
        rkey = record_key(idempotency_key, did)
        try:
            found = self._read(PostRef(did, rkey))
        except PublishError as error:
            if error.retryable:
                raise
            raise LookupError(
                _("Bluesky could not read the post's record: {why}").format(why=error.message)
            ) from None
        if found is None:
            return None
        uri, cid, value = found
        if _text_of(value) != text:
            raise LookupError(
                _("The record key of this post holds another text on Bluesky ({uri}).").format(
                    uri=uri
                )
            )
        self._remember(uri, cid, value)
        return Published(post_id=uri, url=post_url(self._handle, rkey))

    def quota(self) -> Quota:
        return self._pds.quota()

    def log_in(self) -> str:
        """Log in with the app password now (``livetweet auth bluesky`` checks it so);
        the session is stored for the next launch. Returns "@handle" as Bluesky says
        it. Raises ``PublishError``."""
        return self._pds.log_in()

    # -- records ----------------------------------------------------------------------------
    def _read(self, ref: PostRef) -> tuple[str, str, Any] | None:
        """(uri, cid, value) of the record ``ref``, or None when there is none."""
        params = {"repo": ref.repo, "collection": COLLECTION, "rkey": ref.rkey}
        answer = self._pds.call_or_none(lambda: self._repo.get_record(params))
        return None if answer is None else (answer.uri, answer.cid or "", answer.value)

    def _existing(self, ref: PostRef, text: str, error: PublishError) -> Published | None:
        try:
            found = self._read(ref)
        except PublishError:
            return None  # the outbox reconciles later with find_posted
        if found is None:
            return None
        uri, cid, value = found
        if _text_of(value) != text:
            raise PublishError(
                FailureKind.REJECTED,
                _(
                    "{said}: the record key of this post already holds another text "
                    "({uri}); check the account."
                ).format(said=error.message, uri=uri),
                status=error.status,
            )
        self._remember(uri, cid, value)
        return Published(post_id=uri, url=post_url(self._handle, ref.rkey))

    def _remember(self, uri: str, cid: str, value: Any) -> _Thread:
        reply = _as_dict(value).get("reply") or {}
        root = reply.get("root") or {}
        thread = _Thread(uri, cid, str(root.get("uri") or uri), str(root.get("cid") or cid))
        self._threads[uri] = thread
        return thread

    def _reply_refs(self, reply_to: str, did: str) -> _Thread:
        """The parent's and the root's strong references, from memory or ``getRecord``."""
        ref = parse_post_ref(reply_to, did)
        if ref is None:
            raise PublishError(
                FailureKind.REJECTED,
                _("{post} is not a Bluesky post to reply to.").format(post=reply_to),
            )
        if not ref.repo.startswith("did:"):
            repo = self._resolve(ref.repo)
            if repo is None:
                raise PublishError(
                    FailureKind.REPLY_REFUSED,
                    _("@{handle} could not be resolved: cannot reply to {post}.").format(
                        handle=ref.repo, post=reply_to
                    ),
                )
            ref = PostRef(repo, ref.rkey)
        known = self._threads.get(ref.uri())
        if known is not None:
            return known
        found = self._read(ref)
        if found is None:
            raise PublishError(
                FailureKind.REPLY_REFUSED,
                _("The post to reply to is no longer on Bluesky ({uri}).").format(uri=ref.uri()),
            )
        return self._remember(*found)

    def _resolve(self, handle: str) -> str | None:
        """The DID of ``handle``; None when Bluesky says it does not resolve."""
        key = handle.lower()
        if key not in self._dids:
            try:
                answer = self._pds.call(lambda: self._pds.client.resolve_handle(key), sent=False)
            except PublishError as error:
                if error.kind is not FailureKind.REJECTED:
                    raise
                self._dids[key] = None
            else:
                self._dids[key] = answer.did
        return self._dids[key]

    def _card(self, facets: list[dict[str, Any]]) -> dict[str, Any] | None:
        """The external embed of the post's first link, when its page gives one in time."""
        links = [
            feature["uri"]
            for facet in facets
            for feature in facet["features"]
            if feature["$type"].endswith("#link")
        ]
        card = self._card_of(links[0]) if links else None
        if card is None:
            return None
        external: dict[str, Any] = {
            "uri": card.uri,
            "title": card.title,
            "description": card.description,
        }
        if card.image is not None and card.image_type is not None:
            image, image_type = card.image, card.image_type
            try:
                answer = self._pds.call(
                    lambda: self._pds.client.invoke_procedure(
                        "com.atproto.repo.uploadBlob",
                        content=image,
                        input_encoding=image_type,
                        output_encoding="application/json",
                    ),
                    sent=False,
                )
            except PublishError as error:
                if error.kind is FailureKind.UNAUTHORIZED:
                    raise
                _log.debug("link card without its image (%s)", error.kind)
            else:
                blob = answer.content.get("blob") if isinstance(answer.content, dict) else None
                if isinstance(blob, dict):
                    external["thumb"] = blob
        return {"$type": "app.bsky.embed.external", "external": external}


def _first_link(text: str) -> str | None:
    """The address the card of ``text`` would be made from (no handle is resolved)."""
    facets, _unresolved = build_facets(text, lambda _handle: None)
    links = [
        feature["uri"]
        for facet in facets
        for feature in facet["features"]
        if feature["$type"].endswith("#link")
    ]
    return links[0] if links else None


def _images(media: Sequence[UploadedMedia]) -> dict[str, Any]:
    """The ``app.bsky.embed.images`` embed: each blob with its alt text and shape."""
    return {
        "$type": "app.bsky.embed.images",
        "images": [
            {
                "image": {
                    "$type": "blob",
                    "ref": {"$link": photo.media_id},
                    "mimeType": photo.mime_type,
                    "size": photo.size,
                },
                "alt": photo.alt,
                "aspectRatio": {"width": photo.width, "height": photo.height},
            }
            for photo in media
        ],
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        result = get_model_as_dict(value)
    except (AttributeError, TypeError, ValueError):
        return {}
    return result if isinstance(result, dict) else {}


def _text_of(value: Any) -> str | None:
    text = _as_dict(value).get("text")
    return text if isinstance(text, str) else None


__all__ = ["BLUESKY_API_BASE_URL", "BlueskyPublisher"]
