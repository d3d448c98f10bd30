"""Getting a Mastodon account's token: register the app, out-of-band code, token.

The instance shows the code on its own page after the operator signs in and
authorizes livetweet (``urn:ietf:wg:oauth:2.0:oob``), so no local web server is
needed. Messages never quote a request, a client secret or a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from mastodon import Mastodon, MastodonError

from livetweet.i18n import _

OOB: Final = "urn:ietf:wg:oauth:2.0:oob"
APP_NAME: Final = "livetweet"
#: Writing statuses and media, reading the account and its statuses (to reconcile
#: after a crash) and its notifications (for a later issue); nothing else.
SCOPES: Final = [
    "read:accounts",
    "read:statuses",
    "read:notifications",
    "write:statuses",
    "write:media",
]


class MastodonAuthError(Exception):
    """The instance refused or could not be reached; the message is for the operator."""


@dataclass(frozen=True)
class MastodonToken:
    access_token: str
    account: str | None  # "@user@instance" as the instance names it, if it said


class MastodonAuthorization:
    """One authorization: ``authorization_url()`` then ``exchange(code)``."""

    def __init__(self, api_base_url: str, *, timeout_seconds: float = 15.0) -> None:
        self.api_base_url = api_base_url.rstrip("/")
        self._timeout = timeout_seconds
        self._client: Mastodon | None = None

    def __repr__(self) -> str:  # never the client: it holds the app's secret
        return f"MastodonAuthorization(instance={self.api_base_url!r})"

    def authorization_url(self) -> str:
        """Register livetweet on the instance and give the page the operator opens."""
        try:
            client_id, client_secret = Mastodon.create_app(
                APP_NAME,
                scopes=SCOPES,
                redirect_uris=OOB,
                api_base_url=self.api_base_url,
                request_timeout=self._timeout,
            )
            self._client = Mastodon(
                client_id=client_id,
                client_secret=client_secret,
                api_base_url=self.api_base_url,
                request_timeout=self._timeout,
                ratelimit_method="throw",
            )
            return self._client.auth_request_url(redirect_uris=OOB, scopes=SCOPES)
        except MastodonError as error:
            raise MastodonAuthError(
                _("The instance {instance} refused to register livetweet ({why}).").format(
                    instance=self.api_base_url, why=type(error).__name__
                )
            ) from None

    def exchange(self, code: str) -> MastodonToken:
        """The account's token for the code the instance showed."""
        if self._client is None:
            raise RuntimeError("authorization_url() first")
        try:
            token = self._client.log_in(code=code.strip(), redirect_uri=OOB, scopes=SCOPES)
        except MastodonError:
            raise MastodonAuthError(
                _("The instance refused the code: authorize again and type the new code.")
            ) from None
        account: str | None = None
        try:
            me = self._client.account_verify_credentials()
            acct = str(me.get("acct") or me.get("username") or "")
            if acct:
                host = urlsplit(self.api_base_url).hostname or ""
                account = "@" + (acct if "@" in acct else f"{acct}@{host}")
        except MastodonError:
            account = None  # the token works for posting; the name is a courtesy
        return MastodonToken(access_token=token, account=account)
