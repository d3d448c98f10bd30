"""Check OAuth 1.0a HMAC-SHA1 signatures the way X does (over the URL actually called)."""

from __future__ import annotations

import hmac
from types import SimpleNamespace
from urllib.parse import unquote

from oauthlib.oauth1.rfc5849 import signature


def oauth_params(authorization: str) -> dict[str, str]:
    if not authorization.startswith("OAuth "):
        return {}
    params = {}
    for part in authorization[len("OAuth ") :].split(","):
        key, _, value = part.strip().partition("=")
        params[key] = unquote(value.strip('"'))
    return params


def signature_ok(
    method: str,
    url: str,
    query: str,
    authorization: str,
    consumer_secret: str,
    token_secret: str,
    form_body: str | None = None,
) -> bool:
    """True when ``authorization`` carries a valid signature for this request."""
    given = oauth_params(authorization).get("oauth_signature")
    if not given:
        return False
    params = signature.collect_parameters(
        uri_query=query, body=form_body, headers={"Authorization": authorization}
    )
    # types-oauthlib: the method is a str here, and normalize_parameters takes the
    # list of pairs collect_parameters returns, not a dict.
    base = signature.signature_base_string(
        method,  # type: ignore[arg-type]
        signature.base_string_uri(url),
        signature.normalize_parameters(params),  # type: ignore[arg-type]
    )
    keys = SimpleNamespace(client_secret=consumer_secret, resource_owner_secret=token_secret)
    expected = signature.sign_hmac_sha1_with_client(base, keys)
    return hmac.compare_digest(expected, given)
