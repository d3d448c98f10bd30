"""Several accounts in the configuration (issue 15): the `accounts`, `groups` and
`routing` keys, their mistakes located at their line in the user's language, the
routing itself, one publisher per account; and a configuration written before
them (tests/fixtures/config-2026-12-02.yaml) that behaves exactly as it did."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from livetweet.agenda import load_agenda
from livetweet.cli import main
from livetweet.config import ConfigError, load_config
from livetweet.config.routing import route, unknown_themes
from livetweet.publishing.factory import build_publishers

FIXTURES = Path(__file__).parent / "fixtures"
OLD_CONFIG = FIXTURES / "config-2026-12-02.yaml"
X_ENV = {
    "LIVETWEET_X_CONSUMER_KEY": "ck-1",
    "LIVETWEET_X_CONSUMER_SECRET": "cs-2",
    "LIVETWEET_X_ACCESS_TOKEN": "at-3",
    "LIVETWEET_X_ACCESS_TOKEN_SECRET": "ats-4",
}

METROPOLE = """\
networks:
  x:
    enabled: true
    account: "@MetropoleVilleneuve"
    consumer_key: ck-1
    consumer_secret: cs-2
    access_token: at-3
    access_token_secret: ats-4
  mastodon:
    enabled: true
    account: "@metropole@social.villeneuve.fr"
    api_base_url: https://social.villeneuve.fr
    max_characters: 500
    access_token: tok-main
accounts:
  - id: mobilite-mastodon
    network: mastodon
    account: "@VilleneuveMobilite@mobilite.example"
    api_base_url: https://mobilite.example
    max_characters: 1000
    access_token: tok-mobilite
  - id: mobilite-bluesky
    network: bluesky
    account: villeneuvemobilite.bsky.social
    app_password: abcd-efgh-ijkl-mnop
  - id: culture-x
    network: x
    enabled: false
groups:
  principal: [x, mastodon]
  mobilite: [mobilite-mastodon, mobilite-bluesky]
routing:
  principal: all
  mobilite: [mobilite]
"""

AGENDA = """\
version: 1
session: {id: cc, title: Conseil, body: Métropole de Villeneuve,
          start: '2026-12-15T18:00:00+01:00'}
themes:
  - {id: mobilite, label: Mobilités}
  - {id: finances, label: Finances}
items:
  - {id: d1, number: '1', title: Tramway ligne 3, theme: mobilite}
  - {id: d2, number: '2', title: Budget, theme: finances}
  - {id: d3, number: '3', title: Questions diverses}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path / "c.yaml", text))
    return str(caught.value)


# -- a configuration of before: exactly as before -------------------------------------------


def test_a_configuration_written_before_accounts_behaves_as_it_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**os.environ, **X_ENV}
    config = load_config(OLD_CONFIG, env=env)
    assert config.accounts == [] and config.groups == {} and config.routing == {}
    assert [(a.id, a.network) for a in config.all_accounts()] == [
        ("x", "x"),
        ("mastodon", "mastodon"),
        ("bluesky", "bluesky"),
    ]
    # nothing enabled: the three networks simulated, each its default account
    publishers = build_publishers(config, journal_path=tmp_path / "j.jsonl")
    assert [(p.network, p.account_id, p.dry_run) for p in publishers] == [
        ("x", "x", True),
        ("mastodon", "mastodon", True),
        ("bluesky", "bluesky", True),
    ]
    assert publishers[0].account == "@VilleDeVilleneuve"  # the handle, as before
    assert route(config, "finances") == route(config, None) == ["x", "mastodon", "bluesky"]
    # the override of before still turns X on; then X alone, for real
    monkeypatch.setenv("LIVETWEET_NETWORKS__X__ENABLED", "true")
    enabled = load_config(OLD_CONFIG, env=env)
    [x] = build_publishers(enabled, journal_path=tmp_path / "j.jsonl")
    assert (x.network, x.account_id, x.dry_run) == ("x", "x", False)
    assert route(enabled, None) == ["x"]
    assert sorted(enabled.secret_values()) == sorted(X_ENV.values())


# -- accounts, groups, routing ----------------------------------------------------------------


def test_each_enabled_account_gets_its_publisher_with_its_id(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "c.yaml", METROPOLE))
    publishers = build_publishers(config, journal_path=tmp_path / "j.jsonl")
    assert [(p.account_id, p.network, p.account) for p in publishers] == [
        ("x", "x", "@MetropoleVilleneuve"),
        ("mastodon", "mastodon", "@metropole@social.villeneuve.fr"),
        ("mobilite-mastodon", "mastodon", "@VilleneuveMobilite@mobilite.example"),
        ("mobilite-bluesky", "bluesky", "@villeneuvemobilite.bsky.social"),
    ]  # culture-x says enabled: false


def test_a_dry_run_simulates_every_configured_account(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "c.yaml", METROPOLE + "dry_run: true\n"))
    publishers = build_publishers(config, journal_path=tmp_path / "j.jsonl")
    assert all(p.dry_run for p in publishers)
    assert [(p.account_id, p.network) for p in publishers] == [
        ("x", "x"),
        ("mastodon", "mastodon"),
        ("bluesky", "bluesky"),
        ("mobilite-mastodon", "mastodon"),
        ("mobilite-bluesky", "bluesky"),
    ]
    assert publishers[3].account == "@VilleneuveMobilite@mobilite.example"


def test_the_routing_sends_each_theme_to_its_groups(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "c.yaml", METROPOLE))
    everyone = ["x", "mastodon", "mobilite-mastodon", "mobilite-bluesky"]
    assert route(config, "mobilite") == everyone
    assert route(config, "finances") == ["x", "mastodon"]
    assert route(config, None) == ["x", "mastodon"]  # no item, or no theme: "all" groups
    unrouted = METROPOLE[: METROPOLE.index("routing:")]
    assert route(load_config(write(tmp_path / "u.yaml", unrouted)), "finances") == everyone


def test_every_accounts_secrets_are_known_so_the_journal_refuses_them(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "c.yaml", METROPOLE))
    assert {"tok-mobilite", "abcd-efgh-ijkl-mnop", "tok-main", "at-3"} <= set(
        config.secret_values()
    )


def test_per_account_limits_for_a_mastodon_instance_of_its_own(tmp_path: Path) -> None:
    from livetweet.publishing.factory import character_limits

    limits = character_limits(load_config(write(tmp_path / "c.yaml", METROPOLE)))
    assert limits.limits == {"mastodon": 500}  # per network: the default account's
    assert limits.limit("mastodon", "mastodon") == 500
    assert limits.limit("mobilite-mastodon", "mastodon") == 1000
    assert limits.limit("mobilite-bluesky", "bluesky") is None  # Bluesky's own rules


def test_a_declared_accounts_missing_secret_names_its_auth_command(tmp_path: Path) -> None:
    text = METROPOLE.replace("tok-mobilite", "keyring:livetweet/mastodon-mobilite-at")
    message = refused(tmp_path, text)
    assert "c.yaml:21:5: accounts.0.access_token: nothing is stored under" in message
    assert "livetweet auth mastodon --account mobilite-mastodon" in message
    # disabled, it is not needed
    load_config(write(tmp_path / "d.yaml", text.replace("max_characters: 1000", "enabled: false")))


def test_a_literal_secret_of_an_account_in_a_readable_file_is_refused(tmp_path: Path) -> None:
    account = METROPOLE[METROPOLE.index("accounts:") : METROPOLE.index("  - id: mobilite-bluesky")]
    path = write(tmp_path / "c.yaml", account)
    path.chmod(0o644)
    with pytest.raises(ConfigError, match=r"c.yaml:7:5: accounts.0.access_token is a secret"):
        load_config(path)


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            ("id: culture-x", "id: mobilite-bluesky"),
            "26:5: accounts.2.id",
            "l'identifiant mobilite-bluesky est déjà celui d'un autre compte",
        ),
        (
            ("id: culture-x", "id: mastodon"),
            "26:5: accounts.2.id",
            "l'identifiant mastodon est réservé au compte principal du réseau",
        ),
        (
            ("id: culture-x", "id: Culture_X"),
            "26:5: accounts.2.id",
            "un identifiant de compte a de 1 à 32 caractères",
        ),
        (
            ("network: x", "network: twitter"),
            "27:5: accounts.2.network",
            "doit être l'une de ces valeurs : x, mastodon, bluesky",
        ),
        (
            ("mobilite: [mobilite-mastodon, ", "mobilite: [mobilite-mastodn, "),
            "31:14: groups.mobilite.0",
            "aucun compte mobilite-mastodn ; les comptes sont : x, mastodon, bluesky, "
            "mobilite-mastodon, mobilite-bluesky, culture-x",
        ),
        (
            ("  mobilite: [mobilite]", "  mobilites: [mobilite]"),
            "34:3: routing.mobilites",
            "aucun groupe mobilites sous groups: ; les groupes sont : principal, mobilite",
        ),
        (
            ("  mobilite: [mobilite]", "  mobilite: mobilite"),
            "34:3: routing.mobilite",
            "doit être « all » ou une liste d'identifiants de thèmes",
        ),
    ],
)
def test_account_mistakes_are_located_and_said_in_french(
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    change: tuple[str, str],
    where: str,
    message: str,
) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    config = write(tmp_path / "c.yaml", METROPOLE.replace(*change))
    status = main(["post", "--config", str(config), "--journal", str(tmp_path / "j.jsonl"), "ok"])
    output = capfd.readouterr().err
    assert status == 2
    assert f"{config}:{where}: {message}" in " ".join(output.split())
    assert "Traceback" not in output and not (tmp_path / "j.jsonl").exists()


def test_accounts_routing_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVETWEET_ROUTING", '{"principal": ["finances"], "mobilite": "all"}')
    monkeypatch.setenv("LIVETWEET_NETWORKS__X__ENABLED", "false")
    config = load_config(write(tmp_path / "c.yaml", METROPOLE))
    assert route(config, "finances") == ["mastodon", "mobilite-mastodon", "mobilite-bluesky"]
    assert route(config, None) == ["mobilite-mastodon", "mobilite-bluesky"]


# -- unknown themes: agenda check --config, and a warning at launch ---------------------------


def test_agenda_check_with_the_config_names_routed_themes_the_agenda_lacks(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    agenda = write(tmp_path / "odj.yaml", AGENDA)
    config = write(tmp_path / "c.yaml", METROPOLE.replace("[mobilite]", "[mobilité, mobilite]"))
    assert main(["agenda", "check", str(agenda)]) == 0  # alone, the agenda is fine
    capfd.readouterr()
    assert main(["agenda", "check", str(agenda), "--config", str(config)]) == 1
    out = capfd.readouterr().out
    assert (
        f"{config}:34:14: error: routing.mobilite: the agenda has no theme mobilité; "
        "its themes: mobilite, finances"
    ) in out
    fixed = write(tmp_path / "f.yaml", METROPOLE)
    assert main(["agenda", "check", str(agenda), "--config", str(fixed)]) == 0
    assert unknown_themes(load_config(fixed), load_agenda(agenda)) == []


def test_a_routed_theme_the_agenda_lacks_is_a_warning_when_posting(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    agenda = write(tmp_path / "odj.yaml", AGENDA.replace("id: mobilite,", "id: transports,"))
    agenda.write_text(agenda.read_text().replace("theme: mobilite", "theme: transports"))
    config = write(tmp_path / "c.yaml", METROPOLE + "dry_run: true\n")
    journal = tmp_path / "j.jsonl"
    argv = ["post", "--config", str(config), "--journal", str(journal), "--agenda", str(agenda)]
    status = main([*argv, "--item", "d2", "Budget adopté"])
    captured = capfd.readouterr()
    assert status == 0, captured.err
    assert "routing.mobilite: the agenda has no theme mobilite; its themes: transports" in (
        captured.err
    )
    assert [line.split("\t")[0] for line in captured.out.splitlines()] == ["x", "mastodon"]
