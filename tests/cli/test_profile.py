"""Limits that know who takes them (issue 20), optional: medlog profile --born YEAR keeps the
year of birth in medlog.toml; with it calcium's upper limit is 2,000 mg/day from 51 (IOM
2011), adults' upper limits are not applied under 19 (and medlog says so), and from 65 the
escitalopram label's note for elderly patients is shown beside its range and in the report."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]
NOW = "2026-11-27T09:15"
ABOVE_51 = "above the upper limit from age 51 of 2,000 mg/day"


@pytest.fixture
def calcium(medlog: Medlog) -> None:
    """Calcium 1,200 mg daily from Nov 1."""
    ok(medlog("add", "calcium", "--dose", "1200mg", "--start", "2026-11-01", now=NOW))


@pytest.mark.parametrize(
    ("born", "words"),
    [
        ("abc", "'abc' is not a year of birth; give four digits"),
        ("2030", "2030 is not a year of birth medlog accepts; give one from 1900 to 2026"),
        ("1899", "give one from 1900 to 2026"),
        ("50", "give four digits"),
        ("", "give four digits"),
    ],
)
def test_bad_years_are_refused_and_change_nothing(
    medlog: Medlog, calcium: None, home: Path, born: str, words: str
) -> None:
    """--born abc, a future year, a year before 1900: exit 2 and an unchanged store."""
    ok(medlog("profile", "--born", "1960", now=NOW))
    before = snapshot(home)
    result = medlog("profile", "--born", born, now=NOW)
    assert result.exit_code == 2 and words in result.stderr, result.stderr
    assert snapshot(home) == before


def test_calcium_from_51_is_judged_against_2000_mg(
    medlog: Medlog, calcium: None, home: Path
) -> None:
    """2,100 mg is under the 2,500 mg limit for an age medlog does not know; born 1950 (76 in
    2026), it is above the 2,000 mg limit from 51, with the 2011 report as source; the year is
    kept in medlog.toml."""
    assert (
        "under the adult upper limit (19+) of 2,500 mg/day"
        in ok(medlog("take", "calcium", "2100mg", "--at", "2026-11-26 08:00", now=NOW)).stdout
    )
    said = ok(medlog("profile", "--born", "1950", now=NOW)).stdout
    assert said.startswith("Kept: born 1950, so 76 in 2026 (medlog knows only the year")
    assert "Calcium: the upper limit from age 51 of 2,000 mg/day" in said
    assert "medlog applies it from the year you turn 51" in said
    assert "Institute of Medicine (2011), Dietary Reference Intakes for Calcium and Vitamin D" in (
        said
    )
    taken = ok(medlog("take", "calcium", "2100mg", now=NOW))
    assert "ABOVE the upper limit from age 51 of 2,000 mg/day" in taken.stdout
    assert "(source: Institute of Medicine (2011)" in taken.stderr
    figures = json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)["items"][0]
    assert figures["range"]["max"] == 2000 and figures["days_above_range"] == 2
    stored = tomllib.loads((home / "medlog.toml").read_text())["profile"]
    assert stored == {"born": 1950, "facts_year": 2026}


def test_fifty_is_still_judged_against_2500_mg(medlog: Medlog, calcium: None) -> None:
    """Born 1976: 50 in 2026, so the 19-50 limit stays; nothing changed is said."""
    said = ok(medlog("profile", "--born", "1976", now=NOW)).stdout
    assert "No documented limit or note in medlog's catalog depends on this age." in said
    assert (
        "under the adult upper limit (19+) of 2,500"
        in ok(medlog("take", "calcium", "2100mg", now=NOW)).stdout
    )


def test_turning_51_applies_the_limit_without_a_write(
    medlog: Medlog, calcium: None, home: Path
) -> None:
    """Born 1976 and set in 2026 (50): on 2 January 2027 the person is 51, and take judges
    against 2,000 mg at once; reading the store (today) changes nothing on disk."""
    ok(medlog("profile", "--born", "1976", now=NOW))
    before = snapshot(home)
    ok(medlog("today", now="2027-01-02T09:00"))
    assert snapshot(home) == before
    taken = ok(medlog("take", "calcium", "2100mg", now="2027-01-02T09:00"))
    assert "ABOVE the upper limit from age 51 of 2,000 mg/day" in taken.stdout


def test_under_19_adult_limits_are_information(medlog: Medlog, calcium: None) -> None:
    """Born 2012 (14): no adult upper limit judges calcium, and medlog says why, at profile,
    at add and in the report; forgetting the year brings the adult limit back."""
    said = ok(medlog("profile", "--born", "2012", now=NOW)).stdout
    assert "medlog's upper limits are for adults (19+), and children's are lower" in said
    assert "Now Calcium: no documented range applies." in said
    taken = ok(medlog("take", "calcium", "3000mg", now=NOW))
    assert "no documented range" in taken.stdout and "above" not in taken.stderr
    added = ok(medlog("add", "zinc", "--dose", "10mg", now=NOW)).stdout
    assert "Information: The adult upper limit (19+) of 40 mg/day" in added
    assert "is for adults; children's limits are lower, and you are 14 this year" in added
    report = ok(medlog("report", "--format", "md", now=NOW)).stdout
    assert "Calcium: The adult upper limit (19+) of 2,500 mg/day" in report
    ok(medlog("profile", "--born", "none", now=NOW))
    assert (
        "ABOVE the adult upper limit (19+) of 2,500"
        in ok(medlog("take", "calcium", "100mg", now=NOW)).stdout
    )  # the day's 3,100 mg


def test_elderly_note_from_65(medlog: Medlog) -> None:
    """From 65 the label's note for elderly patients is shown beside escitalopram's range (list,
    add) and in the report, saying that the label names no age and medlog uses 65; at 56 it is
    not."""
    note = "10 mg/day is the recommended dose for most elderly patients. The label names no age"
    ok(medlog("profile", "--born", "1970", now=NOW))
    assert note not in ok(medlog("add", "lexapro", "--dose", "10mg", now=NOW)).stdout
    ok(medlog("profile", "--born", "1950", now=NOW))
    listed = ok(medlog("list", now=NOW)).stdout
    assert "Lexapro, for your age: Elderly patients: " + note in " ".join(listed.split())
    assert "medlog applies this note from 65" in " ".join(listed.split())
    report = ok(medlog("report", "--format", "md", now=NOW)).stdout
    assert f"- Lexapro: Elderly patients: {note}" in report
    assert note in ok(medlog("profile", now=NOW)).stdout


def test_the_profile_travels_in_an_export(medlog: Medlog, calcium: None, tmp_path: Path) -> None:
    """export carries the year of birth; import into a store without one takes it and chooses
    the facts for that age; a store with another year refuses the file, changing nothing,
    until the person keeps one side (--keep profile=theirs)."""
    ok(medlog("profile", "--born", "1950", now=NOW))
    path = tmp_path / "all.json"
    ok(medlog("export", "-o", str(path), now=NOW))
    assert json.loads(path.read_text())["profile"] == {"born": 1950}
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(path), now=NOW))
    assert "Profile: born 1950" in ok(medlog("--home", str(other), "profile", now=NOW)).stdout
    items = json.loads(ok(medlog("--home", str(other), "list", "--format", "json")).stdout)
    assert items["items"][0]["range"]["max"] == 2000
    third = tmp_path / "third"
    ok(medlog("--home", str(third), "profile", "--born", "1960", now=NOW))
    before = snapshot(third)
    refused = medlog("--home", str(third), "import", str(path), now=NOW)
    assert refused.exit_code == 2
    assert "the year of birth: 1960 here, 1950 there" in refused.stderr
    assert "--keep profile=theirs" in refused.stderr
    assert snapshot(third) == before
    ok(medlog("--home", str(third), "import", str(path), "--keep", "profile=theirs", now=NOW))
    assert "Profile: born 1950" in ok(medlog("--home", str(third), "profile", now=NOW)).stdout


def test_a_hand_edited_profile_is_checked(medlog: Medlog, calcium: None, home: Path) -> None:
    """A year of birth that is not a year in medlog.toml is exit 3 naming profile.born."""
    ok(medlog("profile", "--born", "1950", now=NOW))
    config = home / "medlog.toml"
    config.write_text(config.read_text().replace("born = 1950", 'born = "1950"'))
    result = medlog("today", now=NOW)
    assert result.exit_code == 3 and "profile.born" in result.stderr


def test_without_a_year_nothing_changes(medlog: Medlog, calcium: None) -> None:
    """profile with no year kept says so; it is optional."""
    assert ok(medlog("profile", now=NOW)).stdout.startswith("No year of birth is kept")


def test_each_day_is_judged_by_the_age_on_that_day(medlog: Medlog) -> None:
    """Born 1975: 50 in 2025, 51 in 2026. 2,200 mg of calcium on 2025-12-28 was judged against
    the limit from 51 (outside attack, finding 3): take, the report's counts and its list of
    days judge it against 2,500 mg (ages 19-50), and 2026-01-05 against 2,000 mg."""
    jan = "2026-01-10T09:00"
    ok(medlog("profile", "--born", "1975", now=jan))
    ok(medlog("add", "calcium", "--dose", "2200mg", "--start", "2025-12-20", now=jan))
    december = ok(medlog("take", "calcium", "--at", "2025-12-28 08:00", now=jan))
    assert "under the adult upper limit (19+) of 2,500 mg/day" in december.stdout
    assert december.stderr == ""
    january = ok(medlog("take", "calcium", "--at", "2026-01-05 08:00", now=jan))
    assert ABOVE_51 in january.stderr and "ABOVE the upper limit from age 51" in january.stdout
    run = medlog("report", "--since", "2025-12-25", "--format", "json", now=jan)
    [figures] = json.loads(ok(run).stdout)["items"]
    assert (figures["days_in_range"], figures["days_above_range"]) == (1, 1)
    table = " ".join(ok(medlog("report", "--since", "2025-12-25", now=jan)).stdout.split())
    assert "2025-12-28 2,200 mg (above)" not in table
    assert "2026-01-05 2,200 mg (above)" in table


def test_no_adult_limit_judges_a_day_before_19(medlog: Medlog) -> None:
    """Born 2007: 18 in 2025, 19 in 2026. A day of 2025 is not judged by adults' upper limit
    (none applies under 19); a day of 2026 is."""
    jan = "2026-01-10T09:00"
    ok(medlog("profile", "--born", "2007", now=jan))
    ok(medlog("add", "calcium", "--dose", "2600mg", "--start", "2025-12-20", now=jan))
    december = ok(medlog("take", "calcium", "--at", "2025-12-28 08:00", now=jan))
    assert "no documented range" in december.stdout and december.stderr == ""
    january = ok(medlog("take", "calcium", "--at", "2026-01-05 08:00", now=jan))
    assert "ABOVE the adult upper limit (19+) of 2,500 mg/day" in january.stdout
    run = medlog("report", "--since", "2025-12-25", "--format", "json", now=jan)
    [figures] = json.loads(ok(run).stdout)["items"]
    assert (figures["days_in_range"], figures["days_above_range"]) == (0, 1)
