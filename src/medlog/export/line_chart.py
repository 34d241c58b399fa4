"""A line chart of dated values as inline SVG, readable printed in black and white.

The y axis has its ticks written out (hours for sleep, each band's floor for a score), bands
are shaded and named at the right, each point can carry its value, and each change of
regimen is a dashed line numbered at its top: the numbers are keyed in words under the
charts (``change_key``), so a narrow chart never crowds its labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from html import escape
from typing import NamedTuple

from medlog.regimen import RegimenChange

_BAND_FILLS = ("#ffffff", "#f1f1f1", "#e2e2e2", "#d2d2d2", "#c2c2c2")


class Axis(NamedTuple):
    """The y axis: its range, the values written beside it, and how a value is written."""

    low: Fraction
    high: Fraction
    ticks: tuple[Fraction, ...]
    unit: str = ""  # written after each tick: "h" for hours


class Band(NamedTuple):
    """A shaded stretch of the y axis with its name ("moderate" from 10)."""

    low: Fraction
    high: Fraction
    name: str


def _tick_text(value: Fraction, unit: str) -> str:
    return f"{float(value):g}{unit}"


def line_chart(
    title: str,
    points: Sequence[tuple[date, Fraction]],
    days: tuple[date, date],
    axis: Axis,
    changes: Sequence[RegimenChange] = (),
    bands: Sequence[Band] = (),
    width: int = 640,
    height: int = 96,
    values: bool = False,
) -> str:
    """The points over the days ``days`` (first, last), each day's mean joined by a line,
    with ``changes`` numbered in the order given (1 for the first)."""
    first, last = days
    left, right, top, bottom = 30, 84 if bands else 8, 12, 16
    plot_bottom = height - bottom
    count = (last - first).days + 1
    step = (width - left - right) / count
    span = axis.high - axis.low

    def x(day: date) -> float:
        return round(left + ((day - first).days + 0.5) * step, 1)

    def y(value: Fraction) -> float:
        return round(plot_bottom - float((value - axis.low) / span) * (plot_bottom - top), 1)

    shapes = []
    for n, band in enumerate(bands):
        shapes.append(
            f'<rect x="{left}" y="{y(band.high)}" width="{width - left - right}" '
            f'height="{round(y(band.low) - y(band.high), 1)}" '
            f'fill="{_BAND_FILLS[n % len(_BAND_FILLS)]}"/>'
            f'<text class="band" x="{width - right + 3}" '
            f'y="{round((y(band.low) + y(band.high)) / 2 + 3, 1)}">{escape(band.name)}</text>'
        )
    for value in axis.ticks:
        shapes.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value)}" y2="{y(value)}" '
            f'stroke="#d0d0d0" stroke-width="0.6"/>'
            f'<text x="{left - 3}" y="{y(value) + 3}" text-anchor="end">'
            f"{_tick_text(value, axis.unit)}</text>"
        )
    on_day: dict[date, list[tuple[int, RegimenChange]]] = {}  # one line and label a day
    for number, change in enumerate(changes, start=1):
        if first <= change.on <= last:
            on_day.setdefault(change.on, []).append((number, change))
    for day, numbered in on_day.items():
        at = round(x(day) - step / 2, 1)
        titles = "; ".join(said(change) for _, change in numbered)
        label = ",".join(str(number) for number, _ in numbered)
        shapes.append(
            f'<line x1="{at}" x2="{at}" y1="{top - 2}" y2="{plot_bottom}" stroke="#4e342e" '
            f'stroke-dasharray="3 2"><title>{escape(titles)}</title></line>'
            f'<text class="change" x="{at + 2}" y="{top - 3}">{label}</text>'
        )
    means: dict[date, list[Fraction]] = {}
    for day, value in points:
        means.setdefault(day, []).append(value)
    line = " ".join(
        f"{x(day)},{y(sum(found, Fraction(0)) / len(found))}"
        for day, found in sorted(means.items())
    )
    shapes.append(f'<polyline points="{line}" fill="none" stroke="#1b1b1b" stroke-width="1"/>')
    for day, value in points:
        shapes.append(
            f'<circle cx="{x(day)}" cy="{y(value)}" r="2.2" fill="#1b1b1b">'
            f"<title>{day}: {_tick_text(value, axis.unit)}</title></circle>"
        )
        if values:
            shapes.append(
                f'<text class="value" x="{x(day)}" y="{y(value) - 4}" text-anchor="middle">'
                f"{_tick_text(value, axis.unit)}</text>"
            )
    shapes.append(
        f'<line x1="{left}" x2="{width - right}" y1="{plot_bottom}" y2="{plot_bottom}" '
        f'stroke="#999"/>'
    )
    dates = [first + timedelta(days=n) for n in range(count)]
    shapes += [
        f'<text x="{x(dates[n])}" y="{height - 3}" text-anchor="middle">{label}</text>'
        for n, label in day_labels(dates)
    ]
    return (
        f'<div class="chart"><h3>{escape(title)}</h3><svg role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}, each entry '
        f"from {first} to {last}</title>{''.join(shapes)}</svg></div>"
    )


def day_labels(days: list[date]) -> list[tuple[int, str]]:
    """A label every 7 days from a strip's first day ("Oct 17", "24", "31", "Nov 7"), the
    month named where it changes: no stretch of a week goes unlabelled."""
    labels = []
    month = None
    for n in range(0, len(days), 7):
        day = days[n]
        labels.append((n, str(day.day) if day.month == month else f"{day:%b} {day.day}"))
        month = day.month
    return labels


def said(change: RegimenChange) -> str:
    """A change in words: "2026-11-20: Lexapro 10 mg → 20 mg"."""
    return f"{change.on}: {change.item.name} {change.change}"


def change_key(changes: Sequence[RegimenChange]) -> str:
    """What each numbered dashed line marks, in one line."""
    return "Dashed lines: " + "; ".join(
        f"{number} {said(change)}" for number, change in enumerate(changes, start=1)
    )
