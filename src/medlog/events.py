"""One journal line <-> one Event: the layout medlog writes, and the checks every line passes.

Every field goes through the same rule wherever it comes from: a line of
journal.jsonl (a problem there is exit 3 naming the line), an event in a file
given to ``medlog import`` (exit 2), or what a person typed (exit 2). Amounts
follow ``units.exact_amount``, times ``timeparse.check_supported``, item keys
``names.valid_key`` and free text ``names.clean_text``; no other key is
accepted, so a typo in a hand edit is named rather than silently ignored.

Event schema 2 adds ``stamp`` to every line and the ``checkin`` and ``question``
types; schema 3 adds ``amends`` to a dose (the id of the dose it corrects, which a void
with the same moment cancels: ``medlog amend``) and the ``lab`` type (a lab result:
``test``, ``value``, ``unit``, checked for plausibility by labs.py). Lines of older schemas
are read as they are, and a key newer than its line's schema is named as a hand edit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from itertools import count
from pathlib import Path
from typing import Any, NamedTuple, cast

from medlog import measures
from medlog.errors import BadInput, MedlogError, StoreProblem
from medlog.model import SEVERITIES, Checkin, Event, EventType, SideEffect
from medlog.names import MAX_NOTE, clean_text, valid_key
from medlog.timeparse import EARLIEST, LATEST, OFFSETS, check_supported
from medlog.units import CANONICAL_UNITS, exact_amount, format_decimal

EVENT_SCHEMA = 3
READABLE_SCHEMAS = tuple(range(1, EVENT_SCHEMA + 1))  # every schema medlog ever wrote
MAX_STAMP = 10**11  # seconds since 1970: far beyond the supported dates
ID_PATTERN = re.compile(r"[0-9A-Za-z_-]{1,64}")  # what an event id may be
_BASE = frozenset(("v", "id", "type", "at", "logged_at"))


def _same(value: Any) -> Any:
    return value


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format_decimal(value)


def _flag(value: bool) -> bool | None:
    return value or None


class Field(NamedTuple):
    """One optional key of a journal line: the event types that may hold it, the ``Event``
    attribute it is, and how its value is written (None: the key is left out)."""

    key: str
    types: frozenset[str]
    attr: str
    write: Callable[[Any], Any] = _same
    since: int = 1  # the first event schema that has the key


_EVERY = frozenset(("dose", "skip", "void", "checkin", "question", "fill", "lab"))
_TAKEN = frozenset(("dose", "fill"))
_LAB = frozenset(("lab",))
# Every optional key a line may hold, in the order encode() writes them (the fast path's
# regex reads dose lines in this order). A new key is a row here, read by its type's reader
# below, and a new EVENT_SCHEMA (README "Compatibility"). A check-in's own keys (its
# measures, side effects, questionnaire) come from ``_checkin_document``.
FIELDS = (
    Field("stamp", _EVERY, "stamp"),
    Field("item", frozenset(("dose", "skip", "fill")), "item"),
    Field("test", _LAB, "test"),
    Field("value", _LAB, "value", _number),
    Field("amount", _TAKEN, "amount", _number),
    Field("unit", _TAKEN | _LAB, "unit"),
    Field("given", _TAKEN, "given"),
    Field("note", frozenset(("dose", "skip", "checkin", "fill", "lab")), "note"),
    Field("reason", frozenset(("skip", "void")), "reason"),
    Field("ref", frozenset(("void",)), "ref"),
    Field("imported_at", _EVERY, "imported_at", _iso),
    Field("text", frozenset(("question",)), "text"),
    Field("days_supply", frozenset(("fill",)), "days_supply"),
    Field("days_inferred", frozenset(("fill",)), "days_inferred", _flag),
    Field("on_hand", frozenset(("fill",)), "on_hand", _number),
    Field("count", frozenset(("fill",)), "counted", _flag),
    Field("amends", frozenset(("dose",)), "amends", since=3),
)
_CHECKIN_KEYS = frozenset(("side_effects", "instrument", "answers"))  # and the measures
_KEYS = {
    kind: _BASE
    | {found.key for found in FIELDS if kind in found.types}
    | (_CHECKIN_KEYS if kind == "checkin" else frozenset())
    for kind in ("dose", "skip", "void", "checkin", "question", "fill", "lab")
}
_NEWER_KEYS = {found.key: found.since for found in FIELDS if found.since > 1}
_ALLOWED = {  # (type, schema) -> every key but the measures a line may hold at that schema
    (kind, version): frozenset(key for key in _KEYS[kind] if _NEWER_KEYS.get(key, 0) <= version)
    for kind in _KEYS
    for version in READABLE_SCHEMAS
}
MAX_DAYS_SUPPLY = 3650  # ten years: no dispensing is longer
MAX_ON_HAND = Decimal(10) ** 9
TYPES = tuple(_KEYS)


class Malformed(ValueError):
    """What is wrong with one event, in words for a person."""


class Newer(Malformed):
    """An event of a schema newer than this medlog's: nothing is wrong with it; this medlog
    is too old to read it (README "Compatibility")."""


def encode(event: Event) -> str:
    """The journal line for an event, without its newline."""
    return json.dumps(document(event), ensure_ascii=False, separators=(",", ":"))


def document(event: Event) -> dict[str, Any]:
    """An event as the JSON object of its journal line (keys absent when empty)."""
    line: dict[str, Any] = {
        "v": EVENT_SCHEMA,
        "id": event.id,
        "type": event.type,
        "at": event.at.isoformat(),
        "logged_at": event.logged_at.isoformat(),
    }
    for found in FIELDS:
        value = found.write(getattr(event, found.attr))
        if value is not None and event.type in found.types:
            line[found.key] = value
    if event.checkin is not None:
        line |= _checkin_document(event.checkin)
    return line


def _checkin_document(checkin: Checkin) -> dict[str, Any]:
    """A check-in's keys on its line: its measures (``measures.MEASURES``), side effects and
    questionnaire, each left out when empty."""
    found: dict[str, Any] = dict(checkin.values)
    if checkin.side_effects:
        found["side_effects"] = [
            {"name": effect.name, "severity": effect.severity} for effect in checkin.side_effects
        ]
    if checkin.instrument is not None:
        found["instrument"] = checkin.instrument
    if checkin.answers:
        found["answers"] = list(checkin.answers)
    return found


def decode(line: bytes, path: Path, number: int) -> Event:
    """The event on one journal line; anything malformed is an exit-3 problem naming the line."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise Unfinished(line_problem(path, number, "not UTF-8 text").message) from None
    if text.startswith(("<<<<<<< ", "=======", ">>>>>>> ", "||||||| ")):
        raise StoreProblem(
            f"{path}, line {number}: git left conflict markers in {path.name} (two devices "
            "changed it); medlog merge keeps the events of both sides. medlog has not changed "
            "the file."
        )
    plain = _plain_groups(text)
    if plain is not None and (event := _plain_event(plain)) is not None:
        return event
    patterned = plain is None and next(_OTHERS_READ) >= _JSON_FIRST  # past the first few
    if patterned and (event := _plain_other(text)) is not None:
        return event
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        raise Unfinished(line_problem(path, number, "not a JSON object").message) from None
    if (event := _reordered(raw)) is not None:
        return event
    try:
        return from_document(raw, stored=True)
    except Newer as error:
        raise StoreProblem(
            f"{path}, line {number}: {error}. Every device that writes this journal needs the "
            "same medlog version or newer; medlog has not changed the line."
        ) from None
    except Malformed as error:
        raise line_problem(path, number, str(error)) from None


def decode_lines(
    numbered: Iterable[tuple[int, bytes]],
    path: Path,
    events: list[Event],
    numbers: list[int],
    problems: list[str] | None = None,
) -> None:
    """``decode`` of each numbered line, its event appended to ``events`` and its number to
    ``numbers``; blank lines are skipped. A line's problem is raised or, with ``problems``,
    described there and the line skipped.

    A plain dose or skip (``_plain_groups``: any of its layouts) is read here, without
    ``decode``'s other calls: a ten-year report reads 100,000 of them."""
    for number, line in numbered:
        try:
            plain = _plain_groups(line.decode("utf-8"))
        except UnicodeDecodeError:
            plain = None
        if plain is not None and (event := _plain_event(plain)) is not None:
            events.append(event)
            numbers.append(number)
            continue
        if not line.strip():
            continue
        try:
            events.append(decode(line, path, number))
        except StoreProblem as problem:
            if problems is None:
                raise
            problems.append(problem.message)
        else:
            numbers.append(number)


# The first lines other than plain doses and skips a run reads take the JSON path: a check-in's
# or a fill's pattern takes a millisecond to compile, more than the JSON path spends on the
# few such lines a take or a fill reads back; a report reads thousands.
_JSON_FIRST = 32
_OTHERS_READ = count()


class Unfinished(StoreProblem):
    """A line that is not even complete JSON: at the end of the journal, a torn write.

    A last line that is complete JSON but not a valid event (a newer medlog's, a
    hand edit with a typo) is a real line with a problem, never set aside as torn.
    """


def line_problem(path: Path, number: int, what: str) -> StoreProblem:
    """The exit-3 problem for one unreadable journal line."""
    return StoreProblem(
        f"{path}, line {number}: {what}. medlog never changes a line once written; "
        "fix or remove that line by hand (medlog check lists every problem)."
    )


# The layout encode() writes for a dose or a skip with no free text, with any whitespace JSON
# allows between tokens (another tool's json.dumps writes ", " and ": "): such lines (nearly
# all of a journal) skip json.loads, which halves the time a ten-year report spends reading.
# The character classes admit nothing JSON would escape and nothing the checks below would
# refuse unchecked, so a match means the same as parsing; a plain line with its keys in
# sorted order (`jq -S`) has a pattern of its own, and one in any other order is parsed, put
# back in this order and matched again (``_reordered``); anything
# else (notes, voids, hand edits) takes the JSON path, which also words every error.
# tests/unit/test_events.py checks the paths agree on every event type and layout.
_W = "[ \\t\\n\\r]*"  # JSON's whitespace, and nothing else


def _plain_pattern(parts: tuple[str, ...], gap: str, after: str = "") -> re.Pattern[str]:
    """The plain layout from its tokens, with ``gap`` around each ``{ } , :`` and ``after``
    after each ``,`` and ``:`` too."""
    text = "".join(parts)
    for token, more in (("{", ""), ("}", ""), (",", after), (":", after)):
        text = text.replace(f"<{token}>", f"{gap}{re.escape(token)}{more}{gap}")
    return re.compile(text)


# The parts of a plain line, each written once: a JSON string's or number's text as the fast
# paths read it (anything JSON would escape, and a number with a leading zero, never
# matches: such lines take the JSON path, which judges them).
_SCHEMAS = "(" + "|".join(map(str, READABLE_SCHEMAS)) + ")"
_ID_TEXT = '"([0-9A-Za-z_-]{1,64})"'
_TIME = '"([0-9T:.+-]{10,40})"'
_STAMP = "(0|[1-9][0-9]{0,10})"
_KEY_TEXT = '"([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)"'
_DOSE = r'"([0-9]{1,7}(?:\.[0-9]{1,6})?)"'
_UNIT = '"([A-Za-z]{1,10})"'
_PLAIN_TOKENS = (
    '<{>"v"<:>' + _SCHEMAS + '<,>"id"<:>' + _ID_TEXT,
    '<,>"type"<:>"(dose|skip)"',
    '<,>"at"<:>' + _TIME + '<,>"logged_at"<:>' + _TIME,
    '(?:<,>"stamp"<:>' + _STAMP + ")?",
    '(?:<,>"item"<:>' + _KEY_TEXT + ")",
    '(?:<,>"amount"<:>' + _DOSE + '<,>"unit"<:>' + _UNIT + ")?",
    '(?:<,>"imported_at"<:>' + _TIME + ")?<}>",
)
_PLAIN_LINE = _plain_pattern(_PLAIN_TOKENS, "")  # encode()'s own: matched first, fastest
# Another tool's layouts: the plain one with a space after each , and : (json.dumps's
# default, the most common: matched before the next, which reads it about a fifth slower),
# with any JSON whitespace, and its keys sorted, as `jq -S` and json.dumps(sort_keys=True)
# write them (the amount and its unit, apart there, must come together: ``_plain_groups``).
# Compiled on first use (``_layouts``): medlog's own lines never need them, and compiling
# them would cost every take about 3 ms.
_SORTED_TOKENS = (
    '<{>(?:"amount"<:>' + _DOSE + '<,>)?"at"<:>' + _TIME,
    '<,>"id"<:>' + _ID_TEXT + '(?:<,>"imported_at"<:>' + _TIME + ")?",
    '<,>"item"<:>' + _KEY_TEXT,
    '<,>"logged_at"<:>' + _TIME + '(?:<,>"stamp"<:>' + _STAMP + ")?",
    '<,>"type"<:>"(dose|skip)"(?:<,>"unit"<:>' + _UNIT + ")?",
    '<,>"v"<:>' + _SCHEMAS + "<}>",
)
_LAYOUTS: list[re.Pattern[str]] = []


def _layouts() -> list[re.Pattern[str]]:
    """The dumped, the spaced and the sorted layout's patterns, compiled the first time a
    line needs them."""
    if not _LAYOUTS:
        _LAYOUTS.extend(
            (
                _plain_pattern(_PLAIN_TOKENS, "", " "),
                _plain_pattern(_PLAIN_TOKENS, _W),
                _plain_pattern(_SORTED_TOKENS, _W),
            )
        )
    return _LAYOUTS


PlainGroups = tuple[Any, ...]  # as re gives them: a str, or None for an absent part


def _plain_groups(text: str) -> PlainGroups | None:
    """A plain line's fields in ``_PLAIN_TOKENS``' order, whichever of the three layouts it
    has; None for any other line."""
    plain = _PLAIN_LINE.fullmatch(text)
    if plain is not None:
        return plain.groups()
    if '"dose"' not in text and '"skip"' not in text:  # a check-in, a fill...: no layout fits
        return None
    dumped, spaced, sorted_keys = _LAYOUTS or _layouts()
    plain = dumped.fullmatch(text) or spaced.fullmatch(text)
    if plain is not None:
        return plain.groups()
    found = sorted_keys.fullmatch(text)
    if found is None:
        return None
    amount, at, event_id, imported, item, logged, stamp, kind, unit, version = found.groups()
    if (amount is None) != (unit is None):
        return None
    return version, event_id, kind, at, logged, stamp, item, amount, unit, imported


_PLAIN_KEYS = ("v", "id", "type", "at", "logged_at", "stamp", "item", "amount", "unit",
               "imported_at")  # fmt: skip
_PLAIN_KEY_SET = frozenset(_PLAIN_KEYS)


def _reordered(raw: Any) -> Event | None:
    """The event of a plain line whose keys came in another order (``jq -S`` sorts them), by
    the fast path's own rules; None to let the full checks judge it."""
    if type(raw) is not dict or not raw.keys() <= _PLAIN_KEY_SET:
        return None
    ordered = {key: raw[key] for key in _PLAIN_KEYS if key in raw}
    plain = _PLAIN_LINE.fullmatch(json.dumps(ordered, separators=(",", ":")))
    return None if plain is None else _plain_event(plain.groups())


# A plain line's type, item, amount text and unit -> the checked type, item, amount and unit
# (empty: not a plain dose's or skip's), worked out once: a journal repeats a few. Its events then
# share one copy of each string too, instead of 300,000 for ten years, which keeps them
# close in memory for every pass a report makes over them.
PlainKey = tuple[str, str, str | None, str | None]  # as on the line: type, item, amount, unit
PlainParts = tuple[str, str, Decimal | None, str | None]  # checked: the amount a Decimal
_PARTS: dict[PlainKey, PlainParts | tuple[()]] = {}
_EARLIEST_YEAR, _LATEST_YEAR = EARLIEST.year, LATEST.year
_MIN_OFFSET, _MAX_OFFSET = OFFSETS


def _fits(moment: datetime) -> bool:
    """check_supported's rule, inline for speed: a supported year and a real UTC offset."""
    zone = moment.tzinfo
    real = _REAL_ZONES.get(zone) if type(zone) is timezone else None
    if real is None:
        offset = moment.utcoffset()
        real = offset is not None and _MIN_OFFSET <= offset <= _MAX_OFFSET
        if type(zone) is timezone and len(_REAL_ZONES) < 1000:
            _REAL_ZONES[zone] = real
    return real and _EARLIEST_YEAR <= moment.year <= _LATEST_YEAR


# A fixed-offset zone (all fromisoformat makes) -> whether zones use its offset: a journal
# holds a few, and looking one up costs less than comparing its offset to the bounds.
_REAL_ZONES: dict[timezone, bool] = {}


def _plain_event(groups: PlainGroups) -> Event | None:
    """The event a plain line holds, or None to let the JSON path judge it.

    Builds the Event with ``tuple.__new__`` (all fields, in order): a third of the
    cost of the keyword constructor, on the line a ten-year report runs 100,000
    times. test_events.py checks the result equals the JSON path's, field by field.
    """
    version, event_id, kind, at_text, logged_text, stamp_text, item, amount_text, unit, imported = (
        groups
    )
    if (version == "1") != (stamp_text is None):  # schema 1 had no stamp; every later one has
        return None
    key = (kind, item, amount_text, unit)
    parts = _PARTS.get(key)
    if parts is None:
        parts = _PARTS[key] = _plain_parts(kind, item, amount_text, unit)
        if len(_PARTS) > 10_000:  # a journal of ever-new amounts: keep the last few
            del _PARTS[next(iter(_PARTS))]
    moments = _moments(at_text, logged_text, imported)
    if not parts or moments is None:
        return None
    at, logged_at, imported_at = moments
    kind, item, amount, unit = parts
    return _new_event(
        Event,
        (
            event_id, kind, at, logged_at, item, amount, unit, None, None, None, None,
            imported_at, None if stamp_text is None else int(stamp_text), None, None, None,
            False, None, False, None, None, None,
        ),
    )  # fmt: skip


def _plain_parts(
    kind: str, item: str, amount_text: str | None, unit: str | None
) -> PlainParts | tuple[()]:
    """A plain line's type, item, amount (a Decimal, by the JSON path's rule: "1.0" is 1, as
    there) and unit; empty when they are not a plain dose's or skip's."""
    if kind == "skip":
        return () if amount_text is not None else (kind, item, None, None)
    if amount_text is None or unit not in CANONICAL_UNITS:
        return ()
    try:
        return kind, item, _amount(amount_text), unit
    except Malformed:
        return ()


def _moments(
    at_text: str, logged_text: str, imported: str | None
) -> tuple[datetime, datetime, datetime | None] | None:
    """A plain line's times, or None when one is not a supported time (``_moment``'s
    rules: the JSON path then words why)."""
    try:
        at = _parse_time(at_text)
        # A dose logged as it is taken (a plain `take`) was written with one moment twice:
        # one datetime serves both (equal either way; the fewer objects, the faster a report).
        logged_at = at if logged_text == at_text else _parse_time(logged_text)
        imported_at = None if imported is None else _parse_time(imported)
    except ValueError:
        return None
    # _fits(at) and _fits(logged_at), inline for the common line (zones already seen to be
    # real, years within the bounds); any other line asks _fits itself.
    fits = (
        _REAL_ZONES.get(at.tzinfo) is True  # type: ignore[call-overload]
        and _EARLIEST_YEAR <= at.year <= _LATEST_YEAR
        and _REAL_ZONES.get(logged_at.tzinfo) is True  # type: ignore[call-overload]
        and _EARLIEST_YEAR <= logged_at.year <= _LATEST_YEAR
    ) or (_fits(at) and (logged_at is at or _fits(logged_at)))
    if not fits or (imported_at is not None and not _fits(imported_at)):
        return None
    return at, logged_at, imported_at


_new_event = tuple.__new__
_parse_time = datetime.fromisoformat


# A check-in of ratings alone and a fill without a note, in the layout encode() writes or
# json.dumps's default: a check-in a day and a fill a month are the journal's next most
# common lines after doses, and the JSON path takes four to five times as long over them.
# The patterns only find the parts; the JSON path's own readers judge them (``_checkin``,
# ``_fill_fields``), so a line either reads as the JSON path reads it or goes there to
# be refused in its words. tests/unit/test_events.py checks the paths agree.
_IMPORTED = '(?:<,>"imported_at"<:>' + _TIME + ")?"
_OTHER_HEAD = (
    '<{>"v"<:>(' + "|".join(str(version) for version in READABLE_SCHEMAS if version > 1),
    ')<,>"id"<:>' + _ID_TEXT + '<,>"type"<:>"(checkin|fill)"',
    '<,>"at"<:>' + _TIME + '<,>"logged_at"<:>' + _TIME + '<,>"stamp"<:>' + _STAMP,
)
_NUMBER = r'"(-?[0-9]{1,10}(?:\.[0-9]{1,6})?)"'
_FILL_TOKENS = (
    *_OTHER_HEAD,
    '<,>"item"<:>' + _KEY_TEXT + '<,>"amount"<:>' + _NUMBER + '<,>"unit"<:>' + _UNIT,
    r'(?:<,>"given"<:>"([^"\\\x00-\x1f]{1,200})")?',
    _IMPORTED + '(?:<,>"days_supply"<:>([1-9][0-9]{0,3}))?',
    '(?:<,>"days_inferred"<:>(true))?<,>"on_hand"<:>' + _NUMBER + '(?:<,>"count"<:>(true))?<}>',
)
_OTHERS: dict[tuple[str, str], re.Pattern[str]] = {}  # (type, layout) -> its pattern
_OTHERS_FOR: list[object] = []  # the table of measures the check-in patterns were made from


def _other_pattern(kind: str, after: str) -> re.Pattern[str]:
    """The pattern of a ``kind`` line ("checkin" or "fill") with ``after`` after each , and
    : ("" is medlog's layout, " " json.dumps's default), compiled the first time a line
    needs it (a take reads a few check-ins: it compiles one), and again for a new table of
    measures (``measures.MEASURES``, the one place a measure is added, is read each time)."""
    table = measures.MEASURES
    if not _OTHERS_FOR or _OTHERS_FOR[0] is not table:
        _OTHERS.clear()
        _OTHERS_FOR[:] = [table]
    found = _OTHERS.get((kind, after))
    if found is None:
        tokens: tuple[str, ...] = _FILL_TOKENS
        if kind == "checkin":
            ratings = "".join(f'(?:<,>"{row.key}"<:>(0|[1-9][0-9]{{0,3}}))?' for row in table)
            tokens = (*_OTHER_HEAD, _IMPORTED, ratings, "<}>")
        found = _OTHERS[kind, after] = _plain_pattern(tokens, "", after)
    return found


def _plain_other(text: str) -> Event | None:
    """The event of a plain check-in or fill line, or None to let the JSON path judge it."""
    if '"checkin"' in text:
        kind = "checkin"
    elif '"fill"' in text:
        kind = "fill"
    else:
        return None
    found = _other_pattern(kind, "").fullmatch(text)
    if found is None and '": ' in text:
        found = _other_pattern(kind, " ").fullmatch(text)
    return None if found is None else _other_event(kind, found.groups())


def _other_event(kind: str, groups: PlainGroups) -> Event | None:
    """``_plain_other``'s event from the parts its pattern found."""
    _, event_id, _, at_text, logged_text, stamp, *parts = groups
    if kind == "checkin":
        imported, *ratings = parts
        raw: dict[str, Any] = {
            found.key: int(rating)
            for found, rating in zip(measures.MEASURES, ratings, strict=True)
            if rating is not None
        }
        read = _checkin_fields
    else:
        item, amount, unit, given, imported, days, inferred, on_hand, count = parts
        found = {"item": item, "amount": amount, "unit": unit, "on_hand": on_hand,
                 "given": given, "days_supply": days and int(days),
                 "days_inferred": inferred and True, "count": count and True}  # fmt: skip
        raw = {key: value for key, value in found.items() if value is not None}  # as JSON has
        read = _fill_fields
    moments = _moments(at_text, logged_text, imported)
    if moments is None:
        return None
    at, logged_at, imported_at = moments
    try:
        fields = read(raw)
    except Malformed:
        return None
    return Event(
        event_id, cast(EventType, kind), at, logged_at, imported_at=imported_at,
        stamp=int(stamp), **fields,
    )  # fmt: skip


def from_document(raw: Any, *, stored: bool) -> Event:
    """The event a journal-line object describes; Malformed says what is wrong.

    ``stored`` is True for lines of journal.jsonl (which must carry their
    schema's ``stamp``) and False for events in an export file, which get
    their stamp when they are appended here.
    """
    if not isinstance(raw, dict):
        raise Malformed("not a JSON object")
    get = raw.get
    version = get("v")
    if type(version) is not int or version not in READABLE_SCHEMAS:
        if type(version) is int and version > EVENT_SCHEMA:
            raise Newer(f"written by a newer medlog (event schema {version}); upgrade medlog")
        raise Malformed("missing or unknown schema 'v'")
    kind = get("type")
    if (
        type(kind) is not str
        or kind not in _KEYS
        or (version == 1 and kind not in _V1_TYPES)
        or (kind == "lab" and version < 3)
    ):
        raise Malformed(f"'type' must be one of {', '.join(TYPES)}")
    allowed = _ALLOWED[kind, version]
    if kind == "checkin":
        allowed = allowed | _measure_keys()
    if not raw.keys() <= allowed:  # every new key comes with a new schema number: a hand edit
        unknown = sorted(key for key in raw if key not in allowed)
        raise Malformed(
            f"unknown key {unknown[0]!r} in a {kind} event of schema {version} (a hand edit?)"
        )
    stamp = get("stamp")
    if stamp is not None or (stored and version >= 2):  # every schema since 2 stamps its lines
        if version == 1:
            raise Malformed("'stamp' is not part of event schema 1")
        if type(stamp) is not int or not 0 <= stamp <= MAX_STAMP:
            raise Malformed("'stamp' must be a whole number of seconds")
    event_id = get("id")
    if type(event_id) is not str or ID_PATTERN.fullmatch(event_id) is None:
        raise Malformed("'id' must be 1 to 64 letters, digits, '-' or '_'")
    at = _time(get("at"), "at")
    logged_at = _time(get("logged_at"), "logged_at")
    imported = get("imported_at")
    base = Event(
        event_id,
        cast(EventType, kind),
        at,
        logged_at,
        imported_at=None if imported is None else _time(imported, "imported_at"),
        stamp=stamp,
    )
    return _BY_TYPE[kind](base, raw)


def _dose(base: Event, raw: dict[str, Any]) -> Event:
    amends = raw.get("amends")
    if amends is not None and (type(amends) is not str or ID_PATTERN.fullmatch(amends) is None):
        raise Malformed("'amends' must be the id of the dose it corrects")
    if amends == base.id:
        raise Malformed("a dose cannot amend itself")
    return base._replace(
        item=_item(raw.get("item")),
        amount=_amount(raw.get("amount")),
        unit=_unit(raw.get("unit")),
        given=_text(raw.get("given"), "given"),
        note=_text(raw.get("note"), "note"),
        amends=amends,
    )


def _skip(base: Event, raw: dict[str, Any]) -> Event:
    return base._replace(
        item=_item(raw.get("item")),
        note=_text(raw.get("note"), "note"),
        reason=_text(raw.get("reason"), "reason"),
    )


def _void(base: Event, raw: dict[str, Any]) -> Event:
    ref = raw.get("ref")
    if type(ref) is not str or ID_PATTERN.fullmatch(ref) is None:
        raise Malformed("'ref' must be the id of the event it voids")
    return base._replace(ref=ref, reason=_text(raw.get("reason"), "reason"))


def _checkin_event(base: Event, raw: dict[str, Any]) -> Event:
    return base._replace(**_checkin_fields(raw))


def _checkin_fields(raw: dict[str, Any]) -> dict[str, Any]:
    return {"checkin": _checkin(raw), "note": _text(raw.get("note"), "note")}


def _question(base: Event, raw: dict[str, Any]) -> Event:
    text = _text(raw.get("text"), "text")
    if text is None:
        raise Malformed("a question needs its 'text'")
    return base._replace(text=text)


def _fill(base: Event, raw: dict[str, Any]) -> Event:
    return base._replace(**_fill_fields(raw))


def _fill_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """A fill (``days_supply`` dispensed) or, with ``"count": true``, a count of what is on
    hand; either records ``on_hand``, the supply right after it."""
    if any(key in raw and raw[key] is not True for key in ("count", "days_inferred")):
        raise Malformed("'count' and 'days_inferred' are true when present")
    counted, inferred = "count" in raw, "days_inferred" in raw
    days = raw.get("days_supply")
    if counted:
        if days is not None or inferred:
            raise Malformed("a count has no days' supply")
    elif type(days) is not int or not 0 < days <= MAX_DAYS_SUPPLY:
        raise Malformed(f"'days_supply' must be whole days, 1 to {MAX_DAYS_SUPPLY}")
    amount = _decimal(raw.get("amount"), "amount", Decimal(0) if counted else None)
    on_hand = _decimal(raw.get("on_hand"), "on_hand", -MAX_ON_HAND)
    if counted and on_hand != amount:
        raise Malformed("a count's 'on_hand' is the amount counted")
    return {
        "item": _item(raw.get("item")),
        "amount": amount,
        "unit": _unit(raw.get("unit")),
        "given": _text(raw.get("given"), "given"),
        "note": _text(raw.get("note"), "note"),
        "days_supply": days,
        "days_inferred": inferred,
        "on_hand": on_hand,
        "counted": counted,
    }


def _lab(base: Event, raw: dict[str, Any]) -> Event:
    """A lab result, by the rules ``medlog lab`` applies (labs.check: a known test in one of
    its units and within its plausibility bounds, or a test of the person's own)."""
    from medlog.labs import LabResult, check  # only lab lines need it

    test, unit = raw.get("test"), raw.get("unit")
    if type(test) is not str or not valid_key(test):
        raise Malformed("'test' must be a test key such as inr")
    if type(unit) is not str:
        raise Malformed("'unit' must be the result's unit, such as mmol/L")
    value = _decimal(raw.get("value"), "value", Decimal(0))
    try:
        check(LabResult(test, value, unit))
    except BadInput as error:
        raise Malformed(error.message.rstrip(".")) from None
    return base._replace(test=test, value=value, unit=unit, note=_text(raw.get("note"), "note"))


_V1_TYPES = ("dose", "skip", "void")
_BY_TYPE = {
    "dose": _dose,
    "skip": _skip,
    "void": _void,
    "checkin": _checkin_event,
    "question": _question,
    "fill": _fill,
    "lab": _lab,
}


def _checkin(raw: dict[str, Any]) -> Checkin:
    """What a check-in line records, by check_checkin's rules (the command line's)."""
    from medlog.checkin_rules import check_checkin  # only check-in lines need it

    values = []
    for found in measures.MEASURES:
        value = raw.get(found.key)
        if value is not None and type(value) is not int:
            raise Malformed(f"'{found.key}' must be a whole number")
        if value is not None:
            values.append((found.key, value))
    effects = raw.get("side_effects", [])
    if type(effects) is not list:
        raise Malformed("'side_effects' must be a list")
    side_effects = []
    for effect in effects:
        if type(effect) is not dict or set(effect) != {"name", "severity"}:
            raise Malformed('each side effect must be {"name": ..., "severity": ...}')
        if type(effect["name"]) is not str:
            raise Malformed("a side effect's 'name' must be text")
        if type(effect["severity"]) is not str or effect["severity"] not in SEVERITIES:
            raise Malformed(f"unknown side-effect severity {str(effect['severity'])[:20]!r}")
        side_effects.append(SideEffect(effect["name"], effect["severity"]))
    answers = raw.get("answers", [])
    if type(answers) is not list or any(type(answer) is not int for answer in answers):
        raise Malformed("'answers' must be a list of whole numbers")
    instrument = raw.get("instrument")
    if instrument is not None and instrument not in ("phq9", "gad7"):
        raise Malformed("'instrument' must be phq9 or gad7")
    checkin = Checkin(tuple(values), tuple(side_effects), instrument, tuple(answers))
    try:
        return check_checkin(checkin)
    except BadInput as error:
        raise Malformed(error.message.rstrip(".")) from None


def _item(value: Any) -> str:
    if type(value) is not str or not valid_key(value):
        raise Malformed("'item' must be an item key such as lexapro")
    return value


def _text(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if type(value) is not str:
        raise Malformed(f"'{key}' must be a string")
    return _checked(lambda: clean_text(value, f"'{key}'", MAX_NOTE), value, key)


def _checked(rule: Any, value: str, key: str) -> str:
    try:
        cleaned: str = rule()
    except MedlogError as error:
        raise Malformed(error.message.rstrip(".")) from None
    if cleaned != value:
        raise Malformed(f"'{key}' has space around it")
    return cleaned


def _unit(value: Any) -> str:
    if type(value) is not str or value not in CANONICAL_UNITS:
        raise Malformed(f"unknown unit {str(value)[:20]!r}")
    return value


_MEASURE_KEYS: list[tuple[object, frozenset[str]]] = []  # (measures.MEASURES, its keys)


def _measure_keys() -> frozenset[str]:
    """The keys of the measures medlog knows, made once per table (``measures.MEASURES`` is
    read each time: it is the one place a measure is added)."""
    table = measures.MEASURES
    if not _MEASURE_KEYS or _MEASURE_KEYS[0][0] is not table:
        _MEASURE_KEYS[:] = [(table, frozenset(found.key for found in table))]
    return _MEASURE_KEYS[0][1]


def _moment(text: str, key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Malformed(f"'{key}' is not an ISO 8601 time") from None
    if _fits(moment):  # nearly every time: the checks below would pass it
        return moment
    if moment.tzinfo is None:
        raise Malformed(f"'{key}' has no UTC offset")
    try:
        check_supported(moment, f"'{key}'")
    except BadInput as error:
        raise Malformed(error.message.rstrip(".")) from None
    return moment


def _time(value: Any, key: str) -> datetime:
    if type(value) is not str or len(value) > 40:
        raise Malformed(f"'{key}' must be an ISO 8601 time in a string")
    return _moment(value, key)


def _decimal(value: Any, key: str, lowest: Decimal | None) -> Decimal:
    """A decimal string of at most 6 places: an amount (``lowest`` None: more than zero, at
    most 1,000,000, as ``_amount``), or a figure from ``lowest`` up to a billion."""
    if lowest is None:
        return _amount(value)
    if type(value) is not str or len(value) > 24:
        raise Malformed(f"'{key}' must be a decimal number in a string, such as \"10\"")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise Malformed(f"'{key}' is not a decimal number") from None
    if (
        not number.is_finite()
        or not lowest <= number <= MAX_ON_HAND
        or (number != number.quantize(Decimal("0.000001")))
    ):
        raise Malformed(f"'{key}' must be a number from {lowest} with at most 6 decimal places")
    return number.normalize() if number else Decimal(0)


def _amount(value: Any) -> Decimal:
    if type(value) is not str or len(value) > 20:
        raise Malformed("'amount' must be a decimal number in a string, such as \"10\"")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise Malformed("'amount' is not a decimal number") from None
    if not amount.is_finite():
        raise Malformed("'amount' must be a number above zero")
    try:
        return exact_amount(amount, "", "'amount'")
    except BadInput as error:
        raise Malformed(error.message.rstrip(".")) from None
