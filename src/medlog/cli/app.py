"""The Typer app, its global options, and the one place medlog exits.

Every command parses its options, calls one action and renders the result.
Errors raised anywhere below arrive here as ``MedlogError`` and become one
message on stderr and an exit code; nothing else calls ``sys.exit``.
"""

import os
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from medlog.errors import BadInput, ExitCode, MedlogError

if TYPE_CHECKING:
    from rich.console import Console
    from typer._click.core import Command

    from medlog.store import Store


# Each command and the module that defines it, in the order --help lists them. A
# module is imported and its commands built only when one of them is used: `take`
# pays for three commands instead of seventeen.
COMMAND_MODULES = {
    "take": "doses",
    "skip": "doses",
    "undo": "doses",
    "today": "views",
    "due": "views",
    "history": "views",
    "report": "views",
    "add": "items",
    "edit": "items",
    "stop": "items",
    "resume": "items",
    "list": "items",
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
        try:
            result = super().main(
                args, prog_name or "medlog", complete_var, standalone_mode=False, **extra
            )
            code = result if isinstance(result, int) else ExitCode.OK
            if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into exit 130 itself
                sys.stderr.write("Interrupted.\n")
        except MedlogError as error:
            sys.stderr.write(f"Error: {error.message}\n")
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
        sys.exit(int(code))


app = typer.Typer(
    cls=MedlogGroup,
    name="medlog",
    help="Log medication and supplement doses; see what is due, how adherent you have been, "
    "and whether doses stayed inside the documented range.\n\n"
    "Example: medlog add lexapro --dose 10mg --schedule 'daily 08:00'; medlog take lexapro",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
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

    store = Store(home_dir(home_option(ctx), os.environ))
    store.ensure_home()  # DESIGN.md: a missing --home DIR is created
    return store


def now() -> datetime:
    """The current local time, or MEDLOG_NOW."""
    from medlog.timeparse import clock_now

    return clock_now(os.environ)


def out(text: str) -> None:
    """Write data to stdout."""
    sys.stdout.write(text)


def warn(text: str) -> None:
    """Write a warning to stderr; it never changes the exit code."""
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
    """Print ``text``, or write it atomically to ``path`` (never over the store's own files)."""
    if path is None:
        out(text)
        return
    from medlog.durable import write_atomically

    target = Path(path).expanduser()
    if store is not None and target.resolve() in {
        store.config_path.resolve(),
        store.journal_path.resolve(),
        store.lock_path.resolve(),
    }:
        raise BadInput(f"{target} is one of the store's own files; choose another file name.")
    if target.is_dir():
        raise BadInput(f"{target} is a directory; give a file name.")
    write_atomically(target, text.encode("utf-8"), error=BadInput)
    sys.stderr.write(f"Wrote {target}\n")


def show(draw: "Callable[[Console], None]", path: str | None, store: "Store | None" = None) -> None:
    """Draw a Rich view on stdout, or write it as plain text to the file ``path``."""
    from medlog.render import make_console, plain_text

    if path is None:
        draw(make_console())
    else:
        emit(plain_text(draw), path, store)
