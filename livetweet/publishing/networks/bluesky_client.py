"""One account's connection to its PDS: the atproto SDK client, its session, its quota.

The session is logged in once and kept (``bluesky_session``); every call goes
through ``call``, which turns the SDK's errors into ``PublishError`` and, when
the PDS refuses the token, refreshes it once, else logs in once more with the
app password, then gives the operator a clear message. A refused app password
is not tried again by this connection: ``createSession`` is rate-limited.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any, Final, TypeVar

import httpx
from atproto_client import Client
from atproto_client.client.session import Session, SessionEvent
from atproto_client.request import Request
from atproto_core.exceptions import AtProtocolError

from livetweet.i18n import _
from livetweet.publishing.networks.bluesky_errors import (
    is_not_found,
    is_session_failure,
    publish_error,
    said,
    xrpc_error,
)
from livetweet.publishing.networks.bluesky_session import SessionStore
from livetweet.publishing.publisher import FailureKind, PublishError, Quota

_WRITES: Final = ("com.atproto.repo.createRecord", "com.atproto.repo.deleteRecord")
_MISSING: Final = object()
T = TypeVar("T")


class Connection:
    """The SDK client of one account, logged in on first use."""

    def __init__(
        self,
        *,
        handle: str,
        app_password: str,
        api_base_url: str,
        timeout: float,
        store: SessionStore,
    ) -> None:
        self.handle = handle
        self.account = "@" + handle
        self.timeout = timeout
        self._password = app_password
        self._store = store
        request = Request(
            timeout=httpx.Timeout(timeout), event_hooks={"response": [self._remember_quota]}
        )
        self.client = Client(base_url=api_base_url, request=request)
        self.client.on_session_change(self._session_changed)
        self._lock = threading.RLock()  # one login or refresh at a time
        self._quota_lock = threading.Lock()
        self._quota = Quota()
        self._did: str | None = None
        self._login_refused: str | None = None

    def __repr__(self) -> str:  # never the client: it holds the session
        return f"Connection(account={self.account!r})"

    # -- calls ---------------------------------------------------------------------------
    def did(self) -> str:
        """The account's DID, logging in (or reusing the stored session) first."""
        with self._lock:
            if self._did is None and not self._use_stored():
                self._login()
            assert self._did is not None
            return self._did

    def call(self, call: Callable[[], T], *, sent: bool = True) -> T:
        """``call`` with the PDS's errors as ``PublishError`` (``sent=False``: nothing
        that could publish is sent, so a timeout is a connection failure); a refused
        session is renewed once and the call made again."""
        result = self._call(call, sent=sent, missing_ok=False)
        assert result is not _MISSING
        return result  # type: ignore[return-value]

    def call_or_none(self, call: Callable[[], T]) -> T | None:
        """``call`` for a look-up: None when the PDS says the record is not there."""
        result = self._call(call, sent=False, missing_ok=True)
        return None if result is _MISSING else result  # type: ignore[return-value]

    def _call(self, call: Callable[[], T], *, sent: bool, missing_ok: bool) -> object:
        self.did()
        try:
            return call()
        except (AtProtocolError, httpx.HTTPError) as exc:
            if missing_ok and is_not_found(exc):
                return _MISSING
            if not is_session_failure(exc):
                raise publish_error(exc, timeout=self.timeout, sent=sent) from None
        self._renew()
        try:
            return call()
        except (AtProtocolError, httpx.HTTPError) as exc:
            if missing_ok and is_not_found(exc):
                return _MISSING
            error = publish_error(exc, timeout=self.timeout, sent=sent)
            if is_session_failure(exc):
                error.message = _(
                    "{said}: Bluesky refused even a fresh session for {account}. Check the "
                    "account, then run `livetweet auth bluesky`."
                ).format(said=said(exc), account=self.account)
            raise error from None

    def quota(self) -> Quota:
        with self._quota_lock:
            return self._quota

    def log_in(self) -> str:
        """Log in with the app password now; returns "@handle" as Bluesky says it."""
        with self._lock:
            self._did = None
            self._login()
            session = Session.decode(self.client.export_session_string())
        return "@" + str(session.handle)

    # -- session -----------------------------------------------------------------------
    def _use_stored(self) -> bool:
        stored = self._store.load()
        if not stored:
            return False
        try:
            session = Session.decode(stored)
            session.access_jwt_payload  # noqa: B018 - raises on a token that cannot be read
            if session.handle.lower() != self.handle.lower():
                return False
            self.client.login(session_string=stored, fetch_bsky_profile=False)
        except (ValueError, AtProtocolError):
            return False
        self._did = session.did
        return True

    def _login(self) -> None:
        if self._login_refused is not None:
            raise PublishError(FailureKind.UNAUTHORIZED, self._login_refused)
        try:
            self.client.login(self.handle, self._password, fetch_bsky_profile=False)
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
            raise publish_error(exc, timeout=self.timeout, sent=False) from None
        self._did = Session.decode(self.client.export_session_string()).did

    def _session_changed(self, event: SessionEvent, session: Session) -> None:
        """The SDK logged in or refreshed the tokens: keep them for the next launch."""
        if event in (SessionEvent.CREATE, SessionEvent.REFRESH):
            self._store.save(session.encode())

    def _renew(self) -> None:
        """After a refused token: refresh it once, else log in once (raises PublishError)."""
        with self._lock:
            try:
                current = Session.decode(self.client.export_session_string())
                answer = self.client.com.atproto.server.refresh_session(
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
                self.client.login(session_string=renewed.encode(), fetch_bsky_profile=False)
                self._store.save(renewed.encode())
                return
            except (AtProtocolError, httpx.HTTPError, ValueError) as exc:
                if not isinstance(exc, ValueError) and not is_session_failure(exc):
                    raise publish_error(exc, timeout=self.timeout, sent=False) from None
            self._did = None
            self._login()  # the refresh token is refused too: one fresh login

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
