"""The clinician summary as printed: readable in black and white (issue 24)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest

from medlog.export.day_marks import mark_shape
from tests.conftest import Run, ok

Medlog = Callable[..., Run]


@pytest.fixture
def month(medlog: Medlog) -> None:
    """The demo's month in the test store (MEDLOG_HOME)."""
    ok(medlog("--home", os.environ["MEDLOG_HOME"], "demo"))


def _day_marks(html: str) -> dict[str, set[str]]:
    """Each day's words in the strips (from its title) -> the shapes drawn for them."""
    found: dict[str, set[str]] = {}
    for title, shape in re.findall(r"<g [^>]*><title>[^<]*: ([a-z ]+)[^<]*</title>(.*?)</g>", html):
        found.setdefault(title, set()).add(shape)
    return found


def test_strips_draw_each_kind_of_day_with_its_own_shape(medlog: Medlog, month: None) -> None:
    """Missed, all taken, outside the range and the rest are drawn as different shapes, not
    one square in different colours (which a laser printer makes the same grey)."""
    html = ok(medlog("report", "--format", "html")).stdout
    marks = _day_marks(html)
    assert {"all taken", "missed", "outside the documented range"} <= set(marks)
    assert marks["all taken"] == {mark_shape("full")}
    assert marks["missed"] == {mark_shape("missed")}
    assert marks["outside the documented range"] == {mark_shape("out_of_range")}
    assert 'class="legend"' in html and mark_shape("missed") in html.split('class="legend"')[1]


def test_dose_bars_say_their_value_and_above_is_marked(medlog: Medlog, month: None) -> None:
    """A day's total is written over its bar, and a day above the range carries a triangle as
    well as a colour."""
    html = ok(medlog("report", "--format", "html")).stdout
    assert re.search(r'<text class="value"[^>]*>400</text>', html)
    above = re.search(r"\(above\)</title></rect><path d=\"M[^\"]+Z\"", html)
    assert above, "a day above the range has its triangle"
