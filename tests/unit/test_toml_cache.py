"""toml_cache.py: medlog.toml's parsed document kept as JSON gives back exactly what tomllib
gave, for every kind of TOML value; the store reads and refuses exactly as it does without
the copy, whatever happened to it (deleted, garbage, sealed for other bytes, a FIFO, its
folder unwritable), and a hand edit of medlog.toml is read at once."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from medlog import derived, toml_cache
from medlog.store import Store
from tests.conftest import Run, ok

Medlog = Callable[..., Run]

ZONES = st.none() | st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
SCALARS = (
    st.text()
    | st.integers(-(2**63), 2**63 - 1)
    | st.booleans()
    | st.floats()
    | st.dates()
    | st.times()
    | st.datetimes().flatmap(lambda moment: ZONES.map(lambda zone: moment.replace(tzinfo=zone)))
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def same(one: Any, two: Any) -> bool:
    """Equal and of the same type all the way down (nan is nan, -0.0 is not 0.0)."""
    if type(one) is not type(two):
        return False
    if type(one) is dict:
        return list(one) == list(two) and all(same(one[key], two[key]) for key in one)
    if type(one) is list:
        return len(one) == len(two) and all(map(same, one, two))
    if type(one) is float:
        return repr(one) == repr(two)
    return bool(one == two and (not hasattr(one, "tzinfo") or one.tzinfo == two.tzinfo))


@given(st.dictionaries(st.text(), VALUES, max_size=6))
def test_every_toml_value_comes_back_as_it_was(document: dict[str, Any]) -> None:
    """Strings, integers, booleans, floats (nan, inf, -0.0), dates, times, date-times with and
    without an offset, arrays and tables, keys and strings that look like the copy's own
    marks: what is kept and read back is what was given, type for type."""
    kept = json.loads(json.dumps(toml_cache._kept(document)))
    assert same(toml_cache._revived(kept), document)


@given(st.dictionaries(st.text(), VALUES, max_size=6))
def test_what_tomllib_reads_is_what_the_copy_gives(document: dict[str, Any]) -> None:
    """Through a real TOML file: the document tomllib reads from tomli_w's text comes back
    from the copy unchanged."""
    read = tomllib.loads(tomli_w.dumps(document))
    assert same(toml_cache._revived(json.loads(json.dumps(toml_cache._kept(read)))), read)


def test_the_copys_marks_in_keys_and_strings_are_only_text() -> None:
    """A table whose keys or strings are the copy's own words stays a table of strings."""
    document = {
        "date": "2026-01-01",
        "table": ["date", "2026-01-01"],
        "float": {"float": "nan"},
        "when": datetime(2026, 1, 1, 8, tzinfo=UTC),
        "at": time(8, 30, 0, 5),
    }
    assert same(toml_cache._revived(toml_cache._kept(document)), document)


def copy_of(home: Path) -> Path:
    return derived.folder(home, "cache") / toml_cache.NAME


def regimen_views(medlog: Medlog) -> list[str]:
    """What the regimen looks like to a person, and the figures it drives."""
    return [
        ok(medlog("list", "--format", "json")).stdout,
        ok(medlog("today")).stdout,
        ok(medlog("report", "--days", "7", "--format", "json")).stdout,
    ]


def test_the_copy_is_kept_privately_outside_the_store_and_changes_nothing(
    medlog: Medlog, home: Path
) -> None:
    """The first command that reads medlog.toml keeps the copy (0600, in the user cache
    directory, never in the store); every view is the same with it, without it and with it
    replaced by garbage, a copy of other bytes, one whose seal is broken or a FIFO, and each
    is replaced. (A copy forged for these very bytes, sealed, would be believed: like every
    derived file, it is a shortcut of one's own files, not a defence against oneself.)"""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01"))  # fmt: skip
    ok(medlog("add", "vitamin d3", "--dose", "25mcg", "--schedule", "daily"))
    ok(medlog("take", "lexapro", "--at", "08:00"))
    first = regimen_views(medlog)
    copy = copy_of(home)
    assert copy.exists() and stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not any(toml_cache.NAME in found.name for found in home.rglob("*"))
    raw = (home / "medlog.toml").read_bytes()
    assert derived.load(copy)[0] == derived.digest(raw)
    empty = ["table", {"schema": 4, "items": ["table", {}]}]
    other = derived.text([derived.digest(raw + b" "), empty]).encode()
    sealed = derived.text([derived.digest(raw), empty]).encode()
    broken = sealed[:-1] + (b"1" if sealed.endswith(b"0") else b"0")
    for spoiled in (None, b"garbage\n", other, broken, "fifo"):
        if copy.exists():
            copy.unlink()
        if spoiled == "fifo":
            os.mkfifo(copy)
        elif spoiled is not None:
            copy.write_bytes(spoiled)
        assert regimen_views(medlog) == first
        assert copy.is_file() and derived.load(copy)[0] == derived.digest(raw)


def test_a_hand_edit_is_read_at_once_and_a_broken_one_refused_as_ever(
    medlog: Medlog, home: Path
) -> None:
    """medlog.toml edited by hand: the next command reads the new dose; made invalid TOML, it
    is refused with the same words whether a copy of the old bytes is kept or not."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    ok(medlog("today"))
    config = home / "medlog.toml"
    config.write_text(config.read_text().replace('"10 mg"', '"15 mg"'))
    [item] = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert item["regimen"][0]["dose"] == 15
    config.write_text(config.read_text() + "\n[broken\n")
    kept = medlog("today")
    copy_of(home).unlink(missing_ok=True)
    fresh = medlog("today")
    assert kept.exit_code == fresh.exit_code == 3
    assert kept.stderr == fresh.stderr and "is not valid TOML" in fresh.stderr


def test_an_unwritable_cache_costs_only_the_copy(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """A cache directory that cannot be written (a file in its place): every command still
    reads medlog.toml, parsing it each time."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    first = regimen_views(medlog)
    cache = tmp_path / "xdg-cache"
    for found in sorted(cache.rglob("*"), reverse=True):
        found.unlink() if found.is_file() or found.is_fifo() else found.rmdir()
    cache.rmdir()
    cache.write_text("not a folder")
    assert regimen_views(medlog) == first
    assert Store(home).load_regimen().items[0].key == "lexapro"


def test_a_write_keeps_the_copy_of_what_it_wrote(medlog: Medlog, home: Path) -> None:
    """add, edit and import write medlog.toml and keep the parsed copy of the bytes they
    wrote, so the next command (a take right after an import) parses nothing."""
    config, copy = home / "medlog.toml", copy_of(home)
    for command in (
        ("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"),
        ("edit", "lexapro", "--dose", "15mg"),
        ("profile", "--born", "1980"),
    ):
        ok(medlog(*command))
        key, kept = derived.load(copy)
        raw = config.read_bytes()
        assert key == derived.digest(raw)
        assert same(toml_cache._revived(kept), tomllib.loads(raw.decode()))
