"""own_lines: what a machine keeps of the lines it appended, and what it finds missing."""

from __future__ import annotations

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
    assert own_lines._path(home).stat().st_size < 300 * 1024
    path.write_bytes(b"")
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
    kept = own_lines._path(home)
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
    assert own_lines._path(home).stat().st_size > own_lines._LAST_ENTRY
    path.write_bytes(b"")
    lost = own_lines.lost(home, path, hours_after(41))
    assert lost is not None and lost.data.count(b"\n") == 40
