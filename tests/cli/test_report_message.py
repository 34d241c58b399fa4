"""report --format message: the visit in about twenty lines of plain prose for a patient
portal, which shows it in a proportional font (issue 24)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]


@pytest.fixture
def month(medlog: Medlog) -> None:
    """The demo's month in the test store (MEDLOG_HOME), at 09:15 on its last day."""
    ok(medlog("--home", os.environ["MEDLOG_HOME"], "demo"))


def test_the_message_says_the_visit_in_plain_lines(medlog: Medlog, month: None) -> None:
    """Questions, each item's changes, adherence with the missed doses named, the PHQ-9 and
    GAD-7 trend, side effects and labs, in at most 38 lines (blank ones included) that need
    no fixed-width font: no table, no column of spaces, no markup."""
    message = ok(medlog("report", "--format", "message")).stdout
    lines = message.splitlines()
    assert len(lines) <= 38 and len([line for line in lines if line]) <= 30
    for fact in (
        "Medication summary, 2026-10-29 to 2026-11-27 (30 days).",
        "- 2026-11-26: Can I take magnesium at night with Lexapro?",
        "Lexapro 20 mg daily 08:00 since 2026-11-12 (day 16); changes: 10 mg → 20 mg on 11-12",
        "- Lexapro: 90.0% of doses taken, 27 of 30 days covered; missed 11-03 08:00, 11-21 "
        "08:00; skipped 11-09 08:00",
        "Magnesium glycinate: 75.0% (below 80%) of doses taken, 15 of 20 days covered; "
        "missed 11-10 21:00, 11-14 21:00",
        "PHQ-9 (0-27): 11 moderate on 10-29 → 6 mild on 11-25",
        "GAD-7 (0-21): 9 mild on 10-29 → 5 mild on 11-25",
        "- nausea 10-29 → 11-02, at worst mild, gone 11-03",
        "- 25-OH vitamin D 24 ng/mL on 10-31",
        "not medical advice",
    ):
        assert fact in message, fact
    assert message.index("My questions") < message.index("Medicines now")
    limits = message.index("Outside ranges and limits:")
    assert message.index("Doses taken") < limits < message.index("PHQ-9")
    assert message.index("Doses taken") < message.index("PHQ-9") < message.index("Side effects")
    for line in lines:
        assert "  " not in line and "|" not in line and not line.startswith(" "), line
        assert not re.search(r"[*_`#\\]", line), line


def test_allergies_recorded_are_on_page_one_and_in_the_message(medlog: Medlog, month: None) -> None:
    """Page one (terminal, Markdown, HTML) ends with the allergies and where the medication
    card is; the message names allergies recorded and is silent when there are none."""
    assert "Allergies" not in ok(medlog("report", "--format", "message")).stdout
    ok(medlog("allergy", "add", "Penicillin", "--reaction", "hives"))
    ok(medlog("allergy", "add", "Sulfa <b>drugs</b>"))
    message = ok(medlog("report", "--format", "message")).stdout
    assert "Allergies: Penicillin (reaction: hives); Sulfa <b>drugs</b>." in message
    assert message.index("Latest lab results") < message.index("Allergies:")
    brief = ok(medlog("report", "--brief", "--format", "md")).stdout
    assert brief.index("## Allergies") > brief.index("## Latest lab results")
    assert "- Penicillin (reaction: hives)" in brief and "No allergies recorded" not in brief
    assert "medlog card -o card.html" in brief
    html = ok(medlog("report", "--format", "html")).stdout
    allergy = html.index("Penicillin (reaction: hives); Sulfa &lt;b&gt;drugs&lt;/b&gt;")
    assert html.index('<div class="page-one">') < allergy < html.index("Proportion of days")
    terminal = ok(medlog("report", "--brief")).stdout
    assert "Penicillin (reaction: hives)" in terminal


def test_not_yet_due_is_a_footnote_of_the_message(medlog: Medlog, month: None) -> None:
    """At 09:15 the evening doses are not yet due: the items say [1], and the footnote says
    which, once, near the end (issue 24: a count stale by the time the message is read)."""
    message = ok(medlog("report", "--format", "message")).stdout
    assert re.search(r"^- Warfarin: .* \[1\]$", message, re.MULTILINE)
    assert re.search(r"^- Lexapro: .*\d$", message, re.MULTILINE)  # nothing pending
    footnote = "[1] Not yet due, so neither counted nor missed: Magnesium glycinate 1, Warfarin 1"
    assert message.count(footnote) == 1
    assert message.index(footnote) > message.index("Latest lab results")
    evening = ok(medlog("report", "--format", "message", now="2026-11-27T23:30")).stdout
    assert "[1]" not in evening and "Not yet due" not in evening


def test_title_applies_and_txt_stays_the_table(
    medlog: Medlog, month: None, home: Path, tmp_path: Path
) -> None:
    """--title heads the message; -o FILE.txt still writes the table, and --format message
    writes the message into a .txt file."""
    message = ok(medlog("report", "--format", "message", "--title", "A. Patient")).stdout
    assert message.startswith("A. Patient: medication summary, 2026-10-29 to 2026-11-27")
    table = tmp_path / "month.txt"
    ok(medlog("report", "-o", str(table)))
    assert "Adherence   covered" in table.read_text()  # the table's header, laid in columns
    pasted = tmp_path / "portal.txt"
    ok(medlog("report", "--format", "message", "--title", "A. Patient", "-o", str(pasted)))
    assert pasted.read_text() == message
    assert oct(pasted.stat().st_mode & 0o777) == "0o600"


def test_the_message_escapes_nothing_and_keeps_the_person_s_words(medlog: Medlog) -> None:
    """A question with markup characters reaches the message as typed (it is plain text), and
    a store with only a question says just that."""
    ok(medlog("ask", "Is *this* [dose] | ok?"))
    message = ok(medlog("report", "--format", "message")).stdout
    assert "- 2026-11-27: Is *this* [dose] | ok?" in message
    assert "Doses taken" not in message


def test_markdown_footnotes_read_well_unrendered(medlog: Medlog, month: None) -> None:
    """Markdown's sources are footnotes ([^1] in the text, defined once each at the end), not
    the escaped \\[1\\] that showed raw in a portal (issue 24)."""
    md = ok(medlog("report", "--format", "md")).stdout
    assert "\\[" not in md and "10–20 mg/day (US label) [^1] |" in md
    definitions = re.findall(r"^\[\^(\d+)\]: ", md, re.MULTILINE)
    assert definitions == [str(n) for n in range(1, len(definitions) + 1)]
    assert md.count("[^1]: US FDA prescribing information for LEXAPRO") == 1


def test_brief_with_message_is_the_message(medlog: Medlog, month: None, home: Path) -> None:
    """The message is always brief: --brief changes nothing, and writes nothing."""
    before = snapshot(home)
    plain = ok(medlog("report", "--format", "message")).stdout
    assert ok(medlog("report", "--format", "message", "--brief")).stdout == plain
    assert snapshot(home) == before


def test_one_check_in_is_one_entry_not_a_mean(medlog: Medlog) -> None:
    """A measure entered once says so, not "mean 6 over 1 entries"."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    ok(medlog("checkin", "--mood", "6"))
    brief = ok(medlog("report", "--brief")).stdout
    assert "Mood (0-10, 10 best): 6 (one entry)" in brief and "1 entries" not in brief
