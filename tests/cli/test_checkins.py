"""How you've been (issue 11), through the command line: check-ins, PHQ-9 and GAD-7 (with
--answers and on a terminal), questions for the visit, and the report's figures, every JSON
number computed by hand."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medlog.migrations import SCHEMA
from medlog.questionnaires import ITEM9_MESSAGE
from tests.conftest import Clock, Journal, Run, in_terminal, ok, snapshot

Medlog = Callable[..., Run]
Process = Callable[..., subprocess.CompletedProcess[str]]

MOOD = {
    8: 4,
    9: 4,
    10: 5,
    11: 4,
    12: 5,
    13: 4,
    14: 4,
    15: 6,
    16: 6,
    17: 5,
    18: 6,
    19: 7,
    20: 6,
    21: 6,
}
SLEEP = {12: "6h", 13: "6:30", 14: "7", 15: "7.5h", 16: "8h"}
EFFECTS = {8: "nausea", 9: "nausea:moderate", 12: "Nausea : none", 20: "Headache"}


@pytest.fixture
def month(medlog: Medlog) -> None:
    """Lexapro from 11-01, 20 mg from 11-15; a month of check-ins, two PHQ-9s, a GAD-7, a
    question; two entries filled in the next morning."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-15", now="2026-11-01T07:00"))
    for day, mood in MOOD.items():
        args = ["checkin", "--mood", str(mood)]
        if day in SLEEP:
            args += ["--sleep", SLEEP[day]]
        if day in EFFECTS:
            args += ["--side-effect", EFFECTS[day]]
        if day == 10:  # filled in the next morning
            ok(medlog(*args, "--at", "2026-11-10T21:00", now="2026-11-11T09:00"))
        else:
            ok(medlog(*args, now=f"2026-11-{day:02d}T21:00"))
    ok(medlog("checkin", "phq9", "--answers", "1,1,1,1,1,1,1,1,0", now="2026-11-10T21:05"))
    ok(medlog("checkin", "gad7", "--answers", "2,2,2,2,2,2,2", now="2026-11-10T21:06"))
    ok(medlog("checkin", "phq9", "--answers", "0 0 1 0 0 1 0 0 1",
              "--at", "2026-11-24T21:00", now="2026-11-25T09:00"))  # fmt: skip
    ok(medlog("ask", "Is", "the", "nausea", "from", "Lexapro?", now="2026-11-20T21:10"))


def report(medlog: Medlog) -> dict[str, Any]:
    """The JSON report for November, as of 11-30 21:00."""
    return json.loads(  # type: ignore[no-any-return]
        ok(
            medlog(
                "report",
                "--since",
                "2026-11-01",
                "--until",
                "2026-11-30",
                "--format",
                "json",
                now="2026-11-30T21:00",
            )
        ).stdout
    )


def test_every_checkin_figure_by_hand(medlog: Medlog, month: None) -> None:
    """Measures (mean 72/14 = 5.14), scores and bands, side effects, both comparisons (one
    across the titration, one with too few entries), questions and provenance."""
    document = report(medlog)
    assert document["checkins"]["measures"] == {
        "mood": {"n": 14, "mean": 5.14, "min": 4, "max": 7, "last": 6},
        "sleep_hours": {"n": 5, "mean": 7, "min": 6, "max": 8, "last": 8},
    }
    assert document["checkins"]["phq9"] == [
        {"date": "2026-11-10", "total": 8, "band": "mild", "item9": 0},
        {"date": "2026-11-24", "total": 3, "band": "minimal", "item9": 1},
    ]
    assert document["checkins"]["gad7"] == [{"date": "2026-11-10", "total": 14, "band": "moderate"}]
    assert document["checkins"]["side_effects"] == [
        {"name": "nausea", "days": 2, "worst": "moderate", "last": "none"},
        {"name": "headache", "days": 1, "worst": "mild", "last": "mild"},
    ]
    assert document["checkins"]["comparisons"] == [
        {
            "item": "lexapro", "change": "started", "on": "2026-11-01", "measure": "mood",
            "before": {"n": 0, "mean": None}, "after": {"n": 7, "mean": 4.29},
            "difference": None, "reason": "fewer than 5 entries before",
        },
        {
            "item": "lexapro", "change": "started", "on": "2026-11-01", "measure": "sleep_hours",
            "before": {"n": 0, "mean": None}, "after": {"n": 3, "mean": 6.5},
            "difference": None, "reason": "fewer than 5 entries before and after",
        },
        {
            "item": "lexapro", "change": "10 mg → 20 mg", "on": "2026-11-15", "measure": "mood",
            "before": {"n": 7, "mean": 4.29}, "after": {"n": 7, "mean": 6},
            "difference": 1.71, "reason": None,
        },
        {
            "item": "lexapro", "change": "10 mg → 20 mg", "on": "2026-11-15",
            "measure": "sleep_hours", "before": {"n": 3, "mean": 6.5},
            "after": {"n": 2, "mean": 7.75}, "difference": None,
            "reason": "fewer than 5 entries before and after",
        },
    ]  # fmt: skip
    assert document["questions"] == [{"date": "2026-11-20", "text": "Is the nausea from Lexapro?"}]
    assert document["provenance"] == {
        "events": 17,
        "within_hour": 15,
        "same_day": 0,
        "later_day": 2,
    }


def test_the_sections_read_the_same_everywhere(medlog: Medlog, month: None) -> None:
    """Table, Markdown and HTML show How you've been; HTML puts questions and the item-9
    flag at the top, and states provenance in a sentence."""
    later = "2026-11-30T21:00"
    table = ok(medlog("report", "--since", "2026-11-01", now=later)).stdout
    markdown = ok(medlog("report", "--since", "2026-11-01", "--format", "md", now=later)).stdout
    html = ok(medlog("report", "--since", "2026-11-01", "--format", "html", now=later)).stdout
    for text in (table, markdown, html):
        assert "How you've been" in text
        assert "Lexapro 10 mg → 20 mg on 2026-11-15: mood 4.29 → 6 (+1.71)" in text
        assert "PHQ-9 2026-11-24: 3 of 27 (minimal)" in text
        assert "Lexapro started on 2026-11-01: no check-ins in the 14 days before" in text
    for text in (markdown, html):
        assert "medicines can take weeks" in text
    assert html.index("Questions for this visit") < html.index("Adherence")
    assert html.index('class="alert"') < html.index("Adherence")
    assert (
        "item 9 (thoughts of being better off dead, or of hurting oneself) was answered 1" in html
    )
    assert "2 on a later day (filled in afterwards)" in html
    assert "logged later" in html


def test_the_provenance_sentence_counts_one_entry_in_the_singular(medlog: Medlog) -> None:
    """One dose logged as taken: "Of 1 entry ..., 1 was logged within an hour" (a new user
    read "1 were logged")."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    ok(medlog("take", "lexapro"))
    html = ok(medlog("report", "--days", "1", "--format", "html")).stdout
    assert "Of 1 entry (doses, skips and check-ins) in the period, 1 was logged within" in html


def test_a_checkin_is_stored_exactly(medlog: Medlog, home: Path, journal_lines: Journal) -> None:
    """Sleep is whole minutes; side-effect names are normalised; the note is kept."""
    result = ok(medlog("checkin", "--mood", "7", "--sleep", "6h30m", "--side-effect",
                       "Dry  Mouth:Severe", "--note", "slept better"))  # fmt: skip
    assert result.stdout == (
        "Checked in at 09:15 today: mood 7/10, slept 6h30m, dry mouth (severe).\n"
    )
    line = journal_lines()[-1]
    assert (line["type"], line["mood"], line["sleep_minutes"], line["note"]) == (
        "checkin", 7, 390, "slept better",
    )  # fmt: skip
    assert line["side_effects"] == [{"name": "dry mouth", "severity": "severe"}]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--mood", "11"], "0 (worst) to 10 (best)"),
        (["--anxiety", "-1"], "0 (none) to 10 (worst)"),
        (["--sleep", "25"], "more than 24 hours"),
        (["--sleep", "6.01h"], "minutes"),
        (["--side-effect", "nausea:terrible"], "Unknown severity"),
        (["--note", "just a note"], "a note alone is not a check-in"),
        (["phq9", "--answers", "0,1"], "give 9 answers"),
        (["gad7", "--answers", "0,1,2,3,4,0,0"], "0 (not at all) to 3"),
        (["phq10", "--answers", "0"], "phq9"),
        (["phq9", "--answers", "0,0,0,0,0,0,0,0,0", "--mood", "5"], "only its answers"),
        (["--answers", "0,0,0"], "belongs to a questionnaire"),
        (["phq9"], "Not on a terminal"),
    ],
)
def test_bad_checkins_are_exit_2_and_change_nothing(
    medlog: Medlog, home: Path, args: list[str], words: str
) -> None:
    """Every malformed measure is refused with what is accepted; the store stays as it was."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    before = snapshot(home)
    result = medlog("checkin", *args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr
    assert snapshot(home) == before


def words(text: str) -> str:
    """``text`` with every run of spaces and line breaks as one space (prose wraps)."""
    return " ".join(text.split())


ITEM9_ANSWERS = ("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")


def test_item_9_above_zero_is_said_on_stdout_and_names_question_9(medlog: Medlog) -> None:
    """Item 9 above 0: the crisis lines and that medlog tells no one, on stdout only; the
    score line names question 9 and says it is a screening score; exit stays 0."""
    result = medlog(*ITEM9_ANSWERS, now="2026-12-05T14:30")
    assert result.exit_code == 0 and result.stderr == ""
    shown = words(result.stdout)
    assert words(ITEM9_MESSAGE) in shown and shown.count("question 9 matters") == 1
    for sourced in ("emergency number now (911 in the US)", "call or text 988", "clinician today"):
        assert sourced in shown
    assert "medlog sends nothing to anyone" in shown
    assert result.stdout.endswith(
        "PHQ-9 at 14:30 today: 1 of 27, in the minimal band; question 9 answered 'several "
        "days'. A screening score, not a diagnosis.\n"
    )


def test_item_9_survives_a_pipe_and_shows_once(medlog_process: Process) -> None:
    """In a pipe stdout alone holds the message (so 2>/dev/null keeps it), and stdout and
    stderr together hold it once."""
    result = medlog_process(*ITEM9_ANSWERS)
    assert result.returncode == 0, result.stderr
    assert words(ITEM9_MESSAGE) in words(result.stdout)
    assert words(result.stdout + result.stderr).count(words(ITEM9_MESSAGE)) == 1
    assert "question 9 answered 'several days'" in result.stdout


@pytest.mark.timing
def test_item_9_shows_once_on_a_terminal(home: Path) -> None:
    """Asked on a terminal (stdout and stderr the same screen), the message appears once,
    after the answers and before the score line."""
    code, screen = in_terminal(["checkin", "phq9"], "0\n" * 8 + "3\n", {"MEDLOG_HOME": str(home)})
    assert code == 0, screen
    assert words(screen).count(words(ITEM9_MESSAGE)) == 1
    assert words(screen).index("question 9 matters") < words(screen).index("PHQ-9 at 09:15")
    assert "3 of 27, in the minimal band; question 9 answered 'nearly every day'" in words(screen)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("phq9", "3,3,3,3,3,3,3,1,0"), "PHQ-9 at 09:15 today: 22 of 27, in the severe band."),
        (("gad7", "3,3,3,3,3,3,3"), "GAD-7 at 09:15 today: 21 of 21, in the severe band."),
        (("gad7", "0,0,0,0,0,0,1"), "GAD-7 at 09:15 today: 1 of 21, in the minimal band."),
    ],
)
def test_a_score_states_its_band_and_that_it_screens(
    medlog: Medlog, args: tuple[str, str], line: str
) -> None:
    """Every total states its band and that it is a screening score; a severe total with item
    9 at 0 is the severe band, with no crisis text and no advice."""
    instrument, answers = args
    result = ok(medlog("checkin", instrument, "--answers", answers))
    assert result.stdout == f"{line} A screening score, not a diagnosis.\n"
    assert result.stderr == ""


def test_history_and_export_carry_item_9_as_a_field(medlog: Medlog, tmp_path: Path) -> None:
    """history and export, JSON and CSV: a PHQ-9 has item9 (its 0-3 answer), anything else
    null; the CSV column comes after count (columns only ever appended); an export imports
    back, and a wrong item9 is refused."""
    ok(medlog(*ITEM9_ANSWERS, now="2026-11-27T09:00"))
    ok(medlog("checkin", "gad7", "--answers", "1,1,1,1,1,1,1", now="2026-11-27T09:05"))
    ok(medlog("checkin", "--mood", "5", now="2026-11-27T09:10"))
    history = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item9"] for event in history] == [1, None, None]
    for command in ("history", "export"):
        rows = list(csv.reader(io.StringIO(ok(medlog(command, "--format", "csv")).stdout)))
        column = rows[0].index("item9")
        assert rows[0][column - 1] == "count"
        assert [row[column] for row in rows[1:]] == ["1", "", ""]
    exported = json.loads(ok(medlog("export", "--format", "json")).stdout)
    assert [event.get("item9") for event in exported["events"]] == [1, None, None]
    file = tmp_path / "export.json"
    file.write_text(json.dumps(exported))
    ok(medlog("--home", str(tmp_path / "other"), "import", str(file)))
    exported["events"][0]["item9"] = 0
    file.write_text(json.dumps(exported))
    refused = medlog("--home", str(tmp_path / "third"), "import", str(file))
    assert refused.exit_code == 2 and "'item9' is not the PHQ-9's answer" in refused.stderr


def test_every_report_format_shows_item_9(medlog: Medlog, month: None) -> None:
    """Table, Markdown, HTML and CSV show the PHQ-9 whose question 9 was answered above 0, and
    the scores are called screening scores."""
    later = ("--since", "2026-11-01")
    table = ok(medlog("report", *later, now="2026-11-30T21:00")).stdout
    markdown = ok(medlog("report", *later, "--format", "md", now="2026-11-30T21:00")).stdout
    html = ok(medlog("report", *later, "--format", "html", now="2026-11-30T21:00")).stdout
    alert = "PHQ-9 on 2026-11-24: item 9 (thoughts of being better off dead, or of hurting"
    for text in (words(table), markdown, html):
        assert alert in text
        assert "PHQ-9 2026-11-24: 3 of 27 (minimal); question 9 answered" in text
        assert "Each total is a screening score, not a diagnosis." in text
    assert words(table).index(alert) < words(table).index("How you've been")
    assert html.index('<p class="alert">') < html.index("Regimen and changes")
    sheet = ok(medlog("report", *later, "--format", "csv", now="2026-11-30T21:00")).stdout
    rows = list(csv.DictReader(io.StringIO(sheet)))
    assert list(rows[0])[-1] == "item9_alerts"
    assert all(row["item9_alerts"].startswith(alert) for row in rows)


@pytest.mark.timing
def test_the_questionnaire_asks_on_a_terminal(
    medlog: Medlog, home: Path, journal_lines: Journal
) -> None:
    """On a terminal each GAD-7 item is asked with the standard answers; a bad answer is asked
    again; the answers are stored."""
    code, screen = in_terminal(
        ["checkin", "gad7"], "1\n2\n9\n0\n3\n1\n1\n2\n", {"MEDLOG_HOME": str(home)}
    )
    assert code == 0, screen
    assert "Over the last 2 weeks, how often have you been bothered by the following problems?" in (
        screen
    )
    assert "0 Not at all" in screen and "3 Nearly every day" in screen
    assert "1. Feeling nervous, anxious, or on edge" in screen
    assert "Answer with 0, 1, 2 or 3." in screen
    assert "GAD-7 at 09:15 today: 10 of 21, in the moderate band." in screen
    line = journal_lines()[-1]
    assert (line["instrument"], line["answers"]) == ("gad7", [1, 2, 0, 3, 1, 1, 2])


def test_undo_voids_a_checkin_and_a_question(medlog: Medlog) -> None:
    """undo takes back the latest check-in or question like a dose; reports drop it."""
    ok(medlog("checkin", "--mood", "3"))
    ok(medlog("ask", "Why?"))
    assert "Voided the question" in ok(medlog("undo")).stdout
    assert "Voided the check-in (mood 3/10)" in ok(medlog("undo")).stdout
    document = json.loads(ok(medlog("report", "--format", "json")).stdout)
    assert document["checkins"]["measures"] == {} and document["questions"] == []


def test_history_and_export_carry_checkins_losslessly(
    medlog: Medlog, month: None, tmp_path: Path, clock: Clock
) -> None:
    """history shows check-ins and questions; export -> import -> export is the same file."""
    clock("2026-11-30T21:00")
    history = ok(medlog("history", "--since", "2026-11-20", "--until", "2026-11-20", "--format",
                        "json")).stdout  # fmt: skip
    events = json.loads(history)["events"]
    assert {event["type"] for event in events} == {"checkin", "question"}
    first = tmp_path / "one.json"
    ok(medlog("export", "-o", str(first)))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(first)))
    second = tmp_path / "two.json"
    ok(medlog("--home", str(other), "export", "-o", str(second)))
    assert second.read_text() == first.read_text()
    csv_text = ok(medlog("export", "--format", "csv")).stdout
    assert "nausea:moderate" in csv_text and "1,1,1,1,1,1,1,1,0" in csv_text


def observations_of(medlog: Medlog) -> dict[str, dict[str, Any]]:
    """The FHIR export's Observations by fullUrl, each validated with fhir.resources (and the
    Bundle)."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.observation import Observation

    bundle = json.loads(ok(medlog("export", "--format", "fhir")).stdout)
    Bundle.model_validate(bundle)
    found = {
        e["fullUrl"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }
    for resource in found.values():
        Observation.model_validate(resource)
    return found


def loinc(observation: dict[str, Any]) -> str | None:
    """An Observation's LOINC code, or None when it has only text."""
    return observation["code"].get("coding", [{}])[0].get("code")


def test_fhir_observations_validate_and_carry_loinc(medlog: Medlog, month: None) -> None:
    """PHQ-9 and GAD-7 totals are Observations with their LOINC codes; sleep is in UCUM h."""
    observations = list(observations_of(medlog).values())
    totals = {(loinc(o), o["valueInteger"]) for o in observations if "valueInteger" in o and
              loinc(o)}  # fmt: skip
    assert totals == {("44261-6", 8), ("44261-6", 3), ("70274-6", 14)}
    sleep = [o for o in observations if o["code"]["text"] == "Sleep (hours)"]
    assert sleep[0]["valueQuantity"] == {
        "value": 6, "unit": "h", "system": "http://unitsofmeasure.org", "code": "h",
    }  # fmt: skip
    # moods, sleeps, side effects; each PHQ-9 a panel, total and item 9; the GAD-7 two
    assert len(observations) == 14 + 5 + 4 + 2 * 3 + 2


def test_fhir_gives_item_9_its_own_coded_answer(medlog: Medlog, month: None) -> None:
    """Each PHQ-9 has item 9 as an Observation of its own (44260-8, a LOINC answer code); no
    total carries a reassuring interpretation; panels (44249-1, 69737-5) hold every item's
    coded answer and name their members."""
    by_url = observations_of(medlog)
    observations = list(by_url.values())
    item9 = [o for o in observations if loinc(o) == "44260-8"]
    assert [o["valueCodeableConcept"]["coding"] for o in item9] == [
        [{"system": "http://loinc.org", "code": "LA6568-5", "display": "Not at all"}],
        [{"system": "http://loinc.org", "code": "LA6569-3", "display": "Several days"}],
    ]
    assert not any("interpretation" in o for o in observations)
    positive = next(o for o in observations if loinc(o) == "44261-6" and o["valueInteger"] == 3)
    assert positive["note"] == [
        {"text": "3 of 27, in the minimal band; question 9 answered 'several days'; a screening "
                 "score, not a diagnosis."}
    ]  # fmt: skip
    panels = {loinc(o): o for o in observations if loinc(o) in ("44249-1", "69737-5")}
    gad7 = panels["69737-5"]
    assert [part["code"]["coding"][0]["code"] for part in gad7["component"]] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ]  # fmt: skip
    assert {part["valueCodeableConcept"]["coding"][0]["code"] for part in gad7["component"]} == {
        "LA6570-1"  # every GAD-7 answer was 2, more than half the days
    }
    assert len(panels["44249-1"]["component"]) == 9
    members = [[loinc(by_url[m["reference"]]) for m in p["hasMember"]] for p in panels.values()]
    assert members == [["44261-6", "44260-8"], ["70274-6"]]


def test_the_demo_shows_how_youve_been(
    medlog: Medlog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's month has check-ins: sleep a little better after magnesium starts."""
    monkeypatch.setenv("COLUMNS", "250")
    ok(medlog("demo", "--home", str(tmp_path / "d"), now="2026-11-27T22:30"))
    out = ok(medlog("--home", str(tmp_path / "d"), "report", now="2026-11-27T22:30")).stdout
    assert "How you've been" in out and "Magnesium glycinate started on" in out
    line = next(line for line in out.splitlines() if "Magnesium glycinate started on" in line)
    assert "sleep 6h26m → 7h02m (+36m)" in line


@pytest.mark.timing
def test_leaving_the_questionnaire_records_nothing(home: Path) -> None:
    """Ctrl-D at the third question: exit 130, a sentence saying where, and no journal."""
    code, screen = in_terminal(["checkin", "gad7"], "1\n2\n\x04", {"MEDLOG_HOME": str(home)})
    assert code == 130, screen
    assert "Stopped at question 3 of 7; nothing was recorded." in screen
    assert not (home / "journal.jsonl").exists()


def test_a_bad_at_is_refused_before_any_question(medlog: Medlog) -> None:
    """checkin phq9 --at tonight is exit 2 before the first question is asked (an outside
    attacker's finding)."""
    result = medlog("checkin", "phq9", "--at", "tonight")
    assert result.exit_code == 2 and "does not say exactly when" in result.stderr


@pytest.mark.parametrize(
    ("effects", "words"),
    [
        (["a; b:mild"], "give each side effect its own"),
        (["a, b"], "give each side effect its own"),
        ([f"effect {n}" for n in range(21)], "the limit is 20"),
    ],
)
def test_side_effects_stay_separable_and_few(
    medlog: Medlog, home: Path, effects: list[str], words: str
) -> None:
    """A side effect holding ';' or ',' or more than 20 of them is exit 2, and the store is
    unchanged (an outside attacker's finding)."""
    before = snapshot(home)
    args = [part for effect in effects for part in ("--side-effect", effect)]
    result = medlog("checkin", *args)
    assert result.exit_code == 2 and words in result.stderr
    assert snapshot(home) == before


def test_a_questionnaire_keeps_a_note_and_refuses_side_effects(
    medlog: Medlog, home: Path, journal_lines: Journal
) -> None:
    """A GAD-7 with --side-effect is exit 2 (side effects go in a check-in of their own); its
    --note is kept (an outside attacker's finding)."""
    before = snapshot(home)
    refused = medlog("checkin", "gad7", "--answers", "0000000", "--side-effect", "nausea")
    assert refused.exit_code == 2 and "side effects in a check-in of their own" in refused.stderr
    assert snapshot(home) == before
    ok(medlog("checkin", "gad7", "--answers", "0000000", "--note", "after a long week"))
    line = journal_lines()[-1]
    assert line["note"] == "after a long week"


def test_the_crisis_message_shows_even_when_the_phq9_cannot_be_saved(
    medlog: Medlog, home: Path
) -> None:
    """Item 9 above 0 says where to turn, on stdout, whatever happens to the write: here, a
    broken store (an outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    config = home / "medlog.toml"
    config.write_text(config.read_text() + "garbage [[[\n")
    before = snapshot(home)
    result = medlog("checkin", "phq9", "--answers", "000000003")
    assert result.exit_code == 3
    assert "988" in result.stdout and "988" not in result.stderr
    assert snapshot(home) == before


@pytest.mark.parametrize(
    "args",
    [
        ["checkin", "--mood", "5"],
        ["ask", "hi"],
        ["checkin", "phq9", "--answers", "000000000"],
    ],
)
def test_checkins_refuse_a_store_take_refuses(medlog: Medlog, home: Path, args: list[str]) -> None:
    """A medlog.toml from a newer medlog stops a check-in as it stops take (an outside
    attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    config = home / "medlog.toml"
    config.write_text(config.read_text().replace(f"schema = {SCHEMA}", "schema = 99"))
    before = snapshot(home)
    assert medlog(*args).exit_code == 3
    assert snapshot(home) == before


def test_a_report_of_only_check_ins_shows_them(medlog: Medlog) -> None:
    """No items, no ratings: the table still shows scores and side effects (an outside
    attacker's finding)."""
    ok(medlog("checkin", "phq9", "--answers", "2,2,2,2,2,2,2,2,0", "--at", "2026-11-20 10:00"))
    ok(medlog("checkin", "--side-effect", "headache:moderate", "--at", "2026-11-22 10:00"))
    table = ok(medlog("report")).stdout
    assert "No items were in your regimen" in table
    assert "PHQ-9 2026-11-20: 16 of 27 (moderately severe)" in table
    shown = " ".join(table.split())  # the terminal wraps it
    assert "headache since 11-22, at worst moderate, last recorded 11-22; 1 day recorded" in shown


def test_too_few_entries_are_counted_per_measure(medlog: Medlog) -> None:
    """Each short measure shows its own before and after counts (an outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-10", now="2026-11-01T09:00"))
    for day in range(1, 10):
        ok(medlog("checkin", "--mood", "4", now=f"2026-11-{day:02d}T21:00"))
    for day in range(10, 13):
        ok(medlog("checkin", "--mood", "8", "--sleep", "7", now=f"2026-11-{day:02d}T21:00"))
    table = " ".join(ok(medlog("report", now="2026-11-27T21:00")).stdout.split())
    assert "mood (9 before, 3 after), sleep (0 before, 3 after)" in table


def test_history_json_keeps_lists_as_lists(medlog: Medlog) -> None:
    """history JSON keeps side effects and answers as lists; CSV joins them in one quoted cell
    (an outside attacker's finding)."""
    ok(medlog("checkin", "--side-effect", "ＤＲＹ mouth", "--side-effect", "nausea:none",
              now="2026-11-27T09:00"))  # fmt: skip
    ok(medlog("checkin", "gad7", "--answers", "0,1,2,3,0,1,2", now="2026-11-27T09:05"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert events[0]["side_effects"] == [
        {"name": "dry mouth", "severity": "mild"},
        {"name": "nausea", "severity": "none"},
    ]
    assert events[1]["answers"] == [0, 1, 2, 3, 0, 1, 2]
    csv_text = ok(medlog("history", "--format", "csv")).stdout
    assert "dry mouth:mild; nausea:none" in csv_text and '"0,1,2,3,0,1,2"' in csv_text


def test_side_effects_are_dated_episodes_in_every_format(medlog: Medlog) -> None:
    """Each side effect says when it began, was worst and faded: gone at a check-in that
    records it as none, or not mentioned for a week; "trouble sleeping" and "insomnia" stay
    apart, as medlog guesses no synonyms (issue 24)."""
    for when, effect in (
        ("2026-11-01 21:00", "nausea:mild"),
        ("2026-11-02 21:00", "nausea:moderate"),
        ("2026-11-05 21:00", "nausea:mild"),
        ("2026-11-06 21:00", "nausea:none"),
        ("2026-11-08 21:00", "insomnia:mild"),
        ("2026-11-20 21:00", "trouble sleeping:mild"),
        ("2026-11-24 21:00", "trouble sleeping:moderate"),
    ):
        ok(medlog("checkin", "--side-effect", effect, "--at", when))
    lines = [
        "nausea 11-01 → 11-05, at worst moderate (from 11-02), gone 11-06; 3 days recorded",
        "insomnia 11-08, at worst mild; not mentioned since; 1 day recorded",
        "trouble sleeping since 11-20, at worst moderate (from 11-24), last recorded 11-24; "
        "2 days recorded",
    ]
    for fmt in ("table", "md", "html"):
        shown = " ".join(ok(medlog("report", "--format", fmt)).stdout.split())
        for line in lines:
            assert line in shown, (fmt, line)
    document = json.loads(ok(medlog("report", "--format", "json")).stdout)
    assert document["checkins"]["side_effect_episodes"][0] == {
        "name": "nausea", "first": "2026-11-01", "last": "2026-11-05", "worst": "moderate",
        "worst_first": "2026-11-02", "days": 3, "gone": "2026-11-06",
    }  # fmt: skip
