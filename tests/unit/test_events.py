"""events.py: one line <-> one Event; every field passes the command line's rule; the regex
fast path and the JSON path agree on every line medlog can write, of every event type."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog import events, labs
from medlog.errors import BadInput, StoreProblem
from medlog.model import Checkin, Event, SideEffect
from medlog.names import MAX_NOTE, clean_text
from medlog.units import CANONICAL_UNITS

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
ZONES = [
    UTC,
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=9, minutes=30)),
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
]


def _storable(text: str) -> bool:
    try:
        return clean_text(text, "text", MAX_NOTE) == text
    except BadInput:
        return False


TEXTS = st.one_of(
    st.none(),
    st.text(
        st.characters(exclude_categories=("Cc", "Cf", "Cs", "Cn", "Co", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    ).filter(_storable),
    st.sampled_from(['with "food"', "back\\slash", "é ü 漢字 🙂", "a}b{c", '","amount":"9"']),
)
MOMENTS = st.datetimes(
    min_value=datetime(1971, 1, 2),
    max_value=datetime(2999, 12, 30),
    timezones=st.sampled_from(ZONES),
)
KEYS = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,12}[a-z0-9])?", fullmatch=True)
IDS = st.from_regex(r"[0-9A-Za-z_-]{1,64}", fullmatch=True)
AMOUNTS = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(1000000), places=6)


RATINGS = st.one_of(st.none(), st.integers(0, 10))
SIDE_EFFECTS = st.lists(
    st.builds(
        SideEffect,
        st.sampled_from(["nausea", "dry mouth", "headache", "é ü"]),
        st.sampled_from(["none", "mild", "moderate", "severe"]),
    ),
    max_size=3,
    unique_by=lambda effect: effect.name,
).map(tuple)
CHECKINS = st.one_of(
    st.builds(
        lambda mood, anxiety, sleep, quality, effects: Checkin(
            tuple(
                (key, value)
                for key, value in (
                    ("mood", mood),
                    ("anxiety", anxiety),
                    ("sleep_minutes", sleep),
                    ("sleep_quality", quality),
                )
                if value is not None
            ),
            effects,
        ),
        RATINGS,
        RATINGS,
        st.one_of(st.none(), st.integers(0, 1440)),
        RATINGS,
        SIDE_EFFECTS,
    ).filter(lambda c: c.values or c.side_effects),
    st.lists(st.integers(0, 3), min_size=9, max_size=9).map(
        lambda answers: Checkin(instrument="phq9", answers=tuple(answers))
    ),
    st.lists(st.integers(0, 3), min_size=7, max_size=7).map(
        lambda answers: Checkin(instrument="gad7", answers=tuple(answers))
    ),
)


@st.composite
def any_event(draw: st.DrawFn) -> Event:
    """An event of any type medlog writes, with every optional field sometimes present."""
    kind = draw(st.sampled_from(["dose", "skip", "void", "checkin", "question", "fill", "lab"]))
    event = Event(
        draw(IDS),
        kind,
        draw(MOMENTS),
        draw(MOMENTS),
        imported_at=draw(st.one_of(st.none(), MOMENTS)),
        stamp=draw(st.integers(0, 10**11)),
    )
    if kind == "dose":
        return event._replace(
            item=draw(KEYS),
            amount=draw(AMOUNTS),
            unit=draw(st.sampled_from(sorted(CANONICAL_UNITS))),
            given=draw(TEXTS),
            note=draw(TEXTS),
            amends=draw(st.one_of(st.none(), IDS.filter(lambda found: found != event.id))),
        )
    if kind == "skip":
        return event._replace(item=draw(KEYS), note=draw(TEXTS), reason=draw(TEXTS))
    if kind == "checkin":
        return event._replace(checkin=draw(CHECKINS), note=draw(TEXTS))
    if kind == "question":
        return event._replace(text=draw(TEXTS.filter(lambda text: text is not None)))
    if kind == "fill":
        counted = draw(st.booleans())
        amount = draw(st.one_of(st.just(Decimal(0)), AMOUNTS) if counted else AMOUNTS)
        return event._replace(
            item=draw(KEYS),
            amount=amount,
            unit=draw(st.sampled_from(sorted(CANONICAL_UNITS))),
            given=draw(TEXTS),
            note=draw(TEXTS),
            days_supply=None if counted else draw(st.integers(1, 3650)),
            days_inferred=False if counted else draw(st.booleans()),
            on_hand=amount
            if counted
            else draw(st.decimals(min_value=-(10**6), max_value=10**7, places=6)),
            counted=counted,
        )
    if kind == "lab":
        return event._replace(note=draw(TEXTS), **draw(LAB_RESULTS))
    return event._replace(ref=draw(IDS), reason=draw(TEXTS))


LAB_RESULTS = st.one_of(
    st.sampled_from(
        [
            {"test": "inr", "value": Decimal("2.4"), "unit": "INR"},
            {"test": "hba1c", "value": Decimal(48), "unit": "mmol/mol"},
            {"test": "vitamin-d", "value": Decimal("80.5"), "unit": "nmol/L"},
        ]
    ),
    st.builds(
        lambda key, value, unit: {"test": key, "value": value, "unit": unit},
        KEYS.filter(lambda key: labs.known(key) is None),
        st.decimals(min_value=0, max_value=10**6, places=6).map(
            lambda value: value.normalize() if value else Decimal(0)
        ),
        st.sampled_from(["mg/L", "x10^9/L", "µmol/L", "%"]),
    ),
)


@given(any_event())
def test_every_event_reads_back_as_written(event: Event) -> None:
    """Whatever medlog writes, it reads back as the same event, amounts exact."""
    decoded = events.decode(events.encode(event).encode(), Path("j"), 1)
    assert decoded == event


@given(any_event())
def test_the_fast_path_and_the_json_path_agree(event: Event) -> None:
    """The regex fast path gives exactly what json.loads and the full checks give."""
    line = events.encode(event).encode()
    slow = events.from_document(json.loads(line), stored=True)
    assert events.decode(line, Path("j"), 1) == slow
    found: list[Event] = []
    events.decode_lines([(1, line)], Path("j"), found, [])  # a whole journal's way
    assert found == [slow]
    match = events._PLAIN_LINE.fullmatch(line.decode())
    if match is not None:
        assert events._plain_event(match.groups()) == slow


WHITESPACE = st.text(alphabet=" \t\r", max_size=2)


@st.composite
def relaid(draw: st.DrawFn, event: Event) -> bytes:
    """The event's line as another tool may write it: any whitespace JSON allows between
    tokens, the keys in any order."""
    document = events.document(event)
    keys = draw(
        st.sampled_from([list(document), sorted(document)]) | st.permutations(list(document))
    )
    gap = draw(WHITESPACE)

    def spaced(text: str) -> str:
        return gap + text + draw(WHITESPACE)

    pairs = [
        spaced(json.dumps(key)) + ":" + spaced(json.dumps(document[key], ensure_ascii=False))
        for key in keys
    ]
    return ("{" + ",".join(pairs) + "}").encode()


@given(st.data(), any_event())
def test_the_fast_path_reads_any_layout_as_the_json_path_does(
    data: st.DataObject, event: Event
) -> None:
    """A line re-dumped by another tool (spaces after , and :, keys reordered) reads as the
    same event, on the fast path when it is a plain dose or skip."""
    line = data.draw(relaid(event))
    slow = events.from_document(json.loads(line), stored=True)
    assert events.decode(line, Path("j"), 1) == slow == event
    found: list[Event] = []
    events.decode_lines([(1, line)], Path("j"), found, [])  # a whole journal's way
    assert found == [slow]
    if events._PLAIN_LINE.fullmatch(events.encode(event)) is not None:
        assert events._reordered(json.loads(line)) == slow
    dumped, spaced, _ = events._layouts()  # json.dumps's own layout: a shorter way, same fields
    text = line.decode()
    if (found := dumped.fullmatch(text)) is not None:
        assert (same := spaced.fullmatch(text)) is not None and same.groups() == found.groups()


def test_a_line_re_dumped_with_default_separators_takes_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """json.dumps's own layout (", " and ": ") of a plain dose matches its own pattern and
    the one of any whitespace, with the same fields; a whole journal's read matches it in
    its own loop, as it does medlog's own layout, never through ``decode``."""
    dose = Event("a1", "dose", T0, T0, "lexapro", Decimal("10"), "mg", stamp=1)
    for pattern in events._layouts()[:2]:
        match = pattern.fullmatch(json.dumps(events.document(dose)))
        assert match is not None and events._plain_event(match.groups()) == dose
    monkeypatch.setattr(events, "decode", None)
    found: list[Event] = []
    lines = [json.dumps(events.document(dose)).encode(), events.encode(dose).encode()]
    events.decode_lines(enumerate(lines, start=1), Path("j"), found, [])
    assert found == [dose, dose]


def test_lines_with_sorted_keys_take_the_fast_path() -> None:
    """jq -S's layout (keys sorted) of a plain dose or skip matches a pattern of its own; a
    skip there with a unit (a key a skip never has) is still refused."""
    dose = Event("a1", "dose", T0, T0, "lexapro", Decimal("10"), "mg", stamp=1)
    skip = Event("a2", "skip", T0, T0, "lexapro", stamp=2)
    for event in (dose, skip):
        for separators in ((",", ":"), (", ", ": ")):
            line = json.dumps(events.document(event), sort_keys=True, separators=separators)
            assert events._layouts()[2].fullmatch(line) is not None
            assert events._plain_groups(line) is not None
            assert events.decode(line.encode(), Path("j"), 1) == event
    odd = json.dumps(events.document(skip) | {"unit": "mg"}, sort_keys=True)
    assert events._plain_groups(odd) is None
    with pytest.raises(StoreProblem, match="line 2"):
        events.decode(odd.encode(), Path("j"), 2)


def test_plain_doses_and_skips_take_the_fast_path() -> None:
    """The lines that make up nearly all of a journal match the fast layout."""
    dose = Event("a1", "dose", T0, T0, "lexapro", Decimal("10"), "mg", stamp=1)
    skip = Event("a2", "skip", T0, T0, "lexapro", stamp=2)
    for event in (dose, skip):
        match = events._PLAIN_LINE.fullmatch(events.encode(event))
        assert match is not None and events._plain_event(match.groups()) == event


@given(any_event(), st.booleans())
def test_check_ins_and_fills_on_the_fast_path_read_as_the_json_path_reads_them(
    event: Event, spaced: bool
) -> None:
    """A check-in or fill line the fast path reads (medlog's layout or json.dumps's default)
    is exactly the JSON path's event; one it leaves is the JSON path's to judge."""
    document = events.document(event)
    text = json.dumps(document, ensure_ascii=False, separators=None if spaced else (",", ":"))
    found = events._plain_other(text)
    if found is not None:
        assert found == events.from_document(document, stored=True)
    ratings = event.checkin is not None and not (
        event.checkin.side_effects or event.checkin.instrument or event.checkin.answers
    )
    given = event.given is None or re.fullmatch(r'[^"\\\x00-\x1f]{1,200}', event.given)
    if (
        event.note is None
        and event.stamp is not None
        and event.stamp < 10**11  # eleven digits, as the dose lines' pattern reads them
        and ((event.type == "checkin" and ratings) or (event.type == "fill" and given))
    ):
        assert found is not None  # the lines the fast path is for take it


def test_check_ins_and_fills_take_their_patterns_once_a_run_has_read_a_few(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first lines other than doses and skips a run reads take the JSON path (their
    patterns cost more to compile than the few lines a take reads back); from the 33rd, a
    plain check-in or fill is read without json.loads. Either way, the same event."""
    checkin = Event("c1", "checkin", T0, T0, stamp=1, checkin=Checkin((("mood", 5),)))
    line = events.encode(checkin).encode()
    monkeypatch.setattr(events, "_OTHERS_READ", itertools.count())
    loads: list[str] = []
    real = json.loads
    monkeypatch.setattr(events.json, "loads", lambda text: loads.append(text) or real(text))
    found = [events.decode(line, Path("j"), n) for n in range(1, 41)]
    assert found == [checkin] * 40
    assert len(loads) == events._JSON_FIRST == 32


def test_plain_check_ins_and_fills_take_the_fast_path() -> None:
    """A check-in of ratings and a fill without a note (a journal's next most common lines)
    are read without json.loads, in both layouts; a bad value there is still the JSON
    path's refusal, in its words."""
    checkin = Event("c1", "checkin", T0, T0, stamp=1, checkin=Checkin((("mood", 5),)))
    fill = Event("f1", "fill", T0, T0, "lexapro", Decimal(30), "tablet", "30 tablets",
                 stamp=2, days_supply=30, on_hand=Decimal(30))  # fmt: skip
    count = fill._replace(id="f2", counted=True, days_supply=None, given=None)
    for event in (checkin, fill, count):
        for separators in ((",", ":"), (", ", ": ")):
            line = json.dumps(events.document(event), separators=separators)
            assert events._plain_other(line) == event
            assert events.decode(line.encode(), Path("j"), 1) == event
    for bad, words in (
        (events.encode(checkin).replace('"mood":5', '"mood":11'), "0 (worst) to 10 (best)"),
        (events.encode(fill).replace('"days_supply":30', '"days_supply":9999'), "whole days"),
        (events.encode(fill).replace('"30 tablets"', '" 30 tablets"'), "space around"),
        (events.encode(fill).replace('"amount":"30"', '"amount":"0"'), "amount"),
    ):
        assert events._plain_other(bad) is None
        with pytest.raises(StoreProblem, match="line 7") as caught:
            events.decode(bad.encode(), Path("j"), 7)
        assert words in caught.value.message


def test_a_journal_of_ever_new_amounts_reads_exactly_past_the_parts_kept() -> None:
    """The fast path keeps each (type, item, amount, unit) it checked, up to 10,000 of them:
    a journal with more distinct amounts still reads each line as the JSON path does, a
    refused unit stays refused once it is remembered, and what is kept stays bounded."""
    lines = [
        events.encode(
            Event(f"a{n}", "dose", T0, T0, "x", Decimal(n).scaleb(-3), "mg", stamp=n)
        ).encode()
        for n in range(1, 10_051)
    ]
    bad = lines[0].replace(b'"unit":"mg"', b'"unit":"furlong"')
    lines[5_000:5_000] = [b"", bad, lines[0]]
    found: list[Event] = []
    numbers: list[int] = []
    problems: list[str] = []
    events.decode_lines(enumerate(lines, start=1), Path("j"), found, numbers, problems)
    expected = [
        events.from_document(json.loads(line), stored=True)
        for line in lines
        if line and line is not bad
    ]
    assert found == expected
    assert [event.amount for event in found[:3]] == [Decimal("0.001"), Decimal("0.002"),
                                                      Decimal("0.003")]  # fmt: skip
    assert numbers == [n for n in range(1, len(lines) + 1) if n not in (5_001, 5_002)]
    assert len(problems) == 1 and "line 5002" in problems[0]
    assert len(events._PARTS) <= 10_001
    with pytest.raises(StoreProblem, match="line 9"):
        events.decode_lines([(9, bad)], Path("j"), [], [])


def test_schema_1_lines_are_still_read() -> None:
    """A line medlog 0.1 wrote (no stamp) reads as it is, on both paths."""
    line = (
        b'{"v":1,"id":"a","type":"dose","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","item":"x","amount":"10","unit":"mg"}'
    )
    event = events.decode(line, Path("j"), 1)
    assert event.stamp is None and event.amount == 10
    assert event == events.from_document(json.loads(line), stored=True)


LINE = (
    '{{"v":2,"id":"x","type":"dose","at":"2026-11-01T08:00:00+00:00",'
    '"logged_at":"2026-11-01T08:00:00+00:00","stamp":1{extra}}}'
)


FILL = (
    '{{"v":2,"id":"x","type":"fill","at":"2026-11-01T08:00:00+00:00",'
    '"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"a","amount":"300","unit":"mg",'
    '"on_hand":"5"{extra}}}'
)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b"not json", "not a JSON object"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"v": 99, "id": "x"}', "newer medlog"),
        (b'{"id": "x"}', "schema"),
        (b"[" * 100_000, "not a JSON object"),
        (b'{"v":2,"id":"x","type":"eat","at":"2026-11-01T08:00:00+00:00"}', "'type'"),
        (b'{"v":2,"id":"x","type":"dose","at":"yesterday","logged_at":"x","stamp":1}', "ISO"),
        (LINE.format(extra=',"item":"a","amount":"NaN","unit":"mg"').encode(), "above zero"),
        (LINE.format(extra=',"item":"a","amount":"1e999999999","unit":"mg"').encode(), "amount"),
        (LINE.format(extra=',"item":"a","amount":"0.0000001","unit":"mg"').encode(), "amount"),
        (LINE.format(extra=',"item":"a","amount":"1","unit":"kg"').encode(), "unknown unit"),
        (LINE.format(extra=',"item":"A B","amount":"1","unit":"mg"').encode(), "'item'"),
        (LINE.format(extra=',"item":"a","amount":"1","unit":"mg","dosage":1').encode(), "dosage"),
        (LINE.format(extra=',"item":"a","amount":"1","unit":"mg","note":"\\u001b[31m"').encode(),
         "control"),
        (LINE.format(extra=',"item":"a","amount":"1","unit":"mg","note":"\\u202e"').encode(),
         "invisible"),
        (LINE.format(extra=',"item":"a","amount":"1","unit":"mg","note":" padded"').encode(),
         "space"),
        (LINE.replace("2026-11-01T08:00", "9999-12-31T23:00").format(
            extra=',"item":"a","amount":"1","unit":"mg"').encode(), "too late"),
        (
            b'{"v":2,"id":"x","type":"dose","at":"2026-11-01T08:00:00+00:00",'
            b'"logged_at":"2026-11-01T08:00:00+00:00","item":"a","amount":"1","unit":"mg"}',
            "stamp",
        ),
        (
            b'{"v":2,"id":"x","type":"void","at":"2026-11-01T08:00:00+00:00",'
            b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1}',
            "'ref'",
        ),
        (FILL.format(extra=',"days_supply":0').encode(), "days_supply"),
        (FILL.format(extra=',"days_supply":1.5').encode(), "days_supply"),
        (FILL.format(extra=',"days_supply":"30"').encode(), "days_supply"),
        (FILL.format(extra=',"count":true,"days_supply":30').encode(), "no days' supply"),
        (FILL.format(extra=',"days_supply":30,"count":false').encode(), "true when present"),
        (FILL.format(extra=',"days_supply":30,"days_inferred":1').encode(), "true when present"),
        (FILL.replace('"on_hand":"5"', '"on_hand":"NaN"').format(extra=',"days_supply":30')
         .encode(), "on_hand"),
        (FILL.replace('"on_hand":"5"', '"on_hand":5').format(extra=',"days_supply":30')
         .encode(), "on_hand"),
        (FILL.replace('"on_hand":"5"', '"on_hand":"1e12"').format(extra=',"days_supply":30')
         .encode(), "on_hand"),
        (FILL.format(extra=',"count":true').encode(), "amount counted"),
        (FILL.replace('"amount":"300"', '"amount":"0"').format(extra=',"days_supply":30')
         .encode(), "amount"),
        (FILL.replace(',"on_hand":"5"', "").format(extra=',"days_supply":30').encode(),
         "on_hand"),
    ],
)  # fmt: skip
def test_a_broken_line_names_its_fault(line: bytes, words: str) -> None:
    """Any malformed line is an exit-3 problem naming the file, the line and what is wrong."""
    with pytest.raises(StoreProblem) as caught:
        events.decode(line, Path("journal.jsonl"), 7)
    assert "journal.jsonl, line 7" in caught.value.message
    assert words in caught.value.message


@pytest.mark.parametrize(
    "line",
    [
        b'{"v":2,"id":"a","type":"dose","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"1.2.3",'
        b'"unit":"mg"}',
        b'{"v":2,"id":"a","type":"dose","at":"2026-11-01T08:00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"1","unit":"mg"}',
        b'{"v":2,"id":"a","type":"dose","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"0","unit":"mg"}',
        b'{"v":2,"id":"a","type":"dose","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"2000000",'
        b'"unit":"mg"}',
        b'{"v":2,"id":"a","type":"skip","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"1","unit":"mg"}',
        b'{"v":2,"id":"a","type":"dose","at":"2026-13-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"1","unit":"mg"}',
        b'{"v":1,"id":"a","type":"dose","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"1","unit":"mg"}',
        b'{"v":2,"id":"a","type":"dose","at":"2026-11-01T08:00:00+23:59",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"1","unit":"mg"}',
        # A stamp with a leading zero is not JSON (an outside attacker's finding), in a dose,
        # a check-in and a fill line alike.
        b'{"v":2,"id":"a","type":"dose","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":01,"item":"x","amount":"1","unit":"mg"}',
        b'{"v":2,"id":"a","type":"checkin","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":00,"mood":5}',
        b'{"v":2,"id":"a","type":"fill","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","stamp":0795815000,"item":"x","amount":"30",'
        b'"unit":"mg","days_supply":30,"on_hand":"30"}',
    ],
)
def test_plain_looking_but_wrong_lines_are_still_refused(line: bytes) -> None:
    """A line in medlog's own layout with a bad value gets the same refusal as any other."""
    with pytest.raises(StoreProblem, match="line 3"):
        events.decode(line, Path("j"), 3)


@pytest.mark.parametrize(
    ("amount", "read"), [("1.0", "1"), ("11.00", "11"), ("1.010", "1.01"), ("0.50", "0.5"),
                         ("10", "10")],
)  # fmt: skip
def test_an_amount_with_trailing_zeros_reads_as_the_json_path_reads_it(
    amount: str, read: str
) -> None:
    """ "1.0" is 1 on both paths, written back as "1": the fast path kept "1.0", equal but
    printed otherwise (an outside attacker's finding)."""
    line = (
        '{"v":2,"id":"a","type":"dose","at":"2026-11-01T08:00:00+00:00",'
        f'"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"item":"x","amount":"{amount}",'
        '"unit":"mg"}'
    )
    fast = events.decode(line.encode(), Path("j"), 1)
    slow = events.from_document(json.loads(line), stored=True)
    assert repr(fast) == repr(slow)
    assert str(fast.amount) == read


def test_an_export_event_needs_no_stamp() -> None:
    """Events in an export file are stamped when appended, so they may come without one."""
    raw = json.loads(events.encode(Event("a", "skip", T0, T0, "x")))
    assert "stamp" not in raw
    assert events.from_document(raw, stored=False).stamp is None
    with pytest.raises(events.Malformed, match="stamp"):
        events.from_document(raw, stored=True)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (',"mood":11', "0 (worst) to 10 (best)"),
        (',"mood":true', "whole number"),
        (',"sleep_minutes":1441', "not possible"),
        (',"side_effects":[{"name":"nausea","severity":"awful"}]', "severity"),
        (',"side_effects":[{"name":"Nausea","severity":"mild"}]', "as medlog stores one"),
        (',"instrument":"phq9","answers":[0,1]', "PHQ-9"),
        (',"answers":[0,1]', "needs at least one"),
        (',"note":"only a note"', "needs at least one"),
    ],
)
def test_a_bad_checkin_line_is_refused(extra: str, words: str) -> None:
    """A check-in line passes the check-in rules of the command line, or is an exit-3 problem."""
    line = LINE.replace('"type":"dose"', '"type":"checkin"').format(extra=extra).encode()
    with pytest.raises(StoreProblem, match="line 4") as caught:
        events.decode(line, Path("j"), 4)
    assert words in caught.value.message


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
FIELDS = sorted(
    {"v", "id", "type", "at", "logged_at", "stamp", "item", "amount", "unit", "given", "note",
     "reason", "ref", "imported_at", "mood", "anxiety", "sleep_minutes", "sleep_quality",
     "side_effects", "instrument", "answers", "text", "amends", "test", "value"}
)  # fmt: skip


@given(
    kind=st.sampled_from([*events.TYPES, "other"]),
    changes=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=4),
)
def test_any_json_in_any_field_is_an_event_or_a_named_fault(
    kind: str, changes: dict[str, object]
) -> None:
    """A hand-edited line with lists, objects or numbers where text belongs never crashes."""
    line = {"v": 3, "id": "a1", "type": kind, "at": "2026-11-26T10:00:00+00:00",
            "logged_at": "2026-11-26T10:00:00+00:00", "stamp": 1795692000} | changes  # fmt: skip
    try:
        events.decode(json.dumps(line).encode(), Path("journal.jsonl"), 1)
    except StoreProblem as problem:
        assert "journal.jsonl, line 1" in problem.message


def test_a_lab_line_needs_event_schema_3() -> None:
    """A lab result is event schema 3: a schema-2 line of type lab is a hand edit, named as
    one; an implausible value on a line is a problem naming the line."""
    base = (
        '{{"v":{v},"id":"a","type":"lab","at":"2026-11-01T08:00:00+00:00",'
        '"logged_at":"2026-11-01T08:00:00+00:00","stamp":1,"test":"inr","value":"{value}",'
        '"unit":"INR"}}'
    )
    assert events.decode(base.format(v=3, value="2.4").encode(), Path("j"), 1).value == Decimal(
        "2.4"
    )
    with pytest.raises(StoreProblem, match="'type' must be one of"):
        events.decode(base.format(v=2, value="2.4").encode(), Path("j"), 1)
    with pytest.raises(StoreProblem, match="plausible INR"):
        events.decode(base.format(v=3, value="50").encode(), Path("j"), 1)
    with pytest.raises(StoreProblem, match=r"newer medlog \(event schema 4\)"):
        events.decode(base.format(v=4, value="2.4").encode(), Path("j"), 1)


def test_a_schema_2_line_still_needs_its_stamp() -> None:
    """Raising the schema to 3 keeps schema 2's rule: a stored schema-2 line has a stamp."""
    line = (
        b'{"v":2,"id":"a","type":"skip","at":"2026-11-01T08:00:00+00:00",'
        b'"logged_at":"2026-11-01T08:00:00+00:00","item":"x","note":"n"}'
    )
    with pytest.raises(StoreProblem, match="stamp"):
        events.decode(line, Path("j"), 1)
