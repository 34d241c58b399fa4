"""What two outside attackers broke, each kept broken-proof: one test per finding.

They ran the installed command as a careless user and an attacker would: odd time
zones, closed pipes, dangling links, names in other scripts, crafted journal lines.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from medlog.migrations import SCHEMA
from tests.conftest import MEDLOG_COMMAND, Journal, Run, snapshot

Medlog = Callable[..., Run]
Process = Callable[..., subprocess.CompletedProcess[str]]


def ok(result: Run) -> Run:
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("zone", ["UTC-15", "UTC+13", "XXX-24:59"])
def test_a_time_zone_no_place_uses_is_refused_before_writing(
    medlog_process: Process, home: Path, zone: str
) -> None:
    """TZ=UTC-15 gives +15:00, which medlog refuses to read back: refused before a write."""
    assert medlog_process("add", "lexapro", "--dose", "10mg").returncode == 0
    before = snapshot(home)
    result = medlog_process("take", "lexapro", env={"TZ": zone})
    assert result.returncode == 2
    assert "gives a UTC offset no zone uses" in result.stderr
    assert snapshot(home) == before
    assert medlog_process("today").returncode == 0


def test_a_second_dose_is_warned_whichever_dose_ends_up_extra(medlog: Medlog) -> None:
    """06:30 then 09:15 on an 08:00 schedule: the earlier dose is the extra one, still warned."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    ok(medlog("take", "lexapro", "--at", "06:30"))
    second = ok(medlog("take", "lexapro"))
    assert "2nd dose of Lexapro today" in second.stderr


def test_names_in_other_scripts_keep_their_letters(medlog: Medlog) -> None:
    """Two Cyrillic names never collapse onto one Latin key, so a lookup cannot guess."""
    ok(medlog("add", "Магний B6", "--kind", "supplement", "--unit", "mg", "--dose", "100mg"))
    missing = medlog("take", "Витамин B6")
    assert missing.exit_code == 2 and "Магний" not in missing.stdout
    ok(medlog("add", "Витамин B6", "--kind", "supplement", "--unit", "mg", "--dose", "50mg"))
    ok(medlog("add", "阿司匹林", "--kind", "otc", "--unit", "mg", "--dose", "100mg"))
    taken = ok(medlog("take", "витамин b6"))
    assert "Витамин B6 50 mg" in taken.stdout
    keys = [
        item["item"] for item in json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    ]
    assert keys == ["магний-b6", "витамин-b6", "阿司匹林"]


def test_as_needed_limits_are_judged_over_any_24_hours(medlog: Medlog) -> None:
    """Six doses from 19:00 to 05:00 with max 3/day: the report counts the breach, as take does."""
    ok(medlog("add", "ibuprofen", "--kind", "otc", "--unit", "mg", "--schedule",
              "as needed max 3/day", "--start", "2026-11-20"))  # fmt: skip
    for at in ("yesterday 19:00", "yesterday 21:00", "yesterday 23:00", "01:00", "03:00", "05:00"):
        ok(medlog("take", "ibuprofen", "200mg", "--at", at))
    report = json.loads(ok(medlog("report", "--format", "json")).stdout)
    need = report["items"][0]["as_needed"]
    assert need["days_over_max"] == 1  # 01:00 was the 4th in 24 hours; 03:00, 05:00 the same day


@pytest.mark.parametrize(
    "args", [["due"], ["take", "lexapro"], ["export"], ["report", "--format", "json"]]
)
def test_a_closed_pipe_is_141_never_1(home: Path, args: list[str]) -> None:
    """| true closes the pipe: 141, quietly, never 1 (which due keeps for "overdue")."""
    env = dict(os.environ)
    setup = subprocess.run(
        [*MEDLOG_COMMAND, "add", "lexapro", "--dose", "10mg", "--schedule", "daily 20:00"],
        env=env, capture_output=True, check=False,
    )  # fmt: skip
    assert setup.returncode == 0
    read, write = os.pipe()
    os.close(read)
    process = subprocess.run(
        [*MEDLOG_COMMAND, *args], stdout=write, stderr=subprocess.PIPE, env=env, check=False
    )
    os.close(write)
    assert process.returncode == 141, process.stderr
    assert process.stderr == b""


def test_a_reader_that_leaves_half_way_is_141_never_0(medlog: Medlog, home: Path) -> None:
    """A large export cut by head -c is 141, not 0 with a cut file."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    lines = [
        json.dumps(
            {
                "v": 2,
                "id": f"d{n:06d}",
                "type": "dose",
                "at": "2026-11-01T08:00:00+00:00",
                "logged_at": "2026-11-01T08:00:00+00:00",
                "stamp": 1793520000,
                "item": "lexapro",
                "amount": "10",
                "unit": "mg",
            }
        )
        for n in range(20000)
    ]
    (home / "journal.jsonl").write_text("\n".join(lines) + "\n")
    (home / "journal.jsonl").chmod(0o600)
    process = subprocess.Popen(
        [*MEDLOG_COMMAND, "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10000)  # like head -c 10000
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""


def test_output_that_fails_after_a_write_says_the_write_happened(home: Path) -> None:
    """A dose logged with stdout full is 74 and says it was saved: a retry would double it."""
    env = dict(os.environ)
    subprocess.run([*MEDLOG_COMMAND, "add", "lexapro", "--dose", "10mg"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [*MEDLOG_COMMAND, "take", "lexapro"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False,
        )  # fmt: skip
    assert result.returncode == 74
    assert "was saved" in result.stderr and "do not repeat it" in result.stderr
    closed = subprocess.run([*MEDLOG_COMMAND, "take", "nosuch"], stderr=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, env=env, check=False)  # fmt: skip
    assert closed.returncode == 2


def test_dash_o_dev_stdout_writes_into_the_stream(home: Path, tmp_path: Path) -> None:
    """-o /dev/stdout with stdout appended to a file adds to it; it never replaces the file."""
    kept = tmp_path / "keep.log"
    kept.write_text("LINE1\n")
    with kept.open("a") as stream:
        subprocess.run([*MEDLOG_COMMAND, "report", "--format", "csv", "-o", "/dev/stdout"],
                       stdout=stream, check=True, env=dict(os.environ))  # fmt: skip
    text = kept.read_text()
    assert text.startswith("LINE1\nitem,name,")


def test_a_dangling_journal_link_is_not_an_empty_journal(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """A journal on an unmounted volume is refused, not read as no doses at all."""
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


def test_a_complete_last_line_with_a_fault_is_never_set_aside(medlog: Medlog, home: Path) -> None:
    """A newer medlog's last line without its newline is a problem to show, not a torn write."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    with (home / "journal.jsonl").open("a") as journal:
        journal.write('{"v": 99, "id": "fromnewer", "type": "dose"}')
    before = snapshot(home)
    result = medlog("take", "lexapro")
    assert result.exit_code == 3
    assert snapshot(home) == before
    assert not (home / "journal.jsonl.torn").exists()


def test_a_zone_jump_of_more_than_a_day_keeps_today_and_the_report_agreeing(
    medlog: Medlog, zone: Callable[[str], None]
) -> None:
    """Logged in Chatham (+13:45), read in Pago Pago (-11:00): today still sees the dose."""
    zone("Pacific/Chatham")
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-20",
              now="2026-11-27T00:10"))  # fmt: skip
    ok(medlog("take", "lexapro", now="2026-11-27T00:10"))
    zone("Pacific/Pago_Pago")
    today = ok(medlog("today", now="2026-11-27T22:00")).stdout
    assert "taken" in today
    again = ok(medlog("take", "lexapro", now="2026-11-27T22:00"))
    assert "2nd dose" in again.stderr


def test_on_time_counts_a_dose_near_a_slot_still_open(medlog: Medlog) -> None:
    """08:00,20:00; a dose at 19:00; at 21:00 it is on time (for 20:00), as at 22:00."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,20:00",
              "--start", "2026-11-27", now="2026-11-27T07:00"))  # fmt: skip
    ok(medlog("take", "lexapro", now="2026-11-27T19:00"))
    for now in ("2026-11-27T21:00", "2026-11-27T22:30"):
        item = json.loads(ok(medlog("report", "--format", "json", now=now)).stdout)["items"][0]
        assert item["on_time"] == 1, now


@pytest.mark.parametrize(
    "args",
    [
        ["--home", "~nouser-medlog/x", "today"],
        ["report", "-o", "~nouser-medlog/x.json"],
        ["import", "~nouser-medlog/x.json"],
    ],
)
def test_an_unknown_users_home_is_bad_input(medlog: Medlog, args: list[str]) -> None:
    result = medlog(*args)
    assert result.exit_code == 2
    assert "a user this machine does not know" in result.stderr


def test_numbers_of_thousands_of_digits_are_refused_plainly(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """Python refuses to read 4,300-digit integers; medlog says what is wrong instead of 70."""
    crafted = tmp_path / "big.json"
    crafted.write_text('{"schema": "medlog.export/1", "x": ' + "9" * 5000 + "}")
    assert medlog("import", str(crafted)).exit_code == 2
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    config = home / "medlog.toml"
    config.write_text("x = " + "9" * 5000 + "\n" + config.read_text())
    for args in (["list"], ["check"]):
        result = medlog(*args)
        assert result.exit_code in (1, 3)
        assert "a number too long" in result.stdout + result.stderr


def test_a_failed_command_leaves_no_lock_and_no_empty_journal(medlog: Medlog, home: Path) -> None:
    """Bad input leaves the store as it was: no new medlog.lock, no empty journal."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    (home / "medlog.lock").unlink()
    before = snapshot(home)
    assert medlog("take", "lexapro", "1e999").exit_code == 2
    assert snapshot(home) == before
    assert sorted(path.name for path in home.iterdir()) == ["medlog.toml"]


def test_a_lock_removed_by_a_quitting_medlog_is_made_anew(home: Path) -> None:
    """A medlog waiting on the lock while another gives up (and removes it) still locks."""
    from medlog.store import Store

    store = Store(home)
    with store.locked():
        store.save_regimen(__import__("medlog.model", fromlist=["Regimen"]).Regimen())
    held = os.open(store.lock_path, os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    store.lock_path.unlink()  # what a quitting medlog does, still holding its lock
    with store.locked():  # would wait 15 s and fail on the old file; takes a new one
        assert store.lock_path.exists()
    os.close(held)


def test_a_byte_order_mark_from_an_editor_is_read(medlog: Medlog, home: Path) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    for name in ("medlog.toml", "journal.jsonl"):
        path = home / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "10 mg" in ok(medlog("history")).stdout
    ok(medlog("take", "lexapro", "--at", "08:00"))
    assert len(json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]) == 2


def test_invisible_letters_are_refused_in_text(medlog: Medlog) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    result = medlog("take", "lexapro", "--note", "\u3164")
    assert result.exit_code == 2 and "invisible" in result.stderr


def test_escape_codes_in_paths_never_reach_the_terminal(medlog: Medlog, tmp_path: Path) -> None:
    target = tmp_path / "\x1b]0;PWNED\x07.json"
    result = ok(medlog("report", "-o", str(target)))
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr


def test_a_time_on_a_day_not_yet_begun_here_is_refused(medlog: Medlog) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-20"))
    result = medlog("take", "lexapro", "--at", "2026-11-28T08:00+14:00", now="2026-11-27T19:00")
    assert result.exit_code == 2 and "has not begun here" in result.stderr


def test_small_messages_say_what_is_wrong(medlog: Medlog) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    unknown = medlog("take", "lexapro", "--nte", "x")
    assert unknown.exit_code == 2 and "is not an option" in unknown.stderr
    empty = medlog("edit", "lexapro", "--range", "5-10mg/day", "--range-source", "")
    assert empty.exit_code == 2 and "empty" in empty.stderr


# The check-in attack (issue 11).


def test_the_crisis_message_shows_even_when_the_phq9_cannot_be_saved(
    medlog: Medlog, home: Path
) -> None:
    """Item 9 above 0 says where to turn, on stdout, whatever happens to the write: here, a
    broken store."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    config = home / "medlog.toml"
    config.write_text(config.read_text() + "garbage [[[\n")
    before = snapshot(home)
    result = medlog("checkin", "phq9", "--answers", "000000003")
    assert result.exit_code == 3
    assert "988" in result.stdout and "988" not in result.stderr
    assert snapshot(home) == before


def test_a_bad_at_is_refused_before_any_question(medlog: Medlog) -> None:
    result = medlog("checkin", "phq9", "--at", "tonight")
    assert result.exit_code == 2 and "does not say exactly when" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["checkin", "--mood", "5"],
        ["ask", "hi"],
        ["checkin", "phq9", "--answers", "000000000"],
    ],
)
def test_checkins_refuse_a_store_take_refuses(medlog: Medlog, home: Path, args: list[str]) -> None:
    """A medlog.toml from a newer medlog stops a check-in as it stops take."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    config = home / "medlog.toml"
    config.write_text(config.read_text().replace(f"schema = {SCHEMA}", "schema = 99"))
    before = snapshot(home)
    assert medlog(*args).exit_code == 3
    assert snapshot(home) == before


def test_a_questionnaire_keeps_a_note_and_refuses_side_effects(
    medlog: Medlog, home: Path, journal_lines: Journal
) -> None:
    before = snapshot(home)
    refused = medlog("checkin", "gad7", "--answers", "0000000", "--side-effect", "nausea")
    assert refused.exit_code == 2 and "side effects in a check-in of their own" in refused.stderr
    assert snapshot(home) == before
    ok(medlog("checkin", "gad7", "--answers", "0000000", "--note", "after a long week"))
    line = journal_lines()[-1]
    assert line["note"] == "after a long week"


def test_a_report_of_only_check_ins_shows_them(medlog: Medlog) -> None:
    """No items, no ratings: the table still shows scores and side effects."""
    ok(medlog("checkin", "phq9", "--answers", "2,2,2,2,2,2,2,2,0", "--at", "2026-11-20 10:00"))
    ok(medlog("checkin", "--side-effect", "headache:moderate", "--at", "2026-11-22 10:00"))
    table = ok(medlog("report")).stdout
    assert "No items were in your regimen" in table
    assert "PHQ-9 2026-11-20: 16 of 27 (moderately severe)" in table
    assert "headache: 1 day(s), at worst moderate" in table


@pytest.mark.parametrize(
    ("key", "value"), [("type", []), ("type", {}), ("unit", []), ("item", ["x"])]
)
def test_a_line_with_a_list_where_text_belongs_is_a_store_problem(
    medlog: Medlog, home: Path, key: str, value: object
) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    line = {"v": 2, "id": "a1", "type": "dose", "at": "2026-11-26T10:00:00+00:00",
            "logged_at": "2026-11-26T10:00:00+00:00", "stamp": 1795692000, "item": "lexapro",
            "amount": "10", "unit": "mg"} | {key: value}  # fmt: skip
    (home / "journal.jsonl").write_text(json.dumps(line) + "\n")
    (home / "journal.jsonl").chmod(0o600)
    for args in (["report"], ["history"]):
        assert medlog(*args).exit_code == 3
    assert medlog("check").exit_code == 1


def test_too_few_entries_are_counted_per_measure(medlog: Medlog) -> None:
    """Each short measure shows its own before and after counts."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-10", now="2026-11-01T09:00"))
    for day in range(1, 10):
        ok(medlog("checkin", "--mood", "4", now=f"2026-11-{day:02d}T21:00"))
    for day in range(10, 13):
        ok(medlog("checkin", "--mood", "8", "--sleep", "7", now=f"2026-11-{day:02d}T21:00"))
    table = " ".join(ok(medlog("report", now="2026-11-27T21:00")).stdout.split())
    assert "mood (9 before, 3 after), sleep (0 before, 3 after)" in table


def test_history_json_keeps_lists_as_lists(medlog: Medlog) -> None:
    ok(medlog("checkin", "--side-effect", "ＤＲＹ mouth", "--side-effect", "nausea:none"))
    ok(medlog("checkin", "gad7", "--answers", "0,1,2,3,0,1,2"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert events[0]["side_effects"] == [
        {"name": "dry mouth", "severity": "mild"},
        {"name": "nausea", "severity": "none"},
    ]
    assert events[1]["answers"] == [0, 1, 2, 3, 0, 1, 2]
    csv_text = ok(medlog("history", "--format", "csv")).stdout
    assert "dry mouth:mild; nausea:none" in csv_text and '"0,1,2,3,0,1,2"' in csv_text


@pytest.mark.parametrize(
    ("effects", "words"),
    [
        (["a; b:mild"], "give each side effect its own"),
        (["a, b"], "give each side effect its own"),
        ([f"effect {n}" for n in range(21)], "the limit is 20"),
    ],
)
def test_side_effects_stay_separable_and_few(
    medlog: Medlog, home: Path, effects: list[str], words: str
) -> None:
    before = snapshot(home)
    args = [part for effect in effects for part in ("--side-effect", effect)]
    result = medlog("checkin", *args)
    assert result.exit_code == 2 and words in result.stderr
    assert snapshot(home) == before


def test_check_names_an_event_dated_in_the_future(medlog: Medlog, home: Path) -> None:
    ok(medlog("checkin", "--mood", "5"))
    journal = home / "journal.jsonl"
    journal.write_text(journal.read_text().replace('"at":"2026-11-27', '"at":"2099-11-27'))
    result = medlog("check")
    assert result.exit_code == 1 and "after it was logged" in result.stdout


@pytest.mark.parametrize(
    ("logged_at", "words"),
    [
        ("2020-01-01T09:00:00-05:00", "after it was logged"),
        ("2027-01-01T09:00:00-05:00", "was logged at 2027-01-01 09:00, in the future"),
    ],
)
def test_import_refuses_what_check_would_flag(
    medlog: Medlog, home: Path, tmp_path: Path, logged_at: str, words: str
) -> None:
    """A check-in logged before it happened, or logged in the future: exit 2, nothing kept."""
    ok(medlog("checkin", "--mood", "6"))
    exported = tmp_path / "export.json"
    ok(medlog("export", "-o", str(exported)))
    document = json.loads(exported.read_text())
    document["events"][0]["logged_at"] = logged_at
    exported.write_text(json.dumps(document))
    other = tmp_path / "other"
    refused = medlog("--home", str(other), "import", str(exported))
    assert refused.exit_code == 2, refused.stdout
    assert words in refused.stderr and "othing was imported" in refused.stderr
    assert not (other / "journal.jsonl").exists()


def test_import_refuses_a_void_before_what_it_voids(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """An export always writes a correction after what it corrects; a file with the void
    first is refused (supply and the tail readers rely on that order)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("fill", "lexapro", "30", "tablets", "--days", "30"))
    ok(medlog("undo"))
    exported = tmp_path / "export.json"
    ok(medlog("export", "-o", str(exported)))
    document = json.loads(exported.read_text())
    document["events"].reverse()
    exported.write_text(json.dumps(document))
    other = tmp_path / "other"
    refused = medlog("--home", str(other), "import", str(exported))
    assert refused.exit_code == 2, refused.stdout
    assert "comes before" in refused.stderr and "Nothing was imported" in refused.stderr
    assert not (other / "journal.jsonl").exists()
