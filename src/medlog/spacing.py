"""Spacing rules between two items: "take b at least 2 h before or 4 h after a".

A rule is one-sided when its ``before`` and ``after`` differ (the NIH magnesium fact
sheet: tetracyclines 2 h before or 4-6 h after magnesium), the same both ways when
they are equal (``medlog space A B 2h``). Pure code: rules and doses in, pairs out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import timedelta

from medlog.model import Event, Spacing
from medlog.timeparse import format_duration


def apart_enough(rule: Spacing, a: Event, b: Event) -> bool:
    """True when dose ``b`` of the rule's ``b`` item keeps its distance from dose ``a``."""
    if b.at <= a.at:
        return a.at - b.at >= rule.before
    return b.at - a.at >= rule.after


def misses(rule: Spacing, doses: Sequence[Event]) -> list[tuple[Event, Event]]:
    """Each pair of the rule's two items' doses taken closer than it allows."""
    firsts = [dose for dose in doses if dose.item == rule.a]
    seconds = sorted((dose for dose in doses if dose.item == rule.b), key=lambda d: d.at)
    moments = [dose.at for dose in seconds]
    reach = max(rule.before, rule.after)
    found = []
    for a in firsts:  # only the b doses within reach of a: a ten-year report stays linear
        start, end = bisect_left(moments, a.at - reach), bisect_right(moments, a.at + reach)
        found += [(a, b) for b in seconds[start:end] if not apart_enough(rule, a, b)]
    return found


def too_close(
    rules: Iterable[Spacing], dose: Event, doses: Sequence[Event]
) -> list[tuple[Spacing, Event]]:
    """The rules ``dose`` breaks against the other doses, with the dose it is too close to."""
    found = []
    for rule in rules:
        if dose.item not in (rule.a, rule.b):
            continue
        for a, b in misses(rule, [*doses, dose]):
            if dose in (a, b):
                found.append((rule, b if dose is a else a))
    return found


def rule_text(rule: Spacing, names: dict[str, str]) -> str:
    """A rule in words: "Doxycycline at least 2h before or 4h after Magnesium glycinate"."""
    a, b = names.get(rule.a, rule.a), names.get(rule.b, rule.b)
    if rule.before == rule.after:
        return f"{b} and {a} at least {format_duration(rule.before)} apart"
    return (
        f"{b} at least {format_duration(rule.before)} before or "
        f"{format_duration(rule.after)} after {a}"
    )


def gap_text(gap: timedelta) -> str:
    """A gap between two doses: "1h", "35m"."""
    return format_duration(abs(gap)) if gap else "0m"
