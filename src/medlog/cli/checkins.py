"""Commands about how you've been: checkin (ratings, sleep, side effects, PHQ-9, GAD-7), ask."""

from typing import TYPE_CHECKING, Annotated

import typer

from medlog import measures
from medlog.cli.app import COMMAND, now, out, store_of, warn_torn
from medlog.cli.arguments import complete_side_effect
from medlog.cli.fast import check_in

if TYPE_CHECKING:
    from medlog.model import Instrument

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)

At = Annotated[
    str | None,
    typer.Option(
        "--at", help="When: 8am, 'yesterday 9pm', '90 min ago', 2026-11-20T08:00 (default now)."
    ),
]


def _rating_help(key: str) -> str:
    """An option's help from the measure's row: "Mood, a whole number from 0 (worst) to 10
    (best)."."""
    found = measures.measure(key)
    return f"{found.label}, a whole number from {found.scale}."


@commands.command(rich_help_panel="How you've been", **COMMAND)
def checkin(
    ctx: typer.Context,
    instrument: Annotated[
        str | None,
        typer.Argument(
            metavar="[phq9|gad7]",
            help="Answer the PHQ-9 (depression) or GAD-7 (anxiety) questionnaire instead.",
            show_default=False,
        ),
    ] = None,
    # One option per row of measures.MEASURES, each parameter named as the row's key.
    mood: Annotated[str | None, typer.Option(help=_rating_help("mood"))] = None,
    anxiety: Annotated[str | None, typer.Option(help=_rating_help("anxiety"))] = None,
    sleep_minutes: Annotated[
        str | None,
        typer.Option(
            "--sleep",
            help="Hours slept last night (the night that ended today): 6.5, 6.5h, 6h30m or 6:30.",
        ),
    ] = None,
    sleep_quality: Annotated[str | None, typer.Option(help=_rating_help("sleep_quality"))] = None,
    side_effect: Annotated[
        list[str] | None,
        typer.Option(
            "--side-effect",
            help="A side effect, NAME[:mild|moderate|severe|none] (none: it has gone). "
            "Repeat for more; Tab completes the names you have used.",
            autocompletion=complete_side_effect,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the check-in.")] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            help="A questionnaire's answers without asking, 0-3 each: 9 for phq9, 7 for gad7, "
            "e.g. 0,1,2,0,1,0,0,1,0."
        ),
    ] = None,
    at: At = None,
) -> None:
    """Record how you've been, to set beside your doses and each change of regimen.

    Give at least one measure (--mood, --anxiety, --sleep, --sleep-quality) or
    --side-effect. With phq9 or gad7, answers each standard question (on a
    terminal it asks them; in a script give --answers) and prints the total
    and its band: a screening score, not a diagnosis. medlog sends nothing to
    anyone.

    Example: medlog checkin --mood 6 --sleep 6h30m --side-effect nausea:mild
    """
    parameters = locals()
    typed = {measure.key: parameters[measure.key] for measure in measures.MEASURES}
    store, moment = store_of(ctx), now()
    if instrument is None:
        if answers is not None:
            from medlog.errors import BadInput

            raise BadInput(
                "--answers belongs to a questionnaire: medlog checkin phq9 --answers ..."
            )
        check_in(store, moment, typed, side_effects=side_effect or (), note=note, at=at)
    else:
        from medlog.actions import checkins
        from medlog.questionnaires import ITEM9_MESSAGE, needs_item9_message
        from medlog.render.confirmations import recorded_text
        from medlog.timeparse import parse_when

        when = parse_when(at, moment) if at is not None else moment  # before any question
        others = (*typed.values(), *(side_effect or ()))
        chosen, given = _answers(instrument, answers, others)
        if needs_item9_message(chosen, given):
            # On stdout, so no pipe can drop it, and only there, so a terminal shows it once;
            # first, so that nothing that goes wrong below can hide it.
            from medlog.render.console import make_console

            make_console().print(ITEM9_MESSAGE)
        result = checkins.questionnaire(store, moment, chosen, given, note=note, at=when)
        warn_torn(result.torn, set_aside=True)
        out(recorded_text(result, moment.date()))


def _answers(
    text: str, answers: str | None, others: tuple[str | None, ...]
) -> tuple["Instrument", tuple[int, ...]]:
    """The questionnaire and its answers: from --answers, or asked one by one on a terminal."""
    import sys

    from medlog.errors import BadInput, Stopped
    from medlog.questionnaires import ANSWERS, QUESTIONNAIRES, parse_answers, parse_instrument

    instrument = parse_instrument(text)
    if any(value is not None for value in others):
        raise BadInput(
            "A questionnaire holds only its answers (and a --note); give ratings and side "
            "effects in a check-in of their own."
        )
    if answers is not None:
        return instrument, parse_answers(answers, instrument)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInput(
            f"Not on a terminal, so give the answers: medlog checkin {instrument} --answers "
            f"{','.join(['0'] * len(QUESTIONNAIRES[instrument].items))} (each 0-3)."
        )
    form = QUESTIONNAIRES[instrument]
    sys.stdout.write(f"{form.title}\n{form.stem}\n")
    sys.stdout.write("".join(f"  {n} {words}\n" for n, words in enumerate(ANSWERS)))
    given = []
    for number, question in enumerate(form.items, start=1):
        while True:
            try:
                reply = typer.prompt(f"{number}. {question} [0-3]").strip()
            except typer.Abort:
                raise Stopped(
                    f"Stopped at question {number} of {len(form.items)}; nothing was recorded."
                ) from None
            if reply in ("0", "1", "2", "3"):
                given.append(int(reply))
                break
            sys.stdout.write("  Answer with 0, 1, 2 or 3.\n")
    return instrument, tuple(given)


@commands.command(rich_help_panel="How you've been", **COMMAND)
def ask(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(metavar="QUESTION", help="The question (quotes optional)."),
    ],
    at: At = None,
) -> None:
    """Keep a question for your next visit; the report lists it at the top of the summary.

    Example: medlog ask Can I take magnesium at night with Lexapro?
    """
    from medlog.actions.checkins import ask as keep
    from medlog.render.confirmations import recorded_text

    moment = now()
    result = keep(store_of(ctx), moment, " ".join(words), at_text=at)
    warn_torn(result.torn, set_aside=True)
    out(recorded_text(result, moment.date()))
