"""The Typer app and its global options.

Every command parses its options, calls one action and renders the result. Errors raised
anywhere below arrive at ``exits.run``, the one place medlog exits, as ``MedlogError``
and become one message on stderr and an exit code; the parser's usage errors are turned
into exit 2 here. The helpers every command uses (``now``, ``out``, ``warn``, ...) live in
``exits.py``, so take's fast path can use them without Typer; they are re-exported here.
"""

import io
import re
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
from typer._click.formatting import HelpFormatter as ClickHelpFormatter
from typer.core import TyperCommand, TyperGroup

from medlog.cli.exits import now, open_store, out, output_failed, run, said, warn, warn_torn
from medlog.errors import ExitCode
from medlog.render.prose import held, released

__all__ = [
    "COMMAND",
    "COMMAND_MODULES",
    "HelpGroup",
    "app",
    "home_option",
    "now",
    "out",
    "output_failed",
    "store_of",
    "warn",
    "warn_torn",
]

if TYPE_CHECKING:
    from typer._click.core import Command

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
    "remind": "remind",
    "history": "history",
    "report": "report",
    "card": "card",
    "add": "items",
    "edit": "items",
    "stop": "items",
    "resume": "items",
    "hold": "items",
    "remove": "items",
    "list": "items",
    "allergy": "allergies",
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


_HYPHEN = "\u2011"  # a no-break hyphen: the help's wrapper would break "as-|needed" at "-"
_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_COMMAND_IN_OPTION = 24  # the narrowest an option's help column gets at 60 columns


def _held_help(text: str, longest: int) -> str:
    """Help ``text`` with its hyphenated words and its commands to copy (up to ``longest``
    characters) held together, each line's indent kept."""
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        lines.append(line[: len(line) - len(body)] + held(_WORD_HYPHEN.sub(_HYPHEN, body), longest))
    return "\n".join(lines)


class HelpFormatter(ClickHelpFormatter):
    """--help wrapped between words as medlog's prose is (``render.prose``): a command to copy
    is never split across lines, nor a word at its hyphen."""

    def write_text(self, text: str) -> None:
        super().write_text(_held_help(text, self.width - self.current_indent))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(term, _held_help(text, _COMMAND_IN_OPTION)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)

    def getvalue(self) -> str:
        return released(super().getvalue()).replace(_HYPHEN, "-")


class MedlogContext(typer.Context):
    """A command's context, its help wrapped by ``HelpFormatter``."""

    formatter_class = HelpFormatter


class MedlogCommand(TyperCommand):
    """A command whose usage line names its arguments plainly: NAME, not Typer's {NAME}."""

    context_class = MedlogContext

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [
            piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)
        ]


# What every medlog command is declared with.
COMMAND: dict[str, Any] = {"cls": MedlogCommand}


class HelpGroup(TyperGroup):
    """A group of commands (allergy, remind), its help wrapped by ``HelpFormatter``."""

    context_class = MedlogContext


class MedlogGroup(HelpGroup):
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
        """Run a command and exit with its status (``exits.run``, the one exit point)."""
        run(lambda: self._run(args, prog_name, complete_var, **extra))

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        **extra: Any,
    ) -> int:
        """The command's exit status; the parser's own ways to end turned into codes."""
        try:
            result = super().main(
                args, prog_name or "medlog", complete_var, standalone_mode=False, **extra
            )
        except typer.TyperException as error:
            # Usage errors from the parser: show() prints the usage line, a hint and the error.
            show = getattr(error, "show", None)
            if show is None:
                said(f"Error: {error.format_message()}\n")
            else:
                shown = io.StringIO()
                show(file=shown)
                said(shown.getvalue())
            return ExitCode.BAD_INPUT
        except typer.Abort:
            raise KeyboardInterrupt from None
        return result if isinstance(result, int) else ExitCode.OK


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
    return open_store(home_option(ctx), ctx.info_name)


def home_option(ctx: typer.Context) -> str | None:
    """The global --home value, if any (for commands that must not fall back elsewhere)."""
    options = ctx.find_root().obj
    return options.get("home") if isinstance(options, dict) else None
