"""The PHQ-9 and GAD-7: their wording, answers, scores, bands, sources and codes.

Both are free to reproduce ("No permission required to reproduce, translate,
display or distribute"). Only the scored items are here: the closing "how
difficult have these problems made it" question adds nothing to the total, so
medlog does not ask it. Pure code: nothing here reads or prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from medlog.errors import BadInput, quote
from medlog.model import Checkin, Instrument

ANSWERS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
ANSWER_LOINC = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")  # the same answers, LOINC-coded
MAX_ANSWER = len(ANSWERS) - 1
PERMISSION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)
ITEM9_MESSAGE = (
    "Your answer to question 9 matters. If you might act on these thoughts, call your local "
    "emergency number now (911 in the US). In the US or Canada, call or text 988 (the Suicide "
    "& Crisis Lifeline; in Canada, the Suicide Crisis Helpline). And contact your clinician "
    "today: medlog sends nothing to anyone."
)
ITEM9_SOURCE = (
    "988: the US Suicide & Crisis Lifeline (SAMHSA; since 2022-07-16) and Canada's 9-8-8 "
    "Suicide Crisis Helpline (CAMH for the Public Health Agency of Canada; since 2023-11-30). "
    "988 is a crisis line, not emergency services."
)
SCREENING = "a screening score, not a diagnosis"  # Kroenke 2001; Spitzer 2006


class Questionnaire(NamedTuple):
    """One instrument: what to show, how to score it, and where it comes from."""

    key: Instrument
    title: str
    stem: str
    items: tuple[str, ...]
    bands: tuple[tuple[int, str], ...]  # (lowest total, band), lowest first
    source: str
    loinc: str  # the total score
    loinc_display: str
    panel_loinc: str  # the questionnaire as a whole
    item_loinc: tuple[str, ...]  # each item's, in order

    @property
    def max_total(self) -> int:
        """The highest possible total: every item answered "Nearly every day"."""
        return MAX_ANSWER * len(self.items)

    @property
    def band_text(self) -> str:
        """Each band with its totals: "0-4 minimal, 5-9 mild, ..., 20-27 severe"."""
        highs = [low - 1 for low, _ in self.bands[1:]] + [self.max_total]
        return ", ".join(
            f"{low}-{high} {band}" for (low, band), high in zip(self.bands, highs, strict=True)
        )


PHQ9 = Questionnaire(
    key="phq9",
    title="PHQ-9",
    stem=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=(
        (0, "minimal"),
        (5, "mild"),
        (10, "moderate"),
        (15, "moderately severe"),
        (20, "severe"),
    ),
    source=(
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression "
        "severity measure. J Gen Intern Med 2001;16(9):606-613."
    ),
    loinc="44261-6",
    loinc_display="Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    panel_loinc="44249-1",
    # The items' codes as HL7's US Core Implementation Guide uses them (its PHQ-9 example
    # Questionnaire and the Observation PHQ9-item-example-44260-8).
    item_loinc=(
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
    ),
)
GAD7 = Questionnaire(
    key="gad7",
    title="GAD-7",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ),
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
    source=(
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing "
        "generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097."
    ),
    loinc="70274-6",
    loinc_display="Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
    panel_loinc="69737-5",
    # LOINC, as the NLM LHC-Forms GAD-7 questionnaire codes its items.
    item_loinc=("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
)
QUESTIONNAIRES: dict[Instrument, Questionnaire] = {"phq9": PHQ9, "gad7": GAD7}
_NAMES: dict[str, Instrument] = {"phq9": "phq9", "phq-9": "phq9", "gad7": "gad7", "gad-7": "gad7"}
_MAX_TEXT = 100
ITEM9_INDEX = 8  # PHQ-9 item 9 in the answers


def search(query: str | None) -> tuple[Questionnaire, ...]:
    """The questionnaires whose name contains ``query`` ("phq", "GAD-7"); all for None."""
    if query is None:
        return tuple(QUESTIONNAIRES.values())
    wanted = re.sub(r"[^a-z0-9]+", "", query.casefold())
    return tuple(
        questionnaire for questionnaire in QUESTIONNAIRES.values() if wanted in questionnaire.key
    )


def parse_instrument(text: str) -> Instrument:
    """The instrument a person named: "phq9" or "PHQ-9" -> "phq9", "gad7" or "GAD-7" -> "gad7"."""
    instrument = _NAMES.get(text.strip().casefold()) if len(text) <= _MAX_TEXT else None
    if instrument is None:
        raise BadInput(f"{quote(text)} is not a questionnaire medlog knows; use phq9 or gad7.")
    return instrument


def parse_answers(text: str, instrument: Instrument) -> tuple[int, ...]:
    """Each item's answer, 0-3, from "0,1,2,3,..." (commas, spaces, or nine digits run together).

    The count must match the instrument: 9 for the PHQ-9, 7 for the GAD-7.
    """
    questionnaire = QUESTIONNAIRES[instrument]
    spoken = text.strip()
    if len(spoken) > _MAX_TEXT:
        raise _bad_answers(text, questionnaire)
    if re.fullmatch(r"[0-9]+", spoken) and len(spoken) == len(questionnaire.items):
        parts = list(spoken)
    else:
        parts = re.split(r"\s*,\s*|\s+", spoken)
    if not all(re.fullmatch(r"[0-9]", part) for part in parts):
        raise _bad_answers(text, questionnaire)
    return check_answers(instrument, tuple(int(part) for part in parts))


def check_answers(instrument: Instrument, answers: Sequence[int]) -> tuple[int, ...]:
    """``answers`` as a tuple, or bad input unless there is one whole number 0-3 per item."""
    questionnaire = QUESTIONNAIRES[instrument]
    shown = ",".join(str(answer) for answer in answers)
    if len(answers) != len(questionnaire.items) or not all(
        type(answer) is int and 0 <= answer <= MAX_ANSWER for answer in answers
    ):
        raise _bad_answers(shown, questionnaire)
    return tuple(answers)


def _bad_answers(text: str, questionnaire: Questionnaire) -> BadInput:
    count = len(questionnaire.items)
    example = ",".join(str(n % (MAX_ANSWER + 1)) for n in range(count))
    return BadInput(
        f"{quote(text)} is not a set of {questionnaire.title} answers; give {count} answers, "
        f"each 0 (not at all) to 3 (nearly every day), e.g. {example}."
    )


def questionnaire_checkin(instrument: Instrument, answers: Sequence[int]) -> Checkin:
    """A questionnaire check-in with validated answers (and no ratings)."""
    return Checkin(instrument=instrument, answers=check_answers(instrument, answers))


def score(instrument: Instrument, answers: Sequence[int]) -> int:
    """The total score: the sum of the answers (PHQ-9 0-27, GAD-7 0-21)."""
    return sum(check_answers(instrument, answers))


def band(instrument: Instrument, total: int) -> str:
    """The severity band of a total, e.g. "mild"; only the PHQ-9 has "moderately severe"."""
    questionnaire = QUESTIONNAIRES[instrument]
    if not 0 <= total <= questionnaire.max_total:
        raise ValueError(f"a {questionnaire.title} total is 0-{questionnaire.max_total}: {total}")
    return next(name for lowest, name in reversed(questionnaire.bands) if total >= lowest)


def item9(instrument: Instrument, answers: Sequence[int]) -> int | None:
    """The answer to PHQ-9 item 9 (thoughts of self-harm); None for the GAD-7."""
    return answers[ITEM9_INDEX] if instrument == "phq9" else None


def item9_of(checkin: Checkin | None) -> int | None:
    """A check-in's answer to PHQ-9 question 9; None for any other check-in, or none."""
    if checkin is None or checkin.instrument is None:
        return None
    return item9(checkin.instrument, checkin.answers)


def needs_item9_message(instrument: Instrument, answers: Sequence[int]) -> bool:
    """True when ITEM9_MESSAGE must be shown: a PHQ-9 whose item 9 is answered above 0."""
    return (item9(instrument, answers) or 0) > 0


def item9_words(answer: int) -> str:
    """Question 9's answer for a line of text: "question 9 answered 'several days'"."""
    return f"question 9 answered '{ANSWERS[answer].lower()}'"


def score_words(instrument: Instrument, answers: Sequence[int]) -> str:
    """The total in words with its band, and question 9's answer when above 0:
    "1 of 27, in the minimal band; question 9 answered 'several days'"."""
    total = score(instrument, answers)
    words = (
        f"{total} of {QUESTIONNAIRES[instrument].max_total}, in the {band(instrument, total)} band"
    )
    answer = item9(instrument, answers)
    return f"{words}; {item9_words(answer)}" if answer else words
