"""medlog.toml's text and a Regimen, both ways.

The document medlog writes for a regimen has human-readable amounts and canonical
schedules, and leaves out keys without a value; a file's bytes are parsed, migrated to the
current schema (``migrations.py``) and then checked key by key (``regimen_validator.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from medlog.amounts_text import in_iu, stored_dose
from medlog.errors import StoreProblem
from medlog.migrations import SCHEMA, migrate
from medlog.model import DoseRange, Hold, Item, Regimen, RegimenVersion, Settings
from medlog.schedule import format_schedule
from medlog.timeparse import format_duration
from medlog.toml_cache import parsed
from medlog.units import format_decimal, plain_amount


def regimen_from_text(raw: bytes, path: Path, *, store: Path | None = None) -> Regimen:
    """The regimen in medlog.toml's bytes; any fault is an exit-3 problem naming file and key.

    ``store``: the folder of the store whose medlog.toml this is, to keep the parsed document
    with its derived files (``toml_cache``); None for any other text (a merge's other side)."""
    from medlog.conflicts import has_markers

    if has_markers(raw):
        raise StoreProblem(
            f"{path} holds git's conflict markers (two devices changed it); medlog merge unites "
            "both sides. medlog has not changed the file."
        )
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")  # an editor's BOM
    try:
        raw.decode("utf-8")
        document = (
            parse_toml(text) if store is None else parsed(raw, store, lambda: parse_toml(text))
        )
    except UnicodeDecodeError:
        raise StoreProblem(
            f"{path} is not UTF-8 text. medlog has not changed it; fix it by hand or restore "
            "a backup."
        ) from None
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, or a 4300-digit integer
        import tomllib  # what raised it, when it is TOMLDecodeError

        reason = (
            error
            if isinstance(error, tomllib.TOMLDecodeError)
            else "nested too deeply"
            if isinstance(error, RecursionError)
            else "a number too long"
        )
        raise StoreProblem(
            f"{path} is not valid TOML ({reason}). "
            "medlog has not changed it; fix it by hand or restore a backup."
        ) from None
    from medlog.regimen_validator import regimen_from_document  # it reads ITEM_FIELDS

    return regimen_from_document(migrate(document, path), path)


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, imported only when a file is parsed (``toml_cache`` mostly spares a
    command both)."""
    import tomllib

    return tomllib.loads(text)


def document_from_regimen(regimen: Regimen) -> dict[str, Any]:
    """The TOML document for a regimen: human-readable amounts, canonical schedules."""
    items = {item.key: _item_document(item) for item in regimen.items}
    settings: dict[str, Any] = {"on_time_window": format_duration(regimen.settings.on_time_window)}
    if regimen.settings.refill_warning_days != Settings().refill_warning_days:
        settings["refill_warning_days"] = regimen.settings.refill_warning_days
    document: dict[str, Any] = {"schema": SCHEMA}
    if regimen.catalog is not None:
        document["catalog"] = regimen.catalog
    document |= {"settings": settings, "items": items}
    if regimen.limits:
        document["limits"] = {
            limit.substance: {"name": limit.name, "unit": limit.unit}
            | _range_document(limit.range, limit.unit)
            | ({"basis": limit.basis} if limit.basis else {})
            | ({} if limit.mcg_per_iu is None else {"mcg_per_iu": format_decimal(limit.mcg_per_iu)})
            | ({"scope": limit.scope} if limit.scope else {})
            for limit in regimen.limits
        }
    if regimen.profile is not None:
        document["profile"] = {
            "born": regimen.profile.born,
            "facts_year": regimen.profile.year,
        }
    if regimen.spacing:
        document["spacing"] = [
            {
                "a": rule.a,
                "b": rule.b,
                "before": format_duration(rule.before),
                "after": format_duration(rule.after),
                "source": rule.source,
            }
            for rule in regimen.spacing
        ]
    if regimen.allergies:
        document["allergies"] = {
            allergy.key: {"name": allergy.name}
            | ({"reaction": allergy.reaction} if allergy.reaction else {})
            | ({"recorded": allergy.recorded} if allergy.recorded else {})
            for allergy in regimen.allergies
        }
    return document


def _item_document(item: Item) -> dict[str, Any]:
    """One ``[items.KEY]`` table; keys without a value are left out."""
    written = ((key, write(item)) for key, write in ITEM_FIELDS)
    return {key: value for key, value in written if value is not None}


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format_decimal(value)


def _amount(item: Item, value: Decimal | None, shown_in: str | None = None) -> str | None:
    """An amount as stored: in the item's unit, or in IU as prescribed (exactly)."""
    if value is None:
        return None
    iu = in_iu(item, value) if shown_in == "IU" else None
    return plain_amount(value, item.unit) if iu is None else plain_amount(iu, "IU")


def _range(item: Item, found: DoseRange | None) -> dict[str, Any] | None:
    return None if found is None else _range_document(found, item.unit)


# Every key of an [items.KEY] table, in the order medlog writes them, and how each is written
# from the Item (None: left out). regimen_validator.py reads each key and refuses any other:
# a new item field is a row here, its reading there, and a new medlog.toml SCHEMA
# (README "Compatibility").
ITEM_FIELDS: tuple[tuple[str, Callable[[Item], Any]], ...] = (
    ("name", lambda item: item.name),
    ("kind", lambda item: item.kind),
    ("unit", lambda item: item.unit),
    ("substance", lambda item: item.substances[0] if len(item.substances) == 1 else None),
    ("substances", lambda item: list(item.substances) if len(item.substances) > 1 else None),
    ("class", lambda item: item.drug_class),
    ("supply_since", lambda item: item.supply_since),
    (
        "ingredients",
        lambda item: (
            [
                {"substance": part.substance, "amount": plain_amount(part.amount, part.unit)}
                for part in item.ingredients
            ]
            or None
        ),
    ),
    ("counts_as", lambda item: item.counts_as),
    ("fraction", lambda item: _decimal(item.fraction)),
    ("fraction_source", lambda item: item.fraction_source),
    ("amount_is", lambda item: None if item.amount_is == "label" else item.amount_is),
    ("mcg_per_iu", lambda item: _decimal(item.mcg_per_iu)),
    ("iu_source", lambda item: item.iu_source),
    ("form", lambda item: item.form),
    ("strength", lambda item: _amount(item, item.strength, item.current.shown_in)),
    ("range", lambda item: _range(item, item.range)),
    ("dose_limit", lambda item: _range(item, item.dose_limit)),
    ("regimen", lambda item: [_version_document(v, item) for v in item.regimen]),
    ("holds", lambda item: [_hold_document(hold) for hold in item.holds] or None),
    (
        "changes",
        lambda item: [{"at": change.at, "change": change.what} for change in item.changes] or None,
    ),
)


def _range_document(dose_range: DoseRange, unit: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if dose_range.min is not None:
        entry["min"] = plain_amount(dose_range.min, unit)
    if dose_range.max is not None:
        entry["max"] = plain_amount(dose_range.max, unit)
    entry["per"] = dose_range.per
    entry["source"] = dose_range.source
    if dose_range.kind is not None:
        entry["kind"] = dose_range.kind
    if dose_range.total_intake:
        entry["total_intake"] = True
    if dose_range.from_age is not None:
        entry["from_age"] = dose_range.from_age
    return entry


def _version_document(version: RegimenVersion, item: Item) -> dict[str, Any]:
    """One regimen version: its dose (by weekday: "5 mg mon-fri, 2.5 mg sat,sun"; in IU when
    prescribed in IU), schedule, and its own form and strength when not the item's."""
    entry: dict[str, Any] = {"from": version.start}
    dose = stored_dose(item, version)
    if dose is not None:
        entry["dose"] = dose
    entry["schedule"] = format_schedule(version.schedule)
    form, strength = version.form, version.strength
    if version.shown_in == "IU" and (dose is None or "IU" not in dose) and form is None:
        form, strength = item.form, item.strength  # say "IU" in its own strength, then
    if form is not None:
        entry["form"] = form
    if strength is not None:
        entry["strength"] = _amount(item, strength, version.shown_in)
    if version.until is not None:
        entry["until"] = version.until
    if version.stop_reason is not None:
        entry["stop_reason"] = version.stop_reason
    return entry


def _hold_document(hold: Hold) -> dict[str, Any]:
    """One hold: its first and last day (``through``, included) and its reason."""
    entry: dict[str, Any] = {"from": hold.start, "through": hold.until}
    if hold.reason is not None:
        entry["reason"] = hold.reason
    return entry
