"""ingredients.py: what a dose holds and each substance's day total, exact to the milligram."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

from medlog.ingredients import Part, contents, day_totals
from medlog.model import DoseRange, Event, Ingredient, Item, Limit, RegimenVersion, Schedule

DAY = date(2026, 11, 27)
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
