"""A small fake of the X API v2 (and its OAuth 1.0a PIN flow) for tests and benchmarks.

In-process: ``with FakeX() as server: ...`` (or the ``fake_x`` fixture);
as a process: ``python -m tests.fakex --port 0 --state FILE`` prints its URL.
"""

from .server import FakeX
from .state import FAULTS, FakeCredentials, Fault

__all__ = ["FAULTS", "FakeCredentials", "FakeX", "Fault"]
