"""What a person types about an item -> its fields, with the catalog's defaults.

``add`` and ``edit`` share these: the unit, form and strength, the dose, the
documented range and its source, the kind. Every amount passes
``units.exact_amount``, so what is written to medlog.toml reads back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from medlog.catalog import Substance
from medlog.errors import BadInput
from medlog.model import (
    KINDS,
    USER_SOURCE,
    Amount,
    AmountIs,
    DoseRange,
    Ingredient,
    Item,
    Kind,
    Schedule,
)
from medlog.names import MAX_CLASS, MAX_NOTE, MAX_SUBSTANCES, clean_text, item_key
from medlog.ranges import judges_prescriptions, parse_range
from medlog.schedule import by_weekday, names_weekdays, parse_weekday_doses
from medlog.units import (
    MAX_TEXT,
    convert,
    convertible,
    exact_amount,
    format_amount,
    format_decimal,
    is_count,
    is_mass,
    item_unit,
    parse_amount,
    per_form,
)


@dataclass(frozen=True)
class ItemOptions:
    """What a person may say about an item on ``add`` or ``edit``; None means not given."""

    dose: str | None = None
    schedule: str | None = None
    range: str | None = None
    range_source: str | None = None
    kind: str | None = None
    unit: str | None = None
    form: str | None = None
    strength: str | None = None
    substance: str | None = None
    drug_class: str | None = None
    ingredients: tuple[str, ...] | None = None
    fraction: str | None = None
    amount_is: str | None = None


def strength_question(substance: Substance, name: str) -> str:
    """Why ``add`` needs --strength for an entry whose strengths have labels of their own,
    and how to give it (never assumes one: their directions and maxima differ)."""
    listed = ", ".join(
        f"{found.name} {format_amount(found.strength, substance.unit)}"
        for found in substance.products
    )
    example = format_decimal(substance.products[0].strength) + substance.unit
    return (
        f"{name} comes in strengths whose labels give different directions ({listed}); say "
        f"which you have with --strength, e.g. medlog add {item_key(name)} --strength "
        f"{example} (medlog catalog {substance.id} shows each label's directions)."
    )


def schedule_text(options: ItemOptions, substance: Substance | None) -> str:
    """--schedule, else the catalog's, else once daily."""
    if options.schedule is not None:
        return options.schedule
    if substance is not None and substance.schedule is not None:
        return substance.schedule
    return "daily"


def kind_of(text: str | None, substance: Substance | None, name: str) -> Kind:
    if text is None:
        if substance is None:
            raise BadInput(
                f"{name!r} is not in the catalog, so say what it is: --kind rx, otc or supplement."
            )
        return substance.kind
    kind = text.strip().lower()
    for known in KINDS:
        if kind == known:
            return known
    raise BadInput(f"--kind {text!r} is not a kind; use rx, otc or supplement.")


def unit_of(options: ItemOptions, substance: Substance | None) -> str:
    """The item's unit: --unit, the catalog's, or the unit of the amounts the person gave.

    A dose given as a count of the item's form (``--dose 1 tablet --form tablet``)
    says nothing about the unit; without any other hint the unit is mg.
    """
    if options.unit is not None:
        return item_unit(options.unit)
    if substance is not None:
        return substance.unit
    if options.strength is not None:
        return parse_amount(options.strength).unit
    if options.dose is not None:
        unit = typed_doses(options.dose)[0][1].unit
        if not (is_count(unit) and options.form is not None):
            return unit
    if options.form is not None and item_unit(options.form) in UNCOUNTED_FORMS:
        return item_unit(options.form)  # eye drops, puffs: counted as they are, never in mg
    if options.range is not None and options.range.strip().lower() != "none":
        low, high, _ = parse_range(options.range)
        for bound in (high, low):
            if bound is not None and bound.unit:
                return bound.unit
    return "mg"


UNCOUNTED_FORMS = ("drop", "puff")
"""Forms whose labels give no mass per unit: without a --unit they are the item's unit."""


def typed_doses(text: str) -> tuple[tuple[tuple[int, ...], Amount], ...]:
    """The amounts a --dose names, each with the weekdays it is for (() for one dose)."""
    if not names_weekdays(text):
        return (((), parse_amount(text)),)
    return tuple((days, parse_amount(amount)) for days, amount in parse_weekday_doses(text))


def prescribed_in_iu(
    options: ItemOptions, unit: str, mcg_per_iu: Decimal | None, was: str | None = None
) -> str | None:
    """ "IU" when the dose (else the strength) was given in IU and the item keeps a mass that
    IU converts to: its amounts are then shown in IU first, as prescribed; ``was`` (the
    version's before an edit) when neither says."""
    if mcg_per_iu is None or not is_mass(unit):
        return None
    for text in (options.dose, options.strength):
        if text is None:
            continue
        units = {amount.unit for _, amount in typed_doses(text)}
        if units == {"IU"}:
            return "IU"
        if any(not is_count(found) for found in units):
            return None
    return was


def form_and_strength(
    options: ItemOptions, substance: Substance | None, unit: str, mcg_per_iu: Decimal | None = None
) -> tuple[str | None, Decimal | None]:
    if is_count(unit):
        if options.strength is not None:
            raise BadInput(
                f"An item counted in {unit}s has no strength; give its unit as a "
                "mass instead, e.g. --unit mg --form tablet --strength 10mg."
            )
        if options.form is not None and item_unit(options.form) != unit:
            raise BadInput(f"An item counted in {unit}s cannot have the form {options.form}.")
        return unit, None
    if options.form is not None:
        form = item_unit(options.form)
        if not is_count(form):
            raise BadInput(
                f"--form {options.form!r} is not a form; use one of tablet, "
                "capsule, drop, puff, softgel or scoop."
            )
    elif substance is not None and substance.form is not None and substance.unit == unit:
        form = substance.form
    else:
        form = None
    if options.strength is not None:
        if form is None:
            raise BadInput("--strength needs a form, e.g. --form tablet --strength 10mg.")
        given = parse_amount(options.strength)
        if is_count(given.unit):
            raise BadInput(f"--strength is the amount in one {form}, e.g. 10mg, not a count.")
        return form, exact_amount(convert(given, unit, mcg_per_iu=mcg_per_iu), unit, "--strength")
    if substance is not None and form == substance.form and substance.strength is not None:
        return form, substance.strength
    return form, None


class Doses(NamedTuple):
    """A version's dose: one amount, or seven by weekday (Monday first; then ``dose`` is None)."""

    dose: Decimal | None
    by_weekday: tuple[Decimal | None, ...] = ()


_A_SPAN = re.compile(r"\s*\d[\d.,]*\s*[a-zA-Z]*\s*[-\u2013]\s*\d")  # 200-400mg, 200 mg\u2013400 mg


def dose_of(
    text: str | None,
    substance: Substance | None,
    unit: str,
    form: str | None,
    strength: Decimal | None,
    mcg_per_iu: Decimal | None = None,
    schedule: Schedule | None = None,
) -> Doses:
    """--dose in the item's unit: one amount, or an amount per weekday (``5mg mon-fri, 2.5mg
    sat,sun``) naming exactly the ``schedule``'s weekdays; the catalog's dose when not given."""
    if text is None:
        if substance is not None and substance.dose is not None and substance.unit == unit:
            return Doses(substance.dose)
        return Doses(None)
    if _A_SPAN.match(text):
        raise BadInput(
            f"--dose takes one amount, the one you usually take; a span such as "
            f"{text.strip()!r} goes in --range, e.g. --range '{text.strip()}/day'."
        )
    found = tuple(
        (
            days,
            exact_amount(
                convert(
                    amount,
                    unit,
                    form=form,
                    strength=per_form(strength, unit),
                    mcg_per_iu=mcg_per_iu,
                ),
                unit,
                "The dose",
            ),
        )
        for days, amount in typed_doses(text)
    )
    if not found[0][0]:
        return Doses(found[0][1])
    week = by_weekday(found, schedule or Schedule("daily"), text)
    amounts = {dose for dose in week if dose is not None}
    return Doses(amounts.pop()) if len(amounts) == 1 else Doses(None, week)


def range_of(
    options: ItemOptions,
    substance: Substance | None,
    unit: str,
    form: str | None,
    strength: Decimal | None,
    mcg_per_iu: Decimal | None = None,
) -> DoseRange | None:
    text = options.range
    if text is None and options.range_source is not None:
        raise BadInput("--range-source says where your own --range comes from; give --range too.")
    if text is not None and text.strip().lower() == "none":
        return None
    if text is None:
        if substance is None:
            return None
        return catalog_range(substance.range, substance.unit, unit, mcg_per_iu)
    low, high, per = parse_range(text)
    bounds = [
        None
        if bound is None
        else exact_amount(
            convert(
                Amount(bound.value, bound.unit or unit),
                unit,
                form=form,
                strength=per_form(strength, unit),
                mcg_per_iu=mcg_per_iu,
            ),
            unit,
            "The range",
        )
        for bound in (low, high)
    ]
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        raise BadInput(f"The range {text.strip()!r} has its minimum above its maximum.")
    source = (
        clean_text(options.range_source, "The range source", MAX_NOTE)
        if options.range_source is not None
        else USER_SOURCE
    )
    return DoseRange(
        min=bounds[0], max=bounds[1], per="dose" if per == "dose" else "day", source=source
    )


def catalog_range(
    found: DoseRange | None, given_in: str, unit: str, mcg_per_iu: Decimal | None = None
) -> DoseRange | None:
    """A catalog range (or a label's most in one dose) in the item's unit; None when there is
    none or its unit does not convert."""
    if found is None or (not convertible(given_in, unit) and not (mcg_per_iu and unit == "IU")):
        return None  # drops, mL: the catalog's mass range does not apply
    factor = convert(Amount(Decimal(1), given_in), unit, mcg_per_iu=mcg_per_iu)
    return found._replace(
        min=None if found.min is None else exact_amount(found.min * factor, unit, "The range"),
        max=None if found.max is None else exact_amount(found.max * factor, unit, "The range"),
    )


def shows_as_range(kind: Kind, dose_range: DoseRange) -> bool:
    """False for the catalog's upper limit or OTC label maximum on a prescription: for a
    prescribed item it is information, not the item's range (DESIGN.md "Range kinds")."""
    return kind != "rx" or judges_prescriptions(dose_range)


def form_text(item: Item) -> str:
    if item.form is None:
        return "none"
    if item.strength is None:
        return item.form
    return f"{item.form} of {format_amount(item.strength, item.unit)}"


CLEAR = "none"  # --substance none, --class none: take it away


def substances_of(text: str) -> tuple[str, ...]:
    """``--substance A[,B...]``: each a catalog id when the catalog knows the name (Lexapro ->
    escitalopram), else its key ("Hydrochlorothiazide" -> hydrochlorothiazide)."""
    from medlog import catalog
    from medlog.names import item_key

    if text.strip().casefold() == CLEAR:
        return ()
    found: list[str] = []
    for part in text.split(","):
        name = clean_text(part, "A substance", MAX_NOTE)
        known = catalog.find(name, catalog.load())
        key = known.id if known is not None else item_key(name)
        if key in found:
            raise BadInput(f"--substance names {name!r} twice; name each substance once.")
        found.append(key)
    if len(found) > MAX_SUBSTANCES:
        raise BadInput(f"--substance names {len(found)} substances; the limit is {MAX_SUBSTANCES}.")
    return tuple(found)


def class_of(text: str) -> str | None:
    """``--class TEXT``: a therapeutic class such as SSRI or "RAS antagonists" (items of one
    class form one PDC group); ``none`` takes it away."""
    name = " ".join(clean_text(text, "The class", MAX_CLASS).split())
    return None if name.casefold() == CLEAR else name


MAX_INGREDIENT_TEXT = 120


def ingredients_of(texts: tuple[str, ...]) -> tuple[Ingredient, ...]:
    """``--ingredient "magnesium 100mg"`` (repeatable): what one unit of the item holds, each
    a substance (a catalog id when the catalog knows the name) and a mass, IU or mL. IU only
    where a source gives the substance's factor (vitamin D, retinol)."""
    from medlog import catalog
    from medlog.names import item_key

    if len(texts) == 1 and texts[0].strip().casefold() == CLEAR:
        return ()
    found: list[Ingredient] = []
    for text in texts:
        clean_text(text, "An ingredient", MAX_INGREDIENT_TEXT)
        words = text.split()
        for cut in range(len(words) - 1, 0, -1):
            try:
                amount = parse_amount(" ".join(words[cut:]))
            except BadInput:
                continue
            name = " ".join(words[:cut])
            break
        else:
            if len(words) > 2 and words[-2][:1].isdigit():
                parse_amount(" ".join(words[-2:]))  # says what is wrong with the amount
            raise BadInput(
                f"--ingredient {text[:40]!r} is not a substance and an amount, e.g. "
                '--ingredient "magnesium 100mg".'
            )
        known = catalog.find(name, catalog.load())
        substance = known.id if known is not None else item_key(name)
        if is_count(amount.unit):
            raise BadInput(
                f"--ingredient {text[:40]!r}: an ingredient is a mass, IU or mL in one unit "
                "of the item, e.g. magnesium 100mg."
            )
        if amount.unit == "IU" and (known is None or known.mcg_per_iu is None):
            raise BadInput(
                f"--ingredient {text[:40]!r}: medlog converts IU only where a source gives "
                "the substance's factor (vitamin D, retinol); give it in mg or mcg."
            )
        if any(part.substance == substance for part in found):
            raise BadInput(f"--ingredient names {substance} twice; name each substance once.")
        value = exact_amount(amount.value, amount.unit, "The ingredient's amount")
        found.append(Ingredient(substance, value, amount.unit))
    return tuple(found)


def fraction_of(text: str) -> Decimal:
    """``--fraction 0.141`` or ``14.1%``: the share of the compound that is the element."""
    spoken = text.strip()
    percent = spoken.endswith("%")
    try:
        value = Decimal(spoken.removesuffix("%").strip()) / (100 if percent else 1)
    except ArithmeticError:
        value = Decimal(-1)
    if (
        len(spoken) > MAX_TEXT
        or not value.is_finite()
        or not 0 < value <= 1
        or (value != round(value, 6))
    ):
        raise BadInput(
            f"--fraction {text[:20]!r} is not a share of the compound; give 0.141 or 14.1%."
        )
    return value.normalize()


def amount_is_of(text: str) -> AmountIs:
    """``--amount-is label`` (amounts as the label states them: elemental) or ``compound``."""
    spoken = text.strip().casefold()
    if spoken in ("label", "elemental"):
        return "label"
    if spoken == "compound":
        return "compound"
    raise BadInput(
        f"--amount-is {text[:20]!r}: use label (what the label states, elemental) or compound."
    )
