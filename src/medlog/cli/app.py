"""The Typer app, its global options, and the one place medlog exits.

Every command parses its options, calls one action and renders the result.
Errors raised anywhere below arrive here as ``MedlogError`` and become one
message on stderr and an exit code; nothing else calls ``sys.exit``.
"""

import contextlib
import errno
import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from medlog.errors import ExitCode, MedlogError, OutputFailed, PipeClosed
from medlog.names import printable

if TYPE_CHECKING:
    from typer._click.core import Command

    from medlog.model import Regimen
    from medlog.store import Store


# Each command and the module that defines it, in the order --help lists them. A
# module is imported and its commands built only when one of them is used: `take`
# builds the commands of doses.py alone.
COMMAND_MODULES = {
    "take": "doses",
    "skip": "doses",
    "undo": "doses",
    "amend": "amend",
    "checkin": "checkins",
    "ask": "checkins",
    "lab": "labs",
    "fill": "supply",
    "supply": "supply",
    "today": "today",
    "due": "today",
    "history": "history",
    "report": "report",
    "add": "items",
    "edit": "items",
    "stop": "items",
    "resume": "items",
    "hold": "items",
    "remove": "items",
    "list": "items",
    "interactions": "interactions",
    "space": "interactions",
    "catalog": "items",
    "profile": "profile",
    "export": "exchange",
    "import": "exchange",
    "merge": "exchange",
    "check": "check",
    "demo": "demo",
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
            raise output_failed(OSError(errno.EBADF, "standard output is closed"))
        try:
            # In pieces: one large write to a pipe can be cut short by a reader that leaves
            # (| head -c), and Python's text layer then drops the rest without an error.
            # (At least one write, whatever the length: click probes with write(b"").)
            for start in range(0, max(len(text), 1), _PIECE):
                self._stream.write(text[start : start + _PIECE])
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise output_failed(error) from None
        return len(text)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise output_failed(error) from None

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


def output_failed(error: OSError) -> OutputFailed:
    """Exit 74 for output that could not be written, saying whether the store changed."""
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
    store.settle()  # an import or merge a crash cut short is rolled back first
    from medlog.conflicts import notice

    said = notice(store.home)
    if said is not None and ctx.info_name != "merge":
        store.notices.append(said)
    return store


def _up_to_date(regimen: "Regimen") -> "Regimen":
    """A regimen written with an older catalog, or with facts chosen for another age than the
    person's this year, judged by this medlog's facts for that age (a current one never loads
    the catalog)."""
    from medlog.migrations import CATALOG
    from medlog.profile import stale

    moment = now()
    if (regimen.catalog or 0) >= CATALOG and not stale(regimen.profile, moment.date()):
        return regimen
    from medlog.actions.facts import up_to_date

    return up_to_date(regimen, moment)


def now() -> datetime:
    """The current local time, or MEDLOG_NOW."""
    from medlog.timeparse import clock_now

    return clock_now(os.environ)


def out(text: str) -> None:
    """Write data to stdout (fitted to a terminal's width: ``render.prose``)."""
    sys.stdout.write(_fitted(text, sys.stdout))


def warn(text: str) -> None:
    """Write a warning to stderr, after what stdout holds so far (in a pipe, so a terminal
    showing both reads them in the order written); it never changes the exit code."""
    sys.stdout.flush()
    sys.stderr.write(_fitted(f"Warning: {text}\n", sys.stderr))


_NARROWEST = 20


def _fitted(text: str, stream: TextIO) -> str:
    """``text`` wrapped between words to the terminal ``stream`` is, else as it is."""
    try:
        if not stream.isatty():
            return text
        width = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):  # not a real terminal after all (a test's stand-in)
        return text
    if width < _NARROWEST:  # a terminal that gives no size (0) is left to wrap as it will
        return text
    from medlog.render.prose import fit

    return fit(text, width)


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
