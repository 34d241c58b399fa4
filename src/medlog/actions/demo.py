"""``medlog demo``: a realistic month in a new store, never the person's real one."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from medlog import journal
from medlog.actions import history as history_action
from medlog.actions import items, supply
from medlog.actions import report as report_action
from medlog.actions import today as today_action
from medlog.checkin_rules import make_checkin
from medlog.errors import BadInput
from medlog.model import Checkin, Event, EventType, SideEffect
from medlog.store import Store
from medlog.timeparse import localize

DEMO_DAYS = 30
WARFARIN = "5mg mon-fri, 2.5mg sat,sun"  # a dose by weekday, as anticoagulation clinics write it
TITRATION_DAY = 14  # days into the month when Lexapro goes from 10 to 20 mg
MAGNESIUM_DAY = 9  # when magnesium glycinate is added, hoping for better sleep
LAB_DAY = 2  # a vitamin D level from a check-up


@dataclass(frozen=True)
class Demo:
    """The demo store's place, and what its today and history views show."""

    home: Path
    today: today_action.Today
    history: history_action.History
    report: report_action.Report


def demo(home: Path | None, now: datetime) -> Demo:
    """Build the sample store in ``home`` (new or empty) or a new temporary directory."""
    if home is None:
        home = Path(tempfile.mkdtemp(prefix="medlog-demo-"))
    store = Store(home)
    if home.exists() and not home.is_dir():
        raise BadInput(f"{home} is not a directory; the demo needs a new or empty one.")
    if home.is_dir() and any(home.iterdir()):
        raise BadInput(
            f"{home} is not empty; the demo writes only to a new or empty directory, "
            "so it can never touch a real store."
        )
    first = now.date() - timedelta(days=DEMO_DAYS - 1)
    _add_items(store, now, first)
    month = _month(first, now)
    for moment, words, days in _fills(first):  # each fill logged when it happened
        with store.locked():
            store.append([event for event in month if event.logged_at < moment])
        month = [event for event in month if event.logged_at >= moment]
        supply.fill(store, moment, words, days_text=days, note="pharmacy")
    with store.locked():
        store.append(month)
    recent = (now.date() - timedelta(days=6)).isoformat()
    return Demo(
        home,
        today_action.today(store, now),
        history_action.history(store, now, since=recent),
        report_action.report(store, now),
    )


def _add_items(store: Store, now: datetime, first: date) -> None:
    start = first.isoformat()
    items.add(
        store, now, "Lexapro", items.ItemOptions(dose="10mg", schedule="daily 08:00"), start=start
    )
    items.edit(
        store,
        now,
        "lexapro",
        items.ItemOptions(dose="20mg"),
        start=(first + timedelta(days=TITRATION_DAY)).isoformat(),
    )
    items.add(
        store,
        now,
        "Magnesium glycinate",
        items.ItemOptions(dose="200mg", schedule="daily 21:00", form="capsule", strength="200mg"),
        start=(first + timedelta(days=MAGNESIUM_DAY)).isoformat(),
    )
    items.add(
        store,
        now,
        "Multivitamin",
        items.ItemOptions(
            dose="1 tablet",
            schedule="daily 08:00",
            kind="supplement",
            unit="tablet",
            ingredients=("magnesium 100mg", "zinc 11mg", "vitamin d 25mcg"),
        ),
        start=start,
    )
    items.add(
        store,
        now,
        "Warfarin",
        items.ItemOptions(
            dose=WARFARIN,
            schedule="daily 17:00",
            kind="rx",
            form="tablet",
            strength="5mg",
        ),
        start=start,
    )
    items.add(
        store,
        now,
        "Ibuprofen",
        items.ItemOptions(dose="200mg", schedule="as needed max 3/day min interval 4h", kind="otc"),
        start=start,
    )


def _fills(first: date) -> list[tuple[datetime, list[str], str]]:
    """Lexapro and warfarin filled on the first day, Lexapro again, for 20 mg a day, on day
    20; a bottle of 20 magnesium capsules when it starts, nearly gone by today (so ``today``
    says to refill)."""
    return [
        (localize(datetime.combine(first + timedelta(days=day), time(12))), words, days)
        for day, words, days in (
            (0, ["lexapro", "30", "tablets"], "30"),
            (0, ["warfarin", "90", "tablets"], "90"),
            (MAGNESIUM_DAY, ["magnesium-glycinate", "20", "capsules"], "20"),
            (20, ["lexapro", "60", "tablets"], "30"),
        )
    ]


def _month(first: date, now: datetime) -> list[Event]:
    """A month: Lexapro mostly taken (a skip, two misses, a late dose); warfarin, 5 mg on
    weekdays and 2.5 mg at weekends, missed once; magnesium, added on
    day 9, missed often enough to fall under 80 %, with one day above its range; ibuprofen
    twice taken too soon; and an evening check-in most days (sleep a little better once
    magnesium starts, mild nausea early on Lexapro), two PHQ-9s and GAD-7s, a question, and
    a vitamin D level."""
    rng = random.Random(20261127)  # noqa: S311 -- sample data, the same month every time
    warfarin_times = random.Random(17)  # noqa: S311
    events: list[Event] = []

    def log(
        day: date,
        clock: time,
        item: str,
        amount: str | None,
        *,
        note: str | None = None,
        reason: str | None = None,
        unit: str = "mg",
        times: random.Random = rng,
    ) -> None:
        at = localize(datetime.combine(day, clock)) + timedelta(minutes=times.randint(-20, 35))
        if at > now:
            return
        logged = min(at + timedelta(minutes=times.randint(0, 5)), now)
        kind: EventType = "dose" if amount is not None else "skip"
        events.append(
            Event(
                journal.new_id(),
                kind,
                at,
                logged,
                item=item,
                amount=None if amount is None else Decimal(amount),
                unit=None if amount is None else unit,
                note=note,
                reason=reason,
            )
        )

    for offset in range(DEMO_DAYS):
        day = first + timedelta(days=offset)
        lexapro = "10" if offset < TITRATION_DAY else "20"
        if offset == 11:
            log(day, time(8), "lexapro", None, reason="nausea; asked my doctor")
        elif offset == 19:
            log(day, time(12, 30), "lexapro", lexapro, note="forgot until lunch")
        elif offset not in (5, 23):
            log(day, time(8), "lexapro", lexapro)
        if offset == 21:
            log(day, time(13), "magnesium-glycinate", "300", note="extra for cramps")
        if offset >= MAGNESIUM_DAY and offset not in (12, 16, 19, 24, 27):
            log(day, time(21), "magnesium-glycinate", "200")
        if offset not in (5, 12, 23):
            log(day, time(8, 5), "multivitamin", "1", unit="tablet")
        if offset != 16:  # its own clock, so adding it left the other items' times as they were
            amount = "2.5" if day.weekday() >= 5 else "5"
            log(day, time(17), "warfarin", amount, times=warfarin_times)
        if offset in (3, 17):
            log(day, time(10), "ibuprofen", "200", note="headache")
            log(day, time(12, 30), "ibuprofen", "200", note="headache")
    events += _checkins(first, now, rng)
    events += _labs(first, now)
    events.sort(key=lambda event: event.logged_at)
    return events


def _labs(first: date, now: datetime) -> list[Event]:
    """A 25-OH vitamin D level from a check-up on day 2, logged that evening: the report sets
    it beside the multivitamin, which holds vitamin D."""
    at = localize(datetime.combine(first + timedelta(days=LAB_DAY), time(9, 30)))
    logged = at + timedelta(hours=9)
    if logged > now:
        return []
    return [
        Event(journal.new_id(), "lab", at, logged, unit="ng/mL", note="annual check-up",
              test="vitamin-d", value=Decimal(24))
    ]  # fmt: skip


def _checkins(first: date, now: datetime, rng: random.Random) -> list[Event]:
    """Evening check-ins: mood, anxiety, sleep (a little longer and better once magnesium
    starts), mild nausea in Lexapro's first days; PHQ-9 and GAD-7 at the start and near the
    end; two entries filled in the next morning; a question for the visit."""
    found: list[Event] = []

    def add(day: date, clock: time, late: timedelta = timedelta(0), **kinds: object) -> None:
        at = localize(datetime.combine(day, clock))
        logged = at + late
        if logged <= now:
            found.append(Event(journal.new_id(), "checkin" if "text" not in kinds else "question",
                               at, logged, **kinds))  # type: ignore[arg-type]  # fmt: skip

    for offset in range(DEMO_DAYS):
        day = first + timedelta(days=offset)
        if offset in (7, 20):
            continue  # forgot to check in
        better = offset >= MAGNESIUM_DAY
        effects: tuple[SideEffect, ...] = ()
        if offset < 5:
            effects = (SideEffect("nausea", "mild"),)
        elif offset == 5:
            effects = (SideEffect("nausea", "none"),)
        values = {
            "mood": min(10, 4 + offset // 8 + rng.randint(0, 1)),
            "anxiety": max(0, 6 - offset // 9 - rng.randint(0, 1)),
            "sleep_minutes": (405 if better else 370) + 5 * rng.randint(0, 6),
            "sleep_quality": (7 if better else 5) + rng.randint(0, 1),
        }
        checkin = make_checkin(values, effects)
        late = timedelta(hours=11) if offset in (10, 22) else timedelta(minutes=2)
        add(day, time(22, 15), late, checkin=checkin)
    questionnaires = (
        (0, (2, 2, 1, 2, 1, 1, 1, 1, 0), (2, 2, 1, 1, 1, 1, 1)),
        (27, (1, 1, 1, 1, 0, 1, 1, 0, 0), (1, 1, 1, 0, 1, 0, 1)),
    )
    for offset, phq9, gad7 in questionnaires:
        day = first + timedelta(days=offset)
        add(day, time(22, 20), checkin=Checkin(instrument="phq9", answers=phq9))
        add(day, time(22, 25), checkin=Checkin(instrument="gad7", answers=gad7))
    add(
        first + timedelta(days=DEMO_DAYS - 2),
        time(20),
        text="Can I take magnesium at night with Lexapro?",
    )
    return found
