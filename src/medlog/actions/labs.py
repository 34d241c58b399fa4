"""``medlog lab``: keep a lab result (INR, lithium level, ...) beside the doses it steers.

One journal event, validated by the rules the journal is read with (labs.py), so ``undo``
voids one like a dose and an export carries it losslessly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from medlog import journal
from medlog.actions.checkins import Recorded, append_event
from medlog.errors import BadInput
from medlog.labs import read_result
from medlog.model import Event
from medlog.names import MAX_NOTE, clean_text
from medlog.store import Store
from medlog.timeparse import parse_when

_NUMBER = r"[<>≤≥]?[0-9.,]*[0-9][0-9.,]*"  # a number as reported; labs.py judges it


def lab(
    store: Store,
    now: datetime,
    words: Sequence[str],
    *,
    unit: str | None = None,
    at_text: str | None = None,
    note: str | None = None,
) -> Recorded:
    """Log a result from what was typed: the test's name (one or more words), its value, and
    its unit after the value or with ``unit`` (a known test's own unit when none is given)."""
    name, value, typed_unit = split_words(words)
    if typed_unit is not None and unit is not None and typed_unit != unit:
        raise BadInput(f"The unit is given twice ({typed_unit!r} and --unit {unit!r}); give one.")
    result = read_result(name, value, typed_unit or unit)
    text = clean_text(note, "The note", MAX_NOTE) if note is not None else None
    at = parse_when(at_text, now) if at_text is not None else now
    event = Event(
        journal.new_id(),
        "lab",
        at,
        now,
        unit=result.unit,
        note=text,
        test=result.test,
        value=result.value,
    )
    return Recorded(event, append_event(store, event))


def split_words(words: Sequence[str]) -> tuple[str, str, str | None]:
    """(name, value, unit) from "vitamin d 32 ng/mL": the name is every word before the first
    number, the unit every word after it."""
    for word in words:
        if word.startswith("--"):
            raise BadInput(f"No such option: {word[:30]} (medlog lab --help lists them).")
        if re.fullmatch(f"-(?:{_NUMBER})", word):
            raise BadInput(f"A lab value is never negative ({word}); give it as reported.")
    for index, word in enumerate(words):
        if index and re.fullmatch(_NUMBER, word.strip()):
            name = " ".join(words[:index])
            unit = "".join(words[index + 1 :]) or None
            return name, word, unit
    raise BadInput(
        "Give the test and its value, e.g. medlog lab inr 2.4 or medlog lab lithium 0.8 mmol/L."
    )
