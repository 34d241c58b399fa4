"""profile.py: the ages at which the catalog's facts change (kept equal to the catalog's), when
stored facts were chosen for another age, and the years of birth medlog accepts."""

from __future__ import annotations

from datetime import date

import pytest

from medlog import catalog, profile
from medlog.errors import BadInput
from medlog.model import Profile


def test_the_thresholds_are_the_catalogs() -> None:
    """Loading a store compares ages with profile.AGE_THRESHOLDS, never the catalog; they are
    the catalog's: adults from 19, calcium from 51, the elderly note from 65."""
    assert profile.AGE_THRESHOLDS == catalog.age_thresholds() == (19, 51, 65)


@pytest.mark.parametrize(
    ("born", "year", "today", "stale"),
    [
        (1976, 2026, date(2026, 12, 31), False),
        (1976, 2026, date(2027, 1, 1), True),  # 50 -> 51
        (1980, 2026, date(2027, 1, 1), False),  # 46 -> 47
        (2008, 2026, date(2027, 6, 1), True),  # 18 -> 19
        (1950, 0, date(2026, 6, 1), True),  # chosen for no known year (an import)
    ],
)
def test_facts_are_chosen_again_across_a_threshold(
    born: int, year: int, today: date, stale: bool
) -> None:
    """Only a birthday that crosses a threshold makes the stored facts stale."""
    assert profile.stale(Profile(born, year), today) is stale


def test_no_profile_is_never_stale() -> None:
    """Without a year of birth there is nothing to choose again."""
    assert profile.stale(None, date(2026, 1, 1)) is False


@pytest.mark.parametrize("text", ["abc", "1899", "2027", "19500", "１９５０", "-950", " "])
def test_only_a_past_four_digit_year_from_1900(text: str) -> None:
    """A year of birth is four ASCII digits, 1900 to this year."""
    with pytest.raises(BadInput):
        profile.parse_born(text, date(2026, 11, 27))
    assert profile.parse_born(" 1950 ", date(2026, 11, 27)) == 1950
