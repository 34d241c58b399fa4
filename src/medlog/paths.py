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
        return expand(option)
    if environ.get("MEDLOG_HOME"):
        return expand(environ["MEDLOG_HOME"])
    # Imported here: platformdirs is only needed when no location was given.
    import platformdirs

    return Path(platformdirs.user_data_dir("medlog", appauthor=False))


def expand(text: str) -> Path:
    """A path as typed, with ``~`` and ``~user`` expanded; an unknown user, or a NUL
    character (which no file name can hold), is bad input."""
    if "\x00" in text:
        raise BadInput(f"{text[:80]!r} holds a NUL character, which no file name can hold.")
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise BadInput(
            f"{text[:80]!r} starts with the home directory of a user this machine does not know."
        ) from None
