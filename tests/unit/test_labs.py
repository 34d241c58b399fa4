"""labs.py: the known tests' units and LOINC codes (as CATALOG-SOURCES.md lists them), what a
person may type for a result, the plausibility bounds, and a period's results as series."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from medlog import labs
from medlog.errors import BadInput
from medlog.model import Event, Item, RegimenVersion
from medlog.schedule import parse_schedule


def test_codes_are_the_ones_the_sources_list() -> None:
    """Every code is CATALOG-SOURCES.md's ("Lab results"), plus HbA1c in mmol/mol (59261-8,
    "by IFCC protocol"); 25-OH vitamin D in nmol/L has none rather than a guessed one."""
    codes = {(test.key, unit.unit): unit.loinc for test in labs.TESTS for unit in test.units}
    assert codes == {
        ("inr", "INR"): "6301-6",
        ("lithium", "mmol/L"): "14334-7",
        ("tsh", "mIU/L"): "3016-3",
        ("sodium", "mmol/L"): "2951-2",
        ("egfr", "mL/min/1.73m2"): "98979-8",
        ("hba1c", "%"): "4548-4",
        ("hba1c", "mmol/mol"): "59261-8",
        ("vitamin-d", "ng/mL"): "62292-8",
        ("vitamin-d", "nmol/L"): None,
    }
    assert all(
        (unit.loinc is None) == (unit.display is None) and unit.low < unit.high
        for test in labs.TESTS
        for unit in test.units
    )


@pytest.mark.parametrize(
    ("name", "value", "unit", "expected"),
    [
        ("INR", "2.4", None, ("inr", "2.4", "INR")),
        ("pt/inr", "2.40", None, ("inr", "2.4", "INR")),
        ("Lithium level", "0.85", "mEq/L", ("lithium", "0.85", "mmol/L")),
        ("tsh", "2,1", "µIU/mL", ("tsh", "2.1", "mIU/L")),
        ("a1c", "6.5", None, ("hba1c", "6.5", "%")),
        ("HbA1c", "48", "mmol/mol", ("hba1c", "48", "mmol/mol")),
        ("vitamin D", "30", None, ("vitamin-d", "30", "ng/mL")),
        ("Vitamin B12", "350", "pmol/L", ("vitamin-b12", "350", "pmol/L")),
        ("CRP", "0", "mg/L", ("crp", "0", "mg/L")),
    ],
)
def test_what_a_person_types_becomes_a_result(
    name: str, value: str, unit: str | None, expected: tuple[str, str, str]
) -> None:
    """Any of a test's names, a unit's other spellings (mEq/L for lithium, µIU/mL for TSH) and
    a decimal comma give the stored result; a test of one's own keeps its unit as typed."""
    key, number, stored = expected
    assert labs.read_result(name, value, unit) == labs.LabResult(key, Decimal(number), stored)


@pytest.mark.parametrize("value", ["1,200", "250,000", "1,000", "12,345,678"])
def test_a_comma_before_three_digits_is_refused_as_ambiguous(value: str) -> None:
    """ "1,200" may be twelve hundred or 1.2: refused, naming both, never read as 1.2 (an
    outside attacker's finding: ferritin 1,200 was kept as 1.2); "2,4" stays 2.4."""
    with pytest.raises(BadInput, match="could be"):
        labs.read_result("ferritin", value, "ng/mL")
    assert labs.read_result("inr", "2,4", None).value == Decimal("2.4")


@pytest.mark.parametrize(
    ("key", "unit", "value", "plausible"),
    [
        ("inr", "INR", "0.5", True),
        ("inr", "INR", "20", True),
        ("inr", "INR", "0.4", False),
        ("inr", "INR", "20.1", False),
        ("hba1c", "%", "25", True),
        ("hba1c", "%", "48", False),
        ("hba1c", "mmol/mol", "48", True),
        ("sodium", "mmol/L", "79", False),
        ("own-test", "mg/L", "1000000", True),
        ("own-test", "mg/L", "1000001", False),
    ],
)
def test_plausibility_bounds_are_inclusive(
    key: str, unit: str, value: str, plausible: bool
) -> None:
    """A value on a bound is kept; one beyond it is refused; a test of one's own takes any
    value from 0 to 1,000,000."""
    result = labs.LabResult(key, Decimal(value), unit)
    if plausible:
        assert labs.check(result) == result
    else:
        with pytest.raises(BadInput, match=r"plausible|from 0"):
            labs.check(result)


def test_results_in_a_period_as_series() -> None:
    """Results group by test and unit (HbA1c in % and in mmol/mol are two series), in the
    table's order then by key, live results of the period only, each with its items."""
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)

    def result(key: str, value: str, unit: str, day: int) -> Event:
        return Event(f"e{key}{day}{unit}", "lab", at.replace(day=day), at, unit=unit, test=key,
                     value=Decimal(value))  # fmt: skip

    found = labs.lab_series(
        [
            result("zinc-level", "12", "umol/L", 5),
            result("hba1c", "48", "mmol/mol", 6),
            result("inr", "2.4", "INR", 20),
            result("inr", "1.8", "INR", 6),
            result("hba1c", "6.5", "%", 7),
            result("inr", "3", "INR", 1),  # before the period
        ],
        [_item("coumadin", ("warfarin",)), _item("lexapro", ("escitalopram",))],
        date(2026, 11, 2),
        date(2026, 11, 27),
    )
    assert [(s.test, s.unit, [str(e.value) for e in s.results]) for s in found] == [
        ("inr", "INR", ["1.8", "2.4"]),
        ("hba1c", "%", ["6.5"]),
        ("hba1c", "mmol/mol", ["48"]),
        ("zinc-level", "umol/L", ["12"]),
    ]
    assert [item.key for item in found[0].items] == ["coumadin"]
    assert found[-1].loinc is None and found[0].loinc == "6301-6"


def _item(key: str, substances: tuple[str, ...]) -> Item:
    version = RegimenVersion(date(2026, 11, 1), parse_schedule("daily"))
    return Item(key, key, "rx", "mg", (version,), substances)
