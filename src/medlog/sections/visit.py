"""The visit at a glance, as plain lines: what the summary's first page says before any table.

Each item's regimen now with every change in the period ("10 mg → 20 mg on 11-20"), its
adherence in one line with the missed doses named, and the latest result of each lab test.
A clinician reads these to answer "is it helping, and is it being taken?"; the tables that
prove each figure follow on later pages.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from medlog.actions.report import Report, missed_slots
from medlog.adherence import ItemPeriod
from medlog.allergies import NONE_RECORDED, allergy_words
from medlog.card import ALLERGIES_TITLE
from medlog.labs import value_text
from medlog.regimen import regimen_changes
from medlog.sections.substances import totalled
from medlog.summary import adherence_cell, current_regimen, out_of_range_lines

LIMITS_TITLE = "Outside ranges and limits"
MISSED_SHOWN = 6  # missed doses named one by one; more are counted


def short_day(day: date, since: date) -> str:
    """A day as "11-20", with its year only when the period spans more than one year."""
    return f"{day:%m-%d}" if day.year == since.year else day.isoformat()


def regimen_lines(report: Report) -> list[str]:
    """Each item's regimen now, then each change in the period after its first day (the
    regimen in force then is where the period starts): "Lexapro 20 mg daily 08:00 since
    2026-11-20 (day 16); changes: 10 mg → 20 mg on 11-20"."""
    lines = []
    for period in report.items:
        now = current_regimen(period.item, report.until)
        changes = [
            f"{change.change} on {short_day(change.on, report.since)}"
            for change in regimen_changes(period.item)
            if report.since < change.on <= report.until
        ]
        lines.append(f"{now}; changes: {', '.join(changes)}" if changes else now)
    return lines


def adherence_lines(report: Report) -> list[str]:
    """One line per item: scheduled doses taken, days covered and the missed doses by day and
    time; as-needed items say how many doses were taken."""
    lines = []
    for period in report.items:
        if period.as_needed is not None and not period.expected_doses:
            count = period.as_needed.doses
            lines.append(f"{period.item.name}: as needed, {count} dose(s) in the period")
            continue
        lines.append(f"{period.item.name}: {_adherence(period, report.since)}")
    return lines


def _adherence(period: ItemPeriod, since: date) -> str:
    covered = f"{period.days_covered} of {period.days_expected} days covered"
    text = f"{adherence_cell(period)} of doses taken, {covered}"
    missed = [(slot.day, slot.time) for slot in missed_slots([period])]
    skipped = [
        (figures.day, slot.time)
        for figures in period.days
        for slot in figures.slots
        if slot.state == "skipped"
    ]
    text += f"; missed {_slots(missed, since)}" if missed else "; none missed"
    return text + (f"; skipped {_slots(skipped, since)}" if skipped else "")


def _slots(found: list[tuple[date, time | None]], since: date) -> str:
    """Slots by day and time, the first few named and the rest counted."""
    named = [
        short_day(day, since) + (f" {at:%H:%M}" if at is not None else "")
        for day, at in found[:MISSED_SHOWN]
    ]
    more = f" and {len(found) - MISSED_SHOWN} more" if len(found) > MISSED_SHOWN else ""
    return ", ".join(named) + more


def limit_lines(report: Report) -> list[str]:
    """What went past a documented range or limit, for page one: the days and doses outside
    an item's range, an as-needed item's doses too soon or too many, and a substance above
    its limit across items. Nothing when nothing did: the tables later say the rest."""
    lines = out_of_range_lines(report)
    for period in report.items:
        need = period.as_needed
        if need is None:
            continue
        parts = [
            f"{count} {words}"
            for count, words in (
                (need.too_soon, "dose(s) sooner than the minimum interval"),
                (need.days_over_max, "day(s) with more doses than the most allowed"),
                (need.doses_over_dose_max, "dose(s) above the most in one dose"),
            )
            if count
        ]
        if parts:
            lines.append(f"{period.item.name}: {', '.join(parts)}")
    lines += [
        f"{name} across {', '.join(item.name for item in held)}: above "
        f"{bound.removeprefix('up to ')} on {figures.days_above_limit} day(s)"
        for name, held, bound, figures in totalled(report)
        if figures.days_above_limit  # information days (a supervised item) are never over
    ]
    return lines


def lab_lines(report: Report) -> list[str]:
    """The latest result of each lab test, with the one before it: "INR 3.1 on 11-20 (before:
    2.4 on 11-13)"."""
    lines = []
    for series in report.labs:
        said = [
            f"{value_text(event.value or Decimal(0), series.unit)} on "
            f"{short_day(event.day, report.since)}"
            for event in series.results[-2:]
        ]
        if said:
            before = f" (before: {said[0]})" if len(said) == 2 else ""
            lines.append(f"{series.name} {said[-1]}{before}")
    return lines


def score_lines(report: Report) -> list[str]:
    """Each questionnaire's trend in one line, from its baseline before the period when there
    is one: "PHQ-9 (0-27): 11 moderate on 10-31 (before this period) → 9 mild on 11-14 → 6
    mild on 11-25", then that each total is a screening score."""
    from medlog.questionnaires import QUESTIONNAIRES, SCREENING

    how = report.checkins
    lines = []
    for key, scores, baseline in (
        ("phq9", how.phq9, how.phq9_before),
        ("gad7", how.gad7, how.gad7_before),
    ):
        said = [f"{s.total} {s.band} on {short_day(s.date, report.since)}" for s in scores]
        if baseline is not None:
            said.insert(
                0,
                f"{baseline.total} {baseline.band} on {short_day(baseline.date, report.since)} "
                "(before this period)",
            )
        if said:
            questionnaire = QUESTIONNAIRES[key]  # type: ignore[index]
            lines.append(f"{questionnaire.title} (0-{questionnaire.max_total}): {' → '.join(said)}")
    return [*lines, f"Each total is {SCREENING}."] if lines else []


def measure_lines(report: Report) -> list[str]:
    """Each check-in measure's mean, range and last entry in one line: "Mood (0-10, 10 best):
    mean 5.81 over 27 entries (4 to 8), last 7"."""
    from medlog.sections.checkins import measure_rows

    return [
        f"{heading}: {last} (one entry)"
        if n == "1"
        else f"{heading}: mean {mean} over {n} entries ({lowest} to {highest}), last {last}"
        for heading, n, mean, lowest, highest, last in measure_rows(report)
    ]


CARD_LINE = "The current medication list to carry, on one page: medlog card -o card.html"


def allergies_recorded(report: Report) -> list[str]:
    """Each allergy recorded, or plainly that none are; nothing for a report without items
    (there is no visit to prepare)."""
    if not report.items:
        return []
    return [allergy_words(held) for held in report.allergies] or [f"{NONE_RECORDED}."]


def allergy_lines(report: Report) -> list[str]:
    """The allergies recorded (or that none are), then where the medication card is."""
    recorded = allergies_recorded(report)
    return [*recorded, CARD_LINE] if recorded else []


def page_one(report: Report) -> list[tuple[str, list[str]]]:
    """The first page as titled lists of lines, for the formats without a page of their own
    (terminal, Markdown, message, demo): the same facts and order as the HTML's first page,
    sections with nothing to say left out."""
    from medlog.sections import checkins

    sections = [
        ("Questions for the visit", checkins.question_lines(report)),
        ("Regimen and changes", regimen_lines(report)),
        ("Adherence", adherence_lines(report)),
        (LIMITS_TITLE, limit_lines(report)),
        ("How you've been", [*checkins.questionnaire_lines(report), *measure_lines(report)]),
        ("Side effects", checkins.side_effect_lines(report)),
        ("Latest lab results", lab_lines(report)),
        (ALLERGIES_TITLE, allergy_lines(report)),
    ]
    return [(title, lines) for title, lines in sections if lines]
