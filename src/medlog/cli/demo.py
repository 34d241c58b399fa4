"""The demo command: a sample month in a new store, and its views."""

from typing import Annotated

import typer

from medlog.cli.app import COMMAND, home_option, now

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


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
    """Build a sample month in a new store and show today, the last week and the visit.

    Never touches your real store: it writes only to a new or empty directory. The
    report is shown as its first page (medlog report --brief); the end says how to see
    the whole report.

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
    print_report(result.report, console, brief=True)
    typer.echo(
        f"\nDemo store: {result.home}\nTry: medlog --home {result.home} report\n"
        f"     medlog --home {result.home} report -o visit.html",
        err=True,
    )
