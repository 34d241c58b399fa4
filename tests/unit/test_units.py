"""units.py: amounts parse, format and convert exactly; anything else is bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog.errors import BadInput
from medlog.model import Amount
from medlog.units import (
    ANY_FORM,
    CANONICAL_UNITS,
    COUNT_FORMS,
    MAX_AMOUNT,
    UCUM_CODES,
    canonical_unit,
    convert,
    exact_amount,
    format_amount,
    format_decimal,
    item_unit,
    parse_amount,
    parse_typed_amount,
    plain_amount,
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
        ("1,000 mg", "thousands separator"),
        ("", "not an amount"),
        ("mg", "not an amount"),
        ("12345678 mg", "more than medlog stores"),
        ("1.1234567 mg", "more precise than medlog stores"),
        ("0x10mg", "not an amount"),
        ("1/3 tablet", "1/3 has no exact decimal; give 0.33 tablet or the amount in mg"),
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
    with pytest.raises(BadInput, match="converts to mass only where a source gives"):
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
        max_value=Decimal("1000000"),
        places=6,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.sampled_from(["mcg", "mg", "g", "IU", "mL", *COUNT_FORMS]),
)


@given(amounts)
def test_format_then_parse_gives_the_same_amount(amount: Amount) -> None:
    """Whatever medlog stores as an amount's text, it reads back as the same exact amount."""
    parsed = parse_amount(plain_amount(amount.value, amount.unit))
    assert parsed.unit == amount.unit
    assert parsed.value == amount.value


@given(amounts)
def test_amounts_for_people_group_thousands_and_mean_the_same(amount: Amount) -> None:
    """What people read groups thousands (1,250 mcg); without the commas it is the stored text."""
    shown = format_amount(amount.value, amount.unit)
    assert shown.replace(",", "") == plain_amount(amount.value, amount.unit)
    whole = shown.split()[0].split(".")[0]
    assert all(len(group) == 3 for group in whole.split(",")[1:])


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1250", "1,250 mcg"),
        ("999", "999 mcg"),
        ("1000000", "1,000,000 mcg"),
        ("1234.5", "1,234.5 mcg"),
    ],
)
def test_thousands_separators(value: str, shown: str) -> None:
    """1250 mcg is shown as 1,250 mcg; never with an exponent."""
    assert format_amount(Decimal(value), "mcg") == shown


def _storable(value: Decimal) -> bool:
    return 0 < value <= MAX_AMOUNT and value == value.quantize(Decimal("0.000001"))


# Pieces of the amount grammar, glued at random: the texts that reach the deep branches.
AMOUNT_PIECES = st.one_of(
    st.integers(min_value=0, max_value=10**45).map(str),
    st.decimals(min_value=0, max_value=10**8, places=8, allow_nan=False).map(str),
    st.sampled_from(
        [",", ".", "/", " ", "-", "e", "e-", "½", "⅓", "1½", "half", "a", "and a half", "of"]
    ),
    st.sampled_from(["mg", "MG", "mcg", "µg", "g", "IU", "i.u.", "ml", "tabs", "pill", "xx"]),
)
AMOUNT_TEXT = st.lists(AMOUNT_PIECES, max_size=6).map("".join)


ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=60)


@given(st.one_of(ANY_TEXT, AMOUNT_TEXT))
def test_parse_amount_never_crashes_and_accepts_only_storable_amounts(text: str) -> None:
    """Any text is bad input or a storable amount that reads back the same from its plain form."""
    try:
        amount, given = parse_typed_amount(text)
    except BadInput as error:
        assert error.message
    else:
        assert _storable(amount.value)
        assert amount.unit in CANONICAL_UNITS or amount.unit == ANY_FORM
        assert parse_amount(plain_amount(amount.value, amount.unit)) == amount
        assert given is None or given == " ".join(text.split())


@given(ANY_TEXT)
def test_canonical_unit_never_crashes_on_any_text(text: str) -> None:
    """Any text is a known unit or bad input; nothing else escapes."""
    try:
        unit = canonical_unit(text)
    except BadInput as error:
        assert "Unknown unit" in error.message
    else:
        assert unit in CANONICAL_UNITS or unit == ANY_FORM


@given(
    st.decimals(min_value=Decimal("-1E+30"), max_value=Decimal("1E+30"), places=9),
    st.sampled_from(["mg", "mcg", "tablet", ""]),
)
def test_parse_amount_reads_exactly_what_exact_amount_stores(value: Decimal, unit: str) -> None:
    """Every value exact_amount keeps, written out, parses back (the loader's rule); no other."""
    text = f"{format_decimal(value)} {unit or 'mg'}"
    if _storable(value):
        assert exact_amount(value, unit, "it") == value
        assert parse_amount(text).value == value
    else:
        with pytest.raises(BadInput):
            exact_amount(value, unit, "it")
        with pytest.raises(BadInput):
            parse_amount(text)


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("80.000", "80"),
        ("0.50", "0.5"),
        ("1E+2", "100"),
        ("1000000", "1000000"),
        ("1E-6", "0.000001"),
    ],
)
def test_exact_amount_normalises_what_it_keeps(value: str, normal: str) -> None:
    """A storable value comes back without trailing zeros or an exponent."""
    assert str(exact_amount(Decimal(value), "mg", "it")) == normal


@pytest.mark.parametrize(
    ("value", "unit", "what", "message"),
    [
        (
            "10000000",
            "mcg",
            "10 g",
            "10 g is 10,000,000 mcg, more than medlog stores (up to 1,000,000 mcg with at most "
            "6 decimal places); use a larger unit for this item.",
        ),
        ("1.0000001", "mg", "'amount'", "'amount' is 1.0000001 mg, more precise than medlog"),
        ("12345678", "", "'amount'", "(up to 1,000,000 with at most 6 decimal places)"),
        ("1E+999999999", "mg", "it", "it is more than medlog stores"),
        ("0", "mg", "it", "it must be a number more than zero."),
        ("-1", "mg", "it", "more than zero"),
        ("NaN", "mg", "it", "more than zero"),
        ("-Infinity", "mg", "it", "more than zero"),
    ],
)
def test_exact_amount_refuses_what_cannot_be_stored(
    value: str, unit: str, what: str, message: str
) -> None:
    """Zero, too big or too precise is bad input that says what fits."""
    with pytest.raises(BadInput) as caught:
        exact_amount(Decimal(value), unit, what)
    assert message in caught.value.message


def test_a_pill_is_one_of_the_items_form() -> None:
    """'pill' converts as the item's form; an item without a form says so."""
    tablet = Amount(Decimal("10"), "mg")
    assert convert(parse_amount("half a pill"), "mg", form="tablet", strength=tablet) == 5
    assert convert(parse_amount("2 pills"), "capsule", form="capsule") == 2
    assert format_amount(Decimal(2), ANY_FORM) == "2 pills"
    for form in (None, ANY_FORM):
        with pytest.raises(BadInput, match="needs the item's form"):
            convert(parse_amount("1 pill"), "mg", form=form)


def test_item_unit_refuses_the_pill_pseudo_unit() -> None:
    """An item's unit or form must be a real one; 'pill' is refused with the forms to use."""
    assert item_unit("Tabs") == "tablet"
    with pytest.raises(BadInput, match="name the form instead: tablet"):
        item_unit("pills")


def test_typed_amount_keeps_the_text_only_when_it_says_more_than_the_plain_form() -> None:
    """'1/2 tablet' keeps its text (whitespace tidied); '10mg' and '2 tablets' give None."""
    assert parse_typed_amount("  1/2   tablet ") == (Amount(Decimal("0.5"), "tablet"), "1/2 tablet")
    assert parse_typed_amount("10mg")[1] is None
    assert parse_typed_amount("2 tablets")[1] is None
    assert parse_typed_amount("10 milligrams")[1] == "10 milligrams"
