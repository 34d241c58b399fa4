"""paths.py: where the store lives, --home > MEDLOG_HOME > the platform's user data directory,
and the command line really reads and writes the directory that choice names."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from medlog.errors import BadInput
from medlog.paths import Kind, home_dir, user_dir
from tests.conftest import Run, ok

Medlog = Callable[..., Run]
LINUX = sys.platform.startswith("linux")


@pytest.fixture
def platform_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No MEDLOG_HOME, with HOME and XDG_DATA_HOME under tmp_path; the directory platformdirs
    then gives for medlog (never the real one of the person running the tests)."""
    monkeypatch.delenv("MEDLOG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "person"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    store = Path(platformdirs.user_data_dir("medlog", appauthor=False))
    assert store.is_relative_to(tmp_path)
    if LINUX:  # platformdirs honours XDG_DATA_HOME on Linux
        assert store == tmp_path / "xdg-data" / "medlog"
    return store


def test_the_option_beats_the_environment(tmp_path: Path) -> None:
    """--home wins over MEDLOG_HOME."""
    chosen = home_dir(str(tmp_path / "option"), {"MEDLOG_HOME": str(tmp_path / "env")})
    assert chosen == tmp_path / "option"


def test_the_environment_beats_the_platform_directory(tmp_path: Path, platform_store: Path) -> None:
    """Without --home, MEDLOG_HOME wins over the user data directory."""
    assert home_dir(None, {"MEDLOG_HOME": str(tmp_path / "env")}) == tmp_path / "env"


@pytest.mark.parametrize("option", ["", "   ", "\t"])
def test_an_empty_home_option_is_bad_input(option: str, tmp_path: Path) -> None:
    """--home with no directory is refused, not taken as the current directory or ignored."""
    with pytest.raises(BadInput, match="--home needs a directory"):
        home_dir(option, {"MEDLOG_HOME": str(tmp_path / "env")})


def test_a_tilde_expands_to_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`~/x` in --home and in MEDLOG_HOME is under $HOME, never a directory called '~'."""
    monkeypatch.setenv("HOME", str(tmp_path / "person"))
    assert home_dir("~/medlog-test", {}) == tmp_path / "person" / "medlog-test"
    assert home_dir(None, {"MEDLOG_HOME": "~/elsewhere"}) == tmp_path / "person" / "elsewhere"


@pytest.mark.parametrize("where", ["option", "environment"])
def test_an_unknown_users_home_is_bad_input(where: str) -> None:
    """`~nouser-xyz/x` names a user this machine does not know: BadInput, not a traceback."""
    typed = "~nouser-xyz/x"
    with pytest.raises(BadInput, match="a user this machine does not know"):
        if where == "option":
            home_dir(typed, {})
        else:
            home_dir(None, {"MEDLOG_HOME": typed})


def test_without_either_it_is_the_platform_user_data_directory(platform_store: Path) -> None:
    """No option and no MEDLOG_HOME: platformdirs' user data directory for 'medlog'."""
    assert home_dir(None, os.environ) == platform_store


def test_an_empty_medlog_home_falls_back_to_the_platform_directory(platform_store: Path) -> None:
    """MEDLOG_HOME set to nothing counts as unset."""
    assert home_dir(None, {"MEDLOG_HOME": ""}) == platform_store


def test_without_xdg_data_home_it_is_under_local_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With XDG_DATA_HOME unset too, the Linux default is ~/.local/share/medlog."""
    monkeypatch.delenv("MEDLOG_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "person"))
    expected = Path(platformdirs.user_data_dir("medlog", appauthor=False))
    assert home_dir(None, os.environ) == expected
    if LINUX:
        assert expected == tmp_path / "person" / ".local" / "share" / "medlog"


def test_the_command_line_uses_the_platform_directory(
    medlog: Medlog, platform_store: Path, home: Path
) -> None:
    """With no MEDLOG_HOME, `add` creates <XDG_DATA_HOME>/medlog/medlog.toml (0600 in a 0700
    directory), and list, take and history read and write that store, not the test's home."""
    store = platform_store
    assert "No items yet" in ok(medlog("list")).stdout
    assert not store.exists()  # reading an empty store creates nothing
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    assert (store / "medlog.toml").stat().st_mode & 0o777 == 0o600
    assert store.stat().st_mode & 0o777 == 0o700
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)
    assert [item["item"] for item in listed["items"]] == ["lexapro"]
    ok(medlog("take", "lexapro"))
    assert (store / "journal.jsonl").stat().st_mode & 0o777 == 0o600
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item"] for event in events] == ["lexapro"]
    assert not home.exists()  # the autouse fixture's MEDLOG_HOME was removed and never used


def test_the_home_option_beats_medlog_home_on_the_command_line(
    medlog: Medlog, tmp_path: Path, home: Path
) -> None:
    """`medlog --home DIR add ...` writes to DIR even with MEDLOG_HOME set, and leaves it alone."""
    chosen = tmp_path / "chosen"
    ok(medlog("--home", str(chosen), "add", "lexapro", "--dose", "10mg"))
    assert (chosen / "medlog.toml").exists()
    assert not home.exists()
    assert "No items yet" in ok(medlog("list")).stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--home", "~nouser-medlog/x", "today"],
        ["report", "-o", "~nouser-medlog/x.json"],
        ["import", "~nouser-medlog/x.json"],
    ],
)
def test_an_unknown_users_home_is_bad_input_in_every_path_argument(
    medlog: Medlog, args: list[str]
) -> None:
    """`~nouser/...` in --home, -o or import is exit 2 naming a user this machine does not know
    (an outside attacker's finding)."""
    result = medlog(*args)
    assert result.exit_code == 2
    assert "a user this machine does not know" in result.stderr


PLATFORMDIRS = {
    "data": platformdirs.user_data_dir,
    "state": platformdirs.user_state_dir,
    "cache": platformdirs.user_cache_dir,
}
VALUES = [None, "", "relative/dir", "/abs/one", "/abs/two/", "~/tilde"]


@pytest.mark.parametrize("kind", ["data", "state", "cache"])
@pytest.mark.parametrize("home", VALUES)
@pytest.mark.parametrize("xdg", VALUES)
def test_user_dir_is_the_one_platformdirs_names(
    kind: Kind, home: str | None, xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The directory user_dir works out without platformdirs (on Linux, to spare every take
    its import) is the one platformdirs gives, whatever HOME and XDG_*_HOME hold."""
    variable = {"data": "XDG_DATA_HOME", "state": "XDG_STATE_HOME", "cache": "XDG_CACHE_HOME"}
    for name, value in (("HOME", home), (variable[kind], xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        expected = Path(PLATFORMDIRS[kind]("medlog", appauthor=False))
    except RuntimeError:  # platformdirs finds no home at all: user_dir asks it, and agrees
        with pytest.raises(RuntimeError):
            user_dir(kind)
        return
    assert user_dir(kind) == expected
