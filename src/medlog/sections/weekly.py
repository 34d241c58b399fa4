"""The report's weekly totals for items whose dose varies by weekday (warfarin 5 mg mon-fri,
2.5 mg sat,sun): each week of the period, Monday to Sunday, what the regimen asked for and
what was logged, as an anticoagulation clinic reads a weekly dose.

Shared by the terminal (render/report.py) and the files (export/report.py, export/html.py),
so they can never disagree about a figure. Pure code.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from medlog.actions.report import Report
from medlog.adherence import ItemPeriod
from medlog.amounts_text import amount_text
from medlog.schedule import day_amount

WEEKLY_HEADER = ("Item", "Week", "Days", "Prescribed", "Logged")
WEEKLY_NOTE = (
    "Weeks run Monday to Sunday; a week cut by the period's edges counts only its days in the "
    "period. Prescribed: each day's own dose at each of its slots, by the regimen in force "
    "that day."
)


class Week(NamedTuple):
    """One week of an item: its days in the period, and what was asked for and logged."""

    monday: date
    first: date
    last: date
    prescribed: Decimal
    logged: Decimal

    @property
    def days(self) -> int:
        """The week's days inside the period (7 unless the period cuts it)."""
        return (self.last - self.first).days + 1


def varies_by_weekday(period: ItemPeriod) -> bool:
    """True when a regimen version in force in the period has a dose by weekday."""
    if not period.days:
        return False
    first, last = period.days[0].day, period.days[-1].day
    regimen = period.item.regimen
    for number, version in enumerate(regimen):
        following = regimen[number + 1].start if number + 1 < len(regimen) else None
        ends = min(day for day in (version.until, following, last + timedelta(days=1)) if day)
        if version.by_weekday and version.start <= last and ends > max(version.start, first):
            return True
    return False


def weeks(period: ItemPeriod) -> list[Week]:
    """Each week of the period (Monday first) with the amounts the regimen asked for and the
    doses logged, in the item's unit, exactly; the days before the item began (and nothing
    logged) are left out."""
    item = period.item
    found: dict[date, list[tuple[date, Fraction, Decimal]]] = {}
    for figures in period.days:
        version = item.version_on(figures.day)
        if version is None and not figures.total and figures.day < item.regimen[0].start:
            continue  # before the item began: not a week of 0 mg asked for
        asked = day_amount(version, figures.day) if version is not None else Fraction(0)
        monday = figures.day - timedelta(days=figures.day.weekday())
        found.setdefault(monday, []).append((figures.day, asked, figures.total))
    result = []
    for monday, days in found.items():
        asked = sum((amount for _, amount, _ in days), Fraction(0))
        result.append(
            Week(
                monday,
                days[0][0],
                days[-1][0],
                Decimal(asked.numerator) / Decimal(asked.denominator),
                sum((total for _, _, total in days), Decimal(0)),
            )
        )
    return result


def weekly_rows(report: Report) -> list[list[str]]:
    """A row per week for each item whose dose varies by weekday."""
    rows = []
    for period in report.items:
        if not varies_by_weekday(period):
            continue
        name = period.item.name
        for week in weeks(period):
            rows.append(
                [
                    name,
                    f"{week.first:%a %Y-%m-%d}"
                    if week.days == 1
                    else f"{week.first:%a %Y-%m-%d} to {week.last:%a %Y-%m-%d}",
                    str(week.days),
                    amount_text(period.item, week.prescribed),
                    amount_text(period.item, week.logged),
                ]
            )
            name = ""
    return rows


def weekly_document(period: ItemPeriod) -> list[dict[str, object]] | None:
    """The report JSON's ``weekly_totals`` for an item whose dose varies by weekday (None for
    any other): each week's ``week_of`` (its Monday), ``since``, ``until``, ``prescribed``
    and ``logged`` in the item's unit."""
    if not varies_by_weekday(period):
        return None
    return [
        {
            "week_of": week.monday,
            "since": week.first,
            "until": week.last,
            "prescribed": week.prescribed,
            "logged": week.logged,
        }
        for week in weeks(period)
    ]
