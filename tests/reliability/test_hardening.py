"""What an outsider broke in v1 in an afternoon (issue 8), each as a test that stays fixed:
ordinary commands that locked the store, imports that trusted their file, a dose set aside,
output failures reported as success, and inputs that raised tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Journal, Run, ok, snapshot

Medlog = Callable[..., Run]
Process = Callable[..., "subprocess.CompletedProcess[str]"]


# 1. Ordinary commands must never write a store that medlog then refuses.


def test_a_range_from_zero_is_an_upper_limit_and_the_store_still_loads(medlog: Medlog) -> None:
    """`--range 0-1200mg/day` is stored as up to 1200 mg/day; every later command works."""
    ok(
        medlog(
            "add", "ibuprofen", "--kind", "otc", "--dose", "200mg",
            "--schedule", "as needed", "--range", "0-1200mg/day",
        )
    )  # fmt: skip
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)
    assert listed["items"][0]["range"]["min"] is None
    assert listed["items"][0]["range"]["max"] == 1200
    ok(medlog("take", "ibuprofen"))
    assert ok(medlog("check")).stdout == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--unit", "mcg", "--dose", "10g"], "10,000,000 mcg"),
        (["--unit", "g", "--dose", "0.5mcg"], "0.0000005 g"),
        (["--unit", "mcg", "--dose", "1mg", "--range", "1-20g/day"], "20,000,000 mcg"),
        (
            ["--form", "tablet", "--strength", "0.333mg", "--dose", "0.333333 tablet"],
            "0.110999889 mg",
        ),
    ],
)
def test_amounts_that_cannot_be_stored_exactly_are_refused_at_input(
    medlog: Medlog, home: Path, args: list[str], words: str
) -> None:
    """A converted amount too large or too fine to store exactly is exit 2, saying what fits."""
    result = medlog("add", "x", "--kind", "rx", *args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr and "1,000,000" in result.stderr
    assert not home.exists()


def test_stop_then_resume_on_the_same_day_keeps_one_regimen(medlog: Medlog) -> None:
    """add, stop and resume on one day leave the item active with a single version."""
    ok(medlog("add", "x", "--kind", "rx", "--dose", "10mg"))
    ok(medlog("stop", "x"))
    ok(medlog("resume", "x"))
    [item] = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert item["stopped"] is None
    assert [(v["from"], v["until"]) for v in item["regimen"]] == [("2026-11-27", None)]
    assert ok(medlog("check")).stdout == ""


def test_stop_on_the_start_day_then_resume_that_day(medlog: Medlog) -> None:
    """`stop --on <start>` and `resume` on that day: the regimen goes on from its start."""
    ok(medlog("add", "x", "--kind", "rx", "--dose", "10mg", "--start", "2026-11-20"))
    ok(medlog("stop", "x", "--on", "2026-11-20", now="2026-11-20T09:00"))
    ok(medlog("resume", "x", now="2026-11-20T10:00"))
    ok(medlog("take", "x", now="2026-11-21T08:00"))
    assert ok(medlog("check")).stdout == ""


# 2. Import trusts nothing in its file.


def export_file(medlog: Medlog, tmp_path: Path) -> tuple[Path, dict[str, object]]:
    """A store with Lexapro and one dose, exported; the file and its parsed document."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    ok(medlog("take", "lexapro", "--at", "08:00"))
    path = tmp_path / "backup.json"
    ok(medlog("export", "-o", str(path)))
    return path, json.loads(path.read_text())


def tampered(tmp_path: Path, document: dict[str, object], change: Callable[..., None]) -> Path:
    """A copy of the export with ``change`` applied to its document."""
    change(document)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(document))
    return path


def first_event(document: dict[str, object]) -> dict[str, object]:
    events = document["events"]
    assert isinstance(events, list)
    return events[0]  # type: ignore[no-any-return]


def first_item(document: dict[str, object]) -> dict[str, object]:
    items = document["items"]
    assert isinstance(items, dict)
    return items["lexapro"]  # type: ignore[no-any-return]


TAMPERINGS: dict[str, tuple[Callable[[dict[str, object]], None], str]] = {
    "a 1 GB amount": (lambda d: first_event(d).update(amount="1e999999999"), "amount"),
    "an overflowing amount": (lambda d: first_event(d).update(amount="1e9999999"), "amount"),
    "an amount too fine": (lambda d: first_event(d).update(amount="0.0000001"), "amount"),
    "an escape in a note": (lambda d: first_event(d).update(note="\x1b]0;pwned\x07"), "note"),
    "a NUL in a name": (lambda d: first_item(d).update(name="Lex\x00apro"), "name"),
    "a bidi override": (lambda d: first_item(d).update(name="Lex\u202eorpa"), "name"),
    "a zero-width space": (lambda d: first_event(d).update(note="a\u200bb"), "note"),
    "a lone surrogate": (lambda d: first_event(d).update(note="\ud800"), "note"),
    "a 1 MB name": (lambda d: first_item(d).update(name="x" * 1_000_000), "name"),
    "a year 9999": (lambda d: first_event(d).update(at="9999-12-31T23:00:00+00:00"), "at"),
    "an offset of 23:59": (lambda d: first_event(d).update(at="2026-11-27T08:00:00+23:59"), "at"),
    "an unknown event key": (lambda d: first_event(d).update(dosee="10"), "dosee"),
    "an unknown item key": (lambda d: first_item(d).update(dosee="10"), "dosee"),
    "a bad id": (lambda d: first_event(d).update(id="../../etc"), "id"),
    "a void of a void": (
        lambda d: d["events"].extend(  # type: ignore[attr-defined]
            [
                {
                    "v": 2,
                    "id": "aa",
                    "type": "void",
                    "ref": first_event(d)["id"],
                    "at": "2026-11-27T09:00:00+00:00",
                    "logged_at": "2026-11-27T09:00:00+00:00",
                },
                {
                    "v": 2,
                    "id": "bb",
                    "type": "void",
                    "ref": "aa",
                    "at": "2026-11-27T09:00:00+00:00",
                    "logged_at": "2026-11-27T09:00:00+00:00",
                },
            ]
        ),
        "voids another void",
    ),
    "a future dose": (lambda d: first_event(d).update(at="2026-12-27T08:00:00+00:00"), "future"),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_a_tampered_import_is_exit_2_and_changes_nothing(
    medlog: Medlog, tmp_path: Path, home: Path, name: str
) -> None:
    """Every field of an import passes the command line's rules, or nothing is written."""
    _, document = export_file(medlog, tmp_path)
    change, words = TAMPERINGS[name]
    bad = tampered(tmp_path, document, change)
    other = tmp_path / "other"
    before = snapshot(other)
    result = medlog("--home", str(other), "import", str(bad))
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(other) == before
    assert len(result.stderr) < 2000


def test_import_reads_at_most_a_bounded_amount(medlog: Medlog) -> None:
    """`import /dev/zero` is refused at once instead of reading without end."""
    result = medlog("import", "/dev/zero")
    assert result.exit_code == 2
    assert "not JSON" in result.stderr


def test_deeply_nested_import_is_bad_input(medlog: Medlog, tmp_path: Path) -> None:
    """A JSON file nested a hundred thousand deep is exit 2, not a RecursionError."""
    path = tmp_path / "deep.json"
    path.write_text('{"a":' + "[" * 100_000 + "]" * 100_000 + "}")
    result = medlog("import", str(path))
    assert result.exit_code == 2 and "nest" in result.stderr


def test_importing_fhir_says_what_it_is(medlog: Medlog, tmp_path: Path) -> None:
    """A FHIR bundle given to import is named as FHIR, not as 'schema None'."""
    path = tmp_path / "bundle.json"
    path.write_text('{"resourceType": "Bundle", "type": "collection"}')
    result = medlog("import", str(path))
    assert result.exit_code == 2
    assert "FHIR" in result.stderr and "None" not in result.stderr


def test_a_failed_import_leaves_the_store_byte_identical(
    medlog: Medlog, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full half-way through the journal append or the TOML write: nothing is left."""
    ok(medlog("add", "magnesium", "--kind", "supplement", "--dose", "200mg"))
    for hour in range(6):
        ok(medlog("take", "magnesium", "--at", f"0{hour}:00"))
    source = tmp_path / "source"
    ok(
        medlog(
            "--home", str(source), "add", "zinc", "--kind", "supplement", "--dose", "10mg",
            "--start", "2026-11-01",
        )
    )  # fmt: skip
    for day in range(10, 27):
        ok(medlog("--home", str(source), "take", "zinc", "--at", f"2026-11-{day}T08:00"))
    backup = tmp_path / "zinc.json"
    ok(medlog("--home", str(source), "export", "-o", str(backup)))
    before = snapshot(home)

    from medlog import errors as medlog_errors
    from medlog import journal as journal_module
    from medlog import store as store_module

    real_write = os.write

    def short_write(fd: int, data: bytes) -> int:
        if len(data) > 1000:
            real_write(fd, data[:700])
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(journal_module.os, "write", short_write)
    result = medlog("import", str(backup))
    assert result.exit_code == 3 and "No space left" in result.stderr
    assert snapshot(home) == before
    # Only os.write comes back: monkeypatch.undo() would also drop the MEDLOG_HOME and
    # MEDLOG_NOW the home fixture set, and send the next import to the real user store.
    monkeypatch.setattr(journal_module.os, "write", real_write)

    def no_room(*args: object, **kwargs: object) -> None:
        raise medlog_errors.StoreProblem("Cannot use medlog.toml: No space left on device.")

    monkeypatch.setattr(store_module, "write_atomically", no_room)
    result = medlog("import", str(backup))
    assert result.exit_code == 3
    assert snapshot(home) == before


# 3. The journal keeps every real event.


def test_a_last_line_without_its_newline_is_a_dose(
    medlog: Medlog, home: Path, lexapro: None, journal_lines: Journal
) -> None:
    """A complete event missing only its final newline counts, and the next writer adds it."""
    ok(medlog("take", "lexapro", "--at", "2026-11-26T08:00"))
    journal = home / "journal.jsonl"
    journal.write_bytes(journal.read_bytes().rstrip(b"\n"))
    report = json.loads(ok(medlog("report", "--format", "json", "--days", "2")).stdout)
    assert report["items"][0]["taken_doses"] == 1
    result = ok(medlog("take", "lexapro", "--at", "08:00"))
    assert "torn" not in result.stderr
    assert not (home / "journal.jsonl.torn").exists()
    assert len(journal_lines()) == 2


def test_a_fifo_journal_is_refused_at_once(medlog_process: Process, home: Path) -> None:
    """A FIFO in place of the journal is exit 3 within the timeout, never a hang."""
    home.mkdir(mode=0o700)
    os.mkfifo(home / "journal.jsonl", 0o600)
    result = medlog_process("report")
    assert result.returncode == 3
    assert "not a regular file" in result.stderr


def test_after_an_old_broken_line_no_message_says_the_file_is_untouched(
    medlog: Medlog, home: Path, lexapro: None
) -> None:
    """take appends past a broken line 1; the report's message stays true afterwards."""
    ok(medlog("take", "lexapro", now="2026-11-10T08:00"))
    ok(medlog("take", "lexapro", now="2026-11-20T08:00"))
    ok(medlog("take", "lexapro", now="2026-11-26T08:00"))
    lines = (home / "journal.jsonl").read_text().splitlines()
    (home / "journal.jsonl").write_text("\n".join(["{broken", *lines[1:]]) + "\n")
    ok(medlog("take", "lexapro", now="2026-11-27T08:00"))
    result = medlog("report")
    assert result.exit_code == 3
    assert "line 1" in result.stderr
    assert "has not changed" not in result.stderr


# 4. The clock set back or forward cannot hide a dose from today's views.


def test_a_clock_set_back_does_not_hide_todays_dose(medlog: Medlog, lexapro: None) -> None:
    """take at 08:00, a take with the clock five days back, then today: 25 mg, 08:00 taken."""
    ok(medlog("take", "lexapro", now="2026-11-27T08:00"))
    ok(medlog("take", "lexapro", now="2026-11-22T08:00"))
    today = ok(medlog("today", now="2026-11-27T12:00")).stdout
    assert "taken 08:00" in today and "overdue" not in today
    result = ok(medlog("take", "lexapro", "15mg", now="2026-11-27T12:00"))
    assert "day total 25 mg" in result.stdout


# 5. Output that cannot be written is an error, with its own exit code.


def test_output_to_a_full_disk_is_exit_74(medlog_process: Process, lexapro: None) -> None:
    """export, history and report to /dev/full fail with 74 and a message, no traceback."""
    for args in (["export", "--format", "json"], ["history", "--format", "csv"], ["report"]):
        with Path("/dev/full").open("w") as full:
            result = subprocess.run(
                [*_command(), *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False
            )
        assert result.returncode == 74, (args, result.stderr)
        assert "Could not write the output" in result.stderr
        assert "Traceback" not in result.stderr


def _command() -> list[str]:
    from tests.conftest import MEDLOG_COMMAND

    return MEDLOG_COMMAND


def test_a_closed_pipe_is_a_quiet_141(lexapro: None, home: Path) -> None:
    """A reader that closes the pipe (`| head`) ends medlog with 141 and nothing on stderr."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from medlog import journal
    from medlog.model import Event

    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    doses = [
        Event(journal.new_id(), "dose", at, at, "lexapro", Decimal(10), "mg", note="x" * 200)
        for at in (start + timedelta(minutes=20 * n) for n in range(1800))
    ]
    journal.append(home / "journal.jsonl", doses)
    process = subprocess.Popen(
        [*_command(), "history"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before medlog writes (pipe buffers vary in size)
    process.wait(timeout=30)
    assert process.returncode == 141
    assert process.stderr.read() == b""


def test_a_bug_is_exit_70_in_one_line(
    medlog: Medlog, lexapro: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An internal error is 70 with one line naming its type, never 1 (which `due` uses)."""
    from typer.testing import CliRunner

    import medlog.actions.today
    from medlog.cli.app import app

    def broken(*args: object) -> None:
        raise ZeroDivisionError("secret 20 mg")

    monkeypatch.setattr(medlog.actions.today, "today", broken)
    monkeypatch.delenv("MEDLOG_DEBUG", raising=False)
    result = CliRunner().invoke(app, ["due"])
    assert result.exit_code == 70
    assert result.stderr.count("\n") == 1
    assert "ZeroDivisionError" in result.stderr and "secret" not in result.stderr


def test_output_into_dev_stdout_and_a_fifo_writes_in_place(
    medlog_process: Process, lexapro: None, tmp_path: Path
) -> None:
    """`-o /dev/stdout` prints; a FIFO is written into, never replaced by a regular file."""
    result = medlog_process("report", "--format", "json", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "medlog.report/1"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    result = medlog_process("report", "--format", "csv", "-o", str(fifo))
    output, _ = reader.communicate(timeout=30)
    assert result.returncode == 0 and output.startswith("item,")
    assert fifo.is_fifo()


def test_output_through_a_symlink_writes_its_target(
    medlog: Medlog, lexapro: None, tmp_path: Path
) -> None:
    """`-o link.json` replaces the file the link points to and keeps the link."""
    target = tmp_path / "target.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    ok(medlog("report", "-o", str(link)))
    assert link.is_symlink()
    assert json.loads(target.read_text())["schema"] == "medlog.report/1"


@pytest.mark.parametrize("name", ["journal.jsonl.torn", "medlog.toml~", "medlog.lock", "."])
def test_output_never_lands_on_a_store_file(
    medlog: Medlog, lexapro: None, home: Path, name: str
) -> None:
    """Every file of the store, and the store itself, is refused as an -o target."""
    (home / name).touch() if name != "." else None
    before = snapshot(home)
    result = medlog("report", "--format", "json", "-o", str(home / name))
    assert result.exit_code == 2
    assert snapshot(home) == before


def test_due_exits_1_only_for_an_overdue_dose(medlog: Medlog, lexapro: None) -> None:
    """due: 0 before the window closes, 1 once a dose is overdue."""
    assert medlog("due", now="2026-11-27T09:00").exit_code == 0
    assert medlog("due", now="2026-11-27T10:01").exit_code == 1


# 6. No traceback for any input.


@pytest.mark.parametrize(
    "args",
    [
        ["take", "lexapro", "--at", "9999-12-31T23:59"],
        ["take", "lexapro", "--at", "2026-11-27T08:00+23:59"],
        ["report", "--since", "9999-12-31"],
    ],
)
def test_edge_times_are_bad_input(medlog: Medlog, lexapro: None, args: list[str]) -> None:
    """Year 9999 and impossible offsets are exit 2 with a sentence."""
    result = medlog(*args)
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_a_clock_in_year_9999_is_bad_input(medlog: Medlog, monkeypatch: pytest.MonkeyPatch) -> None:
    """MEDLOG_NOW far out of range is exit 2, not an OverflowError."""
    monkeypatch.setenv("MEDLOG_NOW", "9999-12-31T23:00")
    result = medlog("today")
    assert result.exit_code == 2 and "MEDLOG_NOW" in result.stderr


def test_1971_is_accepted_as_documented(medlog: Medlog, zone: Callable[[str], None]) -> None:
    """The earliest documented time, 1971-01-01 00:00, is accepted in New York."""
    zone("America/New_York")
    ok(medlog("add", "x", "--kind", "rx", "--dose", "1mg", "--start", "1971-01-01"))
    ok(medlog("take", "x", "--at", "1971-01-01T00:00"))


@pytest.mark.parametrize("query", ["[/bold]", "[bold red]x", ":smile:"])
def test_rich_markup_in_user_text_is_printed_as_typed(medlog: Medlog, query: str) -> None:
    """Text a person typed is never read as Rich markup or emoji codes."""
    result = medlog("catalog", query)
    assert result.exit_code == 0, result.stderr
    assert query in result.stdout


# 7. Privacy and hand edits.


def test_bad_input_on_a_new_store_creates_nothing(medlog: Medlog, home: Path) -> None:
    """A refused command leaves no directory and no lock behind."""
    assert medlog("take", "nothing").exit_code == 2
    assert medlog("add", "x", "--kind", "rx", "--dose", "ten").exit_code == 2
    assert not home.exists()


def test_new_directories_are_0700_whatever_the_umask(medlog: Medlog, tmp_path: Path) -> None:
    """Parents medlog creates for --home are 0700 too, even under umask 000."""
    deep = tmp_path / "a" / "b" / "store"
    old = os.umask(0)
    try:
        ok(medlog("--home", str(deep), "add", "x", "--kind", "rx", "--dose", "1mg"))
    finally:
        os.umask(old)
    for directory in (tmp_path / "a", tmp_path / "a" / "b", deep):
        assert directory.stat().st_mode & 0o777 == 0o700


def test_check_reports_a_store_others_can_read(medlog: Medlog, home: Path, lexapro: None) -> None:
    """A home at 0755 or a file at 0644 is exit 1 with the chmod to run."""
    ok(medlog("take", "lexapro"))
    home.chmod(0o755)
    (home / "journal.jsonl").chmod(0o644)
    result = medlog("check")
    assert result.exit_code == 1
    assert f"chmod 700 {home}" in result.stdout
    assert f"chmod 600 {home / 'journal.jsonl'}" in result.stdout


def test_an_unknown_key_in_medlog_toml_is_named(medlog: Medlog, home: Path, lexapro: None) -> None:
    """A typo in a hand edit is exit 3 naming the key, and the file is left alone."""
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
    """Comments would be lost on the next write, so the old file is kept as medlog.toml~."""
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
    """Writes go to the file the link points to; the link stays a link."""
    real = tmp_path / "dotfiles" / "medlog.toml"
    real.parent.mkdir()
    (home / "medlog.toml").rename(real)
    (home / "medlog.toml").symlink_to(real)
    ok(medlog("edit", "lexapro", "--dose", "15mg"))
    assert (home / "medlog.toml").is_symlink()
    assert 'dose = "15 mg"' in real.read_text()


def test_csv_quotes_cells_with_semicolons(medlog: Medlog, lexapro: None) -> None:
    """A note with ';' is quoted, so spreadsheets in semicolon locales keep it in one cell."""
    ok(medlog("take", "lexapro", "--note", "with food; felt fine"))
    csv = ok(medlog("history", "--format", "csv")).stdout
    assert '"with food; felt fine"' in csv
