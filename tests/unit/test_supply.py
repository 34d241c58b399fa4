"""supply.py: the balance's definition, and ``tally`` (which reads back only as far as it
must) held to it over random journals of fills, counts, doses, late entries and voids."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from medlog.model import Event, Item, RegimenVersion, Schedule
from medlog.supply import balance, in_count, outlook, tally

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
LEXAPRO = Item(
    "lexapro", "Lexapro", "rx", "mg",
    (RegimenVersion(date(2025, 1, 1), Schedule("daily"), Decimal(10)),),
    form="tablet", strength=Decimal(10),
)  # fmt: skip
ZINC = Item(
    "zinc", "Zinc", "supplement", "mg", (RegimenVersion(date(2025, 1, 1), Schedule("daily")),)
)


class Journal:
    """A journal written the way medlog writes one: each fill or count records the balance."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.clock = T0

    def add(self, event: Event) -> None:
        self.clock = max(self.clock, event.at) + timedelta(minutes=1)
        stamp = int(self.clock.timestamp())
        self.events.append(event._replace(stamp=stamp, logged_at=self.clock))

    def fill(self, item: Item, amount: int, counted: bool, back: int) -> None:
        """Log a fill or count that records the balance right after it, by the definition."""
        at = self.clock - timedelta(hours=back)
        event = Event(f"e{len(self.events)}", "fill", at, at, item=item.key,
                      amount=Decimal(amount), unit="mg", days_supply=None if counted else 30,
                      counted=counted)  # fmt: skip
        on_hand = balance(item, [*self.events, event])
        self.add(event._replace(on_hand=on_hand))

    def dose(self, item: Item, amount: int, back: int) -> None:
        at = self.clock - timedelta(hours=back)
        self.add(Event(f"e{len(self.events)}", "dose", at, at, item=item.key,
                       amount=Decimal(amount), unit="mg"))  # fmt: skip

    def void(self, which: int) -> None:
        targets = [event for event in self.events if event.type != "void"]
        if targets:
            target = targets[which % len(targets)]
            self.add(Event(f"e{len(self.events)}", "void", self.clock, self.clock, ref=target.id))


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("fill"), st.sampled_from([LEXAPRO, ZINC]), st.integers(0, 500),
                  st.booleans(), st.integers(0, 60)),
        st.tuples(st.just("dose"), st.sampled_from([LEXAPRO, ZINC]), st.integers(1, 40),
                  st.integers(0, 60)),
        st.tuples(st.just("void"), st.integers(0, 1000)),
        st.tuples(st.just("wait"), st.integers(1, 2000)),
    ),
    max_size=60,
)  # fmt: skip


@settings(max_examples=300)
@given(steps=STEPS, since=st.sampled_from([None, date(2025, 12, 31), date(2026, 1, 2)]))
def test_tally_reads_back_only_as_far_as_it_must_and_agrees(
    steps: list[tuple],  # type: ignore[type-arg]
    since: date | None,
) -> None:
    """Whatever is logged in whatever order, and whatever day the supply is counted from."""
    journal = Journal()
    items = (LEXAPRO._replace(supply_since=since), ZINC)
    tracked = {item.key: item for item in items}
    for step in steps:
        if step[0] == "fill":
            _, item, amount, counted, back = step
            if amount or counted:
                journal.fill(tracked[item.key], amount, counted, back)
        elif step[0] == "dose":
            _, item, amount, back = step
            journal.dose(item, amount, back)
        elif step[0] == "void":
            journal.void(step[1])
        else:
            journal.clock += timedelta(minutes=step[1])
    found = tally(items, reversed(journal.events))
    for item in items:
        assert found[item.key] == balance(item, journal.events)


def test_the_definition_by_hand() -> None:
    """Doses before the first fill do not count; a count resets; a dose logged after a count
    for a time before it is not taken off again; a voided fill counts for nothing."""
    journal = Journal()
    journal.dose(LEXAPRO, 10, 0)  # before any fill: not counted
    journal.fill(LEXAPRO, 300, counted=False, back=0)  # 300
    journal.dose(LEXAPRO, 5, 0)  # 295
    journal.fill(LEXAPRO, 100, counted=False, back=0)  # 395
    journal.void(3)  # the 100 was a mistake: 295
    journal.clock += timedelta(hours=5)
    journal.fill(LEXAPRO, 120, counted=True, back=0)  # counted: 120
    journal.dose(LEXAPRO, 10, 3)  # logged now for 3 hours ago, before the count: still 120
    journal.dose(LEXAPRO, 10, 0)  # 110
    assert balance(LEXAPRO, journal.events) == 110
    assert tally([LEXAPRO], reversed(journal.events)) == {"lexapro": Decimal(110)}


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
