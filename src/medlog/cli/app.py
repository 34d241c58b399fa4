"""The Typer app, its global options, and the one place medlog exits.

Every command parses its options, calls one action and renders the result.
Errors raised anywhere below arrive here as ``MedlogError`` and become one
message on stderr and an exit code; nothing else calls ``sys.exit``.
"""

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from medlog.errors import BadInput, ExitCode, MedlogError, OutputFailed, PipeClosed
from medlog.names import printable

if TYPE_CHECKING:
    from rich.console import Console
    from typer._click.core import Command

    from medlog.model import Regimen
    from medlog.store import Store


# Each command and the module that defines it, in the order --help lists them. A
# module is imported and its commands built only when one of them is used: `take`
# pays for three commands instead of seventeen.
COMMAND_MODULES = {
    "take": "doses",
    "skip": "doses",
    "undo": "doses",
    "checkin": "checkins",
    "ask": "checkins",
    "fill": "supply",
    "supply": "supply",
    "today": "views",
    "due": "views",
    "history": "views",
    "report": "views",
    "add": "items",
    "edit": "items",
    "stop": "items",
    "resume": "items",
    "remove": "items",
    "list": "items",
    "interactions": "combination",
    "space": "combination",
    "catalog": "items",
    "export": "exchange",
    "import": "exchange",
    "check": "views",
    "demo": "views",
}


class LazyCommands(MutableMapping[str, "Command"]):
    """medlog's commands by name, each module built on first use."""

    def __init__(self) -> None:
        self.built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> "Command":
        if name not in self.built:
            module = import_module(f"medlog.cli.{COMMAND_MODULES[name]}")
            group = typer.main.get_command(module.commands)
            self.built |= group.commands if isinstance(group, TyperGroup) else {name: group}
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMAND_MODULES)

    def __len__(self) -> int:
        return len(COMMAND_MODULES)

    def __setitem__(self, name: str, command: "Command") -> None:
        raise TypeError("medlog's commands are listed in COMMAND_MODULES")

    def __delitem__(self, name: str) -> None:
        raise TypeError("medlog's commands are listed in COMMAND_MODULES")


class MedlogCommand(TyperCommand):
    """A command whose usage line names its arguments plainly: NAME, not Typer's {NAME}."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [
            piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)
        ]


# What every medlog command is declared with.
COMMAND: dict[str, Any] = {"cls": MedlogCommand}


def joined(words: Sequence[str]) -> str:
    """A name typed as several words (``magnesium glycinate``, no quotes), as one."""
    return " ".join(words)


def unquoted_name(words: Sequence[str]) -> str:
    """A new item's name from its words, refusing words that look like they lost their quotes.

    ``medlog add lexapro --dose 20 mg`` hands the name "lexapro" and "mg" (the shell split
    the dose): a unit, a number or a time among a name's words is explained, not stored.
    """
    import re

    from medlog.units import canonical_unit

    def strayed(word: str) -> bool:
        if re.fullmatch(r"[0-9.,:/]+|[0-9.,:]+\s*(?:[ap]m)?", word, re.IGNORECASE):
            return True
        try:
            canonical_unit(word)
        except BadInput:
            return False
        return True

    stray = [word for word in words[1:] if strayed(word)] if len(words) > 1 else []
    if stray:
        raise BadInput(
            f"The name {joined(words)!r} has words that look like an amount or a time "
            f"({', '.join(stray)}); if they belong to an option, quote that option's text, e.g. "
            '--dose "20 mg" --schedule "daily 21:00" (or quote the name if it is right).'
        )
    return joined(words)


def complete_items(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item keys for the shell's Tab on a NAME: only its first word (``take lexapro <Tab>``
    is an amount, not another item; keys are single words)."""
    if ctx.params.get("words") or ctx.params.get("name"):
        return []
    return complete_item_option(ctx, incomplete)


def complete_item_option(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item keys starting with what was typed; reads the store, never writes it.

    A store that cannot be read completes nothing: the shell must never see a traceback.
    """
    try:
        from medlog.paths import home_dir
        from medlog.store import Store

        root = ctx.find_root().params.get("home")
        store = Store(home_dir(root if isinstance(root, str) else None, os.environ))
        wanted = incomplete.casefold()
        return [item.key for item in store.load_regimen().items if item.key.startswith(wanted)]
    except Exception:  # completion must fail quietly, whatever went wrong
        return []


class MedlogGroup(TyperGroup):
    """The command group: lazily built commands, and medlog's error handling around them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,  # noqa: ARG002 -- medlog always exits here itself
        **extra: Any,
    ) -> None:
        """Run a command and exit with its status: the only exit point of medlog."""
        OPENED.clear()
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = GuardedOutput(stdout), QuietErrors(stderr)
        try:
            code = self._run(args, prog_name, complete_var, **extra)
        finally:
            sys.stdout, sys.stderr = stdout, stderr
        for store in OPENED:
            for notice in store.notices:
                QuietErrors(stderr).write(f"Note: {notice}\n")
        sys.exit(int(code))

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        **extra: Any,
    ) -> int:
        """The command's exit status, with every way it can end turned into its code."""
        try:
            result = super().main(
                args, prog_name or "medlog", complete_var, standalone_mode=False, **extra
            )
            code = result if isinstance(result, int) else ExitCode.OK
            sys.stdout.flush()
            if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into exit 130 itself
                sys.stderr.write("Interrupted.\n")
        except MedlogError as error:
            label = "" if error.exit_code == ExitCode.OK else "Error: "
            sys.stderr.write(f"{label}{error.message}\n")
            code = error.exit_code
        except typer.TyperException as error:
            # Usage errors from the parser: show() prints the usage line, a hint and the error.
            show = getattr(error, "show", None)
            if show is None:
                sys.stderr.write(f"Error: {error.format_message()}\n")
            else:
                show()
            code = ExitCode.BAD_INPUT
        except (typer.Abort, KeyboardInterrupt):
            sys.stderr.write("Interrupted.\n")
            code = ExitCode.INTERRUPTED
        except (PipeClosed, BrokenPipeError):
            _silence_stdout()  # the reader left (| head): nothing more to say, and no one to say it
            code = ExitCode.BROKEN_PIPE
        except Exception as error:
            if os.environ.get("MEDLOG_DEBUG") == "1":
                import traceback

                traceback.print_exc()  # plain frames and lines, never local values
            # The exception's own text could quote health data; its type is enough to report.
            kept = (
                "what it saved before the error is kept (see medlog history)"
                if _saved()
                else "it changed nothing"
            )
            sys.stderr.write(
                f"Error: medlog hit an internal error ({type(error).__name__}), a bug; {kept}. "
                "Run again with MEDLOG_DEBUG=1 to see where, and please report it.\n"
            )
            code = ExitCode.INTERNAL_ERROR
        return code


# The stores this run opened, so the exit point can print their notices.
OPENED: list["Store"] = []


_PIECE = 64 * 1024


class GuardedOutput:
    """stdout for one run: a failed write is exit 74 with a message, a closed pipe PipeClosed."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:  # started with stdout closed (>&-)
            raise _output_failed(OSError(errno.EBADF, "standard output is closed"))
        try:
            # In pieces: one large write to a pipe can be cut short by a reader that leaves
            # (| head -c), and Python's text layer then drops the rest without an error.
            # (At least one write, whatever the length: click probes with write(b"").)
            for start in range(0, max(len(text), 1), _PIECE):
                self._stream.write(text[start : start + _PIECE])
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise _output_failed(error) from None
        return len(text)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise _output_failed(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class QuietErrors:
    """stderr for one run: what it says is printable (a file name with an escape code in it
    cannot reach the terminal as one), and when even it cannot be written (2>/dev/full,
    2>&-) medlog says nothing rather than fail: the exit code still tells what happened."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._stream.write(printable(text) if isinstance(text, str) else text)
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _saved() -> bool:
    """True when this run has already written to a store."""
    return any(store.wrote for store in OPENED)


def _output_failed(error: OSError) -> OutputFailed:
    outcome = (
        "the change itself was saved (see medlog history); do not repeat it"
        if _saved()
        else "nothing in the store changed because of it"
    )
    return OutputFailed(
        f"Could not write the output: {error.strerror or error}. What was printed is "
        f"incomplete; {outcome}."
    )


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except (OSError, ValueError):
        pass


app = typer.Typer(
    cls=MedlogGroup,
    name="medlog",
    help="Log medication and supplement doses; see what is due, how adherent you have been, "
    "and whether doses stayed inside the documented range.\n\n"
    "Example: medlog add lexapro --dose 10mg --schedule 'daily 08:00'; medlog take lexapro",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,  # locals can hold health data
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        import medlog

        sys.stdout.write(f"medlog {medlog.__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            metavar="DIR",
            help="Use the store in DIR (created if missing) "
            "instead of MEDLOG_HOME or your user data directory.",
        ),
    ] = None,
    version: Annotated[  # noqa: ARG001 -- handled eagerly by its callback
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print medlog's version and exit.",
        ),
    ] = False,
) -> None:
    """Log medication and supplement doses from the terminal.

    Example: medlog take lexapro
    """
    ctx.obj = {"home": home}


def store_of(ctx: typer.Context) -> "Store":
    """The store this invocation uses: --home, else MEDLOG_HOME, else the user data directory."""
    from medlog.paths import home_dir
    from medlog.store import Store

    store = Store(home_dir(home_option(ctx), os.environ), upgrade=_up_to_date)
    OPENED.append(store)  # its notices are printed on the way out
    return store


def _up_to_date(regimen: "Regimen") -> "Regimen":
    """A regimen written with an older catalog, judged by this medlog's facts (the store calls
    this only for such a store, so a current one never loads the catalog)."""
    from medlog.actions.facts import up_to_date

    return up_to_date(regimen, now())


def now() -> datetime:
    """The current local time, or MEDLOG_NOW."""
    from medlog.timeparse import clock_now

    return clock_now(os.environ)


def out(text: str) -> None:
    """Write data to stdout."""
    sys.stdout.write(text)


def warn(text: str) -> None:
    """Write a warning to stderr, after what stdout holds so far (in a pipe, so a terminal
    showing both reads them in the order written); it never changes the exit code."""
    sys.stdout.flush()
    sys.stderr.write(f"Warning: {text}\n")


def warn_torn(torn: bool, *, set_aside: bool = False) -> None:
    """Tell the person the journal's last line was an interrupted write, and what became of it.

    Readers ignore it; a writer (``set_aside``) has just moved it to journal.jsonl.torn.
    """
    if torn:
        fate = (
            "this command moved it to journal.jsonl.torn"
            if set_aside
            else "it was ignored (the next write sets it aside in journal.jsonl.torn)"
        )
        warn(f"journal.jsonl ended with an incomplete line from an interrupted write; {fate}.")


def home_option(ctx: typer.Context) -> str | None:
    """The global --home value, if any (for commands that must not fall back elsewhere)."""
    options = ctx.find_root().obj
    return options.get("home") if isinstance(options, dict) else None


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
    """The format to write: --format, else the -o file's extension, else the default."""
    if chosen is not None:
        return chosen
    if path is None:
        return default
    suffix = Path(path).suffix.lower()
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
            raise _output_failed(failure) from None
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
    from medlog.render import make_console, plain_text

    if path is None:
        draw(make_console())
    else:
        emit(plain_text(draw), path, store)
