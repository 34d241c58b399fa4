"""journal_index.py: reading the last days stays right for lines in any order (a union merge,
a pasted line, an import of older events) and fast for a journal medlog wrote alone."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from medlog import derived, journal, journal_index
from medlog.events import encode
from medlog.model import Event

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def dose(n: int, hours: float) -> Event:
    """Dose ``n`` taken ``hours`` after T0, stamped with its own time."""
    at = T0 + timedelta(hours=hours)
    [event] = journal.own_stamps(
        [Event(f"id{n:05d}", "dose", at, at, item="x", amount=Decimal(1), unit="mg")]
    )
    return event


def write(path: Path, events: list[Event]) -> None:
    """The journal holding exactly these lines, in this order."""
    path.write_text("".join(encode(event) + "\n" for event in events))


def recent_ids(path: Path, since: datetime) -> set[str]:
    """The ids read_recent finds at or after ``since``."""
    return {e.id for e in journal.read_recent(path, since).events if e.at >= since}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 24 * 40, allow_nan=False), min_size=1, max_size=400),
       st.floats(0, 24 * 40, allow_nan=False), st.randoms(use_true_random=False))  # fmt: skip
def test_recent_reads_agree_with_reading_everything(
    hours: list[float], since: float, rng: random.Random
) -> None:
    """Lines in any order, read through a fresh or a stale index: read_recent finds exactly
    the events from ``since`` on that a whole read finds."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / journal.JOURNAL_NAME
        events = [dose(n, value) for n, value in enumerate(hours)]
        rng.shuffle(events)
        cut = rng.randrange(len(events) + 1)
        write(path, events[:cut])
        moment = T0 + timedelta(hours=since)
        journal.read_recent(path, moment)  # an index of the first part
        write(path, events)  # then more lines, in any order
        every = {e.id for e in journal.read_all(path).events if e.at >= moment}
        assert recent_ids(path, moment) == every


def test_an_old_line_appended_last_hides_nothing(tmp_path: Path) -> None:
    """A phone's dose of 11-21 pasted after the laptop's of 11-28: the 11-28 dose is still read
    (the backward read used to stop at the first old stamp)."""
    path = tmp_path / journal.JOURNAL_NAME
    write(path, [dose(1, 24 * 27), dose(2, 24 * 20)])
    assert recent_ids(path, T0 + timedelta(days=26)) == {"id00001"}


def test_imported_years_are_skipped_unread(tmp_path: Path) -> None:
    """30,000 older events appended after today's: reading today decodes one block, not all."""
    path = tmp_path / journal.JOURNAL_NAME
    recent = dose(0, 24 * 2000)
    old = [dose(n, n / 10) for n in range(1, 30_000)]
    write(path, [recent, *old])
    read = journal.read_recent(path, T0 + timedelta(days=1999))
    assert [e.id for e in read.events if e.at >= T0 + timedelta(days=1999)] == ["id00000"]
    assert len(read.events) < 500  # one block's worth at most


def test_a_rewritten_journal_rebuilds_its_index(tmp_path: Path) -> None:
    """A file replaced by another of the same length (a sync tool, an editor) is indexed
    afresh: the old index's blocks are never trusted for it."""
    path = tmp_path / journal.JOURNAL_NAME
    write(path, [dose(1, 10), dose(2, 20)])
    assert recent_ids(path, T0 + timedelta(hours=15)) == {"id00002"}
    write(path, [dose(3, 20), dose(4, 10)])
    assert recent_ids(path, T0 + timedelta(hours=15)) == {"id00003"}


def test_a_broken_index_is_rebuilt(tmp_path: Path) -> None:
    """Garbage in the index file: rebuilt, no error, same answer."""
    path = tmp_path / journal.JOURNAL_NAME
    write(path, [dose(1, 10), dose(2, 20)])
    journal.read_recent(path, T0)
    index = derived.folder(tmp_path, "state") / journal_index.INDEX_NAME
    assert index.exists() and oct(index.stat().st_mode & 0o777) == "0o600"
    index.write_text('{"v": 1, "length": 5, "blocks": [[0, 1, 2]]')
    assert recent_ids(path, T0 + timedelta(hours=15)) == {"id00002"}


def test_the_index_is_outside_the_store(home: Path) -> None:
    """The derived folder is not in the store, so sync tools never carry it."""
    folder = derived.folder(home, "state")
    assert home not in folder.parents and folder != home
    assert os.environ["XDG_STATE_HOME"] in str(folder)


def test_the_index_is_saved_again_once_it_grew_by_a_span(tmp_path: Path) -> None:
    """Lines appended one at a time (a take each): every read finds what a whole read finds,
    through the saved index and the lines after it, and the index is written again only
    once those lines reach a block's span (it was rewritten after every take); a saved
    block that is not four whole numbers is not trusted."""
    path = tmp_path / journal.JOURNAL_NAME
    index = derived.folder(tmp_path, "state") / journal_index.INDEX_NAME
    events = [dose(n, n) for n in range(2_000)]
    write(path, events[:10])
    journal.read_recent(path, T0)
    saved_at = derived.load(index)["length"]
    writes = 0
    for n in range(10, len(events)):
        with path.open("a") as handle:
            handle.write(encode(events[n]) + "\n")
        moment = T0 + timedelta(hours=n - 30)
        assert recent_ids(path, moment) == {e.id for e in events[max(n - 30, 0) : n + 1]}
        length = derived.load(index)["length"]
        grown = path.stat().st_size - saved_at
        if length != saved_at:
            writes += 1
            assert grown >= journal_index.SPAN and length == path.stat().st_size
            saved_at = length
        else:
            assert grown < journal_index.SPAN
    assert 0 < writes < path.stat().st_size // journal_index.SPAN + 1
    saved = derived.load(index)
    for wrong in ([1, 2, 3], [1, 2, 3, "4"], [1, 2, 3, 4.0], [1, 2, 3, True]):
        derived.save(index, saved | {"blocks": [wrong, *saved["blocks"][1:]]})
        assert recent_ids(path, T0 + timedelta(hours=1_990)) == {
            f"id{n:05d}" for n in range(1_990, 2_000)
        }
        assert derived.load(index)["blocks"][0] != wrong  # rebuilt
