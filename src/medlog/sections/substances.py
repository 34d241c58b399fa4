"""The report's section on substances totalled across items, as plain cells: a row per
substance whose total says more than its item's own row (two or more items, or a limit that
is not an item's range), against its documented limit, with its source's number.

Shared by the terminal (render/report.py) and the files (export/report.py,
export/html.py), so they can never disagree about a figure.
"""

from __future__ import annotations

from typing import NamedTuple

from medlog.actions.report import Report, SubstanceFigures
from medlog.ingredients import in_24_hours
from medlog.model import Item
from medlog.ranges import range_words
from medlog.summary import report_footnotes
from medlog.units import format_amount

SUBSTANCE_HEADER = ("Substance", "From", "Limit", "Days", "Days over", "Most a day")
SUBSTANCE_NOTE = (
    "Each substance is totalled across every item that holds it (a multivitamin's magnesium "
    "with magnesium glycinate's) against its documented limit, with its source."
)


class Totalled(NamedTuple):
    """A substance totalled across items whose figures say more than the items' own rows: its
    name ("Supplemental magnesium"), the items that held it, its limit in words, the figures."""

    name: str
    held: tuple[Item, ...]
    bound: str
    figures: SubstanceFigures


def totalled(report: Report) -> list[Totalled]:
    """Each substance totalled across items, when that says more than the items' own rows:
    two or more items, or a limit that is not an item's range."""
    items = {period.item.key: period.item for period in report.items}
    found = []
    for figures in report.ingredients:
        limit = figures.limit
        held = tuple(items[key] for key in figures.items if key in items)
        if len(held) == 1 and (
            (held[0].range == limit.range and held[0].unit == limit.unit)
            or (held[0].cap is not None and held[0].cap.source == limit.range.source)
        ):
            continue  # the item's own row already says it
        bound = range_words(limit.range, limit.unit, hours=in_24_hours(limit))
        name = limit.scope[:1].upper() + limit.scope[1:] if limit.scope else limit.name
        found.append(Totalled(name, held, bound, figures))
    return found


def substance_rows(report: Report) -> list[tuple[bool, list[str]]]:
    """(above on some day, cells) for each substance ``totalled`` across items."""
    notes = report_footnotes(report)
    rows = []
    for name, held, bound, figures in totalled(report):
        rows.append(
            (
                figures.days_above_limit > 0,
                [
                    name,
                    ", ".join(item.name for item in held),
                    f"{bound} [{notes[figures.limit.range.source]}]",
                    str(figures.days_with_intake),
                    str(figures.days_above_limit)
                    + (
                        f" ({figures.days_as_information} as information)"
                        if figures.days_as_information
                        else ""
                    ),
                    format_amount(figures.max_day_total, figures.limit.unit),
                ],
            )
        )
    return rows
