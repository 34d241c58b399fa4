"""Sharing: -o files, the clinician summary, lossless export/import, CSV, FHIR and iCalendar."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Clock, Run, ok, snapshot

Medlog = Callable[..., Run]


@pytest.fixture
def month(medlog: Medlog, home: Path) -> None:
    """The demo's month in the test store, plus notes a clinician file must escape."""
    ok(medlog("--home", str(home), "demo"))
    ok(medlog("take", "lexapro", "--at", "07:30", "--note", "<script>alert(1)</script> & co"))
    ok(medlog("skip", "magnesium glycinate", "--reason", '=HYPERLINK("http://x")'))


@pytest.mark.parametrize(
    ("command", "name", "starts"),
    [
        ("report", "r.json", '{\n  "schema": "medlog.report/1"'),
        ("report", "r.csv", "item,name,substance"),
        ("report", "r.md", "# Medication summary"),
        ("report", "r.html", "<!DOCTYPE html>"),
        ("report", "r.HTM", "<!DOCTYPE html>"),
        ("history", "h.json", '{\n  "schema": "medlog.history/1"'),
        ("history", "h.csv", "id,type,item"),
        ("history", "h.md", "# History"),
        ("export", "e.json", '{\n  "schema": "medlog.export/1"'),
        ("export", "e.csv", "id,type,item"),
        ("export", "e.ics", "BEGIN:VCALENDAR"),
    ],
)
def test_output_file_format_follows_the_extension(
    medlog: Medlog, month: None, tmp_path: Path, command: str, name: str, starts: str
) -> None:
    """-o FILE writes the format its extension names, privately, and says where."""
    target = tmp_path / name
    result = ok(medlog(command, "-o", str(target)))
    assert result.stdout == ""
    assert f"Wrote {target}" in result.stderr
    assert target.read_text().startswith(starts)
    assert target.stat().st_mode & 0o777 == 0o600


def test_format_table_to_a_file_is_plain_text(medlog: Medlog, month: None, tmp_path: Path) -> None:
    """--format table with -o writes the table as plain text, without colour codes."""
    target = tmp_path / "report.txt"
    ok(medlog("report", "--format", "table", "-o", str(target)))
    text = target.read_text()
    assert text.startswith("Report ") and "\x1b[" not in text
    assert "Calendar, one mark a day" in text


@pytest.mark.parametrize(
    ("args", "words", "code"),
    [
        (("report", "-o", "report.doc"), "Cannot tell a format", 2),
        (("export", "-o", "events.txt"), "does not write", 2),
        (("report", "-o", "report.ics"), "does not write", 2),
        (("history", "-o", "history.html"), "does not write", 2),
        (("export", "-o", "backup.md"), "does not write", 2),
        (("report", "-o", "missing-dir/report.html"), "Cannot use", 74),
        (("report", "--format", "json", "-o", "."), "is a directory", 2),
        (("report", "--title", "bad\x07title", "-o", "r.html"), "control", 2),
    ],
)
def test_bad_output_files_are_refused_and_leave_nothing(
    medlog: Medlog,
    month: None,
    tmp_path: Path,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    words: str,
    code: int,
) -> None:
    """Unknown extensions and bad titles are exit 2, a path that cannot be written is 74
    (the output failed); either way no file and no temp file is left."""
    monkeypatch.chdir(tmp_path)
    before_store = snapshot(home)
    before_dir = sorted(path.name for path in tmp_path.iterdir())
    result = medlog(*args)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == before_dir
    assert snapshot(home) == before_store


def test_output_never_overwrites_the_store(medlog: Medlog, month: None, home: Path) -> None:
    """-o naming the store's own journal is refused; the journal is unchanged."""
    before = snapshot(home)
    result = medlog("history", "--format", "json", "-o", str(home / "journal.jsonl"))
    assert result.exit_code == 2
    assert "store's own files" in result.stderr
    assert snapshot(home) == before


def test_html_is_self_contained_and_escaped(medlog: Medlog, month: None, tmp_path: Path) -> None:
    """The clinician summary loads nothing, runs nothing, and escapes every user string."""
    target = tmp_path / "visit.html"
    ok(medlog("report", "--title", "A. Patient <b>&", "-o", str(target)))
    page = target.read_text()
    lowered = page.lower()
    for forbidden in (
        "<script",
        "<link",
        "@import",
        "src=",
        "href=",
        "url(",
        "<iframe",
        "<object",
        "<img",
        "<embed",
        "xmlns",
    ):
        assert forbidden not in lowered, forbidden
    assert "=hyperlink(&quot;http://x&quot;)" in lowered  # a note's link is text, not a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "A. Patient &lt;b&gt;&amp;: medication summary" in page
    for section in (
        "Adherence",
        "As needed",
        "Regimen and changes",
        "Day by day",
        "Outside the documented range",
        "Notes and skip reasons",
        "Notes and sources",
    ):
        assert f"<h2>{section}</h2>" in page
    assert "(below 80%)" in page and 'class="flag"' in page
    assert "not medical advice" in page
    assert "US FDA prescribing information for LEXAPRO" in page
    assert "<svg" in page and "@media print" in page


def test_no_notes_leaves_notes_and_reasons_out(medlog: Medlog, month: None) -> None:
    """--no-notes removes dose notes and skip reasons from html and md."""
    page = ok(medlog("report", "--format", "html", "--no-notes")).stdout
    assert "Notes and skip reasons" not in page and "alert(1)" not in page
    md = ok(medlog("report", "--format", "md", "--no-notes")).stdout
    assert "Notes and skip reasons" not in md and "forgot until lunch" not in md


def test_markdown_summary_has_the_same_sections(medlog: Medlog, month: None) -> None:
    """The Markdown summary carries the HTML's sections as tables and text."""
    md = ok(medlog("report", "--format", "md", "--title", "A. Patient")).stdout
    assert md.startswith("# A. Patient: medication summary")
    for section in (
        "## Adherence",
        "## As needed",
        "## Regimen",
        "## Calendar, one mark a day",
        "## Day totals against the documented range",
        "## Outside the documented range",
        "## Notes and skip reasons",
        "[^1]: US FDA prescribing information for LEXAPRO",
    ):
        assert section in md
    assert "&lt;script&gt;" in md  # raw HTML in a note cannot reach a Markdown renderer
    assert "| Lexapro | 2026-10-29 | 2026-11-11 | 10 mg | daily 08:00 |" in md


def export_document(medlog: Medlog, *args: str) -> dict[str, Any]:
    """The medlog.export/1 document of the current (or --home) store."""
    return json.loads(ok(medlog(*args, "export", "--format", "json")).stdout)


def test_export_import_round_trip_is_lossless(
    medlog: Medlog, month: None, home: Path, tmp_path: Path
) -> None:
    """export -> import into an empty store -> export gives the same document and report."""
    backup = tmp_path / "backup.json"
    ok(medlog("undo"))  # a void, too
    ok(medlog("export", "-o", str(backup)))
    other = tmp_path / "other"
    imported = ok(medlog("--home", str(other), "import", str(backup)))
    assert "Imported" in imported.stdout
    assert export_document(medlog, "--home", str(other)) == json.loads(backup.read_text())
    assert (
        ok(medlog("--home", str(other), "report", "--format", "json")).stdout
        == ok(medlog("report", "--format", "json")).stdout
    )
    again = ok(medlog("--home", str(other), "import", str(backup)))
    assert again.stdout.startswith("Imported 0 event(s) and 0 item(s)")


def test_import_merges_two_devices(medlog: Medlog, tmp_path: Path) -> None:
    """Two stores with the same item but different doses combine into one journal."""
    phone, laptop = tmp_path / "phone", tmp_path / "laptop"
    for device in (phone, laptop):
        ok(
            medlog(
                "--home", str(device), "add", "lexapro", "--dose", "10mg", "--start", "2026-11-01"
            )
        )
    ok(medlog("--home", str(phone), "take", "lexapro", "--at", "2026-11-20T08:00"))
    ok(medlog("--home", str(laptop), "take", "lexapro", "--at", "2026-11-21T08:00"))
    ok(medlog("--home", str(phone), "export", "-o", str(tmp_path / "phone.json")))
    merged = ok(medlog("--home", str(laptop), "import", str(tmp_path / "phone.json")))
    assert merged.stdout.startswith("Imported 1 event(s) and 0 item(s)")
    events = export_document(medlog, "--home", str(laptop))["events"]
    assert sorted(event["at"][:10] for event in events) == ["2026-11-20", "2026-11-21"]


def test_a_conflicting_import_writes_nothing(
    medlog: Medlog, month: None, home: Path, tmp_path: Path
) -> None:
    """An id that exists with other content, or an item that differs, is exit 2; no change."""
    document = export_document(medlog)
    document["events"][0]["amount"] = "999"
    bad = tmp_path / "conflict.json"
    bad.write_text(json.dumps(document))
    before = snapshot(home)
    result = medlog("import", str(bad))
    assert result.exit_code == 2 and "different content" in result.stderr
    assert snapshot(home) == before
    document = export_document(medlog)
    document["items"]["lexapro"]["unit"] = "mcg"
    document["items"]["lexapro"]["strength"] = "10000 mcg"
    bad.write_text(json.dumps(document))
    result = medlog("import", str(bad))
    assert result.exit_code == 2 and "This store and conflict.json differ (Lexapro" in result.stderr
    assert "--keep mine" in result.stderr
    assert snapshot(home) == before


def test_an_import_that_collides_can_keep_either_side(
    medlog: Medlog, month: None, home: Path, tmp_path: Path
) -> None:
    """A regimen edited on both devices: --keep mine keeps this store's version, --keep
    theirs the file's; versions on different days are united without asking."""
    document = export_document(medlog)
    lexapro = document["items"]["lexapro"]
    first = lexapro["regimen"][0]
    lexapro["regimen"] = [first | {"dose": "15 mg"}, *lexapro["regimen"][1:]]
    copy = tmp_path / "other.json"
    copy.write_text(json.dumps(document))
    ok(medlog("import", str(copy), "--keep", "mine"))
    mine = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert next(i for i in mine if i["item"] == "lexapro")["regimen"][0]["dose"] != 15
    ok(medlog("import", str(copy), "--keep", "lexapro=theirs"))
    theirs = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert next(i for i in theirs if i["item"] == "lexapro")["regimen"][0]["dose"] == 15
    refused = medlog("import", str(copy), "--keep", "lexapro=maybe")
    assert refused.exit_code == 2 and "--keep" in refused.stderr


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "not a medlog export"),
        (b'{"schema": "medlog.export/2"}', "not a medlog export"),
        (b'{"schema": "medlog.export/1", "settings": {}, "items": {}}', "'events'"),
        (b'{"schema": "medlog.export/1", "settings": {}, "items": {}, "events": [1]}', "event 1"),
        (
            b'{"schema": "medlog.export/1", "settings": {}, "items": {"x": {}}, "events": []}',
            "items.x",
        ),
        (
            b'{"schema": "medlog.export/1", "settings": {}, "items": {}, "events": [{"v": 1, '
            b'"id": "a", "type": "dose", "at": "2026-11-01T08:00:00+00:00", "logged_at": '
            b'"2026-11-01T08:00:00+00:00", "item": "ghost", "amount": "1", "unit": "mg"}]}',
            "'ghost'",
        ),
    ],
)
def test_a_malformed_import_is_exit_2_and_untouched(
    medlog: Medlog, month: None, home: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    """Broken, foreign or inconsistent files are refused with a sentence; the store is unchanged."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = snapshot(home)
    result = medlog("import", str(bad))
    assert result.exit_code == 2, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(home) == before


def test_import_of_a_missing_file(medlog: Medlog, tmp_path: Path) -> None:
    """A missing file is exit 2 naming it."""
    result = medlog("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "There is no file" in result.stderr


def test_events_csv_neutralises_formulas_and_keeps_numbers(
    medlog: Medlog, month: None, home: Path, tmp_path: Path
) -> None:
    """Every dangerous first character is neutralised; amounts stay plain numbers."""
    typed = ("+SUM(A1)", "-2+3", "@cmd", "=1+1")
    for text in typed:
        ok(medlog("take", "ibuprofen", "--at", "06:00", "--note", text))
    target = tmp_path / "events.csv"
    ok(medlog("export", "-o", str(target)))
    raw = target.read_bytes()
    assert raw.startswith(b"id,type,item,amount,unit,at,note,reason,voided")
    rows = list(csv.DictReader(io.StringIO(raw.decode(), newline="")))
    notes = {row["note"] for row in rows}
    assert {f"'{text}" for text in typed} <= notes
    assert '\'=HYPERLINK("http://x")' in {row["reason"] for row in rows}
    assert all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        for row in rows
        for cell in row.values()
    )
    doses = [row for row in rows if row["type"] == "dose"]
    assert doses and all(float(row["amount"]) > 0 for row in doses)
    assert {row["voided"] for row in rows} <= {"true", "false"}


def fhir_bundle(medlog: Medlog) -> dict[str, Any]:
    """The FHIR export as a dict."""
    return json.loads(ok(medlog("export", "--format", "fhir")).stdout)


def test_fhir_bundle_validates_as_r4(medlog: Medlog, month: None) -> None:
    """The bundle and every resource validate with fhir.resources' R4B models."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.medicationadministration import MedicationAdministration
    from fhir.resources.R4B.medicationdispense import MedicationDispense
    from fhir.resources.R4B.medicationstatement import MedicationStatement
    from fhir.resources.R4B.observation import Observation

    document = fhir_bundle(medlog)
    Bundle.model_validate(document)
    models = {
        "MedicationStatement": MedicationStatement,
        "MedicationAdministration": MedicationAdministration,
        "MedicationDispense": MedicationDispense,
        "Observation": Observation,
    }
    for entry in document["entry"]:
        resource = entry["resource"]
        models[resource["resourceType"]].model_validate(resource)
        assert entry["fullUrl"].startswith("urn:uuid:")


def test_fhir_codes_statuses_and_counts(medlog: Medlog, month: None) -> None:
    """Statuses are valid codes, doses carry UCUM, skips are not-done with a reason."""
    document = fhir_bundle(medlog)
    assert (document["resourceType"], document["type"]) == ("Bundle", "collection")
    resources = [entry["resource"] for entry in document["entry"]]
    statements = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    given = [r for r in resources if r["resourceType"] == "MedicationAdministration"]
    assert {r["status"] for r in statements} <= {
        "active",
        "completed",
        "stopped",
        "intended",
        "entered-in-error",
        "on-hold",
        "unknown",
        "not-taken",
    }
    assert [r["status"] for r in statements].count("completed") == 1  # Lexapro's 10 mg version
    history = json.loads(ok(medlog("history", "--since", "2026-10-01", "--format", "json")).stdout)[
        "events"
    ]
    live_doses = [e for e in history if e["type"] == "dose" and not e["voided"]]
    live_skips = [e for e in history if e["type"] == "skip" and not e["voided"]]
    done = [r for r in given if r["status"] == "completed"]
    skipped = [r for r in given if r["status"] == "not-done"]
    assert len(done) == len(live_doses) and len(skipped) == len(live_skips)
    for resource in done:
        dose = resource["dosage"]["dose"]
        assert isinstance(dose["value"], int | float)
        if dose["unit"] == "tablet":  # a count of a form has a unit but no UCUM code
            assert "code" not in dose
            continue
        assert dose["system"] == "http://unitsofmeasure.org"
        assert dose["code"] in {"mg", "ug", "g", "mL", "[iU]"}
    assert all(r["statusReason"][0]["text"] for r in skipped if "statusReason" in r)
    assert any("statusReason" in r for r in skipped)
    for statement in statements:
        quantity = statement["dosage"][0]["doseAndRate"][0]["doseQuantity"]
        if quantity["unit"] != "tablet":
            assert quantity["code"] == "mg" and quantity["system"] == "http://unitsofmeasure.org"


def test_fhir_iu_and_mcg_use_their_ucum_codes(medlog: Medlog) -> None:
    """mcg is ug and IU is [iU] in FHIR."""
    ok(medlog("add", "vitamin d", "--dose", "25mcg", "--start", "2026-11-01"))
    ok(medlog("add", "fish oil", "--kind", "supplement", "--dose", "1000 IU"))
    ok(medlog("take", "vitamin d"))
    ok(medlog("take", "fish oil"))
    codes = [
        r["resource"]["dosage"]["dose"]["code"]
        for r in fhir_bundle(medlog)["entry"]
        if r["resource"]["resourceType"] == "MedicationAdministration"
    ]
    assert codes == ["ug", "[iU]"]


def test_ics_validates_and_recurs_as_the_regimen(medlog: Medlog, tmp_path: Path) -> None:
    """One recurring VEVENT per slot; UNTIL at a stop or titration; never COUNT; no PRN."""
    import icalendar

    ok(
        medlog(
            "add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-11-01"
        )
    )
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-15"))
    ok(
        medlog(
            "add",
            "magnesium glycinate",
            "--dose",
            "200mg",
            "--schedule",
            "daily 08:00,21:00",
            "--start",
            "2026-11-01",
        )
    )
    ok(
        medlog(
            "add",
            "iron",
            "--dose",
            "18mg",
            "--schedule",
            "every 2 days 09:00",
            "--start",
            "2026-11-02",
        )
    )
    ok(
        medlog(
            "add", "zinc", "--dose", "15mg", "--schedule", "mon,wed,fri", "--start", "2026-11-01"
        )
    )
    ok(medlog("stop", "iron", "--on", "2026-11-20"))
    ok(medlog("add", "ibuprofen", "--kind", "otc", "--schedule", "as needed"))
    target = tmp_path / "doses.ics"
    ok(medlog("export", "-o", str(target)))
    raw = target.read_bytes()
    assert raw.endswith(b"END:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode()
    parsed = icalendar.Calendar.from_ical(text)
    events = list(parsed.walk("VEVENT"))
    rules = {str(event["UID"]): event["RRULE"] for event in events}
    assert sorted(rules) == sorted(
        [
            "lexapro-1-0800@medlog",
            "lexapro-2-0800@medlog",
            "magnesium-glycinate-1-0800@medlog",
            "magnesium-glycinate-1-2100@medlog",
            "iron-1-0900@medlog",
            "zinc-1-anytime@medlog",
        ]
    )
    assert rules["lexapro-1-0800@medlog"]["UNTIL"][0].isoformat() == "2026-11-14T08:00:00"
    assert "UNTIL" not in rules["lexapro-2-0800@medlog"]
    assert rules["iron-1-0900@medlog"]["INTERVAL"] == [2]
    assert rules["iron-1-0900@medlog"]["UNTIL"][0].isoformat() == "2026-11-19T09:00:00"
    assert rules["zinc-1-anytime@medlog"]["BYDAY"] == ["MO", "WE", "FR"]
    assert all("COUNT" not in rule for rule in rules.values())
    zinc = next(e for e in events if str(e["UID"]).startswith("zinc"))
    assert zinc["DTSTART"].dt.isoformat() == "2026-11-02"  # the first Monday, all day
    lexapro = next(e for e in events if str(e["UID"]) == "lexapro-2-0800@medlog")
    assert lexapro["DTSTART"].dt.tzinfo is None  # floating: 08:00 wherever you are
    assert "Take Lexapro 20 mg" in str(lexapro["SUMMARY"])


def test_after_importing_old_events_the_tail_still_finds_today(
    medlog: Medlog, tmp_path: Path, clock: Clock
) -> None:
    """Old events appended by an import do not hide today's earlier doses from take/today."""
    old = tmp_path / "old"
    clock("2025-03-01T20:00")  # the old store was written then
    ok(
        medlog(
            "--home",
            str(old),
            "add",
            "lexapro",
            "--dose",
            "10mg",
            "--schedule",
            "daily 08:00",
            "--start",
            "2025-01-01",
        )
    )
    for day in range(1, 29):
        ok(medlog("--home", str(old), "take", "lexapro", "--at", f"2025-02-{day:02d}T08:00"))
    ok(medlog("--home", str(old), "export", "-o", str(tmp_path / "old.json")))
    clock("2026-11-27T09:15")
    ok(
        medlog(
            "add",
            "lexapro",
            "--dose",
            "10mg",
            "--schedule",
            "daily 08:00",
            "--start",
            "2025-01-01",
        )
    )
    ok(medlog("take", "lexapro", "--at", "08:00"))
    ok(medlog("import", str(tmp_path / "old.json")))
    assert "taken 08:00" in ok(medlog("today")).stdout
    assert "day total 15 mg" in ok(medlog("take", "lexapro", "5mg")).stdout


def test_the_summary_opens_with_a_headline_per_item(medlog: Medlog, month: None) -> None:
    """HTML and Markdown start with each item's regimen in one line, titration included as
    the change in the period (issue 24)."""
    html = ok(medlog("report", "--format", "html")).stdout
    markdown = ok(medlog("report", "--format", "md")).stdout
    for text in (markdown, html):
        assert "Regimen and changes" in text
        assert re.search(
            r"Lexapro 20 mg daily 08:00 since 2026-11-\d\d \(day \d+\); changes: 10 mg → 20 mg on",
            text,
        )


def test_voided_notes_stay_visible_marked(medlog: Medlog, month: None) -> None:
    """A note on a dose later voided still shows, marked voided (struck in HTML)."""
    ok(medlog("take", "lexapro", "30mg", "--note", "took the wrong box", "--at", "07:00"))
    ok(medlog("undo"))
    markdown = ok(medlog("report", "--format", "md")).stdout
    assert "dose (voided) | took the wrong box" in markdown
    assert "<s>took the wrong box</s>" in ok(medlog("report", "--format", "html")).stdout


def test_printing_never_forces_a_page_break_and_dates_never_wrap(
    medlog: Medlog, month: None
) -> None:
    """Print CSS lets sections flow (no forced break before a section leaving half a page
    empty; the one break is after the first page, issue 24); date cells are nowrap."""
    html = ok(medlog("report", "--format", "html")).stdout
    assert "break-before: page" not in html
    assert '<td class="when">2026-' in html and "td.when { white-space: nowrap; }" in html


def test_day_strips_are_labelled_at_least_weekly() -> None:
    """A 42-day strip has a label every 7 days from its first, naming the month as it changes."""
    from datetime import date, timedelta

    from medlog.export.line_chart import day_labels

    days = [date(2026, 10, 17) + timedelta(days=n) for n in range(42)]
    labels = day_labels(days)
    positions = [n for n, _ in labels]
    assert labels == [(0, "Oct 17"), (7, "24"), (14, "31"), (21, "Nov 7"), (28, "14"), (35, "21")]
    assert all(b - a <= 7 for a, b in zip(positions, [*positions[1:], 41], strict=True))


def test_markdown_says_when_day_totals_are_partial(medlog: Medlog, month: None) -> None:
    """A 60-day Markdown report says its day-totals table shows only the last 31 days."""
    markdown = ok(medlog("report", "--days", "60", "--format", "md")).stdout
    assert "The table shows the last 31 days of the 60-day period." in markdown


def test_csv_quotes_cells_with_semicolons(medlog: Medlog, lexapro: None) -> None:
    """A note with ';' is quoted, so spreadsheets in semicolon locales keep it in one cell (an
    outsider's finding, issue 8)."""
    ok(medlog("take", "lexapro", "--note", "with food; felt fine"))
    csv = ok(medlog("history", "--format", "csv")).stdout
    assert '"with food; felt fine"' in csv


def test_ics_alarms_come_before_each_dose(medlog: Medlog, tmp_path: Path) -> None:
    """--alarm 5m: recurring-ical-events expands an alarm 5 minutes before every dose, and
    only timed doses have one (issue 23)."""
    import icalendar
    import recurring_ical_events

    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,20:00",
              "--start", "2026-11-01"))  # fmt: skip
    ok(medlog("add", "zinc", "--dose", "15mg", "--schedule", "mon,wed,fri", "--start",
              "2026-11-01"))  # fmt: skip
    target = tmp_path / "doses.ics"
    ok(medlog("export", "-o", str(target), "--alarm", "1h30m"))
    parsed = icalendar.Calendar.from_ical(target.read_text())
    found = recurring_ical_events.of(parsed, components=["VALARM"]).between(
        datetime(2026, 11, 27), datetime(2026, 11, 29)
    )
    triggers = sorted(
        alarm["TRIGGER"].dt.strftime("%d %H:%M")
        for event in found
        for alarm in event.walk("VALARM")
    )
    assert triggers == ["27 06:30", "27 18:30", "28 06:30", "28 18:30"]
    without = tmp_path / "plain.ics"
    ok(medlog("export", "-o", str(without)))
    assert "TRIGGER:PT0M" in without.read_text() and "TRIGGER:-" not in without.read_text()


def test_ics_has_a_refill_event_on_the_refill_by_day(medlog: Medlog, tmp_path: Path) -> None:
    """An item with a supply gets an all-day event on its refill-by day (the same day supply
    shows); an item without a supply gets none (issue 23)."""
    import icalendar
    import recurring_ical_events

    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-01"))  # fmt: skip
    ok(medlog("add", "zinc", "--dose", "15mg", "--start", "2026-11-01"))
    ok(medlog("fill", "lexapro", "10", "tablets", "--days", "10", now="2026-11-27T07:00"))
    supply = json.loads(ok(medlog("supply", "--format", "json", now="2026-11-27T07:00")).stdout)
    refill_by = next(row["refill_by"] for row in supply["items"] if row["item"] == "lexapro")
    target = tmp_path / "doses.ics"
    ok(medlog("export", "-o", str(target), now="2026-11-27T07:00"))
    parsed = icalendar.Calendar.from_ical(target.read_text())
    day = date.fromisoformat(refill_by)
    found = recurring_ical_events.of(parsed).at(day)
    refills = [event for event in found if str(event["SUMMARY"]).startswith("Refill")]
    assert [str(event["SUMMARY"]) for event in refills] == ["Refill Lexapro"]
    assert refills[0]["DTSTART"].dt == day
    assert "covers the doses through" in str(refills[0]["DESCRIPTION"])
    everything = recurring_ical_events.of(parsed).between(date(2026, 11, 1), date(2027, 12, 31))
    assert sum(str(event["SUMMARY"]).startswith("Refill") for event in everything) == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--format", "ics", "--alarm", "0"), "--alarm: '0' is not a span of time"),
        (("--format", "ics", "--alarm", "1y"), "--alarm: '1y' is not a span of time"),
        (("--format", "json", "--alarm", "5m"), "--alarm goes with a calendar"),
    ],
)
def test_ics_bad_alarm_writes_nothing(
    medlog: Medlog, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01"))
    target = tmp_path / "out.file"
    result = medlog("export", *args, "-o", str(target))
    assert result.exit_code == 2 and said in result.stderr
    assert not target.exists()
