"""An item's amounts for people, as prescribed: IU first where it was written in IU ("50,000
IU (1,250 mcg)"), doses by weekday ("5 mg mon-fri, 2.5 mg sat,sun") with their weekly total.

Every view that a person or a clinician reads (list, today, the report in every format, the
FHIR texts) words an item's doses here, so they cannot disagree. Figures stay exact in the
item's unit; IU is said beside them only when it converts back exactly. Pure code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from medlog.model import Event, Item, RegimenVersion
from medlog.schedule import format_schedule, weekday_doses_text, weekly_total
from medlog.units import format_amount, format_dose, format_number, is_mass, plain_amount


def in_iu(item: Item, value: Decimal) -> Decimal | None:
    """``value`` (in the item's mass unit) in IU through the item's sourced factor, when that
    is exact to 6 places; else None."""
    if item.mcg_per_iu is None or not is_mass(item.unit):
        return None
    from medlog.units import MASS_IN_MCG

    try:
        iu = value * MASS_IN_MCG[item.unit] / item.mcg_per_iu
    except InvalidOperation:  # pragma: no cover - a factor is above 0 and at most 1000
        return None
    exact = iu.quantize(Decimal("0.000001"))
    return exact.normalize() if exact == iu else None


def amount_text(item: Item, value: Decimal, shown_in: str | None = None) -> str:
    """An amount of the item: "1,250 mcg", or "50,000 IU (1,250 mcg)" when ``shown_in`` is IU
    (the version it belongs to was prescribed in IU)."""
    plain = format_amount(value, item.unit)
    if shown_in != "IU":
        return plain
    iu = in_iu(item, value)
    return plain if iu is None else f"{format_number(iu)} IU ({plain})"


def shown_in_on(item: Item, day: date) -> str | None:
    """How the version in force on ``day`` (or the latest) shows amounts: "IU" or None."""
    version = item.version_on(day) or item.current
    return version.shown_in


def dose_words(item: Item, version: RegimenVersion) -> str:
    """A version's dose: "10 mg", "50,000 IU (1,250 mcg)", "5 mg mon-fri, 2.5 mg sat,sun";
    "" without a regular dose."""
    if version.by_weekday:
        return weekday_doses_text(
            version.by_weekday, lambda dose: amount_text(item, dose, version.shown_in)
        )
    if version.dose is None:
        return ""
    return amount_text(item, version.dose, version.shown_in)


def stored_dose(item: Item, version: RegimenVersion) -> str | None:
    """A version's dose as medlog.toml keeps it: "10 mg", "50000 IU" when prescribed in IU,
    "5 mg mon-fri, 2.5 mg sat,sun"; None without a regular dose."""

    def written(dose: Decimal) -> str:
        iu = in_iu(item, dose) if version.shown_in == "IU" else None
        return plain_amount(dose, item.unit) if iu is None else plain_amount(iu, "IU")

    if version.by_weekday:
        return weekday_doses_text(version.by_weekday, written)
    return None if version.dose is None else written(version.dose)


def week_text(item: Item, version: RegimenVersion) -> str:
    """What the version asks for in a week, "30 mg a week"; "" without a regular dose."""
    total = weekly_total(version)
    if total is None:
        return ""
    exact = Decimal(total.numerator) / Decimal(total.denominator)
    shown = exact if exact == exact.quantize(Decimal("0.01")) else exact.quantize(Decimal("0.01"))
    return f"{amount_text(item, shown.normalize(), version.shown_in)} a week"


def weekly_item(item: Item) -> bool:
    """True when a version of the item has a dose by weekday: its doses are then said with
    their weekly totals, the figure a clinic manages (30 mg a week -> 35 mg a week)."""
    return any(version.by_weekday for version in item.regimen)


def dose_and_week(item: Item, version: RegimenVersion) -> str:
    """A version's dose, with its weekly total for an item dosed by weekday: "5 mg mon-fri,
    2.5 mg sat,sun (30 mg a week)", "5 mg (35 mg a week)"; else as ``dose_words``."""
    dose = dose_words(item, version)
    week = week_text(item, version) if weekly_item(item) and _weekly(version) else ""
    return f"{dose} ({week})" if dose and week else dose


def _weekly(version: RegimenVersion) -> bool:
    return version.schedule.kind in ("daily", "weekdays")


def regimen_words(item: Item, version: RegimenVersion) -> str:
    """A version's dose and schedule: "10 mg daily 08:00"; for an item dosed by weekday with
    the weekly total: "5 mg mon-fri, 2.5 mg sat,sun (daily 17:00; 30 mg a week)"."""
    schedule = format_schedule(version.schedule)
    dose = dose_words(item, version)
    if dose and weekly_item(item) and _weekly(version):
        return f"{dose} ({schedule}; {week_text(item, version)})"
    return f"{dose} {schedule}" if dose else schedule


def logged_dose(item: Item, event: Event) -> str:
    """A logged dose: "20 mg (2 tablets)"; IU first when typed in IU or taken as a dose
    prescribed in IU: "1,000 IU (25 mcg)"."""
    if event.amount is None:
        return ""
    typed_iu = event.given is not None and _typed_in_iu(event.given)
    if typed_iu or (event.given is None and shown_in_on(item, event.day) == "IU"):
        iu = in_iu(item, event.amount) if event.unit == item.unit else None
        if iu is not None:
            return f"{format_number(iu)} IU ({format_amount(event.amount, item.unit)})"
    return format_dose(event.amount, event.unit or item.unit, event.given)


def _typed_in_iu(given: str) -> bool:
    from medlog.errors import BadInput
    from medlog.units import parse_amount

    try:
        return parse_amount(given).unit == "IU"
    except BadInput:
        return False
