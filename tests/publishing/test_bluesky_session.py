"""Log in once: the Bluesky session is kept (keyring, else a 0600 file) and reused."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from atproto_client.client.session import Session
from fakepds import FakePDS
from fakepds.fixtures import make_publisher
from fakex.fixtures import MemoryKeyring

from livetweet.publishing.networks.bluesky_session import SessionStore, default_sessions_path


@pytest.fixture
def pds() -> Iterator[FakePDS]:
    with FakePDS(hang_seconds=2.0) as server:
        yield server


def stored_session(memory_keyring: MemoryKeyring) -> Session:
    [(key, value)] = memory_keyring.entries.items()
    assert key[0] == "livetweet" and key[1].startswith("bluesky-session:villeneuve.bsky.social@")
    return Session.decode(value)


def test_the_next_launch_reuses_the_stored_session(
    pds: FakePDS, memory_keyring: MemoryKeyring
) -> None:
    make_publisher(pds).publish("Un", reply_to=None, idempotency_key="s/p1")
    for n in range(2, 5):  # three more launches, a post each
        make_publisher(pds).publish(f"Post {n}", reply_to=None, idempotency_key=f"s/p{n}")
    assert pds.state.logins == 1
    assert stored_session(memory_keyring).did == pds.account.did


def test_a_refreshed_session_is_stored_again(pds: FakePDS, memory_keyring: MemoryKeyring) -> None:
    pds.state.access_ttl = 600.0  # under the SDK's 15-minute margin: it refreshes at once
    make_publisher(pds).publish("Un", reply_to=None, idempotency_key="s/p1")
    assert pds.state.refreshes >= 1
    session = stored_session(memory_keyring)
    assert session.refresh_jwt in pds.state.refresh_tokens  # the latest, still valid one
    make_publisher(pds).publish("Deux", reply_to=None, idempotency_key="s/p2")
    assert pds.state.logins == 1


def test_without_a_keyring_the_session_goes_to_a_private_state_file(
    pds: FakePDS, isolated_user_dirs: Path
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    make_publisher(pds).publish("Un", reply_to=None, idempotency_key="s/p1")
    path = default_sessions_path()
    assert path.is_relative_to(isolated_user_dirs / ".local/state")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    make_publisher(pds).publish("Deux", reply_to=None, idempotency_key="s/p2")
    assert pds.state.logins == 1


def test_a_session_of_another_account_or_unreadable_is_not_used(
    pds: FakePDS, memory_keyring: MemoryKeyring
) -> None:
    store = SessionStore(pds.url, pds.account.handle)
    store.save("not a session")
    make_publisher(pds).publish("Un", reply_to=None, idempotency_key="s/p1")
    assert pds.state.logins == 1
    other = Session("autre.bsky.social", "did:plc:autre", "a.b.c", "d.e.f", pds.url)
    store.save(other.encode())
    make_publisher(pds).publish("Deux", reply_to=None, idempotency_key="s/p2")
    assert pds.state.logins == 2
    assert len(pds.records) == 2
