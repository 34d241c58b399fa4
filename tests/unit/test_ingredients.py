"""ingredients.py: what a dose holds and each substance's day total, exact to the milligram."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from medlog.ingredients import (
    Intake,
    Part,
    allows_another,
    contents,
    day_totals,
    over_in_24_hours,
)
from medlog.model import DoseRange, Event, Ingredient, Item, Limit, RegimenVersion, Schedule

DAY = date(2026, 11, 27)
DAY24 = timedelta(hours=24)
UL = Limit("magnesium", "Magnesium", DoseRange(None, Decimal(350), "day", "IOM", "upper_limit"),
           "mg", scope="supplemental magnesium")  # fmt: skip


def item(key: str, unit: str = "mg", **fields: object) -> Item:
    version = RegimenVersion(date(2026, 1, 1), Schedule("daily"), Decimal(1))
    return Item(key, key.title(), "supplement", unit, (version,), **fields)  # type: ignore[arg-type]


def dose(key: str, amount: str, unit: str = "mg", hour: int = 8) -> Event:
    at = datetime(2026, 11, 27, hour, tzinfo=UTC)
    return Event(f"{key}{hour}", "dose", at, at, item=key, amount=Decimal(amount), unit=unit)


def test_contents_of_each_kind_of_item() -> None:
    """Listed per tablet (per mg through the strength); a salt as labelled or compound; one
    substance is all of it; a combination without a split holds nothing countable."""
    multi = item("multi", "mg", form="tablet", strength=Decimal(30),
                 ingredients=(Ingredient("magnesium", Decimal(100), "mg"),))  # fmt: skip
    assert contents(multi) == (Part("magnesium", Fraction(10, 3), "mg"),)
    salt = item("glycinate", counts_as="magnesium", fraction=Decimal("0.141"))
    assert contents(salt) == (Part("magnesium", Fraction(1), "mg"),)
    compound = salt._replace(amount_is="compound")
    assert contents(compound) == (Part("magnesium", Fraction(141, 1000), "mg"),)
    assert contents(item("zinc", substances=("zinc",))) == (Part("zinc", Fraction(1), "mg"),)
    assert contents(item("combo", substances=("a", "b"))) == ()


def test_a_third_of_a_milligram_per_mg_still_adds_up_exactly() -> None:
    """A 30 mg tablet holding 100 mg of magnesium: 30 mg logged is exactly 100 mg (a factor
    of 10/3, which no decimal holds); with 300 mg of glycinate as labelled, 400 mg."""
    multi = item("multi", "mg", form="tablet", strength=Decimal(30),
                 ingredients=(Ingredient("magnesium", Decimal(100), "mg"),))  # fmt: skip
    salt = item("glycinate", counts_as="magnesium", fraction=Decimal("0.141"))
    (total,) = day_totals([multi, salt], [dose("multi", "30"), dose("glycinate", "300")], [UL], DAY)
    assert total.total == Decimal(400)
    assert [(share.item.key, share.amount) for share in total.shares] == [
        ("multi", Decimal(100)),
        ("glycinate", Decimal(300)),
    ]
    assert total.above and total.needs_saying and not total.informational


def test_units_convert_to_the_limits_unit() -> None:
    """0.1 g of magnesium is 100 mg; IU converts through the limit's own factor."""
    gram = item("powder", "g", counts_as="magnesium")
    (total,) = day_totals([gram], [dose("powder", "0.1", "g")], [UL], DAY)
    assert total.total == Decimal(100)
    vitamin = Limit("vitamin-d", "Vitamin D", DoseRange(None, Decimal(100), "day", "IOM",
                    "upper_limit"), "mcg", mcg_per_iu=Decimal("0.025"))  # fmt: skip
    drops = item("drops", "IU", substances=("vitamin-d",))
    (total,) = day_totals([drops], [dose("drops", "4000", "IU")], [vitamin], DAY)
    assert total.total == Decimal(100) and not total.above


LABEL = Limit("acetaminophen", "Acetaminophen", DoseRange(None, Decimal(3000), "day", "label",
              "label"), "mg")  # fmt: skip
START = datetime(2026, 12, 1, tzinfo=UTC)


def _intakes(doses: list[tuple[int, int, bool]]) -> list[Intake]:
    """(minutes after START, mg, supervised) -> intakes in time order."""
    plain = item("tylenol", substances=("acetaminophen",))
    prescribed = plain._replace(key="rx", kind="rx")
    found = [
        Intake(
            Event(f"{n:04d}", "dose", START + timedelta(minutes=m), START, item="x"),
            prescribed if rx else plain,
            Decimal(mg),
        )
        for n, (m, mg, rx) in enumerate(doses)
    ]
    return sorted(found, key=lambda intake: (intake.event.at, intake.event.id))


@given(
    st.lists(
        st.tuples(st.integers(0, 4 * 24 * 60), st.sampled_from([500, 1000, 1500]), st.booleans()),
        max_size=25,
    )
)
def test_the_24_hour_sweep_agrees_with_counting_each_window(
    doses: list[tuple[int, int, bool]],
) -> None:
    """over_in_24_hours (one pass) names exactly the doses whose (at - 24 h, at] window, summed
    one by one, is above 3000 mg with no prescribed dose in it."""
    found = _intakes(doses)
    expected = []
    for intake in found:
        inside = [o for o in found if intake.event.at - DAY24 < o.event.at <= intake.event.at]
        total = sum(o.amount for o in inside)
        if total > 3000 and not any(o.item.supervised for o in inside):
            expected.append((intake.event.id, total))
    got = [(intake.event.id, seen.total) for intake, seen in over_in_24_hours(found, LABEL)]
    assert got == expected


@given(
    st.lists(st.tuples(st.integers(0, 2 * 24 * 60), st.sampled_from([500, 1000]), st.just(False)),
             max_size=12),
    st.integers(0, 2 * 24 * 60),
)  # fmt: skip
def test_allows_another_is_the_first_moment_that_fits(
    doses: list[tuple[int, int, bool]], minute: int
) -> None:
    """The moment allows_another gives keeps 1000 mg more within 3000 mg, and a minute before
    it would not; None means it fits now."""
    found = _intakes(doses)
    now = START + timedelta(minutes=minute)
    past = [o for o in found if o.event.at <= now]

    def fits(moment: datetime) -> bool:
        inside = sum(o.amount for o in past if moment - DAY24 < o.event.at <= moment)
        return inside + 1000 <= 3000

    moment = allows_another(past, LABEL, Decimal(1000), now)
    if moment is None:
        assert fits(now)
    else:
        assert moment > now and fits(moment) and not fits(moment - timedelta(minutes=1))
