"""A small fake of Mastodon's HTTP API (statuses, accounts, instance, OAuth) for tests.

In-process: ``with FakeMastodon() as server: ...`` (or the ``fake_mastodon`` fixture);
as a process: ``python -m tests.fakemastodon --port 0 --state FILE`` prints its URL.
It honours ``Idempotency-Key`` as Mastodon does (a repeat within the hour returns the
first status; a repeat while the first is still being created gets 503).
"""

from .server import FakeMastodon
from .state import FAULTS, Status

__all__ = ["FAULTS", "FakeMastodon", "Status"]
