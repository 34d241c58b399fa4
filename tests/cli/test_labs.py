"""Lab results (issue 20, item 9) through the command line: medlog lab stores a result with
its unit, shows it in history, beside the dose changes of the item it concerns in the report
and its HTML (a chart from 3 results), and exports it to FHIR as a LOINC-coded Observation;
values are checked only for plausibility, and no reference range or verdict is ever shown."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Journal, Run, ok, snapshot

Medlog = Callable[..., Run]
NOW = "2026-11-27T09:15"


@pytest.fixture
def warfarin(medlog: Medlog) -> None:
    """Warfarin 5 mg daily at 18:00 from Nov 1, raised to 7.5 mg from Nov 10."""
    ok(medlog("add", "warfarin", "--kind", "rx", "--dose", "5mg", "--schedule", "daily 18:00",
              "--start", "2026-11-01", now=NOW))  # fmt: skip
    ok(medlog("edit", "warfarin", "--dose", "7.5mg", "--from", "2026-11-10", now=NOW))


@pytest.fixture
def three_inrs(medlog: Medlog, warfarin: None) -> None:
    """INR 1.8 on Nov 6, 2.4 on Nov 13 (a note), 3.1 on Nov 20."""
    ok(medlog("lab", "inr", "1.8", "--at", "2026-11-06 09:00", now=NOW))
    ok(medlog("lab", "INR", "2.4", "--at", "2026-11-13 09:00", "--note", "clinic", now=NOW))
    ok(medlog("lab", "inr", "3.1", "--at", "2026-11-20 09:00", now=NOW))


def observations(medlog: Medlog) -> list[dict[str, Any]]:
    """The FHIR export's laboratory Observations, each validated with fhir.resources."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.observation import Observation

    bundle = json.loads(ok(medlog("export", "--format", "fhir", now=NOW)).stdout)
    Bundle.model_validate(bundle)
    found = [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["category"][0]["coding"][0]["code"] == "laboratory"
    ]
    for resource in found:
        Observation.model_validate(resource)
    return found


def test_the_result_that_steers_the_dose_has_a_place(
    medlog: Medlog, warfarin: None, journal_lines: Journal
) -> None:
    """Item 9 reproduced: "INR was 1.8 on Nov 20" is a lab result, not a question for ask; it
    is kept exactly, listed by history and shown beside warfarin's dose change."""
    result = ok(medlog("lab", "inr", "1.8", "--at", "Nov 20 09:00", now=NOW))
    assert result.stdout == "Kept INR 1.8 at 09:00 2026-11-20.\n"
    line = journal_lines()[-1]
    assert line["v"] == 3
    assert {k: line[k] for k in ("type", "test", "value", "unit", "at")} == {
        "type": "lab", "test": "inr", "value": "1.8", "unit": "INR",
        "at": "2026-11-20T09:00:00+00:00",
    }  # fmt: skip
    history = ok(medlog("history", now=NOW)).stdout
    assert re.search(r"2026-11-20 09:00 +lab: INR +1\.8 ", history)
    report = ok(medlog("report", now=NOW)).stdout
    assert "INR (6301-6), beside the dose changes of Warfarin" in report
    beside = report[report.index("INR (6301-6)") :]
    assert beside.index("Warfarin 5 mg → 7.5 mg") < beside.index("INR 1.8")
    assert "ask" not in result.stdout


@pytest.mark.parametrize(
    ("words", "unit", "code", "ucum"),
    [
        (["inr", "2.4"], "INR", "6301-6", "{INR}"),
        (["lithium", "0.8"], "mmol/L", "14334-7", "mmol/L"),
        (["lithium", "0.8", "mEq/L"], "mmol/L", "14334-7", "mmol/L"),
        (["tsh", "2.1"], "mIU/L", "3016-3", "m[IU]/L"),
        (["sodium", "131"], "mmol/L", "2951-2", "mmol/L"),
        (["egfr", "58"], "mL/min/1.73m2", "98979-8", "mL/min/{1.73_m2}"),
        (["hba1c", "6.1"], "%", "4548-4", "%"),
        (["a1c", "48", "mmol/mol"], "mmol/mol", "59261-8", "mmol/mol"),
        (["vitamin", "d", "32"], "ng/mL", "62292-8", "ng/mL"),
        (["25-oh", "vitamin", "d", "80", "nmol/L"], "nmol/L", None, "nmol/L"),
    ],
)
def test_each_known_test_has_its_unit_and_code(
    medlog: Medlog,
    journal_lines: Journal,
    words: list[str],
    unit: str,
    code: str | None,
    ucum: str,
) -> None:
    """Each known test is stored in its unit (its first by default) and exported with the
    LOINC code of that unit; 25-OH vitamin D in nmol/L has no verified code and none is
    invented."""
    ok(medlog("lab", *words, now=NOW))
    assert journal_lines()[-1]["unit"] == unit
    (found,) = observations(medlog)
    coding = found["code"].get("coding")
    assert (coding[0]["code"] if coding else None) == code
    assert found["valueQuantity"]["code"] == ucum
    assert found["valueQuantity"]["system"] == "http://unitsofmeasure.org"


def test_a_test_of_your_own_needs_its_unit_and_has_no_code(
    medlog: Medlog, home: Path, journal_lines: Journal
) -> None:
    """Another test is kept with the unit given and exported with its name as text only."""
    before = snapshot(home)
    refused = medlog("lab", "ferritin", "80", now=NOW)
    assert refused.exit_code == 2 and snapshot(home) == before
    assert "give its unit" in refused.stderr and "--unit mg/L" in refused.stderr
    ok(medlog("lab", "ferritin", "80", "--unit", "ng/mL", now=NOW))
    assert journal_lines()[-1] | {"id": "", "stamp": 0, "at": "", "logged_at": ""} == {
        "v": 3, "id": "", "type": "lab", "at": "", "logged_at": "", "stamp": 0,
        "test": "ferritin", "value": "80", "unit": "ng/mL",
    }  # fmt: skip
    (found,) = observations(medlog)
    assert found["code"] == {"text": "ferritin"}
    assert found["valueQuantity"] == {"value": 80, "unit": "ng/mL"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["inr", "24"], "outside what medlog accepts as a plausible INR result (0.5 to 20"),
        (["sodium", "20"], "plausible Sodium result (80 to 200 mmol/L)"),
        (["hba1c", "48"], "plausible HbA1c result (2 to 25 %)"),
        (["hba1c", "6.1", "mg"], "HbA1c is reported in % or mmol/mol, not 'mg'"),
        (["lithium", "<0.1"], "medlog lab lithium 0.1 --note 'reported as <0.1'"),
        (["inr", "abc"], "Give the test and its value"),
        (["inr"], "Give the test and its value"),
        (["inr", "2.4", "--unit", "ratio", "--at", "tomorrow"], "tomorrow"),
        (["inr", "2.4", "INR", "--unit", "%"], "The unit is given twice"),
        (["ferritin", "80", "--unit", "mg per L"], "not a unit medlog can keep"),
        (["ferritin", "-3", "--unit", "ng/mL"], "A lab value is never negative (-3)"),
        (["inr", "2.4", "--nte", "x"], "No such option: --nte"),
        (["inr", "2.1234567"], "not a lab value"),
        (["inr", "2.4", "--note", "\x1b[31m"], "control"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    medlog: Medlog, home: Path, args: list[str], words: str
) -> None:
    """An implausible value, a unit the test is not reported in, a "<" result, a value that
    is not a number: exit 2, one clear sentence, the store unchanged."""
    ok(medlog("lab", "inr", "2", now=NOW))
    before = snapshot(home)
    result = medlog("lab", *args, now=NOW)
    assert result.exit_code == 2, result.stderr
    assert words in result.stderr
    assert snapshot(home) == before


def test_the_bounds_are_not_a_reference_range(medlog: Medlog, three_inrs: None) -> None:
    """An INR of 3.1 (above many people's target) is kept without a word of judgement: no
    reference range, no verdict, anywhere a result is shown."""
    said = ok(medlog("lab", "inr", "4.5", now=NOW)).stdout
    assert said == "Kept INR 4.5 at 09:15 today.\n"
    for args in (["report"], ["report", "--format", "md"], ["report", "--format", "html"]):
        text = ok(medlog(*args, now=NOW)).stdout.lower()
        for word in ("reference range:", "normal", "high", "target range", "therapeutic"):
            assert word not in text.replace("no reference range", ""), (args, word)
    for found in observations(medlog):
        assert "referenceRange" not in found and "interpretation" not in found


def test_report_json_markdown_and_html(medlog: Medlog, three_inrs: None) -> None:
    """The report's JSON lists each series with its results and the dose changes beside it;
    the Markdown has a table per test; the HTML charts a test with 3 or more results."""
    labs = json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)["labs"]
    assert [(s["test"], s["unit"], s["loinc"], s["items"]) for s in labs] == [
        ("inr", "INR", "6301-6", ["warfarin"])
    ]
    assert [(r["value"], r["note"]) for r in labs[0]["results"]] == [
        (1.8, None), (2.4, "clinic"), (3.1, None),
    ]  # fmt: skip
    assert labs[0]["changes"] == [
        {"item": "warfarin", "on": "2026-11-01", "change": "started"},
        {"item": "warfarin", "on": "2026-11-10", "change": "5 mg → 7.5 mg"},
    ]
    markdown = ok(medlog("report", "--format", "md", now=NOW)).stdout
    assert "| 2026-11-10 | Warfarin 5 mg → 7.5 mg |\n| 2026-11-13 09:00 | INR 2.4 (clinic) |" in (
        markdown
    )
    html = ok(medlog("report", "--format", "html", now=NOW)).stdout
    section = html[html.index("<h2>Lab results</h2>") :]
    section = section[: section.index("</section>")]
    assert section.count("<circle") == 3
    assert "stroke-dasharray" in section and "no reference range is drawn" in section


def test_fewer_than_three_results_get_no_chart(medlog: Medlog, warfarin: None) -> None:
    """Two results are a table, not a chart."""
    ok(medlog("lab", "inr", "1.8", "--at", "2026-11-06 09:00", now=NOW))
    ok(medlog("lab", "inr", "2.0", "--at", "2026-11-13 09:00", now=NOW))
    html = ok(medlog("report", "--format", "html", now=NOW)).stdout
    section = html[html.index("<h2>Lab results</h2>") :]
    section = section[: section.index("</section>")]
    assert "<circle" not in section and "INR 2 " not in section and "INR 2<" in section


def test_report_for_one_item_keeps_only_its_results(medlog: Medlog, three_inrs: None) -> None:
    """report --item warfarin shows the INRs; --item of an unrelated item shows none."""
    ok(medlog("add", "zinc", "--dose", "10mg", "--start", "2026-11-01", now=NOW))
    ok(medlog("lab", "tsh", "2.1", now=NOW))
    chosen = json.loads(ok(medlog("report", "--item", "warfarin", "--format", "json",
                                  now=NOW)).stdout)["labs"]  # fmt: skip
    assert [series["test"] for series in chosen] == ["inr"]
    other = json.loads(ok(medlog("report", "--item", "zinc", "--format", "json",
                                 now=NOW)).stdout)["labs"]  # fmt: skip
    assert other == []
    everything = json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)["labs"]
    assert [series["test"] for series in everything] == ["inr", "tsh"]


def test_history_formats_carry_the_result(medlog: Medlog, three_inrs: None) -> None:
    """history JSON and CSV add test, value and loinc (CSV columns appended at the end)."""
    events = json.loads(ok(medlog("history", "--format", "json", now=NOW)).stdout)["events"]
    labs = [e for e in events if e["type"] == "lab"]
    assert next((e["test"], e["value"], e["unit"], e["loinc"]) for e in labs) == (
        "inr", 1.8, "INR", "6301-6",
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(ok(medlog("history", "--format", "csv", now=NOW)).stdout)))
    assert rows[0][-3:] == ["test", "value", "loinc"]
    assert [row[-3:] for row in rows[1:] if row[1] == "lab"][1] == ["inr", "2.4", "6301-6"]


def test_export_import_and_undo(medlog: Medlog, three_inrs: None, tmp_path: Path) -> None:
    """A result survives export and import into another store exactly, and undo voids one
    like a dose (the report then leaves it out)."""
    path = tmp_path / "all.json"
    ok(medlog("export", "-o", str(path), now=NOW))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(path), now=NOW))
    again = json.loads(ok(medlog("--home", str(other), "export", now=NOW)).stdout)
    assert [e for e in again["events"] if e["type"] == "lab"] == [
        e for e in json.loads(path.read_text())["events"] if e["type"] == "lab"
    ]
    assert "Voided the lab result INR 3.1 at 2026-11-20 09:00" in ok(medlog("undo", now=NOW)).stdout
    labs = json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)["labs"]
    assert [r["value"] for r in labs[0]["results"]] == [1.8, 2.4]
    assert ok(medlog("check", now=NOW)).stdout == ""


def test_an_imported_implausible_result_is_refused(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """An export file holding an INR of 50 is refused whole, naming the event (exit 2)."""
    ok(medlog("lab", "inr", "2", now=NOW))
    document = json.loads(ok(medlog("export", now=NOW)).stdout)
    document["events"][0]["value"] = "50"
    document["events"][0]["id"] = "other"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    before = snapshot(home)
    result = medlog("import", str(path), now=NOW)
    assert result.exit_code == 2 and "event 1" in result.stderr and "INR 50" in result.stderr
    assert snapshot(home) == before
