"""What is in each dose: IU conversions, ingredients totalled across items against sourced
limits, the rx/upper-limit distinction, interaction notes and spacing; through the command
line, each figure worked by hand in its docstring."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from medlog.actions.report import _sorted, ingredient_figures, report
from medlog.journal import read_all
from medlog.store import Store
from medlog.timeparse import clock_now
from tests.conftest import Clock, Journal, Run, snapshot

Medlog = Callable[..., Run]
MULTIVITAMIN = (
    *("--kind", "supplement", "--unit", "tablet", "--dose", "1 tablet"),
    *("--schedule", "daily 08:00", "--ingredient", "magnesium 100mg", "--ingredient", "zinc 11mg"),
)


def ok(result: Run) -> Run:
    assert result.exit_code == 0, result.stderr
    return result


def test_vitamin_d_iu_is_stored_in_mcg_and_kept_as_given(
    medlog: Medlog, home: Path, journal_lines: Journal
) -> None:
    """1 mcg = 40 IU (NIH ODS): 1000 IU is 25 mcg; "1000 IU" is kept as typed, shown first."""
    ok(medlog("add", "vitamin d", "--dose", "25mcg"))
    taken = ok(medlog("take", "vitamin d", "1000", "IU"))
    assert "Vitamin D 1,000 IU (25 mcg)" in taken.stdout
    line = journal_lines()[-1]
    assert (line["amount"], line["unit"], line["given"]) == ("25", "mcg", "1000 IU")


def test_retinol_iu_converts_and_vitamin_e_iu_is_refused(medlog: Medlog, home: Path) -> None:
    """Retinol: 1 IU = 0.3 mcg RAE, so 3000 IU is 900 mcg. Vitamin E IU has no single factor
    (the UL is 1,100 IU synthetic, 1,500 IU natural): refused, store unchanged."""
    ok(medlog("add", "retinol", "--dose", "3000 IU"))
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"][0]
    assert listed["regimen"][0]["dose"] == 900 and listed["unit"] == "mcg"
    ok(medlog("add", "vitamin e", "--dose", "100mg"))
    before = snapshot(home)
    refused = medlog("take", "vitamin e", "400", "IU")
    assert refused.exit_code == 2 and "converts to mass only where a source" in refused.stderr
    assert snapshot(home) == before


def test_magnesium_totals_across_two_products(medlog: Medlog) -> None:
    """Magnesium glycinate 300 mg (as the label states: elemental) + a multivitamin's 100 mg
    = 400 mg, above the 350 mg/day upper limit for supplemental magnesium (IOM via NIH ODS),
    though 300 mg is within the glycinate's own typical 200-400 mg/day."""
    ok(medlog("add", "magnesium glycinate", "--dose", "300mg", "--schedule", "daily 21:00"))
    ok(medlog("add", "multivitamin", *MULTIVITAMIN))
    ok(medlog("take", "multivitamin", "--at", "08:00"))
    taken = ok(medlog("take", "magnesium glycinate"))
    assert "within 200–400 mg/day (typical)" in taken.stdout
    assert taken.stdout.endswith(
        "But the magnesium from all your items is ABOVE its limit (see the warning).\n"
    )  # the item's own "within" never stands alone beside a total over its limit
    assert taken.stderr == (
        "Warning: Magnesium today: 400 mg from multivitamin 100 mg + Magnesium glycinate 300 mg, "
        "above the adult upper limit (19+) of 350 mg/day for supplemental magnesium (source: "
        "Institute of "
        "Medicine (1997), Dietary Reference Intakes for Calcium, Phosphorus, Magnesium, Vitamin "
        "D, and Fluoride, via the NIH Office of Dietary Supplements magnesium fact sheet).\n"
    )
    today = medlog("today")
    assert "Magnesium today: 400 mg" in today.stderr and today.exit_code == 0


def test_a_compound_amount_counts_its_elemental_share(medlog: Medlog) -> None:
    """400 mg of magnesium glycinate compound x 14.1 % = 56.4 mg; with the multivitamin's
    100 mg, 156.4 mg: under the limit, so no warning. The report totals it so."""
    ok(medlog("add", "magnesium glycinate", "--dose", "400mg", "--amount-is", "compound"))
    ok(medlog("add", "multivitamin", *MULTIVITAMIN))
    ok(medlog("take", "multivitamin", "--at", "08:00"))
    taken = ok(medlog("take", "magnesium glycinate"))
    assert taken.stderr == ""
    report = json.loads(ok(medlog("report", "--format", "json")).stdout)
    magnesium = next(row for row in report["ingredients"] if row["substance"] == "magnesium")
    assert magnesium["max_day_total"] == 156.4 and magnesium["days_above_limit"] == 0
    assert magnesium["limit"]["kind"] == "upper_limit" and magnesium["limit"]["max"] == 350
    assert magnesium["items"] == ["magnesium-glycinate", "multivitamin"]
    item = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"][0]
    assert (item["amount_is"], item["fraction"], item["counts_as"]) == (
        "compound", 0.141, "magnesium",
    )  # fmt: skip


def test_two_items_of_one_drug_are_totalled(medlog: Medlog) -> None:
    """Lexapro 15 mg + generic escitalopram 10 mg = 25 mg, above the label's 20 mg/day, though
    each is within it alone."""
    ok(medlog("add", "lexapro", "--dose", "15mg"))
    ok(medlog("add", "escitalopram", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    taken = ok(medlog("take", "escitalopram"))
    assert "Escitalopram today: 25 mg from Lexapro 15 mg + Escitalopram 10 mg" in taken.stderr
    assert "above the US label's maximum of 20 mg/day" in taken.stderr


def test_an_upper_limit_is_information_for_a_prescription(medlog: Medlog) -> None:
    """A weekly prescription of 1250 mcg vitamin D is not judged as a daily supplement: the
    UL is not its range, and its day total is said as information, not ABOVE."""
    added = ok(medlog("add", "vitamin d", "--kind", "rx", "--dose", "1250mcg", "--schedule",
                      "weekly fri 10:00"))  # fmt: skip
    assert added.stderr == ""
    assert "Information: The adult upper limit (19+) of 100 mcg/day" in added.stdout
    assert "is for self-supplementation" in added.stdout
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"][0]
    assert listed["range"] is None
    taken = ok(medlog("take", "vitamin d"))
    assert "ABOVE" not in taken.stdout + taken.stderr
    assert taken.stderr == ""  # information was said once, at add


@pytest.mark.parametrize(
    ("first", "second", "words"),
    [
        (["lexapro", "--dose", "10mg"], ["ibuprofen"], "risk of bleeding"),
        (["lexapro", "--dose", "10mg"], ["st johns wort", "--dose", "300mg"], "Serotonin"),
        (["lexapro", "--dose", "10mg"], ["tramadol", "--kind", "rx", "--dose", "50mg"],
         "Serotonin"),
        (["lexapro", "--dose", "10mg"], ["linezolid", "--kind", "rx", "--dose", "600mg"],
         "Contraindicated"),
        (["lexapro", "--dose", "10mg"], ["aspirin", "--kind", "otc", "--dose", "81mg"], "bleeding"),
        (["magnesium glycinate", "--dose", "200mg"],
         ["doxycycline", "--kind", "rx", "--dose", "100mg", "--class", "tetracycline"],
         "2 hours before or 4-6 hours after"),
        (["magnesium glycinate", "--dose", "200mg"],
         ["alendronate", "--kind", "rx", "--dose", "70mg", "--class", "bisphosphonates"],
         "2 hours apart"),
    ],
)  # fmt: skip
def test_each_interaction_note_appears_at_add(
    medlog: Medlog, first: list[str], second: list[str], words: str
) -> None:
    """Adding the second item of a pair prints the interaction note with its DailyMed source;
    `interactions` lists it with a numbered source."""
    ok(medlog("add", *first))
    added = ok(medlog("add", *second))
    note = next(line for line in added.stdout.splitlines() if words in line)
    number = note.rsplit("[", 1)[1].rstrip("]")  # the note ends with its source's number
    assert f"\n  [{number}] " in added.stdout  # ...and that source is listed under it
    listed = ok(medlog("interactions")).stdout
    assert words in listed and "[1]" in listed


def test_an_maoi_stopped_within_14_days_still_counts(medlog: Medlog) -> None:
    """The MAOI note looks at items stopped in the last 14 days; after that, not."""
    ok(medlog("add", "phenelzine", "--kind", "rx", "--dose", "15mg", "--class", "MAOI",
              "--start", "2026-10-01"))  # fmt: skip
    ok(medlog("stop", "phenelzine", "--on", "2026-11-17"))
    added = ok(medlog("add", "lexapro", "--dose", "10mg"))
    assert "With phenelzine: Contraindicated" in added.stdout
    later = ok(medlog("interactions", now="2026-12-05T09:00")).stdout
    assert "Contraindicated" not in later


def test_spacing_warns_one_sided_and_both_ways(medlog: Medlog, clock: Clock) -> None:
    """Tetracyclines 2 h before or 4 h after magnesium: doxycycline 08:00 then magnesium
    09:00 is 1 h after (needs 2 h before: warned); at 12:30 magnesium is 4.5 h after the
    08:00 dose... the rule is about the antibiotic: 08:00 is 4.5 h before, fine. A rule of
    your own (2 h either way) warns at 1 h."""
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg", "--schedule", "daily 21:00"))
    ok(medlog("add", "doxycycline", "--kind", "rx", "--dose", "100mg", "--class", "tetracycline"))
    ok(medlog("take", "doxycycline", "--at", "08:00"))
    close = ok(medlog("take", "magnesium glycinate", "--at", "09:00"))
    assert "doxycycline at 08:00 and Magnesium glycinate at 09:00 are 1h apart" in close.stderr
    assert "doxycycline at least 2h before or 4h after Magnesium glycinate" in close.stderr
    clock("2026-11-27T13:00")
    far = ok(medlog("take", "magnesium glycinate", "--at", "12:30"))
    assert "apart" not in far.stderr and "doxycycline" not in far.stderr
    ok(medlog("add", "iron", "--dose", "18mg"))
    ok(medlog("add", "calcium", "--dose", "500mg"))
    kept = ok(medlog("space", "iron", "calcium", "2h"))
    assert kept.stdout == "Kept: Calcium and Iron at least 2h apart (source: set by you)\n"
    ok(medlog("take", "iron", "--at", "07:00"))
    warned = ok(medlog("take", "calcium", "--at", "08:00"))
    assert "are 1h apart; the rule is Calcium and Iron at least 2h apart" in warned.stderr
    clock("2026-11-27T21:00")
    report = json.loads(ok(medlog("report", "--format", "json")).stdout)
    misses = {(row["a"], row["b"]): row["misses"] for row in report["spacing_misses"]}
    assert misses == {("magnesium-glycinate", "doxycycline"): 1, ("iron", "calcium"): 1}
    removed = ok(medlog("space", "--remove", "iron", "calcium"))
    assert removed.stdout.startswith("Removed: Calcium and Iron")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "multi", "--kind", "supplement", "--ingredient", "magnesium 100 bananas"],
         "Unknown unit"),
        (["add", "multi", "--kind", "supplement", "--ingredient", "magnesium"],
         "not a substance and an amount"),
        (["add", "multi", "--kind", "supplement", "--ingredient", "vitamin e 400 IU"],
         "converts IU only where a source"),
        (["add", "multi", "--kind", "supplement", "--ingredient", "zinc 2 tablets"],
         "an ingredient is a mass"),
        (["add", "multi", "--kind", "supplement", "--ingredient", "zinc 5mg",
          "--ingredient", "zinc 6mg"], "twice"),
        (["add", "multi", "--kind", "supplement", "--unit", "tablet", "--dose", "1 tablet",
          "--ingredient", "magnesium 300mL"], "does not convert to mg"),
        (["add", "multi", "--kind", "supplement", "--dose", "5mg", "--ingredient",
          "magnesium 2mg"], "weigh more than one mg"),
        (["add", "zinc", "--amount-is", "compound"], "needs Zinc's elemental fraction"),
        (["add", "zinc", "--amount-is", "elementalish"], "use label"),
        (["add", "magnesium glycinate", "--fraction", "1.5"], "not a share"),
        (["add", "magnesium glycinate", "--fraction", "abc"], "not a share"),
        (["space", "lexapro", "nosuch", "2h"], "nosuch"),
        (["space", "lexapro", "lexapro", "2h"], "same item"),
        (["space", "lexapro", "zinc", "3 days"], "not between 1 minute and 48 hours"),
        (["space", "lexapro", "zinc"], "how far apart"),
        (["space", "lexapro", "zinc", "2h", "--before", "1h"], "not both"),
        (["space", "--remove", "lexapro", "zinc"], "no spacing rule"),
    ],
)  # fmt: skip
def test_bad_contents_and_rules_are_exit_2_and_change_nothing(
    medlog: Medlog, home: Path, args: list[str], words: str
) -> None:
    """A bad ingredient, fraction or spacing rule is exit 2 naming what is wrong, and the store is
    unchanged."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("add", "zinc", "--dose", "15mg")) if args[1] != "zinc" else None
    before = snapshot(home)
    result = medlog(*args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr
    assert snapshot(home) == before


def test_folate_says_its_basis(medlog: Medlog) -> None:
    """The folic acid UL is in mcg of folic acid, not DFE: the warning says which."""
    ok(medlog("add", "folic acid", "--dose", "800mcg"))
    ok(medlog("add", "prenatal", "--kind", "supplement", "--unit", "tablet", "--dose", "1 tablet",
              "--ingredient", "folic acid 400mcg"))  # fmt: skip
    ok(medlog("take", "prenatal"))
    taken = ok(medlog("take", "folic acid"))
    assert "1,200 mcg (mcg of folic acid (labels state mcg DFE" in taken.stderr


def test_contents_and_rules_travel_losslessly(medlog: Medlog, tmp_path: Path) -> None:
    """export -> import -> export keeps ingredients, fraction, amount_is, limits and rules."""
    ok(medlog("add", "magnesium glycinate", "--dose", "400mg", "--amount-is", "compound"))
    ok(medlog("add", "multivitamin", *MULTIVITAMIN))
    ok(medlog("space", "multivitamin", "magnesium glycinate", "--before", "1h", "--after", "2h"))
    first = tmp_path / "one.json"
    ok(medlog("export", "-o", str(first)))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(first)))
    second = tmp_path / "two.json"
    ok(medlog("--home", str(other), "export", "-o", str(second)))
    one, two = (json.loads(path.read_text()) for path in (first, second))
    assert one == two
    assert one["spacing"] and one["limits"]["magnesium"]["max"] == "350 mg"
    assert one["items"]["multivitamin"]["ingredients"][0] == {
        "substance": "magnesium", "amount": "100 mg",
    }  # fmt: skip


def test_your_own_rule_stands_beside_the_catalogs_and_cannot_remove_it(medlog: Medlog) -> None:
    """A looser rule of your own (1 h) for doxycycline and magnesium keeps the catalog's
    2 h before / 4 h after: take still warns at 1.5 h, and --remove takes away only yours."""
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg", "--schedule", "daily 21:00"))
    ok(medlog("add", "doxycycline", "--kind", "rx", "--dose", "100mg", "--class", "tetracycline"))
    kept = ok(medlog("space", "doxycycline", "magnesium glycinate", "1h"))
    assert "(source: set by you)" in kept.stdout
    assert "This rule also applies, and take warns on either:" in kept.stdout
    assert "at least 2h before or 4h after" in kept.stdout
    ok(medlog("take", "magnesium glycinate", "--at", "07:00"))
    warned = ok(medlog("take", "doxycycline", "--at", "08:30"))
    assert "the rule is doxycycline at least 2h before or 4h after" in warned.stderr
    assert "set by you" not in warned.stderr  # 1.5 h keeps your own 1 h rule
    removed = ok(medlog("space", "--remove", "doxycycline", "magnesium glycinate"))
    assert "set by you" in removed.stdout
    listed = ok(medlog("space")).stdout
    assert "4h after" in listed and "set by you" not in listed
    refused = medlog("space", "--remove", "doxycycline", "magnesium glycinate")
    assert refused.exit_code == 2
    assert "keeps sourced rules" in refused.stderr


def test_import_takes_limits_from_the_catalog_not_the_file(medlog: Medlog, tmp_path: Path) -> None:
    """A file that raises magnesium's limit to 350 g, or doubles a rule, cannot: limits and
    catalog rules are made again from the catalog; a second rule of one source is refused."""
    ok(medlog("add", "magnesium glycinate", "--dose", "400mg"))
    ok(medlog("add", "iron", "--dose", "18mg"))
    ok(medlog("add", "calcium", "--dose", "500mg"))
    ok(medlog("space", "iron", "calcium", "2h"))
    exported = tmp_path / "one.json"
    ok(medlog("export", "-o", str(exported)))
    document = json.loads(exported.read_text())
    document["limits"]["magnesium"]["max"] = "350 g"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document))
    other = ["--home", str(tmp_path / "other")]
    ok(medlog(*other, "import", str(tampered)))
    ok(medlog(*other, "take", "magnesium glycinate"))
    report = json.loads(ok(medlog(*other, "report", "--format", "json")).stdout)
    magnesium = next(row for row in report["ingredients"] if row["substance"] == "magnesium")
    assert magnesium["limit"]["max"] == 350 and magnesium["days_above_limit"] == 1
    document["spacing"].append(document["spacing"][-1])
    tampered.write_text(json.dumps(document))
    doubled = medlog("--home", str(tmp_path / "third"), "import", str(tampered))
    assert doubled.exit_code == 2 and "same two items from the same source" in doubled.stderr
    document["spacing"].pop()
    document["items"]["iron"]["ingredients"] = [{"substance": "iron", "amount": "5 IU"}]
    tampered.write_text(json.dumps(document))
    in_iu = medlog("--home", str(tmp_path / "fourth"), "import", str(tampered))
    assert in_iu.exit_code == 2 and "iron in IU, which does not convert" in in_iu.stderr
    del document["items"]["iron"]["ingredients"]
    document["spacing"][-1]["before"] = "1h"
    tampered.write_text(json.dumps(document))
    before = snapshot(tmp_path / "other")
    conflict = medlog(*other, "import", str(tampered))
    assert conflict.exit_code == 2 and "your spacing rule differs" in conflict.stderr
    assert snapshot(tmp_path / "other") == before


def test_the_demo_rolls_magnesium_up(medlog: Medlog, tmp_path: Path) -> None:
    """The demo's magnesium glycinate and multivitamin total as one substance: 600 mg on its one
    day above the limit."""
    ok(medlog("demo", "--home", str(tmp_path / "d"), now="2026-11-27T21:30"))
    report = json.loads(ok(medlog("--home", str(tmp_path / "d"), "report", "--format", "json",
                                  now="2026-11-27T21:30")).stdout)  # fmt: skip
    magnesium = next(row for row in report["ingredients"] if row["substance"] == "magnesium")
    assert magnesium["items"] == ["magnesium-glycinate", "multivitamin"]
    assert magnesium["days_above_limit"] == 1 and magnesium["max_day_total"] == 600


def test_one_rule_named_either_way_round_is_not_a_conflict(medlog: Medlog, tmp_path: Path) -> None:
    """iron/calcium 2h here and calcium/iron 2h there say the same: the import goes through."""
    here, there = ["--home", str(tmp_path / "a")], ["--home", str(tmp_path / "b")]
    for home, pair in ((here, ("iron", "calcium")), (there, ("calcium", "iron"))):
        ok(medlog(*home, "add", "iron", "--dose", "18mg"))
        ok(medlog(*home, "add", "calcium", "--dose", "500mg"))
        ok(medlog(*home, "space", *pair, "2h"))
    exported = tmp_path / "a.json"
    ok(medlog(*here, "export", "-o", str(exported)))
    ok(medlog(*there, "import", str(exported)))
    assert ok(medlog(*there, "space")).stdout.count("set by you") == 1


def test_an_own_substance_in_another_unit_is_kept_and_a_bad_list_is_only_reported(
    medlog: Medlog, home: Path
) -> None:
    """A syrup in mL, drops, magnesium glycinate by the capsule: accepted (their totals leave
    them out). A hand-edited list in mL still loads; check reports it, and take works."""
    ok(medlog("add", "childrens motrin", "--kind", "otc", "--unit", "mL", "--dose", "5 mL",
              "--substance", "ibuprofen", "--schedule", "as needed"))  # fmt: skip
    ok(medlog("add", "vit d drops", "--kind", "supplement", "--unit", "drop", "--dose",
              "1 drop", "--substance", "vitamin d"))  # fmt: skip
    ok(medlog("add", "magnesium glycinate", "--unit", "capsule", "--dose", "1 capsule"))
    ok(medlog("add", "multivitamin", *MULTIVITAMIN))
    config = home / "medlog.toml"
    config.write_text(config.read_text().replace('amount = "100 mg"', 'amount = "100 mL"'))
    ok(medlog("take", "childrens motrin", "5 mL"))
    checked = medlog("check")
    assert checked.exit_code == 1
    assert "multivitamin lists magnesium in mL, which does not convert to mg" in checked.stdout


def test_one_sided_rules_named_either_way_round_are_one_rule(
    medlog: Medlog, tmp_path: Path
) -> None:
    """ "calcium 1h before or 5h after iron" is "iron 5h before or 1h after calcium": importing
    one beside the other is no conflict and leaves one rule; other gaps are a conflict."""
    here, there = ["--home", str(tmp_path / "a")], ["--home", str(tmp_path / "b")]
    for home, pair, gaps in ((here, ("iron", "calcium"), ("1h", "5h")),
                             (there, ("calcium", "iron"), ("5h", "1h"))):  # fmt: skip
        ok(medlog(*home, "add", "iron", "--dose", "18mg"))
        ok(medlog(*home, "add", "calcium", "--dose", "500mg"))
        ok(medlog(*home, "space", *pair, "--before", gaps[0], "--after", gaps[1]))
    assert ok(medlog(*here, "space")).stdout == (
        "Calcium at least 1h before or 5h after Iron (source: set by you)\n"
    )
    rule = "Iron at least 5h before or 1h after Calcium (source: set by you)\n"
    assert ok(medlog(*there, "space")).stdout == rule
    exported = tmp_path / "a.json"
    ok(medlog(*here, "export", "-o", str(exported)))
    ok(medlog(*there, "import", str(exported)))
    assert ok(medlog(*there, "space")).stdout == rule
    ok(medlog(*there, "space", "calcium", "iron", "--before", "4h", "--after", "1h"))
    conflict = medlog(*there, "import", str(exported))
    assert conflict.exit_code == 2
    assert "iron and calcium: your spacing rule differs" in conflict.stderr


@pytest.mark.parametrize("seed", range(4))
def test_substance_totals_from_the_days_totals_are_the_doses_own(
    medlog: Medlog, home: Path, seed: int
) -> None:
    """The report totals each substance from the days' totals its items' figures already
    hold; over random doses in the item's unit, in another unit that converts (grams, a
    count of tablets) and one that does not, that is what adding up every dose gives, for
    every item and with --item (whose other items' doses still count)."""
    rng = random.Random(seed)
    ok(medlog("add", "magnesium glycinate", "--dose", "300mg", "--schedule", "daily 21:00"))
    ok(medlog("add", "multivitamin", *MULTIVITAMIN))
    ok(medlog("add", "zinc", "--kind", "supplement", "--dose", "11mg", "--start", "2026-11-01"))
    for _ in range(40):
        day = date(2026, 11, 1) + timedelta(days=rng.randrange(27))
        at = f"{day.isoformat()}T{rng.randrange(6, 21):02d}:{rng.randrange(60):02d}"
        amount = rng.choice(["300mg", "0.4g", "150", "1 tablet", "2 tablets"])
        name = rng.choice(["magnesium glycinate", "zinc", "multivitamin"])
        medlog("take", name, *amount.split(), "--at", at)
    store = Store(home)
    regimen = store.load_regimen()
    now = clock_now(os.environ)
    for chosen in (None, ["zinc"]):
        found = report(store, now, since="2026-11-01", item_names=chosen)
        doses = _sorted(read_all(store.journal_path).events, found.since, found.until).doses
        shown = {period.item.key for period in found.items}
        assert found.ingredients == ingredient_figures(regimen, doses, shown)
        assert found.ingredients  # magnesium and zinc, each with a limit


def test_page_one_counts_the_days_over_once(medlog: Medlog) -> None:
    """Magnesium over its limit on 11-25 (glycinate + multivitamin) and on 11-26 with a
    prescription magnesium (information, never over): page one says 1 day, as the table
    does (information days were taken off twice, and one day over could read as none)."""
    ok(medlog("add", "magnesium glycinate", "--dose", "300mg", "--schedule", "daily 21:00",
              "--start", "2026-11-20"))  # fmt: skip
    ok(medlog("add", "multivitamin", *MULTIVITAMIN, "--start", "2026-11-20"))
    ok(medlog("add", "mag rx", "--kind", "rx", "--substance", "magnesium", "--unit", "mg",
              "--dose", "400mg", "--schedule", "as needed", "--start", "2026-11-20"))  # fmt: skip
    ok(medlog("take", "multivitamin", "--at", "2026-11-25 08:00"))
    ok(medlog("take", "magnesium glycinate", "--at", "2026-11-25 21:00"))
    ok(medlog("take", "mag rx", "--at", "2026-11-26 08:00"))
    ok(medlog("take", "magnesium glycinate", "--at", "2026-11-26 21:00"))
    report = json.loads(ok(medlog("report", "--format", "json")).stdout)
    (magnesium,) = [s for s in report["ingredients"] if s["substance"] == "magnesium"]
    assert magnesium["days_above_limit"] == 1 and magnesium["days_as_information"] == 1
    brief = " ".join(ok(medlog("report", "--brief")).stdout.split())
    assert "above 350 mg/day (adult upper limit, 19+) on 1 day(s)" in brief
