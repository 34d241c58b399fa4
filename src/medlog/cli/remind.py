"""remind: install, remove and show the timer that runs ``medlog due --notify``."""

import os
import sys
from datetime import timedelta
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, HelpGroup, home_option, now, out, store_of

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)
remind = typer.Typer(
    cls=HelpGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Reminders on a timer: medlog due --notify, run by systemd or cron.\n\n"
    "Example: medlog remind install --every 5m",
)
commands.add_typer(remind, name="remind", rich_help_panel="Seeing where you stand")


@remind.command(**COMMAND)
def install(
    ctx: typer.Context,
    every: Annotated[
        str, typer.Option("--every", metavar="SPAN", help="How often it runs: 5m, 15m, 1h.")
    ] = "5m",
    systemd: Annotated[
        bool, typer.Option("--systemd", help="A systemd user timer (the default on Linux).")
    ] = False,
    cron: Annotated[
        bool,
        typer.Option(
            "--cron", help="A crontab line, shown first and added only when you confirm it."
        ),
    ] = False,
    names: Annotated[
        bool, typer.Option("--names", help="Name the items in the notifications.")
    ] = False,
    quiet_hours: Annotated[
        str | None,
        typer.Option(
            "--quiet-hours",
            "--quiet",
            metavar="HH:MM-HH:MM",
            help="Hold notifications until these hours end, e.g. 22:00-07:00.",
        ),
    ] = None,
) -> None:
    """Run medlog due --notify every few minutes, for this store.

    Writes ~/.config/systemd/user/medlog-remind.service and .timer and prints the command
    that enables them; with --cron, shows the crontab line and adds it when you confirm.

    Example: medlog remind install --every 5m --quiet-hours 22:00-07:00
    """
    from medlog import timers
    from medlog.actions import remind as actions
    from medlog.errors import BadInput
    from medlog.paths import home_dir
    from medlog.reminders import parse_quiet_hours
    from medlog.timeparse import format_duration

    if systemd and cron:
        raise BadInput("--systemd and --cron are two ways to run it; choose one.")
    span = timers.parse_every(every)
    quiet = None if quiet_hours is None else parse_quiet_hours(quiet_hours)
    use_cron = cron or (not systemd and not sys.platform.startswith("linux"))
    home = home_dir(home_option(ctx), os.environ)
    command = actions.due_command(home, names, quiet)
    if use_cron:
        _install_cron(actions.cron_line(command, span))
        return
    service, timer = actions.install_systemd(os.environ, command, span)
    out(
        f"Wrote {service} and {timer.name}: medlog due --notify every "
        f"{format_duration(span)} for the store {home.resolve()}.\n"
        f"Enable it with: {actions.ENABLE}\n"
    )


def _install_cron(line: str) -> None:
    """Show the crontab line; add it only on a yes at a terminal."""
    import shlex

    from medlog.actions import remind as actions

    out(f"{line}\n")
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        out(
            "Not at a terminal, so your crontab is unchanged. Add the line with: "
            f"(crontab -l 2>/dev/null; echo {shlex.quote(line)}) | crontab -\n"
        )
        return
    if typer.confirm("Add this line to your crontab?", err=True):
        actions.install_cron(line)
        out("Added to your crontab.\n")
    else:
        out("Your crontab is unchanged.\n")


@remind.command(**COMMAND)
def uninstall() -> None:
    """Remove the timer medlog remind install wrote, and nothing else.

    Example: medlog remind uninstall
    """
    from medlog.actions import remind as actions
    from medlog.timers import UNIT

    removed = actions.uninstall(os.environ)
    for path in removed.files:
        out(f"Removed {path}\n")
    if removed.cron:
        out("Removed medlog's line from your crontab.\n")
    if removed.files:
        out(f"Stop a timer still running with: systemctl --user stop {UNIT}.timer\n")
    if not removed.files and not removed.cron:
        out("Nothing to remove: no medlog reminder is installed.\n")


@remind.command(**COMMAND)
def status(ctx: typer.Context) -> None:
    """What runs medlog due --notify, and when it last ran for this store.

    Example: medlog remind status
    """
    from medlog.actions import remind as actions
    from medlog.actions.reminders import last_run

    found = actions.status(os.environ, last_run(store_of(ctx)))
    if found.service is not None:
        out(f"systemd: {found.service} runs {found.command}, every {found.every}.\n")
        if not found.enabled:
            out(f"It is not enabled; enable it with: {actions.ENABLE}\n")
    else:
        out("systemd: no medlog timer.\n")
    out(f"cron: {found.cron}\n" if found.cron else "cron: no medlog line.\n")
    if found.last_run is None:
        out("due --notify has not run for this store on this machine.\n")
    else:
        moment = found.last_run
        ago = now() - moment
        out(f"Last run for this store: {moment:%Y-%m-%d %H:%M} ({_ago(ago)}).\n")


def _ago(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 0:
        return "after this machine's clock"
    if minutes < 60:
        return f"{minutes} min ago"
    return f"{minutes // 60} h {minutes % 60} min ago"
