"""amounts_text.py: an item's amounts as prescribed, IU first only where it is exact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from medlog.amounts_text import amount_text, dose_words, in_iu, regimen_words, stored_dose
from medlog.model import Item, RegimenVersion, Schedule

DAILY = Schedule("daily")
VITAMIN_D = Item(
    "vitamin-d", "Vitamin D", "rx", "mcg",
    (RegimenVersion(date(2026, 11, 7), DAILY, Decimal(1250), shown_in="IU"),),
    mcg_per_iu=Decimal("0.025"),
)  # fmt: skip
RETINOL = VITAMIN_D._replace(key="retinol", mcg_per_iu=Decimal("0.3"))


def test_iu_is_shown_first_and_exactly() -> None:
    """1,250 mcg of vitamin D is 50,000 IU; 1,000 mcg of retinol is 3,333.33... IU: mass only."""
    assert amount_text(VITAMIN_D, Decimal(1250), "IU") == "50,000 IU (1,250 mcg)"
    assert amount_text(VITAMIN_D, Decimal(1250)) == "1,250 mcg"
    assert in_iu(RETINOL, Decimal(900)) == 3000
    assert in_iu(RETINOL, Decimal(1000)) is None
    assert amount_text(RETINOL, Decimal(1000), "IU") == "1,000 mcg"


def test_stored_text_has_no_separators() -> None:
    """medlog.toml keeps "50000 IU" (parse_amount refuses "50,000": a comma could be a
    decimal comma); a dose by weekday keeps its grammar."""
    assert stored_dose(VITAMIN_D, VITAMIN_D.current) == "50000 IU"
    week = RegimenVersion(
        date(2026, 11, 2), DAILY, None,
        by_weekday=(*[Decimal(1500)] * 5, Decimal(1000), Decimal(1000)),
    )  # fmt: skip
    item = VITAMIN_D._replace(regimen=(week,), mcg_per_iu=None)
    assert stored_dose(item, week) == "1500 mcg mon-fri, 1000 mcg sat,sun"
    assert dose_words(item, week) == "1,500 mcg mon-fri, 1,000 mcg sat,sun"
    assert regimen_words(item, week) == (
        "1,500 mcg mon-fri, 1,000 mcg sat,sun (daily; 9,500 mcg a week)"
    )
