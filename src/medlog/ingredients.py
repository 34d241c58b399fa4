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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import NamedTuple

from medlog.errors import BadInput
from medlog.model import Amount, DoseRange, Event, Item, Limit, Regimen
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
        """True when a supervised item (a prescription, or a range of the person's own)
        contributed: an upper limit or an OTC label maximum is then information, never a
        warning and never counted over (IOM: ULs do not apply under medical supervision)."""
        otc_maximum = in_24_hours(self.limit)
        return (self.limit.range.kind == "upper_limit" or otc_maximum) and any(
            share.item.supervised for share in self.shares
        )

    @property
    def needs_saying(self) -> bool:
        """True when the total says something an item's own line does not: two or more
        items contributed, or the one that did is judged by neither this limit nor a cap
        from it."""
        if len(self.shares) > 1:
            return True
        item = self.shares[0].item
        return not (
            _judged_by(item, item.range, self.limit) or _judged_by(item, item.cap, self.limit)
        )


def _judged_by(item: Item, found: DoseRange | None, limit: Limit) -> bool:
    """True when ``found`` (an item's range or cap) is ``limit`` in the item's unit."""
    if found is None or found.source != limit.range.source:
        return False
    return found is item.cap or (found.max, item.unit) == (limit.range.max, limit.unit)


def day_totals(
    items: Sequence[Item], doses: Iterable[Event], limits: Sequence[Limit], day: date
) -> list[DayTotal]:
    """Each limited substance's total on ``day`` from the live ``doses`` of ``items``, with
    each item's share."""
    grouped = _by_item_and_day(dose for dose in doses if dose.day == day)
    by_key = {item.key: item for item in items}
    taken = [by_key[key] for key in grouped if key in by_key]  # shares in the order taken
    found = _held_by_day(taken, grouped, limits, {}).get(day, {})
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
    totals: Mapping[str, Mapping[date, Decimal]] | None = None,
) -> dict[str, list[tuple[Decimal, Iterable[str]]]]:
    """For each limited substance, each day's total from the live ``doses`` of ``items``
    (by item key and day) and the keys of the items it came from: a report's figures,
    with no shares built. ``totals``: more days' sums of an item's doses, in its unit,
    already worked out (days ``doses`` does not hold)."""
    found: dict[str, list[tuple[Decimal, Iterable[str]]]] = {}
    sums: dict[tuple[Fraction | Decimal, ...], Decimal] = {}  # most days repeat the last
    for held in _held_by_day(items, doses, limits, totals or {}).values():
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
    totals: Mapping[str, Mapping[date, Decimal]],
) -> dict[date, dict[str, dict[str, Fraction | Decimal]]]:
    """Day -> limited substance -> item key -> how much of it that item's doses held
    (``totals``: more days' sums, see ``substance_days``).

    Each item's doses are added up per day first, in its own unit, and turned into
    substances once per day: a ten-year report does a few multiplications a day.
    """
    found: dict[date, dict[str, dict[str, Fraction | Decimal]]] = {}
    for item in items:
        parts = recipe(item, limits)
        if not parts:
            continue
        key = item.key
        held_in: dict[Decimal, list[tuple[str, Fraction | Decimal]]] = {}  # amounts repeat
        for day, amount in _day_sums(item, doses.get(key, {}), totals.get(key, {})):
            substances = held_in.get(amount)
            if substances is None:
                substances = held_in[amount] = [
                    (substance, _times(amount, factor)) for substance, factor in parts
                ]
            held = found.get(day)
            if held is None:
                held = found[day] = {}
            for substance, value in substances:
                by_item = held.get(substance)
                if by_item is None:
                    by_item = held[substance] = {}
                by_item[key] = value
    return found


def _times(amount: Decimal, factor: Fraction | Decimal) -> Fraction | Decimal:
    """How much of a substance ``amount`` of an item holds (its recipe's ``factor``)."""
    return amount * factor if isinstance(factor, Decimal) else Fraction(amount) * factor


def _day_sums(
    item: Item, doses: Mapping[date, Sequence[Event]], totals: Mapping[date, Decimal]
) -> Iterator[tuple[date, Decimal]]:
    """Each day's sum of the item's doses with a known amount, in its unit; then ``totals``."""
    unit = item.unit
    for day, taken in doses.items():
        amounts = [dose.amount if dose.unit == unit else dose_amount(item, dose) for dose in taken]
        known = [amount for amount in amounts if amount is not None]
        if known:
            yield day, sum(known, Decimal(0))
    yield from totals.items()


def recipe(item: Item, limits: Sequence[Limit]) -> list[tuple[str, Decimal | Fraction]]:
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


def with_caps(regimen: Regimen) -> Regimen:
    """The regimen with each item's ``cap`` worked out from its limits: the lowest upper
    limit of a substance it holds, in the item's unit, when that is below the top of the
    item's typical range (DESIGN.md "Range kinds"). Items judged otherwise get none."""
    items = tuple(item._replace(cap=_cap(item, regimen.limits)) for item in regimen.items)
    return regimen._replace(items=items)


def _cap(item: Item, limits: Sequence[Limit]) -> DoseRange | None:
    found = item.range
    if found is None or found.kind != "typical" or found.per != "day" or item.supervised:
        return None
    by_substance = {limit.substance: limit for limit in limits}
    best: DoseRange | None = None
    for substance, factor in recipe(item, limits):
        limit = by_substance[substance].range
        if limit.kind != "upper_limit" or limit.max is None or limit.per != "day" or not factor:
            continue
        exact = Fraction(limit.max) / Fraction(factor)
        # Rounded down to 6 places: a total of at most 6 places is above the rounded value
        # exactly when it is above the exact one.
        most = (
            (Decimal(exact.numerator) / Decimal(exact.denominator))
            .quantize(Decimal("0.000001"), rounding=ROUND_FLOOR)
            .normalize()
        )
        if (found.max is None or most < found.max) and (best is None or most < (best.max or 0)):
            best = limit._replace(max=most, min=None)
    return best


DAY = timedelta(hours=24)


def in_24_hours(limit: Limit) -> bool:
    """True for an OTC label's maximum per day (a label range with no minimum): labels
    state it over any 24 hours ("not more than 6 caplets in 24 hours"), so it is judged at
    each dose over (at - 24 h, at], not per calendar day (DESIGN.md "Any 24 hours"). Upper
    limits stay per calendar day."""
    found = limit.range
    return found.kind == "label" and found.per == "day" and found.min is None and bool(found.max)


class Intake(NamedTuple):
    """One dose's share of a substance, in its limit's unit."""

    event: Event
    item: Item
    amount: Decimal


def intakes(items: Sequence[Item], doses: Iterable[Event], limit: Limit) -> list[Intake]:
    """Every live dose of ``items`` that holds ``limit``'s substance, with how much of it, in
    time order."""
    factors = {
        item.key: (item, factor)
        for item in items
        for substance, factor in recipe(item, (limit,))
        if substance == limit.substance
    }
    found = []
    for dose in doses:
        held = factors.get(dose.item or "")
        if held is None or dose.type != "dose":
            continue
        item, factor = held
        amount = dose.amount if dose.unit == item.unit else dose_amount(item, dose)
        if amount is not None:
            found.append(Intake(dose, item, _decimal(Fraction(amount) * Fraction(factor))))
    return sorted(found, key=lambda intake: (intake.event.at, intake.event.id))


class Window(NamedTuple):
    """A substance's total in the 24 hours up to ``until``, (until - 24 h, until], and each
    item's part of it."""

    limit: Limit
    until: datetime
    total: Decimal
    shares: tuple[Share, ...]

    @property
    def above(self) -> bool:
        """True when the total is above the limit's maximum."""
        return judge(self.total, self.limit.range) == "above"

    @property
    def informational(self) -> bool:
        """True when a supervised item contributed (see ``DayTotal.informational``)."""
        return any(share.item.supervised for share in self.shares)

    @property
    def needs_saying(self) -> bool:
        """True unless one item contributed whose own range is this limit: its own line
        already judges the same 24 hours."""
        if len(self.shares) != 1:
            return True
        return not _judged_by(self.shares[0].item, self.shares[0].item.range, self.limit)


def window_until(found: Sequence[Intake], limit: Limit, until: datetime) -> Window:
    """The substance's total in the 24 hours up to ``until`` from ``found``."""
    shares: dict[str, Share] = {}
    for intake in found:
        if until - DAY < intake.event.at <= until:
            key = intake.item.key
            before = shares.get(key, Share(intake.item, Decimal(0))).amount
            shares[key] = Share(intake.item, before + intake.amount)
    total = sum((share.amount for share in shares.values()), Decimal(0))
    return Window(limit, until, total, tuple(shares.values()))


def over_in_24_hours(found: Sequence[Intake], limit: Limit) -> list[tuple[Intake, Window]]:
    """Each dose in ``found`` (in time order) at which the 24 hours up to it passed the
    limit's maximum, with that window; leaving out windows a supervised item contributed to
    (information, never "over"). One pass with the window's two ends: ten years of doses
    cost a moment."""
    most = limit.range.max
    over: list[tuple[Intake, Window]] = []
    if most is None:
        return over
    total = Decimal(0)
    supervised = 0
    start = 0
    for end, intake in enumerate(found):
        total += intake.amount
        supervised += intake.item.supervised
        while found[start].event.at <= intake.event.at - DAY:
            total -= found[start].amount
            supervised -= found[start].item.supervised
            start += 1
        # Doses at the same moment as this one belong to its window too.
        later = end + 1
        while later < len(found) and found[later].event.at == intake.event.at:
            later += 1
        same = found[end + 1 : later]
        extra = sum((other.amount for other in same), Decimal(0))
        if total + extra > most and not supervised + sum(o.item.supervised for o in same):
            over.append((intake, window_until(found[start:later], limit, intake.event.at)))
    return over


def allows_another(
    found: Sequence[Intake], limit: Limit, amount: Decimal, now: datetime
) -> datetime | None:
    """The first moment from ``now`` at which one more dose of ``amount`` (of the substance)
    keeps the 24-hour total within the maximum; None when it already does, or never can."""
    most = limit.range.max
    if most is None or amount > most:
        return None
    earlier = [intake for intake in found if now - DAY < intake.event.at <= now]
    total = sum((intake.amount for intake in earlier), Decimal(0))
    if total + amount <= most:
        return None
    for intake in earlier:  # in time order: each leaves the window 24 hours after it
        total -= intake.amount
        if total + amount <= most:
            return intake.event.at + DAY
    return None  # pragma: no cover - the last one leaving empties the window
