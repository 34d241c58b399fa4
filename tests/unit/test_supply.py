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
