"""Supply in words and as the ``supply`` table: on hand, daily use, days left, run-out
day, and the refill reminders ``today`` and ``due`` show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from medlog.render.tables import Col, print_table, styled
from medlog.units import format_amount, format_decimal

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
    """The regimen's daily use (or ``daily``): "1 tablet a day" (or "10 mg a day")."""
    from medlog.supply import in_count

    use = seen.daily_use if daily is None else daily
    if use is None:
        return "no regular daily use"
    return f"{format_amount(in_count(seen.item, use), seen.item.counted_in)} a day"


def lasts_text(seen: Outlook) -> str:
    """ ", about 11.5 days at 1 tablet a day; runs out 2026-12-09" (nothing when unknown)."""
    if seen.days_left is None or seen.runs_out is None:
        return ""
    days = format_decimal(seen.days_left)
    plural = "" if days == "1" else "s"
    return f", about {days} day{plural} at {daily_text(seen)}; runs out {seen.runs_out}"


def low_supply_lines(low: Iterable[Outlook], warning_days: int) -> list[str]:
    """The refill reminders ``today`` and ``due`` show, one per item running low."""
    return [
        f"{seen.item.name} runs low: {stock_text(seen)} left{lasts_text(seen)}. "
        f"Refill soon (medlog warns at {warning_days} days or less)."
        if seen.on_hand is not None and seen.on_hand > 0
        else f"{seen.item.name}: none left by your log ({stock_text(seen)}). Refill, or record "
        f'what you have: medlog fill {seen.item.key} --count "N {seen.item.counted_in}s".'
        for seen in low
    ]


def print_supply(stocks: Sequence[Stock], console: Console) -> None:
    """On hand, daily use, days left, run-out day and latest fill, one row per item."""
    from medlog.supply import quantity_text

    if not stocks:
        console.print(styled("No item is in force today or has a fill logged."))
        return
    rows = []
    for stock in stocks:
        seen, last = stock.outlook, stock.last_fill
        rows.append(
            [
                styled(seen.item.name),
                styled(stock_text(seen)),
                styled(daily_text(seen) if seen.daily_use is not None else "as needed or none"),
                styled("" if seen.days_left is None else format_decimal(seen.days_left)),
                styled("" if seen.runs_out is None else str(seen.runs_out)),
                styled(
                    "none logged"
                    if last is None
                    else f"{last.day}, {quantity_text(last, seen.item.unit)}, "
                    f"{last.days_supply} days"
                ),
            ]
        )
    columns = (
        Col("Item"),
        Col("On hand"),
        Col("Daily use", drop=2),
        Col("Days left", right=True),
        Col("Runs out"),
        Col("Last fill", drop=1),
    )
    print_table(console, columns, rows)
    console.print(
        styled(
            "On hand counts from your first fill or count: fills add, doses logged take off, a "
            'count resets it. Record a count when it drifts: medlog fill NAME --count "12 '
            'tablets".',
            "dim",
        )
    )
