"""The amend command: correct a logged dose's amount, keeping the original in history."""

from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn, warn_torn

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


@commands.command(
    context_settings={"ignore_unknown_options": True}, rich_help_panel="Logging doses", **COMMAND
)
def amend(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="ID... AMOUNT",
            help="The dose's id (or its first digits, as medlog history shows them; several "
            "take the same amount), then the amount it should have been: 20mg, '1/2 tablet'.",
            show_default=False,
        ),
    ],
    reason: Annotated[
        str | None, typer.Option(help="Why it was wrong (default: 'amended to AMOUNT').")
    ] = None,
) -> None:
    """Correct the amount of a dose already logged.

    The dose keeps its time; the original stays in history, voided, and the new
    dose says which one it amended, so a clinician sees the correction. Several
    ids are corrected together or not at all. medlog edit --from offers this
    command for doses logged before a change of dose was entered.

    Example: medlog amend 3f2a9c1e 20mg
    """
    from medlog.actions.amend import amend as amend_doses
    from medlog.render.confirmations import amended_text

    moment = now()
    result = amend_doses(store_of(ctx), moment, words, reason=reason)
    warn_torn(result.torn, set_aside=True)
    out(amended_text(result, moment.date()))
    for amended in result.amended:
        for warning in amended.logged.warnings:
            warn(warning)
