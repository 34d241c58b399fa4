"""A medlog.toml document (or the file given to ``medlog import``) checked key by key into
a Regimen.

Every value passes the rule the command line applies to it, and an unknown key is named (a
typo in a hand edit), so what medlog writes it can always read back. A fault names the file
and the key: a store problem (exit 3) for medlog.toml, bad input (exit 2) for an import.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from medlog.allergies import allergy
from medlog.errors import MedlogError, StoreProblem
from medlog.ingredients import with_caps
from medlog.model import (
    KINDS,
    LIMIT_KINDS,
    Allergy,
    Change,
    DoseRange,
    Hold,
    Ingredient,
    Item,
    Limit,
    Profile,
    Regimen,
    RegimenVersion,
    Schedule,
    Settings,
    Spacing,
)
from medlog.names import MAX_CLASS, MAX_NAME, MAX_NOTE, MAX_SUBSTANCES, clean_text, valid_key
from medlog.profile import EARLIEST_BORN
from medlog.regimen_toml import ITEM_FIELDS
from medlog.schedule import (
    MAX_DOSE_TEXT,
    by_weekday,
    names_weekdays,
    parse_schedule,
    parse_weekday_doses,
)
from medlog.timeparse import LATEST, check_supported, parse_duration
from medlog.units import (
    convert,
    exact_amount,
    format_decimal,
    is_count,
    is_mass,
    item_unit,
    parse_amount,
    per_form,
)

T = TypeVar("T")


def _exact(text: str) -> Decimal:
    """An ingredient's amount as medlog can store it exactly."""
    amount = parse_amount(text)
    return exact_amount(amount.value, amount.unit, "the amount")


def regimen_from_document(
    document: dict[str, Any], path: Path, error: type[MedlogError] = StoreProblem
) -> Regimen:
    """Settings and items from a current-schema document; any fault names its key.

    Faults are store problems (exit 3) for medlog.toml; ``medlog import`` passes
    ``BadInput`` for the file a person gave it.
    """
    reader = _RegimenDocumentReader(path, error)
    reader.keys(document, TOP_KEYS, "")
    catalog = document.get("catalog")
    if catalog is not None and (type(catalog) is not int or catalog < 1):
        raise reader.fail("catalog", "expected the catalog's version, a whole number from 1")
    settings_doc = reader.table(document, "settings", required=False)
    reader.keys(settings_doc, {"on_time_window", "refill_warning_days"}, "settings")
    window = reader.text(settings_doc, "on_time_window", "settings", required=False)
    settings = Settings()
    if window is not None:
        settings = settings._replace(
            on_time_window=reader.parse(parse_duration, window, "settings.on_time_window")
        )
    warning = settings_doc.get("refill_warning_days")
    if warning is not None:
        if type(warning) is not int or not 0 <= warning <= MAX_WARNING_DAYS:
            raise reader.fail(
                "settings.refill_warning_days", f"expected whole days, 0 to {MAX_WARNING_DAYS}"
            )
        settings = settings._replace(refill_warning_days=warning)
    items_doc = reader.table(document, "items", required=False)
    items = tuple(reader.item(key, value) for key, value in items_doc.items())
    limits_doc = reader.table(document, "limits", required=False)
    limits = tuple(reader.limit(key, value) for key, value in limits_doc.items())
    spacing = reader.spacing(document.get("spacing"), {item.key for item in items})
    profile = reader.profile(document.get("profile"))
    allergies = reader.allergies(document.get("allergies"))
    return with_caps(Regimen(settings, items, limits, spacing, catalog, profile, allergies))


# The top-level keys of medlog.toml (and of an export's regimen part).
TOP_KEYS = {"schema", "catalog", "settings", "items", "limits", "spacing", "profile", "allergies"}


class _RegimenDocumentReader:
    """Checks one medlog.toml document field by field, naming the file and key at fault."""

    def __init__(self, path: Path, error: type[MedlogError]) -> None:
        self.path = path
        self.error = error

    def fail(self, where: str, what: str) -> MedlogError:
        if self.error is StoreProblem:
            return self.error(
                f"{self.path}: {where}: {what}. medlog has not changed the file; fix it by hand."
            )
        return self.error(f"{self.path.name}: {where}: {what}. Nothing was imported.")

    def keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        """Refuse a key medlog does not know: a typo in a hand edit, or a newer medlog's."""
        for key in table:
            if key not in allowed:
                place = f"{where}.{key}" if where else str(key)
                raise self.fail(
                    place,
                    f"unknown key (medlog knows {', '.join(sorted(allowed))}; "
                    "a typo in a hand edit? a newer medlog's keys come with a newer schema)",
                )

    def table(
        self, parent: dict[str, Any], key: str, *, required: bool = True, where: str = ""
    ) -> dict[str, Any]:
        value = parent.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where + key, "expected a table")
        return value

    def text(
        self,
        parent: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        limit: int = MAX_NOTE,
    ) -> str | None:
        value = parent.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "expected a non-empty string")
        cleaned = self.parse(
            lambda text: clean_text(text, "the text", limit), value, f"{where}.{key}"
        )
        if cleaned != value:
            raise self.fail(f"{where}.{key}", "has spaces around it")
        return value

    def day(self, parent: dict[str, Any], key: str, where: str) -> date | None:
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, str):  # JSON (medlog import) writes dates as ISO strings
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise self.fail(f"{where}.{key}", "expected a date such as 2026-11-27") from None
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.fail(f"{where}.{key}", "expected a date such as 2026-11-27")
        self.parse(lambda _: check_supported(value, "the date"), "", f"{where}.{key}")
        return value

    def parse(self, parser: Callable[[str], T], text: str, where: str) -> T:
        try:
            return parser(text)
        except MedlogError as error:
            raise self.fail(where, error.message.rstrip(".")) from None

    def amount(self, text: str | None, units: _ItemUnits, where: str) -> Decimal | None:
        if text is None:
            return None
        amount = self.parse(parse_amount, text, where)
        strength = per_form(units.strength, units.unit)
        return self.parse(
            lambda _: exact_amount(
                convert(
                    amount,
                    units.unit,
                    form=units.form,
                    strength=strength,
                    mcg_per_iu=units.mcg_per_iu,
                ),
                units.unit,
                text,
            ),
            text,
            where,
        )

    def item(self, key: str, entry: Any) -> Item:
        where = f"items.{key}"
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        if not valid_key(key):
            raise self.fail(where, "item keys are lower-case letters, digits and hyphens")
        self.keys(entry, {key for key, _ in ITEM_FIELDS}, where)
        name = self.text(entry, "name", where, limit=MAX_NAME)
        kind = self.text(entry, "kind", where)
        if kind not in KINDS:
            raise self.fail(f"{where}.kind", "expected rx, otc or supplement")
        unit = self.parse(item_unit, self.text(entry, "unit", where) or "", f"{where}.unit")
        substances = self.substances(entry, where)
        mcg_per_iu = self.iu_factor(entry, where, substances, name or key)
        form, strength = self.units(entry, _ItemUnits(unit, None, None, mcg_per_iu), where)
        units = _ItemUnits(unit, form, strength, mcg_per_iu)
        dose_range = self.range(entry.get("range"), units, f"{where}.range")
        dose_limit = self.range(entry.get("dose_limit"), units, f"{where}.dose_limit")
        if dose_limit is not None and (
            dose_limit.per != "dose" or dose_limit.min is not None or dose_limit.max is None
        ):
            raise self.fail(f"{where}.dose_limit", "expected a max per dose, and no min")
        versions = entry.get("regimen")
        if not isinstance(versions, list) or not versions:
            raise self.fail(f"{where}.regimen", "expected at least one [[regimen]] version")
        regimen = tuple(
            self.version(version, units, f"{where}.regimen[{n}]")
            for n, version in enumerate(versions, start=1)
        )
        regimen = _own_units(regimen, form, units.strength)
        for earlier, later in itertools.pairwise(regimen):
            if later.start <= earlier.start or (earlier.until and later.start < earlier.until):
                raise self.fail(
                    f"{where}.regimen",
                    "versions must start in order, each after the one before it has ended",
                )
        changes = self.changes(entry.get("changes"), f"{where}.changes")
        holds = self.holds(entry.get("holds"), regimen, f"{where}.holds")
        drug_class = self.text(entry, "class", where, required=False, limit=MAX_CLASS)
        amount_is = entry.get("amount_is", "label")
        if amount_is not in ("label", "compound"):
            raise self.fail(f"{where}.amount_is", "expected label or compound")
        fraction = self.fraction(entry, "fraction", where)
        if amount_is == "compound" and fraction is None:
            raise self.fail(f"{where}.amount_is", "compound needs the item's fraction")
        counts_as = self.text(entry, "counts_as", where, required=False)
        if counts_as is not None and not valid_key(counts_as):
            raise self.fail(f"{where}.counts_as", "expected a substance id such as magnesium")
        return Item(
            key=key,
            name=name or key,
            kind=kind,
            unit=unit,
            regimen=regimen,
            substances=substances,
            form=regimen[-1].form or form,
            strength=regimen[-1].strength if regimen[-1].form is not None else units.strength,
            range=dose_range,
            changes=changes,
            drug_class=drug_class,
            supply_since=self.day(entry, "supply_since", where),
            ingredients=self.ingredients(entry.get("ingredients"), f"{where}.ingredients"),
            counts_as=counts_as,
            fraction=fraction,
            fraction_source=self.text(entry, "fraction_source", where, required=False),
            amount_is="compound" if amount_is == "compound" else "label",
            mcg_per_iu=mcg_per_iu,
            iu_source=self.text(entry, "iu_source", where, required=False),
            dose_limit=dose_limit,
            holds=holds,
        )

    def limit(self, key: str, entry: Any) -> Limit:
        """``[limits.magnesium]``: a substance's limit across items, with its unit."""
        where = f"limits.{key}"
        if not valid_key(key):
            raise self.fail(where, "expected a substance id such as magnesium")
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        known = {
            "name",
            "unit",
            "min",
            "max",
            "per",
            "kind",
            "source",
            "basis",
            "mcg_per_iu",
            "scope",
            "total_intake",
            "from_age",
        }
        self.keys(entry, known, where)
        unit = self.parse(item_unit, self.text(entry, "unit", where) or "", f"{where}.unit")
        ranged = {
            k: v
            for k, v in entry.items()
            if k in ("min", "max", "per", "kind", "source", "total_intake", "from_age")
        }
        found = self.range(ranged, _ItemUnits(unit, None, None), where)
        if found is None or found.kind is None:
            raise self.fail(f"{where}.kind", "expected label, upper_limit or typical")
        return Limit(
            key,
            self.text(entry, "name", where, limit=MAX_NAME) or key,
            found,
            unit,
            self.text(entry, "basis", where, required=False),
            self.iu_factor(entry, where, (key,), key),
            self.text(entry, "scope", where, required=False),
        )

    def spacing(self, entries: Any, keys: set[str]) -> tuple[Spacing, ...]:
        """``[[spacing]]``: how far apart two of the items are taken."""
        if entries is None:
            return ()
        if not isinstance(entries, list):
            raise self.fail("spacing", "expected a list of [[spacing]] tables")
        found: list[Spacing] = []
        for n, entry in enumerate(entries, start=1):
            here = f"spacing[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(here, "expected a table")
            self.keys(entry, {"a", "b", "before", "after", "source"}, here)
            pair = [self.text(entry, side, here) or "" for side in ("a", "b")]
            if any(side not in keys for side in pair) or pair[0] == pair[1]:
                raise self.fail(here, "a and b must be two different items in [items]")
            gaps = [
                self.parse(parse_duration, self.text(entry, side, here) or "", f"{here}.{side}")
                for side in ("before", "after")
            ]
            source = self.text(entry, "source", here) or ""
            if any({s.a, s.b} == set(pair) and s.source == source for s in found):
                raise self.fail(here, "a second rule for the same two items from the same source")
            found.append(Spacing(pair[0], pair[1], gaps[0], gaps[1], source))
        return tuple(found)

    def fraction(
        self, entry: dict[str, Any], key: str, where: str, most: Decimal = Decimal(1)
    ) -> Decimal | None:
        """A positive decimal factor written as text ("0.141"), at most ``most``."""
        text = self.text(entry, key, where, required=False)
        if text is None:
            return None
        try:
            value = Decimal(text)
        except ArithmeticError:
            value = Decimal(-1)
        if not value.is_finite() or not 0 < value <= most or value != round(value, 6):
            raise self.fail(f"{where}.{key}", f"expected a number above 0 and at most {most}")
        return value

    def iu_factor(
        self, entry: dict[str, Any], where: str, substances: tuple[str, ...], name: str
    ) -> Decimal | None:
        """``mcg_per_iu``: only ever the catalog's sourced factor for the substance (DESIGN.md
        "Units"), so a hand edit cannot change what an IU weighs. The catalog is read only
        for a table that has one (``take`` reads medlog.toml on every dose)."""
        value = self.fraction(entry, "mcg_per_iu", where, most=Decimal(1000))
        if value is None:
            return None
        from medlog.catalog_text import iu_factor

        factor = iu_factor(substances, name)
        if factor is None:
            raise self.fail(
                f"{where}.mcg_per_iu", "expected none: medlog's catalog gives no IU factor for it"
            )
        if value != factor[0]:
            raise self.fail(
                f"{where}.mcg_per_iu",
                f'expected "{format_decimal(factor[0])}", the catalog\'s factor for it '
                f"({factor[1]})",
            )
        return value

    def ingredients(self, entries: Any, where: str) -> tuple[Ingredient, ...]:
        """``[{substance = "magnesium", amount = "100 mg"}, ...]``: what one unit holds."""
        if entries is None:
            return ()
        if not isinstance(entries, list) or len(entries) > MAX_INGREDIENTS:
            raise self.fail(where, f"expected a list of at most {MAX_INGREDIENTS} ingredients")
        found = []
        for n, entry in enumerate(entries, start=1):
            here = f"{where}[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(here, "expected a table")
            self.keys(entry, {"substance", "amount"}, here)
            substance = self.text(entry, "substance", here) or ""
            if not valid_key(substance):
                raise self.fail(f"{here}.substance", "expected a substance id such as zinc")
            amount = self.parse(parse_amount, self.text(entry, "amount", here) or "", here)
            if is_count(amount.unit):
                raise self.fail(f"{here}.amount", "expected a mass, IU or mL, not a count")
            value = self.parse(_exact, f"{format_decimal(amount.value)} {amount.unit}", here)
            found.append(Ingredient(substance, value, amount.unit))
        if len({ingredient.substance for ingredient in found}) < len(found):
            raise self.fail(where, "a substance is named twice")
        return tuple(found)

    def substances(self, entry: dict[str, Any], where: str) -> tuple[str, ...]:
        """``substance = "id"``, or ``substances = ["id", ...]`` for a combination product."""
        one, many = entry.get("substance"), entry.get("substances")
        if one is None and many is None:
            return ()
        if one is not None and many is not None:
            raise self.fail(f"{where}.substances", "give substance or substances, not both")
        found = [one] if many is None else many
        if (
            not isinstance(found, list)
            or not len(found) <= MAX_SUBSTANCES
            or len(found) < (1 if many is None else 2)
        ):
            raise self.fail(f"{where}.substances", f"expected 2 to {MAX_SUBSTANCES} substance ids")
        for value in found:
            if not isinstance(value, str) or not valid_key(value):
                raise self.fail(
                    f"{where}.substance", "expected a substance id such as escitalopram"
                )
        if len(set(found)) < len(found):
            raise self.fail(f"{where}.substances", "a substance is named twice")
        return tuple(found)

    def changes(self, entries: Any, where: str) -> tuple[Change, ...]:
        if entries is None:
            return ()
        if not isinstance(entries, list):
            raise self.fail(where, "expected a list of [[changes]] tables")
        found = []
        for n, entry in enumerate(entries, start=1):
            here = f"{where}[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(here, "expected a table")
            self.keys(entry, {"at", "change"}, here)
            at = entry.get("at")
            if isinstance(at, str):  # JSON (medlog import) writes times as ISO strings
                try:
                    at = datetime.fromisoformat(at)
                except ValueError:
                    raise self.fail(f"{here}.at", "expected a time with its UTC offset") from None
            if not isinstance(at, datetime) or at.tzinfo is None:
                raise self.fail(f"{here}.at", "expected a time with its UTC offset")
            self.moment(at, f"{here}.at")
            found.append(Change(at, self.text(entry, "change", here) or ""))
        return tuple(found)

    def profile(self, entry: Any) -> Profile | None:
        """``[profile]``: the year of birth, and the year whose age the facts were chosen for
        (``facts_year``; missing in an export: they are chosen again as the store loads)."""
        if entry is None:
            return None
        if not isinstance(entry, dict):
            raise self.fail("profile", "expected a table")
        self.keys(entry, {"born", "facts_year"}, "profile")
        born, year = entry.get("born"), entry.get("facts_year", 0)
        if type(born) is not int or not EARLIEST_BORN <= born <= LATEST.year:
            raise self.fail("profile.born", f"expected a year from {EARLIEST_BORN}")
        if type(year) is not int or not (year == 0 or born <= year <= LATEST.year):
            raise self.fail("profile.facts_year", "expected a year from the year of birth")
        return Profile(born, year)

    def allergies(self, entries: Any) -> tuple[Allergy, ...]:
        """``[allergies.KEY]``: each with its ``name`` (whose key KEY is), an optional
        ``reaction`` and the day it was ``recorded``; checked by ``allergies.allergy``, the
        rule ``medlog allergy add`` applies."""
        if entries is None:
            return ()
        if not isinstance(entries, dict):
            raise self.fail("allergies", "expected a table")
        found = []
        for key, entry in entries.items():
            where = f"allergies.{key}"
            if not isinstance(entry, dict):
                raise self.fail(where, "expected a table")
            self.keys(entry, {"name", "reaction", "recorded"}, where)
            name = self.text(entry, "name", where, limit=MAX_NAME) or ""
            reaction = self.text(entry, "reaction", where, required=False)
            recorded = self.day(entry, "recorded", where)
            made = self.parse(partial(allergy, reaction=reaction, recorded=recorded), name, where)
            if made.key != key:
                raise self.fail(where, f"the key of {name!r} is {made.key}")
            found.append(made)
        return tuple(found)

    def holds(
        self, entries: Any, regimen: tuple[RegimenVersion, ...], where: str
    ) -> tuple[Hold, ...]:
        """``holds = [{from = ..., through = ..., reason = "..."}]``: pauses in date order that
        do not overlap, each starting once the item has started."""
        if entries is None:
            return ()
        if not isinstance(entries, list):
            raise self.fail(where, "expected a list of holds")
        found: list[Hold] = []
        for n, entry in enumerate(entries, start=1):
            here = f"{where}[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(here, "expected a table")
            self.keys(entry, {"from", "through", "reason"}, here)
            start, until = self.day(entry, "from", here), self.day(entry, "through", here)
            if start is None or until is None:
                raise self.fail(here, "a hold needs its first day (from) and last day (through)")
            if until < start or (until - start).days >= MAX_HOLD_DAYS:
                raise self.fail(
                    here, f"'through' must be 0 to {MAX_HOLD_DAYS - 1} days after 'from'"
                )
            if start < regimen[0].start:
                raise self.fail(here, "a hold starts on or after the item's first day")
            if found and start <= found[-1].until:
                raise self.fail(here, "holds must be in date order and must not overlap")
            found.append(Hold(start, until, self.text(entry, "reason", here, required=False)))
        return tuple(found)

    def moment(self, at: datetime, where: str) -> None:
        try:
            check_supported(at, "the time")
        except MedlogError as error:
            raise self.fail(where, error.message.rstrip(".")) from None

    def range(self, entry: Any, units: _ItemUnits, where: str) -> DoseRange | None:
        if entry is None:
            return None
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        self.keys(entry, {"min", "max", "per", "source", "kind", "total_intake", "from_age"}, where)
        low = self.amount(self.text(entry, "min", where, required=False), units, f"{where}.min")
        high = self.amount(self.text(entry, "max", where, required=False), units, f"{where}.max")
        per = entry.get("per", "day")
        if per not in ("day", "dose"):
            raise self.fail(f"{where}.per", "expected day or dose")
        if low is None and high is None:
            raise self.fail(where, "a range needs a min, a max or both")
        if low is not None and high is not None and low > high:
            raise self.fail(where, "min is above max")
        source = self.text(entry, "source", where) or ""
        kind = entry.get("kind")
        if kind is not None and kind not in LIMIT_KINDS:
            raise self.fail(f"{where}.kind", "expected label, upper_limit or typical")
        total_intake = entry.get("total_intake", False)
        if not isinstance(total_intake, bool) or (total_intake and kind != "upper_limit"):
            raise self.fail(f"{where}.total_intake", "expected true, on an upper limit only")
        from_age = entry.get("from_age")
        if from_age is not None and (
            type(from_age) is not int or not 1 <= from_age <= 120 or kind != "upper_limit"
        ):
            raise self.fail(f"{where}.from_age", "expected an age, on an upper limit only")
        return DoseRange(low, high, per, source, kind, total_intake, from_age)

    def units(
        self, entry: dict[str, Any], units: _ItemUnits, where: str
    ) -> tuple[str | None, Decimal | None]:
        """``form`` and ``strength`` of an item, or of a version (where not the item's)."""
        form_text = self.text(entry, "form", where, required=False)
        form = self.parse(item_unit, form_text, f"{where}.form") if form_text else None
        strength_text = self.text(entry, "strength", where, required=False)
        if strength_text is not None and form is None:
            raise self.fail(f"{where}.strength", "a strength needs its form")
        at_form = units._replace(form=form, strength=None)
        return form, self.amount(strength_text, at_form, f"{where}.strength")

    def version(self, entry: Any, units: _ItemUnits, where: str) -> RegimenVersion:
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        self.keys(
            entry, {"from", "dose", "schedule", "until", "stop_reason", "form", "strength"}, where
        )
        start = self.day(entry, "from", where)
        if start is None:
            raise self.fail(f"{where}.from", "expected a date such as 2026-11-27")
        schedule_text = self.text(entry, "schedule", where) or ""
        schedule = self.parse(parse_schedule, schedule_text, f"{where}.schedule")
        form, strength = self.units(entry, units, where)
        own = units if form is None else units._replace(form=form, strength=strength)
        dose_text = self.text(entry, "dose", where, required=False, limit=MAX_DOSE_TEXT)
        dose, week, iu = self.doses(dose_text, own, schedule, f"{where}.dose")
        strength_text = entry.get("strength")
        iu = iu or (units.mcg_per_iu is not None and _in_iu(strength_text))
        until = self.day(entry, "until", where)
        if until is not None and until < start:
            raise self.fail(f"{where}.until", "must not be before 'from'")
        reason = self.text(entry, "stop_reason", where, required=False)
        if reason is not None and until is None:
            raise self.fail(f"{where}.stop_reason", "belongs to a stopped version (with 'until')")
        return RegimenVersion(
            start=start,
            schedule=schedule,
            dose=dose,
            until=until,
            stop_reason=reason,
            by_weekday=week,
            form=form,
            strength=strength,
            shown_in="IU" if iu and is_mass(units.unit) else None,
        )

    def doses(
        self, text: str | None, units: _ItemUnits, schedule: Schedule, where: str
    ) -> tuple[Decimal | None, tuple[Decimal | None, ...], bool]:
        """A version's dose: one amount, or one per weekday naming the schedule's days; and
        whether it is written in IU."""
        if text is None:
            return None, (), False
        if not names_weekdays(text):
            return self.amount(text, units, where), (), _in_iu(text)
        groups = self.parse(parse_weekday_doses, text, where)
        found = tuple((days, self.amount(amount, units, where)) for days, amount in groups)
        week = self.parse(
            lambda _: by_weekday(
                tuple((days, dose or Decimal(0)) for days, dose in found), schedule, text
            ),
            text,
            where,
        )
        iu = all(_in_iu(amount) for _, amount in groups)
        amounts = {dose for dose in week if dose is not None}
        return (amounts.pop(), (), iu) if len(amounts) == 1 else (None, week, iu)


MAX_WARNING_DAYS = 365
MAX_HOLD_DAYS = 366  # a pause longer than a year is a stop
MAX_INGREDIENTS = 40


class _ItemUnits(NamedTuple):
    """The unit facts an item's amounts are converted with while it is being read."""

    unit: str
    form: str | None
    strength: Decimal | None
    mcg_per_iu: Decimal | None = None


def _own_units(
    regimen: tuple[RegimenVersion, ...], form: str | None, strength: Decimal | None
) -> tuple[RegimenVersion, ...]:
    """The versions with the item's form and strength (``form``, ``strength``: those written
    at the item) where they have none of their own, when the latest has its own (the item's
    become the latest's, and no earlier day may change); else as read."""
    latest = regimen[-1]
    if latest.form is None or (latest.form, latest.strength) == (form, strength):
        return regimen
    earlier = (
        version._replace(form=form, strength=strength) if version.form is None else version
        for version in regimen[:-1]
    )
    return (*earlier, latest)


def _in_iu(text: Any) -> bool:
    """True when stored amount text is in IU ("50000 IU")."""
    if not isinstance(text, str):
        return False
    try:
        return parse_amount(text).unit == "IU"
    except MedlogError:
        return False
