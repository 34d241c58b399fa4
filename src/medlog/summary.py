"""A report, history and check-ins as plain cells and lines, shared by the terminal
(render/) and the files (export/report.py, export/html.py, export/listing.py).

Keeping the words here means the Rich table, the Markdown and the HTML can
never disagree about a figure.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from medlog.actions.history import Entry
from medlog.actions.item_options import USER_SOURCE
from medlog.actions.report import Report
from medlog.adherence import ADHERENCE_THRESHOLD, DayMark, ItemPeriod, day_mark
from medlog.checkins import WINDOW_DAYS, Comparison, checkin_words
from medlog.measures import measure
from medlog.model import DoseRange, Event, Item, RegimenVersion
from medlog.ranges import limit_words, range_text
from medlog.schedule import format_schedule
from medlog.spacing import rule_text
from medlog.supply import quantity_text
from medlog.units import format_amount, format_decimal, format_dose

CALENDAR_MONTHS = 12  # a longer period shows its last twelve months
OUT_OF_RANGE_SHOWN = 10
THRESHOLD_TEXT = f"{ADHERENCE_THRESHOLD:.0%}"


def percent(value: Decimal | None) -> str:
    """0.9475 -> "94.8%"; None -> "n/a"."""
    return "n/a" if value is None else f"{value * 100:.1f}%"


def adherence_cell(period: ItemPeriod) -> str:
    """Adherence with the flag a clinician looks for: "72.4% (below 80%)"."""
    text = percent(period.adherence)
    return f"{text} (below {THRESHOLD_TEXT})" if period.below_threshold else text


def range_cell(period: ItemPeriod) -> str:
    """How the period sat against the documented range."""
    if period.item.range is None:
        return "no documented range"
    if period.doses_out_of_range is not None:
        count = period.doses_out_of_range
        return "every dose within" if count == 0 else f"{count} dose(s) outside"
    parts = [f"{period.days_in_range} in"]
    if period.days_below_range:
        parts.append(f"{period.days_below_range} below")
    if period.days_above_range:
        parts.append(f"{period.days_above_range} above")
    return ", ".join(parts)


def footnotes(ranges: Iterable[DoseRange | None], others: Iterable[str] = ()) -> dict[str, int]:
    """A number for each distinct source, in order of first appearance: the ranges', then
    ``others``."""
    numbers: dict[str, int] = {}
    for dose_range in ranges:
        if dose_range is not None:
            numbers.setdefault(dose_range.source, len(numbers) + 1)
    for source in others:
        numbers.setdefault(source, len(numbers) + 1)
    return numbers


def report_footnotes(report: Report) -> dict[str, int]:
    """The numbered sources a report shows: the items' ranges, the substances' limits, then
    the notes on the combination and its spacing rules, then the label notes."""
    return footnotes(
        [
            *(period.item.range for period in report.items),
            *(figures.limit.range for figures in report.ingredients),
        ],
        [
            *(source for _, _, source in report.information),
            *(note.interaction.source for note in report.notes),
            *(
                figures.rule.source
                for figures in report.spacing
                if figures.rule.source != USER_SOURCE
            ),
            *(fact.note.source for fact in report.facts),
        ],
    )


def range_note(item: Item, notes: dict[str, int]) -> str:
    """The documented range with the number of its source: "10-20 mg/day [1]", or "none"."""
    if item.range is None:
        return "none"
    return f"{range_text(item)} [{notes[item.range.source]}]"


def footnote_lines(notes: dict[str, int]) -> list[str]:
    """Each source once, under the table that points to it: "[1] US FDA ..."."""
    return [f"[{number}] {source}" for source, number in notes.items()]


SCHEDULED_HEADER = (
    "Item",
    "Adherence",
    "Days covered",
    "Missed",
    "Skipped",
    "Extra",
    "On time",
    "Days vs range",
    "Documented range",
)
AS_NEEDED_HEADER = (
    "Item",
    "Doses",
    "Per week",
    "Days over max",
    "Too soon",
    "Documented range",
)


def scheduled_rows(report: Report) -> list[tuple[ItemPeriod, list[str]]]:
    """One row per item that expected doses in the period (the range's source as a footnote
    number, from ``report_footnotes``)."""
    notes = report_footnotes(report)
    return [
        (
            period,
            [
                period.item.name,
                adherence_cell(period),
                f"{period.days_covered} / {period.days_expected}",
                str(period.missed_doses),
                str(period.skipped_doses),
                str(period.extra_doses),
                percent(period.on_time),
                range_cell(period),
                range_note(period.item, notes),
            ],
        )
        for period in report.items
        if period.as_needed is None or period.expected_doses
    ]


def as_needed_rows(report: Report) -> list[tuple[ItemPeriod, list[str]]]:
    """One row per as-needed item: how much it was used and against its limits."""
    notes = report_footnotes(report)
    rows = []
    for period in report.items:
        need = period.as_needed
        if need is None:
            continue
        rows.append(
            (
                period,
                [
                    period.item.name,
                    f"{need.doses} ({need.after_stop} after the stop)"
                    if need.after_stop
                    else str(need.doses),
                    "n/a" if need.per_week is None else f"{need.per_week}",
                    str(need.days_over_max),
                    str(need.too_soon),
                    range_note(period.item, notes),
                ],
            )
        )
    return rows


@dataclass(frozen=True)
class CalendarRow:
    """One month of one item's calendar strip: a mark per day of the month."""

    label: str
    month: str
    marks: list[tuple[int, DayMark]]  # (day of month, mark)

    def text(self) -> str:
        """The month as 31 columns, a blank where the day is outside the period."""
        columns = [" "] * 31
        for day, mark in self.marks:
            columns[day - 1] = DAY_GLYPHS[mark]
        return "".join(columns).rstrip()


CALENDAR_RULER = "1   5    10   15   20   25   30"
# One plain character per kind of day, and what each means, for text and Markdown.
DAY_GLYPHS: dict[DayMark, str] = {
    "full": "#",
    "partial": "+",
    "missed": "x",
    "skipped": "s",
    "pending": "-",
    "none": ".",
    "extra": "o",
    "as_needed": "*",
    "out_of_range": "!",
}
DAY_WORDS: dict[DayMark, str] = {
    "full": "all taken",
    "partial": "some taken",
    "missed": "missed",
    "skipped": "skipped",
    "pending": "not yet due",
    "none": "nothing expected",
    "extra": "an extra dose",
    "as_needed": "taken as needed",
    "out_of_range": "outside the documented range",
}
LEGEND = "  ".join(f"{DAY_GLYPHS[mark]} {DAY_WORDS[mark]}" for mark in DAY_GLYPHS)


def calendar_rows(report: Report) -> list[CalendarRow]:
    """Each item's days as marks, one row per calendar month (the last 12 months at most)."""
    rows = []
    for period in report.items:
        months: dict[tuple[int, int], list[tuple[int, DayMark]]] = {}
        for figures in period.days:
            months.setdefault((figures.day.year, figures.day.month), []).append(
                (figures.day.day, day_mark(period.item, figures, report.generated_at.date()))
            )
        label = period.item.name
        for year, month in list(months)[-CALENDAR_MONTHS:]:
            rows.append(
                CalendarRow(label, f"{calendar.month_abbr[month]} {year}", months[(year, month)])
            )
            label = ""
    return rows


def calendar_note(report: Report) -> str | None:
    """Says when the calendar shows only part of a long period."""
    months = {(f.day.year, f.day.month) for p in report.items for f in p.days}
    if len(months) > CALENDAR_MONTHS:
        return f"The calendar shows the last {CALENDAR_MONTHS} months of the period."
    return None


def out_of_range_lines(report: Report) -> list[str]:
    """Each day (per-day range) or dose (per-dose range) outside the documented range."""
    lines = []
    for period in report.items:
        item = period.item
        if item.range is None:
            continue
        found = []
        for figures in period.days:
            if figures.day_verdict in ("above", "below"):
                if figures.taken or figures.day_verdict == "above":
                    found.append(
                        f"{figures.day} {format_amount(figures.total, item.unit)} "
                        f"({figures.day_verdict})"
                    )
            elif figures.doses_out_of_range:
                found.append(f"{figures.day} {figures.doses_out_of_range} dose(s) outside")
        if not found:
            continue
        against = range_text(item)
        if item.cap is not None:
            against += f" and {limit_words(item.cap, item.unit)}"
        lines.append(f"{item.name}, against {against}: {_some(found)}")
    return lines


def _some(found: list[str]) -> str:
    """The first few of a list of days, and how many more: "a; b; and 3 more"."""
    more = len(found) - OUT_OF_RANGE_SHOWN
    return "; ".join(found[:OUT_OF_RANGE_SHOWN]) + (f"; and {more} more" if more > 0 else "")


def extra_dose_lines(report: Report) -> list[str]:
    """Each item's days with more doses than its schedule asked for."""
    lines = []
    for period in report.items:
        found = [
            f"{figures.day} ({figures.taken} taken, {figures.expected} expected)"
            for figures in period.days
            if figures.extra_doses
        ]
        if found:
            lines.append(f"{period.item.name}: {_some(found)}")
    return lines


def pending_note(report: Report) -> str | None:
    """Says which of today's doses are not yet due and so neither counted nor missed."""
    waiting = [
        f"{period.item.name} {period.pending_doses}"
        for period in report.items
        if period.pending_doses
    ]
    if not waiting:
        return None
    return (
        "Not yet due, so neither counted nor missed: "
        + ", ".join(waiting)
        + " (doses whose time plus the on-time window has not passed)."
    )


def period_title(report: Report) -> str:
    """ "Report 2026-10-29 to 2026-11-27 (30 days), generated 2026-11-27 21:30"."""
    return (
        f"Report {report.since} to {report.until} ({report.days} days), generated "
        f"{report.generated_at:%Y-%m-%d %H:%M}"
    )


TIMELINE_HEADER = ("Item", "From", "To", "Dose", "Schedule")


def timeline_rows(report: Report) -> list[list[str]]:
    """Each item's regimen versions, first and last day: start, titrations, tapers, stops."""
    rows = []
    for period in report.items:
        item = period.item
        name = item.name
        for number, version in enumerate(item.regimen):
            following = item.regimen[number + 1] if number + 1 < len(item.regimen) else None
            if version.until == version.start:
                to = "stopped the same day"
            elif version.until is not None:
                to = f"{version.until - timedelta(days=1)}, then stopped"
            elif following is not None:
                to = str(following.start - timedelta(days=1))
            else:
                to = "ongoing"
            dose = "as logged" if version.dose is None else format_amount(version.dose, item.unit)
            rows.append([name, str(version.start), to, dose, format_schedule(version.schedule)])
            name = ""
    return rows


NOTES_HEADER = ("When", "Item", "What", "Note or reason")


def notes_rows(report: Report) -> list[list[str]]:
    """Skip reasons, dose notes and check-in notes in the period, in time order; those of
    voided events too, marked voided (a correction should not hide what the person wrote),
    and entries filled in on a later day marked so."""
    names = {period.item.key: period.item.name for period in report.items}
    found = [
        (
            event.at,
            names.get(event.item or "", event.item or ""),
            f"{'dose' if event.type == 'dose' else 'skipped'} (voided)",
            event.note or event.reason or "",
        )
        for event in report.voided
        if event.note or event.reason
    ]
    found += [
        (event.at, "", _later("check-in", event), event.note)
        for event in report.checkins.entries
        if event.note
    ]
    for period in report.items:
        for figures in period.days:
            for dose in figures.doses:
                if dose.note:
                    found.append((dose.at, period.item.name, _later("dose", dose), dose.note))
            for skip in figures.skip_events:
                found.append(
                    (
                        skip.at,
                        period.item.name,
                        _later("skipped", skip),
                        skip.reason or skip.note or "no reason given",
                    )
                )
    found.sort(key=lambda row: row[0])
    return [[f"{at:%Y-%m-%d %H:%M}", name, what, text] for at, name, what, text in found]


def _later(what: str, event: Event) -> str:
    """``what``, marked when the entry was filled in on a later day than it records."""
    from medlog.provenance import backfilled

    return f"{what} (logged later)" if backfilled(event) else what


TOTALS_DAYS = 31


def totals_note(report: Report) -> str | None:
    """Says when the day-totals table shows only the end of a long period."""
    if report.days > TOTALS_DAYS:
        return f"The table shows the last {TOTALS_DAYS} days of the {report.days}-day period."
    return None


def headline(item: Item, until: date) -> str:
    """An item's regimen in one line: "Lexapro 20 mg daily 08:00 since 2026-10-26 (day 34);
    10 mg from 2026-10-15"."""
    versions = [v for v in item.regimen if v.start <= until and v.until != v.start]
    if not versions:
        first = item.regimen[0]
        return f"{item.name} {_regimen_text(item, first)} from {first.start} (not started yet)"
    current = versions[-1]
    if current.until is not None and current.until <= until:
        now_text = (
            f"{item.name} stopped from {current.until} (was {_regimen_text(item, current)} "
            f"since {current.start})"
        )
    else:
        day = (until - current.start).days + 1
        now_text = f"{item.name} {_regimen_text(item, current)} since {current.start} (day {day})"
    earlier = [
        f"{format_amount(v.dose, item.unit) if v.dose is not None else format_schedule(v.schedule)}"
        f" from {v.start}"
        for v in reversed(versions[:-1])
    ]
    return "; ".join([now_text, *earlier])


def _regimen_text(item: Item, version: RegimenVersion) -> str:
    dose = f"{format_amount(version.dose, item.unit)} " if version.dose is not None else ""
    return f"{dose}{format_schedule(version.schedule)}"


def totals_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """Each day's total per item with a per-day range, marked against it (last 31 days)."""
    chosen = [p for p in report.items if p.item.range is not None and p.item.range.per == "day"]
    header = ["Day"] + [f"{p.item.name} ({p.item.unit})" for p in chosen]
    rows: list[list[str]] = []
    if not chosen:
        return header, rows
    for index in range(max(0, report.days - TOTALS_DAYS), report.days):
        day = chosen[0].days[index].day
        cells = [f"{day:%a %Y-%m-%d}"]
        for period in chosen:
            figures = period.days[index]
            if figures.day_verdict is None:
                cells.append("")
                continue
            mark = {"above": " above", "below": " below", "in": ""}[figures.day_verdict]
            cells.append(f"{format_decimal(figures.total)}{mark}")
        rows.append(cells)
    return header, rows


FOOTER = (
    "These figures come from self-reported logs kept with medlog and are not medical "
    "advice. Documented ranges are shown with their sources; they are not a "
    "recommendation for this person."
)


HISTORY_HEADER = ("When", "Item", "Event", "Amount", "Note, reason or check-in", "Id")


def label_note_lines(report: Report) -> list[str]:
    """The labels' notes a clinician should see (a boxed warning), each once, with the items
    it concerns and the number of its source."""
    notes = report_footnotes(report)
    return [
        f"{', '.join(item.name for item in fact.items)}: {fact.note.text} "
        f"[{notes[fact.note.source]}]"
        for fact in report.facts
    ]


def interaction_lines(report: Report) -> list[str]:
    """The catalog's notes on items of the report taken together, each with its source, and
    how often a spacing rule was broken."""
    notes = report_footnotes(report)
    lines = [f"{item.name}: {fact} [{notes[source]}]" for item, fact, source in report.information]
    lines += [
        f"{note.first.name} with {note.second.name}: {note.interaction.note} "
        f"[{notes[note.interaction.source]}]"
        for note in report.notes
    ]
    names = {period.item.key: period.item.name for period in report.items}
    lines += [
        f"{rule_text(figures.rule, names)}: {figures.misses} time(s) closer than that in the "
        f"period "
        + (f"[{notes[figures.rule.source]}]" if figures.rule.source in notes else "(your rule)")
        for figures in report.spacing
    ]
    return lines


def history_cells(entry: Entry, today: date | None = None) -> list[str]:
    """One history event as words; ``today`` shortens that day's times to "today HH:MM"."""
    event = entry.event
    item = entry.item
    unit = item.unit if item else (event.unit or "")
    what: str = event.type
    amount = format_dose(event.amount, unit, event.given)
    if event.type == "fill":
        what = "count" if event.counted else f"fill, {event.days_supply} days"
        amount = quantity_text(event, unit)
    if entry.voided_by is not None:
        what += f" (voided {entry.voided_by.at:%Y-%m-%d %H:%M})"
    elif event.type == "void" and entry.target is not None:
        what = f"undo of {entry.target.id[:8]}"
    when = f"{event.at:%Y-%m-%d %H:%M}"
    if today is not None and event.day == today:
        when = f"today {event.at:%H:%M}"
    name = item.name if item else (event.item or "")
    said = [checkin_words(event.checkin), event.note or event.reason or event.text or ""]
    return [when, name, what, amount, "; ".join(part for part in said if part), event.id[:8]]


# How you've been ---------------------------------------------------------------------------

MEASURE_HEADER = ("Measure", "Entries", "Mean", "Lowest", "Highest", "Last")
COMPARISON_CAVEAT = (
    "These are the person's own entries, set beside a change of regimen; the change may "
    "have other causes, and medicines can take weeks to have their effect."
)
ITEM9_WORDS = "thoughts of being better off dead, or of hurting oneself"


def measure_rows(report: Report) -> list[list[str]]:
    """One row per measure with entries in the period: how many, mean, lowest, highest, last
    (hours slept as hours and minutes: 7.33 hours is 7h20m)."""
    rows = []
    for figures in report.checkins.measures:
        found = measure(figures.measure)
        shown = _hours if found.kind == "minutes" else format_decimal
        values = (figures.mean, figures.min, figures.max, figures.last)
        rows.append([found.heading, str(figures.n), *map(shown, values)])
    return rows


def _hours(value: Decimal) -> str:
    """Hours as people say them: 7.33 -> "7h20m", 7 -> "7h00m"."""
    minutes = _minutes(value)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def _minutes(hours: Decimal) -> int:
    """Hours as whole minutes, rounded half-even: 7.33 -> 440."""
    return int((hours * 60).to_integral_value())


def questionnaire_lines(report: Report) -> list[str]:
    """Each PHQ-9 and GAD-7 total with its band (and question 9's answer when above 0), in
    time order, then a line saying these are screening scores; none when there are none."""
    from medlog.questionnaires import QUESTIONNAIRES, SCREENING, item9_words

    scores = [("phq9", score) for score in report.checkins.phq9]
    scores += [("gad7", score) for score in report.checkins.gad7]
    scores.sort(key=lambda pair: pair[1].at)
    lines = [
        f"{QUESTIONNAIRES[key].title} {score.date}: {score.total} of "  # type: ignore[index]
        f"{QUESTIONNAIRES[key].max_total} ({score.band})"  # type: ignore[index]
        + (f"; {item9_words(score.item9)}" if score.item9 else "")
        for key, score in scores
    ]
    return [*lines, f"Each total is {SCREENING}."] if lines else []


def item9_alerts(report: Report) -> list[str]:
    """Each PHQ-9 whose item 9 was answered above 0: a clinician should see these first."""
    from medlog.questionnaires import ANSWERS

    return [
        f"PHQ-9 on {score.date}: item 9 ({ITEM9_WORDS}) was answered {score.item9} "
        f"({ANSWERS[score.item9 or 0].lower()})."
        for score in report.checkins.phq9
        if score.item9
    ]


def side_effect_lines(report: Report) -> list[str]:
    """Each side effect: on how many days, how bad at worst, and whether it has gone."""
    lines = []
    for effect in report.checkins.side_effects:
        if effect.days:
            gone = "; since recorded as gone" if effect.last == "none" else ""
            lines.append(f"{effect.name}: {effect.days} day(s), at worst {effect.worst}{gone}")
        else:
            lines.append(f"{effect.name}: recorded as gone")
    return lines


def comparison_lines(report: Report) -> list[str]:
    """Each change of regimen in the period, with each measure's mean in the 14 days before
    and the 14 days from it: "Magnesium glycinate started on 2026-11-07: mood 4.5 → 5.92
    (+1.42), ...". Measures with fewer than 5 entries on a side are said to be too few;
    changes on one day with no check-in at all before them share one line."""
    groups: dict[tuple[str, str, date], list[Comparison]] = {}
    for row in report.checkins.comparisons:
        groups.setdefault((row.name, row.change, row.on), []).append(row)
    lines: list[tuple[date, str]] = []
    unanchored: dict[date, list[str]] = {}
    for (name, change, on), rows in groups.items():
        if all(row.before.n == 0 for row in rows):
            unanchored.setdefault(on, []).append(f"{name} {change}")
            continue
        compared = [_compared(row) for row in rows if row.difference is not None]
        short = [row for row in rows if row.difference is None]
        if short:
            few = ", ".join(
                f"{measure(row.measure).words} ({row.before.n} before, {row.after.n} after)"
                for row in short
            )
            compared.append(f"too few entries to compare {few}")
        lines.append((on, f"{name} {change} on {on}: " + "; ".join(compared)))
    lines += [
        (on, f"{' and '.join(changes)} on {on}: no check-ins in the {WINDOW_DAYS} days before")
        for on, changes in unanchored.items()
    ]
    return [line for _, line in sorted(lines, key=lambda pair: pair[0])]


def _compared(row: Comparison) -> str:
    """One measure before and after a change: "mood 4.5 → 5.92 (+1.42)"; sleep in hours and
    minutes: "sleep 6h26m → 7h02m (+36m)"."""
    difference = row.difference or Decimal(0)
    found = measure(row.measure)
    if found.kind == "minutes" and row.before.mean is not None and row.after.mean is not None:
        before, after = (_minutes(row.before.mean), _minutes(row.after.mean))
        moved = abs(after - before)  # from the times shown, so the three always agree
        change = f"{moved // 60}h{moved % 60:02d}m" if moved >= 60 else f"{moved}m"
        sign = "+" if after > before else "-" if after < before else ""
        shown = [_hours(row.before.mean), _hours(row.after.mean)]
    else:
        sign = "+" if difference > 0 else "-" if difference < 0 else ""
        change = format_decimal(abs(difference))
        shown = [_mean_text(row.before.mean), _mean_text(row.after.mean)]
    return f"{found.words} {shown[0]} → {shown[1]} ({sign}{change})"


def _mean_text(mean: Decimal | None) -> str:
    return "n/a" if mean is None else format_decimal(mean)


def question_lines(report: Report) -> list[str]:
    """The questions kept for the visit, with their day."""
    return [f"{question.date}: {question.text}" for question in report.checkins.questions]


def provenance_sentence(report: Report) -> str | None:
    """How soon the period's entries were logged, in one honest sentence."""
    counts = report.provenance
    if not counts.events:
        return None
    return (
        f"Of {counts.events} entries (doses, skips and check-ins) in the period, "
        f"{counts.within_hour} were logged within an hour of the time they record, "
        f"{counts.same_day} later the same day, and {counts.later_day} on a later day "
        "(filled in afterwards)."
    )
