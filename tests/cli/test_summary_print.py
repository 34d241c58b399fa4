"""The clinician summary as printed: readable in black and white, the visit on page one, on
Letter and A4 from a real Chromium (issue 24)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from medlog.export.day_marks import mark_shape
from tests.conftest import Run, ok, program

Medlog = Callable[..., Run]


@pytest.fixture
def month(medlog: Medlog) -> None:
    """The demo's month in the test store (MEDLOG_HOME)."""
    ok(medlog("--home", os.environ["MEDLOG_HOME"], "demo"))


def _day_marks(html: str) -> dict[str, set[str]]:
    """Each day's words in the strips (from its title) -> the shapes drawn for them."""
    found: dict[str, set[str]] = {}
    for title, shape in re.findall(r"<g [^>]*><title>[^<]*: ([a-z ]+)[^<]*</title>(.*?)</g>", html):
        found.setdefault(title, set()).add(shape)
    return found


def test_strips_draw_each_kind_of_day_with_its_own_shape(medlog: Medlog, month: None) -> None:
    """Missed, all taken, outside the range and the rest are drawn as different shapes, not
    one square in different colours (which a laser printer makes the same grey)."""
    html = ok(medlog("report", "--format", "html")).stdout
    marks = _day_marks(html)
    assert {"all taken", "missed", "outside the documented range"} <= set(marks)
    assert marks["all taken"] == {mark_shape("full")}
    assert marks["missed"] == {mark_shape("missed")}
    assert marks["outside the documented range"] == {mark_shape("out_of_range")}
    assert 'class="legend"' in html and mark_shape("missed") in html.split('class="legend"')[1]


def test_dose_bars_say_their_value_and_above_is_marked(medlog: Medlog, month: None) -> None:
    """A day's total is written over its bar, and a day above the range carries a triangle as
    well as a colour."""
    html = ok(medlog("report", "--format", "html")).stdout
    assert re.search(r'<text class="value"[^>]*>400</text>', html)
    above = re.search(r"\(above\)</title></rect><path d=\"M[^\"]+Z\"", html)
    assert above, "a day above the range has its triangle"


def _page_one(html: str) -> str:
    """The first page's block of the summary."""
    start = html.index('<div class="page-one">')
    return html[start : html.index("\n</div>", start)]


def test_page_one_holds_the_visit_and_the_tables_follow(medlog: Medlog, month: None) -> None:
    """The first page answers "is it helping?": questions, each item's regimen and changes,
    adherence a line per item with its missed doses, PHQ-9 and GAD-7 charted over their
    bands, the check-ins charted, side effects, labs, and the allergies with where the
    medication card is; PDC, limits and sources come after."""
    html = ok(medlog("report", "--format", "html")).stdout
    page = _page_one(html)
    order = [
        "Questions for this visit",
        "Regimen and changes",
        "Lexapro 20 mg daily 08:00 since 2026-11-12 (day 16); changes: 10 mg → 20 mg on 11-12",
        "Adherence",
        "Magnesium glycinate: 75.0% (below 80%) of doses taken, 15 of 20 days covered; missed",
        "Outside ranges and limits",
        "Ibuprofen: 2 dose(s) sooner than the minimum interval",
        "PHQ-9 (0-27, higher is worse)",
        "moderately severe",
        "Sleep (hours)",
        "Side effects",
        "Latest lab results",
        "Allergies",
        "No allergies recorded.",
        "The current medication list to carry, on one page: medlog card -o card.html",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert page.count("<li>") >= 10
    rest = html[html.index(page) + len(page) :]
    for later in ("Proportion of days covered", "Notes and sources", "Day by day"):
        assert later not in page and later in rest
    assert ".page-one { break-after: page; }" in html


def _printed(html: str, paper: str, tmp_path: Path) -> Path:
    """The summary printed to PDF by headless Chromium on ``paper``, as a person would."""
    chromium = program("chromium")
    page = tmp_path / f"summary-{paper}.html"
    page.write_text(html.replace("@page {", f"@page {{ size: {paper};", 1), encoding="utf-8")
    pdf = tmp_path / f"summary-{paper}.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return pdf


def _pdf_pages(pdf: Path) -> list[str]:
    """Each page's text from poppler's pdftotext (which ends each page with a form feed), in
    one line."""
    found = subprocess.run(
        [program("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return [" ".join(page.split()) for page in found.stdout.split("\f")]


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_printed_first_page_answers_is_it_helping(
    medlog: Medlog, month: None, tmp_path: Path, paper: str
) -> None:
    """Printed by Chromium on Letter and A4, page 1 holds the questions, every item's regimen,
    the adherence lines, the PHQ-9 and GAD-7 charts, the check-ins, side effects and labs;
    PDC and the sources are on later pages, and the demo month takes at most 3 pages (it took
    6 or 7 before the repetition went, issue 24)."""
    html = ok(medlog("report", "--format", "html")).stdout
    pdf = _printed(html, paper, tmp_path)
    info = subprocess.run(
        [program("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert ("letter" if paper == "Letter" else "A4") in info
    count = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1])  # type: ignore[index]
    assert count <= 3, f"{count} pages on {paper}"
    pages = _pdf_pages(pdf)
    assert len([page for page in pages if page]) == count
    first = pages[0]
    for fact in (
        "Questions for this visit",
        "Can I take magnesium at night with Lexapro?",
        "Lexapro 20 mg daily 08:00 since 2026-11-12",
        "10 mg → 20 mg on 11-12",
        "Magnesium glycinate 200 mg daily 21:00",
        "Multivitamin 1 tablet daily 08:00",
        "Warfarin 5 mg mon-fri, 2.5 mg sat,sun",
        "Ibuprofen 200 mg as needed",
        "Magnesium glycinate: 75.0% (below 80%) of doses taken",
        "Outside ranges and limits",
        "PHQ-9 (0-27, higher is worse)",
        "GAD-7 (0-21, higher is worse)",
        "moderately severe",
        "Sleep (hours)",
        "Side effects",
        "nausea",
        "Latest lab results",
        "No allergies recorded.",
        "medlog card -o card.html",
    ):
        assert fact in first, f"{fact!r} is not on page 1 ({paper})"
    assert "Proportion of days covered" not in first
    with_pdc = [page for page in pages if "Proportion of days covered" in page]
    assert with_pdc, "PDC follows on a later page"
    assert "PDC, the proportion of days covered, counts the days" in with_pdc[0], "caption kept"


def _chart(html: str, title: str) -> str:
    """One chart's block of the summary, by its heading."""
    start = html.index(f"<h3>{title}</h3>")
    return html[start : html.index("</svg>", start)]


def test_charts_have_ticks_and_labelled_change_lines(medlog: Medlog, month: None) -> None:
    """Ratings have 0, 5 and 10 written on their axis, sleep sits on an hours axis fitted to
    the hours recorded, the scores on their bands, and each change of regimen is a numbered
    dashed line keyed in words under the charts (issue 24)."""
    html = ok(medlog("report", "--format", "html")).stdout
    mood = _chart(html, "Mood (0-10, 10 best)")
    for tick in ("0", "5", "10"):
        assert f'text-anchor="end">{tick}</text>' in mood
    sleep = _chart(html, "Sleep (hours)")
    hours = re.findall(r'text-anchor="end">(\d+)h</text>', sleep)
    assert hours and int(hours[0]) > 0 and int(hours[-1]) <= 12
    phq9 = _chart(html, "PHQ-9 (0-27, higher is worse)")
    assert ">moderately severe</text>" in phq9 and 'text-anchor="end">20</text>' in phq9
    assert re.search(r'<text class="value"[^>]*>\d+</text>', phq9)
    assert '<text class="change" ' in mood and ">1</text>" in mood
    assert "Dashed lines: 1 2026-11-" in html and ": Lexapro 10 mg → 20 mg" in html
    assert re.search(r'y="\d+(\.\d)?" text-anchor="middle">Nov \d+</text>', mood)


def test_changes_on_one_day_share_one_line_and_label(medlog: Medlog, month: None) -> None:
    """Magnesium changed on the day Lexapro did: one dashed line with "2,3" over it, not two
    numbers printed on top of each other."""
    ok(medlog("edit", "magnesium glycinate", "--dose", "300mg", "--from", "2026-11-12"))
    mood = _chart(ok(medlog("report", "--format", "html")).stdout, "Mood (0-10, 10 best)")
    labels = re.findall(r'<text class="change" [^>]*>([\d,]+)</text>', mood)
    assert labels == ["1", "2,3"]
    assert mood.count("stroke-dasharray") == 2


@pytest.mark.parametrize("chosen", ["table", "md", "html"])
def test_brief_prints_the_first_page_only(
    medlog: Medlog, month: None, home: Path, chosen: str
) -> None:
    """report --brief prints the visit at a glance in every format with a first page:
    questions, each item's regimen and changes, adherence with the missed doses, the scores'
    trend, side effects and labs; none of the tables that follow (issue 24)."""
    full = ok(medlog("report", "--format", chosen)).stdout
    brief = ok(medlog("report", "--format", chosen, "--brief")).stdout
    for fact in (
        "Can I take magnesium at night with Lexapro?",
        "Lexapro 20 mg daily 08:00 since 2026-11-12",
        "10 mg → 20 mg on 11-12",
        "Magnesium glycinate: 75.0% (below 80%) of doses taken, 15 of 20 days covered; missed",
        "PHQ-9",
        "nausea 10-29 → 11-02",
        "25-OH vitamin D 24 ng/mL on 10-31",
    ):
        assert fact in brief and fact in full, fact
    for later in ("Proportion of days covered", "Substances across items", "Notes from the labels"):
        assert later in full and later not in brief, later
    assert len(brief) < len(full) / 2


def test_brief_is_refused_for_machine_formats(medlog: Medlog, month: None, home: Path) -> None:
    """--brief with json or csv (which carry every figure) is exit 2 saying which formats
    have a first page, and writes nothing."""
    from tests.conftest import snapshot

    before = snapshot(home)
    for chosen in ("json", "csv"):
        refused = medlog("report", "--format", chosen, "--brief")
        assert refused.exit_code == 2 and refused.stdout == ""
        assert "--brief is for the formats with a first page" in refused.stderr
    assert snapshot(home) == before


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_brief_prints_on_one_page(medlog: Medlog, month: None, tmp_path: Path, paper: str) -> None:
    """report --brief --format html prints as one page, the footer on it too (the first
    page's break would leave it alone on a second)."""
    html = ok(medlog("report", "--format", "html", "--brief")).stdout
    pdf = _printed(html, paper, tmp_path)
    pages = [page for page in _pdf_pages(pdf) if page]
    assert len(pages) == 1
    assert "Questions for this visit" in pages[0] and "not medical advice" in pages[0]
