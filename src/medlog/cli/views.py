"""Commands that show: today, due, history, check, demo."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, home_option, now, out, store_of, warn, warn_torn
from medlog.cli.arguments import complete_item_option
from medlog.cli.output_file import OutputFile, emit, output_format, show
from medlog.errors import ExitCode

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


@commands.command(rich_help_panel="Seeing where you stand", **COMMAND)
def today(ctx: typer.Context) -> None:
    """Today's checklist (taken, skipped, due, overdue) and day totals.

    Example: medlog today
    """
    from medlog.actions.doses import over_text
    from medlog.actions.today import today as today_view
    from medlog.render.console import make_console
    from medlog.render.today import print_today

    view = today_view(store_of(ctx), now())
    warn_torn(view.torn)
    print_today(view, make_console())
    for total in view.over:
        warn(over_text(total, view.day))


@commands.command(rich_help_panel="Seeing where you stand", **COMMAND)
def due(
    ctx: typer.Context,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code tells.")
    ] = False,
) -> int:
    """List overdue and upcoming doses; exit 1 when one is overdue.

    For shell prompts and cron: exit 0 means nothing is overdue.

    Example: medlog due --quiet || echo "a dose is overdue"
    """
    from medlog.actions.today import today as today_view
    from medlog.render.today import due_text

    view = today_view(store_of(ctx), now())
    if not quiet:
        warn_torn(view.torn)
        text = due_text(view)
        if text:
            out(text)
        else:
            sys.stderr.write("Nothing is due or overdue today.\n")
    return ExitCode.CHECK_FAILED if view.overdue() else ExitCode.OK


class HistoryFormat(StrEnum):
    """Formats ``medlog history`` can write."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


Since = Annotated[str | None, typer.Option(help="First day (default 30 days ago).")]
Until = Annotated[str | None, typer.Option(help="Last day (default today).")]
OnlyItem = Annotated[
    str | None, typer.Option(help="Only this item.", autocompletion=complete_item_option)
]


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


class ReportFormat(StrEnum):
    """Formats ``medlog report`` can write."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"


@commands.command(rich_help_panel="Seeing where you stand", **COMMAND)
def report(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    days: Annotated[
        int | None, typer.Option(help="The N days ending today (instead of --since/--until).")
    ] = None,
    item: OnlyItem = None,
    output: Annotated[
        ReportFormat | None,
        typer.Option("--format", help="table, json, csv, md or html (default table, or from -o)."),
    ] = None,
    file: OutputFile = None,
    title: Annotated[
        str | None, typer.Option(help="A heading for md and html, e.g. the person's name.")
    ] = None,
    no_notes: Annotated[
        bool,
        typer.Option("--no-notes", help="Leave dose notes and skip reasons out of md and html."),
    ] = False,
    pdc_since: Annotated[
        str | None,
        typer.Option(
            "--pdc-since",
            help="Start of the PDC window (default: 365 days ending on the report's last day).",
        ),
    ] = None,
    every_group: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Show PDC for every group in table, md and html, not only groups with a "
            "prescription (rx) item (json always has every group).",
        ),
    ] = False,
) -> None:
    """Adherence and documented-range figures per item, with a calendar.

    Adherence is doses taken as scheduled over doses expected, judged against
    the regimen in force each day; under 80 % is flagged. Days vs range count
    the days whose total fell inside, below or above the documented range.
    With fills logged (medlog fill), PDC, the proportion of days covered, stands
    beside adherence for groups with a prescription item (--all: every group);
    it is the Pharmacy Quality Alliance's figure only for the classes its
    measures cover, else adapted from it. --format html (or -o visit.html) writes
    a self-contained summary for a clinician, readable on screen and in print.

    Example: medlog report --days 90 --title "A. Patient" -o visit.html

    Example: medlog report --all
    """
    from medlog.actions.report import report as build_report
    from medlog.names import MAX_NAME, clean_text

    store = store_of(ctx)
    chosen = output_format(output, file, [f.value for f in ReportFormat], "table")
    heading = clean_text(title, "The title", MAX_NAME) if title is not None else None
    from medlog.journal import no_cycles

    with no_cycles():
        view = build_report(store, now(), since, until, days, item, pdc_since)
    warn_torn(view.torn)
    if chosen == "table":
        from medlog.render.report import print_report

        show(lambda console: print_report(view, console, every_group=every_group), file, store)
        return
    if chosen == "html":
        from medlog.export.html import report_html

        emit(report_html(view, heading, notes=not no_notes, every_group=every_group), file, store)
        return
    from medlog.export import report as report_files

    if chosen == "md":
        emit(
            report_files.report_md(view, heading, notes=not no_notes, every_group=every_group),
            file,
            store,
        )
        return
    writers = {"json": report_files.report_json, "csv": report_files.report_csv}
    emit(writers[chosen](view), file, store)


@commands.command(rich_help_panel="Store", **COMMAND)
def check(ctx: typer.Context) -> int:
    """Check the store: silent when sound, else each problem and exit 1.

    Example: medlog check && echo "store is sound"
    """
    from medlog.actions.check import check as check_store

    problems = check_store(store_of(ctx))
    for problem in problems:
        out(f"{problem}\n")
    return ExitCode.CHECK_FAILED if problems else ExitCode.OK


@commands.command(rich_help_panel="Store", **COMMAND)
def demo(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            metavar="DIR",
            help="Build the demo store in DIR (new or empty); default a new temporary directory.",
        ),
    ] = None,
) -> None:
    """Build a sample month in a new store and show its reports.

    Never touches your real store: it writes only to a new or empty directory.

    Example: medlog demo --home /tmp/medlog-demo
    """
    from medlog.actions.demo import demo as build_demo
    from medlog.paths import expand
    from medlog.render.console import make_console
    from medlog.render.history import print_history
    from medlog.render.report import print_report
    from medlog.render.today import print_today

    chosen = home if home is not None else home_option(ctx)
    moment = now()
    result = build_demo(expand(chosen) if chosen is not None else None, moment)
    console = make_console()
    print_today(result.today, console)
    console.print()
    print_history(result.history, moment.date(), console)
    console.print()
    print_report(result.report, console)
    typer.echo(
        f"\nDemo store: {result.home}\nTry: medlog --home {result.home} today\n"
        f"     medlog --home {result.home} report -o visit.html",
        err=True,
    )
