"""medlog's command line: the Typer app (app.py) and its commands, one module per noun
(doses, checkins, supply, today, history, report, items, interactions, exchange, check,
demo), each loaded when one of its commands runs."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console-script entry point.

    The plain forms of take, checkin, fill and ``due --short``, and the shell's Tab on the
    name after take, skip or fill, run without Typer (``fast.py``); everything else
    through the Typer app. Both are imported here, inside the guard, so Ctrl-C while they
    load (the first tenth of a second) ends as quietly as it does later: exit 130.
    Either way the run is the whole process (``exits.ENDS_PROCESS``).
    """
    try:
        from medlog.cli import exits
        from medlog.cli.fast import completed, parsed

        exits.ENDS_PROCESS = True
        plain = parsed(sys.argv[1:]) or completed()
        if plain is None:
            from medlog.cli.app import app
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    if plain is not None:
        exits.run(plain)
    app()
