"""The journal: a tamper-evident public record that survives crashes mid-write."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livetweet.publishing import FailureKind, Journal, JournalCut, JournalError, verify_journal
from livetweet.publishing.outbox import Outbox

from .conftest import FakeClock, ScriptedNetwork


def write_journal(path: Path, n: int = 6) -> None:
    journal, _ = Journal.open(path, session_id="cm-2026-12-15")
    journal.append("session_opened", operator="agent-com")
    for i in range(2, n + 1):
        journal.append("queued", ref=f"p{i}", text=f"Point {i} adopté à l'unanimité", network="x")
    journal.close()


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def test_a_new_journal_is_private_and_verifies(tmp_path: Path) -> None:
    path = tmp_path / "journals" / "s.jsonl"
    write_journal(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    result = verify_journal(path)
    assert result.ok and len(result.entries) == 6
    assert result.session_id == "cm-2026-12-15"
    first = json.loads(lines(path)[0])
    assert first["seq"] == 1 and first["ts"].endswith("+00:00")


def test_editing_an_entry_is_detected_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    content = lines(path)
    content[3] = content[3].replace("adopté".encode(), "rejeté".encode())
    path.write_bytes(b"".join(content))
    result = verify_journal(path)
    assert not result.ok and result.error_line == 4


def test_editing_and_rehashing_one_entry_breaks_the_chain_at_the_next(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    content = lines(path)
    record = json.loads(content[2])
    record["text"] = "faux"
    del record["hash"]
    import hashlib

    body = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    forged = body[:-1] + b',"hash":"' + hashlib.sha256(body).hexdigest().encode() + b'"}\n'
    content[2] = forged
    path.write_bytes(b"".join(content))
    result = verify_journal(path)
    assert not result.ok and result.error_line == 4


@pytest.mark.parametrize("cut", [0, 2])
def test_deleting_an_entry_is_detected(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    content = lines(path)
    del content[cut]
    path.write_bytes(b"".join(content))
    result = verify_journal(path)
    assert not result.ok and result.error_line == cut + 1


def test_swapping_entries_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    content = lines(path)
    content[2], content[3] = content[3], content[2]
    path.write_bytes(b"".join(content))
    assert verify_journal(path).error_line == 3


def test_a_torn_last_line_is_reported_then_closed_off_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    with path.open("ab") as f:
        f.write(b'{"network":"x","prev":"0f3a')  # the crash hit mid-write
    torn = verify_journal(path)
    assert torn.ok and torn.torn_tail_line == 7
    journal, entries = Journal.open(path)
    assert entries[-1].type == "torn_tail" and entries[-1].get("line") == 7
    journal.append("queued", ref="p8", text="après la panne", network="x")
    journal.close()
    result = verify_journal(path)
    assert result.ok and result.torn_tail_line is None
    assert [e.type for e in result.entries][-2:] == ["torn_tail", "queued"]


def test_a_garbage_line_in_the_middle_is_not_excused(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    content = lines(path)
    content.insert(3, b'{"half an entry\n')
    path.write_bytes(b"".join(content))
    result = verify_journal(path)
    assert not result.ok and result.error_line == 4


def test_a_broken_journal_is_not_appended_to(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    content = lines(path)
    del content[1]
    path.write_bytes(b"".join(content))
    with pytest.raises(JournalError, match=r"s\.jsonl:2"):
        Journal.open(path)


def test_only_one_process_writes_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    journal, _ = Journal.open(path, session_id="s")
    try:
        with pytest.raises(JournalError, match="in use"):
            Journal.open(path)
    finally:
        journal.close()


def test_fields_must_be_plain_data(tmp_path: Path) -> None:
    journal, _ = Journal.open(tmp_path / "s.jsonl", session_id="s")
    with pytest.raises(TypeError):
        journal.append("failed", reason=RuntimeError("boom"))
    with pytest.raises(ValueError, match="reserved"):
        journal.append("failed", seq=3)
    journal.close()


def test_no_secret_reaches_the_journal_whatever_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "AAAAsecretTOKEN1234567890"
    monkeypatch.setenv("LIVETWEET_X_ACCESS_TOKEN", secret)
    network = ScriptedNetwork(can_lookup=False)
    # a careless network error message quoting the token, and a publisher crash
    network.fail_next(FailureKind.UNAUTHORIZED, message=f"401 for token {secret}")
    network.fail_next(FailureKind.SERVER, status=500, message=f"oauth_token={secret}")
    path = tmp_path / "s.jsonl"
    with Outbox.open(
        path, [network], session_id="s", clock=FakeClock(), secrets=[secret]
    ) as outbox:
        first = outbox.submit({"x": ["un"]})[0]
        outbox.process()
        outbox.retry(first)
        outbox.process()

        def explode(*args: object, **kwargs: object) -> None:
            raise RuntimeError(f"connection to https://api.x.com?token={secret}")

        outbox.submit({"x": ["deux"]}, reply_to_id="5")
        network.publish = explode  # type: ignore[assignment,method-assign]
        outbox.process()
    raw = path.read_text(encoding="utf-8")
    assert "uncertain" in raw and "RuntimeError" in raw
    assert secret not in raw
    assert verify_journal(path).ok


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_any_single_byte_change_is_detected_or_flagged(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("j") / "s.jsonl"
    write_journal(path, n=4)
    raw = bytearray(path.read_bytes())
    index = data.draw(st.integers(0, len(raw) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != raw[index]))
    raw[index] = new
    path.write_bytes(bytes(raw))
    result = verify_journal(path)
    assert not result.ok or result.torn_tail_line is not None
    if index < len(raw) - 1:  # only removing the final newline can pass for a torn write
        assert not result.ok


def test_a_crash_during_recovery_is_recovered_too(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    with path.open("ab") as f:
        f.write(b'{"network":"x","prev":"0f3a')
    journal, _ = Journal.open(path)  # cuts the torn bytes, records them
    journal.close()
    with path.open("ab") as f:  # ...and the app dies again mid-write
        f.write(b'{"network":"x"')
    journal, entries = Journal.open(path)
    journal.close()
    result = verify_journal(path)
    assert result.ok and result.torn_tail_line is None
    assert [e.type for e in entries][-2:] == ["torn_tail", "torn_tail"]
    assert [e.line_no for e in result.entries] == list(range(1, len(result.entries) + 1))


def test_a_cut_journal_is_refused_until_accepted_then_opens_again(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    path.write_bytes(b"".join(lines(path)[:3]))  # a valid, shorter chain
    with pytest.raises(JournalCut) as cut:
        Journal.open(path)
    assert cut.value.missing == 3 and "3 entries are missing" in str(cut.value)
    journal, entries = Journal.open(path, accept_missing=3)
    assert entries[-1].type == "entries_missing" and entries[-1].get("missing") == 3
    journal.close()
    journal, _ = Journal.open(path)  # the acceptance moved the mark: no second refusal
    journal.close()
    assert verify_journal(path).ok


def test_a_journal_deleted_altogether_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    write_journal(path)
    path.unlink()  # nothing left to resume, so nothing can be sent twice
    journal, _ = Journal.open(path, session_id="cm-2026-12-16")
    journal.append("session_opened", operator="agent-com")
    journal.close()
    journal, entries = Journal.open(path)
    journal.close()
    assert [e.type for e in entries] == ["session_opened"]


def test_a_full_disk_is_said_in_the_operators_language() -> None:
    import errno

    from livetweet.i18n import os_error, set_language

    set_language("fr")  # the autouse fixture puts English back
    full = OSError(errno.ENOSPC, "No space left on device")
    assert os_error(full) == "plus de place sur le disque"
