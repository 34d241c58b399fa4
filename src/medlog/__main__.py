"""Run medlog as ``python -m medlog``."""

from medlog.cli import main

main()
