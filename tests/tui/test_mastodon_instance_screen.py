"""`livetweet run` with a Mastodon instance: the screen counts links with the
instance's own weight, and a cached limit is said on the screen, not on a terminal
the screen is about to cover."""

from __future__ import annotations

from pathlib import Path

import pytest
from english_leaks import screen_text
from fakemastodon import FakeMastodon

from livetweet.agenda import Agenda
from livetweet.cli.run import with_instance_limits
from livetweet.config import load_config
from livetweet.tui import build_app

LINK = "Délibération : https://www.ville-exemple.fr/deliberation"


def config_file(tmp_path: Path, fake: FakeMastodon) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(fake.config_yaml(timeout_seconds=0.5), encoding="utf-8")
    path.chmod(0o600)
    return path


def test_the_screen_counts_links_with_the_instances_weight(agenda: Agenda, tmp_path: Path) -> None:
    with FakeMastodon(characters_reserved_per_url=30) as fake:
        config, notices = with_instance_limits(load_config(config_file(tmp_path, fake)))
    assert notices == []
    app = build_app(agenda, config=config)
    [draft] = app.analyser.analyse(LINK, ["mastodon"], None).networks
    assert draft.count.length == len("Délibération : ") + 30


@pytest.mark.usefixtures("french")
async def test_a_cached_limit_is_said_on_the_screen_not_on_stderr(
    agenda: Agenda, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeMastodon(max_characters=420) as fake:
        path = config_file(tmp_path, fake)
        with_instance_limits(load_config(path))  # cached on the first launch
    config, notices = with_instance_limits(load_config(path))  # the instance is gone
    assert capsys.readouterr().err == ""
    assert config.networks.mastodon.max_characters == 420
    app = build_app(agenda, config=config, notices=notices)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        shown = screen_text(app.export_screenshot())
    assert "Limites de caractères" in shown
    assert "420" in shown and "en cache" in shown
