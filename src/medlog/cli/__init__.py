"""medlog's command line: the Typer app (app.py) and its commands, one module per noun
(doses, checkins, supply, today, history, report, items, interactions, exchange, check,
demo), each loaded when one of its commands runs."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console-script entry point.

    Typer and the app are imported here, inside the guard, so Ctrl-C while they load
    (the first tenth of a second) ends as quietly as it does later: exit 130.
    """
    try:
        from medlog.cli.app import app
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    app()
