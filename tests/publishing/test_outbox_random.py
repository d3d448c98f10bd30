"""Random sessions against a misbehaving network: the invariants always hold.

Each seed submits threads, scripts random failures (some of which create the
post anyway), plays the operator (retry, cancel, resolve uncertain posts by
looking at the account, continue refused threads standalone), and restarts
the outbox now and then. Whatever happens: nothing is published twice, what
the journal calls posted is on the network, the replayed state equals the
live one, and once the network behaves every post not cancelled is out.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from livetweet.publishing import FailureKind
from livetweet.publishing.reports import OutboxEvent, ThreadMode

from .conftest import Desk, FakeClock, Fault, ProcessDied, ScriptedNetwork, open_outbox

KINDS = list(FailureKind)


def random_fault(rng: random.Random) -> Fault:
    """A failure as networks give them: only a timeout or a 500 may hide a created post
    (a refused connection, a 503, a 429 or a 4xx never created anything)."""
    if rng.random() < 0.15:
        return Fault(FailureKind.TIMEOUT, created=rng.random() < 0.5, crash=True)
    kind = rng.choice(KINDS)
    status = rng.choice([500, 503]) if kind is FailureKind.SERVER else None
    ambiguous = kind is FailureKind.TIMEOUT or status == 500
    retry_after = rng.choice([None, 5.0, 900.0]) if kind is FailureKind.RATE_LIMITED else None
    return Fault(
        kind, created=ambiguous and rng.random() < 0.5, status=status, retry_after=retry_after
    )


def play(desk: Desk, rng: random.Random) -> None:
    """One operator action on whatever needs one."""
    outbox = desk.outbox
    for record in outbox.timeline():
        if record.state == "uncertain":
            remote = next((p for p in desk.network.posts if p.key.endswith("/" + record.ref)), None)
            if remote is not None:
                outbox.resolve_uncertain(record.ref, published=True, post_id=remote.post_id)
            else:
                outbox.resolve_uncertain(record.ref, published=False)
        elif record.state == "failed":
            if record.failure_kind == "reply_refused":
                outbox.convert_thread_to_standalone(record.thread_id)
            elif rng.random() < 0.2:
                outbox.cancel(record.ref)
            else:
                outbox.retry(record.ref)
        elif record.state == "queued" and rng.random() < 0.03:
            outbox.cancel(record.ref)


def check_invariants(desk: Desk) -> None:
    keys = [p.key for p in desk.network.posts]
    assert len(keys) == len(set(keys)), "a post was published twice"
    on_network = {p.post_id for p in desk.network.posts}
    timeline = desk.outbox.timeline()
    by_post_id = {r.post_id: r for r in timeline if r.post_id}
    for record in timeline:
        if record.state == "posted" and record.post_id is not None:
            assert record.post_id in on_network
        if record.state == "posted" and record.replied_to is not None:
            parent = by_post_id[record.replied_to]  # replies stay within the session
            assert parent.thread_id == record.thread_id or record.corrects == parent.ref
            assert parent.queued_seq < record.queued_seq, "the chain goes backwards"


@pytest.mark.parametrize("seed", range(40))
def test_random_sessions_keep_every_promise(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    network = ScriptedNetwork(can_lookup=rng.random() < 0.5)
    clock, events = FakeClock(), list[OutboxEvent]()
    path = tmp_path / "cm-test.jsonl"
    mode = rng.choice(list[ThreadMode](["session", "item", "none"]))
    desk = Desk(path, network, clock, events, open_outbox(path, network, clock, events, mode))
    for step in range(rng.randint(3, 8)):
        parts = [f"s{seed} t{step} p{i}" for i in range(rng.randint(1, 4))]
        desk.outbox.submit({"x": parts}, f"d{rng.randint(1, 3)}")
        for call in range(network.calls + 1, network.calls + 6):
            if rng.random() < 0.35:
                network.fail_on_call[call] = random_fault(rng)
        try:
            desk.outbox.process(max_wait=rng.choice([0, 30, 600]))
        except ProcessDied:
            desk.reopen()  # the app restarts on the same journal
        check_invariants(desk)
        if rng.random() < 0.3:
            before = desk.outbox.timeline()
            desk.reopen()
            assert desk.outbox.timeline() == before
        play(desk, rng)
    network.fail_on_call.clear()
    for _ in range(12):  # the network behaves now: the operator settles everything
        desk.outbox.process()
        play(desk, rng)
    report = desk.outbox.process()
    check_invariants(desk)
    assert report.queued == report.failed == report.uncertain == []
    published = {p.key for p in network.posts}
    for record in desk.outbox.timeline():
        assert record.state in ("posted", "cancelled"), record
        assert (f"cm-test/{record.ref}" in published) == (record.state == "posted")
    desk.outbox.close()
