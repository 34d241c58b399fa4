"""medlog: a command-line medication and supplement tracker."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~40 ms to import; only --version needs it.
    if name == "__version__":
        from importlib.metadata import version

        return version("medlog")
    raise AttributeError(name)
