"""medlog's command line: the Typer app and its commands, one module per group of nouns."""

from __future__ import annotations

from medlog.cli import (
    doses,
    items,
    views,
)
from medlog.cli.app import app

__all__ = ["app", "doses", "items", "main", "views"]


def main() -> None:
    """Console-script entry point."""
    app()
