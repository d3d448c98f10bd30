"""Types shared by the fixtures in tests/conftest.py and the tests that use them
(importable as ``fakex.fixtures``: several conftest modules make ``conftest`` ambiguous)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import keyring.backend

if TYPE_CHECKING:
    from livetweet.publishing.networks.x import XPublisher

    from .server import FakeX


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in the test process only (never the system one)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring: unannotated
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class MakeXPublisher(Protocol):
    def __call__(self, server: FakeX, **options: Any) -> XPublisher: ...
