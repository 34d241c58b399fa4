"""Prescriptions as written (issue 20): a dose by weekday in one item, a strength dated like a
dose, IU as prescribed, forms that fit the product, and fills that can never lock anyone out.
Each reproduction of the issue is a test here, and the figures are worked by hand in the
docstrings. The clock is Friday 2026-11-27 09:15 unless a call says otherwise."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Journal, Run, ok, snapshot

Medlog = Callable[..., Run]
FIXTURES = Path(__file__).parent.parent / "data"
WARFARIN = "5mg mon-fri, 2.5mg sat,sun"


def listed(medlog: Medlog, key: str) -> dict[str, Any]:
    """The item ``key`` as ``list --format json`` gives it."""
    items = json.loads(ok(medlog("list", "--all", "--format", "json")).stdout)["items"]
    found: dict[str, Any] = next(item for item in items if item["item"] == key)
    return found


def report(medlog: Medlog, *args: str, now: str | None = None) -> dict[str, Any]:
    """``report --format json`` with ``args``."""
    run = medlog("report", "--format", "json", *args, now=now)
    found: dict[str, Any] = json.loads(ok(run).stdout)
    return found


def flat(text: str) -> str:
    """Text with its line breaks (a table's wrapping) as single spaces."""
    return " ".join(text.split())


def warfarin(medlog: Medlog, *extra: str) -> None:
    """Warfarin 5 mg mon-fri, 2.5 mg sat,sun at 17:00 in 5 mg tablets, from Mon 2026-11-02."""
    ok(medlog("add", "warfarin", "--dose", WARFARIN, "--schedule", "daily 5pm", "--form",
              "tablet", "--strength", "5mg", "--start", "2026-11-02", *extra))  # fmt: skip


# --- Item 1: warfarin 5 mg mon-fri and 2.5 mg sat-sun is one item -----------------------------


def test_warfarin_by_weekday_is_one_item_and_take_logs_that_days_dose(
    medlog: Medlog, journal_lines: Journal
) -> None:
    """One item; `take warfarin` logs 2.5 mg on Saturday 11-21 and 5 mg on Monday 11-23."""
    warfarin(medlog)
    saturday = ok(medlog("take", "warfarin", "--at", "2026-11-21 17:00"))
    monday = ok(medlog("take", "warfarin", "--at", "2026-11-23 17:00"))
    assert saturday.stdout.startswith("Logged Warfarin 2.5 mg at 17:00 2026-11-21")
    assert monday.stdout.startswith("Logged Warfarin 5 mg at 17:00 2026-11-23")
    assert saturday.stderr == monday.stderr == ""
    assert [line["amount"] for line in journal_lines()] == ["2.5", "5"]
    assert [item["item"] for item in report(medlog)["items"]] == ["warfarin"]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("mon-fri 5pm", "mon-fri 17:00"),
        ("weekdays 17:00", "mon-fri 17:00"),
        ("weekends", "sat,sun"),
        ("Monday-Wednesday, fri 8am", "mon-wed,fri 08:00"),
        ("sat-mon 09:00", "mon,sat,sun 09:00"),
    ],
)
def test_weekday_ranges_are_schedules(medlog: Medlog, text: str, canonical: str) -> None:
    """`mon-fri 5pm`, `weekdays`, `weekends` and other ranges are schedules (were refused)."""
    ok(medlog("add", "vitamin b12", "--kind", "supplement", "--dose", "1mg", "--schedule", text))
    assert listed(medlog, "vitamin-b12")["regimen"][0]["schedule"] == canonical


def test_weekly_totals_by_hand_with_changes_on_saturdays(medlog: Medlog) -> None:
    """From Mon 11-02: 5 mg mon-fri + 2.5 mg sat,sun = 25 + 5 = 30 mg a week; from Sat 11-14
    5 mg mon-sat, 2.5 mg sun = 30 + 2.5 = 32.5; from Sat 11-21 5 mg daily = 35. Every dose
    logged without an amount to Thu 11-26. The weeks of the report (Mon-Sun): 11-02..08
    prescribed 30; 11-09..15: 25 (mon-fri) + 5 (Sat, new) + 2.5 (Sun) = 32.5; 11-16..22:
    25 + 5 + 5 (Sat and Sun of the 5 mg regimen) = 35; 11-23..27: 5 days x 5 = 25, logged
    20 (Friday's 17:00 dose is not due yet)."""
    warfarin(medlog)
    ok(medlog("edit", "warfarin", "--dose", "5mg mon-sat, 2.5mg sun", "--from", "2026-11-14"))
    changed = ok(medlog("edit", "warfarin", "--dose", "5mg", "--from", "2026-11-21"))
    assert "New regimen: 5 mg (daily 17:00; 35 mg a week) from 2026-11-21." in changed.stdout
    for day in range(2, 27):
        ok(medlog("take", "warfarin", "--at", f"2026-11-{day:02d} 17:00"))
    versions = listed(medlog, "warfarin")["regimen"]
    assert [version["weekly_total"] for version in versions] == [30, 32.5, 35]
    assert [version["dose"] for version in versions] == [
        "5 mg mon-fri, 2.5 mg sat,sun", "5 mg mon-sat, 2.5 mg sun", 5,
    ]  # fmt: skip
    assert versions[0]["dose_by_weekday"] == {
        "mon": 5, "tue": 5, "wed": 5, "thu": 5, "fri": 5, "sat": 2.5, "sun": 2.5,
    }  # fmt: skip
    (item,) = report(medlog, "--since", "2026-11-02")["items"]
    assert [(w["week_of"], w["prescribed"], w["logged"]) for w in item["weekly_totals"]] == [
        ("2026-11-02", 30, 30), ("2026-11-09", 32.5, 32.5), ("2026-11-16", 35, 35),
        ("2026-11-23", 25, 20),
    ]  # fmt: skip
    assert item["total_amount"] == 117.5  # 30 + 32.5 + 35 + 20
    (earlier,) = report(medlog, "--since", "2026-10-19")["items"]  # two weeks before it began
    assert earlier["weekly_totals"][0]["week_of"] == "2026-11-02"  # not weeks of 0 mg asked
    table = flat(ok(medlog("report", "--since", "2026-11-02")).stdout)
    assert (
        "Warfarin 5 mg (daily 17:00; 35 mg a week) since 2026-11-21 (day 7); changes: 5 mg "
        "mon-fri, 2.5 mg sat,sun (30 mg a week) → 5 mg mon-sat, 2.5 mg sun (32.5 mg a week) on "
        "11-14, 5 mg mon-sat, 2.5 mg sun (32.5 mg a week) → 5 mg (35 mg a week) on 11-21" in table
    )
    assert "Mon 2026-11-09 to Sun 2026-11-15 7 32.5 mg 32.5 mg" in table
    markdown = ok(medlog("report", "--since", "2026-11-02", "--format", "md")).stdout
    assert "| 2026-11-14 | 2026-11-20 | 5 mg mon-sat, 2.5 mg sun (32.5 mg a week) |" in markdown
    assert "## Weekly totals (doses by weekday)" in markdown


def test_warfarin_supply_over_a_month_by_hand(medlog: Medlog) -> None:
    """90 tablets of 5 mg (450 mg) filled Mon 11-02 last 105 days at 30 mg a week (it was
    "about 126 days" as two items, the weekend halves not taken off). Doses logged 11-02 to
    11-26 by weekday: weeks of 30, 30, then 11-16..11-26: 25 + 2.5 + 2.5 + 20 = 50; 110 mg.
    On hand 340 mg = 68 tablets. Today, Friday, 5 mg is still to come: 335 mg from Saturday
    11-28 covers ten weeks (300 mg) to Fri 2027-02-05, then Sat 2.5, Sun 2.5, Mon-Thu 20
    (25 mg in all) to Thu 2027-02-11, and 10 mg is left for Friday: 5 mg covers it; then
    Saturday 2.5, Sunday 2.5: none is left for Monday 2027-02-15, the first dose not covered."""
    warfarin(medlog)
    filled = ok(medlog("fill", "warfarin", "90", "tablets", "--on", "2026-11-02"))
    assert "105 days' supply (worked out from 6 tablets a week" in filled.stdout
    for day in range(2, 27):
        ok(medlog("take", "warfarin", "--at", f"2026-11-{day:02d} 17:00"))
    (item,) = json.loads(ok(medlog("supply", "--format", "json")).stdout)["items"]
    assert (item["on_hand"], item["on_hand_unit"]) == (68, 340)
    assert item["days_left"] == 79.3  # 340 / (30/7) = 79.33, rounded down to a tenth
    assert (item["last_dose"], item["runs_out"], item["refill_by"]) == (
        "2027-02-14", "2027-02-15", "2027-02-15",
    )  # fmt: skip
    table = flat(ok(medlog("supply")).stdout)
    assert "Warfarin 68 tablets 6 tablets a week 79.3 days 2027-02-15 2027-02-15" in table


@pytest.mark.parametrize(
    ("dose", "schedule", "words"),
    [
        ("5mg mon-fri, 2.5mg mon", "daily 5pm", "names mon twice"),
        ("5mg mon-fri, 2.5mg sat", "daily 5pm", "gives no amount for sun"),
        ("5mg mon-fri, 2.5mg sat,sun", "mon-fri 5pm", "names sat,sun, which the schedule skips"),
        ("5mg mon-fri, 2.5mg sat,sun", "every 2 days 17:00", "needs a schedule by weekday"),
        ("5mg mon-fri, 2.5mg sat,sun", "as needed", "is taken as needed"),
        ("5mg mon-fri, 2.5mg", "daily", "is not a dose by weekday"),
        ("5mg mon-fri, 2.5 sat,sun", "daily", "has no unit"),
        ("mon-fri, 2.5mg sat,sun", "daily", "is not a dose by weekday"),
        ("5mg mon-fri, -2.5mg sat,sun", "daily", "negative"),
    ],
)
def test_doses_by_weekday_must_name_the_schedules_days(
    medlog: Medlog, home: Path, dose: str, schedule: str, words: str
) -> None:
    """The weekdays named are exactly the schedule's, each once; not with every N days or as
    needed: exit 2 saying which, and the store unchanged."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    before = snapshot(home)
    result = medlog("add", "warfarin", "--dose", dose, "--schedule", schedule)
    assert result.exit_code == 2
    assert words in result.stderr
    assert snapshot(home) == before


def test_a_new_schedule_must_fit_a_dose_by_weekday(medlog: Medlog, home: Path) -> None:
    """`edit --schedule "mon-fri 5pm"` alone would leave the weekend doses without days:
    refused, naming the days and the option to give; with its dose it is a new version."""
    warfarin(medlog)
    before = snapshot(home)
    refused = medlog("edit", "warfarin", "--schedule", "mon-fri 5pm")
    assert refused.exit_code == 2
    assert "names sat,sun, which the schedule skips" in refused.stderr
    assert "Give the new schedule with its dose" in refused.stderr
    assert snapshot(home) == before
    ok(medlog("edit", "warfarin", "--schedule", "mon-fri 5pm", "--dose", "5mg mon,wed,fri, "
              "2.5mg tue,thu"))  # fmt: skip
    assert listed(medlog, "warfarin")["regimen"][-1]["weekly_total"] == 20


def test_a_range_check_judges_the_highest_day(medlog: Medlog) -> None:
    """A per-day range of 2-4 mg: 5 mg on weekdays is above it, 2.5 mg at weekends within,
    and the average (4.29 mg) is never what is judged."""
    added = ok(medlog("add", "warfarin", "--dose", WARFARIN, "--schedule", "daily 5pm",
                      "--range", "2-4mg/day"))  # fmt: skip
    assert "Warfarin comes to 5 mg on mon-fri, above the documented range of 2–4 mg/day" in (
        added.stderr
    )
    assert "on average" not in added.stderr


def test_the_same_amount_every_day_is_one_dose(medlog: Medlog) -> None:
    """`5mg mon-fri, 5mg sat,sun` is simply 5 mg: stored and listed as one dose."""
    ok(medlog("add", "warfarin", "--dose", "5mg mon-fri, 5mg sat,sun", "--schedule", "daily"))
    version = listed(medlog, "warfarin")["regimen"][0]
    assert (version["dose"], version["dose_by_weekday"]) == (5, None)


# --- Item 2: a new tablet strength does not rewrite the past ---------------------------------


def test_a_strength_change_mid_month_with_backdated_doses_on_both_sides(
    medlog: Medlog, journal_lines: Journal
) -> None:
    """10 mg tablets from 11-01, 20 mg tablets from 11-15 (the dose 1 tablet: 20 mg). Backdated
    doses: 1 tablet on 11-10 is 10 mg; 2 tablets on 11-12 are 20 mg, within 10-20 mg/day (it
    was 40 mg, "ABOVE"); 1 tablet on 11-20 is 20 mg; no amount on 11-21: the regimen's 20 mg.
    Fills: 30 tablets on 11-01 and 11-14 (300 mg each, of that day's 10 mg), 30 on 11-16
    (600 mg), 10 today stated as 10 mg (100 mg): 1,300 mg, less 70 mg taken: 1,230 mg, 61.5
    tablets of today's 20 mg; 61.5 days at 20 mg a day; today's 08:00 dose still to come."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--form", "tablet", "--strength", "10mg",
              "--schedule", "daily 08:00", "--start", "2026-11-01"))  # fmt: skip
    ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-01", "--days", "30"))
    changed = ok(medlog("edit", "lexapro", "--dose", "1 tablet", "--strength", "20mg", "--from",
                        "2026-11-15"))  # fmt: skip
    assert "New regimen: 20 mg daily 08:00 from 2026-11-15." in changed.stdout
    taken = [
        ok(medlog("take", "lexapro", "1", "tablet", "--at", "2026-11-10 08:00")),
        ok(medlog("take", "lexapro", "2", "tablets", "--at", "2026-11-12 08:00")),
        ok(medlog("take", "lexapro", "1", "tablet", "--at", "2026-11-20 08:00")),
        ok(medlog("take", "lexapro", "--at", "2026-11-21 08:00")),
    ]
    assert "20 mg (2 tablets) at 08:00 2026-11-12; day total 20 mg, within" in taken[1].stdout
    assert "ABOVE" not in "".join(run.stdout + run.stderr for run in taken)
    assert [line["amount"] for line in journal_lines()[1:]] == ["10", "20", "20", "20"]
    ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-14", "--days", "30"))
    ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-16", "--days", "30"))
    stated = ok(medlog("fill", "lexapro", "10", "tablets", "--strength", "10mg", "--days", "5"))
    assert stated.stdout.startswith("Filled Lexapro today: 10 tablets of 10 mg (100 mg)")
    fills = [line["amount"] for line in journal_lines() if line["type"] == "fill"]
    assert fills == ["300", "300", "600", "100"]
    (item,) = json.loads(ok(medlog("supply", "--format", "json")).stdout)["items"]
    assert (item["on_hand"], item["on_hand_unit"], item["days_left"]) == (61.5, 1230, 61.5)
    assert item["runs_out"] == "2027-01-27"  # 1,210 mg after today's dose: 60 more days
    versions = listed(medlog, "lexapro")["regimen"]
    assert [(v["form"], v["strength"], v["dose"]) for v in versions] == [
        ("tablet", 10, 10), ("tablet", 20, 20),
    ]  # fmt: skip
    assert (listed(medlog, "lexapro")["form"], listed(medlog, "lexapro")["strength"]) == (
        "tablet", 20,
    )  # fmt: skip


def test_edit_strength_from_a_date_makes_a_version(medlog: Medlog) -> None:
    """`edit --strength 20mg --from DATE` (was refused: "--from dates a new dose or
    schedule") makes a version though the dose and schedule stay, and says what the dose is
    in the new tablets; a tablet logged before the date stays 10 mg."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01"))  # fmt: skip
    changed = ok(medlog("edit", "lexapro", "--strength", "20mg", "--from", "2026-11-24"))
    assert (
        "Form is now tablet of 20 mg from 2026-11-24; the dose of 10 mg is 0.5 tablet."
        in changed.stdout
    )
    before = ok(medlog("take", "lexapro", "1", "tablet", "--at", "2026-11-22 08:39"))
    assert before.stdout.startswith("Logged Lexapro 10 mg (1 tablet) at 08:39 2026-11-22")
    versions = listed(medlog, "lexapro")["regimen"]
    assert [(v["from"], v["dose"], v["strength"]) for v in versions] == [
        ("2026-11-01", 10, 10), ("2026-11-24", 10, 20),
    ]  # fmt: skip


def test_a_fill_dated_before_a_strength_change_counts_that_days_tablets(medlog: Medlog) -> None:
    """30 tablets filled on 11-20, when tablets were 10 mg, are 300 mg: 15 days at 20 mg a
    day (it was 600 mg read with the new 20 mg strength)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01"))  # fmt: skip
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--strength", "20mg", "--from",
              "2026-11-24"))  # fmt: skip
    filled = ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-20", "--days", "30"))
    assert filled.stdout.startswith("Filled Lexapro on 2026-11-20: 30 tablets (300 mg)")


def test_a_fills_own_strength_is_checked(medlog: Medlog, home: Path) -> None:
    """--strength on a fill is the amount in one of a count: a quantity in mg with it, or a
    strength that is itself a count, is refused and nothing changes."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    before = snapshot(home)
    for quantity, strength, words in (
        ("300mg", "20mg", "give the quantity as a count"),
        ("30 tablets", "2 tablets", "is the amount in one tablet"),
        ("30 tablets", "twenty", "is not an amount"),
    ):
        result = medlog("fill", "lexapro", quantity, "--strength", strength)
        assert result.exit_code == 2 and words in result.stderr, result.stderr
    assert snapshot(home) == before


# --- Item 4: IU as prescribed, and weekly supply in doses -----------------------------------


def vitamin_d(medlog: Medlog) -> None:
    """Vitamin D 50,000 IU capsules, one every Saturday at 09:00 from 2026-11-07 (rx)."""
    ok(medlog("add", "vitamin d", "--kind", "rx", "--form", "capsule", "--strength",
              "50000 IU", "--dose", "1 capsule", "--schedule", "weekly sat 9am", "--start",
              "2026-11-07"))  # fmt: skip


def test_iu_is_shown_as_prescribed_everywhere(medlog: Medlog, tmp_path: Path) -> None:
    """50,000 IU (1,250 mcg) in list, today, the report's table, Markdown, HTML and FHIR;
    the figures stay in mcg (the report's total is 3 x 1,250 = 3,750 mcg)."""
    vitamin_d(medlog)
    for day in ("07", "14", "21"):
        ok(medlog("take", "vitamin d", "--at", f"2026-11-{day} 09:00"))
    shown = "50,000 IU (1,250 mcg)"
    listing = flat(ok(medlog("list")).stdout)
    assert f"{shown} weekly sat 09:00 from 2026-11-07" in listing
    assert f"capsule = {shown}" in listing
    saturday = ok(medlog("today", now="2026-11-28T08:00")).stdout
    assert f"Vitamin D 09:00 due {shown}" in flat(saturday)
    taken = ok(medlog("take", "vitamin d", now="2026-11-28T09:00")).stdout
    assert taken.startswith(f"Logged Vitamin D {shown} at 09:00 today; day total {shown}")
    assert f"Vitamin D 09:00 taken 09:00 {shown}" in flat(
        ok(medlog("today", now="2026-11-28T09:30")).stdout
    )
    table = flat(ok(medlog("report", now="2026-11-28T09:30")).stdout)
    assert f"Vitamin D {shown} weekly sat 09:00 since 2026-11-07" in table
    markdown = ok(medlog("report", "--format", "md", now="2026-11-28T09:30")).stdout
    assert f"| {shown} | weekly sat 09:00 |" in markdown
    html = ok(medlog("report", "--format", "html", now="2026-11-28T09:30")).stdout
    assert f"{shown} weekly sat 09:00" in html
    history = ok(medlog("history", "--format", "md", now="2026-11-28T09:30")).stdout
    assert f"| {shown} |" in history
    data = report(medlog, now="2026-11-28T09:30")
    assert data["items"][0]["total_amount"] == 5000  # 4 doses x 1,250 mcg
    ok(medlog("export", "--format", "fhir", "-o", str(tmp_path / "fhir.json"),
              now="2026-11-28T09:30"))  # fmt: skip
    bundle = json.loads((tmp_path / "fhir.json").read_text())
    resources = [entry["resource"] for entry in bundle["entry"]]
    (statement,) = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    dosage = statement["dosage"][0]
    assert dosage["text"].startswith(shown)
    assert dosage["doseAndRate"][0]["doseQuantity"] == {
        "value": 50000, "unit": "IU", "system": "http://unitsofmeasure.org", "code": "[iU]",
    }  # fmt: skip
    given = [r for r in resources if r["resourceType"] == "MedicationAdministration"]
    assert given[0]["dosage"]["dose"]["value"] == 1250 and given[0]["dosage"]["text"] == shown


def test_edit_strength_in_iu_is_accepted(medlog: Medlog, home: Path) -> None:
    """`edit vitamin d --strength "50000 IU"` (was refused, though --dose "50000 IU" was
    accepted) is 1,250 mcg a capsule; medlog.toml keeps it as written."""
    ok(medlog("add", "vitamin d", "--kind", "rx", "--dose", "50000 IU", "--schedule",
              "weekly sat", "--start", "2026-11-07"))  # fmt: skip
    changed = ok(medlog("edit", "vitamin d", "--form", "capsule", "--strength", "50000 IU",
                        "--from", "2026-11-07"))  # fmt: skip
    assert "1 capsule = 50,000 IU (1,250 mcg)" in changed.stdout
    text = (home / "medlog.toml").read_text()
    assert 'strength = "50000 IU"' in text and 'dose = "50000 IU"' in text
    item = listed(medlog, "vitamin-d")
    assert (item["strength"], item["regimen"][0]["shown_in"]) == (1250, "IU")


def test_weekly_supply_is_counted_in_doses_with_a_refill_by_date(medlog: Medlog) -> None:
    """6 capsules filled 11-07, doses of 11-07, 11-14 and 11-21 taken: 3 left cover the
    Saturdays 11-28, 12-05 and 12-12; it runs out 12-13 and must be refilled by 12-19, the
    next dose (the daily average said "0.14 capsule a day" and only the run-out day)."""
    vitamin_d(medlog)
    ok(medlog("fill", "vitamin d", "6", "capsules", "--on", "2026-11-07"))
    for day in ("07", "14", "21"):
        ok(medlog("take", "vitamin d", "--at", f"2026-11-{day} 09:00"))
    (item,) = json.loads(ok(medlog("supply", "--format", "json")).stdout)["items"]
    assert (item["on_hand"], item["doses_left"], item["sparse"]) == (3, 3, True)
    assert (item["last_dose"], item["runs_out"], item["refill_by"]) == (
        "2026-12-12", "2026-12-13", "2026-12-19",
    )  # fmt: skip
    table = flat(ok(medlog("supply")).stdout)
    assert "Vitamin D 3 capsules 1 capsule weekly sat" in table
    assert "3 doses 2026-12-13 2026-12-19" in table and "a day" not in table


def test_supply_sorts_by_run_out(medlog: Medlog) -> None:
    """The item that runs out first is listed first; one without a fill comes last."""
    ok(medlog("add", "zinc", "--dose", "10mg"))
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("add", "magnesium", "--dose", "100mg", "--kind", "supplement"))
    ok(medlog("fill", "lexapro", "10", "tablets"))
    ok(medlog("fill", "magnesium", "300mg"))
    table = ok(medlog("supply")).stdout
    assert table.index("Magnesium") < table.index("Lexapro") < table.index("Zinc")


def test_a_sparse_item_is_reminded_by_its_refill_by_day(medlog: Medlog) -> None:
    """One capsule of a weekly dose counted on Sunday lasts 7 days on average, yet covers
    Saturday 12-05 and is needed again only on 12-12, 13 days off: no reminder (the average
    warned a week early). Counted on Saturday 12-05 before its dose, refill by is 12-12, 7
    days off: reminded, with the dates."""
    vitamin_d(medlog)
    ok(medlog("fill", "vitamin d", "--count", "1 capsule", now="2026-11-29T09:00"))
    assert "runs low" not in ok(medlog("today", now="2026-11-29T09:00")).stdout
    ok(medlog("fill", "vitamin d", "--count", "1 capsule", now="2026-12-05T08:00"))
    today = flat(ok(medlog("today", now="2026-12-05T08:00")).stdout)
    assert (
        "Vitamin D runs low: 1 capsule left, 1 dose at 1 capsule weekly sat 09:00, the last "
        "on 2026-12-05; refill by 2026-12-12." in today
    )


# --- Item 5: forms that fit the product ----------------------------------------------------


def test_a_supplement_takes_a_form_and_the_first_fill_names_the_edit(
    medlog: Medlog, home: Path
) -> None:
    """A fill in capsules of an item without a form names the exact edit command (with the
    strength as an example from the dose) and changes nothing; after it, the fill works."""
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg"))
    before = snapshot(home)
    refused = medlog("fill", "magnesium glycinate", "120", "capsules")
    assert refused.exit_code == 2
    assert (
        "Cannot count Magnesium glycinate in capsules: it has no form. Say what one capsule "
        "holds (its label says), then fill again: medlog edit magnesium-glycinate --form "
        "capsule --strength 200mg" in refused.stderr
    )
    assert snapshot(home) == before
    ok(medlog("edit", "magnesium-glycinate", "--form", "capsule", "--strength", "200mg"))
    filled = ok(medlog("fill", "magnesium glycinate", "120", "capsules"))
    assert filled.stdout.startswith("Filled Magnesium glycinate today: 120 capsules (24,000 mg)")
    ok(medlog("add", "fish oil", "--kind", "supplement", "--form", "softgel", "--strength",
              "1000mg", "--dose", "2 softgels"))  # fmt: skip
    fish = listed(medlog, "fish-oil")
    assert (fish["form"], fish["strength"], fish["regimen"][0]["dose"]) == ("softgel", 1000, 2000)


def test_eye_drops_are_counted_in_drops_and_filled_by_the_bottle(
    medlog: Medlog, home: Path
) -> None:
    """`--form drop` with no strength counts drops (it took an mg strength); a bottle is
    filled with its size in drops, or in mL for an item kept in mL with mL per drop; mL into
    drops, a bottle without its size, and half a bottle are refused, changing nothing."""
    added = ok(medlog("add", "latanoprost", "--kind", "rx", "--form", "drop", "--dose",
                      "1 drop", "--schedule", "daily 9pm"))  # fmt: skip
    assert "1 drop daily 21:00 from 2026-11-27; counted in drops" in added.stdout
    before = snapshot(home)
    for args, words in (
        (["1 bottle"], "Say what one bottle holds"),
        (["1 bottle", "--size", "2.5 mL"], "medlog never guesses it"),
        (["0.5 bottle", "--size", "80 drops"], "Give whole bottles"),
        (["80 drops", "--size", "80 drops"], "--size is what one bottle holds"),
        (["2.5 mL"], "Give it as a count of drops"),
    ):
        result = medlog("fill", "latanoprost", *args)
        assert result.exit_code == 2 and words in result.stderr, result.stderr
    assert snapshot(home) == before
    filled = ok(medlog("fill", "latanoprost", "2 bottles", "--size", "80 drops"))
    assert filled.stdout.startswith(
        "Filled latanoprost today: 2 bottles of 80 drops (160 drops), 160 days' supply"
    )
    ok(medlog("add", "timolol", "--kind", "rx", "--unit", "mL", "--form", "drop", "--strength",
              "0.05 mL", "--dose", "1 drop", "--schedule", "daily 8am,8pm"))  # fmt: skip
    bottle = ok(medlog("fill", "timolol", "1 bottle", "--size", "5 mL"))
    assert "1 bottle of 5 mL, 50 days' supply" in bottle.stdout  # 100 drops, 2 a day
    assert "on hand 100 drops" in bottle.stdout


@pytest.mark.parametrize(
    ("add", "size"),
    [
        (["latanoprost", "--kind", "rx", "--form", "drop", "--dose", "1 drop"], "80 drops"),
        (["syrup", "--kind", "otc", "--unit", "mL", "--dose", "5 mL"], "100 mL"),
        (["lexapro", "--dose", "10mg"], "30 tablets"),
        (["vitamin b12", "--kind", "supplement", "--unit", "mcg", "--dose", "25 mcg"], "750 mcg"),
    ],
)
def test_the_bottle_hint_works_as_typed(medlog: Medlog, add: list[str], size: str) -> None:
    """ "1 bottle" without --size suggested --size "2.5 mL" for every item, which drops and
    tablets refuse (outside attack, finding 8): the hint gives a size in what the item is
    counted in, and running it fills the bottle."""
    ok(medlog("add", *add, "--schedule", "daily 08:00"))
    key = add[0].replace(" ", "-")
    hint = medlog("fill", add[0], "1 bottle")
    assert hint.exit_code == 2
    command = f'medlog fill {key} "1 bottle" --size "{size}".'
    assert command in " ".join(hint.stderr.split())
    filled = ok(medlog("fill", add[0], "1 bottle", "--size", size))
    assert f"1 bottle of {size}" in filled.stdout


# --- Item 10: fills can never lock anyone out --------------------------------------------


def test_a_fill_that_would_overflow_is_refused_and_every_reader_works(
    medlog: Medlog, home: Path
) -> None:
    """100,000 mcg at 1 mcg every 30 days would last 3,000,000 days: refused with a sentence,
    nothing written (it wrote the fill, then today, due and supply failed with OverflowError);
    a plausible fill works and every supply reader answers."""
    ok(medlog("add", "vitamin b12", "--kind", "supplement", "--unit", "mcg", "--dose", "1 mcg",
              "--schedule", "every 30 days"))  # fmt: skip
    before = snapshot(home)
    refused = medlog("fill", "vitamin b12", "100000 mcg", "--days", "30")
    assert refused.exit_code == 2
    assert (
        "100,000 mcg of vitamin b12 would last about 3,000,000 days at 1 mcg every 30 days, "
        "more than the 3,650 days (10 years) medlog takes for one fill." in refused.stderr
    )
    assert snapshot(home) == before
    assert medlog("fill", "vitamin b12", "200 mcg").exit_code == 2  # 6,000 days, worked out
    ok(medlog("fill", "vitamin b12", "100 mcg"))  # 100 doses: 3,000 days
    for command in (["today"], ["due"], ["supply"], ["supply", "--format", "json"], ["report"]):
        assert medlog(*command).exit_code in (0, 1)
    (item,) = json.loads(ok(medlog("supply", "--format", "json")).stdout)["items"]
    assert (item["doses_left"], item["refill_by"]) == (100, "2035-02-13")  # 11-27 + 100 x 30


def test_a_hand_made_huge_supply_is_shown_beyond_the_calendar(medlog: Medlog, home: Path) -> None:
    """A count of 999,999 mcg (accepted before any dose: no regimen lasts it out) with a
    regimen lowered later to 1 mcg every 366 days: the run-out day would be past 2999, so it
    is left out and said, never an error."""
    ok(medlog("add", "vitamin b12", "--kind", "supplement", "--unit", "mcg", "--dose",
              "1000 mcg", "--schedule", "daily"))  # fmt: skip
    ok(medlog("fill", "vitamin b12", "--count", "999999 mcg"))
    ok(medlog("edit", "vitamin b12", "--dose", "1 mcg", "--schedule", "every 366 days"))
    (item,) = json.loads(ok(medlog("supply", "--format", "json")).stdout)["items"]
    assert (item["runs_out"], item["refill_by"], item["on_hand"]) == (None, None, 999999)
    again = medlog("fill", "vitamin b12", "--count", "999999 mcg")  # at the regimen now: refused
    assert again.exit_code == 2 and "would last about 365,999,634 days" in again.stderr
    assert ok(medlog("today")).exit_code == 0 and ok(medlog("report")).exit_code == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-5", "tablets"], "'-5 tablets' is negative; a quantity must be more than zero."),
        (["-5 tablets"], "is negative"),
        (["30", "tablets", "--days", "-5"], "not a days' supply"),
        (["30", "tablets", "--days", "3651"], "1 to 3,650"),
        (["--count", "-3 tablets"], "is negative"),
        (["--frobnicate", "3"], "not an option of this command"),
        (["99999999999999999999", "tablets"], "is more than medlog stores"),
    ],
)
def test_bad_quantities_get_a_sentence(
    medlog: Medlog, home: Path, args: list[str], words: str
) -> None:
    """A negative quantity gets a sentence (it was "No such option: -5"), as do bad days'
    supplies and unknown options; exit 2 and the store unchanged."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    before = snapshot(home)
    result = medlog("fill", "lexapro", *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert snapshot(home) == before


# --- medlog.toml: the fixture of schema 3's new keys ----------------------------------------


def test_the_schema_3_fixture_reads_with_its_doses_strengths_and_iu(
    medlog: Medlog, home: Path
) -> None:
    """tests/data/schema-3, written by this medlog: warfarin by weekday (30 mg, then 32.5 mg
    a week from Sat 11-14), Lexapro in 10 mg tablets then 20 mg from 11-16 (its first
    version keeps form and strength of its own), vitamin D in 50,000 IU capsules. Reading it
    writes nothing; its figures are those of the same regimen entered now."""
    shutil.copytree(FIXTURES / "schema-3", home)
    before = snapshot(home)
    items = {item["item"]: item for item in json.loads(
        ok(medlog("list", "--format", "json")).stdout)["items"]}  # fmt: skip
    assert [v["weekly_total"] for v in items["warfarin"]["regimen"]] == [30, 32.5]
    assert [v["strength"] for v in items["lexapro"]["regimen"]] == [10, 20]
    assert items["lexapro"]["strength"] == 20
    assert items["vitamin-d"]["regimen"][0]["shown_in"] == "IU"
    assert items["vitamin-d"]["strength"] == 1250
    taken = ok(medlog("take", "lexapro", "1", "tablet", "--at", "2026-11-12 08:00"))
    assert taken.stdout.startswith("Logged Lexapro 10 mg (1 tablet)")
    (home / "journal.jsonl").write_bytes((FIXTURES / "schema-3" / "journal.jsonl").read_bytes())
    (home / "medlog.lock").unlink()
    assert snapshot(home) == before
    ok(medlog("edit", "warfarin", "--name", "Coumadin"))
    written = (home / "medlog.toml").read_text()
    original = (FIXTURES / "schema-3" / "medlog.toml").read_text()
    assert written.count("dose = ") == original.count("dose = ")
    assert 'strength = "10 mg"' in written and 'strength = "50000 IU"' in written
    again = {item["item"]: item for item in json.loads(
        ok(medlog("list", "--format", "json")).stdout)["items"]}  # fmt: skip
    assert [i["regimen"] for i in again.values()] == [i["regimen"] for i in items.values()]


@pytest.mark.parametrize("fixture", ["schema-1", "schema-2"])
def test_older_stores_mean_what_they_meant(medlog: Medlog, home: Path, fixture: str) -> None:
    """A schema-1 or schema-2 store's versions take the item's form and strength, one dose
    each, shown in its unit: as they were read before."""
    shutil.copytree(FIXTURES / fixture, home)
    for item in json.loads(ok(medlog("list", "--all", "--format", "json")).stdout)["items"]:
        for version in item["regimen"]:
            assert (version["form"], version["strength"]) == (item["form"], item["strength"])
            assert version["dose_by_weekday"] is None and version["shown_in"] is None


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            'dose = "5 mg mon-fri, 2.5 mg sat,sun"',
            'dose = "5 mg mon-fri, 2.5 mg sat"',
            "gives no amount for sun",
        ),
        (
            'dose = "5 mg mon-fri, 2.5 mg sat,sun"',
            'dose = "5 mg mon-fri, 2.5 mg mon"',
            "names mon twice",
        ),
        (
            'schedule = "daily 17:00" },\n    { from = 2026-11-14',
            'schedule = "every 2 days" },\n    { from = 2026-11-14',
            "needs a schedule by weekday",
        ),
        (
            'dose = "10 mg"\nschedule = "daily 08:00"\nform = "tablet"\n',
            'dose = "10 mg"\nschedule = "daily 08:00"\n',
            "a strength needs its form",
        ),
        ('strength = "10 mg"', 'strength = "1,000 mg"', "is unclear"),
    ],
)
def test_hand_edits_of_the_new_keys_are_named(
    medlog: Medlog, home: Path, old: str, new: str, words: str
) -> None:
    """A hand-edited dose by weekday that misses a day, names one twice or meets an every-N
    schedule, a version's strength without its form, a grouped number: exit 3 naming the
    file and key, and the file unchanged."""
    shutil.copytree(FIXTURES / "schema-3", home)
    config = home / "medlog.toml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new, 1))
    before = snapshot(home)
    result = medlog("list")
    assert result.exit_code == 3
    assert "medlog.toml: items." in result.stderr and words in result.stderr
    assert snapshot(home) == before


def test_fhir_of_doses_by_weekday_and_iu_validates(medlog: Medlog, home: Path) -> None:
    """The schema-3 store's FHIR: a Dosage per amount of a dose by weekday, each on its days
    (5 mg mon-fri, 2.5 mg sat,sun), IU as a UCUM [iU] quantity; every resource is valid R4B."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.medicationadministration import MedicationAdministration
    from fhir.resources.R4B.medicationdispense import MedicationDispense
    from fhir.resources.R4B.medicationstatement import MedicationStatement

    shutil.copytree(FIXTURES / "schema-3", home)
    document = json.loads(ok(medlog("export", "--format", "fhir")).stdout)
    Bundle.model_validate(document)
    models = {
        "MedicationStatement": MedicationStatement,
        "MedicationAdministration": MedicationAdministration,
        "MedicationDispense": MedicationDispense,
    }
    statements = []
    for entry in document["entry"]:
        resource = entry["resource"]
        models[resource["resourceType"]].model_validate(resource)
        if resource["resourceType"] == "MedicationStatement":
            statements.append(resource)
    first = next(s for s in statements if s["id"] == "warfarin-1")["dosage"]
    assert [(d["timing"]["repeat"]["dayOfWeek"], d["doseAndRate"][0]["doseQuantity"]["value"])
            for d in first] == [(["mon", "tue", "wed", "thu", "fri"], 5),
                                (["sat", "sun"], 2.5)]  # fmt: skip


def test_a_day_above_the_regimens_own_amount_says_so_without_a_range(medlog: Medlog) -> None:
    """Warfarin (no documented range) logged at 15 mg, three times its 5 mg (outside attack,
    finding 1): take, today and report say the day is 3x what the regimen sets, as
    information; the documented range stays "none" and no day is counted above it."""
    ok(medlog("add", "warfarin", "--kind", "rx", "--dose", "5 mg", "--schedule", "daily 08:00"))
    taken = ok(medlog("take", "warfarin", "15mg", "--at", "08:00"))
    assert taken.stdout.splitlines() == [
        "Logged Warfarin 15 mg at 08:00 today; day total 15 mg (no documented range). The "
        "day's 15 mg is 3× the 5 mg your regimen sets for today."
    ]
    today = ok(medlog("today")).stdout
    assert (
        "  Warfarin: 15 mg (no documented range); 15 mg is 3× the 5 mg your regimen sets for "
        "today" in today
    )
    table = ok(medlog("report", "--days", "2")).stdout
    assert (
        "Above the amount your regimen sets for the day (not a documented range)\n"
        "  Warfarin: 2026-11-27 15 mg (3× the 5 mg set)"
    ) in table
    figures = report(medlog, "--days", "2")["items"][0]
    assert figures["range"] is None and figures["days_above_range"] is None
    ok(medlog("take", "warfarin", "5mg", "--at", "2026-11-26 08:00", now="2026-11-26T09:00"))
    assert "2026-11-26" not in ok(medlog("report", "--days", "2")).stdout.split("Above")[1]


def test_a_day_just_above_the_regimens_amount_is_not_called_1x(medlog: Medlog) -> None:
    """5.02 mg against a 5 mg regimen is above it: the multiple says by how much (1.004x),
    never "1x", which reads as the amount set."""
    ok(medlog("add", "warfarin", "--kind", "rx", "--dose", "5 mg", "--schedule", "daily 08:00"))
    taken = ok(medlog("take", "warfarin", "5.02mg", "--at", "08:00"))
    assert "The day's 5.02 mg is 1.004× the 5 mg your regimen sets for today." in taken.stdout
    assert "(1.004× the 5 mg set)" in ok(medlog("report", "--days", "2")).stdout


def test_a_large_multiple_is_grouped_as_the_amounts_beside_it(medlog: Medlog) -> None:
    """1,000,000 mg against a 15 mg regimen: the multiple is 66,666.67x with its thousands
    grouped, as the amounts in the same sentence are (a new user read "66667.33x")."""
    ok(medlog("add", "lexapro", "--dose", "15 mg", "--schedule", "daily 08:00"))
    taken = ok(medlog("take", "lexapro", "1000000mg", "--at", "08:00"))
    assert "The day's 1,000,000 mg is 66,666.67× the 15 mg your regimen sets" in taken.stdout


def test_a_dose_at_the_regimens_amount_says_nothing_more(medlog: Medlog) -> None:
    """A day at (or below) the regimen's own amount adds no sentence anywhere."""
    ok(medlog("add", "warfarin", "--kind", "rx", "--dose", "5 mg", "--schedule", "daily 08:00"))
    taken = ok(medlog("take", "warfarin", "--at", "08:00"))
    assert "regimen sets" not in taken.stdout
    assert "regimen sets" not in ok(medlog("today")).stdout
    assert "Above the amount" not in ok(medlog("report", "--days", "2")).stdout


@pytest.mark.parametrize("factor", ["0.25", "0.025001"])
def test_a_hand_edited_iu_factor_is_refused(medlog: Medlog, home: Path, factor: str) -> None:
    """A tampered mcg_per_iu was accepted silently, so 1,000 IU of vitamin D weighed 250 mcg
    (outside attack, finding 5): the loader refuses a factor that is not the catalog's, exit 3
    naming the file, the item and the factor expected, and nothing is written."""
    ok(medlog("add", "vitamin d", "--dose", "1000 IU", "--schedule", "daily 08:00"))
    config = home / "medlog.toml"
    text = config.read_text()
    assert text.count('mcg_per_iu = "0.025"') == 2  # the item's and the limit's
    config.write_text(text.replace('mcg_per_iu = "0.025"', f'mcg_per_iu = "{factor}"', 1))
    before = snapshot(home)
    result = medlog("take", "vitamin d")
    assert result.exit_code == 3
    assert f'{config}: items.vitamin-d.mcg_per_iu: expected "0.025"' in result.stderr
    assert "fix it by hand" in result.stderr
    assert snapshot(home) == before
