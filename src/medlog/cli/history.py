"""The history command: every event in a period, as a table or a file."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from medlog.cli.app import COMMAND, now, store_of, warn_torn
from medlog.cli.arguments import OnlyItem, Since, Until
from medlog.cli.output_file import OutputFile, emit, output_format, show

if TYPE_CHECKING:
    from datetime import datetime

    from medlog.store import Store

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


class HistoryFormat(StrEnum):
    """Formats ``medlog history`` can write."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


@commands.command(rich_help_panel="Seeing where you stand", **COMMAND)
def history(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    item: OnlyItem = None,
    output: Annotated[
        HistoryFormat | None,
        typer.Option("--format", help="table, json, csv or md (default table, or from -o)."),
    ] = None,
    file: OutputFile = None,
    missed: Annotated[
        bool,
        typer.Option(
            "--missed", help="List each missed dose (date, time, item) instead of the events."
        ),
    ] = False,
) -> None:
    """Every dose, skip and correction in a period, voided ones marked.

    Days are YYYY-MM-DD, today, yesterday or 'N days ago'. --item may be
    repeated; --missed lists the scheduled doses nothing answered, as the report
    counts them.

    Example: medlog history --since 2026-11-01 --item lexapro -o november.csv

    Example: medlog history --missed --item lexapro --item magnesium
    """
    from medlog.actions.history import history as history_view

    moment = now()
    store = store_of(ctx)
    chosen = output_format(output, file, [f.value for f in HistoryFormat], "table")
    if missed:
        _missed(store, moment, since, until, item, chosen, file)
        return
    view = history_view(store, moment, since, until, item)
    warn_torn(view.torn)
    if chosen == "table":
        from medlog.render.history import print_history

        show(lambda console: print_history(view, moment.date(), console), file, store)
        return
    from medlog.export import listing

    writers = {"json": listing.history_json, "csv": listing.history_csv, "md": listing.history_md}
    emit(writers[chosen](view), file, store)


def _missed(
    store: "Store",
    moment: "datetime",
    since: str | None,
    until: str | None,
    items: list[str] | None,
    chosen: str,
    file: str | None,
) -> None:
    """history --missed: the missed slots, as a table or a file."""
    from medlog.actions.history import missed

    view = missed(store, moment, since, until, items)
    warn_torn(view.torn)
    if chosen == "table":
        from medlog.render.history import print_missed

        show(lambda console: print_missed(view, console), file, store)
        return
    from medlog.export import listing

    writers = {"json": listing.missed_json, "csv": listing.missed_csv, "md": listing.missed_md}
    emit(writers[chosen](view), file, store)
