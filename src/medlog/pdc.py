"""Proportion of Days Covered (PDC) per therapy group, by the Pharmacy Quality Alliance's method.

As the open pdc-python notebook (Montavon) implements it (CATALOG-SOURCES.md,
"Adherence measures"):

- a group is the scheduled items of one therapeutic class; failing a class, the
  items that share a substance, transitively; failing that, the item alone.
  As-needed items are left out;
- the period runs from the index date (the first fill inside the window) to the
  window's end;
- refills of one substance are shifted: a fill that starts while earlier supply of
  that substance remains starts the day after it runs out, fills from before the
  window included. Different substances are not shifted: a day is covered when any
  of them covers it. A combination product counts for each of its substances;
- PDC = covered days / days in the period, compared exactly with 0.80 and shown
  to 6 places.

PQA's figure stays PQA's (CATALOG-SOURCES.md, "Proportion of days covered: scope"): its
measures and 80 % threshold are defined for certain chronic drug classes, and its
window runs to the period's end. medlog computes PDC for any group, but a group outside
those classes (``in_scope``), or whose window medlog ends at a stop, gets a figure
*adapted* from PQA's, never marked PQA-eligible.

Pure code: fills, dates and "today" come in, figures go out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

PDC_THRESHOLD = Fraction(4, 5)
MIN_DAYS_FROM_INDEX = 91
"""PQA: the index date must be at least this many days before the period's last day."""
PQA_CLASSES = (
    ("renin-angiotensin system antagonists", "RAS antagonists"),
    ("statins",),
    ("non-insulin diabetes drugs",),
)
"""The classes PQA defines a PDC measure for, as CATALOG-SOURCES.md names them ("e.g.
renin-angiotensin system antagonists, statins, non-insulin diabetes drugs"), each with
the spellings of ``--class`` that mean it (RAS is the usual short form). medlog has no
drug-class database: a class not written here is outside PQA's scope."""
Method = Literal["pqa", "adapted"]
LOOKBACK = timedelta(days=364)
"""A default window of 365 days, the report's last day included."""
_ONE_DAY = timedelta(days=1)
_SIX_PLACES = Decimal("0.000001")


class Fill(NamedTuple):
    """One dispensing: the item, the substances it contains, the day and the days' supply."""

    item: str
    substances: tuple[str, ...]
    day: date
    days_supply: int


class Member(NamedTuple):
    """What grouping needs to know about an item.

    ``stopped`` is the first day with nothing expected after a stop (``Item.stopped``).
    """

    key: str
    substances: tuple[str, ...]
    drug_class: str | None = None
    prn: bool = False
    stopped: date | None = None
    rx: bool = False


class GroupPdc(NamedTuple):
    """A group's PDC over its period (``index_date`` to the window's end, inclusive).

    ``pdc`` is rounded half-even to 6 places; ``below_threshold`` compares the exact
    fraction with 0.80. ``in_scope``: the group's class is one PQA defines a measure for
    (``PQA_CLASSES``). ``stopped``: the stop that ended the window early (the first day
    with nothing expected), else None. ``method`` is "pqa" for PQA's figure (in scope, the
    window not ended at a stop), else "adapted". ``eligible`` is PQA's denominator rule,
    for PQA's figure only: fills on at least two different days in the period, and an
    index date at least 91 days before the period's last day. ``prescribed``: the group
    holds an ``rx`` item.
    """

    group: str
    items: tuple[str, ...]
    index_date: date
    period_days: int
    covered_days: int
    pdc: Decimal
    below_threshold: bool
    eligible: bool
    in_scope: bool
    method: Method
    stopped: date | None
    prescribed: bool


def groups(members: Sequence[Member]) -> list[tuple[str, tuple[str, ...]]]:
    """(group name, sorted item keys) for the scheduled items, sorted by name.

    A class groups its items under the class's name (in any case: SSRI is ssri). Items
    without a class that
    share a substance, directly or through others, form one group named after the
    alphabetically first substance two of them share; any other item is alone,
    named by its key. Items with a class never join a substance group.
    """
    by_class: dict[str, list[str]] = defaultdict(list)
    class_names: dict[str, str] = {}  # a class in any case -> as its first item spells it
    components: list[list[Member]] = []
    for member in members:
        if member.prn:
            continue
        if member.drug_class:
            folded = member.drug_class.casefold()
            by_class[class_names.setdefault(folded, member.drug_class)].append(member.key)
            continue
        joined = [member]
        held = set(member.substances)
        for component in [c for c in components if held & _substances(c)]:
            components.remove(component)
            joined += component
        components.append(joined)
    found = [(name, tuple(sorted(keys))) for name, keys in by_class.items()]
    found += [(_substance_group_name(c), tuple(sorted(m.key for m in c))) for c in components]
    return sorted(found)


def _substances(component: Iterable[Member]) -> set[str]:
    return {substance for member in component for substance in member.substances}


def _substance_group_name(component: Sequence[Member]) -> str:
    """The first substance (alphabetically) held by two items; an item alone: its key."""
    if len(component) == 1:
        return component[0].key
    holders = Counter(substance for member in component for substance in set(member.substances))
    return min(substance for substance, count in holders.items() if count > 1)


def in_pqa_scope(drug_class: str | None) -> bool:
    """True when ``drug_class`` names one of ``PQA_CLASSES``, in any case, with or without
    hyphens or a final s (Statin, RAS antagonist)."""
    return drug_class is not None and _folded(drug_class) in _PQA_SPELLINGS


def _folded(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split()).removesuffix("s")


_PQA_SPELLINGS = frozenset(_folded(name) for names in PQA_CLASSES for name in names)


def window(until: date, today: date, since: date | None) -> tuple[date, date]:
    """The measurement window (first, last day inclusive) for a report ending on ``until``:
    from ``since``, or 364 days before ``until``, to ``until`` or, earlier, ``today``."""
    first = since if since is not None else until - LOOKBACK
    return first, min(until, today)


def group_pdc(
    name: str,
    items: Sequence[str],
    fills: Iterable[Fill],
    start: date,
    end: date,
    *,
    in_scope: bool = False,
    stopped: date | None = None,
    prescribed: bool = False,
) -> GroupPdc | None:
    """The group's PDC over the window ``start``..``end``, or None without a fill inside it.

    Fills of other items and fills after ``end`` are ignored; fills before ``start``
    carry their supply in. ``stopped``: the stop that ended the window at ``end``.
    """
    keys = set(items)
    own = [fill for fill in fills if fill.item in keys and fill.day <= end]
    fill_days = sorted({fill.day for fill in own if fill.day >= start})
    if not fill_days:
        return None
    index_date = fill_days[0]
    period_days = (end - index_date).days + 1
    covered = covered_days(own, index_date, end)
    share = Fraction(covered, period_days)  # exact: the only rounding is the half-even below
    pqa = in_scope and stopped is None
    return GroupPdc(
        group=name,
        items=tuple(items),
        index_date=index_date,
        period_days=period_days,
        covered_days=covered,
        pdc=Decimal(round(share * 1_000_000)).scaleb(-6).quantize(_SIX_PLACES),
        below_threshold=share < PDC_THRESHOLD,
        eligible=pqa and len(fill_days) >= 2 and (end - index_date).days >= MIN_DAYS_FROM_INDEX,
        in_scope=in_scope,
        method="pqa" if pqa else "adapted",
        stopped=stopped,
        prescribed=prescribed,
    )


def covered_days(fills: Iterable[Fill], first: date, last: date) -> int:
    """How many days from ``first`` to ``last`` (inclusive) the fills cover.

    Each substance is a chain in date order: a fill starts on its day or, while
    earlier supply of that substance remains, the day after it runs out. A day is
    covered when any substance's chain covers it. A fill that names no substance
    is a chain of its own item.
    """
    chains: dict[str, list[Fill]] = defaultdict(list)
    for fill in fills:
        for substance in set(fill.substances or (fill.item,)):
            chains[substance].append(fill)
    spans: list[tuple[date, date]] = []
    for chain in chains.values():
        free = date.min  # the first day this substance's earlier supply leaves uncovered
        for fill in sorted(chain, key=lambda fill: fill.day):
            begin = max(fill.day, free)
            free = begin + timedelta(days=max(fill.days_supply, 0))
            spans.append((max(begin, first), min(free - _ONE_DAY, last)))
    covered = 0
    uncounted = first  # spans overlap across substances: count each day once
    for begin, end in sorted(spans):
        fresh = max(begin, uncounted)
        if fresh <= end:
            covered += (end - fresh).days + 1
            uncounted = end + _ONE_DAY
    return covered


def pdc_groups(
    members: Sequence[Member],
    fills: Iterable[Fill],
    until: date,
    today: date,
    since: date | None = None,
) -> list[GroupPdc]:
    """The PDC of each group (see ``groups``) with a fill in its window, by group name.

    Once every item of a group is stopped, its window ends the day before the last stop:
    stopping on a prescriber's advice is not non-adherence, so the days after it are not
    counted. PQA's window would run on to the period's end, so that figure is adapted.
    """
    all_fills = list(fills)
    by_key = {member.key: member for member in members}
    start, last = window(until, today, since)
    results = []
    for name, keys in groups(members):
        stops = [by_key[key].stopped for key in keys]
        stopped = None if None in stops else max(stop for stop in stops if stop is not None)
        if stopped is not None and stopped > last:
            stopped = None  # a stop after the window ends nothing early
        result = group_pdc(
            name,
            keys,
            all_fills,
            start,
            last if stopped is None else stopped - _ONE_DAY,
            in_scope=all(in_pqa_scope(by_key[key].drug_class) for key in keys),
            stopped=stopped,
            prescribed=any(by_key[key].rx for key in keys),
        )
        if result is not None:
            results.append(result)
    return results
