"""How you've been: record a check-in, a PHQ-9 or GAD-7, or a question for the next visit.

Each is one journal event, validated by the rules the journal is read with (so
``undo`` voids one like a dose, and an export carries it losslessly).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from medlog import journal, measures
from medlog.checkin_rules import check_checkin, make_checkin, parse_measure, parse_side_effect
from medlog.model import Checkin, Event, Instrument
from medlog.names import MAX_NOTE, clean_text
from medlog.questionnaires import questionnaire_checkin
from medlog.store import Store
from medlog.timeparse import parse_when


class Recorded(NamedTuple):
    """A check-in, question or lab result just logged (``torn``: a torn last line was set
    aside)."""

    event: Event
    torn: bool = False


def check_in(
    store: Store,
    now: datetime,
    typed: Mapping[str, str | None],
    *,
    side_effects: Sequence[str] = (),
    note: str | None = None,
    at_text: str | None = None,
) -> Recorded:
    """Log how the person is: what they typed for each measure (by its key, None for not
    given), side effects, a note. A key that names no measure is a bug, never ignored."""
    known = {found.key: found for found in measures.MEASURES}
    unknown = set(typed) - set(known)
    if unknown:
        raise ValueError(f"no check-in measure is called {sorted(unknown)[0]!r}")
    checkin = make_checkin(
        {
            key: None if text is None else parse_measure(text, known[key])
            for key, text in typed.items()
        },
        side_effects=tuple(parse_side_effect(text) for text in side_effects),
    )
    at = parse_when(at_text, now) if at_text is not None else now
    return _record(store, now, checkin, note, at)


def questionnaire(
    store: Store,
    now: datetime,
    instrument: Instrument,
    answers: Sequence[int],
    *,
    note: str | None = None,
    at: datetime | None = None,
) -> Recorded:
    """Log a PHQ-9 or GAD-7 with its item answers (``at``: already read, as the questions
    come after it)."""
    return _record(store, now, questionnaire_checkin(instrument, answers), note, at or now)


def ask(store: Store, now: datetime, text: str, at_text: str | None = None) -> Recorded:
    """Keep a question for the next visit; the report lists it where a clinician starts."""
    question = clean_text(text, "The question", MAX_NOTE)
    at = parse_when(at_text, now) if at_text is not None else now
    event = Event(journal.new_id(), "question", at, now, text=question)
    return Recorded(event, append_event(store, event))


def _record(
    store: Store, now: datetime, checkin: Checkin, note: str | None, at: datetime
) -> Recorded:
    text = clean_text(note, "The note", MAX_NOTE) if note is not None else None
    event = Event(journal.new_id(), "checkin", at, now, note=text, checkin=check_checkin(checkin))
    return Recorded(event, append_event(store, event))


def append_event(store: Store, event: Event) -> bool:
    """Append ``event``; True when a torn last line was set aside on the way.

    medlog.toml is read first, under the lock, so a store this medlog cannot read
    (a newer schema, a broken file) is refused here as it is by ``take``.
    """
    with store.locked():
        store.load_regimen()
        return _append_unlocked(store, event)


def _append_unlocked(store: Store, event: Event) -> bool:
    read = journal.JournalRead()
    next(journal.backward(store.journal_path, read), None)
    store.append([event])
    return read.torn
