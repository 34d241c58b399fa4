"""The item list and the event history as JSON, CSV and Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from medlog import measures
from medlog.actions.history import Entry, History, Missed
from medlog.export import csv_text, json_text, md_table, range_document
from medlog.labs import lab_unit
from medlog.model import Checkin, Event, Item, RegimenVersion
from medlog.questionnaires import item9_of
from medlog.schedule import format_schedule

if TYPE_CHECKING:
    from medlog.actions.report import MissedSlot
    from medlog.actions.supply import Stock


def items_document(items: Iterable[Item]) -> dict[str, Any]:
    """``medlog.items/1``: each item with its unit, range and every regimen version."""
    return {
        "schema": "medlog.items/1",
        "items": [
            {
                "item": item.key,
                "name": item.name,
                "substance": item.substance,
                "substances": list(item.substances),
                "class": item.drug_class,
                "ingredients": [
                    {"substance": part.substance, "amount": part.amount, "unit": part.unit}
                    for part in item.ingredients
                ],
                "counts_as": item.counts_as,
                "fraction": item.fraction,
                "amount_is": item.amount_is,
                "kind": item.kind,
                "unit": item.unit,
                "form": item.form,
                "strength": item.strength,
                "prn": item.prn,
                "range": range_document(item.range, item.unit),
                "regimen": [_version_document(item, version) for version in item.regimen],
                "stopped": item.stopped,
                "stop_reason": item.current.stop_reason,
                "holds": [
                    {"from": held.start, "through": held.until, "reason": held.reason}
                    for held in item.holds
                ],
                "changes": [{"at": change.at, "change": change.what} for change in item.changes],
            }
            for item in items
        ],
    }


def _version_document(item: Item, version: RegimenVersion) -> dict[str, Any]:
    """One regimen version. ``dose`` is the amount at each slot, or, for a dose by weekday,
    its text as written ("5 mg mon-fri, 2.5 mg sat,sun"), with ``dose_by_weekday`` giving each
    scheduled weekday's amount ({"mon": 5, ...}; null for one dose); ``weekly_total`` is what
    the schedule asks for in a week; ``form`` and ``strength`` are those in force for it
    (DESIGN.md "Strength"); ``shown_in`` is "IU" when prescribed in IU."""
    from medlog.schedule import WEEKDAYS, weekday_doses_text, weekly_total
    from medlog.units import plain_amount

    form, strength = item.units_on(version.start)
    week = weekly_total(version) if version.schedule.kind in ("daily", "weekdays") else None
    return {
        "from": version.start,
        "dose": version.dose
        if not version.by_weekday
        else weekday_doses_text(version.by_weekday, lambda dose: plain_amount(dose, item.unit)),
        "schedule": format_schedule(version.schedule),
        "until": version.until,
        "stop_reason": version.stop_reason,
        "dose_by_weekday": {
            WEEKDAYS[day]: dose for day, dose in enumerate(version.by_weekday) if dose is not None
        }
        or None,
        "weekly_total": None if week is None else Decimal(week.numerator) / week.denominator,
        "form": form,
        "strength": strength,
        "shown_in": version.shown_in,
    }


HISTORY_FIELDS = (
    "id",
    "type",
    "item",
    "amount",
    "unit",
    "at",
    "note",
    "reason",
    "voided",
    "given",
    "ref",
    "logged_at",
    "mood",
    "anxiety",
    "sleep_minutes",
    "sleep_quality",
    "side_effects",
    "instrument",
    "answers",
    "text",
    "days_supply",
    "days_inferred",
    "on_hand",
    "count",
    "item9",
    "amends",
    "test",
    "value",
    "loinc",
)  # the CSV's columns, in order: only ever appended (README "Compatibility")


def history_rows(chosen: Iterable[Entry]) -> list[dict[str, Any]]:
    """Each history entry as the ``medlog.history/1`` contract names its fields."""
    rows = []
    for entry in chosen:
        event = entry.event
        item = event.item or (entry.target.item if entry.target else None)
        rows.append(
            {
                "id": event.id,
                "type": event.type,
                "item": item,
                "amount": event.amount,
                "unit": event.unit,
                "at": event.at,
                "note": event.note,
                "reason": event.reason,
                "voided": entry.voided_by is not None,
                "given": event.given,
                "ref": event.ref,
                "logged_at": event.logged_at,
                **_checkin_fields(event.checkin),
                "text": event.text,
                "days_supply": event.days_supply,
                "days_inferred": event.days_inferred if event.type == "fill" else None,
                "on_hand": event.on_hand,
                "count": event.counted if event.type == "fill" else None,
                "amends": event.amends,
                **_lab_fields(event),
            }
        )
    return rows


def _lab_fields(event: Event) -> dict[str, Any]:
    """A lab result's test key, value and LOINC code (None for other events, and for a test
    or unit without a code)."""
    if event.type != "lab" or event.test is None:
        return {"test": None, "value": None, "loinc": None}
    found = lab_unit(event.test, event.unit or "")
    return {"test": event.test, "value": event.value, "loinc": found.loinc if found else None}


def _checkin_fields(checkin: Checkin | None) -> dict[str, Any]:
    """A check-in's measures as flat fields, one per row of ``measures.MEASURES`` (None for
    other events); ``item9``: the PHQ-9's answer to question 9, 0-3, in a field of its own so
    that no reader can miss it."""
    keys = [found.key for found in measures.MEASURES]
    if checkin is None:
        return dict.fromkeys((*keys, "side_effects", "instrument", "answers", "item9"))
    return {
        **{key: checkin.value(key) for key in keys},
        "side_effects": [{"name": e.name, "severity": e.severity} for e in checkin.side_effects]
        or None,
        "instrument": checkin.instrument,
        "answers": list(checkin.answers) or None,
        "item9": item9_of(checkin),
    }


def history_fields() -> tuple[str, ...]:
    """The history's fields in CSV column order: ``HISTORY_FIELDS``, then any measure added to
    ``measures.MEASURES`` since (columns are only ever appended)."""
    added = tuple(m.key for m in measures.MEASURES if m.key not in HISTORY_FIELDS)
    return HISTORY_FIELDS + added


def history_json(history: History) -> str:
    """``medlog.history/1``: the period and its events, voided ones marked."""
    return json_text(
        {
            "schema": "medlog.history/1",
            "period": {"since": history.since, "until": history.until},
            "events": history_rows(history.entries),
        }
    )


def history_csv(history: History) -> str:
    """One CSV row per history event, with the same fields as the JSON."""
    return events_csv(history.entries)


def events_csv(chosen: Iterable[Entry]) -> str:
    """One CSV row per event, voided ones marked; formula-like text is neutralised.

    A check-in's lists become one cell each: side effects as "nausea:mild; dry mouth:none"
    (names hold no ":" or ";"), answers as "0,1,2,...".
    """
    return csv_text(
        history_fields(),
        ([_cell(row[field]) for field in history_fields()] for row in history_rows(chosen)),
    )


def _cell(value: Any) -> Any:
    """A JSON list as one CSV cell."""
    if not isinstance(value, list):
        return value
    if value and isinstance(value[0], dict):
        return "; ".join(f"{effect['name']}:{effect['severity']}" for effect in value)
    return ",".join(map(str, value))


def history_md(history: History) -> str:
    """The history as a Markdown table."""
    lines = [f"# History {history.since} to {history.until}", ""]
    if not history.entries:
        return "\n".join([*lines, "Nothing was logged in this period.", ""])
    from medlog import summary

    rows = [summary.history_cells(entry) for entry in history.entries]
    return "\n".join([*lines, *md_table(summary.HISTORY_HEADER, rows)])


def supply_json(stocks: Sequence[Stock], now: datetime) -> str:
    """``medlog.supply/1``: each item's supply. ``on_hand`` and ``daily_use`` are in
    ``counted_in`` (the form, such as tablet, when the item has one; else its unit);
    ``on_hand_unit`` is the same supply in the item's unit; ``last_dose`` is the last day
    whose doses it covers, ``refill_by`` the first with a dose it does not, ``doses_left``
    the doses it covers from now (``sparse``: the regimen skips days, so these say more than
    ``days_left``); unknown figures are null. Listed in the regimen's order."""
    from medlog.supply import in_count

    items = []
    for stock in stocks:
        seen, last = stock.outlook, stock.last_fill
        item = seen.item
        items.append(
            {
                "item": item.key,
                "name": item.name,
                "counted_in": item.counted_in,
                "unit": item.unit,
                "on_hand": None if seen.on_hand is None else in_count(item, seen.on_hand),
                "on_hand_unit": seen.on_hand,
                "daily_use": None if seen.daily_use is None else in_count(item, seen.daily_use),
                "days_left": seen.days_left,
                "runs_out": seen.runs_out,
                "last_dose": seen.last_dose,
                "refill_by": seen.refill_by,
                "doses_left": seen.doses_left,
                "sparse": seen.sparse,
                "last_fill": None
                if last is None
                else {
                    "date": last.day,
                    "amount": last.amount,
                    "given": last.given,
                    "days_supply": last.days_supply,
                },
            }
        )
    return json_text({"schema": "medlog.supply/1", "generated_at": now, "items": items})


def missed_rows(slots: Iterable[MissedSlot]) -> list[dict[str, Any]]:
    """Each missed slot as ``medlog.missed/1`` names its fields."""
    return [
        {
            "date": slot.day,
            "time": f"{slot.time:%H:%M}" if slot.time is not None else None,
            "item": slot.item.key,
            "name": slot.item.name,
            "dose": slot.dose,
            "unit": slot.item.unit,
        }
        for slot in slots
    ]


MISSED_FIELDS = ("date", "time", "item", "name", "dose", "unit")


def missed_json(missed: Missed) -> str:
    """``medlog.missed/1``: the period and each missed slot (``time`` null when untimed)."""
    return json_text(
        {
            "schema": "medlog.missed/1",
            "period": {"since": missed.since, "until": missed.until},
            "missed": missed_rows(missed.slots),
        }
    )


def missed_csv(missed: Missed) -> str:
    """One CSV row per missed slot, with the JSON's fields."""
    return csv_text(
        MISSED_FIELDS, ([row[key] for key in MISSED_FIELDS] for row in missed_rows(missed.slots))
    )


def missed_md(missed: Missed) -> str:
    """The missed slots as a Markdown table."""
    from medlog import summary

    lines = [f"# Missed doses {missed.since} to {missed.until}", ""]
    if not missed.slots:
        return "\n".join([*lines, summary.NOTHING_MISSED, ""])
    rows = [summary.missed_cells(slot) for slot in missed.slots]
    return "\n".join([*lines, *md_table(summary.MISSED_HEADER, rows)])
