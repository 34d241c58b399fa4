"""An iCalendar file (RFC 5545) of the regimen, so reminders land in any calendar app.

One recurring VEVENT per scheduled slot of each regimen version: RRULE FREQ=DAILY
(with INTERVAL for every N days) or FREQ=WEEKLY;BYDAY for weekdays, ending with
UNTIL on the version's last day; never COUNT. Times are floating (local wall
time), like medlog's slots: 08:00 stays 08:00 wherever the person is. An untimed
slot is an all-day event. As-needed items have no events. Each timed dose carries an alarm
at its time, or ``alarm`` before it. An item with a supply gets an all-day event on its
refill-by day (the first day with a dose its supply does not cover, supply.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from medlog.actions.exchange import Everything
from medlog.amounts_text import dose_words
from medlog.model import Item, RegimenVersion
from medlog.ranges import range_text
from medlog.schedule import format_schedule
from medlog.supply import Outlook

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar(
    everything: Everything,
    now: datetime,
    alarm: timedelta | None = None,
    refills: Sequence[Outlook] = (),
) -> str:
    """The regimen's doses as recurring events (each alarm ``alarm`` before the dose, or at
    it), and each of ``refills`` on its refill-by day; CRLF-terminated and folded per RFC
    5545."""
    utc_now = now.astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//medlog//medlog regimen//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:medlog doses",
    ]
    for item in everything.regimen.items:
        for number, version in enumerate(item.regimen):
            following = item.regimen[number + 1] if number + 1 < len(item.regimen) else None
            ends = version.until or (following.start if following else None)
            if version.schedule.prn:
                continue
            for slot in version.schedule.times or (None,):
                lines += _event(item, number, version, slot, ends, utc_now, alarm)
    for seen in refills:
        lines += _refill(seen, now.date(), utc_now)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _event(
    item: Item,
    number: int,
    version: RegimenVersion,
    slot: time | None,
    ends: date | None,
    utc_now: datetime,
    alarm: timedelta | None,
) -> list[str]:
    schedule = version.schedule
    first = version.start
    if schedule.kind == "weekdays":
        while first.weekday() not in schedule.weekdays:
            first += timedelta(days=1)
    rule = "FREQ=DAILY"
    if schedule.kind == "every":
        rule += f";INTERVAL={schedule.every_days}"
    elif schedule.kind == "weekdays":
        rule = "FREQ=WEEKLY;BYDAY=" + ",".join(_BYDAY[day] for day in schedule.weekdays)
    last = None if ends is None else ends - timedelta(days=1)
    if last is not None and last < first:
        return []
    clock = "anytime" if slot is None else f"{slot:%H%M}"
    dose = f" {dose_words(item, version)}" if version.has_dose else ""
    description = f"{item.name}{dose}, {format_schedule(schedule)}, from medlog."
    if item.range is not None:
        description += f" Documented range {range_text(item)} (source: {item.range.source})."
    lines = [
        "BEGIN:VEVENT",
        f"UID:{item.key}-{number + 1}-{clock}@medlog",
        f"DTSTAMP:{utc_now:%Y%m%dT%H%M%SZ}",
    ]
    if slot is None:
        lines += [f"DTSTART;VALUE=DATE:{first:%Y%m%d}", "DURATION:P1D"]
        until = None if last is None else f"{last:%Y%m%d}"
    else:
        lines += [f"DTSTART:{datetime.combine(first, slot):%Y%m%dT%H%M%S}", "DURATION:PT15M"]
        until = None if last is None else f"{datetime.combine(last, slot):%Y%m%dT%H%M%S}"
    lines += [
        f"RRULE:{rule}" + ("" if until is None else f";UNTIL={until}"),
        f"SUMMARY:{_text(f'Take {item.name}{dose}')}",
        f"DESCRIPTION:{_text(description)}",
        "TRANSP:TRANSPARENT",
    ]
    if slot is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_text(f'Time to take {item.name}{dose}')}",
            f"TRIGGER:{_before(alarm)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def _refill(seen: Outlook, today: date, utc_now: datetime) -> list[str]:
    """An all-day event on an item's refill-by day (none when its supply has none in
    medlog's calendar)."""
    if seen.refill_by is None:
        return []
    covered = f"the doses through {seen.last_dose}" if seen.last_dose else "no further dose"
    description = (
        f"{seen.item.name}: what you have on {today}, by your log, covers {covered}; from medlog."
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{seen.item.key}-refill@medlog",
        f"DTSTAMP:{utc_now:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{seen.refill_by:%Y%m%d}",
        "DURATION:P1D",
        f"SUMMARY:{_text(f'Refill {seen.item.name}')}",
        f"DESCRIPTION:{_text(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _before(alarm: timedelta | None) -> str:
    """An alarm's TRIGGER: at the start, or ``alarm`` before it (-PT5M, -PT1H30M)."""
    if alarm is None:
        return "PT0M"
    hours, minutes = divmod(int(alarm.total_seconds()) // 60, 60)
    return "-PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")


def _text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
