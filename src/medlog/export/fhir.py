"""A FHIR R4 Bundle (type collection) of the store, for systems that speak FHIR.

One MedicationStatement per item and regimen version (its dosage text, timing
and dose quantity), one MedicationAdministration per non-voided dose (status
``completed``) or skip (status ``not-done`` with the reason), one
MedicationDispense per fill (a count of what is on hand is not one), and one Observation
per measure of each check-in (a PHQ-9 or GAD-7 as its LOINC-coded panel, total score and,
for the PHQ-9, the answer to question 9) and per lab result (category laboratory, its LOINC
code where it has one, the value as reported, no reference range or interpretation), and
one AllergyIntolerance per allergy the person recorded (active; its name and reaction as
text, no code guessed). Doses carry UCUM codes: ug, mg, g, mL, [iU]; counts of a form have
a unit but no code.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from medlog import measures
from medlog.actions.exchange import Everything
from medlog.amounts_text import in_iu, logged_dose, regimen_words
from medlog.export import json_text
from medlog.journal import live
from medlog.model import Allergy, Checkin, Event, Instrument, Item, RegimenVersion
from medlog.ranges import range_text
from medlog.schedule import WEEKDAYS
from medlog.units import UCUM_CODES

UCUM_SYSTEM = "http://unitsofmeasure.org"
ALLERGY_STATUS = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
SUBJECT = {"display": "The person who kept this medlog journal"}
_NAMESPACE = uuid.UUID("9f0c6c52-3a43-4c8e-9d57-6b1f6a2f6e11")  # medlog's own, for stable ids


def fhir_bundle(everything: Everything, now: datetime) -> str:
    """The store as a FHIR R4 Bundle in JSON."""
    entries: list[dict[str, Any]] = []
    for item in everything.regimen.items:
        for number, version in enumerate(item.regimen):
            if version.until == version.start:
                continue  # stopped on its first day: never in force
            statement = _statement(item, number, version, now)
            entries.append({"fullUrl": _urn(f"{item.key}/{number}"), "resource": statement})
    entries += [
        {"fullUrl": _urn(f"allergy/{allergy.key}"), "resource": _allergy(allergy)}
        for allergy in everything.regimen.allergies
    ]
    items = {item.key: item for item in everything.regimen.items}
    for event in live(everything.events):
        subject = items.get(event.item or "")
        if event.type == "fill":
            if subject is not None and not event.counted:  # a count dispenses nothing
                entries.append({"fullUrl": _urn(event.id), "resource": _dispense(subject, event)})
        elif subject is not None:
            entries.append({"fullUrl": _urn(event.id), "resource": _administration(subject, event)})
        elif event.type == "checkin" and event.checkin is not None:
            entries += [
                {"fullUrl": _urn(observation["id"]), "resource": observation}
                for observation in _observations(event, event.checkin)
            ]
        elif event.type == "lab":
            entries.append({"fullUrl": _urn(event.id), "resource": _lab_observation(event)})
    return json_text(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": now.isoformat(),
            "entry": entries,
        }
    )


def _fhir_id(text: str) -> str:
    """``text`` as a FHIR id ([A-Za-z0-9-.], at most 64), or a stable hex id made from it."""
    if re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", text):
        return text
    return uuid.uuid5(_NAMESPACE, text).hex


def _urn(key: str) -> str:
    """A stable urn:uuid for a medlog id or key."""
    try:
        return f"urn:uuid:{uuid.UUID(hex=key)}"
    except ValueError:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def quantity(value: Decimal, unit: str) -> dict[str, Any]:
    """A FHIR Quantity; UCUM-coded when the unit has a UCUM code."""
    found: dict[str, Any] = {"value": value, "unit": unit}
    if unit in UCUM_CODES:
        found |= {"system": UCUM_SYSTEM, "code": UCUM_CODES[unit]}
    return found


def _statement(item: Item, number: int, version: RegimenVersion, now: datetime) -> dict[str, Any]:
    following = item.regimen[number + 1] if number + 1 < len(item.regimen) else None
    ends = version.until or (following.start if following else None)
    if version.until is not None and following is None:
        status = "stopped"
    elif ends is not None:
        status = "completed"
    else:
        status = "active"
    period = {"start": version.start.isoformat()}
    if ends is not None:
        period["end"] = (ends - timedelta(days=1)).isoformat()
    dosage: dict[str, Any] = {"text": _dosage_text(item, version)}
    schedule = version.schedule
    if schedule.prn:
        dosage["asNeededBoolean"] = True
    else:
        dosage["timing"] = {"repeat": _repeat(version)}
    if version.dose is not None:
        dosage["doseAndRate"] = [{"doseQuantity": _prescribed(item, version, version.dose)}]
    dosages = [dosage]
    if version.by_weekday:  # one Dosage per amount, each on its weekdays (FHIR: dayOfWeek)
        dosages = [
            {
                "text": dosage["text"],
                "sequence": 1,
                "timing": {"repeat": _repeat(version) | {"dayOfWeek": days}},
                "doseAndRate": [{"doseQuantity": _prescribed(item, version, dose)}],
            }
            for dose, days in _doses_by_weekday(version)
        ]
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": f"{item.key}-{number + 1}",
        "status": status,
        "medicationCodeableConcept": {"text": _medication(item)},
        "subject": SUBJECT,
        "effectivePeriod": period,
        "dateAsserted": now.isoformat(),
        "dosage": dosages,
    }
    notes = [
        f"On hold from {held.start} through {held.until}"
        + (f" ({held.reason})." if held.reason else ".")
        for held in item.holds
        if held.start >= version.start and (ends is None or held.start < ends)
    ]
    if item.range is not None:
        notes.append(f"Documented range {range_text(item)} (source: {item.range.source}).")
    if notes:
        statement["note"] = [{"text": text} for text in notes]
    if status == "stopped" and version.stop_reason:
        statement["statusReason"] = [{"text": version.stop_reason}]
    return statement


def _allergy(allergy: Allergy) -> dict[str, Any]:
    """An AllergyIntolerance, active, as the person recorded it: the name as text (no code is
    guessed), the reaction as its manifestation."""
    resource: dict[str, Any] = {
        "resourceType": "AllergyIntolerance",
        "id": _fhir_id(f"allergy-{allergy.key}"),
        "clinicalStatus": {"coding": [{"system": ALLERGY_STATUS, "code": "active"}]},
        "code": {"text": allergy.name},
        "patient": SUBJECT,
    }
    if allergy.recorded is not None:
        resource["recordedDate"] = allergy.recorded.isoformat()
    if allergy.reaction is not None:
        resource["reaction"] = [{"manifestation": [{"text": allergy.reaction}]}]
    return resource


def _repeat(version: RegimenVersion) -> dict[str, Any]:
    schedule = version.schedule
    repeat: dict[str, Any] = {}
    if schedule.kind == "weekdays":
        repeat["dayOfWeek"] = [WEEKDAYS[day] for day in schedule.weekdays]
    else:
        repeat |= {
            "frequency": max(len(schedule.times), 1),
            "period": schedule.every_days,
            "periodUnit": "d",
        }
    if schedule.times:
        repeat["timeOfDay"] = [f"{clock:%H:%M:%S}" for clock in schedule.times]
    return repeat


def _dosage_text(item: Item, version: RegimenVersion) -> str:
    """The dosage as prescribed: "50,000 IU (1,250 mcg) weekly sat", "5 mg mon-fri, 2.5 mg
    sat,sun (daily 17:00; 30 mg a week)"."""
    return regimen_words(item, version)


def _prescribed(item: Item, version: RegimenVersion, dose: Decimal) -> dict[str, Any]:
    """A dose as a Quantity in the unit it was prescribed in: IU when so, else the item's."""
    iu = in_iu(item, dose) if version.shown_in == "IU" else None
    return quantity(dose, item.unit) if iu is None else quantity(iu, "IU")


def _doses_by_weekday(version: RegimenVersion) -> list[tuple[Decimal, list[str]]]:
    """Each amount of a dose by weekday with its FHIR days (mon, tue, ...)."""
    found: dict[Decimal, list[str]] = {}
    for day, dose in enumerate(version.by_weekday):
        if dose is not None:
            found.setdefault(dose, []).append(WEEKDAYS[day])
    return list(found.items())


def _medication(item: Item) -> str:
    if item.substance and item.substance.replace("-", " ") != item.name.lower():
        return f"{item.name} ({item.substance.replace('-', ' ')})"
    return item.name


def _administration(item: Item, event: Event) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationAdministration",
        "id": _fhir_id(event.id),
        "status": "completed" if event.type == "dose" else "not-done",
        "medicationCodeableConcept": {"text": _medication(item)},
        "subject": SUBJECT,
        "effectiveDateTime": event.at.isoformat(),
    }
    if event.type == "skip":
        if event.reason:
            resource["statusReason"] = [{"text": event.reason}]
    elif event.amount is not None and event.unit is not None:
        dosage: dict[str, Any] = {"dose": quantity(event.amount, event.unit)}
        shown = logged_dose(item, event)
        if event.given or "IU" in shown:
            dosage["text"] = shown if "IU" in shown else event.given
        resource["dosage"] = dosage
    if event.note:
        resource["note"] = [{"text": event.note}]
    return resource


def _dispense(item: Item, event: Event) -> dict[str, Any]:
    """A fill as a MedicationDispense: the quantity in the item's form (or unit), the days'
    supply in UCUM days, and when it was handed over."""
    from medlog.supply import in_count

    resource: dict[str, Any] = {
        "resourceType": "MedicationDispense",
        "id": _fhir_id(event.id),
        "status": "completed",
        "medicationCodeableConcept": {"text": _medication(item)},
        "subject": SUBJECT,
        "quantity": quantity(in_count(item, event.amount or Decimal(0)), item.counted_in),
        "daysSupply": {
            "value": event.days_supply,
            "unit": "day",
            "system": UCUM_SYSTEM,
            "code": "d",
        },
        "whenHandedOver": event.at.isoformat(),
    }
    if event.note:
        resource["note"] = [{"text": event.note}]
    return resource


LOINC_SYSTEM = "http://loinc.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"


def _observations(event: Event, checkin: Checkin) -> list[dict[str, Any]]:
    """One Observation per measure of a check-in: a questionnaire as its panel and members
    (``_questionnaire``), hours slept in UCUM h, ratings and side effects with their words as
    the code's text (there are no sourced standard codes for a 0-10 mood or anxiety rating)."""
    found = []

    def observation(name: str, category: str, code: dict[str, Any], value: dict[str, Any]) -> None:
        found.append(
            {
                "resourceType": "Observation",
                "id": _fhir_id(f"{event.id}-{name}"),
                "status": "final",
                "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": category}]}],
                "code": code,
                "subject": SUBJECT,
                "effectiveDateTime": event.at.isoformat(),
            }
            | value
        )

    if checkin.instrument is not None:
        for name, code, value in _questionnaire(event, checkin.instrument, checkin.answers):
            observation(name, "survey", code, value)
    for key, number in checkin.values:
        what = measures.measure(key)
        if what.kind == "minutes":  # as hours, in UCUM h, with the exact minutes in a note
            hours = (Decimal(number) / 60).quantize(Decimal("0.01")).normalize()
            value = {
                "valueQuantity": {"value": hours, "unit": "h", "system": UCUM_SYSTEM, "code": "h"},
                "note": [{"text": f"{number} minutes"}],
            }
            observation(what.words, "survey", {"text": what.heading}, value)
        else:
            observation(key, "survey", {"text": what.heading}, {"valueInteger": number})
    for number, effect in enumerate(checkin.side_effects, start=1):
        value = {"valueCodeableConcept": {"text": effect.severity}}
        observation(f"effect-{number}", "survey", {"text": f"Side effect: {effect.name}"}, value)
    return found


def _questionnaire(
    event: Event, instrument: Instrument, answers: tuple[int, ...]
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """A PHQ-9 or GAD-7 as US Core's screening assessments show one, each as (name, code,
    value): the panel with every item's LOINC-coded answer as a component and the others as
    members; the total score with its band, question 9 and "not a diagnosis" in a note (no
    ``interpretation``, which a receiving system shows as a flag without those words); and
    for the PHQ-9, the answer to question 9 as an Observation of its own."""
    from medlog.questionnaires import ITEM9_INDEX, QUESTIONNAIRES, SCREENING, score, score_words

    form = QUESTIONNAIRES[instrument]
    total = {
        "valueInteger": score(instrument, answers),
        "note": [{"text": f"{score_words(instrument, answers)}; {SCREENING}."}],
    }
    parts: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        (instrument, _loinc(form.loinc, f"{form.title} total score", form.loinc_display), total)
    ]
    if instrument == "phq9":
        question = _loinc(form.item_loinc[ITEM9_INDEX], form.items[ITEM9_INDEX])
        parts.append(("phq9-item9", question, _answer(answers[ITEM9_INDEX])))
    panel = {
        "component": [
            {"code": _loinc(code, question)} | _answer(answer)
            for question, code, answer in zip(form.items, form.item_loinc, answers, strict=True)
        ],
        "hasMember": [{"reference": _urn(_fhir_id(f"{event.id}-{name}"))} for name, _, _ in parts],
    }
    return [(f"{instrument}-panel", _loinc(form.panel_loinc, form.title), panel), *parts]


def _lab_observation(event: Event) -> dict[str, Any]:
    """A lab result as an Observation: LOINC-coded for a known test and unit, UCUM-coded
    value; no referenceRange and no interpretation (medlog gives neither)."""
    from medlog.labs import lab_unit, test_name

    key, unit = event.test or "", event.unit or ""
    found = lab_unit(key, unit)
    name = test_name(key)
    code = (
        _loinc(found.loinc, name, found.display)
        if found is not None and found.loinc is not None
        else {"text": name}
    )
    value: dict[str, Any] = {"value": event.value, "unit": unit}
    if found is not None:
        value |= {"system": UCUM_SYSTEM, "code": found.ucum}
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _fhir_id(event.id),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "laboratory"}]}],
        "code": code,
        "subject": SUBJECT,
        "effectiveDateTime": event.at.isoformat(),
        "valueQuantity": value,
    }
    if event.note:
        resource["note"] = [{"text": event.note}]
    return resource


def _loinc(code: str, text: str, display: str | None = None) -> dict[str, Any]:
    """A CodeableConcept of one LOINC code, with its words as the text."""
    coding = {"system": LOINC_SYSTEM, "code": code} | ({"display": display} if display else {})
    return {"coding": [coding], "text": text}


def _answer(answer: int) -> dict[str, Any]:
    """An item's answer, 0-3, as its LOINC answer code ("LA6569-3", "Several days")."""
    from medlog.questionnaires import ANSWER_LOINC, ANSWERS

    return {"valueCodeableConcept": _loinc(ANSWER_LOINC[answer], ANSWERS[answer], ANSWERS[answer])}
