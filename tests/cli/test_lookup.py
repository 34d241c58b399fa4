"""How a typed name finds its item: the exact key or name first, then a unique prefix, a
substance or a brand; an ambiguous or unknown name is exit 2 naming the candidates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Journal, Run, ok, snapshot

Medlog = Callable[..., Run]


def test_lookup_prefers_the_exact_item(medlog: Medlog) -> None:
    """lexapro and escitalopram both exist: `take escitalopram` logs escitalopram (issue 9)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("add", "escitalopram", "--dose", "10mg"))
    ok(medlog("take", "escitalopram", "5mg"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item"] for event in events] == ["escitalopram"]


def test_lookup_by_exact_name_over_a_longer_one(medlog: Medlog) -> None:
    """'vitamin d3' and 'vitamin d': `take "vitamin d"` logs vitamin d (issue 9)."""
    ok(medlog("add", "vitamin d3", "--dose", "25mcg"))
    ok(medlog("add", "vitamin d", "--dose", "50mcg"))
    ok(medlog("take", "vitamin d"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item"] for event in events] == ["vitamin-d"]


def test_lookup_by_a_unique_prefix_or_brand(medlog: Medlog) -> None:
    """`magnesium` finds magnesium-glycinate; a brand finds the item of its substance (issue 9)."""
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg"))
    ok(medlog("add", "escitalopram", "--dose", "10mg"))
    ok(medlog("take", "magnesium", now="2026-11-27T09:15"))
    ok(medlog("take", "Cipralex", now="2026-11-27T09:16"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item"] for event in events] == ["magnesium-glycinate", "escitalopram"]


def test_items_are_found_by_substance_and_brand(medlog: Medlog, journal_lines: Journal) -> None:
    """An item added as escitalopram answers to lexapro too, and the reverse."""
    ok(medlog("add", "escitalopram", "--dose", "10mg"))
    assert medlog("take", "lexapro").exit_code == 0
    assert medlog("take", "Escitalopram").exit_code == 0
    assert len(journal_lines()) == 2


def test_an_ambiguous_name_lists_the_candidates(medlog: Medlog) -> None:
    """Two items start with 'vitamin': exit 2 naming both, nothing logged (issue 9)."""
    ok(medlog("add", "vitamin d3", "--dose", "25mcg"))
    ok(medlog("add", "vitamin c", "--dose", "500mg"))
    result = medlog("take", "vitamin")
    assert result.exit_code == 2
    assert "vitamin d3 (vitamin-d3)" in result.stderr and "Vitamin C (vitamin-c)" in result.stderr


def test_unknown_item_suggests_the_close_one(medlog: Medlog, lexapro: None, home: Path) -> None:
    """A typo is exit 2 with a suggestion, and nothing is written."""
    before = snapshot(home)
    result = medlog("take", "lexaprp")
    assert result.exit_code == 2
    assert "Did you mean lexapro?" in result.stderr
    assert snapshot(home) == before


def test_names_in_other_scripts_keep_their_letters(medlog: Medlog) -> None:
    """Two Cyrillic names never collapse onto one Latin key, so a lookup cannot guess (an
    outside attacker's finding)."""
    ok(medlog("add", "Магний B6", "--kind", "supplement", "--unit", "mg", "--dose", "100mg"))
    missing = medlog("take", "Витамин B6")
    assert missing.exit_code == 2 and "Магний" not in missing.stdout
    ok(medlog("add", "Витамин B6", "--kind", "supplement", "--unit", "mg", "--dose", "50mg"))
    ok(medlog("add", "阿司匹林", "--kind", "otc", "--unit", "mg", "--dose", "100mg"))
    taken = ok(medlog("take", "витамин b6"))
    assert "Витамин B6 50 mg" in taken.stdout
    keys = [
        item["item"] for item in json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    ]
    assert keys == ["магний-b6", "витамин-b6", "阿司匹林"]
