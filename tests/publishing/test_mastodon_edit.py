"""A correction on Mastodon made as an edit in place: the status keeps its place in
the thread, the instance keeps the public history, the journal says it was a
correction, and a crash in the call never leaves the edit half-known."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fakemastodon import FakeMastodon
from photofiles import phone_jpeg

from livetweet.publishing import Outbox, OutboxError, PublishError, verify_journal
from livetweet.publishing.attachments import MediaAttachment
from livetweet.publishing.dryrun import DryRunPublisher
from livetweet.publishing.networks.mastodon import MastodonPublisher
from livetweet.publishing.publisher import Published, UploadedMedia

pytestmark = pytest.mark.usefixtures("english")

WRONG = "Adopté : 28 pour, 5 contre"
RIGHT = "Adopté : 28 pour, 5 contre, 2 abstentions"


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon(hang_seconds=2.0) as server:
        yield server


class KilledAfterTheEdit(MastodonPublisher):
    """The process dies once the instance has the edit, before its answer is journalled."""

    def edit(self, post_id: str, text: str, *, media: Sequence[UploadedMedia] = ()) -> Published:
        super().edit(post_id, text, media=media)
        raise KeyboardInterrupt


def publisher(
    server: FakeMastodon, cls: type[MastodonPublisher] = MastodonPublisher
) -> MastodonPublisher:
    return cls(access_token=server.token, api_base_url=server.url, timeout_seconds=0.5)


def posted(tmp_path: Path, server: FakeMastodon) -> str:
    with Outbox.open(tmp_path / "j.jsonl", [publisher(server)]) as outbox:
        [ref] = outbox.submit({"mastodon": [WRONG]})
        outbox.process()
    return ref


def types(path: Path) -> list[str]:
    return [e.type for e in verify_journal(path).entries]


def test_an_edit_in_place_changes_the_status_and_is_journalled_as_a_correction(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    journal = tmp_path / "j.jsonl"
    ref = posted(tmp_path, fake)
    with Outbox.open(journal, [publisher(fake)]) as outbox:
        assert outbox.can_edit("mastodon")
        outbox.edit_in_place(ref, RIGHT)
        record = outbox.post(ref)
    [status] = fake.statuses  # no reply: the same status, edited
    assert (status.text, status.history) == (RIGHT, [WRONG])
    assert (record.text, record.edited_from, record.state) == (RIGHT, [WRONG], "posted")
    assert types(journal)[-3:] == ["editing", "edited", "corrected"]
    assert verify_journal(journal).ok


def test_an_edit_cut_by_a_crash_is_made_on_resume_and_never_becomes_a_new_status(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    journal = tmp_path / "j.jsonl"
    ref = posted(tmp_path, fake)
    killed = Outbox.open(journal, [publisher(fake, KilledAfterTheEdit)])
    with killed as outbox, pytest.raises(KeyboardInterrupt):
        outbox.edit_in_place(ref, RIGHT)
    assert "editing" in types(journal) and "edited" not in types(journal)
    with Outbox.open(journal, [publisher(fake)]) as outbox:
        assert outbox.post(ref).pending_edit == RIGHT
        outbox.process()
        assert outbox.post(ref).text == RIGHT and outbox.post(ref).pending_edit is None
    assert [s.text for s in fake.statuses] == [RIGHT]
    assert "corrected" in types(journal)
    assert verify_journal(journal).ok


def test_a_refused_edit_keeps_the_text_and_says_why(tmp_path: Path, fake: FakeMastodon) -> None:
    journal = tmp_path / "j.jsonl"
    ref = posted(tmp_path, fake)
    with Outbox.open(journal, [publisher(fake)]) as outbox:
        [status] = fake.statuses
        fake.fail_next("422", method="PUT", path=f"/api/v1/statuses/{status.id}")
        with pytest.raises(PublishError):
            outbox.edit_in_place(ref, RIGHT)
        record = outbox.post(ref)
        assert (record.text, record.pending_edit) == (WRONG, None)
        assert record.reason and record.reason.startswith("Not edited")
    assert fake.statuses[0].text == WRONG
    assert "corrected" not in types(journal)


def test_a_dry_run_cannot_edit(tmp_path: Path) -> None:
    dry = DryRunPublisher("mastodon", tmp_path / "dry.jsonl")
    with Outbox.open(tmp_path / "j.jsonl", [dry]) as outbox:
        [ref] = outbox.submit({"mastodon": [WRONG]})
        outbox.process()
        assert not outbox.can_edit("mastodon")
        with pytest.raises(OutboxError):
            outbox.edit_in_place(ref, RIGHT)


def test_an_edit_in_place_keeps_the_photos_of_the_status(
    tmp_path: Path, fake: FakeMastodon
) -> None:
    """Mastodon replaces a status's attachments with those an edit names: an edit
    naming none would strip the photos of the vote from the public post."""
    photo = MediaAttachment(phone_jpeg(tmp_path / "vote.jpg"), "Les élus votent à main levée.")
    with Outbox.open(tmp_path / "j.jsonl", [publisher(fake)]) as outbox:
        [ref] = outbox.submit({"mastodon": [WRONG]}, media=[photo])
        outbox.process()
        [status] = fake.statuses
        assert len(status.media_ids) == 1
        outbox.edit_in_place(ref, RIGHT)
    [status] = fake.statuses
    assert status.text == RIGHT
    assert len(status.media_ids) == 1  # the photo is still on the status
    assert fake.media.items[status.media_ids[0]].description == "Les élus votent à main levée."
