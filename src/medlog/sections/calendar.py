"""The report's calendar: one mark a day for each item, a row per month, as plain text
shared by the terminal, Markdown and HTML (whose SVG marks read the same ``DayMark``)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from medlog.actions.report import Report
from medlog.adherence import DayMark, day_mark

CALENDAR_MONTHS = 12  # a longer period shows its last twelve months


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
    "held": "h",
    "late": "l",
    "early": "e",
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
    "held": "on hold",
    "late": "taken late",
    "early": "taken early",
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
