"""Who takes the items, as far as documented limits need it: the year of birth, the age it
gives in a year, and when the facts medlog copied into medlog.toml were chosen for another age.

medlog knows only the year of birth, so the age it uses in a year is the age reached during
that year: a person born in 1975 is 51 in all of 2026. It never asks for more, and applies a
fact from the age the fact's source states (calcium's upper limit of 2,000 mg from 51, IOM
2011), from the year the person reaches it. Pure code: ``take`` reads this module, so it is
light.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from medlog.errors import BadInput
from medlog.model import Profile, Regimen

EARLIEST_BORN = 1900
# The ages at which what the catalog applies to a person changes: adults' upper limits from 19,
# calcium's from 51, the escitalopram label's note for elderly patients from 65 (medlog's age:
# the label names none). catalog.age_thresholds() reads them from the catalog; a test keeps
# the two equal, so that loading a store never needs the catalog to know a birthday passed.
AGE_THRESHOLDS = (19, 51, 65)


def age_of(regimen: Regimen, today: date) -> int | None:
    """The person's age this year, or None when medlog does not know their year of birth."""
    return None if regimen.profile is None else regimen.profile.age_in(today.year)


def band_starts(profile: Profile | None, today: date) -> tuple[date, ...]:
    """The first days of the age bands the person has entered by ``today``'s year (1 January
    of the year they reach each threshold age), oldest first: a day before one is judged by
    the facts for the age they had then, not by this year's."""
    if profile is None:
        return ()
    return tuple(
        date(profile.born + age, 1, 1) for age in AGE_THRESHOLDS if profile.born + age <= today.year
    )


def stale(profile: Profile | None, today: date) -> bool:
    """True when the facts in medlog.toml were chosen for an age on the other side of a
    threshold from this year's (or for no known year): they are chosen again as it loads."""
    if profile is None:
        return False
    if profile.year == 0:
        return True
    before = bisect_right(AGE_THRESHOLDS, profile.age_in(profile.year))
    return before != bisect_right(AGE_THRESHOLDS, profile.age_in(today.year))


def parse_born(text: str, today: date) -> int:
    """A year of birth as typed: four digits, from 1900 to this year."""
    spoken = text.strip()
    if not spoken.isascii() or not spoken.isdigit() or len(spoken) != 4:
        raise BadInput(
            f"{text[:20]!r} is not a year of birth; give four digits, e.g. --born 1950 "
            "(medlog needs only the year)."
        )
    year = int(spoken)
    if not EARLIEST_BORN <= year <= today.year:
        raise BadInput(
            f"{year} is not a year of birth medlog accepts; give one from {EARLIEST_BORN} to "
            f"{today.year}."
        )
    return year
