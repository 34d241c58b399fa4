"""Commands about supply: fill (a fill, or a count of what is on hand) and supply."""

from enum import StrEnum
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn_torn
from medlog.cli.arguments import complete_items
from medlog.cli.fast import fill_one

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


@commands.command(
    context_settings={"ignore_unknown_options": True}, rich_help_panel="Supply", **COMMAND
)  # so that "fill lexapro -5 tablets" is told the quantity is negative, not "no such option"
def fill(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME [QUANTITY]",
            help="The item, then the quantity dispensed in its form or unit: 30 tablets, "
            "60 capsules, 250 g, 80 drops, '1 bottle' (with --size).",
            show_default=False,
            autocompletion=complete_items,
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option("--on", help="The day it was filled: 2026-11-20, yesterday (default today)."),
    ] = None,
    days: Annotated[
        str | None,
        typer.Option(
            "--days",
            help="The days' supply on the label. Without it, the quantity over the "
            "regimen's daily amount that day, rounded down (an as-needed item needs it).",
        ),
    ] = None,
    count: Annotated[
        str | None,
        typer.Option(
            "--count",
            metavar="QUANTITY",
            help="Record what is on hand now instead of a fill, e.g. '12 tablets' "
            "(a first count, or pills lost or spilled).",
        ),
    ] = None,
    strength: Annotated[
        str | None,
        typer.Option(
            help="The amount in one tablet (or capsule) of this fill, when not the regimen's "
            "that day, e.g. 20mg: the fill converts with it.",
        ),
    ] = None,
    size: Annotated[
        str | None,
        typer.Option(
            help="What one bottle holds, for a quantity in bottles: fill latanoprost "
            "'1 bottle' --size '2.5 mL' (or '80 drops').",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the fill.")] = None,
) -> None:
    """Log a fill from the pharmacy (or, with --count, what is on hand now).

    Prints what was logged and how long the supply now lasts at the current
    regimen. Fills also give the report its PDC (proportion of days covered).

    Example: medlog fill lexapro 30 tablets --days 30
    """
    moment = now()
    fill_one(
        store_of(ctx),
        moment,
        words,
        on_text=on,
        days_text=days,
        note=note,
        count_text=count,
        strength_text=strength,
        size_text=size,
    )


class SupplyFormat(StrEnum):
    table = "table"
    json = "json"


@commands.command(rich_help_panel="Supply", **COMMAND)
def supply(
    ctx: typer.Context,
    format_: Annotated[
        SupplyFormat, typer.Option("--format", help="table for people, json for tools.")
    ] = SupplyFormat.table,
) -> None:
    """Show what is on hand, the daily use, days left and when each item runs out.

    On hand counts from your first fill or count: fills add, each dose logged
    takes off, and a count (medlog fill NAME --count) resets it.

    Example: medlog supply
    """
    from medlog.actions.supply import supply as stock

    moment = now()
    stocks, torn = stock(store_of(ctx), moment)
    warn_torn(torn)
    if format_ is SupplyFormat.json:
        from medlog.export.listing import supply_json

        out(supply_json(stocks, moment))
    else:
        from medlog.render.console import make_console
        from medlog.render.supply import print_supply

        print_supply(stocks, make_console())
