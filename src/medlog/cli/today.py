"""Commands about today: today's checklist, and due (for prompts and cron)."""

import sys
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn, warn_torn
from medlog.cli.fast import short_due
from medlog.errors import BadInput, ExitCode

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
    short: Annotated[
        bool,
        typer.Option(
            "--short",
            help="For a shell prompt: at most one short line, or nothing; exit 0 even when a "
            "dose is overdue.",
        ),
    ] = False,
    notify: Annotated[
        bool,
        typer.Option(
            "--notify",
            help="For a timer: a desktop notification for each dose come and not logged yet, "
            "once; exit 0 even when a dose is overdue.",
        ),
    ] = False,
    names: Annotated[
        bool,
        typer.Option(
            "--names",
            help="With --notify: name the items (notifications show on locked screens).",
        ),
    ] = False,
    quiet_hours: Annotated[
        str | None,
        typer.Option(
            "--quiet-hours",
            metavar="HH:MM-HH:MM",
            help="With --notify: hold notifications until these hours end, e.g. 22:00-07:00.",
        ),
    ] = None,
) -> int:
    """List overdue, missed and upcoming doses; exit 1 when one is overdue, or missed and still
    answerable by a dose now (a weekly dose a day late).

    For shell prompts and cron: exit 0 means nothing is overdue. --short prints one line
    for a prompt ("Lexapro overdue 08:00 · Mg 21:00") and exits 0. --notify shows a
    desktop notification once per dose come and not logged yet (medlog remind install runs
    it on a timer) and exits 0.

    Example: medlog due --quiet || echo "a dose is overdue"
    """
    from medlog.actions.today import today as today_view

    if quiet + short + notify > 1:
        raise BadInput("--quiet, --short and --notify ask for different outputs; choose one.")
    if (names or quiet_hours is not None) and not notify:
        raise BadInput("--names and --quiet-hours go with --notify.")
    if notify:
        _notify(ctx, names, quiet_hours)
        return ExitCode.OK
    if short:
        short_due(store_of(ctx), now())
        return ExitCode.OK
    view = today_view(store_of(ctx), now())
    from medlog.render.today import due_text

    if not quiet:
        warn_torn(view.torn)
        text = due_text(view)
        if text:
            out(text)
        else:
            sys.stderr.write("Nothing is due or overdue today.\n")
    return ExitCode.CHECK_FAILED if view.overdue() or view.late() else ExitCode.OK


def _notify(ctx: typer.Context, names: bool, quiet_hours: str | None) -> None:
    """due --notify: show what to announce, then remember it."""
    from medlog.actions.reminders import announce, one_run, record
    from medlog.reminders import parse_quiet_hours
    from medlog.render.notifications import notifications, printed, show

    quiet = None if quiet_hours is None else parse_quiet_hours(quiet_hours)
    store = store_of(ctx)
    with one_run(store) as alone:
        if not alone:
            return
        found = announce(store, now(), quiet)
        warn_torn(found.torn)
        for body in notifications(found, names):
            if not show(body):
                out(printed(body))
        record(found)
