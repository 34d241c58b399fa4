"""Commands that log: take, skip, undo. Kept light: they run on every dose."""

from typing import TYPE_CHECKING, Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn, warn_torn
from medlog.cli.arguments import complete_items
from medlog.model import Event, Item

if TYPE_CHECKING:
    from medlog.actions.doses import Logged

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)

At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened: 8am, '8:05 pm', 'yesterday 9pm', '90 min ago', "
        "'mon 08:00', 'Nov 20 08:00', 2026-11-20T08:00 (default now). A date alone "
        "('20 Nov') is at the item's dose time.",
    ),
]


@commands.command(
    context_settings={"ignore_unknown_options": True}, rich_help_panel="Logging doses", **COMMAND
)
def take(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME [AMOUNT]",
            help="The item (quotes optional: magnesium glycinate), then how much, e.g. 10mg, "
            "1/2 tablet or '2 caps' (default: the regimen's dose that day).",
            show_default=False,
            autocompletion=complete_items,
        ),
    ],
    at: At = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the dose.")] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print where the range comes from.")
    ] = False,
) -> None:
    """Log a dose you took, now or at --at.

    Prints one line: what was logged, the day's total and where it stands
    against the documented range (--verbose adds the range's source). A dose
    above the range, a second dose the schedule did not ask for, or an
    as-needed dose too soon or beyond the daily maximum warns on stderr, with
    the source.

    Example: medlog take lexapro 1/2 tablet --at "yesterday 9pm"
    """
    from medlog.actions.doses import take as take_dose
    from medlog.render.confirmations import logged_text

    moment = now()
    result = take_dose(store_of(ctx), moment, words, at_text=at, note=note)
    _say(logged_text(result, moment.date(), verbose=verbose), result)


def _say(line: str, result: "Logged") -> None:
    """What take and skip print: a torn line set aside, the logged line, then warnings."""
    warn_torn(result.torn, set_aside=True)
    out(line)
    for warning in result.warnings:
        warn(warning)


@commands.command(rich_help_panel="Logging doses", **COMMAND)
def skip(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME", help="The item whose dose you skip.", autocompletion=complete_items
        ),
    ],
    at: At = None,
    reason: Annotated[str | None, typer.Option(help="Why, for you and your clinician.")] = None,
) -> None:
    """Log a scheduled dose you decided not to take.

    A skip is honest but still not adherent: it is reported apart from misses.

    Example: medlog skip magnesium glycinate --reason "upset stomach"
    """
    from medlog.actions.doses import skip as skip_dose
    from medlog.render.confirmations import logged_text

    moment = now()
    result = skip_dose(store_of(ctx), moment, name, at_text=at, reason=reason)
    _say(logged_text(result, moment.date()), result)


@commands.command(rich_help_panel="Logging doses", **COMMAND)
def undo(
    ctx: typer.Context,
    event_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[EVENT_ID]",
            help="The id (or its first digits) of the event to void; default the latest entry.",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why it was wrong.")] = None,
) -> None:
    """Void the latest entry (a dose, skip, check-in, fill...), or the one whose id you give.

    Nothing is deleted: a correction is logged, and history still shows the
    voided event, marked. If the latest event was logged more than a day ago,
    undo asks first (and, in a script, wants its id).

    Example: medlog undo  (or: medlog undo 3f2a9c1e --reason "logged twice")
    """
    from medlog.actions.doses import undo as undo_event
    from medlog.render.confirmations import undone_text

    result = undo_event(store_of(ctx), now(), event_id, reason=reason, confirm=_confirm_old)
    warn_torn(result.torn, set_aside=True)
    out(undone_text(result))


def _confirm_old(target: Event, item: Item | None) -> None:
    """Ask before a bare undo reaches back more than a day; in a script, want the id instead."""
    import sys

    from medlog.errors import BadInput, Declined
    from medlog.render.confirmations import event_text

    described = event_text(target, item)
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise BadInput(
            f"The latest event, {described}, was logged more than a day ago; to undo it, give "
            f"its id: medlog undo {target.id[:8]}"
        )
    if not typer.confirm(f"The latest event is {described}, logged over a day ago. Undo it?"):
        raise Declined("Nothing changed.")
