"""journal.py: appends are whole lines; torn tails are reported, set aside, never glued to;
a line missing only its newline is kept; stamps keep tail reads right whatever the clock."""

from __future__ import annotations

import gc
import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from medlog import journal
from medlog.errors import StoreProblem
from medlog.events import encode
from medlog.model import Event

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def dose(n: int, *, at: datetime | None = None) -> Event:
    """A 10 mg Lexapro dose n hours after T0."""
    moment = at or T0 + timedelta(hours=n)
    return Event(
        f"id{n:05d}", "dose", moment, moment, item="lexapro", amount=Decimal(10), unit="mg"
    )


def test_append_writes_complete_lines_with_0600(tmp_path: Path) -> None:
    """Appended events are one line each, and the file is private to its owner."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(1), dose(2)])
    journal.append(path, [dose(3)])
    assert path.read_text().count("\n") == 3
    assert path.stat().st_mode & 0o777 == 0o600
    assert [e.id for e in journal.read_all(path).events] == ["id00001", "id00002", "id00003"]


def test_torn_last_line_is_reported_and_ignored_by_readers(tmp_path: Path) -> None:
    """A last line without its newline is ignored by every reader, which never modifies it."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(1), dose(2)])
    with path.open("ab") as handle:
        handle.write(b'{"v":2,"id":"torn","ty')
    before = path.read_bytes()
    read = journal.read_all(path)
    assert read.torn and [e.id for e in read.events] == ["id00001", "id00002"]
    recent = journal.read_recent(path, T0)
    assert recent.torn and [e.id for e in recent.events] == ["id00001", "id00002"]
    newest_first = journal.JournalRead()
    assert [e.id for e in journal.backward(path, newest_first)] == ["id00002", "id00001"]
    assert newest_first.torn
    assert path.read_bytes() == before


def test_next_append_sets_the_torn_fragment_aside(tmp_path: Path) -> None:
    """The next writer moves the fragment to journal.jsonl.torn and never glues onto it."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(1)])
    with path.open("ab") as handle:
        handle.write(b'{"v":2,"id":"torn"')
    journal.append(path, [dose(2)])
    assert [e.id for e in journal.read_all(path).events] == ["id00001", "id00002"]
    assert not journal.read_all(path).torn
    torn = Path(str(path) + journal.TORN_SUFFIX)
    assert torn.read_bytes() == b'{"v":2,"id":"torn"\n'
    assert torn.stat().st_mode & 0o777 == 0o600


def test_a_journal_that_is_only_a_torn_fragment(tmp_path: Path) -> None:
    """A crash during the very first write leaves a fragment that readers ignore."""
    path = tmp_path / journal.JOURNAL_NAME
    path.write_bytes(b'{"v":2,"id":"x"')
    assert journal.read_all(path).events == []
    assert journal.read_recent(path, T0).torn
    journal.append(path, [dose(1)])
    assert [e.id for e in journal.read_all(path).events] == ["id00001"]


def test_backward_read_names_the_line_of_a_broken_tail(tmp_path: Path) -> None:
    """The tail reader also names the exact line of a broken event."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(n) for n in range(1, 6)])
    with path.open("ab") as handle:
        handle.write(b"garbage\n")
    with pytest.raises(StoreProblem, match="line 6"):
        journal.read_recent(path, T0)


def test_read_recent_stops_at_old_lines_and_spans_blocks(tmp_path: Path) -> None:
    """Reading recent events touches only the tail, even across many read blocks."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(n) for n in range(3000)])  # ~500 kB, several blocks
    since = T0 + timedelta(hours=2990)
    recent = journal.read_recent(path, since)
    ids = [e.id for e in recent.events]
    assert ids[-1] == "id02999"
    assert "id02990" in ids
    assert ids[0] == "id02990"  # stamps only grow, so reading stops right there
    assert [e.id for e in journal.read_all(path).events] == [f"id{n:05d}" for n in range(3000)]


def test_blank_lines_are_tolerated(tmp_path: Path) -> None:
    """A blank line (e.g. from an editor) is skipped, not an error."""
    path = tmp_path / journal.JOURNAL_NAME
    first, second = journal.stamp([dose(1), dose(2)], 0)
    path.write_bytes(encode(first).encode() + b"\n\n" + encode(second).encode() + b"\n")
    assert len(journal.read_all(path).events) == 2
    assert len(journal.read_recent(path, T0).events) == 2


def test_live_drops_voided_events_and_voids() -> None:
    """live() keeps doses and skips that no void cancels."""
    void = Event("v1", "void", T0, T0, ref="id00001")
    assert [e.id for e in journal.live([dose(1), dose(2), void])] == ["id00002"]


def test_a_complete_last_line_without_newline_is_an_event(tmp_path: Path) -> None:
    """An editor dropped the final newline: every reader counts the line; the next writer
    adds the newline instead of setting the line aside."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(1), dose(2)])
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    assert [e.id for e in journal.read_all(path).events] == ["id00001", "id00002"]
    assert not journal.read_all(path).torn
    assert [e.id for e in journal.read_recent(path, T0).events] == ["id00001", "id00002"]
    journal.append(path, [dose(3)])
    assert [e.id for e in journal.read_all(path).events] == ["id00001", "id00002", "id00003"]
    assert not Path(str(path) + journal.TORN_SUFFIX).exists()


def test_a_very_long_line_reads_back_whole(tmp_path: Path) -> None:
    """A line many blocks long comes back in one piece, read forwards or backwards."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(1), dose(2)._replace(note="n" * 480), dose(3)])
    with path.open("ab") as handle:  # a 2 MB hand-made line, many blocks long
        handle.write(b'{"v":2' + b" " * (2 * 1024 * 1024) + b"}\n")
    with pytest.raises(StoreProblem, match="line 4"):
        journal.read_recent(path, T0)
    path.write_bytes(path.read_bytes().splitlines(keepends=True)[0] * 3000)
    assert len(list(journal.backward(path, journal.JournalRead()))) == 3000


def test_stamps_never_fall_whatever_the_clock(tmp_path: Path) -> None:
    """A writer whose clock was set back still stamps at or after the last line and its own at."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(10)])
    journal.append(path, [dose(1)])  # logged with a clock nine hours behind the line before
    stamps = [event.stamp for event in journal.read_all(path).events]
    assert stamps[0] is not None and stamps[1] == stamps[0]
    assert stamps[0] >= (T0 + timedelta(hours=10)).timestamp()


def test_a_clock_set_back_cannot_hide_recent_events(tmp_path: Path) -> None:
    """An event logged while the clock was days behind is still found by a later tail read."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(48)])
    behind = T0 - timedelta(days=5)
    journal.append(path, [Event("late", "dose", behind, behind, "lexapro", Decimal(5), "mg")])
    journal.append(path, [dose(50)])
    recent = journal.read_recent(path, T0 + timedelta(hours=47))
    assert [e.id for e in recent.events] == ["id00048", "late", "id00050"]


def test_a_failed_append_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full half-way through a write: the partial line is cut off, and it is exit 3."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(1)])
    before = path.read_bytes()
    real_write = os.write

    def half(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal.os, "write", half)
    with pytest.raises(StoreProblem, match="No space left"):
        journal.append(path, [dose(2)])
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_a_fifo_or_device_is_refused_before_reading(tmp_path: Path) -> None:
    """A FIFO or a device in place of the journal is a store problem at once, never a hang."""
    path = tmp_path / journal.JOURNAL_NAME
    os.mkfifo(path)
    with pytest.raises(StoreProblem, match="not a regular file"):
        journal.read_all(path)
    with pytest.raises(StoreProblem, match="not a regular file"):
        journal.append(path, [dose(1)])
    with pytest.raises(StoreProblem, match="not a regular file"):
        journal.read_all(Path("/dev/null"))


def test_new_ids_are_uuid4_hex() -> None:
    """Ids are 32 hex digits with the version-4 and variant bits set, and unique."""
    ids = {journal.new_id() for _ in range(1000)}
    assert len(ids) == 1000
    sample = next(iter(ids))
    assert len(sample) == 32 and sample[12] == "4" and sample[16] in "89ab"


def test_reading_pauses_the_collector_and_always_restores_it(tmp_path: Path) -> None:
    """no_cycles leaves gc as it found it: on after a read or a failed read, off if it was off."""
    path = tmp_path / journal.JOURNAL_NAME
    journal.append(path, [dose(1)])
    assert gc.isenabled()
    journal.read_all(path)
    assert gc.isenabled()
    path.write_text("{not json}\n" + path.read_text())
    with pytest.raises(StoreProblem):
        journal.read_all(path)
    assert gc.isenabled()
    gc.disable()
    try:
        journal.read_all(tmp_path / "absent.jsonl")
        with journal.no_cycles():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_new_ids_are_version_4_uuids() -> None:
    """new_id makes what uuid.uuid4().hex makes (it no longer imports uuid): 32 hex digits that
    read back as a version-4, RFC variant UUID, and never the same twice."""
    import uuid

    from medlog.journal import new_id

    made = [new_id() for _ in range(2000)]
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(hex=text)
        assert (parsed.hex, parsed.version, parsed.variant) == (text, 4, uuid.RFC_4122)
