"""The nouns medlog works with, as immutable records; no I/O, no parsing.

Amounts are ``Decimal`` in the item's unit; dates are local calendar days;
datetimes are aware and keep the UTC offset of the place they were lived in.

The records are NamedTuples rather than frozen dataclasses: every ``take``
imports this module, and building seven frozen dataclasses costs about 3 ms
of start-up (a NamedTuple class about a tenth of that), a budgeted few percent
of the command. Change one with ``_replace``. Like the other modules a ``take``
imports that define NamedTuples, this one does without ``from __future__ import
annotations``: NamedTuple turns each string annotation into a ForwardRef, which
was half its import time.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal, NamedTuple

USER_SOURCE = "set by you"
"""The source of a range, fraction or spacing rule the person set without naming one."""
Kind = Literal["rx", "otc", "supplement"]
KINDS: tuple[Kind, ...] = ("rx", "otc", "supplement")
Per = Literal["day", "dose"]
EventType = Literal["dose", "skip", "void", "checkin", "question", "fill", "lab"]
Severity = Literal["none", "mild", "moderate", "severe"]
SEVERITIES: tuple[Severity, ...] = ("none", "mild", "moderate", "severe")
Instrument = Literal["phq9", "gad7"]


class Amount(NamedTuple):
    """A quantity in one unit, e.g. 10 mg or 0.5 tablet."""

    value: Decimal
    unit: str


class Schedule(NamedTuple):
    """When doses are expected: the parsed form of the schedule grammar.

    ``weekdays`` uses Python's numbering (Monday is 0). An empty ``times``
    means one untimed dose on each scheduled day. ``prn`` items (as needed)
    expect nothing and may limit doses per day and the gap between doses.
    """

    kind: Literal["daily", "every", "weekdays", "prn"]
    times: tuple[time, ...] = ()
    every_days: int = 1
    weekdays: tuple[int, ...] = ()
    max_per_day: int | None = None
    min_interval: timedelta | None = None

    @property
    def prn(self) -> bool:
        """True for an as-needed schedule, which never expects a dose."""
        return self.kind == "prn"


LimitKind = Literal["label", "upper_limit", "typical"]
LIMIT_KINDS: tuple[LimitKind, ...] = ("label", "upper_limit", "typical")
RangeKind = Literal["own", "label", "typical", "upper_limit"]
RANGE_PRECEDENCE: tuple[RangeKind, ...] = ("own", "label", "typical", "upper_limit")
"""DESIGN.md "Range kinds": the highest kind present is the one that judges."""
AmountIs = Literal["label", "compound"]


class DoseRange(NamedTuple):
    """A documented range in the item's unit, per dose or per day, with where it comes from.

    Either bound may be missing: an upper limit alone is never "below". ``kind``
    says what it is: a drug label's dose range, a tolerable upper intake level
    for self-supplementation, or a typical amount from a general-audience source
    (None: a range the person set, the kind DESIGN.md calls ``own``).
    ``total_intake``: an upper limit on intake from food and water as well as
    supplements, of which medlog sees only what is logged. ``from_age``: a limit the catalog
    gives from an age (calcium from 51), chosen for a person whose year of birth medlog knows.
    """

    min: Decimal | None
    max: Decimal | None
    per: Per
    source: str
    kind: LimitKind | None = None
    total_intake: bool = False
    from_age: int | None = None  # an upper limit for this age on (None: adults', 19+)

    @property
    def range_kind(self) -> RangeKind:
        """The kind by DESIGN.md's name for it: ``own`` for a range the person set."""
        return self.kind or "own"


class Ingredient(NamedTuple):
    """How much of a substance one unit of an item holds: magnesium 100 mg in a tablet of a
    multivitamin; magnesium 1 mg in each mg of magnesium glycinate as its label states it."""

    substance: str
    amount: Decimal
    unit: str


class Limit(NamedTuple):
    """A documented limit on a substance's daily total across every item that holds it,
    copied from the catalog into medlog.toml (so ``take`` never reads the catalog).

    ``basis`` says what an amount is of, where it matters ("mcg of folic acid, not DFE");
    ``mcg_per_iu`` converts an ingredient given in IU (vitamin D: 0.025); ``scope`` says
    what the limit covers when it is narrower than the substance ("supplemental
    magnesium": from supplements and medicines, not food).
    """

    substance: str
    name: str
    range: DoseRange
    unit: str
    basis: str | None = None
    mcg_per_iu: Decimal | None = None
    scope: str | None = None  # what the limit is on: "supplemental magnesium"


class Spacing(NamedTuple):
    """How far apart two items are taken: ``b`` at least ``before`` before ``a``, or at
    least ``after`` after it (the same both ways for a plain rule), with its source."""

    a: str
    b: str
    before: timedelta
    after: timedelta
    source: str


class RegimenVersion(NamedTuple):
    """A dose and schedule, and the form and strength they are counted in, in force from
    ``start`` until the day before ``until``.

    ``until == start`` is a version stopped on its first day: never in force.
    ``by_weekday`` holds seven doses, Monday first, when the dose varies by weekday (5 mg
    mon-fri, 2.5 mg sat,sun: the same amount at each slot of that day); ``dose`` is then
    None and a day the schedule skips has None. ``form`` and ``strength`` both None mean the
    item's own (``Item.form``, ``Item.strength``: those of its latest version).
    ``shown_in`` is "IU" when the dose or strength was prescribed in IU: amounts are kept in
    the item's mass unit and shown in IU first, as written ("50,000 IU (1,250 mcg)").
    """

    start: date
    schedule: Schedule
    dose: Decimal | None = None
    until: date | None = None
    stop_reason: str | None = None  # why it was stopped (``stop --reason``), beside ``until``
    by_weekday: tuple[Decimal | None, ...] = ()
    form: str | None = None
    strength: Decimal | None = None
    shown_in: str | None = None

    def dose_on(self, day: date) -> Decimal | None:
        """The amount at each slot on ``day``: that weekday's, or the one dose."""
        return self.by_weekday[day.weekday()] if self.by_weekday else self.dose

    @property
    def highest_dose(self) -> Decimal | None:
        """The largest dose of any day (the one dose when it does not vary)."""
        if self.by_weekday:
            return max((dose for dose in self.by_weekday if dose is not None), default=None)
        return self.dose

    @property
    def has_dose(self) -> bool:
        """True when the version sets a regular dose (one, or one per weekday)."""
        return self.dose is not None or bool(self.by_weekday)


class Hold(NamedTuple):
    """A pause of an item from ``start`` through ``until`` (both included), and why: nothing
    is expected on those days, and the hold ends by itself (``medlog hold``).

    Kept on the item, beside its regimen versions: a hold changes no dose or schedule.
    """

    start: date
    until: date
    reason: str | None = None


class Change(NamedTuple):
    """One change to an item's regimen or details, and when it was made (an audit line)."""

    at: datetime
    what: str


class EarlierRange(NamedTuple):
    """The documented range (and cap) that judges an item's days before ``until``: those of
    a younger age band, for a person whose year of birth medlog knows (calcium's upper limit is
    2,500 mg a day before the year they turn 51). Never stored: worked out for what judges
    days of earlier years (``actions.facts.judged_by_age``)."""

    until: date
    range: DoseRange | None
    cap: DoseRange | None


class Item(NamedTuple):
    """A medication or supplement with its unit, documented range and regimen history.

    ``changes`` records every change made to it, oldest first, so a late
    correction of the regimen stays visible. ``substances`` are its active
    ingredients and ``drug_class`` its therapeutic class (both group items for
    PDC); ``supply_since`` is the day of its first fill or count: ``today`` knows
    which items have a supply to look up, and no dose dated before it is counted.

    What a dose holds: ``ingredients`` per unit of a multi-ingredient product; else
    the dose counts toward ``counts_as`` (magnesium for magnesium glycinate; its
    amounts are what the label states, elemental, unless ``amount_is`` is
    "compound": then times ``fraction``), else toward its one substance.
    ``mcg_per_iu`` converts IU where a source gives the factor (vitamin D: 0.025).

    ``dose_limit`` is a label's most in one dose (ibuprofen 200 mg tablets: 400 mg),
    per dose, with its source. ``cap`` is never stored: worked out at load from the
    regimen's limits, it is the substance's upper limit in this item's unit when it
    is below the top of a ``typical`` range, and then it judges the item's days
    (DESIGN.md "Range kinds").
    """

    key: str
    name: str
    kind: Kind
    unit: str
    regimen: tuple[RegimenVersion, ...]
    substances: tuple[str, ...] = ()
    form: str | None = None
    strength: Decimal | None = None
    range: DoseRange | None = None
    changes: tuple[Change, ...] = ()
    drug_class: str | None = None
    supply_since: date | None = None
    ingredients: tuple[Ingredient, ...] = ()
    counts_as: str | None = None
    fraction: Decimal | None = None
    fraction_source: str | None = None
    amount_is: AmountIs = "label"
    mcg_per_iu: Decimal | None = None
    iu_source: str | None = None
    dose_limit: DoseRange | None = None
    cap: DoseRange | None = None
    holds: tuple[Hold, ...] = ()
    ranges_before: tuple[EarlierRange, ...] = ()  # never stored; oldest first

    def judged_on(self, day: date) -> "Item":
        """The item as the documented range for the person's age on ``day`` judges it: its
        range and cap of that age band when ``ranges_before`` says they differ."""
        for earlier in self.ranges_before:
            if day < earlier.until:
                return self._replace(range=earlier.range, cap=earlier.cap)
        return self

    @property
    def substance(self) -> str | None:
        """The first active substance (a catalog id such as escitalopram), if any."""
        return self.substances[0] if self.substances else None

    @property
    def supervised(self) -> bool:
        """True for a prescription or an item with a range of the person's own (their
        prescriber's): upper limits and OTC label maxima are information for it, never a
        warning (IOM: ULs do not apply under medical supervision)."""
        return self.kind == "rx" or (self.range is not None and self.range.kind is None)

    @property
    def counted_in(self) -> str:
        """What supply is counted in: the form (tablet) when the item has one, else its unit."""
        return self.form if self.form is not None and self.strength is not None else self.unit

    @property
    def current(self) -> RegimenVersion:
        """The latest regimen version (possibly ended by a stop)."""
        return self.regimen[-1]

    @property
    def stopped(self) -> date | None:
        """The first day with nothing expected after a stop, or None while active."""
        return self.current.until

    @property
    def prn(self) -> bool:
        """True when the latest regimen version is as needed."""
        return self.current.schedule.prn

    def units_on(self, day: date) -> tuple[str | None, Decimal | None]:
        """The form and strength in force on ``day`` (DESIGN.md "Strength"): those of the
        version in force, else of the latest that started by then (after a stop), else of the
        first; a version without its own has the item's."""
        chosen = self.regimen[0]
        for version in self.regimen:
            if version.start > day:
                break
            chosen = version
        if chosen.form is None and chosen.strength is None:
            return self.form, self.strength
        return chosen.form, chosen.strength

    def version_on(self, day: date, *, holds: bool = True) -> RegimenVersion | None:
        """The regimen version in force on ``day``, or None before the start, after a stop and
        (unless ``holds`` is False) on a day the item is held: nothing is expected then."""
        for version in reversed(self.regimen):
            if version.start <= day:
                if version.until is not None and day >= version.until:
                    return None
                if holds and self.holds and self.held_on(day) is not None:
                    return None
                return version
        return None

    def held_on(self, day: date) -> Hold | None:
        """The hold that covers ``day``, or None."""
        for hold in self.holds:
            if hold.start <= day <= hold.until:
                return hold
        return None


class SideEffect(NamedTuple):
    """A side effect named in a check-in; severity "none" records that it has gone."""

    name: str
    severity: Severity


class Checkin(NamedTuple):
    """What a check-in recorded: measures (``measures.MEASURES``), side effects, or a
    questionnaire.

    ``values`` holds (measure key, whole number) for each measure recorded, in the table's
    order: a rating 0-10, or minutes slept (the night that ended on the check-in's day). A
    questionnaire check-in has an ``instrument`` and its item ``answers`` (each 0-3) and no
    measures.
    """

    values: tuple[tuple[str, int], ...] = ()
    side_effects: tuple[SideEffect, ...] = ()
    instrument: Instrument | None = None
    answers: tuple[int, ...] = ()

    def value(self, key: str) -> int | None:
        """The value recorded for the measure ``key``, or None."""
        for found, number in self.values:
            if found == key:
                return number
        return None


class Profile(NamedTuple):
    """Who takes the items, as far as the documented limits need it: the year of birth.

    medlog knows only the year, so a person's age in a year is the age they reach in it
    (``age_in``). ``year`` is the year whose age the limits and notes in medlog.toml were
    chosen for (medlog keeps it; see ``profile.py``).
    """

    born: int
    year: int

    def age_in(self, year: int) -> int:
        """The age reached during ``year``."""
        return year - self.born


class Allergy(NamedTuple):
    """An allergy or intolerance the person recorded (``medlog allergy add``): what to, the
    reaction if they gave one, and the day it was recorded. ``key`` is made from the name as
    an item's is, so "Penicillin" and "penicillin" are one allergy."""

    key: str
    name: str
    reaction: str | None = None
    recorded: date | None = None


class Settings(NamedTuple):
    """Store-wide preferences from ``[settings]`` in medlog.toml."""

    on_time_window: timedelta = timedelta(hours=2)
    refill_warning_days: int = 7


class Regimen(NamedTuple):
    """Everything in medlog.toml: settings, the items in the order they were added, the
    limits on substances totalled across items, spacing rules between items, and the
    person's allergies.

    ``catalog`` is the version of the catalog whose facts the items, limits and rules were
    copied from (None: written before medlog recorded it).
    """

    settings: Settings = Settings()
    items: tuple[Item, ...] = ()
    limits: tuple[Limit, ...] = ()
    spacing: tuple[Spacing, ...] = ()
    catalog: int | None = None
    profile: Profile | None = None
    allergies: tuple[Allergy, ...] = ()

    def get(self, key: str) -> Item | None:
        """The item with this key, or None."""
        for item in self.items:
            if item.key == key:
                return item
        return None


class Event(NamedTuple):
    """One line of the journal: a dose, a skip, a void of an earlier event, a check-in, a
    question, a fill (``counted``: a count of what is on hand) or a lab result (``test``,
    its exact ``value`` and ``unit``; see labs.py).

    A fill's ``amount`` is in the item's unit (``given`` as typed, "30 tablets");
    ``days_supply`` is as dispensed, or worked out from the regimen when
    ``days_inferred``; ``on_hand`` is the supply right after it (see supply.py).

    ``at`` is the wall time it happened with the UTC offset of where it
    happened; the event belongs to the calendar day of that wall time.
    ``logged_at`` is when it was logged; ``imported_at``, when ``medlog import``
    appended it to this journal (lines are in the order they were appended).
    Immutable like every record here, and a NamedTuple: a report builds one
    per journal line, and a tuple is built three times faster than a frozen
    dataclass (measured: 0.2 s against 0.5 s for 100,000 events).
    """

    id: str
    type: EventType
    at: datetime
    logged_at: datetime
    item: str | None = None
    amount: Decimal | None = None
    unit: str | None = None
    given: str | None = None
    note: str | None = None
    reason: str | None = None
    ref: str | None = None
    imported_at: datetime | None = None
    stamp: int | None = None
    checkin: Checkin | None = None
    text: str | None = None
    days_supply: int | None = None
    days_inferred: bool = False
    on_hand: Decimal | None = None
    counted: bool = False
    amends: str | None = None  # a dose correcting another: that dose's id (``medlog amend``)
    test: str | None = None
    value: Decimal | None = None

    @property
    def day(self) -> date:
        """The local calendar day the event belongs to."""
        return self.at.date()

    @property
    def appended_at(self) -> datetime:
        """When this line was appended to this journal."""
        return self.imported_at or self.logged_at
