"""fill, supply, the refill reminder and PDC, driven through the command line against a real
store. The PDC cases are the published ones of the open pdc-python notebook (2022
measurement year, 90-day fills; lisinopril, losartan and lisinopril/hydrochlorothiazide in
one class), worked by hand in each docstring."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Clock, Run, snapshot

Medlog = Callable[..., Run]
AFTER_2022 = "2023-01-15T09:00"
CLASS = "RAS antagonists"


def ok(result: Run) -> Run:
    assert result.exit_code == 0, result.stderr
    return result


def pdc_of(medlog: Medlog, *extra: str) -> list[dict[str, object]]:
    report = ok(medlog("report", "--until", "2022-12-31", "--format", "json", *extra,
                       now=AFTER_2022))  # fmt: skip
    return json.loads(report.stdout)["pdc"]  # type: ignore[no-any-return]


def drug(medlog: Medlog, name: str, *extra: str) -> None:
    ok(medlog("add", name, "--kind", "rx", "--unit", "mg", "--dose", "1 tablet", "--form",
              "tablet", "--strength", "10mg", "--start", "2020-12-01", "--class", CLASS, *extra,
              now=AFTER_2022))  # fmt: skip


def fills(medlog: Medlog, name: str, *days: str) -> None:
    for day in days:
        ok(medlog("fill", name, "90", "tablets", "--on", day, "--days", "90", now=AFTER_2022))


def test_same_drug(medlog: Medlog) -> None:
    """Fills on 01-01, 03-25, 07-05, 09-25 of 2022 (and one in 2021, long used up). Shifted:
    01-01..03-31, 04-01..06-29, 07-05..10-02, 10-03..12-31: 360 of 365 days."""
    drug(medlog, "lisinopril")
    fills(medlog, "lisinopril", "2021-01-01", "2022-01-01", "2022-03-25", "2022-07-05",
          "2022-09-25")  # fmt: skip
    assert pdc_of(medlog) == [
        {"group": CLASS, "items": ["lisinopril"], "index_date": "2022-01-01", "period_days": 365,
         "covered_days": 360, "pdc": 0.986301, "below_threshold": False, "eligible": True,
         "in_scope": True, "method": "pqa", "stopped": None, "prescribed": True},
    ]  # fmt: skip


def test_different_drugs_one_class(medlog: Medlog) -> None:
    """Lisinopril 01-01..03-31; losartan 03-25..06-22, 07-05..10-02, 09-25 -> 10-03..12-31
    (its own fills shift, the other drug's do not): gaps 06-23..07-04 (12 days): 353."""
    drug(medlog, "lisinopril")
    drug(medlog, "losartan")
    fills(medlog, "lisinopril", "2022-01-01")
    fills(medlog, "losartan", "2022-03-25", "2022-07-05", "2022-09-25")
    (group,) = pdc_of(medlog)
    assert (group["covered_days"], group["period_days"], group["pdc"]) == (353, 365, 0.967123)
    assert group["items"] == ["lisinopril", "losartan"]


def test_not_adherent(medlog: Medlog) -> None:
    """01-01..03-31, 04-01..06-29, 09-25..12-23 = 270 of 365: 0.739726, below 80 %."""
    drug(medlog, "lisinopril")
    fills(medlog, "lisinopril", "2022-01-01", "2022-03-25", "2022-09-25")
    (group,) = pdc_of(medlog)
    assert (group["covered_days"], group["pdc"], group["below_threshold"]) == (270, 0.739726, True)
    table = ok(medlog("report", "--until", "2022-12-31", now=AFTER_2022)).stdout
    assert "74.0% (below 80%)" in table and "counts the days your fills covered" in table


def test_combination_product(medlog: Medlog) -> None:
    """Lisinopril/HCTZ carries lisinopril, so its fills shift after lisinopril's: 360 of 365."""
    drug(medlog, "lisinopril", "--substance", "lisinopril")
    drug(medlog, "lisinopril hctz", "--substance", "lisinopril,hydrochlorothiazide")
    fills(medlog, "lisinopril", "2022-01-01")
    fills(medlog, "lisinopril hctz", "2022-03-25", "2022-07-05", "2022-09-25")
    (group,) = pdc_of(medlog)
    assert (group["covered_days"], group["period_days"], group["pdc"]) == (360, 365, 0.986301)


def test_concurrent_use(medlog: Medlog) -> None:
    """Index 01-02 (364 days). Lisinopril 01-02..04-01 and 04-02..06-30; losartan
    03-25..06-22, 07-05..10-02, 10-03..12-31: only 07-01..07-04 uncovered: 360 of 364."""
    drug(medlog, "lisinopril")
    drug(medlog, "losartan")
    fills(medlog, "lisinopril", "2022-01-02", "2022-03-25")
    fills(medlog, "losartan", "2022-03-25", "2022-07-05", "2022-09-25")
    (group,) = pdc_of(medlog)
    assert (group["index_date"], group["covered_days"], group["period_days"]) == (
        "2022-01-02", 360, 364,
    )  # fmt: skip
    assert group["pdc"] == 0.989011


def test_pqa_denominator_rules_and_a_stop(medlog: Medlog) -> None:
    """One fill is not eligible; a fill 60 days before the end is not either; a stop ends
    the window (stopping on advice is not non-adherence)."""
    drug(medlog, "lisinopril")
    fills(medlog, "lisinopril", "2022-11-01")
    (group,) = pdc_of(medlog)
    assert group["eligible"] is False and group["period_days"] == 61
    ok(medlog("stop", "lisinopril", "--on", "2022-12-01", now=AFTER_2022))
    (stopped,) = pdc_of(medlog)
    assert (stopped["period_days"], stopped["covered_days"]) == (30, 30)
    assert pdc_of(medlog, "--pdc-since", "2022-11-15") == []  # no fill inside that window


def test_substances_group_items_without_a_class(medlog: Medlog) -> None:
    """Two items without a class that share a substance are one group, named after it."""
    for name, substances in (("a", "lisinopril"), ("b", "lisinopril,hydrochlorothiazide")):
        ok(medlog("add", name, "--kind", "rx", "--unit", "mg", "--dose", "10mg", "--start",
                  "2022-01-01", "--substance", substances, now=AFTER_2022))  # fmt: skip
        ok(medlog("fill", name, "300mg", "--on", "2022-06-01", "--days", "30", now=AFTER_2022))
    assert [g["group"] for g in pdc_of(medlog)] == ["lisinopril"]


# PDC within PQA's scope (issue 18) ---------------------------------------------------------


def report_text(medlog: Medlog, *extra: str) -> str:
    """The report for 2022 in the given format, its whitespace runs as one space (a table's
    cells wrap within their column)."""
    return " ".join(
        ok(medlog("report", "--until", "2022-12-31", *extra, now=AFTER_2022)).stdout.split()
    )


def test_a_course_stopped_after_40_days_is_adapted_and_never_pqa_eligible(medlog: Medlog) -> None:
    """Lisinopril (RAS) filled 01-01 and 01-31 for 30 days, stopped 02-10: the window ends
    02-09, 40 of 40 days covered; two fill dates and an index 364 days before the report's
    end made it "eligible" before, but PQA's window runs to the period's end: adapted."""
    drug(medlog, "lisinopril")
    for day in ("2022-01-01", "2022-01-31"):
        ok(medlog("fill", "lisinopril", "30", "tablets", "--on", day, "--days", "30",
                  now=AFTER_2022))  # fmt: skip
    ok(medlog("stop", "lisinopril", "--on", "2022-02-10", now=AFTER_2022))
    (group,) = pdc_of(medlog)
    assert (group["period_days"], group["covered_days"], group["pdc"]) == (40, 40, 1)
    assert (group["eligible"], group["in_scope"], group["method"], group["stopped"]) == (
        False, True, "adapted", "2022-02-10",
    )  # fmt: skip
    table = report_text(medlog, "--since", "2022-01-01")
    # At 100 columns the flag would wrap its cell: a letter, and the flag under the table.
    assert "100.0% adapted from PQA [a]" in table
    assert "[a] ends at the stop on 2022-02-10" in table


def test_an_ongoing_ras_antagonist_gets_pqa_figure_and_eligibility(medlog: Medlog) -> None:
    """Fills 10-01 and 10-31 for 30 days: index 91 days before 12-31, 60 of 92 days covered
    (0.652174, below 80 %): PQA's figure, eligible, flagged against PQA's threshold."""
    drug(medlog, "losartan")
    for day in ("2022-10-01", "2022-10-31"):
        ok(medlog("fill", "losartan", "30", "tablets", "--on", day, "--days", "30",
                  now=AFTER_2022))  # fmt: skip
    (group,) = pdc_of(medlog)
    assert (group["period_days"], group["covered_days"], group["pdc"]) == (92, 60, 0.652174)
    assert (group["eligible"], group["in_scope"], group["method"]) == (True, True, "pqa")
    table = report_text(medlog)
    assert "65.2% (below 80%) PQA " in table and "adapted" not in table.split("PDC,")[0]


def test_an_ssri_is_adapted_from_pqa_never_the_pqa_measure(medlog: Medlog) -> None:
    """Lexapro (rx, no PQA class) filled 06-01 and 09-01 for 30 days: 60 of 214 days
    (06-01..12-31) is 0.280374; shown by default, adapted, never eligible, and its 80 %
    flag is for comparison only."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 8am", "--start",
              "2022-01-01", now=AFTER_2022))  # fmt: skip
    for day in ("2022-06-01", "2022-09-01"):
        ok(medlog("fill", "lexapro", "30", "tablets", "--on", day, "--days", "30",
                  now=AFTER_2022))  # fmt: skip
    (group,) = pdc_of(medlog)
    assert (group["period_days"], group["covered_days"], group["pdc"]) == (214, 60, 0.280374)
    assert (group["eligible"], group["in_scope"], group["method"]) == (False, False, "adapted")
    assert group["prescribed"] is True
    for text in (report_text(medlog, "--format", "md"),
                 report_text(medlog, "--format", "html")):  # fmt: skip
        assert "28.0% (below 80%; for comparison only)" in text
        assert "adapted from PQA: not in a class PQA measures" in text
        assert "Alliance's measure" not in text
    table = report_text(medlog)  # the flags that would wrap their cells, under the table
    assert "28.0% [a] adapted from PQA [b]" in table
    assert "[a] below 80%; for comparison only [b] not in a class PQA measures" in table


def supplement(medlog: Medlog) -> None:
    """Magnesium, a supplement, filled 12-01 for 30 days: 30 of 31 days, 0.967742."""
    ok(medlog("add", "magnesium", "--kind", "supplement", "--unit", "mg", "--dose", "200mg",
              "--schedule", "daily 9pm", "--start", "2022-01-01", now=AFTER_2022))  # fmt: skip
    ok(medlog("fill", "magnesium", "6000mg", "--on", "2022-12-01", "--days", "30",
              now=AFTER_2022))  # fmt: skip


@pytest.mark.parametrize("form", ["table", "md", "html"])
def test_a_supplements_pdc_is_left_out_of_tables_unless_all(medlog: Medlog, form: str) -> None:
    """No rx item: the table, Markdown and HTML name the group as left out; --all shows it."""
    supplement(medlog)
    shown = report_text(medlog, "--format", form)
    assert "96.8%" not in shown
    assert "PDC not shown for magnesium (no prescription item); medlog report --all" in shown
    every = report_text(medlog, "--format", form, "--all")
    measure = ("adapted from PQA [a]", "[a] not in a class PQA measures") if form == "table" else (
        "adapted from PQA: not in a class PQA measures",)  # fmt: skip
    assert "96.8%" in every and all(text in every for text in measure)
    assert "PDC not shown" not in every


def test_the_json_keeps_every_group_with_its_scope(medlog: Medlog) -> None:
    """A supplement and a RAS antagonist: both in the JSON, with in_scope, method and
    prescribed; the table shows only the RAS antagonist."""
    supplement(medlog)
    drug(medlog, "lisinopril")
    fills(medlog, "lisinopril", "2022-01-01")
    found = {g["group"]: g for g in pdc_of(medlog)}
    assert {name: (g["in_scope"], g["method"], g["prescribed"], g["pdc"])
            for name, g in found.items()} == {
        CLASS: (True, "pqa", True, 0.246575),  # 90 of 365 days
        "magnesium": (False, "adapted", False, 0.967742),
    }  # fmt: skip
    table = report_text(medlog)
    assert "24.7% (below 80%)" in table and "96.8%" not in table


# Supply and the refill reminder ------------------------------------------------------------


def test_supply_by_hand_with_half_tablets_a_titration_and_a_voided_fill(medlog: Medlog) -> None:
    """30 tablets of 10 mg on 11-01 (first fill: the doses logged since come off it). Nov 1-9:
    10 mg a day (90 mg); 11-10 a half tablet (5 mg); then 20 mg a day from 11-11: 11-11..11-26
    (16 days, 320 mg). 300 - 90 - 5 - 320 = -115 mg. A fill of 60 tablets (+600) makes 485 mg
    = 48.5 tablets; a mistaken fill of 90 is voided. At 2 tablets a day: 24.2 days; today's
    dose is taken, so 24 more full days: it runs out on 2026-12-21."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    for day in range(1, 10):
        ok(medlog("take", "lexapro", now=f"2026-11-{day:02d}T08:05"))
    ok(medlog("take", "lexapro", "1/2", "tablet", now="2026-11-10T08:05"))
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-11", now="2026-11-10T09:00"))
    for day in range(11, 27):
        ok(medlog("take", "lexapro", now=f"2026-11-{day:02d}T08:05"))
    first = ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-01", "--days", "30",
                      now="2026-11-26T09:00"))  # fmt: skip
    assert "on hand -11.5 tablets: more was logged as taken than filled" in first.stdout
    ok(medlog("fill", "lexapro", "60", "tablets", "--days", "30", now="2026-11-26T10:00"))
    ok(medlog("fill", "lexapro", "90", "tablets", "--days", "45", now="2026-11-26T10:01"))
    ok(medlog("undo", now="2026-11-26T10:02"))
    document = json.loads(ok(medlog("supply", "--format", "json", now="2026-11-26T11:00")).stdout)
    assert document["schema"] == "medlog.supply/1"
    (item,) = document["items"]
    assert item == {
        "item": "lexapro", "name": "Lexapro", "counted_in": "tablet", "unit": "mg",
        "on_hand": 48.5, "on_hand_unit": 485, "daily_use": 2, "days_left": 24.2,
        "runs_out": "2026-12-21", "last_dose": "2026-12-20", "refill_by": "2026-12-21",
        "doses_left": 24, "sparse": False,
        "last_fill": {"date": "2026-11-26", "amount": 600, "given": "60 tablets",
                      "days_supply": 30},
    }  # fmt: skip
    table = ok(medlog("supply", now="2026-11-26T11:00")).stdout
    assert "48.5 tablets" in table and "2 tablets a day" in table and "24.2" in table


def test_a_count_resets_and_the_reminder_comes_at_seven_days(medlog: Medlog) -> None:
    """A count of 8 tablets at 10 mg a day: 8 days, no reminder; a dose later, 7: reminded
    in today and due, whose exit code still means only "overdue"."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 20:00", "--start",
              "2026-11-01"))  # fmt: skip
    counted = ok(medlog("fill", "lexapro", "--count", "8 tablets"))
    assert counted.stdout.startswith("Counted Lexapro: 8 tablets (80 mg) on hand, about 8 days")
    assert "runs low" not in ok(medlog("today")).stdout
    ok(medlog("take", "lexapro", "--at", "08:00"))  # before the count: the count saw it gone
    assert "runs low" not in ok(medlog("today")).stdout
    ok(medlog("take", "lexapro", now="2026-11-27T09:30"))
    today = ok(medlog("today", now="2026-11-27T09:30")).stdout
    assert "Lexapro runs low: 7 tablets left, about 7 days" in " ".join(today.split())
    due = medlog("due", now="2026-11-27T09:30")
    assert due.exit_code == 0 and "refill   Lexapro runs low" in due.stdout


def test_an_as_needed_fill_needs_its_days_and_never_reminds(medlog: Medlog) -> None:
    """A fill of an as-needed item needs --days; with it, today never says the supply runs low."""
    ok(medlog("add", "ibuprofen", "--kind", "otc", "--unit", "mg", "--schedule", "as needed"))
    refused = medlog("fill", "ibuprofen", "500mg")
    assert refused.exit_code == 2 and "is taken as needed" in refused.stderr
    ok(medlog("fill", "ibuprofen", "4000mg", "--days", "30"))
    assert "runs low" not in ok(medlog("today")).stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["fill", "lexapro", "0", "tablets"], "is zero"),
        (["fill", "lexapro", "-30", "tablets"], "'-30 tablets' is negative"),
        (["fill", "lexapro", "30", "capsules"], "form is tablet"),
        (["fill", "lexapro", "30", "mL"], "mL"),
        (["fill", "lexapro", "30"], "no unit"),
        (["fill", "lexapro", "30", "tablets", "--days", "0"], "not a days' supply"),
        (["fill", "lexapro", "30", "tablets", "--days", "1.5"], "not a days' supply"),
        (["fill", "lexapro", "30", "tablets", "--days", "99999"], "not a days' supply"),
        (["fill", "lexapro", "30", "tablets", "--on", "tomorrow"], "future"),
        (["fill", "lexapro", "30", "tablets", "--on", "2026-12-01"], "future"),
        (["fill", "lexapro", "30", "tablets", "--on", "11/27"], "11/27"),
        (["fill", "lexapro", "1e9", "tablets"], "exponent"),
        (["fill", "lexapro", "9999999", "tablets"], "more than medlog stores"),
        (["fill", "lexapro"], "Give the quantity"),
        (["fill", "nosuch", "30", "tablets"], "nosuch"),
        (["fill", "lexapro", "30", "tablets", "--count", "3 tablets"], "on its own"),
        (["fill", "lexapro", "--count", "a few"], "Unknown unit"),
        (["fill", "lexapro", "1/4", "tablet"], "less than a day's supply"),
        (["fill", "lexapro", "30", "tablets", "--note", "\x1b[31m"], "control"),
        (["report", "--pdc-since", "2027-01-01"], "after the report's last day"),
        (["edit", "lexapro", "--substance", "a,a"], "twice"),
        (["edit", "lexapro", "--class", " "], "empty"),
        # a mistyped option after the amount, not "not an amount", "Unknown unit" or "negative"
        (["fill", "lexapro", "30", "tablets", "--day", "30"], "'--day' is not an option"),
        (["take", "lexapro", "20mg", "--verbos"], "'--verbos' is not an option"),
        (["take", "lexapro", "-n", "hi"], "'-n' is not an option"),
        (["take", "lexapro", "\u2014at", "8am"], "(options start with two hyphens: --at)"),
    ],
)
def test_bad_fills_are_exit_2_and_change_nothing(
    medlog: Medlog, home: Path, args: list[str], words: str
) -> None:
    """A bad quantity, days' supply, date, count or class is exit 2 naming what is wrong, and the
    store is unchanged."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01"))
    before = snapshot(home)
    result = medlog(*args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr
    assert snapshot(home) == before


def test_fills_travel_losslessly_and_validate_as_fhir(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """export -> import -> export is the same file; supply agrees; FHIR has a
    MedicationDispense per fill (quantity, daysSupply, whenHandedOver); CSV has the fill."""
    from fhir.resources.R4B.medicationdispense import MedicationDispense

    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", "--class", "SSRI"))
    ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-01", "--days", "30",
              "--note", "CVS"))  # fmt: skip
    ok(medlog("fill", "lexapro", "--count", "20 tablets"))
    first = tmp_path / "one.json"
    ok(medlog("export", "-o", str(first)))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(first)))
    second = tmp_path / "two.json"
    ok(medlog("--home", str(other), "export", "-o", str(second)))
    assert json.loads(second.read_text())["events"] == json.loads(first.read_text())["events"]
    supplies = [
        ok(medlog(*h, "supply", "--format", "json")).stdout for h in ([], ["--home", str(other)])
    ]
    assert supplies[0] == supplies[1]
    assert "supply_since" in (other / "medlog.toml").read_text()
    bundle = json.loads(ok(medlog("export", "--format", "fhir")).stdout)
    dispenses = [e["resource"] for e in bundle["entry"]
                 if e["resource"]["resourceType"] == "MedicationDispense"]  # fmt: skip
    assert len(dispenses) == 1  # a count is not a dispensing
    MedicationDispense.model_validate(dispenses[0])
    assert dispenses[0]["quantity"]["value"] == 30
    assert dispenses[0]["daysSupply"]["value"] == 30
    assert dispenses[0]["whenHandedOver"].startswith("2026-11-01T12:00")
    csv_text = ok(medlog("export", "--format", "csv")).stdout
    assert "fill" in csv_text and ",30," in csv_text


def test_a_fill_from_another_device_agrees_with_the_doses_logged_here(
    medlog: Medlog, tmp_path: Path
) -> None:
    """Device A fills 12 tablets dated 11-01 and knows no doses; device B logged 7 (11-20 to
    11-26). Merged into B, the fill leaves 12 - 7 = 5: supply and today agree, and a
    tampered on_hand in the file counts for nothing."""
    phone, laptop = ["--home", str(tmp_path / "a")], ["--home", str(tmp_path / "b")]
    ok(medlog(*phone, "add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-01", "--form", "tablet", "--strength", "10mg"))  # fmt: skip
    bare = tmp_path / "bare.json"
    ok(medlog(*phone, "export", "-o", str(bare)))
    ok(medlog(*laptop, "import", str(bare)))
    for day in range(20, 27):
        ok(medlog(*laptop, "take", "lexapro", "--at", f"2026-11-{day}T08:00"))
    ok(medlog(*phone, "fill", "lexapro", "12", "tablets", "--on", "2026-11-01", "--days", "12"))
    filled = tmp_path / "filled.json"
    ok(medlog(*phone, "export", "-o", str(filled)))
    document = json.loads(filled.read_text())
    document["events"][-1]["on_hand"] = "-50"
    filled.write_text(json.dumps(document))
    ok(medlog(*laptop, "import", str(filled)))
    supply = json.loads(ok(medlog(*laptop, "supply", "--format", "json")).stdout)
    assert supply["items"][0]["on_hand"] == 5
    today = ok(medlog(*laptop, "today"))
    assert "5 tablets left" in today.stdout + today.stderr
    ok(medlog(*laptop, "import", str(filled)))  # again: already here, not a conflict


def test_doses_dated_before_the_first_fill_never_count(medlog: Medlog) -> None:
    """A fill of 30 on 11-20, then the doses of 11-05 to 11-10 remembered and logged: still
    30 on hand, as if they had been logged first."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", "--form", "tablet", "--strength", "10mg"))  # fmt: skip
    ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-20", "--days", "30"))
    for day in range(5, 11):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day:02d}T08:00"))
    ok(medlog("take", "lexapro", "--at", "2026-11-21T08:00"))
    supply = json.loads(ok(medlog("supply", "--format", "json")).stdout)
    assert supply["items"][0]["on_hand"] == 29


def test_the_demo_has_fills_and_a_pdc(medlog: Medlog, tmp_path: Path) -> None:
    """The demo's store shows Lexapro's supply in tablets and a PDC in the report."""
    ok(medlog("demo", "--home", str(tmp_path / "d"), now="2026-11-27T21:30"))
    supply = ok(medlog("--home", str(tmp_path / "d"), "supply", now="2026-11-27T21:30")).stdout
    assert "Lexapro" in supply and "tablets" in supply
    report = json.loads(ok(medlog("--home", str(tmp_path / "d"), "report", "--format", "json",
                                  now="2026-11-27T21:30")).stdout)  # fmt: skip
    assert report["pdc"]


def test_small_supply_sentences_say_what_happened(medlog: Medlog) -> None:
    """A count of none says so (nothing about over-logging); a fill under one dose of a weekly
    item names the dose and its schedule; a weekly rx vitamin D gets one notice."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    counted = ok(medlog("fill", "lexapro", "--count", "0 tablets"))
    assert counted.stdout == "Counted Lexapro: 0 tablets (0 mg) on hand; time to refill.\n"
    added = ok(medlog("add", "vitamin d", "--kind", "rx", "--dose", "1250mcg", "--schedule",
                      "weekly sun"))  # fmt: skip
    assert added.stderr == "" and added.stdout.count("Information: The adult upper limit") == 1
    short = medlog("fill", "vitamin d", "1mcg")
    assert short.exit_code == 2
    assert "at 1,250 mcg weekly sun; give --days." in short.stderr


def test_import_works_out_supply_since_and_places_an_older_count_in_time(
    medlog: Medlog, tmp_path: Path, clock: Clock
) -> None:
    """A file's supply_since counts for nothing (its fills say it); a count from the file
    older than a fill here is the count at its own time: the later fill adds to it."""
    phone, laptop = ["--home", str(tmp_path / "a")], ["--home", str(tmp_path / "b")]
    clock("2026-11-01T07:00")
    for home in (phone, laptop):
        ok(medlog(*home, "add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
                  "--start", "2026-11-01"))  # fmt: skip
    clock("2026-11-14T09:00")
    ok(medlog(*phone, "fill", "lexapro", "30", "tablets", "--on", "2026-11-10", "--days", "30"))
    exported = tmp_path / "a.json"
    ok(medlog(*phone, "export", "-o", str(exported)))
    document = json.loads(exported.read_text())
    document["items"]["lexapro"]["supply_since"] = "2026-11-14"
    exported.write_text(json.dumps(document))
    fresh = ["--home", str(tmp_path / "c")]
    ok(medlog(*fresh, "import", str(exported)))
    assert "supply_since = 2026-11-10" in (tmp_path / "c" / "medlog.toml").read_text()
    clock("2026-11-20T12:00")
    ok(medlog(*laptop, "fill", "lexapro", "--count", "5 tablets"))
    counted = tmp_path / "b.json"
    ok(medlog(*laptop, "export", "-o", str(counted)))
    clock("2026-11-25T12:00")
    ok(medlog(*phone, "fill", "lexapro", "30", "tablets", "--days", "30"))
    merged = ok(medlog(*phone, "import", str(counted)))
    assert merged.stderr == ""
    supply = json.loads(ok(medlog(*phone, "supply", "--format", "json")).stdout)
    assert supply["items"][0]["on_hand"] == 35  # 5 counted on 11-20, then 30 filled on 11-25


def test_a_fill_after_every_earlier_one_was_undone_starts_the_count_again(
    medlog: Medlog, home: Path
) -> None:
    """Doses 11-10 to 11-26, a fill today undone, then a fill dated 11-10: 30 - 17 = 13, and
    a dose remembered later for 11-15 20:00 counts too (12): supply starts on 11-10 now."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", "--form", "tablet", "--strength", "10mg"))  # fmt: skip
    for day in range(10, 27):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day}T08:00"))
    ok(medlog("fill", "lexapro", "30", "tablets", "--days", "30"))
    ok(medlog("undo"))
    ok(medlog("fill", "lexapro", "30", "tablets", "--on", "2026-11-10", "--days", "30"))
    assert "supply_since = 2026-11-10" in (home / "medlog.toml").read_text()
    assert json.loads(ok(medlog("supply", "--format", "json")).stdout)["items"][0]["on_hand"] == 13
    ok(medlog("take", "lexapro", "--at", "2026-11-15T20:00"))
    assert json.loads(ok(medlog("supply", "--format", "json")).stdout)["items"][0]["on_hand"] == 12
