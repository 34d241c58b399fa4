"""own_lines: what a machine keeps of the lines it appended, and what it finds missing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from medlog import journal, own_lines
from medlog.model import Event

T0 = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


def dose(n: int) -> Event:
    """A 10 mg Lexapro dose logged n hours after T0, with a note to make its line long."""
    moment = T0 + timedelta(hours=n)
    return Event(f"id{n:05d}", "dose", moment, moment, item="lexapro", amount=Decimal(10),
                 unit="mg", note="x" * 200)  # fmt: skip


def hours_after(n: int) -> Callable[[], datetime]:
    """A clock that reads n hours after T0."""
    return lambda: T0 + timedelta(hours=n)


def test_the_file_stays_small_and_keeps_the_last_week(tmp_path: Path) -> None:
    """Sixty days of a dose an hour (about 350 kB of lines): the kept file is pruned to the
    lines of the last seven days, and an emptied journal gets exactly those back."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    for n in range(60 * 24):
        own_lines.remember(home, journal.append(path, [dose(n)]))
    assert own_lines.path_of(home).stat().st_size < 300 * 1024
    path.write_bytes(path.read_bytes().splitlines(keepends=True)[0])  # all but its first line
    lost = own_lines.lost(home, path, hours_after(60 * 24 - 1))
    assert lost is not None
    ids = [line.split(b'"id":"')[1][:7] for line in lost.data.splitlines()]
    last = 60 * 24 - 1
    assert ids == [f"id{n:05d}".encode() for n in range(last - 7 * 24, last + 1)]


def test_nothing_is_looked_at_while_the_journal_is_the_file_last_written(tmp_path: Path) -> None:
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    own_lines.remember(home, journal.append(path, [dose(1)]))
    assert own_lines.lost(home, path, hours_after(2)) is None
    with path.open("ab") as more:  # another device's line, appended in place (a union merge)
        more.write(journal.append(tmp_path / "other.jsonl", [dose(2)]).data)
    assert own_lines.lost(home, path, hours_after(2)) is None
    path.write_bytes(b"")  # cut short in place: looked at
    lost = own_lines.lost(home, path, hours_after(2))
    assert lost is not None and b'"id":"id00001"' in lost.data
    own_lines.forget(home)
    assert own_lines.lost(home, path, hours_after(2)) is None


def test_a_kept_file_grown_by_hand_is_read_only_at_its_end(tmp_path: Path) -> None:
    """Megabytes of junk before the last entries cost one bounded read, and are passed over."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    own_lines.remember(home, journal.append(path, [dose(1)]))
    kept = own_lines.path_of(home)
    kept.write_bytes(b"junk " * 1_000_000 + b"\n" + kept.read_bytes())
    path.write_bytes(b"")
    lost = own_lines.lost(home, path, hours_after(2))
    assert lost is not None and lost.data.count(b"\n") == 1


def test_a_line_older_than_a_week_by_the_clock_is_not_put_back(tmp_path: Path) -> None:
    """A week and a day without medlog, then a journal lacking the last line (a backup put
    back): that line is no longer one logged lately. A clock set back keeps the lines of the
    week before the newest."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    own_lines.remember(home, journal.append(path, [dose(1)]))
    path.write_bytes(b"")
    lost = own_lines.lost(home, path, hours_after(1 + 8 * 24))
    assert lost is not None and lost.data == b""
    lost = own_lines.lost(home, path, hours_after(-30 * 24))
    assert lost is not None and lost.data.count(b"\n") == 1


def test_a_last_entry_longer_than_the_first_look_is_still_found(tmp_path: Path) -> None:
    """One append of 40 long lines (a pruned file ends so too): the first small read of the
    end holds no whole entry, and the full read finds it."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    own_lines.remember(home, journal.append(path, [dose(n) for n in range(40)]))
    assert own_lines.path_of(home).stat().st_size > own_lines._LAST_ENTRY
    path.write_bytes(b"")
    lost = own_lines.lost(home, path, hours_after(41))
    assert lost is not None and lost.data.count(b"\n") == 40


def test_lines_go_back_only_to_a_journal_that_holds_their_journals_first_line(
    tmp_path: Path,
) -> None:
    """A journal that holds the first line of the one a kept line went to gets it back, where
    ever that line stands (a union merge sorts lines); another store's journal gets none, and
    the lines are named as withheld. The lines a pruned kept file holds keep that first line."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    for n in range(60 * 24):  # enough to be pruned
        own_lines.remember(home, journal.append(path, [dose(n)]))
    first, *_ = path.read_bytes().splitlines(keepends=True)
    other = journal.append(tmp_path / "other.jsonl", [dose(-5)]).data  # another store's line
    last = 60 * 24 - 1
    week = [f"id{n:05d}" for n in range(last - 7 * 24, last + 1)]

    path.write_bytes(other)
    lost = own_lines.lost(home, path, hours_after(last))
    assert lost is not None and (lost.data, lost.ids, list(lost.withheld)) == (b"", (), week)

    path.write_bytes(other + first)  # the same store, its lines sorted by time
    lost = own_lines.lost(home, path, hours_after(last))
    assert lost is not None and list(lost.ids) == week and lost.withheld == ()


def test_an_entry_an_earlier_medlog_kept_goes_back_as_before(tmp_path: Path) -> None:
    """Entries kept before a store's first line was kept with them (no "first") go back to
    any journal, as they did: an upgrade loses no dose a sync tool dropped that week."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    own_lines.remember(home, journal.append(path, [dose(1)]))
    own_lines.remember(home, journal.append(path, [dose(2)]))
    kept = own_lines.path_of(home)
    entries = [json.loads(line) for line in kept.read_bytes().splitlines()]
    assert [entry["first"] for entry in entries] == [None, "id00001"]
    kept.write_text("".join(json.dumps({k: v for k, v in entry.items() if k != "first"}) + "\n"
                            for entry in entries))  # fmt: skip
    path.write_bytes(journal.append(tmp_path / "other.jsonl", [dose(-5)]).data)
    lost = own_lines.lost(home, path, hours_after(3))
    assert lost is not None and lost.ids == ("id00001", "id00002")


def test_lines_after_a_first_line_that_goes_back_go_back_too(tmp_path: Path) -> None:
    """Two devices sharing a new store each log a first dose; the other's version replaces
    this one's journal: this device's first line (no first line before it) goes back, and so
    do its lines after it, whose journal began with it."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    path.write_bytes(b"")
    own_lines.remember(home, journal.append(path, [dose(1)]))
    own_lines.remember(home, journal.append(path, [dose(2)]))
    path.write_bytes(journal.append(tmp_path / "phone.jsonl", [dose(-1)]).data)
    lost = own_lines.lost(home, path, hours_after(3))
    assert lost is not None and (lost.ids, lost.withheld) == (("id00001", "id00002"), ())


def test_lines_of_one_second_go_back_whatever_their_ids_order(tmp_path: Path) -> None:
    """A store's first line and the next, logged in the same second (one stamp), sort by id:
    the later one, first in that order, goes back once the first line does (an outside
    attacker's finding: it was said to belong to another store)."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    path.write_bytes(b"")
    first, later = dose(1)._replace(id="zz-first"), dose(1)._replace(id="aa-later")
    own_lines.remember(home, journal.append(path, [first]))
    own_lines.remember(home, journal.append(path, [later]))
    path.write_bytes(journal.append(tmp_path / "phone.jsonl", [dose(-1)]).data)
    lost = own_lines.lost(home, path, hours_after(2))
    assert lost is not None and (sorted(lost.ids), lost.withheld) == (["aa-later", "zz-first"], ())


def test_the_first_line_is_found_by_its_id_not_by_its_text_anywhere(tmp_path: Path) -> None:
    """A store whose first line has the short id "10" (merge accepts short ids) does not claim
    another store's journal that holds "10" as an amount (an outside attacker's finding)."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    path.write_bytes(journal.append(tmp_path / "old.jsonl", [dose(0)._replace(id="10")]).data)
    own_lines.remember(home, journal.append(path, [dose(1)]))
    path.write_bytes(journal.append(tmp_path / "bob.jsonl", [dose(-3)]).data)  # amount "10"
    assert b'"10"' in path.read_bytes()
    lost = own_lines.lost(home, path, hours_after(2))
    assert lost is not None and (lost.ids, lost.withheld) == ((), ("id00001",))


def test_a_first_line_edited_into_the_kept_file_is_not_trusted(tmp_path: Path) -> None:
    """A kept entry whose "first" is not an id (a lone surrogate, a number, a quote) is an
    edited entry: its lines are passed over, never put back anywhere, and nothing fails (a
    surrogate stopped every command with an internal error: an outside attacker's finding)."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    path.write_bytes(journal.append(tmp_path / "old.jsonl", [dose(0)]).data)
    own_lines.remember(home, journal.append(path, [dose(1)]))
    kept = own_lines.path_of(home)
    entry = json.loads(kept.read_bytes())
    for forged in ("\ud800", 7, 'a"b', "x" * 65, ""):
        kept.write_text(json.dumps(entry | {"first": forged}) + "\n")
        path.write_bytes(b"")
        lost = own_lines.lost(home, path, hours_after(2))
        assert lost is not None and (lost.data, lost.withheld) == (b"", ())


def test_a_journal_written_over_in_place_is_looked_at(tmp_path: Path) -> None:
    """`cp` over the journal, or `git reset` making a new file that gets the old inode number,
    no shorter: the journal's end differs from the one kept, so the lines it lacks go back
    (an outside attacker's finding: they were never looked for)."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    path.write_bytes(journal.append(tmp_path / "old.jsonl", [dose(0)]).data)
    shared = path.read_bytes()
    own_lines.remember(home, journal.append(path, [dose(1)]))
    other = journal.append(tmp_path / "phone.jsonl", [dose(2)._replace(note="y" * 400)]).data
    with path.open("r+b") as same_file:  # the same inode, written over, longer
        same_file.write(shared + other)
    lost = own_lines.lost(home, path, hours_after(3))
    assert lost is not None and lost.ids == ("id00001",)


def test_a_blank_first_line_does_not_hide_the_store(tmp_path: Path) -> None:
    """A journal that begins with a blank line still tells its store by its first entry (an
    outside attacker's finding: every kept line then went into any store)."""
    home = tmp_path / "store"
    home.mkdir()
    path = home / journal.JOURNAL_NAME
    path.write_bytes(b"\n" + journal.append(tmp_path / "old.jsonl", [dose(0)]).data)
    own_lines.remember(home, journal.append(path, [dose(1)]))
    assert json.loads(own_lines.path_of(home).read_bytes())["first"] == "id00000"
