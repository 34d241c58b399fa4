"""Amounts: parse ("10mg", "0.5 tablet", "400 IU"), format, and convert exactly.

Mass units convert between each other; IU and mL convert to nothing else;
count forms (tablet, capsule, ...) convert to the item's unit only through the
item's strength. Every value is a ``Decimal``, so 80 mg stays 80.
"""

from __future__ import annotations

import re
from decimal import Decimal

from medlog.errors import BadInput
from medlog.model import Amount

# Micrograms per unit: every mass conversion is an exact power of ten.
MASS_IN_MCG = {"mcg": Decimal(1), "mg": Decimal(1000), "g": Decimal(1000000)}
COUNT_FORMS = ("tablet", "capsule", "drop", "puff", "softgel", "scoop")
OTHER_UNITS = ("IU", "mL")
UCUM_CODES = {"mcg": "ug", "mg": "mg", "g": "g", "mL": "mL", "IU": "[iU]"}

CANONICAL_UNITS = frozenset((*MASS_IN_MCG, *OTHER_UNITS, *COUNT_FORMS))
_UNIT_NAMES = (
    {
        "mcg": "mcg",
        "µg": "mcg",
        "μg": "mcg",
        "ug": "mcg",
        "microgram": "mcg",
        "micrograms": "mcg",
        "mg": "mg",
        "milligram": "mg",
        "milligrams": "mg",
        "g": "g",
        "gram": "g",
        "grams": "g",
        "iu": "IU",
        "ml": "mL",
    }
    | {form: form for form in COUNT_FORMS}
    | {form + "s": form for form in COUNT_FORMS}
)

# Up to 7 digits before the point and 6 after: wide enough for 50000 IU or
# 0.000125 g, narrow enough that no value is huge, tiny or written with an exponent.
NUMBER_PATTERN = r"(?:\d{1,7}(?:\.\d{1,6})?|\.\d{1,6})"
_NUMBER_RE = NUMBER_PATTERN
_AMOUNT_RE = rf"({NUMBER_PATTERN})\s*([^\d\s.][^\s]*)?"
MAX_TEXT = 40

KNOWN_UNITS_TEXT = "mcg (or µg, ug), mg, g, IU, mL, or a form: " + ", ".join(COUNT_FORMS)
AMOUNT_EXAMPLES = "e.g. 10mg, 10 mg, 0.5 tablet, 2 capsules or 400 IU"


def canonical_unit(text: str) -> str:
    """The canonical spelling of a unit name ("MG" -> "mg", "tablets" -> "tablet")."""
    unit = _UNIT_NAMES.get(text.strip().lower()) if len(text) <= MAX_TEXT else None
    if unit is None:
        raise BadInput(f"Unknown unit {quote(text)}. Known units: {KNOWN_UNITS_TEXT}.")
    return unit


def parse_amount(text: str) -> Amount:
    """An amount greater than zero with its unit, e.g. ``10mg`` -> Amount(10, "mg")."""
    stripped = text.strip()
    if stripped.startswith("-"):
        raise BadInput(f"{quote(text)} is negative; an amount must be more than zero.")
    if re.match(r"[\d.]+e[+-]?\d", stripped, re.IGNORECASE):
        raise BadInput(f"{quote(text)} uses an exponent; write the number out, e.g. 1000mg.")
    match = re.fullmatch(_AMOUNT_RE, stripped) if len(stripped) <= MAX_TEXT else None
    if match is None:
        raise BadInput(
            f"{quote(text)} is not an amount; write a number (no commas or signs) and a "
            f"unit, {AMOUNT_EXAMPLES}."
        )
    number, unit_text = match.groups()
    if unit_text is None:
        raise BadInput(f"{quote(text)} has no unit; write it with one, {AMOUNT_EXAMPLES}.")
    value = Decimal(number)
    if value <= 0:
        raise BadInput(f"{quote(text)} is zero; an amount must be more than zero.")
    return Amount(value, canonical_unit(unit_text))


def is_mass(unit: str) -> bool:
    """True for mcg, mg and g."""
    return unit in MASS_IN_MCG


def is_count(unit: str) -> bool:
    """True for a count form such as tablet or capsule."""
    return unit in COUNT_FORMS


def convertible(from_unit: str, to_unit: str) -> bool:
    """True when an amount in ``from_unit`` converts to ``to_unit`` without a strength."""
    return from_unit == to_unit or (is_mass(from_unit) and is_mass(to_unit))


def convert(
    amount: Amount, unit: str, *, form: str | None = None, strength: Amount | None = None
) -> Decimal:
    """``amount`` expressed in ``unit``, exactly.

    A count of the item's ``form`` converts through ``strength`` (e.g. 0.5 tablet
    of 10 mg is 5 mg). Anything else that does not convert is bad input.
    """
    if amount.unit == form and strength is not None and amount.unit != unit:
        amount = Amount(amount.value * strength.value, strength.unit)
    if amount.unit == unit:
        return amount.value
    if is_mass(amount.unit) and is_mass(unit):
        return amount.value * MASS_IN_MCG[amount.unit] / MASS_IN_MCG[unit]
    raise BadInput(_why_not(amount, unit, form))


def _why_not(amount: Amount, unit: str, form: str | None) -> str:
    given = format_amount(amount.value, amount.unit)
    if is_count(amount.unit):
        if form == amount.unit:
            return (
                f"Cannot turn {given} into {unit}: the item has no strength per {form}. "
                f"Set one with --strength, e.g. --strength 10{unit}."
            )
        known = f"its form is {form}" if form else "it has no form set"
        return f"Cannot turn {given} into {unit}: {known}. Give the amount in {unit}."
    if amount.unit in OTHER_UNITS or unit in OTHER_UNITS:
        return (
            f"Cannot turn {given} into {unit}: IU and mL do not convert to other units. "
            f"Give the amount in {unit}."
        )
    return f"Cannot turn {given} into {unit}. Give the amount in {unit}."


def format_decimal(value: Decimal) -> str:
    """The shortest plain text for a decimal: 80 -> "80", 0.50 -> "0.5"; never an exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_amount(value: Decimal, unit: str) -> str:
    """An amount for people: "10 mg", "0.5 tablet", "2 tablets"."""
    if is_count(unit) and value > 1:
        unit += "s"
    return f"{format_decimal(value)} {unit}"


def format_dose(value: Decimal | None, unit: str, given: str | None = None) -> str:
    """A logged dose for people: "5 mg (0.5 tablet)"; "" when there is no amount."""
    if value is None:
        return ""
    text = format_amount(value, unit)
    return f"{text} ({given})" if given else text


def quote(text: str) -> str:
    """``text`` for an error message: repr-quoted, cut after 40 characters."""
    shown = text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"
    return repr(shown)
