"""checkins.py, questionnaires.py, regimen.py and provenance.py: parsers, instruments, and
hand-computed report figures."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from medlog.checkin_rules import (
    check_checkin,
    make_checkin,
    parse_measure,
    parse_side_effect,
    parse_sleep,
    side_effect_name,
)
from medlog.checkins import (
    CheckinReport,
    Comparison,
    MeasureFigures,
    Question,
    QuestionnaireScore,
    SideEffectFigures,
    Window,
    checkin_report,
    checkin_words,
    round2,
)
from medlog.errors import BadInput
from medlog.measures import MEASURES, measure
from medlog.model import (
    Checkin,
    Event,
    EventType,
    Instrument,
    Item,
    RegimenVersion,
    SideEffect,
)
from medlog.provenance import Provenance, backfilled, provenance, timing
from medlog.questionnaires import (
    ANSWERS,
    GAD7,
    ITEM9_MESSAGE,
    ITEM9_SOURCE,
    PERMISSION,
    PHQ9,
    QUESTIONNAIRES,
    band,
    check_answers,
    item9,
    item9_of,
    needs_item9_message,
    parse_answers,
    parse_instrument,
    questionnaire_checkin,
    score,
    score_words,
)
from medlog.regimen import regimen_changes
from medlog.schedule import parse_schedule


def as_checkin(**fields: Any) -> Checkin:
    """A Checkin from its measures and other fields by name (mood=5, answers=...)."""
    values = tuple((m.key, fields.pop(m.key)) for m in MEASURES if m.key in fields)
    return Checkin(values, **fields)


def at(day: int, clock: str = "09:00", offset: int = 0, month: int = 11) -> datetime:
    """A wall time on a day of November 2026 (or ``month``) with a UTC offset in hours."""
    hours, minutes = map(int, clock.split(":"))
    return datetime(2026, month, day, hours, minutes, tzinfo=timezone(timedelta(hours=offset)))


_ids = iter(range(1_000_000))


def checkin(when: datetime, logged: datetime | None = None, **fields: Any) -> Event:
    """A check-in event at ``when`` holding ``fields``, logged when it happened unless told."""
    return Event(f"c{next(_ids)}", "checkin", when, logged or when, checkin=as_checkin(**fields))


def event(kind: EventType, when: datetime, logged: datetime, text: str | None = None) -> Event:
    """A dose, skip, question or void event (only ``at``, ``logged_at`` and text matter here)."""
    return Event(f"e{next(_ids)}", kind, when, logged, item="x", text=text)


def version(
    start: date, dose: str | None, schedule: str = "daily 08:00", until: date | None = None
) -> RegimenVersion:
    """A regimen version from ``start`` (to the day before ``until``)."""
    amount = None if dose is None else Decimal(dose)
    return RegimenVersion(start, parse_schedule(schedule), amount, until)


def item(*versions: RegimenVersion, key: str = "lexapro") -> Item:
    """An item in mg with these regimen versions."""
    return Item(key, key.capitalize(), "rx", "mg", versions)


def report(
    events: list[Event], since: int, until: int, items: tuple[Item, ...] = ()
) -> CheckinReport:
    """The check-in report for November ``since..until``, with the events shuffled first."""
    shuffled = list(events)
    random.Random(7).shuffle(shuffled)
    return checkin_report(shuffled, items, date(2026, 11, since), date(2026, 11, until))


# --- parsers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("7", 7), (" 10 ", 10), ("07", 7)])
def test_parse_rating_accepts_whole_numbers_0_to_10(text: str, value: int) -> None:
    """A rating is a whole number from 0 to 10, spaces around it allowed."""
    assert parse_measure(text, measure("mood")) == value


@pytest.mark.parametrize(
    ("text", "what", "words"),
    [
        ("11", "mood", "Mood '11' is not a rating; give a whole number from 0 (worst) to 10"),
        ("-1", "anxiety", "0 (none) to 10 (worst)"),
        ("7.5", "sleep_quality", "0 (terrible) to 10 (excellent)"),
        ("", "mood", "not a rating"),
        ("seven", "mood", "not a rating"),
        ("٧", "mood", "not a rating"),
        ("1e1", "mood", "not a rating"),
        ("7/10", "mood", "not a rating"),
        ("9" * 100_000, "mood", "…"),
    ],
)
def test_parse_rating_refuses_anything_else(text: str, what: Any, words: str) -> None:
    """Anything but 0-10 is bad input naming the scale of that rating."""
    with pytest.raises(BadInput) as caught:
        parse_measure(text, measure(what))
    assert words in caught.value.message
    assert len(caught.value.message) < 200


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("6.5", 390),
        ("6.5h", 390),
        ("6h30m", 390),
        ("6h 30m", 390),
        ("6:30", 390),
        ("7 h", 420),
        ("45m", 45),
        ("0", 0),
        ("6.1h", 366),
        ("6.1", 366),
        (".5", 30),
        ("90m", 90),
        ("24", 1440),
        ("24:00", 1440),
        ("1440m", 1440),
        (" 6H30M ", 390),
        ("7 hours", 420),
        ("6 hr 5 min", 365),
        ("0:05", 5),
    ],
)
def test_parse_sleep_accepts_documented_forms_as_exact_minutes(text: str, minutes: int) -> None:
    """Every way of writing hours slept becomes whole minutes, exactly (6.1 h is 366 min)."""
    assert parse_sleep(text) == minutes


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("6.01h", "not a whole number of minutes; give hours and minutes"),
        ("6.01", "not a whole number of minutes"),
        ("45.5m", "not a whole number of minutes"),
        ("25", "more than 24 hours"),
        ("24:01", "more than 24 hours"),
        ("1441m", "more than 24 hours"),
        ("6:75", "60 or more minutes"),
        ("6h 60m", "60 or more minutes"),
        ("-1", "not an amount of sleep; give hours, e.g. 6.5"),
        ("", "not an amount of sleep"),
        ("6.5h30m", "not an amount of sleep"),
        ("6 h 30", "not an amount of sleep"),
        ("1e3", "not an amount of sleep"),
        ("six", "not an amount of sleep"),
        ("٦", "not an amount of sleep"),
        ("6:5", "not an amount of sleep"),
        ("nan", "not an amount of sleep"),
        ("6" * 100_000, "not an amount of sleep"),
    ],
)
def test_parse_sleep_refuses_other_text(text: str, words: str) -> None:
    """Impossible or unclear sleep is bad input saying what to write."""
    with pytest.raises(BadInput) as caught:
        parse_sleep(text)
    assert words in caught.value.message
    assert len(caught.value.message) < 200


@pytest.mark.parametrize(
    ("text", "effect"),
    [
        ("nausea", SideEffect("nausea", "mild")),
        ("nausea:moderate", SideEffect("nausea", "moderate")),
        ("Dry  Mouth : severe", SideEffect("dry mouth", "severe")),
        ("headache:NONE", SideEffect("headache", "none")),
        ("  Insomnia:Mild ", SideEffect("insomnia", "mild")),
        ("Straße", SideEffect("strasse", "mild")),
        ("cafe\u0301", SideEffect("caf\u00e9", "mild")),
        ("a" * 60, SideEffect("a" * 60, "mild")),
    ],
)
def test_parse_side_effect_normalises_the_name_and_reads_the_severity(
    text: str, effect: SideEffect
) -> None:
    """Names are casefolded, NFC and single-spaced; the severity defaults to mild."""
    assert parse_side_effect(text) == effect


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("nausea:awful", "Unknown severity 'awful' for nausea; use mild (the default), moderate"),
        ("nausea:", "Unknown severity ''"),
        ("nausea:mild:severe", "Unknown severity"),
        (":mild", "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("a" * 61, "limit is 60"),
        ("dry\tmouth", "character"),
        ("dry\nmouth", "character"),
        ("x" * 100_000, "limit is 60"),
    ],
)
def test_parse_side_effect_refuses_unknown_severities_and_bad_names(text: str, words: str) -> None:
    """An unknown severity lists the four; a bad name says what is wrong with it."""
    with pytest.raises(BadInput) as caught:
        parse_side_effect(text)
    assert words in caught.value.message
    assert len(caught.value.message) < 200


@pytest.mark.parametrize(
    ("text", "instrument", "answers"),
    [
        ("0,1,2,3,0,1,2,3,0", "phq9", (0, 1, 2, 3, 0, 1, 2, 3, 0)),
        (" 0, 1 ,2,3, 0,1,2,3,1 ", "phq9", (0, 1, 2, 3, 0, 1, 2, 3, 1)),
        ("0 1 2 3 0 1 2 3 0", "phq9", (0, 1, 2, 3, 0, 1, 2, 3, 0)),
        ("012301230", "phq9", (0, 1, 2, 3, 0, 1, 2, 3, 0)),
        ("3,3,3,3,3,3,3", "gad7", (3,) * 7),
        ("0000000", "gad7", (0,) * 7),
    ],
)
def test_parse_answers_accepts_commas_spaces_or_run_together_digits(
    text: str, instrument: Instrument, answers: tuple[int, ...]
) -> None:
    """Answers may be separated by commas or spaces, or written as one run of digits."""
    assert parse_answers(text, instrument) == answers


@pytest.mark.parametrize(
    ("text", "instrument"),
    [
        ("0,1,2,3,0,1,2,3", "phq9"),
        ("0,1,2,3,0,1,2,3,0,1", "phq9"),
        ("0,1,2,3,0,1,2,3,4", "phq9"),
        ("01230123", "phq9"),
        ("0,,1,2,3,0,1,2,3", "phq9"),
        ("0,1,2,3,0,1,2,3,0,", "phq9"),
        ("0;1;2;3;0;1;2;3;0", "phq9"),
        ("0,1,2,3,0,1,2,3,0", "gad7"),
        ("0,1,2,-1,0,1,2", "gad7"),
        ("0,1,2,٣,0,1,2", "gad7"),
        ("", "gad7"),
        ("1" * 100_000, "gad7"),
    ],
)
def test_parse_answers_refuses_wrong_counts_and_values(text: str, instrument: Instrument) -> None:
    """The wrong number of answers, or one outside 0-3, is bad input with an example."""
    with pytest.raises(BadInput) as caught:
        parse_answers(text, instrument)
    count = len(QUESTIONNAIRES[instrument].items)
    assert f"give {count} answers, each 0 (not at all) to 3 (nearly every day), e.g." in (
        caught.value.message
    )


@pytest.mark.parametrize(
    ("text", "instrument"),
    [("phq9", "phq9"), ("PHQ-9", "phq9"), (" gad7 ", "gad7"), ("GAD-7", "gad7")],
)
def test_parse_instrument_accepts_both_spellings(text: str, instrument: Instrument) -> None:
    """phq9 / PHQ-9 and gad7 / GAD-7 name the two questionnaires."""
    assert parse_instrument(text) == instrument


@pytest.mark.parametrize("text", ["phq2", "", "isi", "p" * 100_000])
def test_parse_instrument_refuses_others(text: str) -> None:
    """Any other name is bad input listing the two."""
    with pytest.raises(BadInput, match="use phq9 or gad7"):
        parse_instrument(text)


@given(st.text(max_size=60))
def test_parsers_raise_only_bad_input(text: str) -> None:
    """Whatever the text, every parser returns a value or raises BadInput with a sentence."""
    parsers = (
        lambda: parse_measure(text, measure("mood")),
        lambda: parse_sleep(text),
        lambda: parse_side_effect(text),
        lambda: parse_answers(text, "phq9"),
        lambda: parse_answers(text, "gad7"),
        lambda: parse_instrument(text),
    )
    for parse in parsers:
        try:
            parse()
        except BadInput as error:
            assert error.message.endswith(".")


@given(st.text(alphabet="0123456789.:hmins ,", max_size=20))
def test_near_miss_text_parses_in_range_or_is_bad_input(text: str) -> None:
    """Text made of the parsers' own characters gives an in-range value or BadInput."""
    checks: list[tuple[Callable[[str], Any], Callable[[Any], bool]]] = [
        (parse_sleep, lambda minutes: 0 <= minutes <= 24 * 60),
        (lambda typed: parse_measure(typed, measure("anxiety")), lambda rating: 0 <= rating <= 10),
        (
            lambda typed: parse_answers(typed, "phq9"),
            lambda answers: len(answers) == 9 and all(0 <= one <= 3 for one in answers),
        ),
    ]
    for parse, sound in checks:
        try:
            value = parse(text)
        except BadInput:
            continue
        assert sound(value)


@given(st.integers(0, 24 * 60))
def test_parse_sleep_reads_back_hours_and_minutes_exactly(minutes: int) -> None:
    """Any whole number of minutes up to 24 h, written as h/m, H:MM or minutes, reads back."""
    hours, rest = divmod(minutes, 60)
    assert parse_sleep(f"{hours}h {rest}m") == minutes
    assert parse_sleep(f"{hours}:{rest:02d}") == minutes
    assert parse_sleep(f"{minutes}m") == minutes
    if minutes % 6 == 0:  # a tenth of an hour is whole minutes
        assert parse_sleep(str(Decimal(minutes) / 60)) == minutes


@example("0 \u00b4")  # NFKC turns the acute accent into a space and a mark
@given(st.text(min_size=1, max_size=60))
def test_side_effect_names_are_stable(text: str) -> None:
    """A stored side effect name normalises to itself, so loading it again changes nothing."""
    try:
        name = side_effect_name(text)
    except BadInput:
        return
    assert side_effect_name(name) == name


# --- check-ins -----------------------------------------------------------------------------


def test_make_checkin_keeps_the_measures_given() -> None:
    """A check-in holds exactly the measures and side effects given."""
    effects = (SideEffect("nausea", "mild"), SideEffect("headache", "none"))
    made = make_checkin({"mood": 7, "sleep_minutes": 390}, side_effects=list(effects))
    assert made == as_checkin(mood=7, sleep_minutes=390, side_effects=effects)


def test_make_checkin_refuses_a_note_alone() -> None:
    """With no measure at all (a note alone) there is no check-in."""
    with pytest.raises(BadInput, match="a note alone is not a check-in"):
        make_checkin()


@pytest.mark.parametrize(
    ("checkin", "words"),
    [
        (as_checkin(mood=11), "Mood 11 is not a rating"),
        (as_checkin(anxiety=-1), "Anxiety -1 is not a rating"),
        (as_checkin(sleep_quality=True), "Sleep quality True is not a rating"),
        (as_checkin(mood="7"), "Mood '7' is not a rating"),  # type: ignore[arg-type]
        (as_checkin(sleep_minutes=1441), "1441 minutes is not possible"),
        (as_checkin(sleep_minutes=-5), "-5 minutes is not possible"),
        (as_checkin(side_effects=(SideEffect("Nausea", "mild"),)), "as medlog stores one"),
        (as_checkin(side_effects=(SideEffect("nausea", "awful"),)), "as medlog stores one"),  # type: ignore[arg-type]
        (
            as_checkin(side_effects=(SideEffect("nausea", "mild"), SideEffect("nausea", "severe"))),
            "nausea is named twice",
        ),
        (as_checkin(answers=(0,) * 9), "a note alone is not a check-in"),
        (as_checkin(mood=5, instrument="phq9", answers=(0,) * 9), "holds only its answers"),
        (as_checkin(instrument="gad7", answers=(0,) * 9), "GAD-7 answers"),
        (as_checkin(instrument="phq9", answers=(0,) * 8 + (4,)), "PHQ-9 answers"),
    ],
)
def test_check_checkin_refuses_what_no_parser_would_make(checkin: Checkin, words: str) -> None:
    """The loader's and import's check refuses out-of-range, mistyped or duplicated fields."""
    with pytest.raises(BadInput) as caught:
        check_checkin(checkin)
    assert words in caught.value.message


def test_questionnaire_checkin_holds_only_answers() -> None:
    """A questionnaire check-in holds the instrument and its answers and passes the check."""
    made = questionnaire_checkin("gad7", [1, 2, 3, 0, 1, 2, 3])
    assert made == as_checkin(instrument="gad7", answers=(1, 2, 3, 0, 1, 2, 3))
    assert check_checkin(made) == made


# --- instruments ---------------------------------------------------------------------------


def test_instruments_carry_the_standard_wording_sources_and_codes() -> None:
    """Nine PHQ-9 and seven GAD-7 items, four answers, their sources, permission and LOINC."""
    assert len(PHQ9.items) == 9 and len(GAD7.items) == 7
    assert PHQ9.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert GAD7.stem.startswith("Over the last 2 weeks, how often have you been bothered")
    assert PHQ9.items[0] == "Little interest or pleasure in doing things"
    assert PHQ9.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert GAD7.items[0] == "Feeling nervous, anxious, or on edge"
    assert GAD7.items[6] == "Feeling afraid, as if something awful might happen"
    assert ANSWERS == ("Not at all", "Several days", "More than half the days", "Nearly every day")
    assert "Kroenke" in PHQ9.source and "J Gen Intern Med 2001" in PHQ9.source
    assert "Spitzer" in GAD7.source and "Arch Intern Med 2006" in GAD7.source
    assert "No permission required to reproduce, translate, display or distribute" in PERMISSION
    assert "Pfizer" in PERMISSION
    assert (PHQ9.loinc, GAD7.loinc) == ("44261-6", "70274-6")
    assert (PHQ9.max_total, GAD7.max_total) == (27, 21)


@pytest.mark.parametrize(
    ("instrument", "total", "expected"),
    [
        ("phq9", 0, "minimal"),
        ("phq9", 4, "minimal"),
        ("phq9", 5, "mild"),
        ("phq9", 9, "mild"),
        ("phq9", 10, "moderate"),
        ("phq9", 14, "moderate"),
        ("phq9", 15, "moderately severe"),
        ("phq9", 19, "moderately severe"),
        ("phq9", 20, "severe"),
        ("phq9", 27, "severe"),
        ("gad7", 0, "minimal"),
        ("gad7", 4, "minimal"),
        ("gad7", 5, "mild"),
        ("gad7", 9, "mild"),
        ("gad7", 10, "moderate"),
        ("gad7", 14, "moderate"),
        ("gad7", 15, "severe"),
        ("gad7", 21, "severe"),
    ],
)
def test_bands_change_at_every_cut_point(instrument: Instrument, total: int, expected: str) -> None:
    """Each band starts and ends where Kroenke 2001 and Spitzer 2006 put it."""
    assert band(instrument, total) == expected


@pytest.mark.parametrize(("instrument", "total"), [("phq9", -1), ("phq9", 28), ("gad7", 22)])
def test_band_refuses_impossible_totals(instrument: Instrument, total: int) -> None:
    """A total no answers can reach is a programming error, not a band."""
    with pytest.raises(ValueError, match="total"):
        band(instrument, total)


def test_score_sums_the_answers() -> None:
    """The total is the sum of the item answers."""
    assert score("phq9", (3,) * 9) == 27
    assert score("phq9", (0, 1, 2, 3, 0, 1, 2, 3, 0)) == 12
    assert score("gad7", (1, 1, 1, 1, 1, 0, 0)) == 5
    with pytest.raises(BadInput):
        score("gad7", (1,) * 9)
    assert check_answers("gad7", [0] * 7) == (0,) * 7


def test_item9_above_zero_calls_for_the_message() -> None:
    """Only a PHQ-9 with item 9 above 0 shows the message; it says where to turn now."""
    assert item9("phq9", (0,) * 8 + (2,)) == 2
    assert item9("gad7", (3,) * 7) is None
    assert not needs_item9_message("phq9", (3,) * 8 + (0,))
    assert needs_item9_message("phq9", (0,) * 8 + (1,))
    assert not needs_item9_message("gad7", (3,) * 7)
    for words in ("emergency number now", "911", "call or text 988", "clinician today"):
        assert words in ITEM9_MESSAGE
    assert "medlog sends nothing to anyone" in ITEM9_MESSAGE
    assert "SAMHSA" in ITEM9_SOURCE and "2023-11-30" in ITEM9_SOURCE
    assert item9_of(as_checkin(instrument="phq9", answers=(0,) * 8 + (3,))) == 3
    assert item9_of(as_checkin(mood=3)) is None and item9_of(None) is None


@pytest.mark.parametrize(
    ("instrument", "answers", "words"),
    [
        ("phq9", (0,) * 8 + (1,), "1 of 27, in the minimal band; question 9 answered 'several "
                                  "days'"),
        ("phq9", (3,) * 7 + (1, 0), "22 of 27, in the severe band"),
        ("phq9", (0,) * 8 + (3,), "3 of 27, in the minimal band; question 9 answered 'nearly every "
                                  "day'"),
        ("gad7", (3,) * 7, "21 of 21, in the severe band"),
    ],
)  # fmt: skip
def test_score_words_name_the_band_and_question_9(
    instrument: Instrument, answers: tuple[int, ...], words: str
) -> None:
    """A total's words give its band, and question 9's answer only when it is above 0."""
    assert score_words(instrument, answers) == words


def test_checkin_words_name_question_9() -> None:
    """History and undo describe a PHQ-9 with its total, band and a question 9 above 0."""
    positive = as_checkin(instrument="phq9", answers=(0,) * 8 + (2,))
    assert checkin_words(positive) == (
        "PHQ-9 2 (minimal), question 9 answered 'more than half the days'"
    )
    assert checkin_words(as_checkin(instrument="gad7", answers=(1,) * 7)) == "GAD-7 7 (mild)"


# --- report figures ------------------------------------------------------------------------


def test_measures_count_entries_and_round_means_once() -> None:
    """Hand-computed n, mean, min, max and last per measure; local days decide the period."""
    events = [
        checkin(at(1, "08:00"), mood=5, anxiety=6, sleep_minutes=390, sleep_quality=7),
        checkin(at(1, "20:00"), mood=6),
        checkin(at(3), mood=4, sleep_minutes=400),
        checkin(at(5), mood=7, anxiety=3, sleep_minutes=365),
        # Local day Nov 7 (04:30 UTC on Nov 8): inside the period, and the latest entry.
        checkin(at(7, "23:30", offset=-5), mood=8),
        # Local day Nov 8 (22:30 UTC on Nov 7): outside the period although earlier.
        checkin(at(8, "00:30", offset=2), mood=0),
        checkin(at(31, "12:00", month=10), mood=10),
        checkin(at(2), side_effects=(SideEffect("nausea", "mild"),)),
        event("dose", at(2), at(2)),
    ]
    figures = report(events, 1, 7)
    assert figures.since == date(2026, 11, 1) and figures.until == date(2026, 11, 7)
    assert figures.measures == (
        # 5, 6, 4, 7, 8: 30 / 5
        MeasureFigures("mood", 5, Decimal("6.00"), Decimal("4"), Decimal("8"), Decimal("8")),
        # 6, 3: 9 / 2
        MeasureFigures("anxiety", 2, Decimal("4.50"), Decimal("3"), Decimal("6"), Decimal("3")),
        # 390, 400, 365 min: 1155 / 3 = 385 min = 6.41666 h; 365 min = 6.0833 h; 400 min = 6.6666 h
        MeasureFigures(
            "sleep_hours", 3, Decimal("6.42"), Decimal("6.08"), Decimal("6.67"), Decimal("6.08")
        ),
        MeasureFigures(
            "sleep_quality", 1, Decimal("7.00"), Decimal("7"), Decimal("7"), Decimal("7")
        ),
    )
    # Decimals compare by value, so check the written form too: means keep 2 places.
    assert [[str(value) for value in row[2:]] for row in figures.measures] == [
        ["6.00", "4", "8", "8"],
        ["4.50", "3", "6", "3"],
        ["6.42", "6.08", "6.67", "6.08"],
        ["7.00", "7", "7", "7"],
    ]


def test_a_measure_with_no_entry_in_the_period_has_no_figures() -> None:
    """Only measures with entries appear, in the fixed order mood, anxiety, sleep, quality."""
    figures = report([checkin(at(2), sleep_quality=3, anxiety=4)], 1, 7)
    assert [row.measure for row in figures.measures] == ["anxiety", "sleep_quality"]
    assert report([], 1, 7) == CheckinReport(
        date(2026, 11, 1), date(2026, 11, 7), (), (), (), (), (), ()
    )


@pytest.mark.parametrize(("threes", "mean"), [(69, "2.34"), (71, "2.36")])
def test_rating_means_round_half_even(threes: int, mean: str) -> None:
    """469 / 200 = 2.345 rounds to 2.34 and 471 / 200 = 2.355 to 2.36 (half-even, exact)."""
    values = [3] * threes + [2] * (200 - threes)
    events = [checkin(at(1) + timedelta(minutes=n), mood=value) for n, value in enumerate(values)]
    (figures,) = report(events, 1, 1).measures
    assert (figures.n, str(figures.mean)) == (200, mean)


@pytest.mark.parametrize(
    ("minutes", "mean", "lowest", "highest"),
    [
        # 1407 min / 10 = 140.7 min = 2.345 h; 140 min = 2.333 h; 141 min = 2.35 h
        ([141] * 7 + [140] * 3, "2.34", "2.33", "2.35"),
        # 1413 min / 10 = 141.3 min = 2.355 h; 142 min = 2.3666 h
        ([141] * 7 + [142] * 3, "2.36", "2.35", "2.37"),
    ],
)
def test_sleep_means_are_exact_minutes_over_60_rounded_half_even(
    minutes: list[int], mean: str, lowest: str, highest: str
) -> None:
    """Sleep hours are exact minutes / 60 before the one rounding, so ties round half-even."""
    events = [checkin(at(n + 1), sleep_minutes=value) for n, value in enumerate(minutes)]
    (figures,) = report(events, 1, 10).measures
    assert (str(figures.mean), str(figures.min), str(figures.max)) == (mean, lowest, highest)


def test_round2_is_exact_half_even() -> None:
    """round2 rounds a fraction to 2 places half-even, with both places kept."""
    assert str(round2(Fraction(469, 200))) == "2.34"
    assert str(round2(Fraction(471, 200))) == "2.36"
    assert str(round2(Fraction(-469, 200))) == "-2.34"
    assert str(round2(Fraction(13, 6))) == "2.17"
    assert str(round2(Fraction(5))) == "5.00"


def test_questionnaires_are_listed_in_time_order_with_band_and_item9() -> None:
    """PHQ-9 and GAD-7 results: date, total, band, item 9 (PHQ-9 only), in time order."""
    events = [
        checkin(at(6, "10:00"), instrument="phq9", answers=(1, 1, 1, 1, 1, 0, 0, 0, 2)),
        checkin(at(2, "10:00"), instrument="phq9", answers=(3, 3, 3, 3, 3, 3, 0, 0, 0)),
        checkin(at(4, "10:00"), instrument="gad7", answers=(2, 2, 2, 2, 2, 0, 0)),
        checkin(at(9, "10:00"), instrument="gad7", answers=(3,) * 7),
    ]
    figures = report(events, 1, 7)
    assert figures.phq9 == (
        QuestionnaireScore(date(2026, 11, 2), at(2, "10:00"), 18, "moderately severe", 0),
        QuestionnaireScore(date(2026, 11, 6), at(6, "10:00"), 7, "mild", 2),
    )
    assert figures.gad7 == (
        QuestionnaireScore(date(2026, 11, 4), at(4, "10:00"), 10, "moderate", None),
    )
    assert figures.measures == ()


def test_side_effects_count_days_and_keep_the_worst() -> None:
    """Days at a severity other than none, the worst and the latest; a name only "none" shows 0."""
    events = [
        checkin(
            at(1, "08:00"),
            side_effects=(SideEffect("nausea", "mild"), SideEffect("headache", "moderate")),
        ),
        checkin(at(1, "20:00"), side_effects=(SideEffect("nausea", "moderate"),)),
        checkin(
            at(2), side_effects=(SideEffect("nausea", "severe"), SideEffect("dizziness", "none"))
        ),
        checkin(at(3), side_effects=(SideEffect("nausea", "none"),)),
        checkin(at(4), side_effects=(SideEffect("headache", "mild"),)),
        checkin(at(9), side_effects=(SideEffect("rash", "severe"),)),
    ]
    assert report(events, 1, 7).side_effects == (
        SideEffectFigures("headache", 2, "moderate", "mild"),
        SideEffectFigures("nausea", 2, "severe", "none"),
        SideEffectFigures("dizziness", 0, "none", "none"),
    )


def test_questions_in_the_period_are_listed_in_time_order() -> None:
    """Questions carry their local day and text; those outside the period are left out."""
    events = [
        event("question", at(5), at(5), text="Can I take it at night?"),
        event("question", at(2), at(2), text="Is dry mouth common?"),
        event("question", at(9), at(9), text="Outside the period"),
    ]
    assert report(events, 1, 7).questions == (
        Question(date(2026, 11, 2), "Is dry mouth common?"),
        Question(date(2026, 11, 5), "Can I take it at night?"),
    )


# --- comparisons ---------------------------------------------------------------------------


def titration_events() -> list[Event]:
    """Check-ins around a titration on Nov 15: windows Nov 1-14 and Nov 15-28."""
    before: dict[int, dict[str, Any]] = {  # day: fields
        1: {"mood": 4, "sleep_minutes": 420},
        3: {"mood": 5, "anxiety": 7, "sleep_minutes": 420, "sleep_quality": 3},
        5: {"mood": 4, "anxiety": 7, "sleep_minutes": 400},
        7: {"mood": 5, "anxiety": 6, "sleep_minutes": 390, "sleep_quality": 4},
        9: {"anxiety": 6, "sleep_minutes": 360},
        11: {"mood": 4, "anxiety": 5},
    }
    after: dict[int, dict[str, Any]] = {
        15: {"mood": 6, "anxiety": 4, "sleep_minutes": 450},
        17: {"mood": 7, "anxiety": 4, "sleep_minutes": 480},
        19: {"mood": 6, "anxiety": 3, "sleep_minutes": 420},
        21: {"mood": 7, "anxiety": 3, "sleep_minutes": 450},
        23: {"mood": 7, "sleep_minutes": 465},
    }
    events = [checkin(at(day), **fields) for day, fields in (before | after).items()]
    return [
        *events,
        checkin(at(14, "23:59"), mood=6),  # last minute of the before window
        checkin(at(28, "00:00"), mood=8),  # first minute of the last day after
        checkin(at(31, "12:00", month=10), mood=0),  # a day before the before window
        checkin(at(29, "00:00"), mood=1),  # a day after the after window
        checkin(at(16), instrument="phq9", answers=(3,) * 9),  # questionnaires are not compared
    ]


def test_comparison_across_a_titration_uses_exact_means() -> None:
    """10 mg -> 20 mg on Nov 15: before/after windows of 14 days, difference from exact means."""
    lexapro = item(
        version(date(2026, 10, 1), "10"),
        version(date(2026, 11, 15), "20"),
    )
    figures = report(titration_events(), 10, 30, (lexapro,))
    change = ("lexapro", "Lexapro", "10 mg → 20 mg", date(2026, 11, 15))
    assert figures.comparisons == (
        # mood before 4,5,4,5,4,6 = 28/6 (4.67); after 6,7,6,7,7,8 = 41/6 (6.83);
        # 13/6 = 2.1666 -> 2.17, not 6.83 - 4.67 = 2.16.
        Comparison(
            *change,
            "mood",
            Window(6, Decimal("4.67")),
            Window(6, Decimal("6.83")),
            Decimal("2.17"),
            None,
        ),
        # anxiety before 7,7,6,6,5 = 31/5; after 4,4,3,3: only 4 entries.
        Comparison(
            *change,
            "anxiety",
            Window(5, Decimal("6.20")),
            Window(4, Decimal("3.50")),
            None,
            "fewer than 5 entries after",
        ),
        # sleep before 420,420,400,390,360 min = 398 min avg (6.63 h);
        # after 450,480,420,450,465 = 453 min avg (7.55 h); 55 min = 0.9166 h -> 0.92.
        Comparison(
            *change,
            "sleep_hours",
            Window(5, Decimal("6.63")),
            Window(5, Decimal("7.55")),
            Decimal("0.92"),
            None,
        ),
        # sleep quality 3, 4 before and nothing after.
        Comparison(
            *change,
            "sleep_quality",
            Window(2, Decimal("3.50")),
            Window(0, None),
            None,
            "fewer than 5 entries before and after",
        ),
    )
    assert [row.measure for row in figures.comparisons] == [found.name for found in MEASURES]


def test_a_measure_with_no_entries_on_either_side_gets_no_row() -> None:
    """Only measures with an entry in one of the two windows are compared."""
    lexapro = item(version(date(2026, 10, 1), "10"), version(date(2026, 11, 15), "20"))
    events = [checkin(at(14), mood=5), checkin(at(1), side_effects=(SideEffect("rash", "mild"),))]
    (row,) = report(events, 1, 30, (lexapro,)).comparisons
    assert (row.measure, row.before, row.after, row.difference, row.reason) == (
        "mood",
        Window(1, Decimal("5.00")),
        Window(0, None),
        None,
        "fewer than 5 entries before and after",
    )


def test_only_changes_inside_the_period_are_compared_in_day_then_item_order() -> None:
    """Changes outside the period are left out; same-day changes follow the items' order."""
    lexapro = item(version(date(2026, 10, 1), "10"), version(date(2026, 11, 15), "20"))
    magnesium = item(version(date(2026, 11, 15), "200", "daily"), key="magnesium")
    later = item(version(date(2026, 11, 3), "5", until=date(2026, 11, 20)), key="melatonin")
    events = [checkin(at(10), mood=5)]
    rows = report(events, 2, 30, (later, lexapro, magnesium)).comparisons
    assert [(row.item, row.change, row.on) for row in rows] == [
        ("melatonin", "started", date(2026, 11, 3)),
        ("lexapro", "10 mg → 20 mg", date(2026, 11, 15)),
        ("magnesium", "started", date(2026, 11, 15)),
        ("melatonin", "stopped", date(2026, 11, 20)),
    ]
    assert report(events, 16, 19, (later, lexapro, magnesium)).comparisons == ()


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        ([version(date(2026, 11, 1), "10")], [(1, "started")]),
        (
            [version(date(2026, 11, 1), "10"), version(date(2026, 11, 8), "10", "daily 20:00")],
            [(1, "started"), (8, "daily 08:00 → daily 20:00")],
        ),
        (
            [version(date(2026, 11, 1), "10"), version(date(2026, 11, 8), "20", "daily 20:00")],
            [(1, "started"), (8, "10 mg → 20 mg; daily 08:00 → daily 20:00")],
        ),
        (
            [version(date(2026, 11, 1), "10", until=date(2026, 11, 9))],
            [(1, "started"), (9, "stopped")],
        ),
        (
            [
                version(date(2026, 11, 1), "10", until=date(2026, 11, 9)),
                version(date(2026, 11, 12), "10"),
            ],
            [(1, "started"), (9, "stopped"), (12, "resumed")],
        ),
        (
            [
                version(date(2026, 11, 1), "10", until=date(2026, 11, 9)),
                version(date(2026, 11, 12), "20"),
            ],
            [(1, "started"), (9, "stopped"), (12, "resumed; 10 mg → 20 mg")],
        ),
        (
            # stopped and resumed the same day: it never stopped
            [
                version(date(2026, 11, 1), "10", until=date(2026, 11, 9)),
                version(date(2026, 11, 9), "10"),
            ],
            [(1, "started")],
        ),
        (
            # a version stopped on its first day was never in force, but ends the one before
            [
                version(date(2026, 11, 1), "10"),
                version(date(2026, 11, 9), "20", until=date(2026, 11, 9)),
            ],
            [(1, "started"), (9, "stopped")],
        ),
        ([version(date(2026, 11, 1), "10", until=date(2026, 11, 1))], []),
        (
            [version(date(2026, 11, 1), "10"), version(date(2026, 11, 8), "10")],
            [(1, "started")],
        ),
        (
            [
                version(date(2026, 11, 1), None, "as needed"),
                version(date(2026, 11, 8), "5", "as needed"),
            ],
            [(1, "started"), (8, "no set dose → 5 mg")],
        ),
    ],
)
def test_regimen_changes_read_each_start_change_stop_and_resume(
    versions: list[RegimenVersion], expected: list[tuple[int, str]]
) -> None:
    """Every kind of regimen change is found on its day and said in words."""
    changes = regimen_changes(item(*versions))
    assert [(change.on.day, change.change) for change in changes] == expected


# --- provenance ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "logged", "expected"),
    [
        (at(1, "08:00"), at(1, "08:30"), "within_hour"),
        (at(1, "08:00"), at(1, "09:00"), "within_hour"),  # exactly an hour
        (at(1, "08:00"), at(1, "07:50"), "within_hour"),  # logged before it happened
        (at(1, "08:00"), at(1, "09:01"), "same_day"),
        (at(1, "08:00"), at(1, "23:59"), "same_day"),
        (at(1, "23:30"), at(2, "00:15"), "within_hour"),  # across midnight, within the hour
        (at(1, "22:00"), at(2, "00:30"), "later_day"),  # across midnight: back-filled
        (at(1, "20:00", -5), at(2, "03:00"), "same_day"),  # 22:00 in the offset of at
        (at(1, "10:00"), at(1, "23:30", -5), "later_day"),  # 04:30 on Nov 2 in UTC
        (at(1, "08:00"), at(8, "08:00"), "later_day"),
    ],
)
def test_timing_is_tested_hour_then_same_day_then_later(
    when: datetime, logged: datetime, expected: str
) -> None:
    """Within an hour (or negative), else the same day in at's offset, else back-filled."""
    logged_event = event("dose", when, logged)
    assert timing(logged_event) == expected
    assert backfilled(logged_event) is (expected == "later_day")


def test_provenance_counts_doses_skips_and_checkins() -> None:
    """Only doses, skips and check-ins count (the report passes the period's live ones)."""
    events = [
        event("dose", at(1, "08:00"), at(1, "08:20")),
        event("skip", at(1, "08:00"), at(1, "07:00")),
        event("dose", at(1, "22:00"), at(2, "00:30")),
        checkin(at(2, "08:00"), at(2, "12:00"), mood=5),
        checkin(at(3, "08:00"), at(5, "12:00"), mood=5),
        event("question", at(2), at(9), text="?"),
        event("void", at(2), at(9)),
    ]
    assert provenance(events) == Provenance(5, 2, 1, 2)


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        ("6.43", "7.04", "sleep 6h26m → 7h02m (+36m)"),  # 385.8 -> 386, 422.4 -> 422
        ("7.5", "7.5", "sleep 7h30m → 7h30m (0m)"),
        ("8", "7.5", "sleep 8h00m → 7h30m (-30m)"),
        ("5", "6.5", "sleep 5h00m → 6h30m (+1h30m)"),
    ],
)
def test_a_sleep_comparison_agrees_with_the_times_it_shows(
    before: str, after: str, words: str
) -> None:
    """The change is worked out from the minutes shown, so "6h26m → 7h02m" is "+36m" even
    when the exact means differ by 36.6 minutes."""
    from medlog.checkins import Comparison, Window
    from medlog.sections.checkins import _compared

    row = Comparison("x", "X", "started", date(2026, 11, 14), "sleep_hours",
                     Window(5, Decimal(before)), Window(5, Decimal(after)),
                     Decimal(after) - Decimal(before), None)  # fmt: skip
    assert _compared(row) == words
