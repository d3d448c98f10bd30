"""Several accounts, two of them on the same network: each its own threads, queue,
failures and reconciliation; one account in trouble never holds the others.

The networks are ``ScriptedNetwork``s (each keeps the posts it accepted, like a
server); the outbox, journal and state are the real ones, on real files.
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pytest

from livetweet.publishing import FailureKind, Outbox, OutboxEvent, verify_journal
from livetweet.publishing.ledger import Listener

from .conftest import FakeClock, Fault, ProcessDied, RemotePost, ScriptedNetwork

PARTS = ["Point 4 : le plan vélo, 1/2", "adopté à l'unanimité. 2/2"]


def three_accounts() -> dict[str, ScriptedNetwork]:
    """X, the town's Mastodon account and the mobility account, on another instance."""
    return {
        "x": ScriptedNetwork("x", account="@Ville"),
        "mastodon": ScriptedNetwork("mastodon", account="@ville@social.example"),
        "mobilite": ScriptedNetwork(
            "mastodon", account="@VilleMobilite@social.example", account_id="mobilite"
        ),
    }


def open_three(
    path: Path,
    accounts: dict[str, ScriptedNetwork],
    *,
    clock: FakeClock | None = None,
    listener: Listener | None = None,
) -> Outbox:
    return Outbox.open(
        path,
        list(accounts.values()),
        session_id="cm-test",
        operator="agent-com",
        clock=clock or FakeClock(),
        listener=listener,
    )


def to_all(parts: list[str]) -> dict[str, list[str]]:
    return {"x": parts, "mastodon": parts, "mobilite": parts}


def assert_one_thread(network: ScriptedNetwork, texts: list[str]) -> None:
    """The account holds ``texts`` once each, in order, each replying to the one before."""
    assert [p.text for p in network.posts] == texts
    for before, after in itertools.pairwise(network.posts):
        assert after.reply_to == before.post_id


def test_a_post_to_three_accounts_makes_three_threads_each_within_its_account(
    tmp_path: Path,
) -> None:
    accounts = three_accounts()
    events: list[OutboxEvent] = []
    path = tmp_path / "cm-test.jsonl"
    with open_three(path, accounts, listener=events.append) as outbox:
        assert outbox.accounts == ["x", "mastodon", "mobilite"]
        assert outbox.networks == ["x", "mastodon"]
        assert outbox.publisher("mobilite") is accounts["mobilite"]
        outbox.submit(to_all(PARTS), "d4")
        outbox.submit(to_all(["Suite du point 4"]), "d4")
        report = outbox.process()
        timeline = outbox.timeline()
        states = outbox.network_states()
    assert len(report.posted) == 9 and report.failed == report.uncertain == []
    for network in accounts.values():
        assert_one_thread(network, [*PARTS, "Suite du point 4"])
    assert {r.thread_id for r in timeline if r.account_id == "mobilite"} == {"mobilite:item:d4"}
    assert {r.thread_id for r in timeline if r.account_id == "mastodon"} == {"mastodon:item:d4"}
    assert {r.account for r in timeline if r.account_id == "mobilite"} == {
        "@VilleMobilite@social.example"
    }
    assert list(states) == ["x", "mastodon", "mobilite"]
    assert states["mobilite"].network == "mastodon"
    assert states["mobilite"].account_id == "mobilite"
    assert states["mobilite"].account == "@VilleMobilite@social.example"
    posted = [e for e in events if e.kind == "posted"]
    assert sorted({e.account_id for e in posted}) == ["mastodon", "mobilite", "x"]
    entries = verify_journal(path).entries
    queued = [e.data for e in entries if e.type == "queued"]
    assert {(q["account_id"], q["network"]) for q in queued} == {
        ("x", "x"),
        ("mastodon", "mastodon"),
        ("mobilite", "mastodon"),
    }
    opened = next(e.data for e in entries if e.type == "session_opened")
    assert opened["accounts"] == {
        "x": "@Ville",
        "mastodon": "@ville@social.example",
        "mobilite": "@VilleMobilite@social.example",
    }
    assert opened["account_networks"] == {"x": "x", "mastodon": "mastodon", "mobilite": "mastodon"}


def test_the_accounts_take_turns(tmp_path: Path) -> None:
    accounts = three_accounts()
    order: list[str] = []
    for name, network in accounts.items():
        network.on_publish = functools.partial(order.append, name)
    with open_three(tmp_path / "j.jsonl", accounts) as outbox:
        outbox.submit(to_all(PARTS))
        outbox.process()
    assert order == ["x", "mastodon", "mobilite"] * 2


FAULTS = {
    "failed": Fault(FailureKind.FORBIDDEN, status=403),
    "retrying": Fault(FailureKind.RATE_LIMITED, status=429, retry_after=900),
    "uncertain": Fault(FailureKind.TIMEOUT),
}


@pytest.mark.parametrize("trouble", ["mastodon", "mobilite"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_on_one_account_leaves_the_others_posted_and_free(
    tmp_path: Path, fault: str, trouble: str
) -> None:
    accounts = three_accounts()
    accounts[trouble].faults.append(FAULTS[fault])
    accounts[trouble].can_lookup = False  # a timeout stays uncertain
    with open_three(tmp_path / "j.jsonl", accounts) as outbox:
        outbox.submit(to_all(PARTS), "d4")
        outbox.process(max_wait=0)
        outbox.submit(to_all(["Point 5 : budget"]), "d5")
        outbox.process(max_wait=0)
        states = outbox.network_states()
        stuck = [r for r in outbox.timeline() if r.account_id == trouble]
    for name, network in accounts.items():
        if name != trouble:
            assert [p.text for p in network.posts] == [*PARTS, "Point 5 : budget"]
            assert states[name].status == "online"
            assert states[name].queued == states[name].failed == states[name].uncertain == 0
    expected = {"failed": "blocked", "retrying": "retrying", "uncertain": "blocked"}[fault]
    assert states[trouble].status == expected
    assert (
        stuck[0].state
        == {"failed": "failed", "retrying": "queued", "uncertain": "uncertain"}[fault]
    )
    # Its own first part waits; its post on another item does not (rate limit: the
    # whole account waits).
    assert stuck[1].state == "queued"
    assert [p.text for p in accounts[trouble].posts] == (
        [] if fault == "retrying" else ["Point 5 : budget"]
    )


def test_a_rate_limit_on_one_account_does_not_delay_its_sibling_on_the_same_network(
    tmp_path: Path,
) -> None:
    accounts = three_accounts()
    accounts["mobilite"].fail_next(FailureKind.RATE_LIMITED, retry_after=900)
    clock = FakeClock()
    with open_three(tmp_path / "j.jsonl", accounts, clock=clock) as outbox:
        outbox.submit(to_all(PARTS))
        outbox.process()  # waits for mobilite's reset, then finishes
    assert_one_thread(accounts["mastodon"], PARTS)
    assert_one_thread(accounts["mobilite"], PARTS)
    assert clock.waits == [900]  # one wait, for mobilite only: mastodon went on meanwhile


@pytest.mark.parametrize("created", [True, False])
@pytest.mark.parametrize("dies_on", ["x", "mastodon", "mobilite"])
def test_a_crash_while_one_account_sends_is_reconciled_on_that_account_only(
    tmp_path: Path, dies_on: str, created: bool
) -> None:
    accounts = three_accounts()
    accounts[dies_on].fail_on_call[2] = Fault(FailureKind.TIMEOUT, created=created, crash=True)
    path = tmp_path / "j.jsonl"
    outbox = open_three(path, accounts)
    outbox.submit(to_all(PARTS))
    with pytest.raises(ProcessDied):
        outbox.process()
    outbox.close()
    accounts[dies_on].fail_on_call.clear()
    with open_three(path, accounts) as outbox:
        sending = [r for r in outbox.timeline() if r.state == "sending"]
        report = outbox.process()
    assert [(r.account_id, r.position) for r in sending] == [(dies_on, 2)]
    assert report.found == ([sending[0].ref] if created else [])
    for network in accounts.values():
        assert_one_thread(network, PARTS)


def test_kills_at_every_call_across_three_accounts_double_nothing(tmp_path: Path) -> None:
    """Die at every network call in turn (after creating the post or before), resume
    each time: in the end every account has every part once, in order."""
    accounts = three_accounts()
    path = tmp_path / "j.jsonl"
    texts = [f"Partie {i} du compte rendu" for i in range(1, 5)]
    with open_three(path, accounts) as outbox:
        outbox.submit(to_all(texts), "d4")
    for step in itertools.count():
        name = list(accounts)[step % 3]
        network = accounts[name]
        network.fail_on_call = {
            network.calls + 1: Fault(FailureKind.TIMEOUT, created=step % 2 == 0, crash=True)
        }
        outbox = open_three(path, accounts)
        try:
            report = outbox.process()
        except ProcessDied:
            outbox.close()
            continue
        outbox.close()
        if not report.queued:
            break
        assert step < 100
    assert report.failed == report.uncertain == []
    for network in accounts.values():
        assert_one_thread(network, texts)
    assert verify_journal(path).ok


def test_a_correction_goes_from_the_corrected_posts_account(tmp_path: Path) -> None:
    accounts = three_accounts()
    with open_three(tmp_path / "j.jsonl", accounts) as outbox:
        refs = outbox.submit(to_all(["Vote : 28 pour"]), "d4")
        outbox.process()
        mobilite_ref = next(r for r in refs if outbox.post(r).account_id == "mobilite")
        (correction,) = outbox.post_correction(
            mobilite_ref, {"mastodon": "Rectificatif : 27 pour", "x": "?"}
        )
        outbox.process()
        outbox.delete(mobilite_ref)
        record = outbox.post(correction)
    assert record.account_id == "mobilite" and record.thread_id.startswith("mobilite:")
    assert [p.text for p in accounts["mobilite"].posts] == [
        "Vote : 28 pour",
        "Rectificatif : 27 pour",
    ]
    assert accounts["mobilite"].posts[1].reply_to == accounts["mobilite"].posts[0].post_id
    assert [p.text for p in accounts["mastodon"].posts] == ["Vote : 28 pour"]
    assert accounts["mobilite"].deleted == [accounts["mobilite"].posts[0].post_id]
    assert accounts["mastodon"].deleted == []


def test_by_account_gives_every_account_its_networks_texts(tmp_path: Path) -> None:
    accounts = three_accounts()
    with open_three(tmp_path / "j.jsonl", accounts) as outbox:
        assert outbox.by_account({"mastodon": ["m"], "bluesky": ["b"]}) == {
            "mastodon": ["m"],
            "mobilite": ["m"],
        }


def test_the_report_counts_both_mastodon_accounts_under_mastodon(tmp_path: Path) -> None:
    from livetweet.reporting import build_report

    accounts = three_accounts()
    accounts["mobilite"].account = "@VilleMobilite@mobilite.example"  # its posts name it too
    path = tmp_path / "j.jsonl"
    with open_three(path, accounts) as outbox:
        outbox.submit({"x": ["a"], "mastodon": ["a"]})
        outbox.process()
    report = build_report(path)
    assert {n.network: n.accounts for n in report.networks} == {
        "mastodon": ("@VilleMobilite@mobilite.example", "@ville@social.example"),
        "x": ("@Ville",),
    }


def test_the_status_bar_shows_each_account_and_its_own_failure(tmp_path: Path) -> None:
    """Per account (issue 15's TUI): the mobility account waits for the operator on
    its own; the main Mastodon account beside it stays online."""
    from livetweet.tui.models.outbox_view import status_figures

    accounts = three_accounts()
    accounts["mobilite"].fail_next(FailureKind.FORBIDDEN, status=403)
    with open_three(tmp_path / "j.jsonl", accounts) as outbox:
        outbox.submit(to_all(PARTS))
        outbox.process()
        figures = status_figures(outbox)
    assert list(figures.networks) == ["x", "mastodon", "mobilite"]
    mobilite = figures.networks["mobilite"]
    assert (mobilite.state, mobilite.failed, mobilite.queued) == ("blocked", 1, 1)
    assert figures.networks["mastodon"].state == figures.networks["x"].state == "online"


def test_each_accounts_thread_gets_its_own_posted_notice(tmp_path: Path) -> None:
    from livetweet.tui.models.outbox_view import PostedNotices

    accounts = three_accounts()
    accounts["mobilite"].posts.append(RemotePost("1000", "older", None, "k"))  # ids from 1001
    events: list[OutboxEvent] = []
    with open_three(tmp_path / "j.jsonl", accounts, listener=events.append) as outbox:
        outbox.submit({"mastodon": PARTS, "mobilite": PARTS})  # posted in turns
        outbox.process()
    notices = PostedNotices()
    said = [notices.posted(e) for e in events if e.kind == "posted"]
    # One notice per thread, each with the link to its own first post.
    assert [s is not None and s.rsplit("/", 1)[-1] for s in said] == [False, False, "1000", "1001"]
