"""A report, history and check-ins as plain cells and lines, shared by the terminal
(render/) and the files (export/report.py, export/html.py, export/listing.py).

Keeping the words here means the Rich table, the Markdown and the HTML can
never disagree about a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from medlog.actions.history import Entry
from medlog.actions.report import MissedSlot, Report
from medlog.adherence import ADHERENCE_THRESHOLD, ItemPeriod
from medlog.amounts_text import (
    amount_text,
    dose_and_week,
    logged_dose,
    regimen_words,
    shown_in_on,
)
from medlog.checkins import checkin_words
from medlog.labs import test_name, value_text
from medlog.model import USER_SOURCE, DoseRange, Event, Item, RegimenVersion
from medlog.prescribed import above_prescribed, times_text
from medlog.ranges import limit_words, range_text
from medlog.schedule import format_schedule
from medlog.spacing import rule_text
from medlog.supply import quantity_text
from medlog.units import format_amount, format_dose, format_number

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


# "US FDA prescribing information for LEXAPRO (escitalopram) tablets, Dosage and
# Administration (DailyMed)": a document, the part of it cited, and where it was read.
_DOCUMENT_PART = re.compile(r"(?P<document>[^;:]+), (?P<part>[^,;:]+) \((?P<where>[A-Za-z]+)\)")


def _document(source: str) -> tuple[str, str | None]:
    """The document a source cites ("... tablets (DailyMed)") and the part of it cited, or
    the source itself and None when it names no part."""
    found = _DOCUMENT_PART.fullmatch(source)
    if found is None:
        return source, None
    return f"{found['document']} ({found['where']})", found["part"]


def footnotes(ranges: Iterable[DoseRange | None], others: Iterable[str] = ()) -> dict[str, int]:
    """A number for each source document, in order of first appearance: the ranges', then
    ``others``; sources citing parts of one document (its dosage section, its warnings)
    share its number."""
    numbers: dict[str, int] = {}
    documents: dict[str, int] = {}
    sources = [dose_range.source for dose_range in ranges if dose_range is not None]
    for source in [*sources, *others]:
        if source not in numbers:
            document = _document(source)[0]
            numbers[source] = documents.setdefault(document, len(documents) + 1)
    return numbers


def report_footnotes(report: Report, *, pending: bool = False) -> dict[str, int]:
    """The numbered sources a report shows: the items' ranges, the substances' limits, then
    the notes on the combination and its spacing rules, then the label notes; with
    ``pending``, the shared files' last footnote says which doses are not yet due."""
    found = footnotes(
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
    if pending and (waiting := pending_note(report)):
        found[waiting] = max(found.values(), default=0) + 1
    return found


def pending_mark(report: Report) -> str:
    """The mark " [N]" of the footnote on the doses not yet due: in a shared file a footnote,
    as the count is true only at the moment the file was written."""
    return f" [{max(report_footnotes(report).values(), default=0) + 1}]"


def range_note(item: Item, notes: dict[str, int]) -> str:
    """The documented range with the number of its source: "10-20 mg/day [1]", or "none"."""
    if item.range is None:
        return "none"
    return f"{range_text(item)} [{notes[item.range.source]}]"


def footnote_texts(notes: dict[str, int]) -> list[tuple[int, str]]:
    """Each footnote once, by number: a document cited in several parts says it once, with
    the parts: "US FDA prescribing information for LEXAPRO (escitalopram) tablets
    (DailyMed): Dosage and Administration; Warnings and Precautions (...)"."""
    by_number: dict[int, list[str]] = {}
    for source, number in notes.items():
        by_number.setdefault(number, []).append(source)
    texts = []
    for number, sources in by_number.items():
        if len(sources) == 1:
            texts.append((number, sources[0]))
            continue
        document = _document(sources[0])[0]
        parts = [part for _, part in map(_document, sources) if part is not None]
        texts.append((number, f"{document}: {'; '.join(parts)}" if parts else document))
    return texts


def footnote_lines(notes: dict[str, int]) -> list[str]:
    """Each footnote once, under the table that points to it: "[1] US FDA ..."."""
    return [f"[{number}] {text}" for number, text in footnote_texts(notes)]


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


def out_of_range_lines(report: Report) -> list[str]:
    """Each day (per-day range) or dose (per-dose range) outside the documented range."""
    lines = []
    for period in report.items:
        by_range: dict[str, list[str]] = {}  # what judged the days (an age band's range)
        for figures in period.days:
            item = period.item.judged_on(figures.day)
            if item.range is None:
                continue
            against = range_text(item)
            if item.cap is not None:
                against += f" and {limit_words(item.cap, item.unit)}"
            found = by_range.setdefault(against, [])
            if figures.day_verdict in ("above", "below"):
                if figures.taken or figures.day_verdict == "above":
                    found.append(
                        f"{figures.day} "
                        f"{amount_text(item, figures.total, shown_in_on(item, figures.day))} "
                        f"({figures.day_verdict})"
                    )
            elif figures.doses_out_of_range:
                found.append(f"{figures.day} {figures.doses_out_of_range} dose(s) outside")
        lines += [
            f"{period.item.name}, against {against}: {_some(found)}"
            for against, found in by_range.items()
            if found
        ]
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


ABOVE_REGIMEN = "Above the amount your regimen sets for the day (not a documented range)"


def above_regimen_lines(report: Report) -> list[str]:
    """Each item's days whose total was above what its own regimen set for the day
    (information, not a documented range), each day with its total and the multiple."""
    lines = []
    for period in report.items:
        item = period.item
        found = []
        for figures in period.days:
            prescribed = above_prescribed(item, figures.day, figures.total, figures.moved_out)
            if prescribed is not None:
                found.append(
                    f"{figures.day} {format_amount(figures.total, item.unit)} "
                    f"({times_text(figures.total, prescribed)} "
                    f"the {format_amount(prescribed, item.unit)} set)"
                )
        if found:
            lines.append(f"{item.name}: {_some(found)}")
    return lines


def moved_dose_lines(report: Report) -> list[str]:
    """Each item's slots covered by a dose taken a day or two late or early (counted, never
    on time): "Vitamin D: 2026-11-21 taken 2026-11-22 (1 day late)"."""
    lines = []
    for period in report.items:
        found = [
            f"{moved.day} taken {moved.dose.day} ({abs(moved.days)} "
            f"day{'s' if abs(moved.days) > 1 else ''} {moved.kind})"
            for figures in period.days
            for moved in figures.moved_in
            if moved.kind != "overnight"
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


def days_text(count: int) -> str:
    """ "1 day", "30 days"."""
    return f"{count} day" if count == 1 else f"{count} days"


def period_title(report: Report) -> str:
    """ "Report 2026-10-29 to 2026-11-27 (30 days), generated 2026-11-27 21:30"."""
    return (
        f"Report {report.since} to {report.until} ({days_text(report.days)}), generated "
        f"{report.generated_at:%Y-%m-%d %H:%M}"
    )


def earlier_note(report: Report) -> str | None:
    """Says that the journal goes back before the period, and how to see it all."""
    if not report.earlier_entries:
        return None
    return (
        f"Entries go back to {report.first_entry}, before this period: "
        "medlog report --since start includes them."
    )


TIMELINE_HEADER = ("Item", "From", "To", "Dose", "Schedule")  # a hold: "on hold" and its reason


def timeline_rows(report: Report) -> list[list[str]]:
    """Each item's regimen versions, first and last day: start, titrations, tapers, stops."""
    rows = []
    for period in report.items:
        item = period.item
        name = item.name
        for number, version in enumerate(item.regimen):
            following = item.regimen[number + 1] if number + 1 < len(item.regimen) else None
            why = f" ({version.stop_reason})" if version.stop_reason else ""
            if version.until == version.start:
                to = f"stopped the same day{why}"
            elif version.until is not None:
                to = f"{version.until - timedelta(days=1)}, then stopped{why}"
            elif following is not None:
                to = str(following.start - timedelta(days=1))
            else:
                to = "ongoing"
            dose = dose_and_week(item, version) or "as logged"
            rows.append([name, str(version.start), to, dose, format_schedule(version.schedule)])
            name = ""
        for held in item.holds:
            why = f": {held.reason}" if held.reason else ""
            rows.append(
                [name, str(held.start), str(held.until), "on hold", f"nothing expected{why}"]
            )
            name = ""
    return rows


def hold_lines(report: Report) -> list[str]:
    """Each hold that covers a day of the period, with its reason: nothing was expected on
    its days, so none of them counts as missed."""
    return [
        f"{period.item.name}: on hold from {held.start} through {held.until}"
        + (f" ({held.reason})" if held.reason else "")
        + "; nothing was expected on those days."
        for period in report.items
        for held in period.item.holds
        if held.start <= report.until and held.until >= report.since
    ]


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


def current_regimen(item: Item, until: date) -> str:
    """An item's regimen on ``until`` in words: "Lexapro 20 mg daily 08:00 since 2026-10-26
    (day 34)", "... stopped from ..." or "... (not started yet)"."""
    versions = _versions_by(item, until)
    if not versions:
        first = item.regimen[0]
        return f"{item.name} {_regimen_text(item, first)} from {first.start} (not started yet)"
    current = versions[-1]
    if current.until is not None and current.until <= until:
        why = f"reason: {current.stop_reason}; " if current.stop_reason else ""
        return (
            f"{item.name} stopped from {current.until} ({why}was {_regimen_text(item, current)} "
            f"since {current.start})"
        )
    day = (until - current.start).days + 1
    return f"{item.name} {_regimen_text(item, current)} since {current.start} (day {day})"


def _versions_by(item: Item, until: date) -> list[RegimenVersion]:
    """The versions in force at some time by ``until`` (one ending where it starts never was)."""
    return [v for v in item.regimen if v.start <= until and v.until != v.start]


def _regimen_text(item: Item, version: RegimenVersion) -> str:
    return regimen_words(item, version)


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
            cells.append(f"{format_number(figures.total)}{mark}")
        rows.append(cells)
    return header, rows


FOOTER = (
    "These figures come from self-reported logs kept with medlog and are not medical "
    "advice. Documented ranges are shown with their sources; they are not a "
    "recommendation for this person."
)


HISTORY_HEADER = ("When", "Item", "Event", "Amount", "Note, reason or check-in", "Id")
MISSED_HEADER = ("Date", "Time", "Item", "Dose")
NOTHING_MISSED = "No scheduled dose was missed in this period."


def missed_cells(slot: MissedSlot) -> list[str]:
    """A missed slot as words: its date, its time ("any time" when untimed), item and dose."""
    return [
        slot.day.isoformat(),
        f"{slot.time:%H:%M}" if slot.time is not None else "any time",
        slot.item.name,
        amount_text(slot.item, slot.dose, shown_in_on(slot.item, slot.day))
        if slot.dose is not None
        else "",
    ]


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
    others: dict[tuple[str, str, str], list[str]] = {}  # one note, said once for its items
    for note in report.notes:
        said = (note.first.name, note.interaction.note, note.interaction.source)
        others.setdefault(said, []).append(note.second.name)
    lines += [
        f"{first} with {' and '.join(seconds)}: {text} [{notes[source]}]"
        for (first, text, source), seconds in others.items()
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
    amount = logged_dose(item, event) if item else format_dose(event.amount, unit, event.given)
    if event.type == "fill":
        what = "count" if event.counted else f"fill, {event.days_supply} days"
        amount = quantity_text(event, unit)
    elif event.type == "lab":
        what = f"lab: {test_name(event.test or '')}"
        amount = value_text(event.value or Decimal(0), event.unit or "")
    if entry.voided_by is not None:
        fate = "amended" if entry.amended_by is not None else "voided"
        what += f" ({fate} {entry.voided_by.at:%Y-%m-%d %H:%M})"
    elif event.type == "void" and entry.target is not None:
        what = f"{'amend' if entry.amended_by is not None else 'undo'} of {entry.target.id[:8]}"
    if entry.amended is not None:
        was = format_dose(entry.amended.amount, unit, entry.amended.given)
        what += f", amended from {was} ({entry.amended.id[:8]})"
    elif event.amends is not None:
        what += f", amended from {event.amends[:8]}"
    when = f"{event.at:%Y-%m-%d %H:%M}"
    if today is not None and event.day == today:
        when = f"today {event.at:%H:%M}"
    name = item.name if item else (event.item or "")
    said = [checkin_words(event.checkin), event.note or event.reason or event.text or ""]
    return [when, name, what, amount, "; ".join(part for part in said if part), event.id[:8]]
