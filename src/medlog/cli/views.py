"""Commands that show: today, due, history, check, demo."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from medlog.cli.app import app, home_option, now, out, store_of, warn_torn
from medlog.errors import ExitCode


class HistoryFormat(StrEnum):
    """Formats ``medlog history`` can print."""

    table = "table"
    json = "json"
    csv = "csv"


@app.command(rich_help_panel="Seeing where you stand")
def today(ctx: typer.Context) -> None:
    """Today's checklist: taken, skipped, due or overdue, and day totals against the range.

    Example: medlog today
    """
    from medlog.actions.today import today as today_view
    from medlog.render import make_console, print_today

    view = today_view(store_of(ctx), now())
    warn_torn(view.torn)
    print_today(view, make_console())


@app.command(rich_help_panel="Seeing where you stand")
def due(
    ctx: typer.Context,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code tells.")
    ] = False,
) -> int:
    """List overdue and upcoming doses for today; exit 1 when one is overdue.

    For shell prompts and cron: exit 0 means nothing is overdue.

    Example: medlog due --quiet || echo "a dose is overdue"
    """
    from medlog.actions.today import today as today_view
    from medlog.units import format_amount

    view = today_view(store_of(ctx), now())
    overdue = view.overdue()
    if not quiet:
        warn_torn(view.torn)
        for state, rows in (("overdue", overdue), ("due", view.upcoming())):
            for line, slot in rows:
                clock = f"{slot.time:%H:%M}" if slot.time else "today"
                dose = line.version.dose if line.version else None
                amount = f" {format_amount(dose, line.item.unit)}" if dose is not None else ""
                out(f"{state:<8} {clock}  {line.item.name}{amount}\n")
    return ExitCode.CHECK_FAILED if overdue else ExitCode.OK


@app.command(rich_help_panel="Seeing where you stand")
def history(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="First day (default 30 days ago).")] = None,
    until: Annotated[str | None, typer.Option(help="Last day (default today).")] = None,
    item: Annotated[str | None, typer.Option(help="Only this item.")] = None,
    output: Annotated[
        HistoryFormat, typer.Option("--format", help="table, json or csv.")
    ] = HistoryFormat.table,
) -> None:
    """Every dose, skip and correction in a period, voided ones marked.

    Days are YYYY-MM-DD, today, yesterday or 'N days ago'.

    Example: medlog history --since 2026-11-01 --item lexapro --format csv
    """
    from medlog.actions.history import history as history_view

    moment = now()
    view = history_view(store_of(ctx), moment, since, until, item)
    warn_torn(view.torn)
    if output is HistoryFormat.json:
        from medlog.export import history_json

        out(history_json(view))
    elif output is HistoryFormat.csv:
        from medlog.export import history_csv

        out(history_csv(view))
    else:
        from medlog.render import make_console, print_history

        print_history(view, moment.date(), make_console())


class ReportFormat(StrEnum):
    """Formats ``medlog report`` can print."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


@app.command(rich_help_panel="Seeing where you stand")
def report(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="First day (default 30 days ago).")] = None,
    until: Annotated[str | None, typer.Option(help="Last day (default today).")] = None,
    days: Annotated[
        int | None, typer.Option(help="The N days ending today (instead of --since/--until).")
    ] = None,
    item: Annotated[str | None, typer.Option(help="Only this item.")] = None,
    output: Annotated[
        ReportFormat, typer.Option("--format", help="table, json, csv or md.")
    ] = ReportFormat.table,
) -> None:
    """Adherence and documented-range figures per item, with a calendar strip.

    Adherence is doses taken as scheduled over doses expected, judged against
    the regimen in force each day; under 80 % is flagged. Days vs range count
    the days whose total fell inside, below or above the documented range.

    Example: medlog report --days 90 --format json
    """
    from medlog.actions.report import report as build_report

    view = build_report(store_of(ctx), now(), since, until, days, item)
    warn_torn(view.torn)
    if output is ReportFormat.table:
        from medlog.render import make_console, print_report

        print_report(view, make_console())
        return
    from medlog import export

    writers = {
        ReportFormat.json: export.report_json,
        ReportFormat.csv: export.report_csv,
        ReportFormat.md: export.report_md,
    }
    out(writers[output](view))


@app.command(rich_help_panel="Store")
def check(ctx: typer.Context) -> int:
    """Check the store; silent with exit 0 when sound, else list each problem and exit 1.

    Example: medlog check && echo "store is sound"
    """
    from medlog.actions.check import check as check_store

    problems = check_store(store_of(ctx))
    for problem in problems:
        out(f"{problem}\n")
    return ExitCode.CHECK_FAILED if problems else ExitCode.OK


@app.command(rich_help_panel="Store")
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
    """Build a sample store with a month of doses and show what medlog makes of it.

    Never touches your real store: it writes only to a new or empty directory.

    Example: medlog demo --home /tmp/medlog-demo
    """
    from medlog.actions.demo import demo as build_demo
    from medlog.render import make_console, print_history, print_report, print_today

    chosen = home or home_option(ctx)
    moment = now()
    result = build_demo(Path(chosen).expanduser() if chosen else None, moment)
    console = make_console()
    print_today(result.today, console)
    console.print()
    print_history(result.history, moment.date(), console)
    console.print()
    print_report(result.report, console)
    typer.echo(f"\nDemo store: {result.home}\nTry: medlog --home {result.home} today", err=True)
