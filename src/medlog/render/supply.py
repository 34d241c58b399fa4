"""Supply in words and as the ``supply`` table: on hand, daily use, days left, run-out
day, and the refill reminders ``today`` and ``due`` show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from medlog.units import format_amount, format_number

if TYPE_CHECKING:
    from rich.console import Console

    from medlog.actions.supply import Stock
    from medlog.supply import Outlook


def stock_text(seen: Outlook) -> str:
    """On hand in what it is counted in: "42 tablets" (or "250 mg"); "unknown" before any fill."""
    from medlog.supply import in_count

    if seen.on_hand is None:
        return "unknown"
    return format_amount(in_count(seen.item, seen.on_hand), seen.item.counted_in)


def daily_text(seen: Outlook, daily: Fraction | None = None) -> str:
    """The regimen's use (or ``daily``): "1 tablet a day" (or "10 mg a day"); a dose by
    weekday a week, "6 tablets a week"; a sparse one per dose, "1 capsule weekly sat"."""
    from medlog.supply import use_words

    use = seen.daily_use if daily is None else daily
    if use is None:
        return "no regular daily use"
    return use_words(seen.item, use)


def left_text(seen: Outlook) -> str:
    """What the supply lasts: "11.5 days", or for a sparse regimen "2 doses"."""
    if seen.sparse and seen.doses_left is not None:
        return f"{seen.doses_left:,} dose" + ("" if seen.doses_left == 1 else "s")
    if seen.days_left is None:
        return ""
    days = format_number(seen.days_left)
    return f"{days} day" + ("" if days == "1" else "s")


def lasts_text(seen: Outlook) -> str:
    """ ", about 11.5 days at 1 tablet a day; runs out 2026-12-09"; for a sparse regimen the
    doses and the dates that matter: ", 2 doses at 1 capsule weekly sat, the last on
    2026-12-12; refill by 2026-12-19" (nothing when unknown)."""
    if seen.beyond:
        return f", more than medlog's calendar holds at {daily_text(seen)}"
    if seen.days_left is None or seen.runs_out is None:
        return ""
    if seen.sparse:
        last = f", the last on {seen.last_dose}" if seen.last_dose is not None else ""
        return f", {left_text(seen)} at {daily_text(seen)}{last}; refill by {seen.refill_by}"
    return f", about {left_text(seen)} at {daily_text(seen)}; runs out {seen.runs_out}"


def low_supply_lines(low: Iterable[Outlook], warning_days: int) -> list[str]:
    """The refill reminders ``today`` and ``due`` show, one per item running low."""
    return [
        f"{low_supply_text(seen)} Refill soon (medlog warns at {warning_days} days or less)."
        if seen.on_hand is not None and seen.on_hand > 0
        else f"{low_supply_text(seen)} Refill, or record what you have: medlog fill "
        f'{seen.item.key} --count "N {seen.item.counted_in}s".'
        for seen in low
    ]


def low_supply_text(seen: Outlook) -> str:
    """What is left of an item running low, in one sentence (a refill reminder's first)."""
    if seen.on_hand is not None and seen.on_hand > 0:
        return f"{seen.item.name} runs low: {stock_text(seen)} left{lasts_text(seen)}."
    return f"{seen.item.name}: none left by your log ({stock_text(seen)})."


def print_supply(stocks: Sequence[Stock], console: Console) -> None:
    """On hand, use, what it lasts, run-out and refill-by days and latest fill, one row per
    item, the soonest to run out first."""
    from medlog.render.tables import Col, print_prose, print_table, styled
    from medlog.supply import quantity_text

    if not stocks:
        print_prose(console, "No item is in force today or has a fill logged.")
        return
    rows = []
    for stock in sorted(stocks, key=_soonest):
        seen, last = stock.outlook, stock.last_fill
        rows.append(
            [
                styled(seen.item.name),
                styled(stock_text(seen)),
                styled(daily_text(seen) if seen.daily_use is not None else "as needed or none"),
                styled(left_text(seen)),
                styled("" if seen.runs_out is None else str(seen.runs_out)),
                styled("" if seen.refill_by is None else str(seen.refill_by)),
                styled(
                    "none logged"
                    if last is None
                    else f"{last.day}, {quantity_text(last, seen.item.unit)}, "
                    f"{last.days_supply:,} days"
                ),
            ]
        )
    columns = (
        Col("Item"),
        Col("On hand"),
        Col("Use", drop=2),
        Col("Lasts", right=True),
        Col("Runs out", drop=3),
        Col("Refill by"),
        Col("Last fill", drop=1),
    )
    print_table(console, columns, rows)
    print_prose(
        console,
        "On hand counts from your first fill or count: fills add, doses logged take off, a "
        'count resets it. Record a count when it drifts: medlog fill NAME --count "12 '
        'tablets". Refill by: the first dose your supply does not cover.',
        "dim",
    )


def _soonest(stock: Stock) -> tuple[bool, date]:
    """Sorts by run-out day, items without one last (in the regimen's order: sorted is
    stable)."""
    runs_out = stock.outlook.runs_out
    return runs_out is None, runs_out or date.max
