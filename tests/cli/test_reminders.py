"""Reminders without a daemon (issue 23): the shell prompt's line (due --short), desktop
notifications (due --notify) and the timer that runs them (remind)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]


@pytest.fixture
def two(medlog: Medlog) -> None:
    """Lexapro at 08:00 and magnesium at 21:00, daily from 2026-11-01."""
    ok(medlog("add", "Lexapro", "--kind", "rx", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-01"))  # fmt: skip
    ok(medlog("add", "Mg", "--kind", "otc", "--dose", "200mg", "--schedule", "daily 21:00",
              "--start", "2026-11-01"))  # fmt: skip


# due --short ----------------------------------------------------------------------------------


def test_short_names_the_overdue_then_the_next_due(medlog: Medlog, two: None) -> None:
    """One line: what is overdue, then the next dose due; exit 0 even with one overdue."""
    result = medlog("due", "--short", now="2026-11-27T12:00")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Lexapro overdue 08:00 \u00b7 Mg 21:00\n",
        "",
    )


def test_short_says_nothing_when_all_is_logged(medlog: Medlog, two: None) -> None:
    """Nothing due or overdue: no line at all (a prompt shows nothing)."""
    ok(medlog("take", "lexapro", now="2026-11-27T08:05"))
    ok(medlog("take", "mg", now="2026-11-27T21:05"))
    result = medlog("due", "--short", now="2026-11-27T22:00")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_short_on_an_empty_store_is_silent(medlog: Medlog) -> None:
    """A prompt on a machine with no store yet prints nothing and succeeds."""
    result = medlog("due", "--short")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_short_stays_one_line(medlog: Medlog) -> None:
    """Many doses overdue: still one line, the rest counted."""
    for n in range(5):
        ok(medlog("add", f"item{n}", "--kind", "otc", "--dose", "1mg", "--schedule", "daily 08:00",
                  "--start", "2026-11-01"))  # fmt: skip
    result = ok(medlog("due", "--short", now="2026-11-27T12:00"))
    assert result.stdout == (
        "item0 overdue 08:00 \u00b7 item1 overdue 08:00 \u00b7 item2 overdue 08:00 \u00b7 +2 more\n"
    )


def test_short_names_a_weekly_dose_missed(medlog: Medlog) -> None:
    """A weekly dose a day late is named missed (as the report counts it) with its weekday."""
    ok(medlog("add", "Alendronate", "--kind", "rx", "--dose", "70mg", "--schedule",
              "weekly sat 08:00", "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    result = ok(medlog("due", "--short", now="2026-11-29T09:00"))
    assert result.stdout == "Alendronate missed Sat 08:00\n"


def test_short_and_quiet_together_are_refused(medlog: Medlog, two: None) -> None:
    """--short and --quiet ask for different outputs: exit 2, one sentence."""
    result = medlog("due", "--short", "--quiet")
    assert result.exit_code == 2
    assert "choose one." in result.stderr


# due --notify ---------------------------------------------------------------------------------

STUB = """#!{python}
import json, os, signal, sys
with open({calls!r}, "a") as calls:
    calls.write(json.dumps(sys.argv[1:]) + "\\n")
if os.path.exists({kill!r}):
    os.unlink({kill!r})
    os.kill(os.getppid(), signal.SIGKILL)
sys.exit(int(os.environ.get("STUB_EXIT", "0")))
"""


@dataclass
class Desktop:
    """notify-send stubbed on PATH: each call's arguments, in order."""

    folder: Path

    def calls(self) -> list[list[str]]:
        """The notifications shown since the last look (each notify-send's arguments)."""
        path = self.folder / "calls.jsonl"
        if not path.exists():
            return []
        found = [json.loads(line) for line in path.read_text().splitlines()]
        path.unlink()
        return found

    def bodies(self) -> list[str]:
        return [call[-1] for call in self.calls()]

    def kill_next(self) -> None:
        """The next notify-send kills medlog with SIGKILL as it shows its notification."""
        (self.folder / "kill").touch()


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Desktop:
    folder = tmp_path / "bin"
    folder.mkdir()
    stub = folder / "notify-send"
    stub.write_text(
        STUB.format(
            python=sys.executable, calls=str(folder / "calls.jsonl"), kill=str(folder / "kill")
        )
    )
    stub.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return Desktop(folder)


def notify(medlog: Medlog, when: str, *more: str) -> None:
    """Run due --notify at ``when`` (a time on 2026-11-27, or a full moment); exit 0, nothing
    printed when notify-send shows it."""
    moment = when if "T" in when else f"2026-11-27T{when}"
    result = medlog("due", "--notify", *more, now=moment)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), result


def test_a_dose_is_announced_once_at_the_first_run_after_it(
    medlog: Medlog, two: None, desktop: Desktop
) -> None:
    """Not before its time; once after it, with generic words; never again."""
    ok(medlog("take", "lexapro", now="2026-11-26T08:00"))
    ok(medlog("take", "mg", now="2026-11-26T21:00"))
    notify(medlog, "07:59")
    assert desktop.calls() == []
    notify(medlog, "08:01")
    assert desktop.calls() == [["--app-name=medlog", "medlog", "1 dose not logged yet"]]
    notify(medlog, "08:06")
    notify(medlog, "12:00")
    assert desktop.calls() == []
    notify(medlog, "21:05", "--names")
    assert desktop.bodies() == ["Mg 21:00 not logged yet"]


def test_doses_come_together_are_one_notification(
    medlog: Medlog, two: None, desktop: Desktop
) -> None:
    """A run with two slots come shows one notification counting them; --names names them."""
    notify(medlog, "2026-11-26T21:30")  # yesterday's, so that today starts clean
    desktop.calls()
    ok(medlog("add", "Zinc", "--kind", "otc", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-01"))  # fmt: skip
    notify(medlog, "08:00", "--names")
    assert desktop.bodies() == ["Lexapro 08:00 not logged yet\nZinc 08:00 not logged yet"]


def test_a_slot_whose_next_slot_came_is_not_announced(medlog: Medlog, desktop: Desktop) -> None:
    """A machine asleep all day wakes to the latest slot of each item, not a backlog."""
    ok(medlog("add", "Lexapro", "--kind", "rx", "--dose", "10mg", "--schedule",
              "daily 08:00,14:00,20:00", "--start", "2026-11-27",
              now="2026-11-27T07:00"))  # fmt: skip
    notify(medlog, "21:00", "--names")
    assert desktop.bodies() == ["Lexapro 20:00 not logged yet"]
    notify(medlog, "21:30", "--names")
    assert desktop.bodies() == []


def test_undo_makes_a_slot_eligible_again(medlog: Medlog, two: None, desktop: Desktop) -> None:
    """A dose logged then undone: the slot is announced once more."""
    notify(medlog, "2026-11-26T21:30")
    desktop.calls()
    notify(medlog, "08:05")
    assert len(desktop.calls()) == 1
    taken = ok(medlog("take", "lexapro", now="2026-11-27T08:10"))
    assert taken.exit_code == 0
    notify(medlog, "08:15")
    assert desktop.calls() == []
    ok(medlog("undo", now="2026-11-27T08:20"))
    notify(medlog, "08:25", "--names")
    assert desktop.bodies() == ["Lexapro 08:00 not logged yet"]
    notify(medlog, "08:30")
    assert desktop.calls() == []


def test_a_moved_slot_is_a_new_slot(medlog: Medlog, two: None, desktop: Desktop) -> None:
    """A schedule moved from 08:00 to 09:00 announces the 09:00 slot too."""
    notify(medlog, "08:05")
    desktop.calls()
    ok(medlog("edit", "lexapro", "--schedule", "daily 09:00", "--from", "2026-11-27",
              now="2026-11-27T08:30"))  # fmt: skip
    notify(medlog, "09:01", "--names")
    assert desktop.bodies() == ["Lexapro 09:00 not logged yet"]


def test_as_needed_items_are_never_announced(medlog: Medlog, desktop: Desktop) -> None:
    """An as-needed item has no slot to forget."""
    ok(medlog("add", "ibuprofen", "--dose", "200mg", "--schedule",
              "as needed max 3/day min interval 4h"))  # fmt: skip
    notify(medlog, "23:00")
    assert desktop.calls() == []


def test_a_weekly_dose_gets_one_more_the_next_day(medlog: Medlog, desktop: Desktop) -> None:
    """A sparse schedule's slot: once on its day, once more the next day, then no more."""
    ok(medlog("add", "Alendronate", "--kind", "rx", "--dose", "70mg", "--schedule",
              "weekly sat 08:00", "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    notify(medlog, "2026-11-28T07:00")
    assert desktop.calls() == []
    notify(medlog, "2026-11-28T08:05", "--names")
    assert desktop.bodies() == ["Alendronate 08:00 not logged yet"]
    notify(medlog, "2026-11-28T20:00")
    assert desktop.calls() == []
    notify(medlog, "2026-11-29T09:00", "--names")
    assert desktop.bodies() == ["Alendronate Sat 08:00 not logged yet"]
    for moment in ("2026-11-29T18:00", "2026-11-30T09:00", "2026-12-01T09:00"):
        notify(medlog, moment)
    assert desktop.calls() == []


def test_low_supply_is_announced_once_a_day(medlog: Medlog, desktop: Desktop) -> None:
    """Seven days or fewer left: one notification a day, generic unless --names."""
    ok(medlog("add", "Lexapro", "--kind", "rx", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-27", now="2026-11-27T07:00"))  # fmt: skip
    ok(medlog("fill", "lexapro", "5", "tablets", "--days", "5", now="2026-11-27T07:00"))
    notify(medlog, "07:30")
    assert desktop.bodies() == ["1 item running low on supply"]
    notify(medlog, "07:45")
    assert desktop.calls() == []
    ok(medlog("take", "lexapro", now="2026-11-27T08:00"))
    ok(medlog("take", "lexapro", now="2026-11-28T07:50"))
    notify(medlog, "2026-11-28T07:55", "--names")
    assert desktop.bodies() == [
        "Lexapro runs low: 3 tablets left, about 3 days at 1 tablet a day; runs out 2026-12-02."
    ]


def test_quiet_hours_defer_to_their_end(medlog: Medlog, desktop: Desktop) -> None:
    """A slot in quiet hours is announced when they end; one a later slot replaced meanwhile
    is dropped."""
    ok(medlog("add", "Mg", "--kind", "otc", "--dose", "200mg", "--schedule", "daily 23:00",
              "--start", "2026-11-27", now="2026-11-27T07:00"))  # fmt: skip
    ok(medlog("add", "Iron", "--kind", "otc", "--dose", "65mg", "--schedule",
              "daily 06:00,23:00", "--start", "2026-11-27", now="2026-11-27T07:00"))  # fmt: skip
    quiet = ("--quiet-hours", "22:00-07:00", "--names")
    for moment in ("2026-11-27T23:05", "2026-11-28T03:00", "2026-11-28T06:59"):
        notify(medlog, moment, *quiet)
    assert desktop.calls() == []
    notify(medlog, "2026-11-28T07:00", *quiet)
    assert desktop.bodies() == ["Mg Fri 23:00 not logged yet\nIron 06:00 not logged yet"]
    notify(medlog, "2026-11-28T07:05", *quiet)
    assert desktop.calls() == []


def test_a_clock_set_back_neither_floods_nor_misses(
    medlog: Medlog, two: None, desktop: Desktop
) -> None:
    """The clock goes back four hours: nothing is announced twice, and a slot that comes
    after is still announced."""
    notify(medlog, "2026-11-26T21:30")
    notify(medlog, "12:00")
    assert len(desktop.calls()) == 2
    for clock in ("08:00", "09:00", "12:00", "20:59"):
        notify(medlog, clock)
    assert desktop.calls() == []
    notify(medlog, "21:01", "--names")
    assert desktop.bodies() == ["Mg 21:00 not logged yet"]


def test_without_a_notification_program_it_prints(
    medlog: Medlog, two: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No notify-send (nor osascript): the notification is printed, and exit is 0."""
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    result = medlog("due", "--notify", now="2026-11-27T12:00")
    assert (result.exit_code, result.stdout) == (0, "medlog: 2 doses not logged yet\n")
    assert medlog("due", "--notify", now="2026-11-27T12:05").stdout == ""


def test_a_failing_notify_send_prints_instead(
    medlog: Medlog, two: None, desktop: Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """notify-send fails (no session bus): the words go to stdout, not lost."""
    monkeypatch.setenv("STUB_EXIT", "1")
    result = medlog("due", "--notify", "--names", now="2026-11-27T08:05")
    assert (result.exit_code, result.stdout) == (
        0,
        "medlog: Mg Thu 21:00 not logged yet\nmedlog: Lexapro 08:00 not logged yet\n",
    )


def test_the_state_is_private_and_outside_the_store(
    medlog: Medlog, two: None, desktop: Desktop, home: Path, tmp_path: Path
) -> None:
    """0600 in a 0700 folder under XDG_STATE_HOME, keyed by the store; nothing in the store."""
    before = snapshot(home)
    notify(medlog, "12:00")
    assert snapshot(home) == before
    assert len(desktop.calls()) == 1
    found = list((tmp_path / "xdg-state").rglob("reminders.json"))
    assert len(found) == 1
    assert stat.S_IMODE(found[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(found[0].parent.stat().st_mode) == 0o700
    found[0].write_text("{not json")  # disposable: a broken one is started afresh
    notify(medlog, "12:05")
    assert len(desktop.calls()) == 1


def test_an_unwritable_state_stops_before_notifying(
    medlog: Medlog, two: None, desktop: Desktop, tmp_path: Path
) -> None:
    """A state that cannot be written would repeat every notification at every run: exit 3
    and nothing shown."""
    notify(medlog, "08:05")
    desktop.calls()
    state = next((tmp_path / "xdg-state").rglob("reminders.json"))
    state.unlink()
    state.mkdir()  # as unwritable as a file can be, even for root
    result = medlog("due", "--notify", now="2026-11-27T21:05")
    assert result.exit_code == 3
    assert "reminder state" in result.stderr
    assert desktop.calls() == []
    kept = sorted(path.name for path in state.parent.iterdir())
    assert kept == ["journal-index.json", "reminders.json", "reminders.lock"]  # no temp file


def test_a_run_while_another_runs_announces_nothing(
    medlog: Medlog, two: None, desktop: Desktop, tmp_path: Path
) -> None:
    """Two runs at once (cron overlapping a person's own): the second announces nothing
    rather than the same doses twice; the next run after it announces them."""
    import fcntl

    notify(medlog, "2026-11-26T21:30")
    desktop.calls()
    lock = next((tmp_path / "xdg-state").rglob("reminders.lock"))
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        notify(medlog, "08:05")
        assert desktop.calls() == []
    notify(medlog, "08:10")
    assert len(desktop.calls()) == 1


def test_a_sigkill_mid_notification_misses_nothing_and_floods_nothing(
    two: None, desktop: Desktop, medlog_process: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """medlog killed (SIGKILL) as it shows a notification: the next run shows it once more,
    the run after shows nothing, and the state file is whole throughout."""
    desktop.kill_next()
    killed = medlog_process("due", "--notify", env={"MEDLOG_NOW": "2026-11-27T08:05"})
    assert killed.returncode == -signal.SIGKILL
    assert len(desktop.calls()) == 1
    again = medlog_process("due", "--notify", env={"MEDLOG_NOW": "2026-11-27T08:10"})
    assert (again.returncode, again.stdout) == (0, "")
    assert len(desktop.calls()) == 1
    after = medlog_process("due", "--notify", env={"MEDLOG_NOW": "2026-11-27T08:15"})
    assert (after.returncode, desktop.calls()) == (0, [])


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--notify", "--quiet-hours", "25:00-07:00"), "--quiet-hours '25:00-07:00'"),
        (("--notify", "--quiet-hours", "22:00"), "HH:MM-HH:MM"),
        (("--notify", "--quiet-hours", "07:00-07:00"), "HH:MM-HH:MM"),
        (("--names",), "go with --notify"),
        (("--quiet-hours", "22:00-07:00"), "go with --notify"),
        (("--notify", "--short"), "choose one."),
    ],
)
def test_bad_notify_options_write_nothing(
    medlog: Medlog, two: None, desktop: Desktop, home: Path, tmp_path: Path,
    args: tuple[str, ...], said: str,
) -> None:  # fmt: skip
    """Bad options: exit 2, one sentence, no notification and no state written."""
    before = snapshot(home)
    result = medlog("due", *args, now="2026-11-27T12:00")
    assert result.exit_code == 2
    assert said in result.stderr
    assert snapshot(home) == before
    assert not (tmp_path / "xdg-state").exists() or not list(
        (tmp_path / "xdg-state").rglob("reminders.json")
    )
    assert desktop.calls() == []
