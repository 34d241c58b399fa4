"""Commands about items taken together: interactions and space."""

from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of
from medlog.cli.arguments import complete_items

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def interactions(ctx: typer.Context) -> None:
    """List the catalog's notes on the items you take together, each with its source.

    They come from the items' labels and fact sheets (bleeding risk, serotonin
    syndrome, spacing); items stopped in the last 14 days count where a source
    says so (MAOIs). Notes are facts with sources, not advice: ask your clinician.

    Example: medlog interactions
    """
    from medlog.actions.interactions import notes
    from medlog.render.interactions import interactions_text

    regimen = store_of(ctx).load_regimen()
    out(interactions_text(notes(regimen, now().date()), regimen))


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def space(
    ctx: typer.Context,
    first: Annotated[
        str | None,
        typer.Argument(metavar="[A]", help="An item.", autocompletion=complete_items),
    ] = None,
    second: Annotated[
        str | None,
        typer.Argument(metavar="[B]", help="Another item.", autocompletion=complete_items),
    ] = None,
    apart: Annotated[
        str | None,
        typer.Argument(metavar="[GAP]", help="How far apart either way, e.g. 2h or 90m."),
    ] = None,
    before: Annotated[
        str | None, typer.Option(help="B at least this long before A, e.g. 2h.")
    ] = None,
    after: Annotated[
        str | None, typer.Option(help="B at least this long after A, e.g. 4h.")
    ] = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="Remove the rule between A and B.")
    ] = False,
) -> None:
    """Keep two items apart: take warns when they are logged closer than the rule.

    Without arguments, lists the rules: the catalog's (e.g. tetracycline
    antibiotics 2h before or 4h after magnesium) and your own.

    Example: medlog space iron calcium 2h
    """
    from medlog.actions import interactions
    from medlog.errors import BadInput
    from medlog.render.interactions import spacing_text

    store = store_of(ctx)
    if first is None:
        if remove or before or after:
            raise BadInput("Name the two items: medlog space A B 2h (or --remove A B).")
        regimen = store.load_regimen()
        out(spacing_text(regimen.spacing, regimen))
        return
    if second is None:
        raise BadInput(f"Name the item to keep apart from {first}: medlog space {first} B 2h.")
    if remove:
        if apart or before or after:
            raise BadInput("--remove takes only the two items: medlog space --remove A B.")
        rule, regimen = interactions.unspace(store, first, second)
        out(f"Removed: {spacing_text((rule,), regimen)}")
        return
    rule, regimen = interactions.space(
        store, first, second, apart=apart, before=before, after=after
    )
    out(f"Kept: {spacing_text((rule,), regimen)}")
    also = [s for s in regimen.spacing if {s.a, s.b} == {rule.a, rule.b} and s != rule]
    if also:
        out(f"This rule also applies, and take warns on either: {spacing_text(also, regimen)}")
