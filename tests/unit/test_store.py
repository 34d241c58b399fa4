"""store.py: medlog.toml loads, saves atomically, refuses what it cannot read, never overwrites;
the lock survives a medlog that removed it."""

from __future__ import annotations

import fcntl
import os
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from medlog import journal
from medlog.errors import StoreProblem
from medlog.migrations import CATALOG, SCHEMA
from medlog.model import Regimen
from medlog.store import Store

FIXTURES = Path(__file__).parent.parent / "data"


def fixture_store(tmp_path: Path, version: int = 1) -> Store:
    """A copy of the schema-N fixture store."""
    home = tmp_path / f"schema-{version}"
    shutil.copytree(FIXTURES / f"schema-{version}", home)
    return Store(home)


def test_every_schema_fixture_loads(tmp_path: Path) -> None:
    """Each schema version's fixture loads (migrated in memory) and its journal reads; each
    starts with the same three items (later ones add more)."""
    for folder in sorted(FIXTURES.glob("schema-*")):
        version = int(folder.name.split("-")[1])
        assert version <= SCHEMA
        store = fixture_store(tmp_path, version)
        regimen = store.load_regimen()
        assert [item.key for item in regimen.items][:3] == [
            "lexapro",
            "magnesium-glycinate",
            "ibuprofen",
        ]
        assert journal.read_all(store.journal_path).events


def test_fixture_regimen_reads_exactly(tmp_path: Path) -> None:
    """Versions, stops, strengths and ranges come back as the exact values written."""
    regimen = fixture_store(tmp_path).load_regimen()
    lexapro = regimen.get("lexapro")
    assert lexapro is not None
    assert [v.dose for v in lexapro.regimen] == [Decimal(10), Decimal(20), Decimal(20)]
    assert lexapro.regimen[1].until == date(2026, 11, 1)
    assert lexapro.version_on(date(2026, 11, 5)) is None
    assert lexapro.version_on(date(2026, 11, 10)) == lexapro.regimen[2]
    assert lexapro.strength == 10
    assert lexapro.range is not None and lexapro.range.max == 20
    assert regimen.settings.on_time_window == timedelta(hours=2)
    ibuprofen = regimen.get("ibuprofen")
    assert ibuprofen is not None and ibuprofen.prn


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    """Saving a loaded regimen and loading it again gives the same regimen, with 0600."""
    store = fixture_store(tmp_path)
    regimen = store.load_regimen()
    with store.locked():
        store.save_regimen(regimen)
    assert store.load_regimen() == regimen
    assert store.config_path.stat().st_mode & 0o777 == 0o600
    assert not list(store.home.glob(".medlog.toml.*"))


def test_missing_store_is_an_empty_regimen(tmp_path: Path) -> None:
    """A store that does not exist yet has no items and no events."""
    store = Store(tmp_path / "new")
    assert store.load_regimen().items == ()
    assert journal.read_all(store.journal_path).events == []


def test_home_is_created_0700(tmp_path: Path) -> None:
    """The store directory is created private to its owner, even under a permissive umask."""
    import os

    old = os.umask(0)
    try:
        store = Store(tmp_path / "a" / "b")
        with store.locked():
            store.save_regimen(Regimen())
    finally:
        os.umask(old)
    assert store.home.stat().st_mode & 0o777 == 0o700
    assert store.lock_path.stat().st_mode & 0o777 == 0o600
    assert store.config_path.stat().st_mode & 0o777 == 0o600


def test_a_lock_taken_for_nothing_leaves_nothing(tmp_path: Path) -> None:
    """Holding the lock without writing (bad input, nothing to import) leaves no trace."""
    store = Store(tmp_path / "a" / "b")
    with store.locked():
        assert store.lock_path.exists()
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda text: text.replace('name = "Lexapro"', 'name = "Lexapro'), "not valid TOML"),
        (lambda text: text.replace("schema = 1", "schema = 99"), "newer medlog"),
        (lambda text: text.replace("schema = 1", ""), "schema"),
        (lambda text: text.replace('unit = "mg"', 'unit = "kg"', 1), "items.lexapro.unit"),
        (lambda text: text.replace('"daily 08:00" }', '"hourly" }', 1), "schedule"),
        (lambda text: text.replace("from = 2026-10-15", "from = 2026-09-15"), "in order"),
        (lambda text: text.replace('min = "10 mg"', 'min = "30 mg"'), "min is above max"),
        (lambda text: text.replace('kind = "rx"', 'kind = "vitamin"'), "kind"),
        (
            lambda text: text.replace("[items.lexapro]", "[items.Lex_apro]").replace(
                "[items.lexapro.range]", "[items.Lex_apro.range]"
            ),
            "item keys",
        ),
        (
            lambda text: text.replace('on_time_window = "2h"', 'on_time_window = "soon"'),
            "on_time_window",
        ),
    ],
)
def test_a_broken_toml_is_a_problem_and_untouched(tmp_path: Path, mutate, words: str) -> None:  # type: ignore[no-untyped-def]
    """A hand-broken medlog.toml is an exit-3 problem naming the fault; the file is unchanged."""
    store = fixture_store(tmp_path)
    store.config_path.write_text(mutate(store.config_path.read_text()))
    before = store.config_path.read_bytes()
    with pytest.raises(StoreProblem) as caught:
        store.load_regimen()
    assert str(store.config_path) in caught.value.message
    assert words in caught.value.message
    assert store.config_path.read_bytes() == before


def test_toml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    """A TOML syntax error says which line and column."""
    store = fixture_store(tmp_path)
    store.config_path.write_text("schema = 1\n[items\n")
    with pytest.raises(StoreProblem, match="line 2"):
        store.load_regimen()


def test_a_directory_in_place_of_a_file_is_a_problem(tmp_path: Path) -> None:
    """medlog.toml or journal.jsonl being a directory is a problem, not a crash."""
    store = Store(tmp_path / "home")
    store.config_path.mkdir(parents=True)
    with pytest.raises(StoreProblem, match="is a directory"):
        store.load_regimen()
    store.journal_path.mkdir()
    with pytest.raises(StoreProblem, match="is a directory"):
        journal.read_all(store.journal_path)


def test_lock_times_out_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second writer waits, then gives up with an exit-3 problem naming the lock."""
    import fcntl
    import os

    from medlog import store as store_module

    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.05)
    store = Store(tmp_path / "home")
    store.home.mkdir()
    holder = os.open(store.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        with pytest.raises(StoreProblem, match="locked"), store.locked():
            pass
    finally:
        os.close(holder)


def test_a_store_without_an_upgrade_reads_as_written(tmp_path: Path) -> None:
    """The schema-2 fixture, read with no upgrade, is exactly what an older medlog wrote: no
    catalog version, and the --substance item without the facts it now gets."""
    regimen = fixture_store(tmp_path, 2).load_regimen()
    assert regimen.catalog is None
    item = regimen.get("doctors-best-magnesium")
    assert item is not None and item.counts_as is None and item.range is None


def test_only_a_store_of_an_older_catalog_is_upgraded_and_only_once(tmp_path: Path) -> None:
    """The upgrade is given an old regimen once (both loads of a command share it), and a
    store that records this catalog is never given to it."""
    calls: list[int | None] = []

    def upgrade(regimen: Regimen) -> Regimen:
        calls.append(regimen.catalog)
        return regimen._replace(catalog=CATALOG)

    store = fixture_store(tmp_path, 2)
    store.upgrade = upgrade
    assert store.load_regimen().catalog == CATALOG
    assert store.load_regimen().catalog == CATALOG
    assert calls == [None]
    with store.locked():
        store.save_regimen(store.load_regimen())
    assert f"catalog = {CATALOG}" in store.config_path.read_text()
    fresh = Store(store.home, upgrade=upgrade)
    assert fresh.load_regimen().catalog == CATALOG and calls == [None]


def test_a_file_an_older_medlog_wrote_is_rewritten_without_a_backup(tmp_path: Path) -> None:
    """Schema 2 as medlog wrote it has no layout to lose: no medlog.toml~, no notice."""
    store = fixture_store(tmp_path, 2)
    with store.locked():
        store.save_regimen(store.load_regimen())
    assert not (store.home / "medlog.toml~").exists() and not store.notices
    assert store.config_path.read_text().startswith(f"schema = {SCHEMA}\n")


@pytest.mark.parametrize("value", ["0", "true", '"1"', "1.5"])
def test_a_catalog_version_that_is_not_a_whole_number_is_refused(
    tmp_path: Path, value: str
) -> None:
    """catalog = 0, true, "1" or 1.5 is a store problem naming the key."""
    store = fixture_store(tmp_path, 2)
    text = store.config_path.read_text().replace("schema = 2\n", f"schema = 2\ncatalog = {value}\n")
    store.config_path.write_text(text)
    with pytest.raises(StoreProblem, match="catalog: expected the catalog's version"):
        store.load_regimen()


def test_a_lock_removed_by_a_quitting_medlog_is_made_anew(home: Path) -> None:
    """A medlog waiting on the lock while another gives up (and removes it) still locks (an
    outside attacker's finding)."""
    store = Store(home)
    with store.locked():
        store.save_regimen(Regimen())
    held = os.open(store.lock_path, os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    store.lock_path.unlink()  # what a quitting medlog does, still holding its lock
    with store.locked():  # would wait 15 s and fail on the old file; takes a new one
        assert store.lock_path.exists()
    os.close(held)
