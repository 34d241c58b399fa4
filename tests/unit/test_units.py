"""units.py: amounts parse, format and convert exactly; anything else is bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog.errors import BadInput
from medlog.model import Amount
from medlog.units import (
    COUNT_FORMS,
    UCUM_CODES,
    canonical_unit,
    convert,
    format_amount,
    format_decimal,
    parse_amount,
)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("10mg", "10", "mg"),
        ("10 mg", "10", "mg"),
        ("  10   MG ", "10", "mg"),
        ("0.5 tablet", "0.5", "tablet"),
        ("2 capsules", "2", "capsule"),
        ("400 IU", "400", "IU"),
        ("5 ml", "5", "mL"),
        ("250 µg", "250", "mcg"),
        ("250ug", "250", "mcg"),
        ("250 mcg", "250", "mcg"),
        (".5g", "0.5", "g"),
        ("3 drops", "3", "drop"),
        ("1 scoop", "1", "scoop"),
    ],
)
def test_parse_amount_accepts_documented_forms(text: str, value: str, unit: str) -> None:
    """Every documented way of writing an amount parses to an exact Decimal and unit."""
    assert parse_amount(text) == Amount(Decimal(value), unit)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("nan", "not an amount"),
        ("inf mg", "not an amount"),
        ("1e999", "exponent"),
        ("1e3 mg", "exponent"),
        ("-5mg", "negative"),
        ("0mg", "zero"),
        ("0.0 mg", "zero"),
        ("10", "no unit"),
        ("10 xx", "Unknown unit"),
        ("10mg/day", "Unknown unit"),
        ("1,000 mg", "no commas"),
        ("", "not an amount"),
        ("mg", "not an amount"),
        ("12345678 mg", "not an amount"),
        ("1.1234567 mg", "not an amount"),
        ("1" * 100_000 + " mg", "not an amount"),
        ("10\x00mg", "Unknown unit"),
    ],
)
def test_parse_amount_refuses_malformed_text(text: str, words: str) -> None:
    """Malformed amounts are bad input with a sentence that says what is wrong."""
    with pytest.raises(BadInput) as caught:
        parse_amount(text)
    assert words in caught.value.message
    assert len(caught.value.message) < 300


def test_mass_units_convert_exactly() -> None:
    """mcg, mg and g convert by powers of ten with no float artefacts."""
    assert convert(Amount(Decimal("250"), "mcg"), "mg") == Decimal("0.25")
    assert convert(Amount(Decimal("0.08"), "g"), "mg") == Decimal("80")
    assert format_decimal(convert(Amount(Decimal("80"), "mg"), "mcg")) == "80000"


@pytest.mark.parametrize(("given", "unit"), [("400 IU", "mg"), ("5 mL", "mg"), ("10 mg", "IU")])
def test_iu_and_ml_do_not_convert_to_mass(given: str, unit: str) -> None:
    """IU and mL have no mass without a substance-specific factor, so they refuse."""
    with pytest.raises(BadInput, match="do not convert"):
        convert(parse_amount(given), unit)


def test_count_forms_convert_through_strength() -> None:
    """Half a 10 mg tablet is 5 mg; the strength may be in another mass unit."""
    tablet = Amount(Decimal("10"), "mg")
    assert convert(parse_amount("0.5 tablet"), "mg", form="tablet", strength=tablet) == 5
    assert convert(parse_amount("2 tablets"), "mcg", form="tablet", strength=tablet) == 20000


def test_count_forms_without_strength_or_of_another_form_refuse() -> None:
    """A count converts only through the item's own form and its strength."""
    with pytest.raises(BadInput, match="no strength per tablet"):
        convert(parse_amount("1 tablet"), "mg", form="tablet")
    with pytest.raises(BadInput, match="its form is tablet"):
        convert(parse_amount("1 capsule"), "mg", form="tablet", strength=Amount(Decimal(10), "mg"))


def test_format_decimal_never_writes_exponents_or_trailing_zeros() -> None:
    """80 stays "80", 0.50 is "0.5", 1E+2 is "100"."""
    assert format_decimal(Decimal("80")) == "80"
    assert format_decimal(Decimal("0.50")) == "0.5"
    assert format_decimal(Decimal("1E+2")) == "100"
    assert format_decimal(Decimal("5.000")) == "5"


def test_format_amount_pluralises_counts_above_one() -> None:
    """0.5 tablet and 1 tablet are singular; 2 tablets plural; masses never change."""
    assert format_amount(Decimal("0.5"), "tablet") == "0.5 tablet"
    assert format_amount(Decimal("2"), "tablet") == "2 tablets"
    assert format_amount(Decimal("2"), "mg") == "2 mg"


def test_every_unit_has_a_ucum_code_or_is_a_count() -> None:
    """Exports need a UCUM code for every non-count unit."""
    assert UCUM_CODES == {"mcg": "ug", "mg": "mg", "g": "g", "mL": "mL", "IU": "[iU]"}
    assert canonical_unit("Tablets") in COUNT_FORMS


amounts = st.builds(
    Amount,
    st.decimals(
        min_value=Decimal("0.000001"),
        max_value=Decimal("9999999"),
        places=6,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.sampled_from(["mcg", "mg", "g", "IU", "mL", *COUNT_FORMS]),
)


@given(amounts)
def test_format_then_parse_gives_the_same_amount(amount: Amount) -> None:
    """Whatever medlog prints as an amount, it reads back as the same exact amount."""
    parsed = parse_amount(format_amount(amount.value, amount.unit))
    assert parsed.unit == amount.unit
    assert parsed.value == amount.value


@given(st.text(max_size=60))
def test_parse_amount_never_crashes_on_any_text(text: str) -> None:
    """Any text is either an amount above zero or bad input; nothing else escapes."""
    try:
        amount = parse_amount(text)
    except BadInput as error:
        assert error.message
    else:
        assert amount.value > 0
