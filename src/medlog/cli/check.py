"""The check command: is the store sound?"""

import typer

from medlog.cli.app import COMMAND, now, out, store_of
from medlog.errors import ExitCode

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


@commands.command(rich_help_panel="Store", **COMMAND)
def check(ctx: typer.Context) -> int:
    """Check the store: silent when sound, else each problem and exit 1.

    Example: medlog check && echo "store is sound"
    """
    from medlog.actions.check import check as check_store

    store = store_of(ctx)
    problems = check_store(store, now)
    for problem in problems:
        out(f"{problem}\n")
    return ExitCode.CHECK_FAILED if problems else ExitCode.OK
