"""Commands that log: take, skip, undo. Kept light: they run on every dose."""

from typing import Annotated

import typer

from medlog.cli.app import now, out, store_of, warn, warn_torn

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)

At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened: 08:05, 'yesterday 21:30', '2h ago', "
        "'30m ago' or ISO 8601 (default now).",
    ),
]


@commands.command(
    context_settings={"ignore_unknown_options": True}, rich_help_panel="Logging doses"
)
def take(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The item, e.g. lexapro.")],
    amount: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[AMOUNT]...",
            help="How much, e.g. 10mg or 0.5 tablet (default: the regimen's dose that day).",
            show_default=False,
        ),
    ] = None,
    at: At = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the dose.")] = None,
) -> None:
    """Log a dose you took, now or at --at.

    Prints the day's total for the item and where it stands against the
    documented range, with the range's source. A dose above the range, or an
    as-needed dose too soon or beyond the daily maximum, warns on stderr.

    Example: medlog take lexapro 0.5 tablet --at "yesterday 21:00"
    """
    from medlog.actions.doses import take as take_dose
    from medlog.render import logged_text

    moment = now()
    result = take_dose(
        store_of(ctx), moment, name, " ".join(amount) if amount else None, at_text=at, note=note
    )
    warn_torn(result.torn, set_aside=True)
    out(logged_text(result, moment.date()))
    for warning in result.warnings:
        warn(warning)


@commands.command(rich_help_panel="Logging doses")
def skip(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The item whose dose you skip.")],
    at: At = None,
    reason: Annotated[str | None, typer.Option(help="Why, for you and your clinician.")] = None,
) -> None:
    """Log a scheduled dose you decided not to take.

    A skip is honest but still not adherent: it is reported apart from misses.

    Example: medlog skip lexapro --reason "nausea"
    """
    from medlog.actions.doses import skip as skip_dose
    from medlog.render import logged_text

    moment = now()
    result = skip_dose(store_of(ctx), moment, name, at_text=at, reason=reason)
    warn_torn(result.torn, set_aside=True)
    out(logged_text(result, moment.date()))
    for warning in result.warnings:
        warn(warning)


@commands.command(rich_help_panel="Logging doses")
def undo(
    ctx: typer.Context,
    event_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[EVENT_ID]",
            help="The id (or its first digits) of the event to void; default the "
            "latest dose or skip.",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why it was wrong.")] = None,
) -> None:
    """Void the latest dose or skip, or the one whose id you give.

    Nothing is deleted: a correction is logged, and history still shows the
    voided event, marked.

    Example: medlog undo  (or: medlog undo 3f2a9c1e --reason "logged twice")
    """
    from medlog.actions.doses import undo as undo_event
    from medlog.render import undone_text

    result = undo_event(store_of(ctx), now(), event_id, reason=reason)
    warn_torn(result.torn, set_aside=True)
    out(undone_text(result))
