"""The bundled catalog of documented ranges (data/catalog.toml), each with its source.

Loaded only by the commands that need it (``add``, ``catalog``), so logging a
dose never pays for it.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from medlog import catalog_text
from medlog.model import DoseRange, Kind
from medlog.schedule import parse_schedule
from medlog.timeparse import parse_duration
from medlog.units import format_decimal, item_unit, parse_amount

NOTE_PLACES = ("add", "stop", "lower", "summary")


@dataclass(frozen=True, slots=True)
class Note:
    """A fact from the catalog that is not a range, with where it comes from.

    ``shown``: where medlog shows it besides ``medlog catalog``: at ``add`` of an item
    holding the substance, at ``stop``, at an edit that ``lower``s the dose, and in the
    clinician ``summary``'s notes.
    """

    text: str
    source: str
    shown: tuple[str, ...] = ("add",)
    from_age: int | None = None  # shown only for a person known to be this age or older


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast a dose may rise: a daily amount of at least ``to`` only ``after_days`` days
    after the lower dose before it began, with where the rule comes from."""

    to: Decimal
    after_days: int
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Factor:
    """A sourced number: an elemental fraction (0.141) or mcg per IU (vitamin D: 0.025)."""

    value: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class Interaction:
    """A sourced note on two things taken together: an item matching a name in ``a`` with
    one matching a name in ``b`` (a substance, a class, an item's key or --class).

    ``within_days``: a stopped item still counts for that many days (MAOIs: 14).
    ``before``/``after``: how far apart ``b`` is taken from ``a``, when the source says.
    """

    a: tuple[str, ...]
    b: tuple[str, ...]
    note: str
    source: str
    within_days: int = 0
    before: timedelta | None = None
    after: timedelta | None = None


@dataclass(frozen=True, slots=True)
class Product:
    """One strength of a substance whose label gives directions of its own (acetaminophen
    Regular Strength 325 mg, Extra Strength 500 mg, 8 HR 650 mg): its dose, schedule, 24-hour
    and per-dose maxima, each with its label as the source."""

    name: str
    strength: Decimal
    directions: str
    dose: Decimal
    schedule: str
    range: DoseRange
    dose_limit: DoseRange


@dataclass(frozen=True, slots=True)
class Substance:
    """A catalog entry: what ``medlog add`` fills in for a known substance or brand.

    ``counts_as``: the substance its amounts count toward (magnesium glycinate ->
    magnesium), with ``fraction`` for amounts of the compound; ``mcg_per_iu`` converts
    IU; ``dose_limit`` is a label's most in one dose; ``classes`` (with their source)
    match interaction notes; ``limit_name`` names the
    range when it limits a total across items ("supplemental magnesium"); ``basis`` says
    what an amount is of where it matters (folate). ``outside_us``: the aliases used in
    other countries (Cipralex), for which medlog says it applies the US label.
    ``range_since`` is the catalog version that added the range; ``range_sources`` every
    wording of its source the catalog has used (its ranges for an age too), so a store's copy
    is known as the catalog's. ``ages``: the range from an age on, for a person whose year of
    birth medlog knows (calcium from 51); see ``for_age``. ``brands`` are found as aliases
    are, and shown with ``brands_source``; ``products``: strengths whose labels differ.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: Kind
    unit: str
    summary: str
    form: str | None = None
    strength: Decimal | None = None
    strengths: tuple[Decimal, ...] = ()
    dose: Decimal | None = None
    schedule: str | None = None
    range: DoseRange | None = None
    dose_limit: DoseRange | None = None
    notes: tuple[Note, ...] = ()
    pace: tuple[Pace, ...] = ()
    classes: tuple[str, ...] = ()
    classes_source: str | None = None
    counts_as: str | None = None
    fraction: Factor | None = None
    mcg_per_iu: Factor | None = None
    limit_name: str | None = None
    basis: str | None = None
    outside_us: tuple[str, ...] = ()
    range_since: int = 0
    range_sources: tuple[str, ...] = ()
    ages: tuple[tuple[int, DoseRange], ...] = ()  # (from age, the range from then on)
    brands: tuple[str, ...] = ()  # brand names (Tylenol), with ``brands_source``
    brands_source: str | None = None
    products: tuple[Product, ...] = ()  # strengths with their own label (see ``product``)


@cache
def _document() -> dict[str, Any]:
    return tomllib.loads(catalog_text.text())


def version() -> int:
    """The catalog's version, raised whenever a fact medlog copies into medlog.toml changes."""
    return int(_document()["version"])


@cache
def load() -> tuple[Substance, ...]:
    """Every catalog entry, in file order (read once per run)."""
    return tuple(_substance(key, entry) for key, entry in _document()["substances"].items())


@cache
def interactions() -> tuple[Interaction, ...]:
    """Every interaction note, in file order."""
    found = []
    for entry in _document().get("interactions", ()):
        spacing = entry.get("spacing", {})
        found.append(
            Interaction(
                a=tuple(entry["a"]),
                b=tuple(entry["b"]),
                note=entry["note"],
                source=entry["source"],
                within_days=int(entry.get("within_days", 0)),
                before=parse_duration(spacing["before"]) if "before" in spacing else None,
                after=parse_duration(spacing["after"]) if "after" in spacing else None,
            )
        )
    return tuple(found)


def _amount(text: str, unit: str) -> Decimal:
    amount = parse_amount(text)
    if amount.unit != unit:
        raise ValueError(f"catalog amount {text!r} is not in {unit}")
    return amount.value


ADULT_AGE = 19
"""The catalog's upper limits are adults' (19+): under 19 they are not applied as if they
fitted (IOM; CATALOG-SOURCES.md, "Upper limits: who they apply to")."""


def for_age(substance: Substance, age: int | None) -> Substance:
    """The entry as it applies to a person of ``age`` (None: unknown, the entry as it is): its
    range for the age when it has one (calcium 2,000 mg from 51), and no upper limit under 19,
    since the catalog's are adults' and children's are lower."""
    if age is None:
        return substance
    chosen = substance.range
    for from_age, dose_range in substance.ages:
        if age >= from_age:
            chosen = dose_range
    if age < ADULT_AGE and chosen is not None and chosen.kind == "upper_limit":
        chosen = None
    return dataclasses.replace(substance, range=chosen)


def product(substance: Substance, strength: Decimal | None) -> Substance:
    """The entry as the label of its product of ``strength`` gives it (acetaminophen 325 mg:
    Regular Strength's dose, schedule and maxima); as it is for an entry without products or
    an unknown strength; without a label's dose, schedule, range or maxima for a strength
    none of its products has (no label in the catalog applies to it)."""
    if not substance.products or strength is None:
        return substance
    for found in substance.products:
        if found.strength == strength:
            return dataclasses.replace(
                substance,
                strength=found.strength,
                dose=found.dose,
                schedule=found.schedule,
                range=found.range,
                dose_limit=found.dose_limit,
                summary=f"{found.name} {found.strength} {substance.unit}: {found.directions}",
            )
    return dataclasses.replace(
        substance, strength=strength, dose=None, schedule=None, range=None, dose_limit=None
    )


def product_words(substance: Substance, found: Product) -> str:
    """A product for people: "Regular Strength 325 mg: 2 tablets every 4 to 6 hours ..."."""
    return f"{found.name} {format_decimal(found.strength)} {substance.unit}: {found.directions}"


def age_thresholds() -> tuple[int, ...]:
    """Every age at which what the catalog applies to a person changes, in order."""
    found = {ADULT_AGE}
    for substance in load():
        found |= {from_age for from_age, _ in substance.ages}
        found |= {note.from_age for note in substance.notes if note.from_age is not None}
    return tuple(sorted(found))


def _range(raw: dict[str, Any], unit: str, from_age: int | None = None) -> DoseRange:
    return DoseRange(
        min=_amount(raw["min"], unit) if "min" in raw else None,
        max=_amount(raw["max"], unit) if "max" in raw else None,
        per=raw["per"],
        source=raw["source"],
        kind=raw["kind"],
        total_intake=bool(raw.get("total_intake", False)),
        from_age=from_age,
    )


def _substance(key: str, entry: dict[str, Any]) -> Substance:
    unit = item_unit(entry["unit"])
    raw_range = entry.get("range")
    dose_range = None if raw_range is None else _range(raw_range, unit)
    ages = tuple(
        (int(band["from_age"]), _range(band["range"], unit, int(band["from_age"])))
        for band in entry.get("ages", ())
    )
    raw_dose = entry.get("dose_max")
    dose_limit = None
    if raw_dose is not None:
        dose_limit = DoseRange(
            None, _amount(raw_dose["max"], unit), "dose", raw_dose["source"], "label"
        )
    schedule = entry.get("schedule")
    if schedule is not None:
        parse_schedule(schedule)
    products = tuple(_product(raw, unit) for raw in entry.get("products", ()))
    return Substance(
        id=key,
        name=entry["name"],
        aliases=tuple(entry.get("aliases", ())),
        kind=entry["kind"],
        unit=unit,
        summary=entry["summary"],
        form=item_unit(entry["form"]) if "form" in entry else None,
        strength=_amount(entry["strength"], unit) if "strength" in entry else None,
        strengths=tuple(_amount(text, unit) for text in entry.get("strengths", ())),
        dose=_amount(entry["dose"], unit) if "dose" in entry else None,
        schedule=schedule,
        range=dose_range,
        dose_limit=dose_limit,
        notes=tuple(_note(note) for note in entry.get("notes", ())),
        pace=tuple(
            Pace(_amount(rule["to"], unit), int(rule["after_days"]), rule["text"], rule["source"])
            for rule in entry.get("pace", ())
        ),
        classes=tuple(entry.get("classes", ())),
        classes_source=entry.get("classes_source"),
        counts_as=entry.get("counts_as"),
        fraction=_factor(entry.get("fraction"), "value"),
        mcg_per_iu=_factor(entry.get("iu"), "mcg_per_iu"),
        limit_name=entry.get("limit_name"),
        basis=entry.get("basis"),
        outside_us=tuple(entry.get("outside_us", ())),
        range_since=int(raw_range.get("since", 0)) if raw_range is not None else 0,
        range_sources=(
            ()
            if raw_range is None
            else (raw_range["source"], *raw_range.get("earlier_sources", ()))
        )
        + tuple(band.source for _, band in ages)
        + tuple(found.range.source for found in products),
        ages=ages,
        brands=tuple(entry.get("brands", ())),
        brands_source=entry.get("brands_source"),
        products=products,
    )


def _product(raw: dict[str, Any], unit: str) -> Product:
    parse_schedule(raw["schedule"])
    limit = raw["dose_max"]
    return Product(
        name=raw["name"],
        strength=_amount(raw["strength"], unit),
        directions=raw["directions"],
        dose=_amount(raw["dose"], unit),
        schedule=raw["schedule"],
        range=_range(raw["range"], unit),
        dose_limit=DoseRange(None, _amount(limit["max"], unit), "dose", limit["source"], "label"),
    )


def _note(entry: dict[str, Any]) -> Note:
    shown = tuple(entry.get("shown", ("add",)))
    if not set(shown) <= set(NOTE_PLACES):
        raise ValueError(f"catalog note shown at {shown!r}; known places are {NOTE_PLACES}")
    from_age = entry.get("from_age")
    return Note(entry["text"], entry["source"], shown, None if from_age is None else int(from_age))


def _factor(entry: dict[str, str] | None, key: str) -> Factor | None:
    found = catalog_text.factor(entry, key)
    return None if found is None else Factor(*found)


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def names(substance: Substance) -> tuple[str, ...]:
    """Every name the entry is found by: its id, name, aliases and brands."""
    return (substance.id, substance.name, *substance.aliases, *substance.brands)


def find(name: str, substances: tuple[Substance, ...]) -> Substance | None:
    """The entry whose id, name, an alias or a brand is ``name`` (ignoring case, spaces and
    hyphens)."""
    wanted = _fold(name)
    for substance in substances:
        if wanted in {_fold(text) for text in names(substance)}:
            return substance
    return None


def entry_of(
    substances: tuple[str, ...], name: str, strength: Decimal | None = None
) -> Substance | None:
    """The catalog entry an item's facts come from: its one substance when the catalog knows
    it (--substance magnesium-glycinate on a product it does not), else the entry its name
    finds (lexapro); as the label of its product of ``strength`` gives it (acetaminophen
    325 mg: Regular Strength's), where the entry's strengths have labels of their own."""
    entries = load()
    found = find(substances[0], entries) if len(substances) == 1 else None
    if found is None:
        found = find(name, entries)
    return None if found is None else product(found, strength)


def search(query: str, substances: tuple[Substance, ...]) -> tuple[Substance, ...]:
    """Entries whose id, name, aliases or brands contain ``query``; all of them for an empty
    query."""
    wanted = _fold(query)
    return tuple(
        substance
        for substance in substances
        if any(wanted in _fold(text) for text in names(substance))
    )


def outside_us(name: str, substance: Substance) -> bool:
    """True when ``name`` is what the substance is called in other countries (Cipralex,
    paracetamol): medlog then says it applies the US label."""
    return _fold(name) in {_fold(alias) for alias in substance.outside_us}


def spelled(name: str, substance: Substance) -> str:
    """How the catalog spells ``name``: "lexapro" -> "Lexapro", "escitalopram" -> "Escitalopram"."""
    wanted = _fold(name)
    for alias in (*substance.aliases, *substance.brands):
        if _fold(alias) == wanted:
            return alias if alias != alias.lower() else name
    if wanted in (_fold(substance.id), _fold(substance.name)):
        return substance.name
    return name
