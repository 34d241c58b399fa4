"""Amounts: parse ("10mg", "0.5 tablet", "1/2 tab", "400 IU"), format, and convert exactly.

An amount is ``NUMBER [UNIT] [.]``: ``amounts`` reads the number (decimals, an
unambiguous decimal comma, fractions, ``½``, ``half a``); the unit is any spelling
in ``_SPELLINGS``. Mass units convert between each other; IU and mL convert to
nothing else; count forms (tablet, capsule, ...) convert to the item's unit only
through the item's strength, and ``pill`` (``ANY_FORM``) is one of the item's form,
whatever it is. Every value is a ``Decimal``, so 80 mg stays 80, and every stored
value passes ``exact_amount``.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache
from math import gcd

from medlog.amounts import exact_decimal, read_quantity, spoken
from medlog.errors import BadInput, quote
from medlog.model import Amount

# Micrograms per unit: every mass conversion is an exact power of ten.
MASS_IN_MCG = {"mcg": Decimal(1), "mg": Decimal(1000), "g": Decimal(1000000)}
COUNT_FORMS = ("tablet", "capsule", "drop", "puff", "softgel", "scoop")
ANY_FORM = "pill"  # a pseudo-unit: one of the item's form; ``convert`` resolves it
OTHER_UNITS = ("IU", "mL")
UCUM_CODES = {"mcg": "ug", "mg": "mg", "g": "g", "mL": "mL", "IU": "[iU]"}
# The units an item, a strength or a stored amount may have (never ANY_FORM).
CANONICAL_UNITS = frozenset((*MASS_IN_MCG, *OTHER_UNITS, *COUNT_FORMS))
MAX_AMOUNT = Decimal(1000000)
MAX_PLACES = 6
_SMALLEST = Decimal(1).scaleb(-MAX_PLACES)
_SPELLINGS = {
    "mcg": "mcgs, µg, μg, ug, microgram, micrograms, microgramme, microgrammes",
    "mg": "mgs, milligram, milligrams, milligramme, milligrammes",
    "g": "gm, gram, grams, gramme, grammes",
    "IU": "iu, ius, i.u, international unit, international units",
    "mL": "ml, mls, cc, milliliter, milliliters, millilitre, millilitres",
    "tablet": "tab, tabs",
    "capsule": "cap, caps",
    ANY_FORM: "pills",
}
_UNIT_NAMES = (
    {form + "s": form for form in COUNT_FORMS}
    | {unit.lower(): unit for unit in (*CANONICAL_UNITS, ANY_FORM)}
    | {name: unit for unit, names in _SPELLINGS.items() for name in names.split(", ")}
)

# Up to 7 digits before the point and 6 after: wide enough for 50000 IU or
# 0.000125 g, narrow enough that no value is huge, tiny or written with an exponent.
NUMBER_PATTERN = r"(?:[0-9]{1,7}(?:\.[0-9]{1,6})?|\.[0-9]{1,6})"
MAX_TEXT = 40

KNOWN_UNITS_TEXT = (
    "mcg (or µg, ug), mg, g, IU, mL, or a form: "
    + ", ".join(COUNT_FORMS)
    + " (pill means one of the item's form)"
)
AMOUNT_EXAMPLES = "e.g. 10mg, 10 mg, 0.5 tablet, 1/2 tablet, 2 capsules or 400 IU"


def canonical_unit(text: str) -> str:
    """The canonical spelling of a unit name ("MG" -> "mg", "tablets" -> "tablet", "mg." -> "mg").

    ``pill`` and ``pills`` give ``ANY_FORM``; use ``item_unit`` where a real unit is needed.
    """
    name = " ".join(unicodedata.normalize("NFKC", text[: MAX_TEXT + 1]).lower().split())
    unit = _UNIT_NAMES.get(name.removesuffix(".")) if len(text) <= MAX_TEXT else None
    if unit is None:
        raise BadInput(f"Unknown unit {quote(text)}. Known units: {KNOWN_UNITS_TEXT}.")
    return unit


def item_unit(text: str) -> str:
    """The canonical unit or form of an item (``canonical_unit``, but never ``pill``)."""
    unit = canonical_unit(text)
    if unit == ANY_FORM:
        raise BadInput(
            f"{quote(text)} stands for one of an item's form; name the form instead: "
            + ", ".join(COUNT_FORMS)
            + "."
        )
    return unit


def parse_amount(text: str) -> Amount:
    """An amount greater than zero with its unit, e.g. ``10mg`` -> Amount(10, "mg")."""
    return parse_typed_amount(text)[0]


@lru_cache(maxsize=256)  # medlog.toml repeats a few amounts ("100 mg") many times
def parse_typed_amount(text: str) -> tuple[Amount, str | None]:
    """The amount in ``text`` and, when it was not plain ``10 mg``, the text as typed.

    ``1/2 tablet`` -> (Amount(0.5, "tablet"), "1/2 tablet"); ``10mg`` -> (Amount(10, "mg"), None).
    """
    shown = quote(text)
    not_an_amount = BadInput(
        f"{shown} is not an amount; write a number (no signs) and a unit, {AMOUNT_EXAMPLES}."
    )
    if len(text) > MAX_TEXT:
        raise not_an_amount
    said = spoken(text)
    for word in said.split():  # the shell's words after the amount: a mistyped option
        refuse_option(word)
    if said.startswith("-"):
        raise BadInput(f"{shown} is negative; an amount must be more than zero.")
    quantity = read_quantity(said, shown)
    if quantity is None or any(char.isdigit() for char in quantity.rest):
        raise not_an_amount
    if quantity.rest in ("", "."):
        raise BadInput(f"{shown} has no unit; write it with one, {AMOUNT_EXAMPLES}.")
    unit = canonical_unit(quantity.rest)
    numerator, denominator = quantity.numerator, quantity.denominator
    if numerator == 0:
        raise BadInput(f"{shown} is zero; an amount must be more than zero.")
    value = exact_decimal(numerator, denominator)
    if value is None and numerator > denominator * MAX_AMOUNT:
        value = MAX_AMOUNT + 1  # too big to matter whether it ends
    if value is None:
        rounded = (Decimal(numerator) / denominator).quantize(Decimal("0.01"))
        mass = " or the amount in mg" if is_count(unit) else ""
        common = gcd(numerator, denominator)
        raise BadInput(
            f"{shown} is unclear: {numerator // common}/{denominator // common} has no exact "
            f"decimal; give {format_amount(rounded, unit)}{mass}."
        )
    if refusal := _refusal(value, unit):
        raise BadInput(f"{shown} is {refusal}.")
    value = _normal(value)
    return Amount(value, unit), None if _plain(text, value, unit) else " ".join(text.split())


def refuse_option(word: str) -> None:
    """Refuse a word of a name or an amount that is an option the command does not have:
    ``--day``, ``-n``, or ``—at`` (``--at`` after an editor made a dash of the hyphens), and
    a dash alone; a negative number (``-5``, ``-.5``) is the amount's to refuse."""
    if word.startswith(("\u2013", "\u2014", "\u2010\u2010")):
        bare = word.lstrip("\u2010\u2013\u2014")
        if not bare:
            raise BadInput(f"{quote(word)} is neither an item nor an amount; see --help.")
        if bare[:1].isalpha():
            meant = f"--{bare}" if bare.isalnum() and len(bare) <= 40 else quote("--" + bare)
            raise BadInput(
                f"{quote(word)} is not an option of this command (options start with two "
                f"hyphens: {meant}); see its --help."
            )
    elif word.startswith("--") or (word.startswith("-") and word[1:2].isalpha()):
        raise BadInput(f"{quote(word)} is not an option of this command; see its --help.")


def _plain(text: str, value: Decimal, unit: str) -> bool:
    """True when ``text`` is ``NUMBER UNIT`` in canonical spelling (``10mg``, ``2 tablets``)."""
    typed = " ".join(text.lower().split()).removesuffix(".")
    number = format_decimal(value)
    names = {unit.lower(), unit.lower() + "s" if is_count(unit) else unit.lower()}
    return any(typed in (number + name, f"{number} {name}") for name in names)


def exact_amount(value: Decimal, unit: str, what: str) -> Decimal:
    """``value`` normalised, when medlog can store it exactly; else BadInput naming ``what``.

    A stored amount is more than 0, at most 1,000,000 of its unit, with at most 6
    decimal places: the one rule for every amount medlog writes or loads.
    """
    refusal = _refusal(value, unit)
    if refusal is None:
        return _normal(value)
    if not value.is_finite() or value <= 0:
        raise BadInput(f"{what} must be a number more than zero.")
    if value.adjusted() > 12:
        raise BadInput(f"{what} is {refusal}.")
    plain = format_decimal(value) + (f" {unit}" if unit else "")
    if plain == " ".join(what.split()):
        raise BadInput(f"{what} is {refusal}.")
    shown = format_amount(value, unit) if unit else format_number(value)
    raise BadInput(f"{what} is {shown}, {refusal}.")


def _refusal(value: Decimal, unit: str) -> str | None:
    """Why ``value`` of ``unit`` cannot be stored exactly (the end of a sentence), or None."""
    if not value.is_finite() or value <= 0:
        return "not more than zero; an amount must be more than zero"
    if value <= MAX_AMOUNT and value == value.quantize(_SMALLEST):
        return None  # every amount a regimen or a journal holds: no sentence to make
    limits = f"up to {format_number(MAX_AMOUNT)} {unit}".rstrip()
    limits += f" with at most {MAX_PLACES} decimal places"
    if value > MAX_AMOUNT:
        return f"more than medlog stores ({limits}); use a larger unit for this item"
    return f"more precise than medlog stores ({limits}); round it or use a smaller unit"


def _normal(value: Decimal) -> Decimal:
    """A storable value with no trailing zeros and no exponent: 80.0 -> 80, 0.50 -> 0.5."""
    normal = value.quantize(_SMALLEST).normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def is_mass(unit: str) -> bool:
    """True for mcg, mg and g."""
    return unit in MASS_IN_MCG


def is_count(unit: str) -> bool:
    """True for a count form such as tablet or capsule, and for ``pill`` (ANY_FORM)."""
    return unit in COUNT_FORMS or unit == ANY_FORM


def convertible(from_unit: str, to_unit: str) -> bool:
    """True when an amount in ``from_unit`` converts to ``to_unit`` without a strength."""
    return from_unit == to_unit or (is_mass(from_unit) and is_mass(to_unit))


def convert(
    amount: Amount,
    unit: str,
    *,
    form: str | None = None,
    strength: Amount | None = None,
    mcg_per_iu: Decimal | None = None,
) -> Decimal:
    """``amount`` expressed in ``unit``, exactly.

    A count of the item's ``form`` converts through ``strength`` (e.g. 0.5 tablet
    of 10 mg is 5 mg); a count of ``pill`` is a count of the item's ``form``. IU
    converts to and from mass only through the substance's ``mcg_per_iu`` (vitamin D:
    1000 IU is 25 mcg). Anything else that does not convert is bad input.
    """
    if amount.unit == ANY_FORM:
        if form is None or form == ANY_FORM:
            raise BadInput(
                f"{format_amount(amount.value, amount.unit)} needs the item's form: a pill is "
                "one of whatever form the item has, and it has none. Set one, e.g. "
                "--form tablet, or give the amount in a unit such as mg."
            )
        amount = Amount(amount.value, form)
    if amount.unit == form and strength is not None and amount.unit != unit:
        amount = Amount(amount.value * strength.value, strength.unit)
    if amount.unit == unit:
        return amount.value
    if mcg_per_iu is not None and amount.unit == "IU" and is_mass(unit):
        amount = Amount(amount.value * mcg_per_iu, "mcg")
    elif mcg_per_iu is not None and unit == "IU" and is_mass(amount.unit):
        return amount.value * MASS_IN_MCG[amount.unit] / mcg_per_iu
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
    if amount.unit == "mL" and is_count(unit):
        return (
            f"Cannot turn {given} into {unit}s: how much one {unit} holds depends on the "
            f"dropper, so medlog never guesses it. Give it as a count of {unit}s (a label or "
            f"the pharmacist may say how many a bottle holds, e.g. 80 {unit}s)."
        )
    if amount.unit in OTHER_UNITS or unit in OTHER_UNITS:
        return (
            f"Cannot turn {given} into {unit}: IU converts to mass only where a source gives "
            f"the substance's factor (vitamin D, retinol), and mL never does. Give the amount "
            f"in {unit}."
        )
    return f"Cannot turn {given} into {unit}. Give the amount in {unit}."


def per_form(strength: Decimal | None, unit: str) -> Amount | None:
    """An item's strength as the amount in one of its form (10 mg a tablet), or None."""
    return None if strength is None else Amount(strength, unit)


def format_decimal(value: Decimal) -> str:
    """The shortest plain text for a decimal: 80 -> "80", 0.50 -> "0.5"; never an exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value: Decimal) -> str:
    """A number for people, thousands grouped: 1250 -> "1,250", 0.5 -> "0.5"; never an
    exponent. Stored text (medlog.toml, the journal) and JSON and CSV numbers use
    ``format_decimal``: "1,250" would not read back as an amount."""
    text = format_decimal(value)
    whole, point, part = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.removeprefix("-")
    groups = [digits[max(end - 3, 0) : end] for end in range(len(digits), 0, -3)]
    digits = ",".join(reversed(groups))
    return f"{sign}{digits}{point}{part}"


def format_amount(value: Decimal, unit: str) -> str:
    """An amount for people: "10 mg", "1,250 mcg", "0.5 tablet", "2 tablets", "0 tablets"."""
    if is_count(unit) and (abs(value) > 1 or value == 0):
        unit += "s"
    return f"{format_number(value)} {unit}"


def plain_amount(value: Decimal, unit: str) -> str:
    """An amount as medlog stores it in text ("1250 mcg", "2 tablets"): ``parse_amount``
    reads it back, so no thousands separator."""
    if is_count(unit) and (abs(value) > 1 or value == 0):
        unit += "s"
    return f"{format_decimal(value)} {unit}"


def format_dose(value: Decimal | None, unit: str, given: str | None = None) -> str:
    """A logged dose for people: "5 mg (0.5 tablet)"; "" when there is no amount."""
    if value is None:
        return ""
    text = format_amount(value, unit)
    return f"{text} ({given})" if given else text
