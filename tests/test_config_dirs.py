"""``private_dir``: the one way livetweet makes a directory (0700, whatever the umask)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from livetweet.config import UnsafeDirectoryError, private_dir


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_every_directory_it_creates_is_0700_under_umask_000(tmp_path: Path) -> None:
    leaf = tmp_path / "a" / "b" / "c"
    assert private_dir(leaf) == leaf
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", leaf)] == [0o700] * 3


def test_an_existing_directory_of_the_users_choice_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "partage"
    shared.mkdir()
    shared.chmod(0o755)
    private_dir(shared)
    assert mode(shared) == 0o755


def test_the_apps_own_directory_found_open_is_tightened(tmp_path: Path) -> None:
    own = tmp_path / "cache"
    own.mkdir()
    own.chmod(0o777)
    private_dir(own, tighten=True)
    assert mode(own) == 0o700


def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("", encoding="utf-8")
    with pytest.raises(UnsafeDirectoryError, match="is not a directory"):
        private_dir(tmp_path / "f")
    with pytest.raises(OSError):
        private_dir(tmp_path / "f" / "below")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_directory_of_another_user_is_refused(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o777)
    os.chown(theirs, 65534, 65534)
    with pytest.raises(UnsafeDirectoryError, match="belongs to another user"):
        private_dir(theirs, tighten=True)
