"""take, today and due read only the journal's tail; they must agree with a full read.

The system clock may wander up to 30 days either side of true time between commands,
and imports append old events: a property test drives logging with such a clock and,
after every step, compares what the tail path says about a day with what reading the
whole journal says about it (the report's path).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medlog.actions import doses, items, report, today
from medlog.actions.exchange import export_document, gather, import_file
from medlog.errors import BadInput
from medlog.export import json_text
from medlog.store import Store
from medlog.timeparse import localize
from tests.conftest import Run, ok

Medlog = Callable[..., Run]

TRUE_START = datetime(2026, 11, 1, 7, 0)

steps = st.lists(
    st.tuples(
        st.sampled_from(["take", "take_back", "skip", "undo", "import", "prn"]),
        st.integers(min_value=0, max_value=14 * 60),  # minutes of true time that pass first
        st.integers(min_value=-30 * 24, max_value=30 * 24),  # the clock's error, in hours
    ),
    min_size=1,
    max_size=25,
)


def tail_and_full_agree(store: Store, now: datetime) -> None:
    """today's figures for every item equal the full read's figures for that day."""
    view = today.today(store, now)
    full = report.report(store, now, since=now.date().isoformat(), until=now.date().isoformat())
    by_key = {period.item.key: period.days[0] for period in full.items}
    for line in view.items:
        whole = by_key[line.item.key]
        tail = line.figures
        assert (tail.taken, tail.counted, tail.skipped, tail.total) == (
            whole.taken,
            whole.counted,
            whole.skipped,
            whole.total,
        )
        assert [slot.dose or slot.skip for slot in tail.slots] == [
            slot.dose or slot.skip for slot in whole.slots
        ]


def full_day_total(store: Store, now: datetime, key: str, day: str) -> object:
    full = report.report(store, now, since=day, until=day, item_names=[key])
    return full.items[0].days[0].total


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_tail_agrees_with_a_full_read_whatever_the_clock(
    plan: list[tuple[str, int, int]],
) -> None:
    """After every take, skip, undo or import under a wandering clock, today == the full read."""
    folder = Path(tempfile.mkdtemp(prefix="medlog-skew-"))
    try:
        store = Store(folder / "home")
        other = Store(folder / "other")
        start = localize(TRUE_START - timedelta(days=60))
        for where in (store, other):
            items.add(
                where,
                start,
                "lexapro",
                items.ItemOptions(dose="10mg", schedule="daily 08:00,20:00"),
                start=start.date().isoformat(),
            )
        items.add(
            store,
            start,
            "ibuprofen",
            items.ItemOptions(dose="200mg", schedule="as needed", kind="otc"),
            start=start.date().isoformat(),
        )
        true_now = TRUE_START
        for action, minutes, error in plan:
            true_now += timedelta(minutes=minutes)
            clock = localize(true_now + timedelta(hours=error))
            if action in ("take", "take_back", "prn"):
                at = None if action != "take_back" else "3h ago"
                key = "ibuprofen" if action == "prn" else "lexapro"
                logged = doses.take(store, clock, [key], at_text=at)
                day = logged.event.day.isoformat()
                assert logged.day_total == full_day_total(store, clock, key, day)
            elif action == "skip":
                doses.skip(store, clock, ["lexapro"])
            elif action == "undo":
                try:
                    doses.undo(store, clock)
                except BadInput as refused:  # nothing logged yet
                    assert "nothing to undo" in refused.message
            else:
                doses.take(other, clock, ["lexapro"], at_text="1h ago")
                path = folder / "other.json"
                path.write_text(json_text(export_document(gather(other))))
                try:
                    import_file(store, clock, str(path))
                except BadInput as refused:  # the other device's doses are in this clock's future
                    assert "in the future" in refused.message
            tail_and_full_agree(store, clock)
            tail_and_full_agree(store, localize(true_now))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_tail_agrees_with_a_full_read_longer(plan: list[tuple[str, int, int]]) -> None:
    """The same property over many more plans."""
    test_the_tail_agrees_with_a_full_read_whatever_the_clock.hypothesis.inner_test(plan)  # type: ignore[attr-defined]


def test_a_clock_set_back_does_not_hide_todays_dose(medlog: Medlog, lexapro: None) -> None:
    """take at 08:00, a take with the clock five days back, then today: 25 mg, 08:00 taken (an
    outsider's finding, issue 8)."""
    ok(medlog("take", "lexapro", now="2026-11-27T08:00"))
    ok(medlog("take", "lexapro", now="2026-11-22T08:00"))
    today = ok(medlog("today", now="2026-11-27T12:00")).stdout
    assert "taken 08:00" in today and "overdue" not in today
    result = ok(medlog("take", "lexapro", "15mg", now="2026-11-27T12:00"))
    assert "day total 25 mg" in result.stdout
