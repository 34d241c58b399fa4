"""What a check-in may hold: the parsers of what a person types (a rating, hours slept, a
side effect) and the one validator every check-in passes, on the command line, in ``import``
and as the journal loads (``events``). The measures are declared once, in ``measures.py``:
ratings are whole numbers 0-10, sleep is kept as whole minutes; side effects are a
normalised name with a severity. Kept apart from the report's figures (``checkins.py``): a
``take`` reads the journal's last check-ins, and needs only this.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal

from medlog import measures
from medlog.errors import BadInput, quote
from medlog.measures import Measure
from medlog.model import SEVERITIES, Checkin, SideEffect
from medlog.names import clean_text
from medlog.questionnaires import check_answers

MAX_RATING = 10
MAX_SLEEP_MINUTES = 24 * 60
MAX_SIDE_EFFECT = 60
MAX_SIDE_EFFECTS = 20
SLEEP_FORMS = "6.5, 6.5h, 6h30m, 6h 30m, 6:30, 7 h or 45m"
_MAX_TEXT = 40
_HOURS = r"(?:h|hr|hrs|hour|hours)"
_MINUTES = r"(?:m|min|mins|minute|minutes)"
_NUMBER = r"([0-9]{1,4}(?:\.[0-9]{1,6})?|\.[0-9]{1,6})"
_SLEEP_FORMS = (
    (rf"{_NUMBER}\s*{_HOURS}?", "hours"),
    (rf"{_NUMBER}\s*{_MINUTES}", "minutes"),
    (r"([0-9]{1,2}):([0-9]{2})", "clock"),
    (rf"([0-9]{{1,2}})\s*{_HOURS}\s*([0-9]{{1,2}})\s*{_MINUTES}", "clock"),
)


def parse_measure(text: str, what: Measure) -> int:
    """What a person typed for ``what``: a whole-number rating 0-10, or hours slept as exact
    whole minutes ("6h30m" -> 390)."""
    if what.kind == "minutes":
        return parse_sleep(text)
    spoken = text.strip()
    if re.fullmatch(r"[0-9]{1,2}", spoken) and int(spoken) <= MAX_RATING:
        return int(spoken)
    raise _bad_rating(quote(text), what)


def _bad_rating(shown: str, what: Measure) -> BadInput:
    return BadInput(f"{what.label} {shown} is not a rating; give a whole number from {what.scale}.")


def parse_sleep(text: str) -> int:
    """Hours slept, 0-24, as exact whole minutes: "6.5" -> 390, "6h 30m" and "6:30" -> 390."""
    spoken = text.strip().lower()
    for pattern, form in _SLEEP_FORMS:
        match = re.fullmatch(pattern, spoken, re.ASCII) if len(spoken) <= _MAX_TEXT else None
        if match is None:
            continue
        if form == "clock" and int(match.group(2)) >= 60:
            raise BadInput(f"{quote(text)} has 60 or more minutes after the hours; use 0-59.")
        number = Decimal(match.group(1))
        minutes = number if form == "minutes" else number * 60
        if form == "clock":
            minutes += int(match.group(2))
        if minutes != minutes.to_integral_value():
            raise BadInput(
                f"{quote(text)} is not a whole number of minutes; give hours and minutes, "
                "e.g. 6h 30m."
            )
        if minutes > MAX_SLEEP_MINUTES:
            raise BadInput(f"{quote(text)} is more than 24 hours; give the hours slept, 0 to 24.")
        return int(minutes)
    raise BadInput(f"{quote(text)} is not an amount of sleep; give hours, e.g. {SLEEP_FORMS}.")


def side_effect_name(text: str) -> str:
    """A side effect's name as stored: NFKC (full-width letters as plain ones), casefolded,
    inner spaces collapsed; 1-60 characters, without the ":", ";" or "," that separate
    side effects."""
    what = "The side effect name"
    name = " ".join(clean_text(text, what, MAX_SIDE_EFFECT).split())
    if any(mark in name for mark in ":;,"):
        raise BadInput(
            f"{quote(name)} holds a ':', ';' or ','; give each side effect its own "
            "--side-effect NAME[:SEVERITY]."
        )
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    # Spaces collapsed again: NFKC can make one (U+00B4, an acute accent: a space and a mark).
    return clean_text(" ".join(folded.split()), what, MAX_SIDE_EFFECT)


def parse_side_effect(text: str) -> SideEffect:
    """A side effect from "nausea" (mild), "nausea:moderate" or "Dry  Mouth : severe"."""
    name_text, colon, severity_text = text.partition(":")
    name = side_effect_name(name_text)
    severity = severity_text.strip().casefold() if colon else "mild"
    for known in SEVERITIES:
        if severity == known:
            return SideEffect(name, known)
    raise BadInput(
        f"Unknown severity {quote(severity_text.strip())} for {name}; use mild (the default), "
        "moderate, severe, or none when it has gone."
    )


def make_checkin(
    values: Mapping[str, int | None] | None = None, side_effects: Sequence[SideEffect] = ()
) -> Checkin:
    """A validated check-in of measures (by key, None for not given) and side effects; at
    least one must be given."""
    given = values or {}
    recorded = tuple(
        (found.key, number)
        for found in measures.MEASURES
        if (number := given.get(found.key)) is not None
    )
    return check_checkin(Checkin(recorded, tuple(side_effects)))


def check_checkin(checkin: Checkin) -> Checkin:
    """``checkin`` when it is sound (for the command line, import and the loader alike).

    A questionnaire check-in holds only its answers; any other holds at least one measure
    or side effect, each measure once, in the table's order and within its scale (a rating
    0-10, 0-1440 minutes of sleep), and each side effect once, named as
    ``side_effect_name`` stores it.
    """
    if checkin.instrument is not None:
        if checkin.values or checkin.side_effects:
            raise BadInput("A questionnaire check-in holds only its answers; log ratings apart.")
        return checkin._replace(answers=check_answers(checkin.instrument, checkin.answers))
    if checkin.answers or (not checkin.values and not checkin.side_effects):
        flags = ", ".join(found.flag for found in measures.MEASURES)
        raise BadInput(
            f"A check-in needs at least one of {flags} or --side-effect; a note alone is not "
            "a check-in."
        )
    order = [found.key for found in measures.MEASURES]
    keys = [key for key, _ in checkin.values]
    if keys != [key for key in order if key in keys]:
        raise BadInput("A check-in names each measure medlog knows once, in medlog's order.")
    for key, number in checkin.values:
        what = measures.measure(key)
        if what.kind == "minutes":
            if not (type(number) is int and 0 <= number <= MAX_SLEEP_MINUTES):
                raise BadInput(f"Sleep of {number!r} minutes is not possible; give 0 to 24 hours.")
        elif not (type(number) is int and 0 <= number <= MAX_RATING):
            raise _bad_rating(repr(number), what)
    names = [effect.name for effect in checkin.side_effects]
    if len(names) > MAX_SIDE_EFFECTS:
        raise BadInput(
            f"{len(names)} side effects in one check-in; the limit is {MAX_SIDE_EFFECTS}."
        )
    for effect in checkin.side_effects:
        if side_effect_name(effect.name) != effect.name or effect.severity not in SEVERITIES:
            raise BadInput(f"{quote(effect.name)} is not a side effect as medlog stores one.")
        if names.count(effect.name) > 1:
            raise BadInput(f"{effect.name} is named twice; name each side effect once.")
    return checkin
