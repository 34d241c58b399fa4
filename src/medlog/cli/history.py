"""The history command: every event in a period, as a table or a file."""

from enum import StrEnum
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, store_of, warn_torn
from medlog.cli.arguments import OnlyItem, Since, Until
from medlog.cli.output_file import OutputFile, emit, output_format, show

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
) -> None:
    """Every dose, skip and correction in a period, voided ones marked.

    Days are YYYY-MM-DD, today, yesterday or 'N days ago'.

    Example: medlog history --since 2026-11-01 --item lexapro -o november.csv
    """
    from medlog.actions.history import history as history_view

    moment = now()
    store = store_of(ctx)
    chosen = output_format(output, file, [f.value for f in HistoryFormat], "table")
    view = history_view(store, moment, since, until, item)
    warn_torn(view.torn)
    if chosen == "table":
        from medlog.render.history import print_history

        show(lambda console: print_history(view, moment.date(), console), file, store)
        return
    from medlog.export import listing

    writers = {"json": listing.history_json, "csv": listing.history_csv, "md": listing.history_md}
    emit(writers[chosen](view), file, store)
