"""Limits as labels state them (issue 18): a regimen's `max N/day` and a label's maximum over
any 24 hours (asneeded.py), doses after a stop still judged, a label's most in one dose, "at
the limit", one verdict per day, and limits that are information for a prescription or a
range of the person's own.

Every figure here is worked out by hand from DESIGN.md "Any 24 hours" and "Range kinds".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.conftest import Clock, Run, ok

Medlog = Callable[..., Run]
NOW = "2026-12-05T14:30"


def flat(text: str) -> str:
    """Text with its line wrapping undone."""
    return " ".join(text.split())


def report(medlog: Medlog, *args: str, now: str = NOW) -> dict[str, Any]:
    """``report --format json`` as a dict."""
    run = medlog("report", "--format", "json", *args, now=now)
    found: dict[str, Any] = json.loads(ok(run).stdout)
    return found


def acetaminophen_four_times(medlog: Medlog) -> list[Run]:
    """The catalog's acetaminophen, then 1000 mg at 20:00 yesterday and 02:00, 08:00, 14:00."""
    ok(medlog("add", "acetaminophen", "--strength", "500mg", "--start", "2026-12-01", now=NOW))
    return [
        ok(medlog("take", "acetaminophen", "1000mg", "--at", at, now=NOW))
        for at in ("yesterday 20:00", "02:00", "08:00", "14:00")
    ]


def test_4000_mg_in_18_hours_is_above_the_labels_24_hour_maximum(medlog: Medlog) -> None:
    """The fourth 1000 mg in 18 hours is ABOVE the label's 3000 mg in 24 hours, though no
    calendar day reaches 3000 mg; the third is "at" the maximum, not "under" it."""
    runs = acetaminophen_four_times(medlog)
    assert runs[0].stdout == (
        "Logged Acetaminophen 1,000 mg at 20:00 yesterday; 1,000 mg in 24 hours, under the US "
        "label's maximum of 3,000 mg in 24 hours.\n"
    )
    assert "3,000 mg in 24 hours, at the US label's maximum of 3,000 mg" in runs[2].stdout
    assert runs[2].stderr == ""
    assert runs[3].stdout == (
        "Logged Acetaminophen 1,000 mg at 14:00 today; 4,000 mg in 24 hours, ABOVE the US "
        "label's maximum of 3,000 mg in 24 hours.\n"
    )
    assert "Acetaminophen: 4,000 mg in the 24 hours up to 14:00, above" in runs[3].stderr
    assert "This makes 4 doses of Acetaminophen within 24 hours" in runs[3].stderr
    assert "under the limit" not in "".join(run.stdout + run.stderr for run in runs)


def test_today_states_when_the_label_allows_another_dose(medlog: Medlog) -> None:
    """After the four doses, today shows the 24 hours and never offers a "next dose": the
    label's maximum allows another only when the 02:00 dose leaves the window."""
    acetaminophen_four_times(medlog)
    today = flat(ok(medlog("today", now=NOW)).stdout)
    assert "3 today, 4 in 24 hours of at most 3; the label's 24-hour maximum allows another " \
        "from Sun 02:00" in today  # fmt: skip
    assert "3,000 mg today; 4,000 mg in the last 24 hours, ABOVE the US label's maximum" in today
    assert "next dose" not in today


def test_the_amount_alone_holds_the_next_dose_back(medlog: Medlog) -> None:
    """Two 1500 mg doses (2 of at most 3, 3000 mg of 3000): the count would allow a third,
    the label's amount does not until the first leaves the 24 hours."""
    ok(medlog("add", "acetaminophen", "--strength", "500mg", "--start", "2026-12-01", now=NOW))
    for at in ("02:00", "08:00"):
        ok(medlog("take", "acetaminophen", "1500mg", "--at", at, now=NOW))
    today = flat(ok(medlog("today", now=NOW)).stdout)
    assert "2 today of at most 3; the label's 24-hour maximum allows another from Sun 02:00" \
        in today  # fmt: skip


def test_one_dose_above_the_labels_most_in_one_dose_warns(medlog: Medlog) -> None:
    """Ibuprofen 4 tablets (800 mg) at once: the label's directions allow 2 (400 mg)."""
    ok(medlog("add", "ibuprofen", now=NOW))
    taken = ok(medlog("take", "ibuprofen", "4", "tablets", now=NOW))
    assert taken.stderr.startswith(
        "Warning: This dose of 800 mg is above the US label's most in one dose, 400 mg "
        "(source: US OTC Drug Facts label, ibuprofen 200 mg tablets"
    )
    two = ok(medlog("take", "ibuprofen", "2", "tablets", now="2026-12-05T20:00"))
    assert "most in one dose" not in two.stderr


def test_the_catalog_defaults_carry_the_labels_counts(medlog: Medlog) -> None:
    """Ibuprofen and acetaminophen come with the label's interval and a count per 24 hours
    (6 tablets of 1; 6 caplets, 2 a dose), and the per-dose maximum."""
    ok(medlog("add", "ibuprofen", now=NOW))
    ok(medlog("add", "acetaminophen", "--strength", "500mg", now=NOW))
    items = json.loads(ok(medlog("list", "--format", "json", now=NOW)).stdout)["items"]
    schedules = {item["item"]: item["regimen"][0]["schedule"] for item in items}
    assert schedules == {
        "ibuprofen": "as needed max 6/day min interval 4h",
        "acetaminophen": "as needed max 3/day min interval 6h",
    }


def test_report_counts_days_over_the_24_hour_amount_and_count(medlog: Medlog) -> None:
    """The four doses: the day of 14:00 holds a dose over both maxima; the day before, whose
    20:00 dose is the first of the window, holds none (1000 mg, 1 dose in its 24 hours)."""
    acetaminophen_four_times(medlog)
    item = report(medlog, "--since", "2026-12-04", now=NOW)["items"][0]
    assert item["as_needed"] == {
        "doses": 4,
        "per_week": 14,
        "days_over_max": 1,
        "too_soon": 0,
        "doses_after_stop": 0,
        "days_over_24h_amount": 1,
        "doses_over_dose_max": 0,
    }


def test_a_reports_first_day_counts_doses_from_before_it(medlog: Medlog) -> None:
    """A report from 12-05 still sees the 20:00 dose of 12-04: 12-05's 14:00 dose is over
    both maxima, and the earlier dose is not counted as the period's."""
    acetaminophen_four_times(medlog)
    need = report(medlog, "--since", "2026-12-05", now=NOW)["items"][0]["as_needed"]
    assert (need["doses"], need["days_over_max"], need["days_over_24h_amount"]) == (3, 1, 1)


def test_two_products_of_one_substance_share_the_24_hour_amount(medlog: Medlog) -> None:
    """Tylenol 1000 mg at 22:00 and 04:00, a cold remedy holding 500 mg a tablet, 2 tablets
    at 10:00 and 16:00 the next day: 4000 mg of acetaminophen in 18 hours, across midnight."""
    ok(medlog("add", "Tylenol", "--kind", "otc", "--substance", "acetaminophen", "--strength",
              "500mg", "--dose", "1000mg", "--schedule", "as needed", "--start", "2026-12-01",
              now=NOW))  # fmt: skip
    ok(medlog("add", "Cold remedy", "--kind", "otc", "--form", "tablet", "--strength", "650mg",
              "--ingredient", "acetaminophen 500mg", "--dose", "2 tablets", "--schedule",
              "as needed", "--start", "2026-12-01", now=NOW))  # fmt: skip
    ok(medlog("take", "tylenol", "--at", "2026-12-04 22:00", now=NOW))
    ok(medlog("take", "tylenol", "--at", "2026-12-05 04:00", now=NOW))
    ok(medlog("take", "cold remedy", "--at", "2026-12-05 10:00", now=NOW))
    last = ok(medlog("take", "cold remedy", "--at", "2026-12-05 14:00", now=NOW))
    assert (
        "Acetaminophen in the 24 hours up to 14:00: 4,000 mg from Tylenol 2,000 mg + Cold "
        "remedy 2,000 mg, above the US label's maximum of 3,000 mg in 24 hours" in flat(last.stderr)
    )
    found = report(medlog, "--since", "2026-12-04", now=NOW)
    substance = next(s for s in found["ingredients"] if s["substance"] == "acetaminophen")
    assert (substance["judged_over"], substance["days_above_limit"]) == ("24 hours", 1)
    assert substance["max_day_total"] == 3000  # no calendar day passed 3000 mg


def test_a_prescribed_weekly_vitamin_d_is_never_warned_about(medlog: Medlog) -> None:
    """Rx vitamin D 50,000 IU weekly: its upper limit is information, said once at add and in
    the report's notes, never a warning at take, today or due, never counted over."""
    added = ok(medlog("add", "vitamin d", "--kind", "rx", "--dose", "50000 IU", "--schedule",
                      "weekly sat", "--start", "2026-11-01", now=NOW))  # fmt: skip
    assert added.stderr == ""
    assert "Information: The adult upper limit (19+) of 100 mcg/day" in flat(added.stdout)
    for day in ("2026-11-07", "2026-11-14", "2026-11-21", "2026-11-28", "2026-12-05"):
        taken = ok(medlog("take", "vitamin d", "--at", f"{day} 09:00", now=NOW))
        assert taken.stderr == ""
    for command in ("today", "due"):
        shown = medlog(command, now=NOW)
        assert "Warning" not in shown.stderr and "ABOVE" not in shown.stdout
    found = report(medlog, now=NOW)
    vitamin = next(s for s in found["ingredients"] if s["substance"] == "vitamin-d")
    assert (vitamin["days_above_limit"], vitamin["days_as_information"]) == (0, 5)
    table = flat(ok(medlog("report", now=NOW)).stdout)
    assert "Vitamin D: The adult upper limit (19+) of 100 mcg/day" in table


def test_a_prescribed_iron_is_not_above(medlog: Medlog) -> None:
    """Rx iron 65 mg a day: the 45 mg upper limit is information, so no day is ABOVE."""
    ok(medlog("add", "iron", "--kind", "rx", "--dose", "65mg", now=NOW))
    taken = ok(medlog("take", "iron", now=NOW))
    assert "ABOVE" not in taken.stdout and taken.stderr == ""


def test_a_prescribed_ibuprofen_is_judged_by_the_prescriber(medlog: Medlog) -> None:
    """Rx ibuprofen 800 mg three times a day: the OTC label's maxima are information."""
    added = ok(medlog("add", "ibuprofen", "--kind", "rx", "--dose", "800mg", "--schedule",
                      "daily 08:00,14:00,20:00", now=NOW))  # fmt: skip
    assert added.stderr == ""
    assert "most in one dose, 400 mg, is derived from its directions" in flat(added.stdout)
    for at in ("08:00", "14:00"):
        assert ok(medlog("take", "ibuprofen", "--at", at, now=NOW)).stderr == ""


def test_magnesium_glycinate_gets_one_verdict_a_day(medlog: Medlog) -> None:
    """400 mg of glycinate: the typical 200-400 mg range's top is above the 350 mg upper limit
    of magnesium, so the limit judges the day, on stdout, in the warning and in the report."""
    added = ok(medlog("add", "magnesium glycinate", "--dose", "400mg", now="2026-12-04T08:00"))
    assert "comes to 400 mg a day, above the adult upper limit (19+) of 350 mg/day" in flat(
        added.stderr
    )
    taken = ok(medlog("take", "magnesium glycinate", now=NOW))
    assert taken.stdout == (
        "Logged Magnesium glycinate 400 mg at 14:30 today; day total 400 mg, ABOVE the adult "
        "upper limit (19+) of 350 mg/day.\n"
    )
    assert taken.stderr.count("Warning:") == 1
    ok(medlog("take", "magnesium glycinate", "300mg", "--at", "2026-12-04 21:00", now=NOW))
    found = report(medlog, "--since", "2026-12-04", now=NOW)
    item = found["items"][0]
    assert (item["days_in_range"], item["days_above_range"]) == (1, 1)
    assert item["judged_by"]["max"] == 350 and item["judged_by"]["kind"] == "upper_limit"
    magnesium = next(s for s in found["ingredients"] if s["substance"] == "magnesium")
    assert magnesium["days_above_limit"] == 1
    assert "Substances across items" not in ok(medlog("report", now=NOW)).stdout


def test_a_dose_below_a_label_range_is_a_fact(medlog: Medlog) -> None:
    """A 5 mg taper day reads "below the US label's usual range", not a shortfall."""
    ok(medlog("add", "lexapro", "--dose", "5mg", now=NOW))
    taken = ok(medlog("take", "lexapro", now=NOW))
    assert "day total 5 mg, below the US label's usual range of 10–20 mg/day" in taken.stdout


def test_an_own_range_keeps_its_source_and_the_label_becomes_information(
    medlog: Medlog,
) -> None:
    """--range with --range-source judges the item; the label's range is said as
    information; a later --range without a source keeps the prescriber's."""
    added = ok(medlog("add", "lexapro", "--dose", "30mg", "--range", "10-30mg/day",
                      "--range-source", "Dr Okafor, 2026-11", now=NOW))  # fmt: skip
    assert added.stderr == ""
    assert "Information: Your range judges Lexapro; the US label's is 10–20 mg/day" in flat(
        added.stdout
    )
    ok(medlog("edit", "lexapro", "--range", "10-40mg/day", now=NOW))
    ok(medlog("edit", "lexapro", "--dose", "40mg", now=NOW))
    item = json.loads(ok(medlog("list", "--format", "json", now=NOW)).stdout)["items"][0]
    assert item["range"]["source"] == "Dr Okafor, 2026-11"
    assert item["range"]["kind"] == "own"


def test_every_range_in_json_says_its_kind(medlog: Medlog) -> None:
    """label, typical, upper_limit and own, as DESIGN.md "Range kinds" names them."""
    ok(medlog("add", "lexapro", now=NOW))
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg", now=NOW))
    ok(medlog("add", "zinc", "--dose", "10mg", now=NOW))
    ok(medlog("add", "fish oil", "--kind", "supplement", "--dose", "1g", "--range",
              "max 3g/day", now=NOW))  # fmt: skip
    items = report(medlog, now=NOW)["items"]
    kinds = {item["item"]: (item["range"]["kind"], item["range"]["total_intake"]) for item in items}
    assert kinds == {
        "lexapro": ("label", False),
        "magnesium-glycinate": ("typical", False),
        "zinc": ("upper_limit", True),
        "fish-oil": ("own", False),
    }


def test_a_total_intake_limit_says_food_counts_too(medlog: Medlog) -> None:
    """Vitamin D's limit covers food too: the line says medlog counts only what is logged."""
    ok(medlog("add", "vitamin d", "--dose", "100mcg", now=NOW))
    taken = ok(medlog("take", "vitamin d", now=NOW))
    assert taken.stdout == (
        "Logged Vitamin D 100 mcg at 14:30 today; day total 100 mcg, at the adult upper limit "
        "(19+) of 100 mcg/day (food counts toward it too, and medlog counts only what is "
        "logged).\n"
    )


def test_the_report_csv_appends_its_new_columns(medlog: Medlog) -> None:
    """CSV columns are only ever appended: the v2 columns keep their places."""
    ok(medlog("add", "lexapro", now=NOW))
    header = ok(medlog("report", "--format", "csv", now=NOW)).stdout.splitlines()[0].split(",")
    assert header[:5] == ["item", "name", "substance", "kind", "prn"]
    assert header[-15:] == [
        "as_needed_doses",
        "as_needed_per_week",
        "as_needed_days_over_max",
        "as_needed_too_soon",
        "as_needed_doses_after_stop",
        "as_needed_days_over_24h_amount",
        "as_needed_doses_over_dose_max",
        "range_kind",
        "dose_limit_max",
        "dose_limit_source",
        "judged_by_max",
        "judged_by_source",
        "late_doses",
        "early_doses",
        "item9_alerts",
    ]


def ibuprofen(medlog: Medlog, schedule: str = "as needed max 3/day min interval 6h") -> None:
    """Ibuprofen 200 mg as needed from 2026-11-01."""
    ok(medlog("add", "ibuprofen", "--kind", "otc", "--dose", "200mg", "--schedule", schedule,
              "--start", "2026-11-01"))  # fmt: skip


def test_the_daily_maximum_is_a_rolling_24_hours(medlog: Medlog, clock: Clock) -> None:
    """max 3/day after 08:00, 14:00, 20:00: the next dose is allowed at 08:00 the next day
    (issue 9)."""
    clock("2026-11-27T21:00")
    ibuprofen(medlog)
    for at in ("08:00", "14:00", "20:00"):
        ok(medlog("take", "ibuprofen", "--at", at))
    today = " ".join(ok(medlog("today")).stdout.split())
    assert "3 today of at most 3; the most in any 24 hours allows another from Sat 08:00" in today
    early = ok(medlog("take", "ibuprofen", now="2026-11-28T01:00"))
    assert "This makes 4 doses of Ibuprofen within 24 hours" in early.stderr


def test_as_needed_limits_are_judged_over_any_24_hours(medlog: Medlog) -> None:
    """Six doses from 19:00 to 05:00 with max 3/day: the report counts the breach, as take does
    (an outside attacker's finding)."""
    ok(medlog("add", "ibuprofen", "--kind", "otc", "--unit", "mg", "--schedule",
              "as needed max 3/day", "--start", "2026-11-20"))  # fmt: skip
    for at in ("yesterday 19:00", "yesterday 21:00", "yesterday 23:00", "01:00", "03:00", "05:00"):
        ok(medlog("take", "ibuprofen", "200mg", "--at", at))
    report = json.loads(ok(medlog("report", "--format", "json")).stdout)
    need = report["items"][0]["as_needed"]
    assert need["days_over_max"] == 1  # 01:00 was the 4th in 24 hours; 03:00, 05:00 the same day


def test_doses_after_a_stop_are_counted_and_still_judged(medlog: Medlog, clock: Clock) -> None:
    """After a stop, as-needed doses stay in the table (labelled) and the limits still warn
    (issue 9)."""
    clock("2026-11-27T21:00")
    ibuprofen(medlog, "as needed max 2/day min interval 4h")
    ok(medlog("take", "ibuprofen", "--at", "2026-11-20T08:00"))
    ok(medlog("stop", "ibuprofen", "--on", "2026-11-25"))
    ok(medlog("take", "ibuprofen", "--at", "2026-11-26T08:00"))
    late = ok(medlog("take", "ibuprofen", "--at", "2026-11-26T09:00"))
    third = ok(medlog("take", "ibuprofen", "--at", "2026-11-26T10:00"))
    assert "at least 4h between doses" in late.stderr and "not in your regimen" in late.stderr
    assert "at most 2 in any 24 hours" in third.stderr
    document = json.loads(ok(medlog("report", "--format", "json")).stdout)
    need = document["items"][0]["as_needed"]
    assert (need["doses"], need["doses_after_stop"], need["days_over_max"]) == (4, 3, 1)
    assert "4 (3 after the stop)" in ok(medlog("report")).stdout


def test_a_dose_backdated_before_the_item_was_added_is_held_to_its_limits(
    medlog: Medlog,
) -> None:
    """Tylenol added today, yesterday's doses logged with --at: the minimum interval and the
    most doses in 24 hours of its first schedule still warn (they said only "not in your
    regimen", and two doses an hour apart passed)."""
    ok(medlog("add", "tylenol", "--strength", "500mg", now=NOW))
    ok(medlog("take", "tylenol", "2 tablets", "--at", "Dec 2 11:00", now=NOW))
    soon = ok(medlog("take", "tylenol", "2 tablets", "--at", "Dec 2 12:00", now=NOW))
    assert "This dose is 1h from the one at 11:00" in flat(soon.stderr)
    assert "at least 6h between doses" in flat(soon.stderr)
    ok(medlog("take", "tylenol", "2 tablets", "--at", "Dec 2 18:00", now=NOW))
    fourth = ok(medlog("take", "tylenol", "2 tablets", "--at", "Dec 2 23:00", now=NOW))
    assert "This makes 4 doses of Tylenol within 24 hours" in flat(fourth.stderr)
    assert "not in your regimen on 2026-12-02" in flat(fourth.stderr)
