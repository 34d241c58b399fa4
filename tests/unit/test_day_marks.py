"""The calendar's day marks stay apart when printed in black and white (issue 24)."""

from __future__ import annotations

import itertools
import re
from typing import get_args

import pytest

from medlog.adherence import DayMark
from medlog.export.day_marks import MARK_COLOURS, legend_html, mark_shape
from medlog.sections.calendar import DAY_WORDS

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rgb or #rrggbb colour."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(2 * digit for digit in digits)
    channels = [int(digits[n : n + 2], 16) / 255 for n in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def in_greyscale(mark: DayMark) -> str:
    """The mark's SVG with each colour replaced by its grey level, as a laser printer has it."""
    return _COLOUR.sub(lambda found: f"grey{round(luminance(found.group()), 1)}", mark_shape(mark))


def test_every_mark_has_a_colour_and_words() -> None:
    """Each kind of day the calendar knows is drawn and named."""
    assert set(MARK_COLOURS) == set(get_args(DayMark)) == set(DAY_WORDS)


@pytest.mark.parametrize(("one", "other"), list(itertools.combinations(get_args(DayMark), 2)))
def test_marks_differ_in_greyscale(one: DayMark, other: DayMark) -> None:
    """No two kinds of day look alike once colour becomes grey: taken, missed and outside the
    range (once all one dark grey) differ, as do some taken and taken as needed."""
    assert in_greyscale(one) != in_greyscale(other)


@pytest.mark.parametrize(("one", "other"), list(itertools.combinations(get_args(DayMark), 2)))
def test_marks_differ_by_shape_alone(one: DayMark, other: DayMark) -> None:
    """Even with every colour the same, each kind of day has its own shape."""
    assert _COLOUR.sub("ink", mark_shape(one)) != _COLOUR.sub("ink", mark_shape(other))


@pytest.mark.parametrize("mark", get_args(DayMark))
def test_mark_colours_meet_wcag_aa_for_graphics(mark: DayMark) -> None:
    """Each mark's ink has at least 3:1 contrast on the white page (WCAG 1.4.11)."""
    assert contrast(MARK_COLOURS[mark], "#ffffff") >= 3


def test_greyscale_tells_the_confused_pairs_apart() -> None:
    """The pairs the issue found identical in print differ in filled area, not just hue: all
    taken is a solid square, missed an outlined cross, outside the range a triangle; some
    taken is half filled, taken as needed a dot."""
    assert "<rect" in mark_shape("full") and "path" not in mark_shape("full")
    assert 'fill="#fff"' in mark_shape("missed") and "M2.5 2.5" in mark_shape("missed")
    assert mark_shape("out_of_range").startswith("<path")
    assert 'height="4.4"' in mark_shape("partial")
    assert mark_shape("as_needed").startswith("<circle")


def test_legend_shows_every_mark_with_its_words() -> None:
    """The legend draws each mark beside its words, so print needs no colour key."""
    legend = legend_html()
    for mark in get_args(DayMark):
        assert mark_shape(mark) in legend
        assert DAY_WORDS[mark] in legend
