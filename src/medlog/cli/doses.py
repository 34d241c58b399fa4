"""Commands that log: take, skip, undo. Kept light: they run on every dose."""

from typing import TYPE_CHECKING, Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn, warn_torn
from medlog.cli.arguments import complete_items
from medlog.cli.fast import say, take_one
from medlog.model import Event, Item

if TYPE_CHECKING:
    from datetime import datetime

    from medlog.actions.several import Batch, Kind, Plan

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)

Due = Annotated[
    bool,
    typer.Option(
        "--due",
        help="Every item's latest due or overdue dose (one per item), listed and confirmed "
        "first; older overdue ones are listed for skip.",
    ),
]
Yes = Annotated[
    bool, typer.Option("--yes", "-y", help="With --due: do not ask (needed in a script).")
]
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
        list[str] | None,
        typer.Argument(
            metavar="NAME [AMOUNT][, NAME ...]",
            help="The item (quotes optional: magnesium glycinate), then how much, e.g. 10mg, "
            "1/2 tablet or '2 caps' (default: the regimen's dose that day). Commas separate "
            "several items.",
            show_default=False,
            autocompletion=complete_items,
        ),
    ] = None,
    at: At = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the dose.")] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print where the range comes from.")
    ] = False,
    due: Due = False,
    yes: Yes = False,
) -> None:
    """Log a dose you took, now or at --at; or several at once.

    Prints one line: what was logged, the day's total and where it stands
    against the documented range (--verbose adds the range's source). A dose
    above the range, a second dose the schedule did not ask for, or an
    as-needed dose too soon or beyond the daily maximum warns on stderr, with
    the source. Several items, separated by commas, are logged together or
    not at all; --due logs each item's latest due or overdue dose.

    Example: medlog take lexapro 1/2 tablet --at "yesterday 9pm"

    Example: medlog take lexapro, multivitamin, magnesium glycinate --at "yesterday 8am"

    Example: medlog take --due
    """
    moment = now()
    if due or not words or any("," in word for word in words):
        batch = _batch(ctx, "dose", words or [], moment, at=at, text=note, due=due, yes=yes)
        _say_batch(batch, moment, due=due, verbose=verbose)
        return
    take_one(store_of(ctx), moment, words, at=at, note=note, verbose=verbose)


def _batch(
    ctx: typer.Context,
    kind: "Kind",
    words: list[str],
    moment: "datetime",
    *,
    at: str | None,
    text: str | None,
    due: bool,
    yes: bool,
) -> "Batch":
    """take or skip of several items, or of each item's dose that is due."""
    from medlog.actions import several

    store = store_of(ctx)
    if due:
        confirm = None if yes else _confirm_due
        return several.log_due(store, moment, kind, words, at_text=at, text=text, confirm=confirm)
    if kind == "dose":
        return several.take_several(store, moment, words, at_text=at, note=text)
    return several.skip_several(store, moment, words, at_text=at, reason=text)


def _say_batch(result: "Batch", moment: "datetime", *, due: bool, verbose: bool = False) -> None:
    """A line per dose or skip logged, each with its warnings, then the older overdue slots
    --due left; or, when nothing was due, that nothing was logged."""
    import sys

    from medlog.render.confirmations import due_left_text, logged_text

    warn_torn(result.torn, set_aside=True)
    if due and not result.logged and not result.amountless:
        sys.stdout.flush()
        sys.stderr.write(
            f"Nothing is due or overdue at {result.at or moment:%H:%M}; nothing was logged.\n"
        )
    for logged in result.logged:
        say(logged_text(logged, moment.date(), verbose=verbose), logged)
    for line in due_left_text(result, moment.date()):
        warn(line)


def _confirm_due(plan: "Plan", kind: "Kind") -> None:
    """List what --due will log and ask once; in a script, want --yes instead."""
    import sys

    from medlog.errors import BadInput, Declined
    from medlog.render.confirmations import due_plan_text

    verb = "take" if kind == "dose" else "skip"
    listing = due_plan_text(plan, kind)
    count = len(plan.chosen)
    doses = f"{count} dose{'s' if count > 1 else ''}"
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        names = ", ".join(slot.item.name for slot in plan.chosen)
        raise BadInput(
            f"{verb} --due would {'log' if kind == 'dose' else 'skip'} {doses} ({names}); with "
            f"no terminal to ask on, add --yes to do it without asking: medlog {verb} --due --yes"
        )
    sys.stdout.flush()
    sys.stderr.write(listing)
    question = f"{'Log' if kind == 'dose' else 'Skip'} {'these' if count > 1 else 'this'} {doses}?"
    if not typer.confirm(question, err=True):
        raise Declined("Nothing changed.")


@commands.command(rich_help_panel="Logging doses", **COMMAND)
def skip(
    ctx: typer.Context,
    name: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME[, NAME ...]",
            help="The item whose dose you skip; commas separate several.",
            autocompletion=complete_items,
        ),
    ] = None,
    at: At = None,
    reason: Annotated[str | None, typer.Option(help="Why, for you and your clinician.")] = None,
    due: Due = False,
    yes: Yes = False,
) -> None:
    """Log a scheduled dose you decided not to take; or several at once.

    A skip is honest but still not adherent: it is reported apart from misses.
    Several items, separated by commas, are skipped together or not at all;
    --due skips each item's latest due or overdue dose.

    Example: medlog skip magnesium glycinate --reason "upset stomach"

    Example: medlog skip --due --reason "fasting for surgery"
    """
    moment = now()
    if due or not name or any("," in word for word in name):
        batch = _batch(ctx, "skip", name or [], moment, at=at, text=reason, due=due, yes=yes)
        _say_batch(batch, moment, due=due)
        return
    from medlog.actions.doses import skip as skip_dose
    from medlog.render.confirmations import logged_text

    result = skip_dose(store_of(ctx), moment, name, at_text=at, reason=reason)
    say(logged_text(result, moment.date()), result)


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
