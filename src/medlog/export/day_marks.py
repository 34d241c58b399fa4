"""The calendar's day marks as SVG shapes, told apart in black and white.

An office laser printer turns green, red and purple into one dark grey, so colour is never
the only difference: each kind of day has its own shape (a solid square for all taken, a
crossed-out box for missed, a triangle for outside the documented range, a half-filled box
for some taken, a dot for taken as needed...), as the text calendar has its own glyph. The
colours stay as a second cue on screen, each dark enough against white for WCAG AA's 3:1
contrast for graphics, where the shape carries meaning.

Each mark is drawn in a 10 x 10 box, then placed and scaled by ``day_mark_svg``.
"""

from __future__ import annotations

from html import escape

from medlog.adherence import DayMark
from medlog.sections.calendar import DAY_WORDS

MARK_COLOURS: dict[DayMark, str] = {
    "full": "#2e7d32",
    "partial": "#8d6e00",
    "missed": "#c62828",
    "skipped": "#3f6282",
    "pending": "#757575",
    "none": "#757575",
    "extra": "#c43e00",
    "as_needed": "#1565c0",
    "out_of_range": "#8e24aa",
    "held": "#546e7a",
    "late": "#00796b",
    "early": "#558b2f",
}

_BOX = 'x="0.6" y="0.6" width="8.8" height="8.8"'


def _shape(mark: DayMark, ink: str) -> str:
    """The mark's shape in a 10 x 10 box, drawn in ``ink``."""
    outline = f'<rect {_BOX} fill="#fff" stroke="{ink}" stroke-width="1.2"/>'
    shapes: dict[DayMark, str] = {
        "full": f'<rect {_BOX} fill="{ink}"/>',
        "partial": f'{outline}<rect x="0.6" y="5" width="8.8" height="4.4" fill="{ink}"/>',
        "missed": f'{outline}<path d="M2.5 2.5 7.5 7.5M7.5 2.5 2.5 7.5" stroke="{ink}" '
        'stroke-width="1.6"/>',
        "skipped": f'{outline}<path d="M2.5 7.5 7.5 2.5" stroke="{ink}" stroke-width="1.6"/>',
        "pending": f'<rect {_BOX} fill="#fff" stroke="{ink}" stroke-width="0.8" '
        'stroke-dasharray="1.5 1"/>',
        "none": f'<circle cx="5" cy="5" r="1.2" fill="{ink}"/>',
        "extra": f'<rect {_BOX} fill="{ink}"/><circle cx="5" cy="5" r="2" fill="#fff"/>',
        "as_needed": f'<circle cx="5" cy="5" r="4.2" fill="{ink}"/>',
        "out_of_range": f'<path d="M5 0.4 9.7 9.4H0.3Z" fill="{ink}"/>'
        '<path d="M5 3.6V6.6M5 7.6V8.4" stroke="#fff" stroke-width="1.1"/>',
        "held": f'{outline}<path d="M3.8 2.8V7.2M6.2 2.8V7.2" stroke="{ink}" stroke-width="1.3"/>',
        "late": f'<path d="M1 1 9.4 5 1 9Z" fill="{ink}"/>',
        "early": f'<path d="M9 1 0.6 5 9 9Z" fill="{ink}"/>',
    }
    return shapes[mark]


def mark_shape(mark: DayMark) -> str:
    """The mark's SVG elements in its 10 x 10 box, in its colour."""
    return _shape(mark, MARK_COLOURS[mark])


def day_mark_svg(mark: DayMark, x: float, y: float, size: float, label: str) -> str:
    """The mark of one day, ``size`` wide with its top left at (x, y), titled ``label``."""
    scale = round(size / 10, 3)
    return (
        f'<g transform="translate({round(x, 1)} {round(y, 1)}) scale({scale})">'
        f"<title>{escape(label)}</title>{mark_shape(mark)}</g>"
    )


def legend_html() -> str:
    """Every mark beside its words, so the page reads the same printed in black and white."""
    spans = "".join(
        f'<span><svg width="11" height="11" viewBox="0 0 10 10" aria-hidden="true">'
        f"{mark_shape(mark)}</svg> {escape(DAY_WORDS[mark])}</span>"
        for mark in MARK_COLOURS
    )
    return f'<p class="legend">{spans}</p>'
