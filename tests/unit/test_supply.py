"""supply.py: on hand by DESIGN.md's time-ordered definition, held to a plain reference of
it over random journals of fills, counts, doses, late entries and voids, in any order; and a
start before a moment plus the events since agrees with the whole."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from medlog.journal import live
from medlog.model import Event, Item, RegimenVersion, Schedule
from medlog.supply import (
    after_each_fill,
    continues,
    in_count,
    on_hand,
    outlook,
    start_before,
)

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
LEXAPRO = Item(
    "lexapro", "Lexapro", "rx", "mg",
    (RegimenVersion(date(2025, 1, 1), Schedule("daily"), Decimal(10)),),
    form="tablet", strength=Decimal(10),
)  # fmt: skip
ZINC = Item(
    "zinc", "Zinc", "supplement", "mg", (RegimenVersion(date(2025, 1, 1), Schedule("daily")),)
)


def reference(item: Item, events: list[Event], until: datetime) -> Decimal | None:
    """The definition read aloud: the latest count at or before ``until`` (ties: larger id),
    then what came after it; before any count, fills less the doses since the first fill."""
    mine = [e for e in live(events) if e.item == item.key and e.at <= until]
    fills = [e for e in mine if e.type == "fill"]
    if not fills:
        return None
    first = min(e.day for e in fills)
    counts = sorted((e for e in fills if e.counted), key=lambda e: (e.at, e.id))
    total = counts[-1].amount if counts else Decimal(0)
    since = counts[-1].at if counts else None
    for event in mine:
        if since is not None and event.at <= since:
            continue
        if event.type == "fill":
            total += event.amount or 0
        elif event.type == "dose" and event.day >= first:
            total -= event.amount or 0  # in mg already
    return total


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["fill", "count", "dose", "void"]),
        st.sampled_from([LEXAPRO, ZINC]),
        st.integers(0, 400),
        st.integers(0, 24 * 12),  # hours after T0
    ),
    max_size=40,
)


def journal_of(steps: list[tuple[str, Item, int, int]]) -> list[Event]:
    """Events from the steps, ids in their order (so ties are decided by the steps)."""
    events: list[Event] = []
    for number, (kind, item, amount, hours) in enumerate(steps):
        at = T0 + timedelta(hours=hours)
        key = f"e{number:03d}"
        if kind == "void":
            if events:
                target = events[amount % len(events)]
                if target.type != "void":
                    events.append(Event(key, "void", at, at, ref=target.id))
            continue
        if kind == "dose":
            events.append(Event(key, "dose", at, at, item=item.key,
                                amount=Decimal(amount % 40 + 1), unit="mg"))  # fmt: skip
        else:
            events.append(Event(key, "fill", at, at, item=item.key, amount=Decimal(amount),
                                unit="mg", counted=kind == "count"))  # fmt: skip
    return events


@settings(max_examples=300)
@given(steps=EVENTS, seed=st.integers(0, 1000), cut=st.integers(0, 24 * 12))
def test_on_hand_is_the_definition_in_any_order_and_from_any_start(
    steps: list[tuple[str, Item, int, int]], seed: int, cut: int
) -> None:
    """Any order of the lines gives the reference's figure at every moment; a start before
    a moment plus the events since gives it too (when ``continues`` allows); each fill's
    figure at its own time agrees."""
    events = journal_of(steps)
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)
    moment = T0 + timedelta(hours=cut)
    end = T0 + timedelta(days=20)
    for item in (LEXAPRO, ZINC):
        expected = reference(item, events, end)
        assert on_hand(item, live(shuffled)) == expected
        assert on_hand(item, live(shuffled), end) == expected
        start = start_before(item, live(shuffled), moment)
        since = [e for e in live(shuffled) if e.at >= moment]
        if continues(item, start, since):
            assert on_hand(item, since, end, start) == expected
        for fill_id, held in after_each_fill(item, live(shuffled)).items():
            at = next(e.at for e in events if e.id == fill_id)
            assert held == reference(item, events, at)


def test_the_definition_by_hand() -> None:
    """Doses before the first fill's day do not count; a count resets; a dose remembered
    later for a time before a count is not taken off; a voided fill counts for nothing."""
    day = T0.replace(hour=0)

    def at(hours: float) -> datetime:
        return day + timedelta(hours=hours)

    events = [
        Event("a", "dose", at(-16), at(-16), item="lexapro", amount=Decimal(10), unit="mg"),
        Event("b", "dose", at(7), at(7), item="lexapro", amount=Decimal(10), unit="mg"),
        Event("c", "fill", at(12), at(12), item="lexapro", amount=Decimal(300), unit="mg"),
        Event("d", "fill", at(13), at(13), item="lexapro", amount=Decimal(100), unit="mg"),
        Event("e", "void", at(14), at(14), ref="d"),
        Event("f", "fill", at(20), at(20), item="lexapro", amount=Decimal(120), unit="mg",
              counted=True),
        Event("g", "dose", at(18), at(25), item="lexapro", amount=Decimal(10), unit="mg"),
        Event("h", "dose", at(22), at(22), item="lexapro", amount=Decimal(1), unit="tablet"),
    ]  # fmt: skip
    assert on_hand(LEXAPRO, live(events), at(11)) is None  # before the first fill
    assert on_hand(LEXAPRO, live(events), at(12)) == 290  # the 07:00 dose of its day is off
    assert on_hand(LEXAPRO, live(events), at(19)) == 280  # the remembered 18:00 dose
    assert on_hand(LEXAPRO, live(events)) == 110  # the count, then one 10 mg tablet


def test_outlook_in_tablets_and_days() -> None:
    """115 mg of 10 mg tablets at 10 mg a day: 11.5 tablets, 11.5 days, out on day 11."""
    today = date(2026, 3, 1)
    seen = outlook(LEXAPRO, Decimal(115), today)
    assert seen.daily_use == Fraction(10)
    assert seen.days_left == Decimal("11.5")
    assert seen.runs_out == date(2026, 3, 12)
    assert in_count(LEXAPRO, Decimal(115)) == Decimal("11.5")
    assert outlook(LEXAPRO, Decimal(-20), today).days_left == 0
    assert outlook(ZINC, Decimal(100), today).days_left is None  # no regular dose


WARFARIN = Item(
    "warfarin", "Warfarin", "rx", "mg",
    (RegimenVersion(date(2026, 11, 2), Schedule("daily"), None,
                    by_weekday=(*[Decimal(5)] * 5, Decimal("2.5"), Decimal("2.5"))),),
    form="tablet", strength=Decimal(5),
)  # fmt: skip
WEEKLY = Item(
    "vitamin-d", "Vitamin D", "rx", "mcg",
    (RegimenVersion(date(2026, 11, 7), Schedule("weekdays", weekdays=(5,)), Decimal(1250)),),
    form="capsule", strength=Decimal(1250),
)  # fmt: skip


def test_outlook_takes_each_weekdays_own_amount() -> None:
    """60 mg of warfarin on Friday 2026-11-27 after its dose (5 mg taken): Sat 2.5, Sun 2.5,
    Mon-Fri 25 (30 left), Sat, Sun (25), Mon-Fri 12-07..12-11 (0): the last dose Friday
    12-11, refill by Saturday 12-12: 14 doses, and the average (30/7 a day) 14 days too."""
    seen = outlook(WARFARIN, Decimal(60), date(2026, 11, 27), Decimal(5))
    assert (seen.last_dose, seen.runs_out, seen.refill_by) == (
        date(2026, 12, 11), date(2026, 12, 12), date(2026, 12, 12),
    )  # fmt: skip
    assert (seen.days_left, seen.doses_left, seen.sparse) == (Decimal(14), 14, False)
    short = outlook(WARFARIN, Decimal(6), date(2026, 11, 27), Decimal(5))  # Sat 2.5, Sun 2.5
    assert (short.last_dose, short.refill_by) == (date(2026, 11, 29), date(2026, 11, 30))


def test_a_weekly_outlook_is_in_doses_and_dates() -> None:
    """3 capsules on Sunday 2026-11-22 cover Saturdays 11-28, 12-05, 12-12: it runs out
    12-13, refill by 12-19; on Saturday before its dose, that dose counts among them."""
    seen = outlook(WEEKLY, Decimal(3750), date(2026, 11, 22))
    assert (seen.last_dose, seen.runs_out, seen.refill_by, seen.doses_left) == (
        date(2026, 12, 12), date(2026, 12, 13), date(2026, 12, 19), 3,
    )  # fmt: skip
    assert seen.sparse
    saturday = outlook(WEEKLY, Decimal(1250), date(2026, 11, 28))
    assert (saturday.last_dose, saturday.refill_by, saturday.doses_left) == (
        date(2026, 11, 28), date(2026, 12, 5), 1,
    )  # fmt: skip


@given(
    st.decimals(min_value=0, max_value=10**9, places=6),
    st.integers(0, 366 * 3),
    st.sampled_from([LEXAPRO, WARFARIN, WEEKLY]),
)
@settings(max_examples=200)
def test_every_outlook_is_computable(on_hand: Decimal, offset: int, item: Item) -> None:
    """Any balance medlog can record gives figures or says they are beyond the calendar:
    never an OverflowError (a fill of 100,000 mcg at 1 mcg a month did)."""
    today = date(2026, 11, 7) + timedelta(days=offset)
    seen = outlook(item, on_hand, today)
    if seen.beyond:
        assert seen.runs_out is None and seen.refill_by is None
    else:
        assert seen.runs_out is not None and seen.refill_by is not None
        assert seen.runs_out <= seen.refill_by
        assert seen.last_dose is None or seen.last_dose < seen.runs_out
