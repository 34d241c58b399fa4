"""-o FILE: the format its extension implies, and writing to it.

A regular file is replaced atomically; a device or a FIFO (``-o /dev/stdout``) is written
into, never replaced; a directory or one of the store's own files is refused (exit 2);
a write that fails is exit 74, never a cut file with exit 0.
"""

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from medlog.cli.app import out, output_failed
from medlog.errors import BadInput, OutputFailed

if TYPE_CHECKING:
    from rich.console import Console

    from medlog.store import Store


EXTENSION_FORMATS = {
    ".txt": "table",
    ".json": "json",
    ".csv": "csv",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".ics": "ics",
}

OutputFile = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of "
        "stdout; the format follows its extension unless --format is given.",
    ),
]


def output_format(
    chosen: str | None, path: str | None, allowed: Sequence[str], default: str
) -> str:
    """The format to write: --format, else the -o file's extension, else the default. Never
    anything but HTML in a .html file: a browser would run the person's own text as markup."""
    suffix = Path(path).suffix.lower() if path is not None else ""
    if chosen is not None and chosen != "html" and EXTENSION_FORMATS.get(suffix) == "html":
        raise BadInput(
            f"A {suffix} file opens in a browser as a web page, and --format {chosen} is not "
            f"one; give the file another name, or --format html."
        )
    if chosen is not None:
        return chosen
    if path is None:
        return default
    found = EXTENSION_FORMATS.get(suffix)
    if found is None:
        known = " ".join(sorted({ext for ext, fmt in EXTENSION_FORMATS.items() if fmt in allowed}))
        raise BadInput(
            f"Cannot tell a format from {path!r}; name the file with one "
            f"of {known}, or give --format."
        )
    if found not in allowed:
        raise BadInput(
            f"A {suffix} file would be {found}, which this command does not write; "
            f"it writes {', '.join(allowed)}."
        )
    return found


def emit(text: str, path: str | None, store: "Store | None" = None) -> None:
    """Print ``text``, or write it to the file ``path`` (never over one of the store's files).

    A regular file (or one a symlink points to) is replaced atomically, so it is
    the old file or the whole new one; a device or a FIFO (``-o /dev/stdout``)
    is written in place, never replaced by a regular file.
    """
    if path is None:
        out(text)
        return
    import stat

    from medlog.durable import write_atomically
    from medlog.paths import expand

    named = expand(path)
    target = Path(os.path.realpath(named))
    if store is not None and (
        target == Path(os.path.realpath(store.home))
        or target in {Path(os.path.realpath(own)) for own in store.own_files}
    ):
        raise BadInput(f"{named} is one of the store's own files; choose another file name.")
    try:
        found = named.stat()
    except OSError:
        found = None  # a new file
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise BadInput(f"{named} is a directory; give a file name.")
    for stream in (sys.stdout, sys.stderr):  # -o /dev/stdout: the stream itself, not its file
        if found is not None and _is_stream(found, stream):
            stream.write(text)
            return
    data = text.encode("utf-8")
    if found is None or (stat.S_ISREG(found.st_mode) and not _is_special(named)):
        write_atomically(target, data, error=OutputFailed)
    else:
        try:
            with named.open("ab") as handle:  # a device, a FIFO, /dev/fd/N: write into it
                handle.write(data)
        except OSError as failure:
            raise output_failed(failure) from None
    sys.stderr.write(f"Wrote {named}\n")


def _is_stream(found: os.stat_result, stream: Any) -> bool:
    """True when ``found`` is the file ``stream`` (stdout, stderr) writes to."""
    try:
        held = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (found.st_dev, found.st_ino) == (held.st_dev, held.st_ino)


def _is_special(named: Path) -> bool:
    """True for a path through /dev or /proc (/dev/fd/3): never replaced, only written into."""
    return named.absolute().parts[1:2] in (("dev",), ("proc",))


def show(draw: "Callable[[Console], None]", path: str | None, store: "Store | None" = None) -> None:
    """Draw a Rich view on stdout, or write it as plain text to the file ``path``."""
    from medlog.render.console import make_console, plain_text

    if path is None:
        draw(make_console())
    else:
        emit(plain_text(draw), path, store)
