"""What the person's own regimen sets for a day, beside what was taken that day.

This is information, never a documented range: it has no source but the regimen itself, it is
never a verdict ("above range") and never counted as one (DESIGN.md's range kinds are left as
they are). It answers the careful user's question the range cannot: an item with no
documented range (warfarin) taken at three times its dose says so, as a fact.
"""

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from medlog.attribution import Moved
from medlog.model import Item
from medlog.schedule import slots_on
from medlog.units import format_amount, format_number


def _dose_on(item: Item, day: date) -> Decimal | None:
    """The regimen's dose at each slot on ``day``; None as needed, with no regular dose, out of
    force or on hold."""
    version = item.version_on(day)
    if version is None or version.schedule.prn:
        return None
    dose = version.dose_on(day)
    return dose if dose is not None and dose > 0 else None


def prescribed_on(item: Item, day: date, moved_out: Sequence[Moved] = ()) -> Decimal | None:
    """The amount the regimen sets for the doses of ``day``: its dose at each of the day's
    slots, plus the dose of each other day's slot that a dose of ``day`` answers (a dose just
    after midnight for last night's, a weekly dose a day late); one dose on a day that has
    none of those (an extra dose on a sparse schedule's off day). None when it sets none."""
    dose = _dose_on(item, day)
    version = item.version_on(day)
    own = dose * len(slots_on(version.schedule, day, version.start)) if dose and version else 0
    others = [_dose_on(item, moved.day) for moved in moved_out]
    total = own + sum((other for other in others if other is not None), Decimal(0))
    return total if total else dose


def above_prescribed(
    item: Item, day: date, total: Decimal, moved_out: Sequence[Moved] = ()
) -> Decimal | None:
    """The amount the regimen sets for ``day``'s doses when ``total`` is above it, else None."""
    prescribed = prescribed_on(item, day, moved_out)
    return prescribed if prescribed is not None and total > prescribed else None


def times_text(total: Decimal, prescribed: Decimal) -> str:
    """The total as a multiple of the prescribed amount: 3, 1.5 or 1.33, and the times sign;
    a total just above it to the first digit that differs from 1 (1.004), never "1"."""
    exact = total / prescribed
    ratio = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    if ratio == 1 and exact > 1:
        ratio = exact.quantize(Decimal(1).scaleb((exact - 1).adjusted()), ROUND_HALF_EVEN)
    return f"{format_number(ratio)}×"  # grouped as the amounts beside it: 66,667.33


def above_prescribed_text(item: Item, total: Decimal, prescribed: Decimal, when: str) -> str:
    """The day's total beside what the regimen sets for ``when`` (a day's words: "today",
    "2026-11-25")."""
    return (
        f"{format_amount(total, item.unit)} is {times_text(total, prescribed)} the "
        f"{format_amount(prescribed, item.unit)} your regimen sets for {when}"
    )
