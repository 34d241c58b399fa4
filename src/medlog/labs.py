"""Lab results: the tests medlog knows (units, LOINC codes, the items they concern), the
plausibility bounds a value must fall within, and a result read from what a person typed.

medlog stores a result as it was reported and checks it only for plausibility: bounds wide
enough to hold any real result, so that a slip (24 for 2.4, a value in the wrong unit) is
refused. The bounds are not reference ranges; medlog shows no reference range and no
verdict, because a target such as an INR range is the prescriber's, for one person.

Each test's codes come from CATALOG-SOURCES.md ("Lab results"), checked against LOINC as
published in HL7 FHIR implementation guides. A test with two common units has a code per
unit where LOINC has one: HbA1c in % (4548-4) or in mmol/mol by the IFCC method (59261-8).
25-OH vitamin D is coded in ng/mL (62292-8, mass/volume); in nmol/L it is kept uncoded,
because the sources medlog uses give no code for the D2+D3 total in moles/volume. Any other
test may be logged with its unit and has no code.

Pure code: no I/O.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from medlog.errors import BadInput
from medlog.model import Event, Item
from medlog.names import MAX_NAME, clean_text, item_key
from medlog.units import format_decimal

LOINC_SOURCE = (
    "LOINC codes as listed in CATALOG-SOURCES.md (Lab results) and used in HL7 FHIR "
    "implementation guides (US Core, HL7 Vulcan RWD, HL7 Switzerland)"
)
MAX_VALUE = Decimal(1000000)
MAX_PLACES = 6
MAX_UNIT = 20
_UNIT_RE = re.compile(r"[A-Za-z0-9µμ%/^.*()\[\]{}_'²³+-]{1,20}")


class LabUnit(NamedTuple):
    """One unit a test is reported in: as medlog writes it, the other spellings it accepts
    (lower case), its LOINC code and display (None: uncoded), its UCUM code for FHIR, and
    the plausibility bounds for a value in it (inclusive)."""

    unit: str
    spellings: tuple[str, ...]
    loinc: str | None
    display: str | None
    ucum: str
    low: Decimal
    high: Decimal


class LabTest(NamedTuple):
    """A test medlog knows: its key, name, other names, its units (the first is the default)
    and the substances of the items it concerns (shown beside their dose changes)."""

    key: str
    name: str
    aliases: tuple[str, ...]
    units: tuple[LabUnit, ...]
    concerns: tuple[str, ...] = ()


def _unit(
    unit: str,
    spellings: tuple[str, ...],
    loinc: str | None,
    display: str | None,
    ucum: str,
    low: str,
    high: str,
) -> LabUnit:
    return LabUnit(unit, spellings, loinc, display, ucum, Decimal(low), Decimal(high))


# Plausibility bounds: wider than any result a laboratory reports for a living person, so
# that they catch only slips. medlog documents them in the README ("Lab results").
TESTS: tuple[LabTest, ...] = (
    LabTest(
        "inr",
        "INR",
        ("pt/inr", "pt-inr", "international normalized ratio"),
        (
            _unit("INR", ("inr", "ratio"), "6301-6",
                  "INR in Platelet poor plasma by Coagulation assay", "{INR}", "0.5", "20"),
        ),
        ("warfarin",),
    ),
    LabTest(
        "lithium",
        "Lithium level",
        ("lithium level", "serum lithium", "li"),
        (
            _unit("mmol/L", ("mmol/l", "meq/l"), "14334-7",
                  "Lithium [Moles/volume] in Serum or Plasma", "mmol/L", "0.01", "10"),
        ),
        ("lithium",),
    ),
    LabTest(
        "tsh",
        "TSH",
        ("thyrotropin", "thyroid stimulating hormone"),
        (
            _unit("mIU/L", ("miu/l", "uiu/ml", "µiu/ml", "μiu/ml", "mu/l"), "3016-3",
                  "Thyrotropin [Units/volume] in Serum or Plasma", "m[IU]/L", "0.001", "1000"),
        ),
        ("levothyroxine",),
    ),
    LabTest(
        "sodium",
        "Sodium",
        ("na", "serum sodium"),
        (
            _unit("mmol/L", ("mmol/l", "meq/l"), "2951-2",
                  "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", "80", "200"),
        ),
        ("escitalopram",),  # its label warns of hyponatremia (CATALOG-SOURCES.md)
    ),
    LabTest(
        "egfr",
        "eGFR",
        ("gfr", "estimated gfr"),
        (
            _unit("mL/min/1.73m2", ("ml/min/1.73m2", "ml/min/1.73m²", "ml/min"), "98979-8",
                  "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, "
                  "Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
                  "mL/min/{1.73_m2}", "1", "250"),
        ),
    ),
    LabTest(
        "hba1c",
        "HbA1c",
        ("a1c", "hemoglobin a1c", "haemoglobin a1c", "glycated hemoglobin"),
        (
            _unit("%", ("%", "percent"), "4548-4",
                  "Hemoglobin A1c/Hemoglobin.total in Blood", "%", "2", "25"),
            _unit("mmol/mol", ("mmol/mol",), "59261-8",
                  "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol", "mmol/mol",
                  "1", "250"),
        ),
    ),
    LabTest(
        "vitamin-d",
        "25-OH vitamin D",
        ("25-oh vitamin d", "25-oh-d", "25(oh)d", "25-hydroxyvitamin d", "vitamin d", "vit d"),
        (
            _unit("ng/mL", ("ng/ml",), "62292-8",
                  "25-Hydroxyvitamin D2+25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma",
                  "ng/mL", "1", "300"),
            _unit("nmol/L", ("nmol/l",), None, None, "nmol/L", "2.5", "750"),
        ),
        ("vitamin-d",),
    ),
)  # fmt: skip
_BY_NAME = {
    spelled: test
    for test in TESTS
    for spelled in (test.key, test.name.lower(), *test.aliases, test.key.replace("-", " "))
}


class LabResult(NamedTuple):
    """A result as medlog stores it: the test's key, the value and the unit."""

    test: str
    value: Decimal
    unit: str


def known(key: str) -> LabTest | None:
    """The known test with this key, or None for a test of the person's own."""
    for test in TESTS:
        if test.key == key:
            return test
    return None


def find(name: str) -> LabTest | None:
    """The known test a name means ("INR", "a1c", "vitamin D"), or None."""
    return _BY_NAME.get(" ".join(name.lower().split()))


def test_name(key: str) -> str:
    """A test's name for people: "INR", "25-OH vitamin D", or a key of the person's own."""
    found = known(key)
    return found.name if found is not None else key


def lab_unit(key: str, unit: str) -> LabUnit | None:
    """The known unit ``unit`` of the known test ``key``, or None."""
    found = known(key)
    if found is None:
        return None
    return next((each for each in found.units if each.unit == unit), None)


def result_text(key: str, value: Decimal, unit: str) -> str:
    """A result for people: "INR 2.4", "Lithium level 0.8 mmol/L"."""
    return f"{test_name(key)} {value_text(value, unit)}"


def value_text(value: Decimal, unit: str) -> str:
    """A value with its unit: "0.8 mmol/L"; an INR, a ratio, has none ("2.4")."""
    shown = format_decimal(value)
    return shown if unit == "INR" else f"{shown} {unit}"


def read_result(name: str, typed: str, unit_text: str | None) -> LabResult:
    """The result a person typed: a known test by any of its names, in one of its units (its
    first when none is given), or a test of their own with its unit; a value outside the
    test's plausibility bounds is refused, saying what they are."""
    display = clean_text(name, "The test name", MAX_NAME)
    value = _value(typed, display)
    test = find(display)
    if test is None:
        if unit_text is None:
            raise BadInput(
                f"medlog does not know the test {display!r}; give its unit, e.g. medlog lab "
                f"{shlex.quote(display)} {typed} --unit mg/L. Known tests: {known_names()}."
            )
        return check(LabResult(_own_key(display), value, _own_unit(unit_text)))
    unit = test.units[0] if unit_text is None else _known_unit(test, unit_text)
    return check(LabResult(test.key, value, unit.unit))


def check(result: LabResult) -> LabResult:
    """``result`` when it is plausible: a known test's value within its unit's bounds, any
    value from 0 to 1,000,000 for a test of the person's own; else BadInput."""
    test = known(result.test)
    if test is None:
        _own_unit(result.unit)
        if not 0 <= result.value <= MAX_VALUE:
            raise BadInput(f"A lab value must be from 0 to {format_decimal(MAX_VALUE)}.")
        return result
    unit = next((each for each in test.units if each.unit == result.unit), None)
    if unit is None:
        raise BadInput(f"{test.name} is reported in {_units_text(test)}, not {result.unit}.")
    if not unit.low <= result.value <= unit.high:
        shown = result_text(test.key, result.value, result.unit)
        raise BadInput(
            f"{shown} is outside what medlog accepts as a plausible {test.name} result "
            f"({format_decimal(unit.low)} to {format_decimal(unit.high)} {unit.unit}); check "
            "the value and its unit. These bounds only catch slips: they are not a reference "
            "range."
        )
    return result


def known_names() -> str:
    """The known tests, for messages and help: "INR, Lithium level, TSH, ..."."""
    return ", ".join(test.name for test in TESTS)


def units_line(test: LabTest) -> str:
    """A test's units with their codes and bounds, for the README and help."""
    return "; ".join(
        f"{unit.unit} ({unit.loinc or 'no code'}), {format_decimal(unit.low)} to "
        f"{format_decimal(unit.high)}"
        for unit in test.units
    )


def _value(text: str, name: str) -> Decimal:
    """A value as an exact decimal: "2.4", "0.85", "48"; a "<" or ">" result is refused with
    what to type instead."""
    spoken = text.strip()
    if spoken[:1] in "<>≤≥":
        raise BadInput(
            f"medlog stores a lab value as a number; for a result reported as {spoken!r}, log "
            f"the number and say so in a note: medlog lab {shlex.quote(name)} "
            f"{spoken.lstrip('<>≤≥ ')} --note {shlex.quote('reported as ' + spoken)}"
        )
    if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", spoken):  # 1,200: thousands or 1.2?
        raise BadInput(
            f"{spoken!r} could be {spoken.replace(',', '')} or {spoken.replace(',', '.', 1)}; "
            "type it without the comma (1200) or with a decimal point (1.2)."
        )
    try:
        value = Decimal(spoken.replace(",", "."))
    except InvalidOperation:
        value = Decimal("NaN")
    if (
        not value.is_finite()
        or not re.fullmatch(r"[0-9]{1,7}(?:[.,][0-9]{1,6})?|[.,][0-9]{1,6}", spoken)
        or value > MAX_VALUE
    ):
        raise BadInput(
            f"{text[:40]!r} is not a lab value; give a number such as 2.4 (at most "
            f"{MAX_PLACES} decimal places, up to {format_decimal(MAX_VALUE)})."
        )
    return value.normalize() if value else Decimal(0)


def _known_unit(test: LabTest, text: str) -> LabUnit:
    spoken = "".join(text.lower().split())
    for unit in test.units:
        if spoken in (unit.unit.lower(), *unit.spellings):
            return unit
    raise BadInput(f"{test.name} is reported in {_units_text(test)}, not {text[:20]!r}.")


def _units_text(test: LabTest) -> str:
    return " or ".join(unit.unit for unit in test.units)


def _own_key(name: str) -> str:
    """The key of a test of the person's own: "Vitamin B12" -> "vitamin-b12"."""
    try:
        return item_key(name)
    except BadInput:
        raise BadInput(
            f"{name!r} cannot be a test name; use letters and digits, e.g. ferritin."
        ) from None


def _own_unit(text: str) -> str:
    """A unit of the person's own, as typed: "mg/L", "x10^9/L", "µmol/L"."""
    unit = text.strip()
    if _UNIT_RE.fullmatch(unit) is None:
        raise BadInput(
            f"{text[:30]!r} is not a unit medlog can keep; give it without spaces, up to "
            f"{MAX_UNIT} characters, e.g. mg/L, µmol/L or x10^9/L."
        )
    return unit


class LabSeries(NamedTuple):
    """The results of one test in one unit over a period, in time order, and the items they
    concern (their dose changes are shown beside them)."""

    test: str
    unit: str
    results: tuple[Event, ...]
    items: tuple[Item, ...] = ()

    @property
    def name(self) -> str:
        """The test's name for people."""
        return test_name(self.test)

    @property
    def loinc(self) -> str | None:
        """The LOINC code of the test in this unit, if it has one."""
        found = lab_unit(self.test, self.unit)
        return found.loinc if found is not None else None


def lab_series(
    events: Iterable[Event], items: Iterable[Item], since: date, until: date
) -> tuple[LabSeries, ...]:
    """Each test's live results on the days ``since..until``, a series per test and unit, in
    the table's order then by name; ``events`` are live (non-voided) events of any type."""
    grouped: dict[tuple[str, str], list[Event]] = {}
    for event in events:
        if event.type == "lab" and event.test and event.unit and since <= event.day <= until:
            grouped.setdefault((event.test, event.unit), []).append(event)
    order = {test.key: number for number, test in enumerate(TESTS)}
    chosen = tuple(items)
    return tuple(
        LabSeries(
            test,
            unit,
            tuple(sorted(found, key=lambda event: (event.at, event.id))),
            tuple(item for item in chosen if concerns(test, item)),
        )
        for (test, unit), found in sorted(
            grouped.items(), key=lambda pair: (order.get(pair[0][0], len(order)), pair[0])
        )
    )


def concerns(test: str, item: Item) -> bool:
    """True when a known test concerns the item: INR and an item of warfarin, a lithium level
    and lithium (by key, substance, what it counts as or holds)."""
    found = known(test)
    if found is None:
        return False
    held = {item.key, *item.substances, *(part.substance for part in item.ingredients)}
    if item.counts_as:
        held.add(item.counts_as)
    return bool(held.intersection(found.concerns))
