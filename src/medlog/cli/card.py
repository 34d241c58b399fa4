"""card: the medication card to carry (terminal, -o card.html, -o card.md)."""

from enum import StrEnum
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, store_of
from medlog.cli.output_file import OutputFile, emit, output_format

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


class CardFormat(StrEnum):
    """Formats ``medlog card`` writes."""

    table = "table"
    md = "md"
    html = "html"


@commands.command(rich_help_panel="Sharing and safety", **COMMAND)
def card(
    ctx: typer.Context,
    output_format_: Annotated[
        CardFormat | None,
        typer.Option(
            "--format",
            help="table (plain text), md or html (one printable page); default: from -o, "
            "else table.",
        ),
    ] = None,
    output: OutputFile = None,
) -> None:
    """The card to carry: what you take now (dose, schedule, since when), the ranges you
    set with their source, your allergies, and what you stopped in the last 90 days and why.

    Example: medlog card -o card.html
    """
    from medlog.actions.card import medication_card

    chosen = output_format(
        output_format_.value if output_format_ else None,
        output,
        [f.value for f in CardFormat],
        CardFormat.table.value,
    )
    store = store_of(ctx)
    found = medication_card(store, now())
    if chosen == CardFormat.html:
        from medlog.export.card import card_html

        text = card_html(found)
    elif chosen == CardFormat.md:
        from medlog.export.card import card_markdown

        text = card_markdown(found)
    else:
        from medlog.render.card import card_text

        text = card_text(found)
    emit(text, output, store)
