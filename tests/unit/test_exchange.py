"""actions/exchange.py: export -> import -> export is lossless for any store (a property)."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medlog import journal
from medlog.actions.exchange import export_document, gather, import_file
from medlog.errors import BadInput
from medlog.export import json_text
from medlog.migrations import CATALOG
from medlog.model import DoseRange, Event, Item, Regimen, RegimenVersion, Settings
from medlog.names import MAX_NOTE, clean_text
from medlog.schedule import parse_schedule
from medlog.store import Store

NOW = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
SCHEDULES = [
    "daily",
    "daily 08:00,20:00",
    "every 3 days 09:00",
    "mon,thu 07:30",
    "as needed max 4/day min interval 6h",
]


def _storable(text: str) -> bool:
    try:
        return clean_text(text, "text", MAX_NOTE) == text
    except BadInput:
        return False


# Any text the command line would accept for a note or a reason (odd characters included).
TEXTS = st.text(
    st.characters(exclude_categories=("Cc", "Cf", "Cs", "Cn", "Co", "Zl", "Zp")),
    min_size=1,
    max_size=15,
).filter(_storable)


@st.composite
def items(draw: st.DrawFn, key: str) -> Item:
    """An item with one to three regimen versions, maybe stopped, maybe with a range."""
    count = draw(st.integers(1, 3))
    starts = sorted(draw(st.sets(st.integers(0, 60), min_size=count, max_size=count)))
    versions = []
    for n, offset in enumerate(starts):
        start = date(2026, 9, 1) + timedelta(days=offset)
        last = n == count - 1
        until = (
            start + timedelta(days=draw(st.integers(1, 20)))
            if last and draw(st.booleans())
            else None
        )
        dose = draw(st.one_of(st.none(), st.decimals(Decimal("0.5"), Decimal(500), places=1)))
        versions.append(
            RegimenVersion(start, parse_schedule(draw(st.sampled_from(SCHEDULES))), dose, until)
        )
    dose_range = draw(
        st.one_of(
            st.none(),
            st.builds(
                lambda low, per: DoseRange(low, low * 2, per, "set by you"),
                st.decimals(Decimal(1), Decimal(100), places=0),
                st.sampled_from(["day", "dose"]),
            ),
        )
    )
    return Item(
        key,
        key.title(),
        draw(st.sampled_from(["rx", "otc", "supplement"])),
        "mg",
        tuple(versions),
        form=None,
        range=dose_range,
    )


@st.composite
def stores(draw: st.DrawFn) -> tuple[Regimen, list[Event]]:
    """A regimen of up to three items and up to 30 events, including voids (each of a dose or
    skip not voided yet, as `medlog undo` makes them)."""
    keys = draw(
        st.lists(st.sampled_from(["alpha", "beta", "gamma"]), min_size=1, max_size=3, unique=True)
    )
    regimen = Regimen(
        Settings(timedelta(minutes=draw(st.integers(10, 240)))),
        tuple(draw(items(key)) for key in keys),
    )
    events: list[Event] = []
    for n in range(draw(st.integers(0, 30))):
        at = datetime(2026, 9, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 80_000)))
        kind = draw(st.sampled_from(["dose", "dose", "skip", "void"]))
        if kind == "void":
            voided = {event.ref for event in events if event.type == "void"}
            targets = [e for e in events if e.type != "void" and e.id not in voided]
            if not targets:
                continue
            target = draw(st.sampled_from(targets))
            events.append(
                Event(
                    f"v{n}",
                    "void",
                    at,
                    at,
                    ref=target.id,
                    reason=draw(st.one_of(st.none(), TEXTS)),
                )
            )
            continue
        item = draw(st.sampled_from(keys))
        note = draw(st.one_of(st.none(), TEXTS))
        if kind == "dose":
            events.append(
                Event(
                    f"e{n}",
                    "dose",
                    at,
                    at,
                    item=item,
                    amount=draw(st.decimals(Decimal("0.1"), Decimal(900), places=2)),
                    unit="mg",
                    note=note,
                )
            )
        else:
            events.append(Event(f"e{n}", "skip", at, at, item=item, reason=note))
    return regimen, events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores())
def test_export_import_export_is_the_same_document(case: tuple[Regimen, list[Event]]) -> None:
    """Whatever the store holds, importing its export into an empty store reproduces it."""
    regimen, events = case
    with tempfile.TemporaryDirectory() as scratch:
        source = Store(Path(scratch) / "source")
        with source.locked():
            source.save_regimen(regimen._replace(catalog=CATALOG))  # as this medlog writes it
            if events:
                source.append(events)
        first = export_document(gather(source))
        backup = Path(scratch) / "backup.json"
        backup.write_text(json_text(first))
        target = Store(Path(scratch) / "target")
        imported = import_file(target, NOW, str(backup))
        assert imported.events_added == len(events)
        assert export_document(gather(target)) == first
        assert json.loads(json_text(first)) == json.loads(backup.read_text())
        again = import_file(target, NOW, str(backup))
        assert (again.events_added, again.items_added) == (0, ())
        assert all(
            event.imported_at == NOW for event in journal.read_all(target.journal_path).events
        )
