"""medlog remind (issue 23): the systemd user timer or crontab line that runs due --notify,
written, read back by the real parsers, and removed without a trace."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from croniter import croniter

from tests.conftest import MEDLOG_COMMAND, Run, in_terminal, ok, program

Medlog = Callable[..., Run]
GOLDEN = Path(__file__).parent.parent / "data" / "remind"

CRONTAB = """#!{python}
import sys
from pathlib import Path
table = Path({table!r})
if sys.argv[1:] == ["-l"]:
    if not table.exists():
        sys.stderr.write("no crontab for tester\\n")
        sys.exit(1)
    sys.stdout.write(table.read_text())
elif sys.argv[1:] == ["-"]:
    table.write_text(sys.stdin.read())
else:
    sys.exit(2)
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_CONFIG_HOME (conftest points it into the test's folder) made, and crontab stubbed
    on PATH."""
    folder = Path(os.environ["XDG_CONFIG_HOME"])
    folder.mkdir()
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    crontab = stubs / "crontab"
    crontab.write_text(CRONTAB.format(python=sys.executable, table=str(tmp_path / "crontab.txt")))
    crontab.chmod(0o755)
    monkeypatch.setenv("PATH", f"{stubs}{os.pathsep}{os.environ['PATH']}")
    return folder


def files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if not path.is_dir())


def units(config: Path) -> Path:
    return config / "systemd" / "user"


def medlog_path() -> str:
    return MEDLOG_COMMAND[0] if len(MEDLOG_COMMAND) == 1 else shlex.join(MEDLOG_COMMAND)


def test_install_writes_the_golden_units(medlog: Medlog, config: Path, home: Path) -> None:
    """The service runs this medlog on this store with the options given; the timer runs it
    at the interval; both 0600; the one command that enables them is printed."""
    result = ok(medlog("remind", "install", "--systemd", "--every", "90m",
                       "--quiet-hours", "22:00-07:00"))  # fmt: skip
    folder = units(config)
    assert files(config) == [
        "systemd/user/medlog-remind.service",
        "systemd/user/medlog-remind.timer",
    ]
    for name in ("medlog-remind.service", "medlog-remind.timer"):
        written = (folder / name).read_text()
        expected = (GOLDEN / name).read_text()
        expected = expected.replace("MEDLOG", medlog_path()).replace("STORE", str(home.resolve()))
        assert written == expected
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert result.stdout.endswith(
        "Enable it with: systemctl --user enable --now medlog-remind.timer\n"
    )


def test_systemd_accepts_the_units(medlog: Medlog, config: Path, tmp_path: Path) -> None:
    """systemd-analyze verify (as the user manager would load them) finds nothing to say."""
    analyze = program("systemd-analyze")
    ok(medlog("remind", "install", "--systemd", "--every", "1h30m"))
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    folder = units(config)
    checked = subprocess.run(
        [analyze, "--user", "verify", str(folder / "medlog-remind.timer"),
         str(folder / "medlog-remind.service")],
        capture_output=True, text=True, check=False, timeout=60,
        env=dict(os.environ, XDG_RUNTIME_DIR=str(runtime)),
    )  # fmt: skip
    assert (checked.returncode, checked.stderr, checked.stdout) == (0, "", "")


def test_the_service_command_notifies_for_this_store(
    medlog: Medlog, config: Path, tmp_path: Path, home: Path
) -> None:
    """The ExecStart line, run as systemd would run it (from another directory, without
    MEDLOG_HOME), reaches notify-send for a dose of this store."""
    ok(medlog("add", "Lexapro", "--kind", "rx", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-27", now="2026-11-27T07:00"))  # fmt: skip
    ok(medlog("remind", "install", "--systemd"))
    service = (units(config) / "medlog-remind.service").read_text()
    command = shlex.split(next(line for line in service.splitlines() if "ExecStart=" in line)[10:])
    stub = tmp_path / "stubs" / "notify-send"
    stub.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "shown"}\n')
    stub.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "MEDLOG_HOME"}
    env["MEDLOG_NOW"] = "2026-11-27T08:05"
    run = subprocess.run(command, cwd="/", env=env, capture_output=True, text=True, timeout=60,
                         check=False)  # fmt: skip
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")
    assert (tmp_path / "shown").read_text() == "--app-name=medlog medlog 1 dose not logged yet\n"
    assert str(home.resolve()) in command


def test_uninstall_leaves_nothing_behind(medlog: Medlog, config: Path) -> None:
    """install, enable (the link systemctl makes), uninstall: the files are as before,
    and a person's own unit beside medlog's is kept."""
    folder = units(config)
    folder.mkdir(parents=True)
    (folder / "mine.service").write_text("[Service]\nExecStart=/bin/true\n")
    before = files(config)
    ok(medlog("remind", "install", "--systemd"))
    wants = folder / "timers.target.wants"
    wants.mkdir()
    (wants / "medlog-remind.timer").symlink_to(folder / "medlog-remind.timer")
    result = ok(medlog("remind", "uninstall"))
    assert "Removed" in result.stdout
    assert files(config) == before
    again = ok(medlog("remind", "uninstall"))
    assert again.stdout == "Nothing to remove: no medlog reminder is installed.\n"


def test_a_persons_own_unit_of_that_name_is_never_touched(medlog: Medlog, config: Path) -> None:
    """A medlog-remind.service medlog did not write: install refuses (exit 2), uninstall
    keeps it."""
    folder = units(config)
    folder.mkdir(parents=True)
    theirs = folder / "medlog-remind.service"
    theirs.write_text("[Service]\nExecStart=/bin/true\n")
    result = medlog("remind", "install", "--systemd")
    assert result.exit_code == 2 and "medlog did not write it" in result.stderr
    assert files(config) == ["systemd/user/medlog-remind.service"]
    ok(medlog("remind", "uninstall"))
    assert theirs.read_text() == "[Service]\nExecStart=/bin/true\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--every", "0"), "--every '0' is not an interval"),
        (("--every", "1y"), "--every '1y' is not an interval"),
        (("--every", "25h"), "from 1m to 24h"),
        (("--every", ""), "--every '' is not an interval"),
        (("--cron", "--every", "7m"), "cron cannot run every 7m"),
        (("--cron", "--every", "5h"), "cron cannot run every 5h"),
        (("--quiet-hours", "25:00-07:00"), "--quiet-hours '25:00-07:00'"),
        (("--quiet", "22:00-22:00"), "HH:MM-HH:MM"),
        (("--systemd", "--cron"), "choose one."),
    ],
)
def test_bad_options_write_nothing(
    medlog: Medlog, config: Path, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    """Exit 2 with one sentence; no unit, no crontab."""
    result = medlog("remind", "install", *args)
    assert result.exit_code == 2
    assert said in result.stderr
    assert files(config) == []
    assert not (tmp_path / "crontab.txt").exists()


def cron_fields(line: str) -> tuple[str, list[str]]:
    """A crontab line's schedule and its command's words, as cron and sh read them."""
    fields = line.split(None, 5)
    return " ".join(fields[:5]), shlex.split(fields[5].replace("\\%", "%"), comments=True)


def test_cron_shows_the_line_and_changes_nothing_without_a_terminal(
    medlog: Medlog, config: Path, tmp_path: Path, home: Path
) -> None:
    """--cron with no terminal: the line and the command that adds it; the crontab as it
    was. The line reads back with croniter at the interval, running this store's due."""
    result = ok(medlog("remind", "install", "--cron", "--every", "15m"))
    line, advice = result.stdout.splitlines()
    assert "crontab is unchanged" in advice and "| crontab -" in advice
    assert not (tmp_path / "crontab.txt").exists()
    schedule, words = cron_fields(line)
    runs = croniter(schedule, datetime(2026, 11, 27, 8, 1))
    assert [runs.get_next(datetime).strftime("%H:%M") for _ in range(3)] == [
        "08:15", "08:30", "08:45"
    ]  # fmt: skip
    environment = [word for word in words if word.startswith("DBUS_SESSION_BUS_ADDRESS=")]
    command = words[len(environment) :]
    assert command == [*MEDLOG_COMMAND, "--home", str(home.resolve()), "due", "--notify"]
    assert files(config) == []


@pytest.mark.parametrize(("every", "schedule"), [("1m", "* * * * *"), ("30m", "*/30 * * * *"),
                                                 ("1h", "0 * * * *"), ("6h", "0 */6 * * *"),
                                                 ("24h", "0 0 * * *")])  # fmt: skip
def test_cron_intervals(medlog: Medlog, config: Path, every: str, schedule: str) -> None:
    line = ok(medlog("remind", "install", "--cron", "--every", every)).stdout.splitlines()[0]
    assert cron_fields(line)[0] == schedule


def test_cron_at_a_terminal_adds_the_line_on_yes_and_uninstall_takes_only_it(
    config: Path, tmp_path: Path, home: Path
) -> None:
    """At a terminal, 'y' adds medlog's line below the person's own; uninstall removes only
    medlog's."""
    table = tmp_path / "crontab.txt"
    table.write_text("0 3 * * * backup\n")
    env = {"XDG_CONFIG_HOME": str(config), "PATH": os.environ["PATH"]}
    code, screen = in_terminal(["remind", "install", "--cron"], "n\n", env)
    assert code == 0 and "unchanged" in screen
    assert table.read_text() == "0 3 * * * backup\n"
    code, screen = in_terminal(["remind", "install", "--cron"], "y\n", env)
    assert code == 0 and "Added to your crontab." in screen
    lines = table.read_text().splitlines()
    assert lines[0] == "0 3 * * * backup" and lines[1].endswith("# medlog-remind")
    assert len(lines) == 2
    code, screen = in_terminal(["remind", "install", "--cron", "--every", "10m"], "y\n", env)
    assert len(table.read_text().splitlines()) == 2  # replaced, not added twice
    code, screen = in_terminal(["remind", "uninstall"], "", env)
    assert code == 0 and "crontab" in screen
    assert table.read_text() == "0 3 * * * backup\n"


def test_status_says_what_runs_and_when_it_last_ran(medlog: Medlog, config: Path) -> None:
    """Nothing installed, then the timer and the last run of due --notify for this store."""
    first = ok(medlog("remind", "status"))
    assert first.stdout == (
        "systemd: no medlog timer.\ncron: no medlog line.\n"
        "due --notify has not run for this store on this machine.\n"
    )
    ok(medlog("remind", "install", "--systemd", "--every", "10m"))
    ok(medlog("due", "--notify", now="2026-11-27T08:00"))
    shown = ok(medlog("remind", "status", now="2026-11-27T08:12")).stdout.splitlines()
    assert shown[0].startswith("systemd: ") and shown[0].endswith("due --notify, every 10m.")
    assert shown[1] == (
        "It is not enabled; enable it with: systemctl --user enable --now medlog-remind.timer"
    )
    assert shown[3] == "Last run for this store: 2026-11-27 08:00 (12 min ago)."
    folder = units(config)
    (folder / "timers.target.wants").mkdir()
    (folder / "timers.target.wants" / "medlog-remind.timer").symlink_to("../medlog-remind.timer")
    shown = ok(medlog("remind", "status", now="2026-11-27T08:12")).stdout.splitlines()
    assert shown[1] == "cron: no medlog line."


@pytest.mark.parametrize("cron", [False, True])
def test_a_store_path_with_a_newline_writes_no_timer(
    medlog: Medlog, config: Path, tmp_path: Path, cron: bool
) -> None:
    """A store whose path holds a line break (or another control character) would break the
    unit or the crontab line in two, the second half read as a directive of its own
    (``ExecStartPre=...``) or a cron job: refused, exit 2, nothing written."""
    store = tmp_path / "store\nExecStartPre=touch pwned\n"
    store.mkdir()
    result = medlog("--home", str(store), "remind", "install", *(["--cron"] if cron else []))
    assert result.exit_code == 2, result.stdout
    assert "control, invisible or invalid character ('\\n')" in result.stderr
    assert "ExecStartPre" not in result.stdout
    assert files(config) == []
    assert not (tmp_path / "crontab.txt").exists()
