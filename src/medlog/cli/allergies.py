"""allergy: add, list and remove the allergies kept in medlog.toml (shown on the card).

A NAME may be typed as several words without quotes (medlog allergy add sulfa drugs).
"""

import json
from enum import StrEnum
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, HelpGroup, now, out, store_of
from medlog.cli.arguments import joined

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)
allergy = typer.Typer(
    cls=HelpGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Allergies and intolerances, kept with your regimen and shown on medlog card.\n\n"
    "Example: medlog allergy add penicillin --reaction hives",
)
commands.add_typer(allergy, name="allergy", rich_help_panel="Your regimen")

AllergyName = Annotated[
    list[str], typer.Argument(metavar="NAME", help="What you are allergic to, e.g. penicillin.")
]


class AllergyFormat(StrEnum):
    """Formats ``medlog allergy list`` can print."""

    table = "table"
    json = "json"


@allergy.command(**COMMAND)
def add(
    ctx: typer.Context,
    name: AllergyName,
    reaction: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="What happened, e.g. hives or 'swollen lips'."),
    ] = None,
) -> None:
    """Record an allergy or intolerance; again with --reaction, its reaction is replaced.

    Example: medlog allergy add penicillin --reaction hives
    """
    from medlog.actions import allergies
    from medlog.allergies import allergy_words

    result = allergies.add(store_of(ctx), now(), joined(name), reaction)
    if not result.changed:
        out(f"Already recorded: {allergy_words(result.allergy)}. Nothing changed.\n")
    elif result.replaced is not None:
        out(f"Recorded: {allergy_words(result.allergy)} (was: {result.replaced}).\n")
    else:
        out(f"Recorded: {allergy_words(result.allergy)}.\n")


@allergy.command("list", **COMMAND)
def list_allergies(
    ctx: typer.Context,
    output: Annotated[
        AllergyFormat, typer.Option("--format", help="table (for people) or json.")
    ] = AllergyFormat.table,
) -> None:
    """List the allergies you recorded, with their reactions and when you recorded them.

    Example: medlog allergy list
    """
    from medlog.actions import allergies
    from medlog.allergies import NONE_RECORDED, allergy_words

    found = allergies.listing(store_of(ctx))
    if output is AllergyFormat.json:
        rows = [
            {
                "allergy": held.key,
                "name": held.name,
                "reaction": held.reaction,
                "recorded": None if held.recorded is None else held.recorded.isoformat(),
            }
            for held in found
        ]
        out(json.dumps({"schema": "medlog.allergies/1", "allergies": rows}, indent=2) + "\n")
    elif not found:
        out(f"{NONE_RECORDED} (add one with medlog allergy add NAME).\n")
    else:
        out(
            "".join(
                allergy_words(held)
                + (f", recorded {held.recorded}" if held.recorded else "")
                + "\n"
                for held in found
            )
        )


@allergy.command(**COMMAND)
def remove(ctx: typer.Context, name: AllergyName) -> None:
    """Forget an allergy recorded by mistake (or found not to be one).

    Example: medlog allergy remove penicillin
    """
    from medlog.actions import allergies
    from medlog.allergies import allergy_words

    gone = allergies.remove(store_of(ctx), joined(name))
    out(f"Removed the allergy: {allergy_words(gone)}.\n")
