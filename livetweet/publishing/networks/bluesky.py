"""Posting to Bluesky through the atproto SDK, exactly once by construction.

Every post is created with ``com.atproto.repo.createRecord`` under a record key
derived from the outbox's idempotency key (see ``bluesky_refs``): a retry uses
the same key, so after any unknown outcome ``getRecord`` on that key says for
certain whether the post is out, and a create that meets an existing record
(today's PDS answers HTTP 500) is read back and counted as published when the
text is the same. ``find_posted`` therefore never has to guess.

The publisher never retries and never sleeps, except to renew its session: a
token the PDS refuses is refreshed once, and if that fails the app password
logs in once more (``createSession`` is rate-limited: see ``bluesky_session``);
after that the operator gets a clear message.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final, TypeVar

import httpx
from atproto_client import Client
from atproto_client.client.session import Session, SessionEvent
from atproto_client.models.utils import get_model_as_dict
from atproto_client.request import Request
from atproto_core.exceptions import AtProtocolError

from livetweet.i18n import _
from livetweet.publishing.networks.bluesky_cards import fetch_card
from livetweet.publishing.networks.bluesky_errors import (
    is_not_found,
    is_session_failure,
    publish_error,
    said,
    xrpc_error,
)
from livetweet.publishing.networks.bluesky_facets import build_facets
from livetweet.publishing.networks.bluesky_refs import (
    COLLECTION,
    PostRef,
    parse_post_ref,
    post_url,
    record_key,
)
from livetweet.publishing.networks.bluesky_session import SessionStore
from livetweet.publishing.publisher import FailureKind, Published, PublishError, Quota
from livetweet.text.networks import Network

BLUESKY_API_BASE_URL: Final = "https://bsky.social"
_WRITES: Final = ("com.atproto.repo.createRecord", "com.atproto.repo.deleteRecord")
_log = logging.getLogger(__name__)
T = TypeVar("T")


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
    ) -> None:
        if not timeout_seconds or timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be a positive number")
        self.network: Network = "bluesky"
        self._handle = handle.strip().lstrip("@")
        self.account = "@" + self._handle
        self._password = app_password
        self._timeout = float(timeout_seconds)
        self._language = language
        self._link_cards = link_cards
        self._card_timeout = min(card_timeout_seconds, self._timeout)
        self._store = session_store or SessionStore(api_base_url, self._handle)
        request = Request(
            timeout=httpx.Timeout(self._timeout),
            event_hooks={"response": [self._remember_quota]},
        )
        self._client = Client(base_url=api_base_url, request=request)
        self._client.on_session_change(self._session_changed)
        self._lock = threading.RLock()  # the session: one login or refresh at a time
        self._quota_lock = threading.Lock()
        self._quota = Quota()
        self._did: str | None = None
        self._login_refused: str | None = None
        self._threads: dict[str, _Thread] = {}
        self._dids: dict[str, str | None] = {}

    def __repr__(self) -> str:  # never the client: it holds the session
        return f"BlueskyPublisher(account={self.account!r})"

    # -- Publisher -------------------------------------------------------------------
    def publish(self, text: str, *, reply_to: str | None, idempotency_key: str) -> Published:
        did = self._session(sent=False)
        reply = self._reply_refs(reply_to, did) if reply_to else None
        facets, unresolved = build_facets(text, self._resolve)
        for handle in unresolved:
            _log.warning(
                _("Bluesky: @{handle} could not be resolved; it stays plain text.").format(
                    handle=handle
                )
            )
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": text,
            "createdAt": _now(),
            "langs": [self._language],
        }
        if facets:
            record["facets"] = facets
        embed = self._card(facets) if self._link_cards else None
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
            answer = self._call(lambda: self._client.com.atproto.repo.create_record(data))
        except PublishError as error:
            if error.kind is FailureKind.SERVER and error.status == 500:
                # A create on an existing key: the post may be an earlier attempt's.
                found = self._existing(PostRef(did, rkey), text, error)
                if found is not None:
                    return found
            raise
        root = reply or _Thread(answer.uri, answer.cid, answer.uri, answer.cid)
        self._threads[answer.uri] = _Thread(answer.uri, answer.cid, root.root_uri, root.root_cid)
        return Published(post_id=answer.uri, url=post_url(self._handle, rkey))

    def delete(self, post_id: str) -> None:
        did = self._session(sent=False)
        ref = parse_post_ref(post_id, did)
        if ref is None or ref.repo not in (did, self._handle):
            raise PublishError(
                FailureKind.REJECTED,
                _("{post} is not a post of {account}.").format(post=post_id, account=self.account),
            )
        data = {"repo": did, "collection": COLLECTION, "rkey": ref.rkey}
        self._call(lambda: self._client.com.atproto.repo.delete_record(data))

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        """Certain: the record under the post's own key, or None when there is none.

        Raises a retryable ``PublishError`` when Bluesky cannot be asked now and
        ``LookupError`` when that key holds another text (the operator decides).
        """
        did = self._session(sent=False)
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
        with self._quota_lock:
            return self._quota

    def log_in(self) -> str:
        """Log in with the app password now (``livetweet auth bluesky`` checks it so);
        the session is stored for the next launch. Returns "@handle" as Bluesky says
        it. Raises ``PublishError``."""
        with self._lock:
            self._did = None
            self._login(sent=False)
            session = Session.decode(self._client.export_session_string())
        return "@" + str(session.handle)

    # -- session --------------------------------------------------------------------------
    def _session(self, *, sent: bool) -> str:
        """The account's DID, logging in (or reusing the stored session) first."""
        with self._lock:
            if self._did is not None:
                return self._did
            stored = self._store.load()
            if stored and self._use_stored(stored):
                assert self._did is not None
                return self._did
            self._login(sent=sent)
            assert self._did is not None
            return self._did

    def _use_stored(self, stored: str) -> bool:
        try:
            session = Session.decode(stored)
            session.access_jwt_payload  # noqa: B018 - raises on a token that cannot be read
            if session.handle.lower() != self._handle.lower():
                return False
            self._client.login(session_string=stored, fetch_bsky_profile=False)
        except (ValueError, AtProtocolError):
            return False
        self._did = session.did
        return True

    def _login(self, *, sent: bool = False) -> None:
        if self._login_refused is not None:
            raise PublishError(FailureKind.UNAUTHORIZED, self._login_refused)
        try:
            self._client.login(self._handle, self._password, fetch_bsky_profile=False)
        except (AtProtocolError, httpx.HTTPError) as exc:
            status, _error, _message = xrpc_error(exc)
            if status == 401 or (status == 400 and is_session_failure(exc)):
                self._login_refused = _(
                    "{said}: Bluesky refused the app password of {account}. Create a new one "
                    "(Settings > Privacy and security > App passwords) and run "
                    "`livetweet auth bluesky`."
                ).format(said=said(exc), account=self.account)
                raise PublishError(
                    FailureKind.UNAUTHORIZED, self._login_refused, status=status
                ) from None
            raise publish_error(exc, timeout=self._timeout, sent=sent) from None
        session = Session.decode(self._client.export_session_string())
        self._did = session.did

    def _session_changed(self, event: SessionEvent, session: Session) -> None:
        """The SDK logged in or refreshed the tokens: keep them for the next launch."""
        if event in (SessionEvent.CREATE, SessionEvent.REFRESH):
            self._store.save(session.encode())

    def _renew(self) -> None:
        """After a refused token: refresh it once, else log in once (raises PublishError)."""
        with self._lock:
            try:
                current = Session.decode(self._client.export_session_string())
                answer = self._client.com.atproto.server.refresh_session(
                    headers={"Authorization": f"Bearer {current.refresh_jwt}"},
                    ignore_session_check=True,
                )
                renewed = Session(
                    answer.handle,
                    answer.did,
                    answer.access_jwt,
                    answer.refresh_jwt,
                    current.pds_endpoint,
                )
                self._client.login(session_string=renewed.encode(), fetch_bsky_profile=False)
                self._store.save(renewed.encode())
                return
            except (AtProtocolError, httpx.HTTPError, ValueError) as exc:
                if not isinstance(exc, ValueError) and not is_session_failure(exc):
                    raise publish_error(exc, timeout=self._timeout, sent=False) from None
            self._did = None
            self._login()  # the refresh token is refused too: one fresh login

    def _call(self, call: Callable[[], T], *, sent: bool = True) -> T:
        """``call`` with the PDS's errors as ``PublishError``; a refused session is
        renewed once (refresh, else one fresh login) and the call made again."""
        try:
            return call()
        except (AtProtocolError, httpx.HTTPError) as exc:
            if not is_session_failure(exc):
                raise publish_error(exc, timeout=self._timeout, sent=sent) from None
        self._renew()
        try:
            return call()
        except (AtProtocolError, httpx.HTTPError) as exc:
            error = publish_error(exc, timeout=self._timeout, sent=sent)
            if is_session_failure(exc):
                error.message = _(
                    "{said}: Bluesky refused even a fresh session for {account}. Check the "
                    "account, then run `livetweet auth bluesky`."
                ).format(said=said(exc), account=self.account)
            raise error from None

    # -- records ----------------------------------------------------------------------------
    def _read(self, ref: PostRef) -> tuple[str, str, Any] | None:
        """(uri, cid, value) of the record ``ref``, or None when there is none."""
        params = {"repo": ref.repo, "collection": COLLECTION, "rkey": ref.rkey}
        try:
            answer = self._call(
                lambda: self._client.com.atproto.repo.get_record(params), sent=False
            )
        except PublishError as error:
            if error.status == 400 and "RecordNotFound" in error.message:
                return None
            raise
        return answer.uri, answer.cid or "", answer.value

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
                answer = self._call(lambda: self._client.resolve_handle(key), sent=False)
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
        card = fetch_card(links[0], self._card_timeout) if links else None
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
                answer = self._call(
                    lambda: self._client.invoke_procedure(
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

    def _remember_quota(self, response: httpx.Response) -> None:
        """Response hook: what the PDS's rate-limit headers say about writing."""
        if not response.url.path.endswith(_WRITES):
            return
        changes: dict[str, Any] = {}
        for field, name in (
            ("remaining", "ratelimit-remaining"),
            ("limit", "ratelimit-limit"),
            ("reset_at", "ratelimit-reset"),
        ):
            try:
                value = int(response.headers[name])
            except (KeyError, ValueError):
                continue
            changes[field] = float(value) if field == "reset_at" else value
        if changes:
            with self._quota_lock:
                self._quota = dataclasses.replace(self._quota, **changes)


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


__all__ = ["BLUESKY_API_BASE_URL", "BlueskyPublisher", "is_not_found"]
