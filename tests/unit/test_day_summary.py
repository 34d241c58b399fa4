"""day_summary.py: a report read through the per-day summary is byte for byte the report
worked out from the whole journal, over random journals and edits (doses and skips backdated,
with and without a note, undos and amends of old doses, lines appended by hand in another
tool's layout, a dose before an item's start, a line appended twice as a union merge
leaves it, a line reusing an old id
with other contents, an imported backup of older doses, regimen edits, the clock moved on and
set back, the journal rewritten, the summary broken), in JSON and as a table, for every item
and for one. The summary stands in for the closed days of lexapro and magnesium without their
dose lines (``Summary._stand_in``); the other items' doses can move or are as needed."""

from __future__ import annotations

import json
import random
import tempfile
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from medlog import derived
from medlog.actions.report import report
from medlog.cli.app import app
from medlog.day_summary import SUMMARY_NAME, Summary, _record, _record_text
from medlog.journal import read_all
from medlog.store import Store as MedlogStore
from medlog.timeparse import clock_now

START = datetime(2026, 9, 1)
NOW = datetime(2026, 11, 1, 21, 30)
ITEMS = {  # key: what `medlog add` is given
    "lexapro": ["--dose", "10mg", "--schedule", "daily 08:00"],
    "magnesium": ["--kind", "supplement", "--dose", "200mg", "--schedule", "daily 08:00,20:00",
                  "--range", "200-400mg/day"],
    "vitamin-d": ["--kind", "supplement", "--dose", "1000IU", "--schedule", "weekly sat 09:00"],
    "ibuprofen": ["--kind", "otc", "--dose", "200mg", "--schedule", "as needed max 3/day"],
    "melatonin": ["--kind", "supplement", "--dose", "3mg", "--schedule", "daily 23:00"],
}  # fmt: skip
AMOUNTS = {"lexapro": "10", "magnesium": "200", "vitamin-d": "1000", "ibuprofen": "200",
           "melatonin": "3"}  # fmt: skip
UNITS = {"lexapro": "mg", "magnesium": "mg", "vitamin-d": "IU", "ibuprofen": "mg",
         "melatonin": "mg"}  # fmt: skip


class Store:
    """A store in a temporary directory, with its own cache directory, run in-process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.now = NOW
        self.runner = CliRunner()
        self.fresh = 0

    def run(self, *args: str, cache: str = "cache") -> str:
        env = {
            "MEDLOG_HOME": str(self.home),
            "XDG_CACHE_HOME": str(self.root / cache),
            "XDG_STATE_HOME": str(self.root / "state"),
            "MEDLOG_NOW": self.now.isoformat(),
            "COLUMNS": "120",
        }
        result = self.runner.invoke(app, list(args), env=env)
        assert result.exit_code in (0, 2, 3), (args, result.stderr, result.exception)
        return (
            result.stdout if result.exit_code == 0 else f"exit {result.exit_code}: {result.stderr}"
        )

    def agrees(self) -> None:
        """Each report through the summary is the report without one."""
        for args in (
            ("report", "--since", START.date().isoformat(), "--format", "json"),
            ("report", "--since", START.date().isoformat()),
            ("report", "--days", "20", "--format", "json"),
            ("report", "--since", START.date().isoformat(), "--item", "magnesium", "--format",
             "json"),
        ):  # fmt: skip
            self.fresh += 1
            remembered = self.run(*args)
            whole = self.run(*args, cache=f"fresh-{self.fresh}")
            assert remembered == whole, args


def line(item: str, kind: str, at: datetime, spaced: bool = False) -> bytes:
    """A journal line as medlog writes it, or as another tool re-dumps it (spaced)."""
    document: dict[str, object] = {
        "v": 2, "id": uuid.UUID(int=random.getrandbits(128), version=4).hex, "type": kind,
        "at": at.isoformat() + "+00:00", "logged_at": at.isoformat() + "+00:00",
        "stamp": int(at.timestamp()), "item": item,
    }  # fmt: skip
    if kind == "dose":
        document |= {"amount": AMOUNTS[item], "unit": UNITS[item]}
    return json.dumps(document, separators=None if spaced else (",", ":")).encode() + b"\n"


def history(rng: random.Random) -> bytes:
    """Two months of doses, skips and misses of every item, in medlog's own layout."""
    lines = []
    day = START
    while day.date() < NOW.date():
        for item, clock in (("lexapro", 8), ("magnesium", 8), ("magnesium", 20),
                            ("melatonin", 23)):  # fmt: skip
            draw = rng.random()
            at = day.replace(hour=clock, minute=rng.randint(0, 59))
            if draw < 0.8:
                lines.append(line(item, "dose", at))
            elif draw < 0.9:
                lines.append(line(item, "skip", at))
        if day.weekday() in (5, 6) and rng.random() < 0.6:
            lines.append(line("vitamin-d", "dose", day.replace(hour=9)))
        if rng.random() < 0.3:
            lines.append(line("ibuprofen", "dose", day.replace(hour=rng.randint(6, 22))))
        day += timedelta(days=1)
    return b"".join(sorted(lines, key=lambda line: json.loads(line)["at"]))


ITEM = st.sampled_from(sorted(ITEMS))
EDIT = st.one_of(
    st.tuples(st.just("take"), ITEM, st.integers(0, 40), st.integers(0, 23), st.booleans()),
    st.tuples(st.just("skip"), ITEM, st.integers(0, 40), st.integers(0, 23)),
    st.tuples(st.just("undo"), st.integers(0, 10_000)),
    st.tuples(st.just("amend"), st.integers(0, 10_000), st.sampled_from(["300mg", "450mg"])),
    st.tuples(st.just("append"), ITEM, st.integers(0, 60), st.integers(0, 23), st.booleans()),
    st.tuples(st.just("early"), ITEM, st.integers(1, 2)),
    st.tuples(st.just("import"), st.integers(1, 30), st.integers(1, 8)),
    st.tuples(st.just("double"), st.integers(0, 10_000)),
    st.tuples(st.just("twin"), st.integers(0, 10_000)),
    st.tuples(st.just("edit"), st.integers(0, 50)),
    st.tuples(st.just("clock"), st.integers(-12, 12)),
    st.tuples(st.just("rewrite")),
    st.tuples(st.just("break")),
)


@settings(max_examples=12)
@given(st.integers(0, 2**32), st.lists(EDIT, min_size=1, max_size=6))
def test_a_report_through_the_summary_is_the_whole_journals(
    seed: int, edits: list[tuple[object, ...]]
) -> None:
    """After any edit, report (JSON and table, long and short periods) is the same bytes with
    the summary as it is worked out from the whole journal."""
    random.seed(seed)
    with tempfile.TemporaryDirectory() as root:
        store, journal = _with_history(Path(root), random.Random(seed))
        store.agrees()
        for edit in edits:
            apply(store, journal, edit)
            store.agrees()


@pytest.mark.parametrize("before", [1, 2])
@pytest.mark.parametrize("logged_late", [True, False])
def test_a_dose_before_an_items_start_is_never_stood_in_for(before: int, logged_late: bool) -> None:
    """A dose on one of the two days before an item starts may count for a later day
    (``adherence.stays_on_its_day``): the report then works out all that item's days from
    their doses. Whether the dose came after the summary was written (logged late) or was
    there all along, outside an earlier, shorter report's reach, the summary stands in for
    none of them: lexapro's figures are the whole journal's."""
    with tempfile.TemporaryDirectory() as root:
        store, journal = _with_history(Path(root), random.Random(before))
        early = line("lexapro", "dose", START.replace(hour=8) - timedelta(days=before))
        if not logged_late:
            journal.write_bytes(journal.read_bytes() + early)
        store.run("report", "--days", "20", "--format", "json")  # the summary, early dose unseen
        if logged_late:
            with journal.open("ab") as handle:
                handle.write(early)
        store.agrees()


def _with_history(root: Path, rng: random.Random) -> tuple[Store, Path]:
    """A store of ``ITEMS`` under ``root`` with a random history; the store and its journal."""
    store = Store(root)
    for key, options in ITEMS.items():
        store.run("add", key, *options, "--start", START.date().isoformat())
    journal = store.home / "journal.jsonl"
    journal.write_bytes(history(rng))
    return store, journal


def apply(store: Store, journal: Path, edit: tuple[object, ...]) -> None:
    """One edit of the store, its journal, its clock or its summary."""
    kind = edit[0]
    if kind in ("take", "skip"):
        _, item, back, hour, *noted = edit
        at = (store.now - timedelta(days=int(str(back)))).replace(hour=int(str(hour)), minute=5)
        note = ["--note", "with food"] if noted and noted[0] else []
        if at < store.now:
            store.run(str(kind), str(item), "--at", at.strftime("%Y-%m-%dT%H:%M"), *note)
    elif kind == "undo":
        ids = [json.loads(line)["id"] for line in journal.read_bytes().splitlines()]
        store.run("undo", ids[int(str(edit[1])) % len(ids)])
    elif kind == "amend":  # a void and a corrected dose on the same day: as many doses
        doses = [
            found["id"] for line in journal.read_bytes().splitlines()
            if (found := json.loads(line)).get("item") == "magnesium" and found["type"] == "dose"
        ]  # fmt: skip
        store.run("amend", doses[int(str(edit[1])) % len(doses)], str(edit[2]))
    elif kind in ("append", "early"):
        item, at, spaced = _appended(store, edit)
        with journal.open("ab") as handle:
            handle.write(line(item, "dose", at, spaced=spaced))
    elif kind in ("double", "twin"):
        copied(store, journal, str(kind), int(str(edit[1])))
    elif kind == "import":  # a backup from another device: older doses and skips, imported
        _, back, count = edit
        path = Path(store.root) / "backup.json"
        store.run("export", "--format", "json", "-o", str(path))
        document = json.loads(path.read_bytes())
        taken = [event for event in document["events"] if event["type"] in ("dose", "skip")]
        document["events"] = [
            event | {"id": uuid.UUID(int=random.getrandbits(128), version=4).hex,
                     "at": (datetime.fromisoformat(event["at"]) - timedelta(days=int(str(back))))
                     .isoformat()}
            for event in taken[-int(str(count)):]
        ]  # fmt: skip
        path.write_text(json.dumps(document))
        store.run("import", str(path), "--keep", "mine")
    elif kind == "edit":
        day = (store.now - timedelta(days=int(str(edit[1])))).date().isoformat()
        store.run("edit", "magnesium", "--dose", "300mg", "--from", day)
    elif kind == "clock":
        store.now += timedelta(days=int(str(edit[1])))
    elif kind == "rewrite":  # a union merge or a hand edit: the same events, another order
        lines = journal.read_bytes().splitlines(keepends=True)
        journal.write_bytes(b"".join(reversed(lines)))
    elif kind == "break":
        for where in (Path(store.root) / "cache").rglob(SUMMARY_NAME):
            where.write_bytes(b'{"v": 1, "key": "')


def _appended(store: Store, edit: tuple[object, ...]) -> tuple[str, datetime, bool]:
    """The dose line an edit appends (item, time, spaced): one pasted by hand or written by
    another tool ("append"), or one on a day before the item's start, logged late ("early":
    it may count for a later day)."""
    if edit[0] == "early":
        return str(edit[1]), START.replace(hour=8) - timedelta(days=int(str(edit[2]))), False
    _, item, back, hour, spaced = edit
    at = (store.now - timedelta(days=int(str(back)))).replace(hour=int(str(hour)), minute=0)
    return str(item), at, bool(spaced)


def copied(store: Store, journal: Path, kind: str, which: int) -> None:
    """A line appended twice, as a union merge of two devices keeps it (``double``); or an old
    line's id on another dose, which both reports refuse alike, then taken away (``twin``)."""
    written = journal.read_bytes()
    lines = written.splitlines(keepends=True)
    chosen = lines[which % len(lines)]
    if kind == "double":
        journal.write_bytes(written + chosen)
        return
    twin = json.loads(line("magnesium", "dose", store.now - timedelta(days=2)))
    twin["id"] = json.loads(chosen)["id"]
    journal.write_bytes(written + json.dumps(twin).encode() + b"\n")
    store.agrees()
    journal.write_bytes(written)


def test_the_summary_is_a_private_file_outside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """report writes the summary 0600 in the user cache directory, never in the store, and a
    second report reads it without writing it again."""
    store = Store(tmp_path)
    for key, options in ITEMS.items():
        store.run("add", key, *options, "--start", START.date().isoformat())
    (store.home / "journal.jsonl").write_bytes(history(random.Random(1)))
    store.run("report", "--days", "60", "--format", "json")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    where = derived.folder(store.home, "cache") / SUMMARY_NAME
    assert where.stat().st_mode & 0o777 == 0o600
    assert not any(path.name == SUMMARY_NAME for path in store.home.rglob("*"))
    written = where.stat().st_mtime_ns
    store.run("report", "--days", "60", "--format", "json")
    assert where.stat().st_mtime_ns == written
    lines = [json.loads(line) for line in where.read_bytes().splitlines()]
    assert lines[0]["closed"] == "2026-10-25"  # REACH, the window and a day before
    assert {line["item"] for line in lines[1:-1]} == {"lexapro", "magnesium", "ibuprofen"}
    assert set(lines[-1]) == {"seal"}


def _standing_day(line: dict[str, object]) -> str:
    """The first day of an item's line that stands in for its dose lines."""
    days = line["days"]
    assert isinstance(days, dict)
    return next(iso for iso, record in days.items() if len(record) > 15)


HAND_EDITS = {  # what a hand edit (or a flipped bit) makes of the saved summary's lines
    "a standing day's total": lambda lines: _edited(lines, 4, "99999"),
    "a standing day's total, not a number": lambda lines: _edited(lines, 4, "abc"),
    "a slot's time": lambda lines: _edited(lines, 0, "25:00"),
    "a slot's state": lambda lines: _edited(lines, 1, "m"),
    "a slot's state, unknown": lambda lines: _edited(lines, 1, "z"),
    "the lines a day stands in for": lambda lines: _edited(lines, 15, [1, 2, 3, 4, 5]),
    "the lines a day stands in for, not a list": lambda lines: _edited(lines, 15, 5),
    "a count, not a number": lambda lines: _edited(lines, 7, "x"),
    "the first entry's day": lambda lines: [{**lines[0], "first": "1999-01-01"}, *lines[1:]],
}


def _edited(lines: list[dict[str, object]], field: int, value: object) -> list[dict[str, object]]:
    """The saved lines with one field of lexapro's first standing day's record replaced."""
    found = next(line for line in lines if line.get("item") == "lexapro")
    days = found["days"]
    assert isinstance(days, dict)
    days[_standing_day(found)][field] = value
    return lines


def _with_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> tuple[Store, Path]:
    """A store of every item with two months of history (``seed``), its reports checked
    against the whole journal's, and where its saved summary is."""
    store = Store(tmp_path)
    for key, options in ITEMS.items():
        store.run("add", key, *options, "--start", START.date().isoformat())
    (store.home / "journal.jsonl").write_bytes(history(random.Random(seed)))
    store.agrees()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return store, derived.folder(store.home, "cache") / SUMMARY_NAME


@pytest.mark.parametrize("edit", sorted(HAND_EDITS))
def test_a_hand_edited_summary_changes_no_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """A summary edited by hand, still JSON, is not trusted: the report is the whole
    journal's, neither another figure nor an internal error."""
    store, where = _with_summary(tmp_path, monkeypatch, 2)
    lines = [json.loads(line) for line in where.read_bytes().splitlines()]
    edited = HAND_EDITS[edit]([line for line in lines if "seal" not in line])
    where.write_text("".join(json.dumps(line, separators=(",", ":")) + "\n" for line in edited))
    store.agrees()


@settings(max_examples=8)
@given(st.integers(0, 2**32), st.lists(EDIT.filter(lambda edit: edit[0] != "clock"), max_size=4))
def test_each_days_text_is_its_records_json(seed: int, edits: list[tuple[object, ...]]) -> None:
    """The text the summary saves for each closed day (``_record_text``, with its short way
    for the common day) is ``json.dumps`` of the day's record, whatever the day holds."""
    random.seed(seed)
    with tempfile.TemporaryDirectory() as root:
        store, journal = _with_history(Path(root), random.Random(seed))
        for edit in edits:
            apply(store, journal, edit)
        read = read_all(journal)
        lines_of = dict(zip((event.id for event in read.events), read.numbers, strict=True))
        found = report(
            MedlogStore(store.home),
            clock_now({"MEDLOG_NOW": store.now.isoformat()}),
            since=START.date().isoformat(),
        )
        for period in found.items:
            for figures in period.days:
                if figures.moved_in or figures.moved_out:
                    continue  # a day the summary keeps has no dose of another day's
                for doubled in (read.doubled, {dose.id for dose in figures.doses[:1]}):
                    for covered in (len(read.numbers), max(read.numbers) - 1):
                        record = _record(figures, period.item.unit, lines_of, doubled, covered)
                        text = _record_text(figures, period.item.unit, lines_of, doubled, covered)
                        assert text == json.dumps(record, separators=(",", ":")), figures.day


def test_an_edit_of_one_item_works_out_that_items_days_again_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`medlog edit magnesium` changes what magnesium's days mean, not lexapro's: the next
    report works out magnesium's days again and writes lexapro's line back as it was read,
    and both reports are the whole journal's. (The summary's key was the whole regimen: any
    edit made the next ten-year report a first one.)"""
    store, where = _with_summary(tmp_path, monkeypatch, 3)

    def item_lines() -> dict[str, Any]:
        return {(line := json.loads(raw))["item"]: line
                for raw in where.read_bytes().splitlines()[1:-1]}  # fmt: skip

    def kept_for() -> set[str]:
        """The items whose saved days a report would take as they are."""
        summary = Summary(store.home, MedlogStore(store.home).load_regimen(), clock_now(
            {"MEDLOG_NOW": store.now.isoformat()}))  # fmt: skip
        summary.look((store.home / "journal.jsonl").read_bytes())
        return set(summary._lines)

    before = item_lines()
    assert kept_for() == {"lexapro", "magnesium", "ibuprofen"}
    store.run("edit", "magnesium", "--dose", "300mg", "--from", "2026-10-01")
    assert kept_for() == {"lexapro", "ibuprofen"}
    store.agrees()
    after = item_lines()
    assert after["lexapro"]["days"] == before["lexapro"]["days"]
    assert kept_for() == {"lexapro", "magnesium", "ibuprofen"}  # magnesium's days saved again


def test_the_installed_command_writes_the_summary_after_it_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, medlog_process: Any
) -> None:
    """The console script prints the report and returns, and a child process writes the
    summary (medlog.background); the next report waits for it and reads it: the same
    figures as in-process, where the summary is written before the command returns."""
    store = Store(tmp_path)
    for key, options in ITEMS.items():
        store.run("add", key, *options, "--start", START.date().isoformat())
    (store.home / "journal.jsonl").write_bytes(history(random.Random(3)))
    env = {
        "MEDLOG_HOME": str(store.home),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "MEDLOG_NOW": NOW.isoformat(),
    }
    args = ("report", "--since", START.date().isoformat(), "--format", "json")
    first = medlog_process(*args, env=env)
    second = medlog_process(*args, env=env)
    assert (first.returncode, first.stderr) == (0, "")
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    where = derived.folder(store.home, "cache") / SUMMARY_NAME
    assert where.stat().st_mode & 0o777 == 0o600
    assert where.with_name("report-days.lock").stat().st_mode & 0o777 == 0o600
    written = where.stat().st_mtime_ns
    assert medlog_process(*args, env=env).stdout == first.stdout
    assert where.stat().st_mtime_ns == written  # read, not written again
    assert store.run(*args, cache="in-process") == first.stdout
    # A writer killed half-way left its temporary file; the next one to write clears it.
    leftover = where.with_name(f".{SUMMARY_NAME}.12345.tmp")
    leftover.write_text('{"v":4,"key":"a killed writer\'s first lines"')
    store.now += timedelta(days=3)  # closed days the summary does not hold: written again
    assert medlog_process(*args, env=env | {"MEDLOG_NOW": store.now.isoformat()}).returncode == 0
    medlog_process(*args, env=env | {"MEDLOG_NOW": store.now.isoformat()})  # waits for it
    assert where.stat().st_mtime_ns != written
    assert not leftover.exists()
