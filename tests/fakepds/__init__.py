"""A small fake Bluesky PDS (the XRPC HTTP API the atproto SDK calls) for tests.

``with FakePDS() as pds: ...`` (or the ``fake_pds`` fixture) serves on 127.0.0.1:
sessions with JWT-shaped tokens that expire, records created with the client's
record key, and faults to inject with ``pds.fail_next(kind, nsid=...)``.
"""

from .server import FakePDS
from .state import FAULTS, KNOWN_HANDLES, FakeAccount, StoredRecord

__all__ = ["FAULTS", "KNOWN_HANDLES", "FakeAccount", "FakePDS", "StoredRecord"]
