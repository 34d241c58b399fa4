"""What is actually in each dose, and each substance's daily total across items.

An item's contents (``contents``) are what one unit of its unit holds:

- a multi-ingredient product lists them (``Item.ingredients``, per tablet, or
  per unit of the item's unit when it has no form);
- a salt counts toward its element (magnesium glycinate -> magnesium): as the
  label states it (elemental, one for one) or, with ``amount_is = "compound"``,
  times its elemental ``fraction``;
- otherwise an item with one substance is all that substance.

A substance's day total adds every live dose of every item that holds it, in the
unit of its documented limit (``Limit``, copied into medlog.toml from the catalog,
so ``take`` never reads the catalog). Pure code: items, doses and limits in,
totals and verdicts out.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from medlog.errors import BadInput
from medlog.model import Amount, Event, Item, Limit
from medlog.ranges import dose_amount, judge
from medlog.units import MASS_IN_MCG, convert, format_amount


class Part(NamedTuple):
    """How much of ``substance`` one unit of an item's unit holds, in ``unit``."""

    substance: str
    per_unit: Fraction
    unit: str


def contents(item: Item) -> tuple[Part, ...]:
    """What one unit of the item's unit holds, substance by substance."""
    if item.ingredients:
        per = Fraction(1)
        if item.counted_in != item.unit and item.strength:  # listed per tablet
            per = 1 / Fraction(item.strength)
        return tuple(
            Part(part.substance, Fraction(part.amount) * per, part.unit)
            for part in item.ingredients
        )
    if item.counts_as is not None:
        share = Fraction(item.fraction) if item.amount_is == "compound" and item.fraction else 1
        return (Part(item.counts_as, Fraction(share), item.unit),)
    if len(item.substances) == 1:
        return (Part(item.substances[0], Fraction(1), item.unit),)
    return ()


def contents_problem(items: Sequence[Item], limits: Sequence[Limit]) -> str | None:
    """What is impossible in the ingredients an item lists (``--ingredient``), or None: one
    in a unit its substance's documented limit cannot be reached from (its totals would
    leave it out), or more mass in all than the unit that holds them weighs. An item's own
    substance in another unit (a syrup in mL) is fine: its totals leave it out."""
    units = {limit.substance: limit for limit in limits}
    for item in items:
        if not item.ingredients:
            continue
        for part in item.ingredients:
            limit = units.get(part.substance)
            if limit is None:
                continue
            try:
                convert(Amount(Decimal(1), part.unit), limit.unit, mcg_per_iu=limit.mcg_per_iu)
            except BadInput:
                return (
                    f"{item.name} lists {part.substance} in {part.unit}, which does not "
                    f"convert to {limit.unit}, the unit of its documented limit; give it in "
                    f"{limit.unit}"
                )
        holder = item.counted_in
        if holder != item.unit and item.strength:
            whole = Amount(item.strength, item.unit)  # listed per tablet of that strength
        else:
            whole = Amount(Decimal(1), item.unit)
        if whole.unit not in MASS_IN_MCG:
            continue
        mass = sum(
            (part.amount * MASS_IN_MCG[part.unit] for part in item.ingredients
             if part.unit in MASS_IN_MCG),
            Decimal(0),
        )  # fmt: skip
        if mass > whole.value * MASS_IN_MCG[whole.unit]:
            listed = ", ".join(
                f"{part.substance} {format_amount(part.amount, part.unit)}"
                for part in item.ingredients
            )
            return (
                f"{item.name}'s ingredients ({listed}) weigh more than one {holder} of it "
                f"({format_amount(whole.value, whole.unit)}); give what one {holder} holds"
            )
    return None


class Share(NamedTuple):
    """One item's part of a substance's day total."""

    item: Item
    amount: Decimal


class DayTotal(NamedTuple):
    """A substance's total on one day, in its limit's unit, and where it came from."""

    limit: Limit
    day: date
    total: Decimal
    shares: tuple[Share, ...]

    @property
    def above(self) -> bool:
        """True when the total is above the limit's maximum."""
        return judge(self.total, self.limit.range) == "above"

    @property
    def informational(self) -> bool:
        """True for an upper limit for self-supplementation when only prescriptions
        contributed: shown as information, since a prescribed dose may be higher."""
        return self.limit.range.kind == "upper_limit" and all(
            share.item.kind == "rx" for share in self.shares
        )

    @property
    def needs_saying(self) -> bool:
        """True when the total says something an item's own range does not: two or more
        items contributed, or the one that did is judged against another range."""
        if len(self.shares) > 1:
            return True
        own = self.shares[0].item.range
        limit = self.limit.range
        return (
            own is None
            or (own.max, own.source) != (limit.max, limit.source)
            or (self.shares[0].item.unit != self.limit.unit)
        )


def day_totals(
    items: Sequence[Item], doses: Iterable[Event], limits: Sequence[Limit], day: date
) -> list[DayTotal]:
    """Each limited substance's total on ``day`` from the live ``doses`` of ``items``, with
    each item's share."""
    grouped = _by_item_and_day(dose for dose in doses if dose.day == day)
    by_key = {item.key: item for item in items}
    taken = [by_key[key] for key in grouped if key in by_key]  # shares in the order taken
    found = _held_by_day(taken, grouped, limits).get(day, {})
    return [
        DayTotal(
            limit,
            day,
            _decimal(_sum(found[limit.substance].values())),
            tuple(
                Share(by_key[key], _decimal(value)) for key, value in found[limit.substance].items()
            ),
        )
        for limit in limits
        if limit.substance in found
    ]


def substance_days(
    items: Sequence[Item],
    doses: Mapping[str, Mapping[date, Sequence[Event]]],
    limits: Sequence[Limit],
) -> dict[str, list[tuple[Decimal, Iterable[str]]]]:
    """For each limited substance, each day's total from the live ``doses`` of ``items``
    (by item key and day) and the keys of the items it came from: a report's figures,
    with no shares built."""
    found: dict[str, list[tuple[Decimal, Iterable[str]]]] = {}
    sums: dict[tuple[Fraction | Decimal, ...], Decimal] = {}  # most days repeat the last
    for held in _held_by_day(items, doses, limits).values():
        for substance, values in held.items():
            parts = tuple(values.values())
            total = sums.get(parts)
            if total is None:
                total = sums[parts] = _decimal(_sum(parts))
            found.setdefault(substance, []).append((total, values))
    return found


def _by_item_and_day(doses: Iterable[Event]) -> dict[str, dict[date, list[Event]]]:
    """The doses among ``doses`` by item key, then by day."""
    found: dict[str, dict[date, list[Event]]] = {}
    for dose in doses:
        if dose.type == "dose" and dose.item is not None:
            found.setdefault(dose.item, {}).setdefault(dose.day, []).append(dose)
    return found


def _held_by_day(
    items: Sequence[Item],
    doses: Mapping[str, Mapping[date, Sequence[Event]]],
    limits: Sequence[Limit],
) -> dict[date, dict[str, dict[str, Fraction | Decimal]]]:
    """Day -> limited substance -> item key -> how much of it that item's doses held.

    Each item's doses are added up per day first, in its own unit, and turned into
    substances once per day: a ten-year report does a few multiplications a day.
    """
    found: dict[date, dict[str, dict[str, Fraction | Decimal]]] = {}
    products: dict[tuple[Decimal, Fraction | Decimal], Fraction | Decimal] = {}  # they repeat
    for item in items:
        recipe = _recipe(item, limits)
        if not recipe:
            continue
        unit = item.unit
        for day, taken in doses.get(item.key, {}).items():
            amounts = [
                dose.amount if dose.unit == unit else dose_amount(item, dose) for dose in taken
            ]
            known = [amount for amount in amounts if amount is not None]
            if not known:
                continue
            amount = sum(known, Decimal(0))
            held = found.setdefault(day, {})
            for substance, factor in recipe:
                value = products.get((amount, factor))
                if value is None:
                    value = products[amount, factor] = (
                        amount * factor
                        if isinstance(factor, Decimal)
                        else Fraction(amount) * factor
                    )
                held.setdefault(substance, {})[item.key] = value
    return found


def _recipe(item: Item, limits: Sequence[Limit]) -> list[tuple[str, Decimal | Fraction]]:
    """(substance, amount of it in the limit's unit per unit of the item) for each limited
    substance the item holds; a decimal when exact (nearly always), else a fraction."""
    units = {limit.substance: limit for limit in limits}
    found = []
    for part in contents(item):
        limit = units.get(part.substance)
        if limit is None:
            continue
        try:
            scale = convert(Amount(Decimal(1), part.unit), limit.unit, mcg_per_iu=limit.mcg_per_iu)
        except BadInput:
            continue
        factor = part.per_unit * Fraction(scale)
        exact = Decimal(factor.numerator) / Decimal(factor.denominator)
        found.append((part.substance, exact if Fraction(exact) == factor else factor))
    return found


def _sum(values: Iterable[Fraction | Decimal]) -> Fraction | Decimal:
    """Exact decimals add as decimals; with a fraction among them, as fractions."""
    found = list(values)
    if all(isinstance(value, Decimal) for value in found):
        return sum(found, Decimal(0))
    return sum((Fraction(value) for value in found), Fraction(0))


def _decimal(value: Fraction | Decimal) -> Decimal:
    """A total as a decimal: exact when it ends within 6 places, else rounded to 6."""
    exact = (
        value
        if isinstance(value, Decimal)
        else (Decimal(value.numerator) / Decimal(value.denominator))
    )
    six = exact.quantize(Decimal("0.000001"))
    return (six if six != exact else exact).normalize()
