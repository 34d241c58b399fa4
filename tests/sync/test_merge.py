"""Conflict copies from Syncthing, Dropbox, Nextcloud and git: noticed by every command,
absorbed by `medlog merge`, all or nothing (issue 21)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from medlog.conflicts import copies, sides
from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]
SYNCTHING = "journal.sync-conflict-20261201-120000-ABCDEFG.jsonl"
NAMES = {
    "journal.sync-conflict-20261201-120000-ABCDEFG.jsonl": ("journal", "Syncthing"),
    "medlog.sync-conflict-20261201-120000-7QX2KQP.toml": ("regimen", "Syncthing"),
    "journal (Ana's conflicted copy 2026-12-01).jsonl": ("journal", "Dropbox"),
    "medlog (Ana's conflicted copy 2026-12-01).toml": ("regimen", "Dropbox"),
    "medlog (conflicted copy 2026-12-01 120000).toml": ("regimen", "Nextcloud"),
    "journal (conflict).jsonl": ("journal", "Nextcloud"),
    "journal_conflict-20261201-120000.jsonl": ("journal", "Nextcloud"),
    "medlog.toml.orig": ("regimen", "git"),
    "journal.jsonl.orig": ("journal", "git"),
}


def two_devices(medlog: Medlog, home: Path, tmp_path: Path) -> Path:
    """Lexapro daily 08:00 on a laptop (the store) and a phone (a copy of it)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    phone = tmp_path / "phone"
    shutil.copytree(home, phone)
    return phone


def report(medlog: Medlog, *args: str) -> str:
    """The report JSON of the store (or --home ...)."""
    return ok(medlog(*args, "report", "--format", "json", now="2026-11-28T12:00")).stdout


@pytest.mark.parametrize(("name", "expected"), sorted(NAMES.items()))
def test_every_tools_naming_is_recognised(home: Path, name: str, expected: tuple[str, str]) -> None:
    """The names each tool gives a conflict copy (fixtures of the real patterns)."""
    home.mkdir()
    (home / name).write_text("")
    (home / "journal (notes).jsonl").write_text("")  # not a conflict copy
    found = copies(home)
    assert [(copy.path.name, copy.of, copy.tool) for copy in found] == [(name, *expected)]


def test_a_syncthing_copy_is_noticed_then_merged(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone's journal renamed by Syncthing: every command says so, check names it, and
    merge adds the phone's dose, moves the copy aside, and adds nothing the second time."""
    phone = two_devices(medlog, home, tmp_path)
    ok(medlog("--home", str(phone), "take", "lexapro", now="2026-11-28T08:05"))
    shutil.copy(phone / "journal.jsonl", home / SYNCTHING)
    today = ok(medlog("today", now="2026-11-28T12:00"))
    assert "overdue" in today.stdout
    assert "Syncthing left 1 conflict copy beside your store" in today.stderr
    assert "medlog merge" in today.stderr
    checked = medlog("check", now="2026-11-28T12:00")
    assert checked.exit_code == 1 and "a conflict copy of" in checked.stdout
    merged = ok(medlog("merge", now="2026-11-28T12:00"))
    assert merged.stdout.startswith(f"Merged {SYNCTHING}: 1 event(s) added, 0 already here.")
    assert (home / "merged" / SYNCTHING).exists() and not (home / SYNCTHING).exists()
    today = ok(medlog("today", now="2026-11-28T12:00"))
    assert "taken 08:05" in today.stdout and today.stderr == ""
    shutil.copy(home / "merged" / SYNCTHING, home / SYNCTHING)
    again = ok(medlog("merge", now="2026-11-28T12:00"))
    assert "0 event(s) added, 1 already here" in again.stdout


def test_merging_is_the_same_either_way_round(medlog: Medlog, home: Path, tmp_path: Path) -> None:
    """Doses on both devices: laptop + phone's copy and phone + laptop's copy give byte-identical
    reports (commutative), and merging twice changes nothing (idempotent)."""
    phone = two_devices(medlog, home, tmp_path)
    for day in (20, 22, 24):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day}T08:00", now="2026-11-28T08:00"))
    for day in (21, 23, 24):
        ok(medlog("--home", str(phone), "take", "lexapro", "--at", f"2026-11-{day}T08:00",
                  now="2026-11-28T08:00"))  # fmt: skip
    shutil.copy(phone / "journal.jsonl", home / SYNCTHING)
    shutil.copy(home / "journal.jsonl", phone / SYNCTHING)
    ok(medlog("merge", now="2026-11-28T12:00"))
    ok(medlog("--home", str(phone), "merge", now="2026-11-28T12:00"))
    laptop = report(medlog)
    assert laptop == report(medlog, "--home", str(phone))
    assert json.loads(laptop)["items"][0]["taken_doses"] == 6
    shutil.copy(phone / "journal.jsonl", home / SYNCTHING)
    ok(medlog("merge", now="2026-11-28T12:00"))
    assert report(medlog) == laptop


def test_a_fill_from_the_other_copy_counts_the_doses_logged_here(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone fills 30 tablets at 07:00, the laptop (which never saw a fill) logs 08:05 and
    the next day's dose: merged, supply starts at the fill and takes both doses off (28), as
    one store would; it had kept the phone's 30 and lost the supply's start (Syncthing
    simulation, issue 21)."""
    phone = two_devices(medlog, home, tmp_path)
    ok(medlog("--home", str(phone), "fill", "lexapro", "30 tablets", "--days", "30",
              now="2026-11-20T07:00"))  # fmt: skip
    ok(medlog("take", "lexapro", now="2026-11-20T08:05"))
    ok(medlog("take", "lexapro", now="2026-11-21T08:05"))
    shutil.copy(phone / "journal.jsonl", home / SYNCTHING)
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261121-120000-ABCDEFG.toml")
    ok(medlog("merge", now="2026-11-21T12:00"))
    listed = json.loads(ok(medlog("supply", "--format", "json", now="2026-11-21T12:00")).stdout)
    assert listed["items"][0]["on_hand"] == 28
    assert medlog("check", now="2026-11-21T12:00").exit_code == 0


def test_regimens_are_united_and_a_collision_is_chosen(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The laptop raises to 20 mg from 11-20, the phone adds magnesium: both kept. Both
    change the 11-01 version differently: exit 2 naming it, nothing changed, until --keep."""
    phone = two_devices(medlog, home, tmp_path)
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-20", now="2026-11-20T07:00"))
    ok(medlog("--home", str(phone), "add", "magnesium glycinate", "--dose", "200mg",
              now="2026-11-21T07:00"))  # fmt: skip
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261201-120000-AAAAAAA.toml")
    merged = ok(medlog("merge", now="2026-11-28T12:00"))
    assert "Added Magnesium glycinate from the other copy." in merged.stdout
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert [item["item"] for item in listed] == ["lexapro", "magnesium-glycinate"]
    assert [v["dose"] for v in listed[0]["regimen"]] == [10, 20]
    ok(medlog("--home", str(phone), "edit", "lexapro", "--dose", "15mg", "--from", "2026-11-01",
              now="2026-11-22T07:00"))  # fmt: skip
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261202-120000-AAAAAAA.toml")
    before = snapshot(home)
    refused = medlog("merge", now="2026-11-28T12:00")
    assert refused.exit_code == 2
    assert "Lexapro: a different dose or schedule from 2026-11-01" in refused.stderr
    assert snapshot(home) == before
    ok(medlog("merge", "--keep", "theirs", now="2026-11-28T12:00"))
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert listed[0]["regimen"][0]["dose"] == 15


def test_a_year_of_birth_from_the_other_copy_is_kept_and_judged_by(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone records born 1950 (calcium's limit 2,000 mg from 51): merging its
    medlog.toml keeps the year here and chooses the facts for that age; another year on a
    third copy is a collision of the profile, chosen with --keep profile=..."""
    ok(medlog("add", "calcium", "--dose", "1200mg", now="2026-11-01T07:00"))
    phone = tmp_path / "phone"
    shutil.copytree(home, phone)
    ok(medlog("--home", str(phone), "profile", "--born", "1950", now="2026-11-02T07:00"))
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261201-120000-AAAAAAA.toml")
    merged = ok(medlog("merge", now="2026-11-28T12:00"))
    assert "1950" in merged.stdout
    assert "Profile: born 1950" in ok(medlog("profile", now="2026-11-28T12:00")).stdout
    listed = json.loads(ok(medlog("list", "--format", "json", now="2026-11-28T12:00")).stdout)
    assert listed["items"][0]["range"]["max"] == 2000
    ok(medlog("--home", str(phone), "profile", "--born", "1990", now="2026-11-29T07:00"))
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261202-120000-AAAAAAA.toml")
    before = snapshot(home)
    refused = medlog("merge", now="2026-11-29T12:00")
    assert refused.exit_code == 2
    assert "the year of birth: 1950 here, 1990 there" in refused.stderr
    assert snapshot(home) == before
    ok(medlog("merge", "--keep", "profile=mine", now="2026-11-29T12:00"))
    assert "Profile: born 1950" in ok(medlog("profile", now="2026-11-29T12:00")).stdout


def test_git_markers_in_medlog_toml_are_named_and_merged(medlog: Medlog, home: Path) -> None:
    """medlog.toml with git's conflict markers: commands say to run merge (exit 3, the file
    unchanged); merge unites both sides."""
    ok(medlog("add", "lexapro", "--dose", "10mg", now="2026-11-01T07:00"))
    config = home / "medlog.toml"
    text = config.read_text()
    marked = text.replace(
        'name = "Lexapro"\n',
        '<<<<<<< HEAD\nname = "Lexapro"\n=======\nname = "Lexapro"\n>>>>>>> phone\n',
    )
    assert marked != text
    config.write_text(marked)
    refused = medlog("today", now="2026-11-28T12:00")
    assert refused.exit_code == 3 and "git's conflict markers" in refused.stderr
    assert "medlog merge" in refused.stderr and config.read_text() == marked
    ok(medlog("merge", now="2026-11-28T12:00"))
    assert "<<<<<<<" not in config.read_text()
    ok(medlog("today", now="2026-11-28T12:00"))


def test_git_markers_split_into_two_sides() -> None:
    """sides() keeps the shared lines on both sides and drops a diff3 base section."""
    data = b"a\n<<<<<<< HEAD\nmine\n||||||| base\nold\n=======\ntheirs\n>>>>>>> x\nz\n"
    assert sides(data) == (b"a\nmine\nz\n", b"a\ntheirs\nz\n")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('{"v":3,"id":"cccccccccccccccccccccccccccccccc","stamp":1795000000,"type":"dose","at":"2026-12-25T08:00:00'
         '+00:00","logged_at":"2026-11-28T08:00:00+00:00","item":"lexapro","amount":"10",'
         '"unit":"mg"}', "in the future"),
        ('{"v":3,"id":"dddddddddddddddddddddddddddddddd","stamp":1795000000,"type":"void","at":"2026-11-27T08:00:00'
         '+00:00","logged_at":"2026-11-27T08:00:00+00:00","ref":"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"}',
         "in neither the store nor the file; nothing was merged"),
    ],
)  # fmt: skip
def test_merge_refuses_what_import_refuses(
    medlog: Medlog, home: Path, tmp_path: Path, line: str, words: str
) -> None:
    """A copy holding a dose from the future or a void of nothing is exit 2, nothing changed
    (an outside attacker's finding: merge once let in what import refused)."""
    phone = two_devices(medlog, home, tmp_path)
    with (phone / "journal.jsonl").open("a") as journal:
        journal.write(line + "\n")
    shutil.copy(phone / "journal.jsonl", home / SYNCTHING)
    before = snapshot(home)
    refused = medlog("merge", now="2026-11-28T12:00")
    assert refused.exit_code == 2 and words in refused.stderr, refused.stderr
    assert snapshot(home) == before


def test_contradictory_keep_choices_are_refused(medlog: Medlog, home: Path, tmp_path: Path) -> None:
    """--keep theirs --keep mine (or lexapro=mine and lexapro=theirs) is exit 2, nothing
    changed, rather than the last choice silently deciding (an outside attacker's finding)."""
    phone = two_devices(medlog, home, tmp_path)
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261201-120000-AAAAAAA.toml")
    before = snapshot(home)
    for choices in (("theirs", "mine"), ("lexapro=mine", "lexapro=theirs")):
        refused = medlog(
            "merge", "--keep", choices[0], "--keep", choices[1], now="2026-11-28T12:00"
        )
        assert refused.exit_code == 2 and "both mine and theirs" in refused.stderr
        assert snapshot(home) == before


def test_an_unknown_keep_key_is_refused(medlog: Medlog, home: Path, tmp_path: Path) -> None:
    """--keep lexpro=theirs (a typo) was ignored and the merge went on (outside attack,
    finding 6): exit 2 naming the key and the keys there are, nothing changed, for merge and
    import alike, git's markers in the journal included."""
    phone = two_devices(medlog, home, tmp_path)
    ok(medlog("--home", str(phone), "add", "magnesium glycinate", "--dose", "200mg",
              now="2026-11-21T07:00"))  # fmt: skip
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261201-120000-AAAAAAA.toml")
    before = snapshot(home)
    refused = medlog("merge", "--keep", "lexpro=theirs", now="2026-11-28T12:00")
    assert refused.exit_code == 2
    assert " ".join(refused.stderr.split()) == (
        "Error: --keep 'lexpro' names nothing in either copy; nothing was changed. The keys "
        "merge knows here: lexapro, magnesium-glycinate, settings, profile, allergies (or mine or "
        "theirs for all)."
    )
    assert snapshot(home) == before
    backup = tmp_path / "backup.json"
    ok(medlog("--home", str(phone), "export", "-o", str(backup), now="2026-11-28T12:00"))
    refused = medlog("import", str(backup), "--keep", "lexpro=theirs", now="2026-11-28T12:00")
    assert refused.exit_code == 2 and "'lexpro' names nothing" in refused.stderr
    assert snapshot(home) == before
    ok(medlog("merge", "--keep", "magnesium-glycinate=theirs", now="2026-11-28T12:00"))


def test_keeping_one_side_keeps_both_sides_audit_lines(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """--keep theirs took the phone's item whole and dropped the laptop's audit lines (outside
    attack, finding 7): the kept item holds both copies' lines, oldest first, each once."""
    phone = two_devices(medlog, home, tmp_path)
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-20", now="2026-11-20T07:00"))
    ok(medlog("--home", str(phone), "edit", "lexapro", "--name", "Lexapro X",
              now="2026-11-21T07:00"))  # fmt: skip
    shutil.copy(phone / "medlog.toml", home / "medlog.sync-conflict-20261201-120000-AAAAAAA.toml")
    ok(medlog("merge", "--keep", "theirs", now="2026-11-28T12:00"))
    text = (home / "medlog.toml").read_text()
    assert "new regimen: 20 mg daily 08:00 from 2026-11-20" in text
    assert "name 'Lexapro' -> 'Lexapro X'" in text
    assert text.count("added: 10 mg daily 08:00 from 2026-11-01") == 1
    assert text.index("new regimen: 20 mg") < text.index("name 'Lexapro' -> 'Lexapro X'")


def test_a_void_twice_over_names_both_copies(medlog: Medlog, home: Path, tmp_path: Path) -> None:
    """Two phones each undo the same dose: merge named the first copy for a void in the second
    (outside attack, finding 8). It names the copy that holds each void, and both voids;
    nothing is merged."""
    phone = two_devices(medlog, home, tmp_path)
    ok(medlog("take", "lexapro", "--at", "08:00", now="2026-11-27T09:00"))
    tablet = tmp_path / "tablet"
    shutil.copytree(home, phone, dirs_exist_ok=True)
    shutil.copytree(home, tablet)
    ok(medlog("--home", str(phone), "undo", now="2026-11-27T09:01"))
    ok(medlog("--home", str(tablet), "undo", now="2026-11-27T09:02"))
    names = ("journal.sync-conflict-20261127-090000-AAAAAAA.jsonl",
             "journal.sync-conflict-20261127-090100-BBBBBBB.jsonl")  # fmt: skip
    shutil.copy(phone / "journal.jsonl", home / names[0])
    shutil.copy(tablet / "journal.jsonl", home / names[1])
    voids = [
        json.loads((copy / "journal.jsonl").read_text().splitlines()[-1])["id"]
        for copy in (phone, tablet)
    ]
    before = snapshot(home)
    refused = medlog("merge", now="2026-11-27T09:05")
    assert refused.exit_code == 2
    said = " ".join(refused.stderr.split())
    assert f"Void {voids[1]} in {names[1]} voids " in said
    assert f"already voided by void {voids[0]} in {names[0]}; nothing was merged." in said
    assert snapshot(home) == before


def test_a_name_with_a_nul_is_bad_input(medlog: Medlog, home: Path) -> None:
    """merge of a name holding NUL is exit 2 with a sentence, not an internal error (found
    by the command-line fuzz test)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    before = snapshot(home)
    result = medlog("merge", "\x00")
    assert result.exit_code == 2 and "NUL character" in result.stderr
    assert snapshot(home) == before
