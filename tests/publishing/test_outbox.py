"""The outbox against a scripted network: order, threads, retries, reconciliation."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest

from livetweet.agenda.model import Agenda, Item, Session
from livetweet.publishing import FailureKind, ItemNotPostable, Outbox, OutboxError, verify_journal
from livetweet.publishing.reports import OutboxEvent
from livetweet.publishing.watermark import mark_path

from .conftest import Desk, FakeClock, Fault, RemotePost, ScriptedNetwork, open_outbox


def states(desk: Desk) -> dict[str, str]:
    return {r.ref: r.state for r in desk.outbox.timeline()}


def test_a_thread_is_posted_in_order_each_part_replying_to_the_previous(desk: Desk) -> None:
    refs = desk.outbox.submit({"x": ["1/3 a", "2/3 b", "3/3 c"]}, "d1", "intro")
    report = desk.outbox.process()
    assert report.posted == refs
    texts = [p.text for p in desk.network.posts]
    assert texts == ["1/3 a", "2/3 b", "3/3 c"]
    posts = desk.network.posts
    assert [p.reply_to for p in posts] == [None, posts[0].post_id, posts[1].post_id]
    assert verify_journal(desk.path).ok


def test_when_part_3_fails_parts_4_and_5_wait_and_retry_continues_the_same_thread(
    desk: Desk,
) -> None:
    refs = desk.outbox.submit({"x": [f"part {i}" for i in range(1, 6)]}, "d1")
    desk.network.fail_on_call[3] = Fault(FailureKind.REJECTED, status=400)
    report = desk.outbox.process()
    assert report.failed == [refs[2]]
    assert report.queued == refs[3:]
    assert [p.text for p in desk.network.posts] == ["part 1", "part 2"]
    assert desk.outbox.blocked_by(refs[3]) == refs[2]
    assert "invalid" in (desk.outbox.post(refs[2]).reason or "")

    desk.outbox.retry(refs[2])
    report = desk.outbox.process()
    assert report.posted == refs[2:]
    posts = desk.network.posts
    assert [p.text for p in posts] == [f"part {i}" for i in range(1, 6)]
    assert all(posts[i].reply_to == posts[i - 1].post_id for i in range(1, 5))


def test_connection_errors_back_off_exponentially_then_post(desk: Desk) -> None:
    for _ in range(4):
        desk.network.fail_next(FailureKind.CONNECTION)
    ref = desk.outbox.submit({"x": ["Séance ouverte #CMVilleneuve"]})[0]
    report = desk.outbox.process()
    assert report.posted == [ref]
    assert len(desk.network.posts) == 1
    waits = desk.clock.waits
    assert len(waits) == 4
    assert all(later > earlier for earlier, later in itertools.pairwise(waits))
    retrying = [e for e in desk.events if e.kind == "retrying"]
    assert len(retrying) == 4 and all(e.retry_at for e in retrying)


def test_backoff_is_capped(desk: Desk) -> None:
    for _ in range(12):
        desk.network.fail_next(FailureKind.SERVER, status=503)
    desk.outbox.submit({"x": ["t"]})
    desk.outbox.process()
    assert max(desk.clock.waits) <= desk.outbox.policy.cap * (1 + desk.outbox.policy.jitter)


def test_a_429_waits_until_the_reset_the_network_gave(desk: Desk) -> None:
    desk.network.fail_next(FailureKind.RATE_LIMITED, status=429, retry_after=300)
    desk.outbox.submit({"x": ["t"]})
    desk.outbox.process()
    assert desk.clock.waits == [300]
    assert len(desk.network.posts) == 1


def test_a_429_without_reset_waits_long_and_longer_never_a_storm(desk: Desk) -> None:
    for _ in range(3):
        desk.network.fail_next(FailureKind.RATE_LIMITED, status=429)
    desk.outbox.submit({"x": ["t"]})
    desk.outbox.process()
    assert len(desk.clock.waits) == 3
    assert min(desk.clock.waits) >= 60 * (1 - desk.outbox.policy.jitter)
    assert desk.clock.waits[2] > desk.clock.waits[0]


def test_max_wait_returns_with_the_post_still_queued(desk: Desk) -> None:
    desk.network.fail_next(FailureKind.RATE_LIMITED, status=429, retry_after=900)
    ref = desk.outbox.submit({"x": ["t"]})[0]
    report = desk.outbox.process(max_wait=10)
    assert report.queued == [ref] and desk.clock.waits == []
    state = desk.outbox.network_states()["x"]
    assert state.status == "retrying" and state.retry_at is not None and state.queued == 1


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (FailureKind.UNAUTHORIZED, "credentials"),
        (FailureKind.PAYMENT_REQUIRED, "credit"),
        (FailureKind.DUPLICATE, "Duplicate"),
        (FailureKind.REPLY_REFUSED, "standalone"),
        (FailureKind.FORBIDDEN, "forbidden"),
    ],
)
def test_refusals_are_not_retried_and_say_why(desk: Desk, kind: FailureKind, words: str) -> None:
    desk.network.fail_next(kind, status=403)
    ref = desk.outbox.submit({"x": ["t"]})[0]
    report = desk.outbox.process()
    assert report.failed == [ref]
    assert desk.network.calls == 1 and desk.clock.waits == []
    failed = [e for e in desk.events if e.kind == "failed"]
    assert words in failed[0].message


def test_timeout_after_the_network_created_the_post_is_reconciled_not_reposted(
    desk: Desk,
) -> None:
    desk.network.fail_next(FailureKind.TIMEOUT, created=True)
    refs = desk.outbox.submit({"x": ["a", "b"]})
    report = desk.outbox.process()
    assert report.queued == [] and report.uncertain == []
    assert [p.text for p in desk.network.posts] == ["a", "b"]
    assert desk.network.posts[1].reply_to == desk.network.posts[0].post_id
    assert desk.outbox.post(refs[0]).post_id == desk.network.posts[0].post_id
    assert any(e.kind == "reconciled" for e in desk.events)


def test_timeout_before_creation_is_checked_then_retried(desk: Desk) -> None:
    desk.network.fail_next(FailureKind.TIMEOUT)
    desk.outbox.submit({"x": ["a"]})
    desk.outbox.process()
    assert [p.text for p in desk.network.posts] == ["a"]
    assert len(desk.clock.waits) == 1


def test_timeout_on_a_network_that_cannot_tell_becomes_uncertain_and_blocks_the_thread(
    desk: Desk,
) -> None:
    desk.network.can_lookup = False
    desk.network.fail_next(FailureKind.TIMEOUT, created=True)
    refs = desk.outbox.submit({"x": ["a", "b"]})
    report = desk.outbox.process()
    assert report.uncertain == [refs[0]] and report.queued == [refs[1]]
    assert len(desk.network.posts) == 1  # never sent again blindly
    desk.outbox.resolve_uncertain(refs[0], published=True, post_id=desk.network.posts[0].post_id)
    desk.outbox.process()
    assert [p.text for p in desk.network.posts] == ["a", "b"]
    assert desk.network.posts[1].reply_to == desk.network.posts[0].post_id


def test_operator_marks_uncertain_as_not_published_and_it_is_sent(desk: Desk) -> None:
    desk.network.can_lookup = False
    desk.network.fail_next(FailureKind.TIMEOUT)
    ref = desk.outbox.submit({"x": ["a"]})[0]
    desk.outbox.process()
    assert desk.outbox.post(ref).state == "uncertain"
    desk.outbox.resolve_uncertain(ref, published=False)
    assert desk.outbox.process().posted == [ref]
    assert len(desk.network.posts) == 1


def test_reply_refused_then_the_rest_continues_as_standalone_numbered_posts(desk: Desk) -> None:
    refs = desk.outbox.submit({"x": ["Délibération adoptée", "Détail du vote", "Suite"]}, "d1")
    desk.network.refuse_replies = True
    report = desk.outbox.process()
    assert report.failed == [refs[1]] and report.queued == [refs[2]]
    thread = desk.outbox.post(refs[1]).thread_id
    assert desk.outbox.convert_thread_to_standalone(thread) == refs[1:]
    report = desk.outbox.process()
    assert report.posted == refs[1:]
    texts = [p.text for p in desk.network.posts]
    assert texts == ["Délibération adoptée", "Détail du vote 2/3", "Suite 3/3"]
    assert all(p.reply_to is None for p in desk.network.posts)


def test_standalone_numbering_is_not_fooled_by_dates_and_fractions(desk: Desk) -> None:
    """A date (15/12) or a fraction (2/3) in a post is text, not the post's number."""
    refs = desk.outbox.submit(
        {"x": ["Séance du 15/12 ouverte", "Budget adopté aux 2/3 des voix", "Vote le 1/2"]}, "d1"
    )
    desk.network.refuse_replies = True
    desk.outbox.process()
    desk.outbox.convert_thread_to_standalone(desk.outbox.post(refs[1]).thread_id)
    desk.outbox.process()
    assert [p.text for p in desk.network.posts] == [
        "Séance du 15/12 ouverte",
        "Budget adopté aux 2/3 des voix 2/3",  # the same " i/n" as split_thread's
        "Vote le 1/2 3/3",
    ]


def test_session_thread_mode_chains_every_post_of_the_session(tmp_path: Path) -> None:
    network, clock, events = ScriptedNetwork(), FakeClock(), list[OutboxEvent]()
    with open_outbox(tmp_path / "j.jsonl", network, clock, events, "session") as outbox:
        outbox.submit({"x": ["intro"]}, "d1")
        outbox.submit({"x": ["vote"]}, "d2")
        outbox.process()
    assert network.posts[1].reply_to == network.posts[0].post_id


def test_item_thread_mode_starts_a_thread_per_item(desk: Desk) -> None:
    desk.outbox.submit({"x": ["d1 intro"]}, "d1")
    desk.outbox.submit({"x": ["d2 intro"]}, "d2")
    desk.outbox.submit({"x": ["d1 vote"]}, "d1")
    desk.outbox.process()
    posts = {p.text: p for p in desk.network.posts}
    assert posts["d2 intro"].reply_to is None
    assert posts["d1 vote"].reply_to == posts["d1 intro"].post_id


def test_none_thread_mode_and_explicit_reply_to(tmp_path: Path) -> None:
    network, clock, events = ScriptedNetwork(), FakeClock(), list[OutboxEvent]()
    with open_outbox(tmp_path / "j.jsonl", network, clock, events, "none") as outbox:
        outbox.submit({"x": ["one"]}, "d1")
        outbox.submit({"x": ["two"]}, "d1")
        outbox.submit({"x": ["three"]}, "d1", reply_to_id="1799")
        outbox.process()
    assert [p.reply_to for p in network.posts] == [None, None, "1799"]


def test_a_failed_post_does_not_block_an_unrelated_one(tmp_path: Path) -> None:
    network, clock, events = ScriptedNetwork(), FakeClock(), list[OutboxEvent]()
    with open_outbox(tmp_path / "j.jsonl", network, clock, events, "none") as outbox:
        network.fail_next(FailureKind.DUPLICATE, status=403)
        first, second = outbox.submit({"x": ["dup"]})[0], outbox.submit({"x": ["new"]})[0]
        report = outbox.process()
    assert report.failed == [first] and report.posted == [second]


def test_cancel_withdraws_a_queued_post_and_the_thread_skips_it(desk: Desk) -> None:
    refs = desk.outbox.submit({"x": ["a", "b", "c"]})
    desk.outbox.cancel(refs[1])
    desk.outbox.process()
    assert [p.text for p in desk.network.posts] == ["a", "c"]
    assert desk.network.posts[1].reply_to == desk.network.posts[0].post_id
    with pytest.raises(OutboxError):
        desk.outbox.cancel(refs[0])  # already posted


def test_delete_and_correction(desk: Desk) -> None:
    ref = desk.outbox.submit({"x": ["28 pour, 3 contre"]}, "d1", "adopted")[0]
    desk.outbox.process()
    fix = desk.outbox.post_correction(ref, {"x": "Rectificatif : 27 pour, 4 contre"})
    desk.outbox.process()
    original = desk.network.posts[0]
    assert desk.network.posts[1].reply_to == original.post_id
    assert desk.outbox.post(ref).corrected_by == fix
    desk.outbox.delete(ref)
    assert desk.network.deleted == [original.post_id]
    assert desk.outbox.post(ref).state == "deleted"
    counts = desk.outbox.counts()
    assert counts.posts == 2  # a deleted post was still published (and billed)
    types = [e.type for e in verify_journal(desk.path).entries]
    assert "corrected" in types and "deleted" in types


def test_counts_posts_with_urls_separately(desk: Desk) -> None:
    desk.outbox.submit({"x": ["Direct : https://ville.fr/live", "sans lien"]})
    desk.outbox.process()
    counts = desk.outbox.counts()
    assert (counts.posts, counts.posts_with_urls) == (2, 1)


def test_closed_items_are_refused_unless_overridden(tmp_path: Path) -> None:
    agenda = Agenda(
        version=1,
        session=Session(
            id="cm", title="CM", body="Ville de Villeneuve", start="2026-12-15T18:00:00+01:00"
        ),
        items=[
            Item(id="d1", number="1", title="Budget"),
            Item(id="d9", number="9", title="Personnel", closed=True),
        ],
    )
    network, clock, events = ScriptedNetwork(), FakeClock(), list[OutboxEvent]()
    path = tmp_path / "j.jsonl"
    with open_outbox(path, network, clock, events, agenda=agenda) as outbox:
        with pytest.raises(ItemNotPostable):
            outbox.submit({"x": ["huis clos"]}, "d9")
        assert outbox.timeline() == []
        outbox.submit({"x": ["annonce du huis clos"]}, "d9", override=True)
        outbox.process()
    assert len(network.posts) == 1
    overrides = [e for e in verify_journal(path).entries if e.type == "override"]
    assert overrides[0].get("item") == "d9" and overrides[0].get("operator") == "agent-com"


def test_restart_restores_session_state_and_resumes_the_queue(desk: Desk) -> None:
    desk.outbox.record_item_started("d1")
    desk.outbox.record_vote("d1", 28, 3, 2, "adopted")
    desk.network.fail_next(FailureKind.CONNECTION)
    refs = desk.outbox.submit({"x": ["a", "b"]}, "d1")
    desk.outbox.process(max_wait=0)
    assert desk.network.posts == []
    outbox = desk.reopen()
    snapshot = outbox.session_state()
    assert snapshot.current_item == "d1"
    assert snapshot.votes["d1"].votes_for == 28
    assert [r.state for r in outbox.timeline()] == ["queued", "queued"]
    assert outbox.process().posted == refs
    assert verify_journal(desk.path).ok


def test_a_long_wait_for_a_rate_limit_is_interrupted_at_once(tmp_path: Path) -> None:
    from livetweet.publishing.retry import RealClock

    network = ScriptedNetwork()
    network.fail_next(FailureKind.RATE_LIMITED, retry_after=900)
    retrying = threading.Event()
    with Outbox.open(tmp_path / "j.jsonl", [network], clock=RealClock()) as outbox:
        outbox.listener = lambda e: retrying.set() if e.kind == "retrying" else None
        outbox.submit({"x": ["t"]})
        stop = threading.Event()
        reports: list[object] = []
        worker = threading.Thread(target=lambda: reports.append(outbox.process(stop)))
        worker.start()
        assert retrying.wait(10)
        stop.set()
        worker.join(5)  # not 900 s
        assert not worker.is_alive()
    assert reports[0].stopped and reports[0].queued == ["p1"]  # type: ignore[attr-defined]


def test_a_long_running_worker_wakes_on_submit(tmp_path: Path) -> None:
    network, events = ScriptedNetwork(), list[OutboxEvent]()
    from livetweet.publishing.retry import RealClock

    with open_outbox(tmp_path / "j.jsonl", network, RealClock(), events) as outbox:  # type: ignore[arg-type]
        stop = threading.Event()
        posted = threading.Event()
        outbox.listener = lambda e: posted.set() if e.kind == "posted" else None
        worker = threading.Thread(target=outbox.process, args=(stop,), kwargs={"idle_exit": False})
        worker.start()
        outbox.submit({"x": ["réveil"]})
        assert posted.wait(10)
        stop.set()
        worker.join(10)
        assert not worker.is_alive()
    assert [p.text for p in network.posts] == ["réveil"]


def test_an_unknown_network_is_refused(desk: Desk) -> None:
    with pytest.raises(OutboxError):
        desk.outbox.submit({"mastodon": ["t"]})


def test_a_failing_listener_does_not_stop_the_posting(desk: Desk) -> None:
    def broken(event: object) -> None:
        raise RuntimeError("UI bug")

    desk.outbox.listener = broken
    refs = desk.outbox.submit({"x": ["a", "b"]})
    assert desk.outbox.process().posted == refs


def test_replaying_the_journal_gives_the_state_the_outbox_had(desk: Desk) -> None:
    desk.network.can_lookup = False
    desk.outbox.record_item_started("d1")
    a = desk.outbox.submit({"x": ["a1", "a2", "a3"]}, "d1", "intro")
    desk.network.fail_on_call[2] = Fault(FailureKind.DUPLICATE, status=403)
    desk.network.fail_on_call[4] = Fault(FailureKind.TIMEOUT, created=True)
    desk.outbox.process()
    desk.outbox.cancel(a[2])
    desk.outbox.retry(a[1])
    b = desk.outbox.submit({"x": ["b1"]}, "d2", reply_to_id="42")
    desk.outbox.process()
    desk.outbox.post_correction(a[0], "Rectificatif")
    desk.outbox.record_vote("d1", 30, 1, 2, "adopted")
    desk.outbox.process()
    before = desk.outbox.timeline()
    snapshot = desk.outbox.session_state()
    states = {r.state for r in before}
    assert {"posted", "cancelled", "uncertain"} <= states, states
    assert desk.outbox.post(b[0]).state in ("posted", "uncertain")
    outbox = desk.reopen()
    assert outbox.timeline() == before
    assert outbox.session_state() == snapshot


def test_networks_take_turns_so_every_network_gets_each_part_early(tmp_path: Path) -> None:
    x, mastodon = ScriptedNetwork("x"), ScriptedNetwork("mastodon", account="@ville@mastodon")
    order: list[str] = []
    x.on_publish, mastodon.on_publish = (lambda: order.append("x")), (lambda: order.append("m"))
    with Outbox.open(
        tmp_path / "j.jsonl", [x, mastodon], session_id="s", clock=FakeClock()
    ) as outbox:
        outbox.submit({"x": ["1", "2", "3"], "mastodon": ["1", "2", "3"]})
        outbox.process()
    assert order == ["x", "m", "x", "m", "x", "m"]
    assert mastodon.posts[2].reply_to == mastodon.posts[1].post_id


def test_a_stalled_network_does_not_hold_the_other(tmp_path: Path) -> None:
    x, mastodon = ScriptedNetwork("x"), ScriptedNetwork("mastodon")
    x.fail_next(FailureKind.RATE_LIMITED, retry_after=600)
    with Outbox.open(
        tmp_path / "j.jsonl", [x, mastodon], session_id="s", clock=FakeClock()
    ) as outbox:
        outbox.submit({"x": ["1", "2"], "mastodon": ["1", "2"]})
        report = outbox.process(max_wait=0)
        states = outbox.network_states()
    assert len(mastodon.posts) == 2 and x.posts == []
    assert len(report.queued) == 2
    assert states["x"].status == "retrying" and states["mastodon"].status == "online"


def test_a_dry_run_journal_is_never_published_for_real(tmp_path: Path) -> None:
    from livetweet.publishing import DryRunPublisher, JournalError

    path = tmp_path / "j.jsonl"
    with Outbox.open(path, [DryRunPublisher("x", tmp_path / "dry.jsonl")]) as outbox:
        outbox.submit({"x": ["répétition"]})  # left queued
    real = ScriptedNetwork()
    with pytest.raises(JournalError, match="dry-run"):
        Outbox.open(path, [real], clock=FakeClock())
    assert real.calls == 0
    assert verify_journal(path).ok


class Crash(BaseException):
    """Stands for the process dying in the middle of a network call."""


@pytest.mark.parametrize("created", [True, False])
@pytest.mark.parametrize("can_lookup", [True, False])
def test_after_a_crash_mid_send_the_post_is_looked_up_never_resent_blindly(
    desk: Desk, created: bool, can_lookup: bool
) -> None:
    refs = desk.outbox.submit({"x": ["a", "b"]}, "d1")

    def die() -> None:
        desk.network.on_publish = None
        if created:
            desk.network.posts.append(RemotePost("999", "a", None, f"cm-test/{refs[0]}"))
        raise Crash

    desk.network.on_publish = die
    with pytest.raises(Crash):
        desk.outbox.process()
    desk.network.can_lookup = can_lookup
    outbox = desk.reopen()
    assert outbox.post(refs[0]).state == "sending"
    report = outbox.process()
    texts = [p.text for p in desk.network.posts]
    if can_lookup:
        assert report.uncertain == [] and texts == ["a", "b"]
        assert desk.network.posts[1].reply_to == desk.network.posts[0].post_id
    else:
        assert report.uncertain == [refs[0]] and report.queued == [refs[1]]
        assert texts == (["a"] if created else [])
        assert desk.network.calls == 1  # only the call the crash interrupted


def test_an_empty_part_is_refused_before_anything_is_queued(desk: Desk) -> None:
    with pytest.raises(OutboxError):
        desk.outbox.submit({"x": ["Point 1", "  "]})
    assert desk.outbox.timeline() == []


def test_a_publisher_bug_while_checking_leaves_the_post_uncertain(desk: Desk) -> None:
    desk.network.fail_next(FailureKind.TIMEOUT, created=True)

    def broken_lookup(key: str, text: str) -> None:
        raise ValueError("unexpected answer")

    desk.network.find_posted = broken_lookup  # type: ignore[assignment,method-assign]
    refs = desk.outbox.submit({"x": ["a", "b"]})
    report = desk.outbox.process()
    assert report.uncertain == [refs[0]] and report.queued == [refs[1]]
    assert "ValueError" in (desk.outbox.post(refs[0]).reason or "")
    assert len(desk.network.posts) == 1


def test_a_submission_the_journal_could_not_hold_entirely_is_not_half_sent(
    tmp_path: Path,
) -> None:
    x, mastodon = ScriptedNetwork("x"), ScriptedNetwork("mastodon")
    path = tmp_path / "j.jsonl"
    with Outbox.open(path, [x, mastodon], session_id="s", clock=FakeClock()) as outbox:
        outbox.submit({"x": ["avant"]})
        outbox.process()
        mark = mark_path(path).read_bytes()  # the last sync before the disk fails
        outbox.submit({"x": ["1/2", "2/2"], "mastodon": ["1/2", "2/2"]})
    lines = path.read_bytes().splitlines(keepends=True)
    last_queued = max(i for i, line in enumerate(lines) if b'"type":"queued"' in line)
    path.write_bytes(b"".join(lines[:last_queued]))  # the disk failed on the last part
    mark_path(path).write_bytes(mark)  # ...so the submission's sync never moved the mark
    with Outbox.open(path, [x, mastodon], clock=FakeClock()) as outbox:
        report = outbox.process()
        states = [r.state for r in outbox.timeline()]
    assert states == ["posted", "cancelled", "cancelled", "cancelled"]
    assert report.queued == [] and [p.text for p in x.posts] == ["avant"]
    assert mastodon.posts == []


def test_a_running_worker_goes_on_when_the_operator_cancels_a_failed_part(
    tmp_path: Path,
) -> None:
    from livetweet.publishing.retry import RealClock

    network = ScriptedNetwork()
    network.fail_on_call[1] = Fault(FailureKind.DUPLICATE, status=403)
    done = threading.Event()
    with Outbox.open(tmp_path / "j.jsonl", [network], clock=RealClock()) as outbox:
        outbox.listener = lambda e: done.set() if e.kind in ("failed", "posted") else None
        stop = threading.Event()
        worker = threading.Thread(target=outbox.process, args=(stop,), kwargs={"idle_exit": False})
        worker.start()
        refs = outbox.submit({"x": ["déjà vu", "suite"]})
        assert done.wait(10)
        done.clear()
        assert outbox.post(refs[0]).state == "failed"
        outbox.cancel(refs[0])
        assert done.wait(10)
        stop.set()
        worker.join(10)
    assert [p.text for p in network.posts] == ["suite"]


def test_close_stops_a_running_worker_cleanly(tmp_path: Path) -> None:
    from livetweet.publishing.retry import RealClock

    network = ScriptedNetwork()
    outbox = Outbox.open(tmp_path / "j.jsonl", [network], clock=RealClock())
    outcome: list[object] = []
    worker = threading.Thread(
        target=lambda: outcome.append(outbox.process(threading.Event(), idle_exit=False))
    )
    worker.start()
    outbox.submit({"x": ["dernier"]})
    outbox.close()
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1 and outcome[0].stopped  # type: ignore[attr-defined]
    assert verify_journal(tmp_path / "j.jsonl").ok
