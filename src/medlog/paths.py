"""Where the store lives: ``--home`` > ``MEDLOG_HOME`` > the platform's user data directory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from medlog.errors import BadInput


def home_dir(option: str | None, environ: Mapping[str, str]) -> Path:
    """The store directory this invocation uses; the only place that decides it."""
    if option is not None:
        if not option.strip():
            raise BadInput("--home needs a directory, e.g. --home ~/medlog-test.")
        return Path(option).expanduser()
    if environ.get("MEDLOG_HOME"):
        return Path(environ["MEDLOG_HOME"]).expanduser()
    # Imported here: platformdirs is only needed when no location was given.
    import platformdirs

    return Path(platformdirs.user_data_dir("medlog", appauthor=False))
