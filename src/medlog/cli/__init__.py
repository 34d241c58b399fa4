"""medlog's command line: the Typer app and its commands, one module per group of nouns."""

from __future__ import annotations

import gc

from medlog.cli import doses, exchange, items, views
from medlog.cli.app import app

__all__ = ["app", "doses", "exchange", "items", "main", "views"]


def main() -> None:
    """Console-script entry point."""
    # medlog is a short-lived process and reference counting frees what it builds;
    # the cyclic collector only adds pauses while a report reads a long journal
    # (about a fifth of a ten-year report's time, measured with bench/run.py).
    gc.disable()
    app()
