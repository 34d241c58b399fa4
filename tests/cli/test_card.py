"""A current medication list to carry (issue 24): medlog allergy add|list|remove, kept in
medlog.toml, exported, imported, merged and written to FHIR as AllergyIntolerance; and
medlog card on the terminal, as Markdown and as one printed page."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cli.test_summary_print import _pdf_pages, _printed
from tests.conftest import Run, ok, program, snapshot

Medlog = Callable[..., Run]


@pytest.fixture
def regimen(medlog: Medlog) -> None:
    """Lexapro 10 mg from 11-01, 20 mg from 11-16; zinc with a range of the person's own;
    ibuprofen stopped on 11-20 for a reason; iron stopped in August (over 90 days ago)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-01"))  # fmt: skip
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-16"))
    ok(medlog("add", "zinc", "--dose", "10mg", "--range", "5-20mg/day", "--start", "2026-10-01"))
    ok(medlog("add", "ibuprofen", "--start", "2026-11-01"))
    ok(medlog("stop", "ibuprofen", "--on", "2026-11-20", "--reason", "stomach upset"))
    ok(medlog("add", "iron", "--dose", "18mg", "--start", "2026-06-01"))
    ok(medlog("stop", "iron", "--on", "2026-08-20", "--reason", "ferritin normal"))


def test_allergies_are_kept_in_medlog_toml(medlog: Medlog, home: Path) -> None:
    """add records (with the day), again with a new reaction replaces it, list shows them in
    the order recorded, remove forgets one; all in medlog.toml's [allergies] table."""
    assert ok(medlog("allergy", "add", "penicillin", "--reaction", "hives")).stdout == (
        "Recorded: penicillin (reaction: hives).\n"
    )
    ok(medlog("allergy", "add", "Sulfa", "drugs"))
    before = snapshot(home)
    again = ok(medlog("allergy", "add", "Penicillin"))
    assert again.stdout.startswith("Already recorded: penicillin") and snapshot(home) == before
    changed = ok(medlog("allergy", "add", "penicillin", "--reaction", "rash"))
    assert changed.stdout == "Recorded: penicillin (reaction: rash) (was: hives).\n"
    assert ok(medlog("allergy", "list")).stdout == (
        "penicillin (reaction: rash), recorded 2026-11-27\nSulfa drugs, recorded 2026-11-27\n"
    )
    stored = tomllib.loads((home / "medlog.toml").read_text())["allergies"]
    assert stored == {
        "penicillin": {"name": "penicillin", "reaction": "rash", "recorded": _day("2026-11-27")},
        "sulfa-drugs": {"name": "Sulfa drugs", "recorded": _day("2026-11-27")},
    }
    assert ok(medlog("allergy", "remove", "sulfa", "drugs")).stdout == (
        "Removed the allergy: Sulfa drugs.\n"
    )
    listed = json.loads(ok(medlog("allergy", "list", "--format", "json")).stdout)
    assert listed == {
        "schema": "medlog.allergies/1",
        "allergies": [
            {"allergy": "penicillin", "name": "penicillin", "reaction": "rash",
             "recorded": "2026-11-27"},
        ],
    }  # fmt: skip
    ok(medlog("check"))


def _day(text: str) -> object:
    from datetime import date

    return date.fromisoformat(text)


def test_no_allergies_is_said_plainly(medlog: Medlog, home: Path) -> None:
    """An empty list says so, and reading it creates no store."""
    assert ok(medlog("allergy", "list")).stdout.startswith("No allergies recorded")
    assert not home.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", ""], "empty"),
        (["add", "   "], "empty"),
        (["add", "x" * 500], "characters long"),
        (["add", "pen\x1b[31micillin"], "control, invisible or invalid"),
        (["add", "pen\u202eicillin"], "control, invisible or invalid"),
        (["add", "line\nbreak"], "control, invisible or invalid"),
        (["add", "!!!"], "cannot be an allergy's name"),
        (["add", "penicillin", "--reaction", ""], "The reaction is empty"),
        (["add", "penicillin", "--reaction", "r" * 2001], "The reaction is"),
        (["add", "penicillin", "--reaction", "hives\x07"], "control"),
        (["remove", "aspirin"], "No allergy to 'aspirin' is recorded (recorded: latex)"),
        (["remove", "\x1b]0;x\x07"], "control"),
        (["remove", ""], "empty"),
    ],
)
def test_bad_allergy_input_is_exit_2_and_changes_nothing(
    medlog: Medlog, home: Path, args: list[str], says: str
) -> None:
    """Empty, huge, escape-laden or unknown names and reactions: exit 2, one sentence, the
    store byte for byte as it was."""
    ok(medlog("allergy", "add", "latex"))
    before = snapshot(home)
    result = medlog("allergy", *args)
    assert result.exit_code == 2, result.stdout
    assert says in result.stderr and "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert snapshot(home) == before


def test_bad_input_on_an_empty_store_creates_nothing(medlog: Medlog, home: Path) -> None:
    """Removing from a store that does not exist yet is refused without making it."""
    assert medlog("allergy", "remove", "latex").exit_code == 2
    assert medlog("allergy", "add", "\x00").exit_code == 2
    assert not home.exists()


@given(name=st.text(max_size=60), reaction=st.none() | st.text(max_size=30))
def test_any_allergy_text_is_stored_and_read_back_or_refused(
    name: str, reaction: str | None
) -> None:
    """The one rule (allergies.allergy) either refuses text as bad input or gives an allergy
    that medlog.toml writes and the loader reads back the same."""
    from datetime import date

    import tomli_w

    from medlog.allergies import allergy
    from medlog.errors import BadInput
    from medlog.model import Regimen
    from medlog.names import valid_key
    from medlog.regimen_toml import document_from_regimen, regimen_from_text

    try:
        made = allergy(name, reaction, date(2026, 11, 27))
    except BadInput as refused:
        assert refused.message
        return
    assert valid_key(made.key) and made.name == made.name.strip() and made.name
    text = tomli_w.dumps(document_from_regimen(Regimen(allergies=(made,)))).encode()
    assert regimen_from_text(text, Path("medlog.toml")).allergies == (made,)


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('[allergies.latex]\nname = "Penicillin"\n', "allergies.latex: the key of 'Penicillin'"),
        (
            '[allergies.latex]\nname = "la\\u001btex"\n',
            "allergies.latex.name: the text contains a control",
        ),
        ('[allergies.latex]\nname = "latex"\ncolour = "red"\n', "allergies.latex.colour"),
        ('[allergies.latex]\nname = "latex"\nrecorded = "soon"\n', "allergies.latex.recorded"),
        ("allergies = 3\n", "allergies: expected a table"),
    ],
)
def test_a_hand_broken_allergy_is_a_store_problem(
    medlog: Medlog, home: Path, table: str, says: str
) -> None:
    """medlog.toml's allergies pass the rule the command line applies: a fault is exit 3
    naming the file and key, and medlog changes nothing."""
    ok(medlog("allergy", "add", "latex"))
    config = home / "medlog.toml"
    text = config.read_text()
    config.write_text(text[: text.index("[allergies.latex]")] + table)
    before = snapshot(home)
    result = medlog("allergy", "list")
    assert result.exit_code == 3 and says in result.stderr, result.stderr
    assert snapshot(home) == before


def test_allergies_travel_in_export_import_and_fhir(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """An export holds the allergies; importing it into another store brings them, a bad one
    in the file is refused (exit 2, nothing imported); FHIR has an AllergyIntolerance each,
    valid by fhir.resources."""
    ok(medlog("allergy", "add", "penicillin", "--reaction", "hives"))
    ok(medlog("allergy", "add", "latex"))
    path = tmp_path / "all.json"
    ok(medlog("export", "-o", str(path)))
    exported = json.loads(path.read_text())
    assert exported["allergies"]["penicillin"] == {
        "name": "penicillin", "reaction": "hives", "recorded": "2026-11-27"
    }  # fmt: skip
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "allergy", "add", "peanuts"))
    imported = ok(medlog("--home", str(other), "import", str(path))).stdout
    assert "allergies added: penicillin, latex;" in imported
    listed = ok(medlog("--home", str(other), "allergy", "list")).stdout
    assert [line.split(",")[0] for line in listed.splitlines()] == [
        "peanuts", "penicillin (reaction: hives)", "latex"
    ]  # fmt: skip
    exported["allergies"]["latex"]["name"] = "lat\u200bex"
    path.write_text(json.dumps(exported))
    before = snapshot(other)
    refused = medlog("--home", str(other), "import", str(path))
    assert refused.exit_code == 2 and "allergies.latex" in refused.stderr
    assert snapshot(other) == before

    from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
    from fhir.resources.R4B.bundle import Bundle

    bundle = json.loads(ok(medlog("export", "--format", "fhir")).stdout)
    Bundle.model_validate(bundle)
    found = [entry["resource"] for entry in bundle["entry"]
             if entry["resource"]["resourceType"] == "AllergyIntolerance"]  # fmt: skip
    for resource in found:
        AllergyIntolerance.model_validate(resource)
    assert [resource["code"]["text"] for resource in found] == ["penicillin", "latex"]
    assert found[0]["reaction"] == [{"manifestation": [{"text": "hives"}]}]
    assert found[0]["recordedDate"] == "2026-11-27" and "reaction" not in found[1]
    assert found[0]["clinicalStatus"]["coding"][0]["code"] == "active"


def test_one_allergy_recorded_differently_is_a_collision(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """Imported from another device, an allergy with another reaction is refused until the
    person keeps a side (--keep allergies=theirs)."""
    ok(medlog("allergy", "add", "penicillin", "--reaction", "hives"))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "allergy", "add", "penicillin", "--reaction", "rash"))
    path = tmp_path / "other.json"
    ok(medlog("--home", str(other), "export", "-o", str(path)))
    before = snapshot(home)
    refused = medlog("import", str(path))
    assert refused.exit_code == 2 and "allergies: penicillin recorded differently" in (
        refused.stderr
    )
    assert snapshot(home) == before
    ok(medlog("import", str(path), "--keep", "allergies=theirs"))
    assert ok(medlog("allergy", "list")).stdout.startswith("penicillin (reaction: rash)")


def test_the_card_on_a_terminal(medlog: Medlog, regimen: None) -> None:
    """Current items with dose, schedule and since when; the ranges the person set with
    their source (not the label's); allergies said plainly when none; items stopped in the
    last 90 days with the reason (iron, stopped in August, is not)."""
    shown = ok(medlog("card")).stdout
    assert shown == (
        "Medication card, 2026-11-27\n"
        "\n"
        "Taking now\n"
        "  Lexapro (escitalopram): 20 mg, daily 08:00, since 2026-11-16 (started 2026-11-01)\n"
        "  Zinc: 10 mg, daily, since 2026-10-01\n"
        "\n"
        "Ranges you set\n"
        "  Zinc: 5–20 mg/day (source: set by you)\n"
        "\n"
        "Allergies\n"
        "  No allergies recorded.\n"
        "\n"
        "Stopped in the last 90 days\n"
        "  Ibuprofen: 200 mg as needed max 6/day min interval 4h; last day 2026-11-19; why: "
        "stomach upset\n"
        "\n"
        "Made by medlog from what the person recorded; check it with them.\n"
    )
    ok(medlog("allergy", "add", "penicillin", "--reaction", "hives"))
    assert "Allergies\n  penicillin (reaction: hives)\n" in ok(medlog("card")).stdout


def test_the_card_on_the_90th_day_and_after(medlog: Medlog, regimen: None) -> None:
    """Ibuprofen's last day was 11-19: shown through 90 days later (02-17), gone the day
    after; a held item is on the card with its hold."""
    ok(medlog("hold", "zinc", "--from", "2026-11-27", "--until", "2026-11-30", "--reason",
              "surgery"))  # fmt: skip
    assert "Zinc: 10 mg, daily, since 2026-10-01; on hold through 2026-11-30 (surgery)" in (
        ok(medlog("card")).stdout
    )
    assert "Ibuprofen" in ok(medlog("card", now="2027-02-17T09:00")).stdout
    assert "Stopped" not in ok(medlog("card", now="2027-02-18T09:00")).stdout


def test_an_empty_card(medlog: Medlog, home: Path) -> None:
    """With nothing recorded the card says so, section by section, and creates no store."""
    shown = ok(medlog("card")).stdout
    assert "Nothing is taken now." in shown and "No allergies recorded." in shown
    assert "Ranges you set" not in shown and "Stopped" not in shown
    assert not home.exists()


def test_the_card_as_markdown_and_html(
    medlog: Medlog, home: Path, regimen: None, tmp_path: Path
) -> None:
    """-o card.md and -o card.html write the same sections, every string escaped; a store
    file or an unknown extension is refused (exit 2)."""
    ok(medlog("allergy", "add", "latex", "--reaction", "<script>alert(1)</script> | *x*"))
    ok(medlog("card", "-o", str(tmp_path / "card.md")))
    markdown = (tmp_path / "card.md").read_text()
    assert "## Taking now" in markdown
    assert "| Lexapro (escitalopram) | 20 mg | daily 08:00 |" in markdown
    assert "| Zinc | 5–20 mg/day | set by you |" in markdown
    assert "- latex (reaction: &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*)" in markdown
    assert "| Ibuprofen |" in markdown and "stomach upset |" in markdown
    ok(medlog("card", "-o", str(tmp_path / "card.html")))
    page = (tmp_path / "card.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    sections = ["Taking now", "Ranges you set", "Allergies", "Stopped in the last 90 days"]
    positions = [page.index(f"<h2>{title}</h2>") for title in sections]
    assert positions == sorted(positions)
    assert "overflow-wrap: break-word" in page  # a long unbroken word wraps on the page
    assert (tmp_path / "card.html").stat().st_mode & 0o777 == 0o600
    before = snapshot(home)
    assert medlog("card", "-o", str(home / "medlog.toml")).exit_code == 2
    assert medlog("card", "-o", str(tmp_path / "card.pdf")).exit_code == 2
    assert snapshot(home) == before


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_the_card_prints_on_one_page(
    medlog: Medlog, regimen: None, tmp_path: Path, paper: str
) -> None:
    """Printed by Chromium, the HTML card is one page holding every section."""
    for name in ("penicillin", "latex", "sulfa drugs", "peanuts"):
        ok(medlog("allergy", "add", name, "--reaction", "hives and swelling of the lips"))
    ok(medlog("card", "-o", str(tmp_path / "card.html")))
    pdf = _printed((tmp_path / "card.html").read_text(), paper, tmp_path)
    pages = [page for page in _pdf_pages(pdf) if page]
    info = subprocess.run(
        [program("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
    assert len(pages) == 1
    for words in ("Taking now", "Lexapro", "Ranges you set", "Allergies", "sulfa drugs",
                  "Stopped in the last 90 days", "stomach upset"):  # fmt: skip
        assert words in pages[0]


@pytest.mark.parametrize(
    "name", ["~~~ penicillin", "2) sulfa drugs", "1. latex", "+ peanuts", "=== eggs", "> soy"]
)
def test_an_allergy_reads_as_written_once_markdown_is_rendered(medlog: Medlog, name: str) -> None:
    """An allergy whose name starts like Markdown's blocks (a code fence, a numbered or bullet
    list, a heading's underline) is still its own list item, word for word, on the rendered
    card and report; a fence made it an empty code block, the allergy gone from the page."""
    import html

    from markdown_it import MarkdownIt

    ok(medlog("add", "zinc", "--dose", "10mg"))
    ok(medlog("allergy", "add", name, "--reaction", "hives ~~here~~"))
    render = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
    expected = f"<li>{html.escape(name, quote=False)} (reaction: hives ~~here~~)</li>"
    assert expected in render(ok(medlog("card", "--format", "md")).stdout)
    assert expected in render(ok(medlog("report", "--brief", "--format", "md")).stdout)
