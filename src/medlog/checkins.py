"""Check-ins summed up over a period for a report: each measure's figures, questionnaire
scores, side-effect episodes, and the comparisons around regimen changes. What a check-in
may hold, and its parsers, are ``checkin_rules.py``'s. Figures are exact: means are computed
as fractions and rounded once, to 2 places half-even. A check-in belongs to the local day of
its ``at``, like a dose. Pure code: the events, items and period come in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from medlog import measures
from medlog.measures import Measure
from medlog.model import (
    SEVERITIES,
    Checkin,
    Event,
    Instrument,
    Item,
    Severity,
)
from medlog.questionnaires import (
    QUESTIONNAIRES,
    band,
    item9,
    item9_of,
    item9_words,
    score,
)
from medlog.regimen import RegimenChange, regimen_changes
from medlog.side_effects import Episode, episodes

WINDOW_DAYS = 14
MIN_ENTRIES = 5


class MeasureFigures(NamedTuple):
    """One measure over the period: entries, mean, lowest, highest and latest value.

    ``mean`` is the exact mean of the entries (for ``sleep_hours``: total
    minutes / 60 / n) rounded once to 2 places half-even. ``min``, ``max`` and
    ``last`` are single entries: a rating as its whole number; sleep as its
    minutes / 60 rounded to 2 places half-even (400 min -> 6.67). ``last`` is
    the entry with the latest ``at``. ``n`` counts entries, not days.
    """

    measure: str  # a measure's name in figures (``Measure.name``): "mood", "sleep_hours"
    n: int
    mean: Decimal
    min: Decimal
    max: Decimal
    last: Decimal


class QuestionnaireScore(NamedTuple):
    """One completed questionnaire: when, its total, its band and (PHQ-9 only) item 9."""

    date: date
    at: datetime
    total: int
    band: str
    item9: int | None


class SideEffectFigures(NamedTuple):
    """A side effect over the period.

    ``days``: local days it was recorded at a severity other than none;
    ``worst``: the highest severity recorded; ``last``: the latest one. A name
    recorded only as none in the period (it had gone) shows 0 days, worst "none".
    """

    name: str
    days: int
    worst: Severity
    last: Severity


class Window(NamedTuple):
    """Entries of one measure in a 14-day window, and their mean (None when there are none)."""

    n: int
    mean: Decimal | None


class Comparison(NamedTuple):
    """One measure in the 14 days before a regimen change against the 14 days from it.

    ``before``: the local days ``on - 14 .. on - 1``; ``after``: ``on .. on + 13``;
    neither is clipped to the report's period. ``difference`` = after - before
    from the exact means, rounded to 2 places half-even; None, with a ``reason``
    such as "fewer than 5 entries after", when either side has fewer than 5
    entries. A measure with no entry on either side has no Comparison.
    """

    item: str
    name: str
    change: str
    on: date
    measure: str  # ``Measure.name``
    before: Window
    after: Window
    difference: Decimal | None
    reason: str | None


class Question(NamedTuple):
    """A question noted for the clinician, on its local day."""

    date: date
    text: str


class CheckinReport(NamedTuple):
    """Everything the check-ins say about the local days ``since..until``.

    ``measures`` in the order of ``measures.MEASURES``, only those with an entry;
    questionnaires and questions in time order; side effects by days (most
    first), then name; comparisons by day of the change, then the order of the
    items given, then the measures' order.
    """

    since: date
    until: date
    measures: tuple[MeasureFigures, ...]
    phq9: tuple[QuestionnaireScore, ...]
    gad7: tuple[QuestionnaireScore, ...]
    side_effects: tuple[SideEffectFigures, ...]
    comparisons: tuple[Comparison, ...]
    questions: tuple[Question, ...]
    entries: tuple[Event, ...] = ()  # the period's check-ins, in time order
    phq9_before: QuestionnaireScore | None = None  # the last before the period: its baseline
    gad7_before: QuestionnaireScore | None = None
    episodes: tuple[Episode, ...] = ()  # each side effect's dated episodes (side_effects.py)


def checkin_report(
    events: Iterable[Event], items: Sequence[Item], since: date, until: date
) -> CheckinReport:
    """The check-in figures for the local days ``since..until`` (inclusive).

    ``events`` are all the live (non-voided) check-ins and questions, not only the
    period's: a comparison's 14-day windows reach outside the period.
    """
    ordered = sorted(events, key=lambda event: (event.at, event.logged_at, event.id))
    checkins = [event for event in ordered if event.type == "checkin" and event.checkin]
    in_period = [event for event in checkins if since <= event.day <= until]
    before = [event for event in checkins if event.day < since]
    recorded = tuple(
        figures
        for measure in measures.MEASURES
        if (figures := _measure_figures(in_period, measure))
    )
    by_day: defaultdict[date, list[Event]] = defaultdict(list)
    for event in checkins:
        by_day[event.day].append(event)
    changes = [
        (change.on, position, change)
        for position, item in enumerate(items)
        for change in regimen_changes(item)
        if since <= change.on <= until
    ]
    comparisons = tuple(
        row
        for _, _, change in sorted(changes, key=lambda found: found[:2])
        for measure in measures.MEASURES
        if (row := _comparison(change, measure, by_day))
    )
    return CheckinReport(
        since,
        until,
        recorded,
        _scores(in_period, "phq9"),
        _scores(in_period, "gad7"),
        _side_effects(in_period),
        comparisons,
        tuple(
            Question(event.day, event.text)
            for event in ordered
            if event.type == "question" and event.text and since <= event.day <= until
        ),
        tuple(in_period),
        _last(_scores(before, "phq9")),
        _last(_scores(before, "gad7")),
        episodes(checkins, since, until),
    )


def _last(scores: tuple[QuestionnaireScore, ...]) -> QuestionnaireScore | None:
    return scores[-1] if scores else None


def measure_value(checkin: Checkin, measure: Measure) -> Fraction | None:
    """One entry's value of ``measure``, exactly: a rating, or hours slept as minutes / 60."""
    number = checkin.value(measure.key)
    if number is None:
        return None
    return Fraction(number, 60) if measure.kind == "minutes" else Fraction(number)


def round2(value: Fraction) -> Decimal:
    """``value`` rounded to 2 places half-even, exactly: 469/200 -> 2.34, 471/200 -> 2.36."""
    return Decimal(round(value * 100)).scaleb(-2)


def _values(events: Iterable[Event], measure: Measure) -> list[int]:
    """The entries of ``measure`` as recorded (a rating, or minutes slept): whole numbers, so
    that a period's sums stay integers (``_mean``) and each entry's value is worked out
    once, at the end (``measure_value``'s: minutes / 60 for sleep)."""
    key = measure.key
    return [
        number
        for event in events
        if event.checkin and (number := event.checkin.value(key)) is not None
    ]


def _measure_figures(events: list[Event], measure: Measure) -> MeasureFigures | None:
    values = _values(events, measure)
    if not values:
        return None
    return MeasureFigures(
        measure.name,
        len(values),
        round2(_mean(values, measure)),
        _entry(min(values), measure),
        _entry(max(values), measure),
        _entry(values[-1], measure),
    )


def _entry(number: int, measure: Measure) -> Decimal:
    """One entry as a report shows it: a rating whole, sleep in hours to 2 places."""
    return round2(Fraction(number, 60)) if measure.kind == "minutes" else Decimal(number)


def _scores(events: list[Event], instrument: Instrument) -> tuple[QuestionnaireScore, ...]:
    scores = []
    for event in events:
        checkin = event.checkin
        if checkin and checkin.instrument == instrument:
            total = sum(checkin.answers)
            scores.append(
                QuestionnaireScore(
                    event.day,
                    event.at,
                    total,
                    band(checkin.instrument, total),
                    item9(checkin.instrument, checkin.answers),
                )
            )
    return tuple(scores)


def _side_effects(events: list[Event]) -> tuple[SideEffectFigures, ...]:
    days: defaultdict[str, set[date]] = defaultdict(set)
    worst: dict[str, Severity] = {}
    last: dict[str, Severity] = {}
    for event in events:
        for effect in event.checkin.side_effects if event.checkin else ():
            if effect.severity != "none":
                days[effect.name].add(event.day)
            previous = worst.get(effect.name, "none")
            worst[effect.name] = max(previous, effect.severity, key=SEVERITIES.index)
            last[effect.name] = effect.severity
    return tuple(
        SideEffectFigures(name, len(days[name]), worst[name], last[name])
        for name in sorted(worst, key=lambda name: (-len(days[name]), name))
    )


def _comparison(
    change: RegimenChange, measure: Measure, by_day: dict[date, list[Event]]
) -> Comparison | None:
    before_values = _window_values(by_day, change.on - timedelta(days=WINDOW_DAYS), measure)
    after_values = _window_values(by_day, change.on, measure)
    if not before_values and not after_values:
        return None
    short = [
        side
        for side, values in (("before", before_values), ("after", after_values))
        if len(values) < MIN_ENTRIES
    ]
    difference = None
    if not short:
        difference = round2(_mean(after_values, measure) - _mean(before_values, measure))
    return Comparison(
        change.item.key,
        change.item.name,
        change.change,
        change.on,
        measure.name,
        _window(before_values, measure),
        _window(after_values, measure),
        difference,
        f"fewer than {MIN_ENTRIES} entries {' and '.join(short)}" if short else None,
    )


def _window_values(by_day: dict[date, list[Event]], first: date, measure: Measure) -> list[int]:
    days = (first + timedelta(days=n) for n in range(WINDOW_DAYS))
    return [value for day in days for value in _values(by_day.get(day, ()), measure)]


def _mean(values: list[int], measure: Measure) -> Fraction:
    """The exact mean of entries as ``_values`` gives them, in the measure's value (sleep in
    hours: ``measure_value``)."""
    return Fraction(sum(values), len(values) * (60 if measure.kind == "minutes" else 1))


def _window(values: list[int], measure: Measure) -> Window:
    return Window(len(values), round2(_mean(values, measure)) if values else None)


def checkin_words(checkin: Checkin | None) -> str:
    """A check-in's measures in words: "mood 6/10, slept 6h30m, nausea (mild)", or a
    questionnaire's total: "PHQ-9 1 (minimal), question 9 answered 'several days'"."""
    if checkin is None:
        return ""
    parts = []
    for measure in measures.MEASURES:
        number = checkin.value(measure.key)
        if number is None:
            continue
        if measure.kind == "minutes":
            hours, minutes = divmod(number, 60)
            parts.append(f"slept {hours}h{minutes:02d}m")
        else:
            parts.append(f"{measure.words} {number}/10")
    parts += [
        f"{effect.name} ({'gone' if effect.severity == 'none' else effect.severity})"
        for effect in checkin.side_effects
    ]
    if checkin.instrument is not None:
        total = score(checkin.instrument, checkin.answers)
        title = QUESTIONNAIRES[checkin.instrument].title
        parts.append(f"{title} {total} ({band(checkin.instrument, total)})")
        if answer := item9_of(checkin):
            parts.append(item9_words(answer))
    return ", ".join(parts)
