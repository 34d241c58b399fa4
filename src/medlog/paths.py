"""Where the store lives: ``--home`` > ``MEDLOG_HOME`` > the platform's user data directory."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from medlog.errors import BadInput


def home_dir(option: str | None, environ: Mapping[str, str]) -> Path:
    """The store directory this invocation uses; the only place that decides it."""
    if option is not None:
        if not option.strip():
            raise BadInput("--home needs a directory, e.g. --home ~/medlog-test.")
        return expand(option)
    if environ.get("MEDLOG_HOME"):
        return expand(environ["MEDLOG_HOME"])
    return user_dir("data")


Kind = Literal["data", "state", "cache"]
_XDG = {"data": ("XDG_DATA_HOME", "~/.local/share"), "state": ("XDG_STATE_HOME", "~/.local/state"),
        "cache": ("XDG_CACHE_HOME", "~/.cache")}  # fmt: skip


def user_dir(kind: Kind) -> Path:
    """medlog's user data, state or cache directory, as platformdirs names it.

    On Linux with an absolute ``XDG_*_HOME`` or ``HOME`` the answer is that variable's
    folder, worked out here: importing platformdirs costs a take about a tenth of its time
    (tests/unit/test_paths.py holds the two equal). Anywhere else, platformdirs decides.
    """
    variable, default = _XDG[kind]
    plain = sys.platform == "linux" and not hasattr(sys, "getandroidapilevel")
    if plain and "ANDROID_DATA" not in os.environ:
        base = Path(os.environ.get(variable, ""))
        if not base.is_absolute() and Path(os.environ.get("HOME", "")).is_absolute():
            base = Path(default).expanduser()
        if base.is_absolute():
            return base / "medlog"
    import platformdirs

    found = {"data": platformdirs.user_data_dir, "state": platformdirs.user_state_dir,
             "cache": platformdirs.user_cache_dir}[kind]  # fmt: skip
    return Path(found("medlog", appauthor=False))


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
