"""The profile command: the year of birth that documented limits need (optional)."""

from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


@commands.command(rich_help_panel="Your regimen", **COMMAND)
def profile(
    ctx: typer.Context,
    born: Annotated[
        str | None,
        typer.Option(help="Your year of birth, e.g. 1950 (none forgets it)."),
    ] = None,
) -> None:
    """Show or set your year of birth, so that documented limits know who they apply to.

    Optional. With it, calcium's upper limit is 2,000 mg/day from 51 (IOM 2011); under 19,
    adults' upper limits are shown as information, never judged; from 65, the escitalopram
    label's note for elderly patients is shown beside its range and in the report (the label
    names no age: medlog uses 65). medlog keeps only the year, in medlog.toml.

    Example: medlog profile --born 1950
    """
    from medlog.actions import profile as action
    from medlog.render.confirmations import profile_text

    moment = now()
    store = store_of(ctx)
    result = action.show(store, moment) if born is None else action.set_born(store, moment, born)
    out(profile_text(result, moment.year))
