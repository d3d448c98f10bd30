"""A scripted network and a clock that never sleeps, for outbox tests.

``ScriptedNetwork`` stands for a remote network (it keeps the posts it
accepted, like a server would); the outbox, journal and state under test are
the real ones, writing real files with real fsync.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from livetweet.publishing import FailureKind, Outbox, Published, PublishError, Quota
from livetweet.publishing.ledger import Listener
from livetweet.publishing.publisher import UploadedMedia
from livetweet.publishing.reports import OutboxEvent, ThreadMode
from livetweet.text.networks import Network


@dataclass
class RemotePost:
    post_id: str
    text: str
    reply_to: str | None
    key: str


@dataclass
class Fault:
    kind: FailureKind
    created: bool = False  # the network created the post anyway (e.g. answer lost)
    status: int | None = None
    retry_after: float | None = None
    message: str = ""
    crash: bool = False  # the process dies during the call (after creating, if created)


class ProcessDied(BaseException):
    """Stands for SIGKILL in the middle of a network call."""


@dataclass
class ScriptedNetwork:
    """A network whose next answers are scripted with ``fail_next``."""

    network: Network = "x"
    account: str = "@VilleDeVilleneuve"
    account_id: str = ""  # "": the network's default account (set in __post_init__)
    dry_run: bool = False
    can_lookup: bool = True  # False: find_posted raises LookupError (X without timeline)
    posts: list[RemotePost] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    calls: int = 0
    deleted: list[str] = field(default_factory=list)
    on_publish: Callable[[], None] | None = None
    fail_on_call: dict[int, Fault] = field(default_factory=dict)  # 1-based call number
    refuse_replies: bool = False  # answer every reply with REPLY_REFUSED

    def __post_init__(self) -> None:
        self.account_id = self.account_id or self.network

    def fail_next(self, kind: FailureKind, **kwargs: object) -> None:
        self.faults.append(Fault(kind, **kwargs))  # type: ignore[arg-type]

    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        self.calls += 1
        if self.on_publish is not None:
            self.on_publish()
        fault = self.faults.pop(0) if self.faults else self.fail_on_call.get(self.calls)
        if reply_to is not None and self.refuse_replies:
            fault = Fault(FailureKind.REPLY_REFUSED, status=403)
        if fault is None or fault.created:
            post = RemotePost(str(1000 + len(self.posts)), text, reply_to, idempotency_key)
            self.posts.append(post)
        if fault is not None and fault.crash:
            raise ProcessDied
        if fault is not None:
            raise PublishError(
                fault.kind,
                fault.message or f"scripted {fault.kind}",
                status=fault.status,
                retry_after=fault.retry_after,
            )
        return Published(post.post_id, f"https://x.example/status/{post.post_id}")

    def delete(self, post_id: str) -> None:
        self.deleted.append(post_id)

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        if not self.can_lookup:
            raise LookupError("cannot read the account's posts")
        for post in self.posts:
            if post.key == idempotency_key:
                return Published(post.post_id, f"https://x.example/status/{post.post_id}")
        return None

    def quota(self) -> Quota:
        return Quota(remaining=10, limit=100)

    def by_id(self, post_id: str) -> RemotePost:
        return next(p for p in self.posts if p.post_id == post_id)


class FakeClock:
    """Time that only moves when the outbox waits; every wait is recorded."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.t = start
        self.waits: list[float] = []

    def now(self) -> float:
        return self.t

    def wait(self, seconds: float, stop: threading.Event, wake: threading.Event) -> None:
        if stop.is_set():
            return
        self.waits.append(seconds)
        self.t += seconds


@dataclass
class Desk:
    """An outbox on a temporary journal, with its network, clock and events."""

    path: Path
    network: ScriptedNetwork
    clock: FakeClock
    events: list[OutboxEvent]
    outbox: Outbox

    def reopen(self, **kwargs: Any) -> Outbox:
        self.outbox.close()
        self.outbox = open_outbox(self.path, self.network, self.clock, self.events, **kwargs)
        return self.outbox


def open_outbox(
    path: Path,
    network: ScriptedNetwork,
    clock: FakeClock,
    events: list[OutboxEvent],
    thread_mode: ThreadMode = "item",
    **kwargs: object,
) -> Outbox:
    listener: Listener = events.append
    return Outbox.open(
        path,
        [network],
        session_id="cm-test",
        operator="agent-com",
        thread_mode=thread_mode,
        clock=clock,
        listener=listener,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    network, clock, events = ScriptedNetwork(), FakeClock(), list[OutboxEvent]()
    path = tmp_path / "cm-test.jsonl"
    result = Desk(path, network, clock, events, open_outbox(path, network, clock, events))
    yield result
    result.outbox.close()
