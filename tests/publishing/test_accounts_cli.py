"""`livetweet post` to several accounts (issue 15), against real parts: X on the fake
X server, the metropolis's Mastodon account on one fake instance (500 characters)
and its mobility account on another (300 characters), through the real tweepy and
Mastodon.py. An item whose theme routes to both groups reaches all three, each
its own thread cut to its own limit; one account failing leaves the others posted;
`auth mastodon --account` stores that account's token under its own name."""

from __future__ import annotations

import io
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fakemastodon import FakeMastodon
from fakemastodon.state import AUTH_CODE
from fakex import FakeX
from fakex.fixtures import MemoryKeyring

from livetweet.cli import main
from livetweet.config import load_config
from livetweet.publishing import verify_journal
from livetweet.publishing.factory import build_publishers
from livetweet.text import count

from .test_mastodon_cli import LONG_TEXT

pytestmark = pytest.mark.usefixtures("english")

AGENDA = """\
version: 1
session: {id: cc-villeneuve, title: Conseil métropolitain, body: Métropole de Villeneuve,
          start: '2026-12-15T18:00:00+01:00'}
themes:
  - {id: mobilite, label: Mobilités}
  - {id: finances, label: Finances}
items:
  - {id: d1, number: '1', title: Tramway ligne 3, theme: mobilite}
  - {id: d2, number: '2', title: Budget primitif, theme: finances}
"""


def metropolis_config(x: FakeX, main_: FakeMastodon, mobility: FakeMastodon) -> str:
    return (
        x.config_yaml(timeout_seconds=2.0)
        + "  mastodon:\n"
        + "    enabled: true\n"
        + '    account: "@metropole@127.0.0.1"\n'
        + f"    api_base_url: {main_.url}\n"
        + "    timeout_seconds: 2\n"
        + f"    access_token: {main_.token}\n"
        + "accounts:\n"
        + "  - id: mobilite-mastodon\n"
        + "    network: mastodon\n"
        + '    account: "@VilleneuveMobilite@127.0.0.1"\n'
        + f"    api_base_url: {mobility.url}\n"
        + "    timeout_seconds: 2\n"
        + f"    access_token: {mobility.token}\n"
        + "groups:\n"
        + "  principal: [x, mastodon]\n"
        + "  mobilite: [mobilite-mastodon]\n"
        + "routing:\n"
        + "  principal: all\n"
        + "  mobilite: [mobilite]\n"
    )


class Metropolis:
    def __init__(self, tmp_path: Path, x: FakeX, main_: FakeMastodon, mobility: FakeMastodon):
        self.x, self.main, self.mobility = x, main_, mobility
        self.config = tmp_path / "config.yaml"
        self.config.write_text(metropolis_config(x, main_, mobility), encoding="utf-8")
        self.config.chmod(0o600)
        self.agenda = tmp_path / "odj.yaml"
        self.agenda.write_text(AGENDA, encoding="utf-8")
        self.journal = tmp_path / "seance.jsonl"

    def post(self, *args: str) -> list[str]:
        return [
            "post",
            "--config",
            str(self.config),
            "--journal",
            str(self.journal),
            "--agenda",
            str(self.agenda),
            *args,
        ]


@pytest.fixture
def metropolis(tmp_path: Path, fake_x: FakeX) -> Iterator[Metropolis]:
    with (
        FakeMastodon(max_characters=500) as main_,
        FakeMastodon(max_characters=300, username="VilleneuveMobilite") as mobility,
    ):
        yield Metropolis(tmp_path, fake_x, main_, mobility)


def chained(ids_and_replies: list[tuple[str, str | None]]) -> bool:
    """One thread: the first replies to nothing, each next one to the previous."""
    if not ids_and_replies or ids_and_replies[0][1] is not None:
        return False
    return all(b[1] == a[0] for a, b in itertools.pairwise(ids_and_replies))


def test_an_item_routed_to_both_groups_reaches_all_three_each_its_own_thread(
    metropolis: Metropolis, capfd: pytest.CaptureFixture[str]
) -> None:
    status = main(metropolis.post("--item", "d1", LONG_TEXT))
    out, err = capfd.readouterr()
    assert status == 0, err
    x_posts, main_statuses = metropolis.x.posts, metropolis.main.statuses
    mobility_statuses = metropolis.mobility.statuses
    assert chained([(p.id, p.in_reply_to) for p in x_posts])
    assert chained([(s.id, s.in_reply_to) for s in main_statuses])
    assert chained([(s.id, s.in_reply_to) for s in mobility_statuses])
    # each Mastodon account cut to its own instance's limit
    assert all(count(s.text, "mastodon", limit=300).fits for s in mobility_statuses)
    assert max(count(s.text, "mastodon").length for s in main_statuses) > 300
    assert len(mobility_statuses) > len(main_statuses)
    # one line per post, naming its account (the accounts take turns)
    accounts = Counter(line.split("\t")[0] for line in out.splitlines())
    assert accounts == {
        "x": len(x_posts),
        "mastodon": len(main_statuses),
        "mobilite-mastodon": len(mobility_statuses),
    }
    entries = verify_journal(metropolis.journal).entries
    queued = [e for e in entries if e.type == "queued"]
    threads = {e.get("account_id"): e.get("thread") for e in queued}
    assert set(threads) == {"x", "mastodon", "mobilite-mastodon"}
    assert len(set(threads.values())) == 3  # its own thread each
    assert metropolis.mobility.token not in metropolis.journal.read_text(encoding="utf-8")


def test_an_item_of_another_theme_stays_on_the_main_accounts(
    metropolis: Metropolis, capfd: pytest.CaptureFixture[str]
) -> None:
    status = main(metropolis.post("--item", "d2", "Le budget primitif est adopté."))
    assert status == 0, capfd.readouterr().err
    assert [p.text for p in metropolis.x.posts] == ["Le budget primitif est adopté."]
    assert [s.text for s in metropolis.main.statuses] == ["Le budget primitif est adopté."]
    assert metropolis.mobility.statuses == []


def test_a_fault_on_one_account_leaves_the_others_posted(
    metropolis: Metropolis, capfd: pytest.CaptureFixture[str]
) -> None:
    metropolis.mobility.fail_next("401")  # the mobility account's token was revoked
    status = main(metropolis.post("--item", "d1", "Le tracé du tramway est adopté."))
    out, err = capfd.readouterr()
    assert status == 1
    assert [p.text for p in metropolis.x.posts] == ["Le tracé du tramway est adopté."]
    assert [s.text for s in metropolis.main.statuses] == ["Le tracé du tramway est adopté."]
    assert metropolis.mobility.statuses == []
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == ["mastodon", "x"]
    assert "mobilite-mastodon" in err and "failed" in err


def test_post_account_posts_to_the_named_accounts_only(
    metropolis: Metropolis, capfd: pytest.CaptureFixture[str]
) -> None:
    status = main(
        metropolis.post("--account", "mobilite-mastodon", "--account", "x", "Travaux rue Haute.")
    )
    out, err = capfd.readouterr()
    assert status == 0, err
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == ["mobilite-mastodon", "x"]
    assert metropolis.main.statuses == []
    assert [s.text for s in metropolis.mobility.statuses] == ["Travaux rue Haute."]


def test_an_unknown_account_is_refused_in_french_before_anything_is_journalled(
    metropolis: Metropolis, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    status = main(metropolis.post("--account", "mobilite-mastodn", "Travaux rue Haute."))
    err = " ".join(capfd.readouterr().err.split())
    assert status == 2
    assert (
        "Aucun compte mobilite-mastodn où publier ; les comptes sont : x, mastodon, "
        "mobilite-mastodon." in err
    )
    assert not metropolis.journal.exists()
    assert metropolis.x.posts == [] and metropolis.mobility.statuses == []


def test_auth_mastodon_account_stores_that_accounts_token_and_prints_its_entry(
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FakeMastodon(username="VilleneuveMobilite") as fake:
        monkeypatch.setattr("sys.stdin", io.StringIO(AUTH_CODE + "\n"))
        args = ["auth", "mastodon", "--account", "mobilite-mastodon", "--instance", fake.url]
        assert main(args) == 0
        out, err = capsys.readouterr()
        name = "mastodon-mobilite-mastodon-access-token"
        assert memory_keyring.entries == {("livetweet", name): fake.token}
        assert fake.token not in out + err
        snippet = yaml.safe_load(out[out.index("accounts:") :])
        assert snippet == {
            "accounts": [
                {
                    "id": "mobilite-mastodon",
                    "network": "mastodon",
                    "account": "@VilleneuveMobilite@127.0.0.1",
                    "api_base_url": fake.url,
                    "access_token": f"keyring:livetweet/{name}",
                }
            ]
        }
        config = tmp_path / "config.yaml"
        config.write_text(yaml.safe_dump(snippet), encoding="utf-8")
        [publisher] = build_publishers(load_config(config), journal_path=tmp_path / "j.jsonl")
        assert publisher.account_id == "mobilite-mastodon"
        publisher.publish("Séance ouverte", reply_to=None, idempotency_key="k")
        assert [s.text for s in fake.statuses] == ["Séance ouverte"]
    # the main account's token, stored before, is untouched by another account's
    assert ("livetweet", "mastodon-access-token") not in memory_keyring.entries


def test_auth_refuses_an_account_of_another_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        "accounts:\n  - id: mobilite-bluesky\n    network: bluesky\n    enabled: false\n",
        encoding="utf-8",
    )
    status = main(["auth", "mastodon", "--config", str(config), "--account", "mobilite-bluesky"])
    assert status == 2
    assert "livetweet auth bluesky --account mobilite-bluesky" in capsys.readouterr().err
    assert main(["auth", "x", "--account", "Mobilité"]) == 2
    assert "an account id is 1 to 32 characters" in capsys.readouterr().err


def test_the_screen_counts_each_mastodon_account_with_its_instances_limit(
    metropolis: Metropolis,
) -> None:
    from livetweet.cli.run import routing_warnings, with_instance_limits

    config, notices = with_instance_limits(load_config(metropolis.config))
    assert notices == []
    assert config.networks.mastodon.max_characters == 500
    [mobility] = config.accounts
    assert (mobility.id, mobility.max_characters) == ("mobilite-mastodon", 300)  # type: ignore[union-attr]
    # and a routed theme the agenda lacks is a warning at launch, with where it is written
    from livetweet.agenda import load_agenda

    metropolis.agenda.write_text(AGENDA.replace("mobilite", "transports"), encoding="utf-8")
    [warning] = routing_warnings(config, load_agenda(metropolis.agenda))
    assert warning.startswith(f"Warning: {metropolis.config}:")
    assert "routing.mobilite: the agenda has no theme mobilite; its themes: transports" in warning


def test_auth_x_account_asks_the_app_keys_and_stores_all_four_under_its_id(
    tmp_path: Path,
    fake_x: FakeX,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    creds = fake_x.credentials
    config = tmp_path / "config.yaml"
    config.write_text(
        "accounts:\n  - id: culture-x\n    network: x\n"
        f"    api_base_url: {fake_x.url}\n    timeout_seconds: 2\n",
        encoding="utf-8",
    )
    answers = f"{creds.consumer_key}\n{creds.consumer_secret}\n{creds.pin}\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    assert main(["auth", "x", "--config", str(config), "--account", "culture-x"]) == 0
    out, err = capsys.readouterr()
    names = {
        "x-culture-x-consumer-key": creds.consumer_key,
        "x-culture-x-consumer-secret": creds.consumer_secret,
        "x-culture-x-access-token": creds.access_token,
        "x-culture-x-access-token-secret": creds.access_token_secret,
    }
    assert memory_keyring.entries == {("livetweet", k): v for k, v in names.items()}
    assert creds.access_token_secret not in out + err
    [entry] = yaml.safe_load(out[out.index("accounts:") :])["accounts"]
    assert (entry["id"], entry["network"], entry["api_base_url"]) == ("culture-x", "x", fake_x.url)
    config.write_text(yaml.safe_dump({"accounts": [entry]}), encoding="utf-8")
    [publisher] = build_publishers(load_config(config), journal_path=tmp_path / "j.jsonl")
    assert publisher.account_id == "culture-x"
    publisher.publish("Séance ouverte", reply_to=None, idempotency_key="k")
    assert [p.text for p in fake_x.posts] == ["Séance ouverte"]


def test_a_reply_goes_only_to_the_account_of_the_post_it_replies_to(
    metropolis: Metropolis, capfd: pytest.CaptureFixture[str]
) -> None:
    """A correction from the command line (``--reply-to``): a post id belongs to one
    account, so a reply routed to several is refused before anything is journalled;
    with ``--account`` it replies from that account alone."""
    status = main(
        metropolis.post("--account", "mobilite-mastodon", "Tramway : adopté à l'unanimté")
    )
    assert status == 0, capfd.readouterr().err
    [original] = metropolis.mobility.statuses
    journal = metropolis.journal.with_name("correction.jsonl")
    fix = "Rectificatif : unanimité"
    common = ["post", "--config", str(metropolis.config), "--journal", str(journal)]
    common += ["--agenda", str(metropolis.agenda), "--item", "d1", "--reply-to", original.id]
    status = main([*common, fix])
    err = capfd.readouterr().err
    assert status == 2
    assert "--reply-to" in err and "x, mastodon, mobilite-mastodon" in err
    assert not journal.exists() and len(metropolis.mobility.statuses) == 1
    assert metropolis.main.statuses == [] and metropolis.x.posts == []
    status = main([*common, "--account", "mobilite-mastodon", fix])
    err = capfd.readouterr().err
    assert status == 0, err
    reply = metropolis.mobility.statuses[-1]
    assert (reply.text, reply.in_reply_to) == (fix, original.id)
    assert metropolis.main.statuses == [] and metropolis.x.posts == []
