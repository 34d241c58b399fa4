"""The lab command: a lab result (INR, lithium level, TSH, ...) kept beside the doses."""

from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn_torn

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


# A value such as -3 reaches the command (to be refused in words), not Click's option parser.
@commands.command(
    rich_help_panel="How you've been",
    context_settings={"ignore_unknown_options": True},
    **COMMAND,
)
def lab(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="TEST VALUE [UNIT]",
            help="The test (INR, lithium, TSH, sodium, eGFR, HbA1c, vitamin D, or any other "
            "with its unit), then the value as reported.",
        ),
    ],
    unit: Annotated[
        str | None,
        typer.Option(
            help="The result's unit: mmol/mol for HbA1c in mmol/mol, nmol/L for vitamin D in "
            "nmol/L; needed for a test medlog does not know, e.g. --unit mg/L."
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            help="When the sample was taken: 'Nov 20 09:00', yesterday 8am (default now)."
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the result.")] = None,
) -> None:
    """Keep a lab result: history lists it, the report sets it beside the dose changes of the
    item it concerns (INR beside warfarin), and export --format fhir writes it as an
    Observation with its LOINC code.

    medlog checks a value only for plausibility (a slip such as 24 for 2.4) and shows no
    reference range and no verdict: targets such as an INR range are your prescriber's.

    Example: medlog lab inr 2.4 --at "Nov 20 09:00" --note "clinic"
    """
    from medlog.actions.labs import lab as keep
    from medlog.render.confirmations import recorded_text

    moment = now()
    result = keep(store_of(ctx), moment, words, unit=unit, at_text=at, note=note)
    warn_torn(result.torn, set_aside=True)
    out(recorded_text(result, moment.date()))
