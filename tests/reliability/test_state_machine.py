"""Random sequences of the commands that write, over random days: the store always stays loadable.

A Hypothesis state machine drives add, edit (doses by weekday and dated strengths too), stop
(with a reason), resume, hold, take (of one item, of several, of what is due), skip, amend,
checkin, ask, lab, profile, allergy add and remove, fill (with a fill's own strength), a
count, undo and import through the real command line, with the clock moving forward and back
between commands. After every step `medlog check` is clean and the reading commands (card
too) all work; a refused command is exit 2 and leaves the store byte for byte as it was.
Never exit 3 (a store medlog wrote but cannot read) or 70 (a bug). A larger run is marked
slow.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from typer.testing import CliRunner

from medlog.cli.app import app
from tests.conftest import snapshot

NAMES = st.sampled_from(["lexapro", "magnesium glycinate", "zinc", "ibuprofen"])
DOSES = st.sampled_from(["10mg", "0.5 tablet", "200 mg", "1g", "250 mcg", "1 tablet", "0.01mg"])
SCHEDULES = st.sampled_from(
    [
        "daily",
        "daily 08:00",
        "daily 08:00,20:00",
        "every 2 days 09:00",
        "mon,wed,fri 09:00",
        "mon-fri 17:00",
        "weekends",
        "weekly sun 10:00",
        "as needed max 3/day min interval 4h",
    ]
)
WEEKDAY_DOSES = st.sampled_from(
    [
        "5mg mon-fri, 2.5mg sat,sun",
        "1 tablet mon,wed,fri, 0.5 tablet tue,thu",
        "1 tablet weekdays; 2 tablets weekends",
        "400 IU mon-sun",
        "5mg mon-fri, 2.5mg mon",
    ]
)
STRENGTHS = st.sampled_from(["5mg", "20mg", "0.5 g", "1000 IU", "2 tablets"])
RANGES = st.sampled_from(["10-20mg/day", "0-1200mg/day", "max 350mg/day", "min 5mg/dose", "none"])
DAYS = st.integers(min_value=-40, max_value=10)


class StoreMachine(RuleBasedStateMachine):
    """One store, one clock, and the commands a person runs, in any order."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="medlog-sm-"))
        self.home = self.tmp / "home"
        self.other = self.tmp / "other"
        self.now = datetime(2026, 11, 27, 9, 15)
        self.runner = CliRunner()
        self.exports = 0

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, *args: str, home: Path | None = None) -> Any:
        """Run medlog; a refusal must be exit 2 and leave the store untouched."""
        where = home or self.home
        before = snapshot(where)
        env = {
            "MEDLOG_HOME": str(where),
            "MEDLOG_NOW": self.now.isoformat(timespec="minutes"),
            "MEDLOG_DEBUG": "1",
        }
        result = self.runner.invoke(app, list(args), env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
        if result.exit_code == 2:
            assert snapshot(where) == before, (args, result.stderr)
        return result

    def day(self, offset: int) -> str:
        return (self.now.date() + timedelta(days=offset)).isoformat()

    @rule(name=NAMES, dose=DOSES, schedule=SCHEDULES, start=DAYS, dose_range=RANGES)
    def add(self, name: str, dose: str, schedule: str, start: int, dose_range: str) -> None:
        self.run(
            "add", name, "--kind", "supplement", "--dose", dose, "--schedule", schedule,
            "--start", self.day(start), "--range", dose_range, "--form", "tablet",
            "--strength", "10mg",
        )  # fmt: skip

    @rule(name=NAMES, dose=DOSES, schedule=SCHEDULES, start=DAYS)
    def edit(self, name: str, dose: str, schedule: str, start: int) -> None:
        self.run("edit", name, "--dose", dose, "--schedule", schedule, "--from", self.day(start))

    @rule(name=NAMES, dose=WEEKDAY_DOSES, schedule=SCHEDULES, start=DAYS)
    def edit_by_weekday(self, name: str, dose: str, schedule: str, start: int) -> None:
        self.run("edit", name, "--dose", dose, "--schedule", schedule, "--from", self.day(start))

    @rule(name=NAMES, strength=STRENGTHS, form=st.sampled_from([None, "capsule"]), start=DAYS)
    def edit_strength(self, name: str, strength: str, form: str | None, start: int) -> None:
        self.run("edit", name, "--strength", strength, *(["--form", form] if form else []),
                 "--from", self.day(start))  # fmt: skip

    @rule(name=NAMES, on=DAYS, reason=st.sampled_from([None, "side effects", "\x1b[2J"]))
    def stop(self, name: str, on: int, reason: str | None) -> None:
        self.run("stop", name, "--on", self.day(on), *(["--reason", reason] if reason else []))

    @rule(
        name=NAMES,
        start=st.integers(-40, 10),
        days=st.integers(-1, 20),
        reason=st.sampled_from([None, "surgery"]),
        end=st.booleans(),
    )
    def hold(self, name: str, start: int, days: int, reason: str | None, end: bool) -> None:
        if end:
            self.run("hold", name, "--end")
            return
        self.run("hold", name, "--from", self.day(start), "--until", self.day(start + days),
                 *(["--reason", reason] if reason else []))  # fmt: skip

    @rule(
        words=st.sampled_from(
            [["inr", "2.4"], ["inr", "24"], ["hba1c", "48", "mmol/mol"], ["vitamin", "d", "30"],
             ["ferritin", "80", "--unit", "ng/mL"], ["ferritin", "80"], ["lithium", "<0.1"]]
        ),
        back=st.integers(0, 60 * 48),
    )  # fmt: skip
    def lab(self, words: list[str], back: int) -> None:
        at = (self.now - timedelta(minutes=back)).isoformat(timespec="minutes")
        self.run("lab", *words, "--at", at)

    @rule(born=st.sampled_from(["1950", "1975", "2012", "none", "abc", "2099"]))
    def profile(self, born: str) -> None:
        self.run("profile", "--born", born)

    @rule(
        name=st.sampled_from(["penicillin", "Sulfa drugs", "latex", "", "x" * 90, "pen\x1b[2J"]),
        reaction=st.sampled_from([None, "hives", "rash", "\x07"]),
    )
    def allergy_add(self, name: str, reaction: str | None) -> None:
        self.run("allergy", "add", name, *(["--reaction", reaction] if reaction else []))

    @rule(name=st.sampled_from(["penicillin", "sulfa drugs", "aspirin", ""]))
    def allergy_remove(self, name: str) -> None:
        self.run("allergy", "remove", name)

    @rule(name=NAMES)
    def resume(self, name: str) -> None:
        self.run("resume", name)

    @rule(name=NAMES, amount=st.one_of(st.none(), DOSES), back=st.integers(0, 60 * 48))
    def take(self, name: str, amount: str | None, back: int) -> None:
        at = (self.now - timedelta(minutes=back)).isoformat(timespec="minutes")
        self.run("take", name, *([amount] if amount else []), "--at", at)

    @rule(name=NAMES, back=st.integers(0, 60 * 48))
    def skip(self, name: str, back: int) -> None:
        at = (self.now - timedelta(minutes=back)).isoformat(timespec="minutes")
        self.run("skip", name, "--at", at, "--reason", "felt ill")

    @rule(
        mood=st.sampled_from(["0", "5", "10", "11"]),
        sleep=st.sampled_from(["6h30m", "7", "25"]),
        effect=st.sampled_from(["nausea", "Dry Mouth:severe", "nausea:none", "x:awful"]),
        back=st.integers(0, 60 * 48),
    )
    def checkin(self, mood: str, sleep: str, effect: str, back: int) -> None:
        at = (self.now - timedelta(minutes=back)).isoformat(timespec="minutes")
        self.run("checkin", "--mood", mood, "--sleep", sleep, "--side-effect", effect, "--at", at)

    @rule(answers=st.sampled_from(["0,1,2,3,0,1,2,3,1", "1,1,1", "0 0 0 0 0 0 0 0 0"]))
    def questionnaire(self, answers: str) -> None:
        self.run("checkin", "phq9", "--answers", answers)

    @rule(text=st.sampled_from(["Can I take it at night?", "why\x1b[31m", "ok"]))
    def ask(self, text: str) -> None:
        self.run("ask", text)

    @rule(
        name=NAMES,
        quantity=st.sampled_from(["30 tablets", "500 mg", "2 g", "0.5 tablet", "90 tablet"]),
        on=st.integers(-40, 1),
        days=st.sampled_from([None, "30", "0"]),
        strength=st.sampled_from([None, None, "20mg", "1 tablet"]),
    )
    def fill(
        self, name: str, quantity: str, on: int, days: str | None, strength: str | None
    ) -> None:
        self.run("fill", name, *quantity.split(), "--on", self.day(on),
                 *(["--days", days] if days else []),
                 *(["--strength", strength] if strength else []))  # fmt: skip

    @rule(ingredient=st.sampled_from(["magnesium 100mg", "zinc 11mg", "vitamin d 400 IU"]))
    def add_multivitamin(self, ingredient: str) -> None:
        self.run("add", "multivitamin", "--kind", "supplement", "--unit", "tablet", "--dose",
                 "1 tablet", "--ingredient", ingredient)  # fmt: skip

    @rule(first=NAMES, second=NAMES, gap=st.sampled_from(["2h", "90m", "0m"]))
    def space(self, first: str, second: str, gap: str) -> None:
        self.run("space", first, second, gap)

    @rule(name=NAMES, amount_is=st.sampled_from(["compound", "label"]))
    def amount_is(self, name: str, amount_is: str) -> None:
        self.run("edit", name, "--amount-is", amount_is)

    @rule(name=NAMES, quantity=st.sampled_from(["12 tablets", "0 tablets", "100 mg"]))
    def count(self, name: str, quantity: str) -> None:
        self.run("fill", name, "--count", quantity)

    @rule(
        names=st.lists(NAMES, min_size=1, max_size=4),
        back=st.integers(0, 60 * 48),
        verb=st.sampled_from(["take", "skip"]),
    )
    def several(self, names: list[str], back: int, verb: str) -> None:
        """take (or skip) A, B, ...: all of them or, refused, none (a name twice is refused)."""
        at = (self.now - timedelta(minutes=back)).isoformat(timespec="minutes")
        before = len(self.events())
        words = ", ".join(names).split()
        result = self.run(verb, *words, "--at", at)
        if result.exit_code == 0:
            assert len(self.events()) == before + len(names), result.stdout

    @rule(verb=st.sampled_from(["take", "skip"]), yes=st.booleans())
    def due(self, verb: str, yes: bool) -> None:
        """take --due (or skip --due): at most one line per item; without --yes (no terminal
        here) it logs nothing."""
        before = self.events()
        result = self.run(verb, "--due", *(["--yes"] if yes else []))
        added = self.events()[len(before) :]
        assert len({event["item"] for event in added}) == len(added)
        if not yes:
            assert not added, result.stdout

    @rule(pick=st.integers(0, 200), amount=DOSES)
    def amend(self, pick: int, amount: str) -> None:
        """amend an event picked from the journal (a dose, or anything else to be refused): the
        number of doses that count never changes."""
        events = self.events()
        if not events:
            return
        target = events[pick % len(events)]
        counted = self.live_doses()
        result = self.run("amend", target["id"][:8], *amount.split())
        if result.exit_code == 0:
            assert target["type"] == "dose"
            assert self.live_doses() == counted

    @rule(pick=st.integers(0, 200))
    def undo_by_id(self, pick: int) -> None:
        events = self.events()
        if events:
            self.run("undo", events[pick % len(events)]["id"])

    @rule()
    def undo(self) -> None:
        self.run("undo")

    def events(self) -> list[dict[str, Any]]:
        """The journal's lines, in file order."""
        path = self.home / "journal.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def live_doses(self) -> int:
        """How many doses no void cancels."""
        events = self.events()
        voided = {event["ref"] for event in events if event["type"] == "void"}
        return sum(1 for event in events if event["type"] == "dose" and event["id"] not in voided)

    @rule(hours=st.integers(min_value=-30 * 24, max_value=30 * 24))
    def move_clock(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @rule(name=NAMES, dose=DOSES)
    def import_from_another_device(self, name: str, dose: str) -> None:
        self.run("add", name, "--kind", "supplement", "--dose", dose, home=self.other)
        self.run("take", name, "--at", "1h ago", home=self.other)
        self.run("allergy", "add", "latex", "--reaction", dose, home=self.other)
        self.exports += 1
        path = self.tmp / f"export-{self.exports}.json"
        if self.run("export", "-o", str(path), home=self.other).exit_code == 0:
            self.run("import", str(path))

    @rule()
    def export_and_import_back(self) -> None:
        path = self.tmp / "self.json"
        if self.run("export", "-o", str(path)).exit_code == 0:
            self.run("import", str(path))

    @invariant()
    def store_stays_loadable(self) -> None:
        if not self.home.exists():
            return
        check = self.run("check")
        assert check.exit_code == 0 and check.stdout == "", check.stdout
        report = self.run("report", "--format", "json", "--days", "60")
        assert report.exit_code == 0, report.stderr
        json.loads(report.stdout)
        assert self.run("today").exit_code == 0
        assert self.run("card").exit_code == 0
        assert self.run("allergy", "list").exit_code == 0
        assert self.run("due", "--quiet").exit_code in (0, 1)
        self.supply_agrees_with_its_definition()
        self.medlog_toml_reads_back_as_written()

    def medlog_toml_reads_back_as_written(self) -> None:
        """What medlog writes of a regimen (doses by weekday, each version's own form and
        strength, IU as prescribed) it reads back as the same regimen."""
        import tomli_w

        from medlog.regimen_toml import document_from_regimen, regimen_from_text
        from medlog.store import Store

        regimen = Store(self.home).load_regimen()
        text = tomli_w.dumps(document_from_regimen(regimen)).encode()
        again = regimen_from_text(text, self.home / "medlog.toml")
        assert again.items == regimen.items and again.allergies == regimen.allergies

    def supply_agrees_with_its_definition(self) -> None:
        """supply (and so today's reminder) reads a checkpoint and the last days; the whole
        journal, by the definition, gives the same balance now (a dose dated after a clock
        set back is not on hand's yet)."""
        from medlog.journal import live, read_all
        from medlog.store import Store
        from medlog.supply import on_hand
        from medlog.timeparse import clock_now

        supply = self.run("supply", "--format", "json")
        assert supply.exit_code == 0, supply.stderr
        store = Store(self.home)
        regimen = store.load_regimen()
        events = read_all(store.journal_path).events
        shown = {row["item"]: row["on_hand_unit"] for row in json.loads(supply.stdout)["items"]}
        for item in regimen.items:
            whole = on_hand(item, live(events), clock_now({"MEDLOG_NOW": self.now.isoformat()}))
            if item.key in shown:
                assert shown[item.key] == (None if whole is None else float(whole)), item.key


StoreMachine.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_the_store_stays_loadable = StoreMachine.TestCase


@pytest.mark.slow
def test_the_store_stays_loadable_longer() -> None:
    """The same machine, many more and longer runs."""
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        StoreMachine,
        settings=settings(
            max_examples=300,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
