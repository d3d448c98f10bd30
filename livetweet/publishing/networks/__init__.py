"""One module (or a few) per network, each behind the one ``Publisher`` interface.

X lives in ``x`` (posting), ``x_http`` (HTTP plumbing under tweepy) and ``x_auth``
(the PIN-based OAuth flow); Mastodon and Bluesky beside it in ``mastodon*`` and
``bluesky*``. Nothing outside ``livetweet.publishing.factory`` (and ``livetweet
auth``) imports a network module: the factory is the only place that knows the
list, so that a dry run, and the start of ``livetweet run``, never load a client.
"""
