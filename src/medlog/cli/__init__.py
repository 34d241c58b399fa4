"""medlog's command line: the Typer app (app.py) and its commands, one module per noun
(doses, checkins, supply, today, history, report, items, interactions, exchange, check,
demo), each loaded when one of its commands runs."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console-script entry point.

    A plain single take runs without Typer (``fast_take``); everything else through the
    Typer app. Both are imported here, inside the guard, so Ctrl-C while they load (the
    first tenth of a second) ends as quietly as it does later: exit 130.
    """
    try:
        from medlog.cli import exits
        from medlog.cli.fast_take import parsed

        exits.ENDS_PROCESS = True

        take = parsed(sys.argv[1:])
        if take is None:
            from medlog.cli.app import app
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    if take is not None:
        exits.run(take)
    app()
