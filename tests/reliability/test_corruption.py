"""Corrupt or hand-broken files: exit 3 naming the file (and line), the file never modified,
and `medlog check` lists the problem and exits 1. What only looks broken is read: a last line
missing just its newline, a byte order mark, a commented or symlinked medlog.toml."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from medlog.migrations import SCHEMA
from tests.conftest import Journal, Run, ok, snapshot

Process = Callable[..., subprocess.CompletedProcess[str]]

Medlog = Callable[..., Run]


@pytest.fixture
def store(medlog: Medlog, home: Path) -> Path:
    """Lexapro and magnesium with a few recent doses."""
    ok(
        medlog(
            "add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-11-20"
        )
    )
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg", "--start", "2026-11-20"))
    for day in range(24, 28):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day}T08:00"))
    return home


def break_journal_middle(home: Path) -> str:
    lines = (home / "journal.jsonl").read_text().splitlines()
    lines[1] = lines[1][: len(lines[1]) // 2]
    (home / "journal.jsonl").write_text("\n".join(lines) + "\n")
    return "journal.jsonl, line 2"


def future_event(home: Path) -> str:
    lines = (home / "journal.jsonl").read_text().splitlines()
    newer = json.loads(lines[2]) | {"v": 99}
    lines[2] = json.dumps(newer)
    (home / "journal.jsonl").write_text("\n".join(lines) + "\n")
    return "line 3: written by a newer medlog"


def truncate_toml(home: Path) -> str:
    text = (home / "medlog.toml").read_text()
    (home / "medlog.toml").write_text(text[: len(text) // 2])
    return "medlog.toml is not valid TOML"


def break_toml_by_hand(home: Path) -> str:
    text = (home / "medlog.toml").read_text().replace('unit = "mg"', 'unit = "kilos"', 1)
    (home / "medlog.toml").write_text(text)
    return "items.lexapro.unit"


def future_toml(home: Path) -> str:
    text = (home / "medlog.toml").read_text().replace(f"schema = {SCHEMA}", "schema = 99")
    (home / "medlog.toml").write_text(text)
    return "written by a newer medlog"


def versions_out_of_order(home: Path) -> str:
    text = (
        (home / "medlog.toml")
        .read_text()
        .replace(
            '{ from = 2026-11-20, dose = "10 mg", schedule = "daily 08:00" },',
            '{ from = 2026-11-20, dose = "10 mg", schedule = "daily 08:00" },\n'
            '    { from = 2026-11-01, dose = "20 mg", schedule = "daily 08:00" },',
        )
    )
    (home / "medlog.toml").write_text(text)
    return "versions must start in order"


def toml_is_a_directory(home: Path) -> str:
    (home / "medlog.toml").unlink()
    (home / "medlog.toml").mkdir()
    return "medlog.toml is a directory"


def journal_is_a_directory(home: Path) -> str:
    (home / "journal.jsonl").unlink()
    (home / "journal.jsonl").mkdir()
    return "journal.jsonl is a directory"


BREAKAGES = [
    break_journal_middle,
    future_event,
    truncate_toml,
    break_toml_by_hand,
    future_toml,
    versions_out_of_order,
    toml_is_a_directory,
    journal_is_a_directory,
]
JOURNAL_BREAKAGES = {break_journal_middle, future_event, journal_is_a_directory}
# Every command loads medlog.toml; these also read the journal line at fault (the whole
# journal, or its last days, which here hold every line). list never reads the journal,
# and undo reads back only as far as the event it voids.
READ_EVERYTHING = [
    ("today",),
    ("report",),
    ("history",),
    ("take", "lexapro"),
    ("due",),
    ("export",),
    ("skip", "lexapro"),
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_a_broken_store_is_exit_3_and_untouched(
    medlog: Medlog, store: Path, breakage: Callable[[Path], str]
) -> None:
    """Every command that reads the broken file stops with exit 3 naming it; nothing changes."""
    words = breakage(store)
    before = snapshot(store)
    commands = READ_EVERYTHING + ([] if breakage in JOURNAL_BREAKAGES else [("list",), ("undo",)])
    for command in commands:
        result = medlog(*command)
        assert result.exit_code == 3, (command, result.stdout, result.stderr)
        assert words in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert snapshot(store) == before, command


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_check_lists_the_problem_and_exits_1(
    medlog: Medlog, store: Path, breakage: Callable[[Path], str]
) -> None:
    """check reports each problem the loaders detect, exit 1, changing nothing."""
    words = breakage(store)
    before = snapshot(store)
    result = medlog("check")
    assert result.exit_code == 1, result.stderr
    assert words in result.stdout
    assert snapshot(store) == before


def test_check_reports_every_kind_of_journal_problem(medlog: Medlog, store: Path) -> None:
    """A torn tail, one id with two contents, a void of an unknown id and an unknown item,
    each named; a line held twice (a union merge) is one event, and no problem."""
    path = store / "journal.jsonl"
    lines = path.read_text().splitlines()
    first = json.loads(lines[0])
    extra = [
        json.dumps(first),
        json.dumps(first | {"note": "changed on one device"}),
        json.dumps(first | {"id": "aaaa0001", "item": "ghost"}),
        json.dumps(
            {
                "v": 1,
                "id": "aaaa0002",
                "type": "void",
                "at": first["at"],
                "logged_at": first["at"],
                "ref": "nowhere",
            }
        ),
        json.dumps(
            {
                "v": 1,
                "id": "aaaa0003",
                "type": "void",
                "at": first["at"],
                "logged_at": first["at"],
                "ref": "aaaa0002",
            }
        ),
        json.dumps(first | {"id": "aaaa0004", "unit": "IU"}),
    ]
    path.write_text("\n".join(lines + extra) + "\n" + '{"v":1,"id":"to')
    problems = medlog("check")
    assert problems.exit_code == 1
    out = problems.stdout
    assert "incomplete line" in out
    assert f"two different events have the id {first['id']}" in out
    assert f"lines 1 and {len(lines) + 2}" in out  # line 1's exact copy is the same event
    assert "'ghost'" in out
    assert "refers to nowhere" in out
    assert "voids another void" in out
    assert "does not convert" in out
    assert len(out.strip().splitlines()) == 6


def test_check_is_silent_on_a_sound_store(medlog: Medlog, store: Path) -> None:
    """Sound store: no output, exit 0."""
    result = medlog("check")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_exit_3(medlog: Medlog, store: Path) -> None:
    """A journal medlog may not read is exit 3 naming it."""
    (store / "journal.jsonl").chmod(0)
    try:
        result = medlog("report")
        assert result.exit_code == 3 and "journal.jsonl" in result.stderr
        assert medlog("check").exit_code == 1
    finally:
        (store / "journal.jsonl").chmod(0o600)


def test_a_home_that_is_a_file_is_exit_3(medlog: Medlog, tmp_path: Path) -> None:
    """--home naming a file is exit 3; the file is untouched."""
    target = tmp_path / "not-a-dir"
    target.write_text("keep me")
    result = medlog("--home", str(target), "today")
    assert result.exit_code == 3 and "not a directory" in result.stderr
    assert target.read_text() == "keep me"


def test_a_broken_line_far_back_does_not_stop_logging(medlog: Medlog, store: Path) -> None:
    """take reads only the last days, so an old broken line does not block today's dose,
    while reports (which read everything) still refuse it."""
    path = store / "journal.jsonl"
    old = json.loads(path.read_text().splitlines()[0]) | {
        "at": "2026-01-01T08:00:00+00:00",
        "logged_at": "2026-01-01T08:00:00+00:00",
        "stamp": 1767254400,
    }
    path.write_text("garbage\n" + json.dumps(old) + "\n" + path.read_text())
    assert medlog("take", "lexapro").exit_code == 0
    report = medlog("report")
    assert report.exit_code == 3 and "line 1" in report.stderr


@pytest.mark.parametrize("name", ["journal.jsonl", "medlog.toml"])
def test_a_file_the_system_refuses_is_exit_3(
    medlog: Medlog, store: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied (simulated, so it also holds when tests run as root) is exit 3."""
    refused = store / name
    real_open = os.open

    def guarded(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    before = snapshot(store)
    with monkeypatch.context() as patch:
        patch.setattr(os, "open", guarded)
        result = medlog("report")
        checked = medlog("check")
    assert result.exit_code == 3
    assert f"Cannot use {refused}: Permission denied." in result.stderr
    assert checked.exit_code == 1 and "Permission denied" in checked.stdout
    assert snapshot(store) == before


def test_a_last_line_without_its_newline_is_a_dose(
    medlog: Medlog, home: Path, lexapro: None, journal_lines: Journal
) -> None:
    """A complete event missing only its final newline counts, and the next writer adds it (an
    outsider's finding, issue 8)."""
    ok(medlog("take", "lexapro", "--at", "2026-11-26T08:00"))
    journal = home / "journal.jsonl"
    journal.write_bytes(journal.read_bytes().rstrip(b"\n"))
    report = json.loads(ok(medlog("report", "--format", "json", "--days", "2")).stdout)
    assert report["items"][0]["taken_doses"] == 1
    result = ok(medlog("take", "lexapro", "--at", "08:00"))
    assert "torn" not in result.stderr
    assert not (home / "journal.jsonl.torn").exists()
    assert len(journal_lines()) == 2


def test_a_complete_last_line_with_a_fault_is_never_set_aside(medlog: Medlog, home: Path) -> None:
    """A newer medlog's last line without its newline is a problem to show, not a torn write (an
    outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    with (home / "journal.jsonl").open("a") as journal:
        journal.write('{"v": 99, "id": "fromnewer", "type": "dose"}')
    before = snapshot(home)
    result = medlog("take", "lexapro")
    assert result.exit_code == 3
    assert snapshot(home) == before
    assert not (home / "journal.jsonl.torn").exists()


def test_after_an_old_broken_line_no_message_says_the_file_is_untouched(
    medlog: Medlog, home: Path, lexapro: None
) -> None:
    """take appends past a broken line 1; the report's message stays true afterwards (an
    outsider's finding, issue 8)."""
    ok(medlog("take", "lexapro", now="2026-11-10T08:00"))
    ok(medlog("take", "lexapro", now="2026-11-20T08:00"))
    ok(medlog("take", "lexapro", now="2026-11-26T08:00"))
    lines = (home / "journal.jsonl").read_text().splitlines()
    (home / "journal.jsonl").write_text("\n".join(["{broken", *lines[1:]]) + "\n")
    ok(medlog("take", "lexapro", now="2026-11-27T08:00"))
    result = medlog("report", now="2026-11-27T08:00")
    assert result.exit_code == 3
    assert "line 1" in result.stderr
    assert "has not changed" not in result.stderr


@pytest.mark.parametrize(
    ("key", "value"), [("type", []), ("type", {}), ("unit", []), ("item", ["x"])]
)
def test_a_line_with_a_list_where_text_belongs_is_a_store_problem(
    medlog: Medlog, home: Path, key: str, value: object
) -> None:
    """A journal line with a list or object where text belongs is exit 3 for report and history,
    and check reports it (an outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    line = {"v": 2, "id": "a1", "type": "dose", "at": "2026-11-26T10:00:00+00:00",
            "logged_at": "2026-11-26T10:00:00+00:00", "stamp": 1795692000, "item": "lexapro",
            "amount": "10", "unit": "mg"} | {key: value}  # fmt: skip
    (home / "journal.jsonl").write_text(json.dumps(line) + "\n")
    (home / "journal.jsonl").chmod(0o600)
    for args in (["report"], ["history"]):
        assert medlog(*args).exit_code == 3
    assert medlog("check").exit_code == 1


@pytest.mark.timing
def test_a_fifo_journal_is_refused_at_once(medlog_process: Process, home: Path) -> None:
    """A FIFO in place of the journal is exit 3 within the timeout, never a hang (an outsider's
    finding, issue 8)."""
    home.mkdir(mode=0o700)
    os.mkfifo(home / "journal.jsonl", 0o600)
    result = medlog_process("report")
    assert result.returncode == 3
    assert "not a regular file" in result.stderr


def test_a_dangling_journal_link_is_not_an_empty_journal(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """A journal on an unmounted volume is refused, not read as no doses at all (an outside
    attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    (home / "journal.jsonl").rename(tmp_path / "moved.jsonl")
    (home / "journal.jsonl").symlink_to(tmp_path / "gone" / "journal.jsonl")
    for args in (["report"], ["export"], ["today"], ["take", "lexapro"]):
        result = medlog(*args)
        assert result.exit_code == 3, args
        assert "does not exist" in result.stderr
    check = medlog("check")  # check lists what it found, and exits 1
    assert check.exit_code == 1 and "does not exist" in check.stdout


def test_a_byte_order_mark_from_an_editor_is_read(medlog: Medlog, home: Path) -> None:
    """medlog.toml and journal.jsonl saved with a UTF-8 byte order mark still load, and take
    appends after it (an outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    for name in ("medlog.toml", "journal.jsonl"):
        path = home / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "10 mg" in ok(medlog("history")).stdout
    ok(medlog("take", "lexapro", "--at", "08:00"))
    assert len(json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]) == 2


def test_an_unknown_key_in_medlog_toml_is_named(medlog: Medlog, home: Path, lexapro: None) -> None:
    """A typo in a hand edit is exit 3 naming the key, and the file is left alone (an outsider's
    finding, issue 8)."""
    path = home / "medlog.toml"
    path.write_text(path.read_text().replace('kind = "rx"', 'kind = "rx"\ndosage = "10 mg"'))
    before = snapshot(home)
    result = medlog("take", "lexapro")
    assert result.exit_code == 3
    assert "items.lexapro.dosage: unknown key" in result.stderr
    assert snapshot(home) == before


def test_a_hand_edited_file_is_kept_before_a_rewrite(
    medlog: Medlog, home: Path, lexapro: None
) -> None:
    """Comments would be lost on the next write, so the old file is kept as medlog.toml~ (an
    outsider's finding, issue 8)."""
    path = home / "medlog.toml"
    edited = "# my notes: started on Dr. K's advice\n" + path.read_text()
    path.write_text(edited)
    result = ok(medlog("edit", "lexapro", "--dose", "15mg"))
    assert "medlog.toml~" in result.stderr
    assert (home / "medlog.toml~").read_text() == edited
    assert (home / "medlog.toml~").stat().st_mode & 0o777 == 0o600
    assert "# my notes" not in path.read_text()
    assert "medlog.toml~" not in ok(medlog("edit", "lexapro", "--dose", "20mg")).stderr


def test_a_symlinked_medlog_toml_is_written_through(
    medlog: Medlog, home: Path, lexapro: None, tmp_path: Path
) -> None:
    """Writes go to the file the link points to; the link stays a link (an outsider's finding,
    issue 8)."""
    real = tmp_path / "dotfiles" / "medlog.toml"
    real.parent.mkdir()
    (home / "medlog.toml").rename(real)
    (home / "medlog.toml").symlink_to(real)
    ok(medlog("edit", "lexapro", "--dose", "15mg"))
    assert (home / "medlog.toml").is_symlink()
    assert 'dose = "15 mg"' in real.read_text()


@pytest.mark.timing
def test_a_fifo_in_place_of_a_derived_file_is_passed_over(
    medlog_process: Process, home: Path, tmp_path: Path
) -> None:
    """A FIFO where a per-machine file belongs (the stamp index, the report summary, the kept
    lines, the supply checkpoint) is read as no such file, never a hang: each command still
    answers from the journal alone."""
    assert medlog_process("add", "lexapro", "--dose", "10mg").returncode == 0
    for command in (("fill", "lexapro", "300mg"), ("take", "lexapro"), ("report",), ("supply",)):
        assert medlog_process(*command).returncode == 0
    derived = [
        path
        for root in (tmp_path / "xdg-state", tmp_path / "xdg-cache")
        for path in root.rglob("*")
        if path.is_file()
    ]
    assert len(derived) >= 3, derived
    for path in derived:
        path.unlink()
        os.mkfifo(path, 0o600)
    for command in (("take", "lexapro", "--at", "07:00"), ("report",), ("today",), ("supply",)):
        result = medlog_process(*command)
        assert result.returncode == 0, (command, result.stderr)
