"""A rehearsed session, journalled by the real dry-run pipeline: votes, a thread,
a correction, a deletion, a huis clos override and an uncertain post."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from livetweet.agenda import Agenda, load_agenda
from livetweet.publishing import DryRunPublisher, FailureKind, Outbox, Published, PublishError
from livetweet.publishing.dryrun import dry_run_outbox_path
from livetweet.publishing.publisher import UploadedMedia

AGENDA = Path(__file__).with_name("agenda.yaml")
THREAD = [
    "1/2 Le budget primitif 2027 est présenté par @PaulBernard_VN #Budget2027 "
    "https://www.villeneuve.example.fr/budget.pdf",
    "2/2 Il prévoit 12 M€ d'investissements, <b>sans</b> hausse des taux #CMVilleneuve",
]


class UnreachableDryRun(DryRunPublisher):
    """A dry-run publisher whose next call times out and whose posts cannot be
    looked up: the post becomes uncertain, as on a network that went silent."""

    silent_next = False

    def publish(
        self,
        text: str,
        *,
        reply_to: str | None,
        idempotency_key: str,
        media: Sequence[UploadedMedia] = (),
    ) -> Published:
        if self.silent_next:
            self.silent_next = False
            raise PublishError(FailureKind.TIMEOUT, "no answer")
        return super().publish(text, reply_to=reply_to, idempotency_key=idempotency_key)

    def find_posted(self, idempotency_key: str, text: str) -> Published | None:
        raise LookupError("cannot read the account")


@dataclass
class Session:
    journal: Path
    agenda_path: Path
    agenda: Agenda
    refs: dict[str, list[str]]


def rehearse(tmp: Path) -> Session:
    agenda_path = tmp / "agenda.yaml"
    shutil.copyfile(AGENDA, agenda_path)
    agenda = load_agenda(agenda_path)
    journal = tmp / "cm-test.jsonl"
    outbox_file = dry_run_outbox_path(journal)
    x = UnreachableDryRun("x", outbox_file, "@VilleDeVilleneuve")
    mastodon = DryRunPublisher("mastodon", outbox_file, "@ville@social.example.fr")
    refs: dict[str, list[str]] = {}
    with Outbox.open(journal, [x, mastodon], agenda=agenda, thread_mode="item") as outbox:
        refs["opening"] = outbox.submit(
            {"x": ["La séance est ouverte #CMVilleneuve"]}, None, "opening"
        )
        outbox.record_item_started("budget")
        refs["thread"] = outbox.submit({"x": THREAD, "mastodon": [" ".join(THREAD)]}, "budget")
        outbox.process()
        outbox.record_vote("budget", 25, 5, 3, "adopted")
        refs["vote"] = outbox.submit(
            {"x": ["Budget adopté : 25 pour, 5 contre, 3 abstentions"]}, "budget", "adopted_vote"
        )
        outbox.process()
        refs["correction"] = outbox.post_correction(
            refs["vote"][0], "Rectificatif : 26 pour, et non 25."
        )
        outbox.process()
        outbox.record_item_started("subventions")
        refs["typo"] = outbox.submit(
            {"mastodon": ["Subventions : erreur de frappe"]}, "subventions"
        )
        outbox.process()
        outbox.delete(refs["typo"][0])
        outbox.record_vote("subventions", 30, 0, 0, "adopted_unanimously")
        outbox.record_item_started("agent")
        refs["override"] = outbox.submit(
            {"x": ["Le conseil se réunit à huis clos."]}, "agent", "closed_session", override=True
        )
        outbox.process()
        x.silent_next = True
        refs["uncertain"] = outbox.submit(
            {"x": ["Fin de la séance #CMVilleneuve"]}, None, "closing"
        )
        outbox.process()
    return Session(journal, agenda_path, agenda, refs)


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return rehearse(tmp_path)
