"""pdc.py: Proportion of Days Covered by PQA's method, as the pdc-python notebook implements it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medlog.pdc import (
    Fill,
    GroupPdc,
    Member,
    covered_days,
    group_pdc,
    groups,
    in_pqa_scope,
    pdc_groups,
    window,
)

YEAR = (date(2022, 1, 1), date(2022, 12, 31))
RAS = "RAS antagonists"
SUBSTANCES = {
    "lisinopril": ("lisinopril",),
    "losartan": ("losartan",),
    "lisinopril-hctz": ("hydrochlorothiazide", "lisinopril"),
    "hctz": ("hydrochlorothiazide",),
}
RAS_MEMBERS = [
    Member(key, SUBSTANCES[key], RAS) for key in ("lisinopril", "losartan", "lisinopril-hctz")
]


def fill(item: str, day: str, supply: int = 90) -> Fill:
    """A fill of a known item on an ISO day."""
    return Fill(item, SUBSTANCES[item], date.fromisoformat(day), supply)


def measurement_year(fills: list[Fill]) -> GroupPdc:
    """The RAS antagonists group's PDC over 2022, reported on 2022-12-31."""
    (result,) = pdc_groups(RAS_MEMBERS, fills, YEAR[1], date(2023, 1, 15), since=YEAR[0])
    return result


@pytest.mark.parametrize(
    ("fills", "period", "covered", "pdc"),
    [
        pytest.param(
            [fill("lisinopril", d) for d in ("2021-01-01", "2022-01-01", "2022-03-25")]
            + [fill("lisinopril", d) for d in ("2022-07-05", "2022-09-25")],
            365,
            360,
            "0.986301",
            id="SAMEDRUG",
        ),
        pytest.param(
            [fill("lisinopril", "2022-01-01")]
            + [fill("losartan", d) for d in ("2022-03-25", "2022-07-05", "2022-09-25")],
            365,
            353,
            "0.967123",
            id="DIFFDRUG",
        ),
        pytest.param(
            [fill("lisinopril", d) for d in ("2022-01-01", "2022-03-25", "2022-09-25")],
            365,
            270,
            "0.739726",
            id="NONADH",
        ),
        pytest.param(
            [fill("lisinopril", "2022-01-01")]
            + [fill("lisinopril-hctz", d) for d in ("2022-03-25", "2022-07-05", "2022-09-25")],
            365,
            360,
            "0.986301",
            id="COMBPROD",
        ),
        pytest.param(
            [fill("lisinopril", "2022-01-02"), fill("lisinopril", "2022-03-25")]
            + [fill("losartan", d) for d in ("2022-03-25", "2022-07-05", "2022-09-25")],
            364,
            360,
            "0.989011",
            id="CONCUSE",
        ),
        pytest.param(
            [fill("lisinopril", "2022-01-01"), fill("lisinopril", "2022-03-25")]
            + [fill("losartan", d) for d in ("2022-03-25", "2022-07-05", "2022-09-25")],
            365,
            360,
            "0.986301",
            id="CONCUSE-sas",
        ),
    ],
)
def test_published_cases(fills: list[Fill], period: int, covered: int, pdc: str) -> None:
    """The notebook's five patients (github.com/joelmontavon/pdc-python, pdc.ipynb) match.

    CONCUSE-sas is the pdc-sql README's variant (lisinopril from 01-01; 360/365 by
    hand there, its table not printed).
    """
    result = measurement_year(fills)
    assert (result.period_days, result.covered_days, result.pdc) == (period, covered, Decimal(pdc))
    assert result.below_threshold is (Decimal(pdc) < Decimal("0.8"))
    assert result.eligible


def test_published_shift_against_sum_example() -> None:
    """pdc-python's rx_clm1 (01-01, 10 days) and rx_clm2 (01-07, 10 days): shift 20 days, sum 16."""
    first, second = date(2022, 1, 1), date(2022, 1, 7)
    same = [Fill("a", ("x",), first, 10), Fill("a", ("x",), second, 10)]
    different = [Fill("a", ("x",), first, 10), Fill("b", ("y",), second, 10)]
    assert covered_days(same, first, date(2022, 1, 20)) == 20
    assert covered_days(different, first, date(2022, 1, 20)) == 16


def test_supply_from_before_the_window_carries_in_and_shifts_the_first_fill() -> None:
    """A December fill covers to 02-28; the 02-15 refill starts 03-01; days count from 02-15."""
    fills = [fill("lisinopril", "2021-12-01"), fill("lisinopril", "2022-02-15")]
    result = group_pdc("g", ["lisinopril"], fills, *YEAR)
    assert result is not None
    assert (result.index_date, result.period_days, result.covered_days) == (
        date(2022, 2, 15),
        320,
        104,  # 02-15..05-29
    )
    assert result.pdc == Decimal("0.325000")


def test_a_window_with_only_earlier_fills_has_no_result() -> None:
    """Carried-in supply alone starts no period: no fill inside the window, no result."""
    assert group_pdc("g", ["lisinopril"], [fill("lisinopril", "2021-12-01")], *YEAR) is None


def test_coverage_is_cut_at_the_window_end() -> None:
    """A refill shifted to 12-30 counts 2 days, not 90: 92 of 92 days, PDC exactly 1."""
    fills = [fill("lisinopril", "2022-10-01"), fill("lisinopril", "2022-11-15")]
    result = group_pdc("g", ["lisinopril"], fills, *YEAR)
    assert result is not None
    assert (result.period_days, result.covered_days, result.pdc) == (92, 92, Decimal("1.000000"))


def test_fills_after_the_window_are_ignored() -> None:
    """A fill after the window's end neither covers days nor counts as a fill."""
    fills = [fill("lisinopril", "2022-12-01"), fill("lisinopril", "2023-01-01")]
    result = group_pdc("g", ["lisinopril"], fills, *YEAR)
    assert result is not None
    assert (result.covered_days, result.eligible) == (31, False)


def test_only_the_same_substance_is_shifted() -> None:
    """Overlapping fills: one substance runs 60 days end to end; two substances overlap to 40."""
    first, last = date(2022, 1, 1), date(2022, 3, 1)
    same = [fill("lisinopril", "2022-01-01", 30), fill("lisinopril", "2022-01-11", 30)]
    different = [fill("lisinopril", "2022-01-01", 30), fill("losartan", "2022-01-11", 30)]
    assert covered_days(same, first, last) == 60
    assert covered_days(different, first, last) == 40


def test_a_combination_product_is_shifted_in_each_substance_chain() -> None:
    """Lisinopril/HCTZ on 01-21 runs lisinopril to 03-01 and pushes a later HCTZ fill to 03-21."""
    first, last = date(2022, 1, 1), date(2022, 3, 31)
    fills = [fill("lisinopril", "2022-01-01", 30), fill("lisinopril-hctz", "2022-01-21", 30)]
    assert covered_days(fills, first, last) == 60  # lisinopril chain: 01-01..03-01
    fills.append(fill("hctz", "2022-02-10", 30))  # HCTZ chain: 01-21..02-19, then 02-20..03-21
    assert covered_days(fills, first, last) == 80


def test_a_fill_without_substances_is_a_chain_of_its_own_item() -> None:
    """Fills naming no substance are shifted against the same item's earlier fills."""
    fills = [Fill("tea", (), date(2022, 1, 1), 10), Fill("tea", (), date(2022, 1, 5), 10)]
    assert covered_days(fills, date(2022, 1, 1), date(2022, 1, 31)) == 20


def test_pdc_rounds_half_even_to_six_places() -> None:
    """1/128 = 0.0078125 shows as 0.007812 and 3/128 = 0.0234375 as 0.023438."""
    start, end = date(2022, 1, 1), date(2022, 1, 1) + timedelta(days=127)
    for supply, shown in ((1, "0.007812"), (3, "0.023438")):
        result = group_pdc("g", ["a"], [Fill("a", ("x",), start, supply)], start, end)
        assert result is not None
        assert (result.period_days, result.pdc) == (128, Decimal(shown))


def test_the_threshold_compares_the_exact_share_not_the_rounded_one() -> None:
    """320003 of 400004 days shows as 0.800000 but is under 0.80, so it is below the threshold."""
    start = date(1000, 1, 1)
    end = start + timedelta(days=400003)
    result = group_pdc("g", ["a"], [Fill("a", ("x",), start, 320003)], start, end)
    assert result is not None
    assert (result.pdc, result.below_threshold) == (Decimal("0.800000"), True)


def test_exactly_eighty_percent_is_not_below_the_threshold() -> None:
    """8 of 10 days is 0.800000 and meets the threshold."""
    start, end = date(2022, 1, 1), date(2022, 1, 10)
    result = group_pdc("g", ["a"], [Fill("a", ("x",), start, 8)], start, end)
    assert result is not None
    assert (result.pdc, result.below_threshold) == (Decimal("0.800000"), False)


def test_one_fill_day_is_not_eligible_but_the_pdc_is_still_computed() -> None:
    """Two fills on the same day are fewer than two dates: not eligible, PDC still given."""
    fills = [fill("lisinopril", "2022-01-01"), fill("losartan", "2022-01-01")]
    result = measurement_year(fills)
    assert (result.eligible, result.covered_days, result.period_days) == (False, 90, 365)


def test_an_index_date_under_91_days_before_the_period_end_is_not_eligible() -> None:
    """Two fill dates: eligible with the index 91 days before the period's end, not with 90."""
    fills = [fill("lisinopril", "2022-10-01", 30), fill("lisinopril", "2022-10-31", 30)]
    for end, eligible in ((date(2022, 12, 31), True), (date(2022, 12, 30), False)):
        result = group_pdc("g", ["lisinopril"], fills, YEAR[0], end, in_scope=True)
        assert result is not None
        assert (end - result.index_date).days == (91 if eligible else 90)
        assert result.eligible is eligible


def test_items_of_one_class_form_one_group_named_by_the_class() -> None:
    """Lisinopril and losartan, both RAS antagonists, are one group."""
    members = [Member("lisinopril", ("lisinopril",), RAS), Member("losartan", ("losartan",), RAS)]
    assert groups(members) == [(RAS, ("lisinopril", "losartan"))]


def test_classless_items_sharing_a_substance_group_transitively() -> None:
    """a-b share y, b-c share z: one group named y; an item sharing nothing is alone by its key."""
    members = [
        Member("c", ("w", "z")),
        Member("a", ("x", "y")),
        Member("d", ("q",)),
        Member("b", ("y", "z")),
    ]
    assert groups(members) == [("d", ("d",)), ("y", ("a", "b", "c"))]


def test_a_group_forms_even_when_the_bridge_comes_last() -> None:
    """Two separate items joined by a third listed after them become one group."""
    members = [Member("a", ("x",)), Member("c", ("z",)), Member("b", ("x", "z"))]
    assert groups(members) == [("x", ("a", "b", "c"))]


def test_items_with_a_class_do_not_join_substance_groups() -> None:
    """A classed item stays in its class even when a classless item shares its substance."""
    members = [Member("zestril", ("lisinopril",), RAS), Member("generic", ("lisinopril",))]
    assert groups(members) == [(RAS, ("zestril",)), ("generic", ("generic",))]


def test_as_needed_items_are_left_out() -> None:
    """An as-needed item forms no group, bridges no group, and its fills are ignored."""
    members = [
        Member("a", ("x",)),
        Member("b", ("y",)),
        Member("prn", ("x", "y"), prn=True),
    ]
    assert groups(members) == [("a", ("a",)), ("b", ("b",))]
    fills = [Fill("prn", ("x", "y"), date(2022, 1, 1), 30)]
    assert pdc_groups(members, fills, YEAR[1], YEAR[1]) == []


def test_the_default_window_is_365_days_ending_on_until() -> None:
    """Without ``since`` the window starts 364 days before ``until``."""
    assert window(date(2026, 11, 27), date(2026, 12, 1), None) == (
        date(2025, 11, 28),
        date(2026, 11, 27),
    )


def test_since_overrides_the_window_start() -> None:
    """``since`` is the window's first day."""
    until = date(2026, 11, 27)
    assert window(until, until, date(2026, 1, 1)) == (date(2026, 1, 1), until)


def test_the_window_ends_today_when_until_is_later() -> None:
    """Days after today are not counted."""
    assert window(date(2026, 12, 31), date(2026, 11, 27), None)[1] == date(2026, 11, 27)


def test_the_window_ends_the_day_before_a_stop() -> None:
    """Stopping on a prescriber's advice ends the period on the last day something was expected."""
    members = [Member("a", ("x",), stopped=date(2022, 9, 1))]
    (result,) = pdc_groups(members, [Fill("a", ("x",), date(2022, 8, 1), 90)], YEAR[1], YEAR[1])
    assert (result.period_days, result.stopped) == (31, date(2022, 9, 1))


def test_a_group_stops_only_when_every_item_has_stopped() -> None:
    """Lisinopril stopped on 04-01 while losartan goes on: the year is counted; both: to 06-30."""
    fills = [fill("lisinopril", "2022-01-01"), fill("losartan", "2022-03-25")]
    one_stopped = [
        Member("lisinopril", ("lisinopril",), RAS, stopped=date(2022, 4, 1)),
        Member("losartan", ("losartan",), RAS),
    ]
    both_stopped = [one_stopped[0], one_stopped[1]._replace(stopped=date(2022, 7, 1))]
    (ongoing,) = pdc_groups(one_stopped, fills, YEAR[1], YEAR[1], since=YEAR[0])
    (stopped,) = pdc_groups(both_stopped, fills, YEAR[1], YEAR[1], since=YEAR[0])
    assert (ongoing.period_days, ongoing.covered_days) == (365, 173)
    assert (stopped.period_days, stopped.covered_days) == (181, 173)


def test_a_group_stopped_before_its_window_has_no_result() -> None:
    """A stop before ``since`` leaves an empty window and no result."""
    members = [Member("a", ("x",), stopped=date(2021, 6, 1))]
    fills = [Fill("a", ("x",), date(2021, 1, 1), 30), Fill("a", ("x",), date(2022, 2, 1), 30)]
    assert pdc_groups(members, fills, YEAR[1], YEAR[1], since=YEAR[0]) == []


@pytest.mark.parametrize(
    ("drug_class", "in_scope"),
    [
        ("RAS antagonists", True),
        ("ras antagonist", True),
        ("Renin-angiotensin system antagonists", True),
        ("renin angiotensin  system antagonist", True),
        ("Statins", True),
        ("statin", True),
        ("Non-insulin diabetes drugs", True),
        ("SSRI", False),
        ("ACE inhibitors", False),
        ("insulin", False),
        (None, False),
    ],
)
def test_pqa_scope_is_the_three_classes_catalog_sources_names(
    drug_class: str | None, in_scope: bool
) -> None:
    """Only the classes CATALOG-SOURCES.md names, in any case, hyphen or plural, are PQA's."""
    assert in_pqa_scope(drug_class) is in_scope


def test_only_an_in_scope_group_without_a_stop_gets_pqa_figure() -> None:
    """Same fills, three groups: RAS is PQA's and eligible; no class or a stop: adapted."""
    members = [
        Member("lisinopril", ("lisinopril",), RAS, rx=True),
        Member("tea", ("camellia",)),
        Member("atorvastatin", ("atorvastatin",), "statins", stopped=date(2022, 11, 1), rx=True),
    ]
    fills = [
        Fill(m.key, m.substances, date.fromisoformat(day), 30)
        for m in members
        for day in ("2022-06-01", "2022-07-01")
    ]
    found = {g.group: g for g in pdc_groups(members, fills, YEAR[1], YEAR[1])}
    assert {name: (g.in_scope, g.method, g.eligible, g.stopped, g.prescribed)
            for name, g in found.items()} == {
        RAS: (True, "pqa", True, None, True),
        "tea": (False, "adapted", False, None, False),
        "statins": (True, "adapted", False, date(2022, 11, 1), True),
    }  # fmt: skip
    assert found["statins"].period_days == 153  # 06-01..10-31


def test_a_stop_after_the_window_leaves_pqa_figure() -> None:
    """A stop on 2023-01-10 ends nothing in a window ending 2022-12-31: PQA's figure."""
    members = [Member("lisinopril", ("lisinopril",), RAS, stopped=date(2023, 1, 10))]
    fills = [fill("lisinopril", "2022-01-01"), fill("lisinopril", "2022-03-25")]
    (result,) = pdc_groups(members, fills, YEAR[1], date(2023, 1, 15), since=YEAR[0])
    assert (result.method, result.stopped, result.period_days, result.eligible) == (
        "pqa", None, 365, True,
    )  # fmt: skip


def reference_covered(fills: Iterable[Fill], first: date, last: date) -> int:
    """Naive day-by-day: each fill takes the next uncovered days of each substance from its day."""
    days_of: dict[str, set[date]] = defaultdict(set)
    for each in sorted(fills, key=lambda f: f.day):
        for substance in set(each.substances or (each.item,)):
            taken = days_of[substance]
            day = each.day
            for _ in range(each.days_supply):
                while day in taken:
                    day += timedelta(days=1)
                taken.add(day)
                day += timedelta(days=1)
    union = set().union(*days_of.values())
    return sum(1 for day in union if first <= day <= last)


def reference_pdc(
    fills: list[Fill], start: date, end: date, in_scope: bool, stopped: date | None
) -> GroupPdc | None:
    """The group's figures, straight from the definitions: PQA's figure only in scope and
    without a stop, and only PQA's figure can be eligible."""
    inside = sorted({f.day for f in fills if start <= f.day <= end})
    if not inside:
        return None
    period = (end - inside[0]).days + 1
    covered = reference_covered([f for f in fills if f.day <= end], inside[0], end)
    exact = Decimal(covered) / Decimal(period)
    pqa = in_scope and stopped is None
    return GroupPdc(
        "g",
        tuple(ITEMS),
        inside[0],
        period,
        covered,
        exact.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN),
        covered * 5 < period * 4,
        pqa and len(inside) >= 2 and (end - inside[0]).days >= 91,
        in_scope,
        "pqa" if pqa else "adapted",
        stopped,
        False,
    )


ITEMS = {"a": ("x",), "b": ("y",), "ab": ("x", "y"), "c": ("z",)}
BASE = date(2022, 1, 1)
random_fills = st.lists(
    st.builds(
        lambda item, offset, supply: Fill(item, ITEMS[item], BASE + timedelta(days=offset), supply),
        st.sampled_from(sorted(ITEMS)),
        st.integers(-20, 40),
        st.integers(1, 30),
    ),
    max_size=12,
)


@settings(max_examples=400)
@given(random_fills, st.integers(0, 150), st.booleans(), st.booleans())
def test_group_pdc_agrees_with_a_day_by_day_reference(
    fills: list[Fill], length: int, in_scope: bool, at_a_stop: bool
) -> None:
    """On random fills, windows, scopes and stops, the result equals the naive reference's."""
    end = BASE + timedelta(days=length)
    stopped = end + timedelta(days=1) if at_a_stop else None
    expected = reference_pdc(fills, BASE, end, in_scope, stopped)
    found = group_pdc("g", tuple(ITEMS), fills, BASE, end, in_scope=in_scope, stopped=stopped)
    assert found == expected


@given(random_fills, st.integers(0, 60))
def test_pdc_is_a_share_of_the_period(fills: list[Fill], length: int) -> None:
    """0 <= pdc <= 1, 1 <= covered <= period, and the index date lies in the window."""
    end = BASE + timedelta(days=length)
    result = group_pdc("g", tuple(ITEMS), fills, BASE, end)
    if result is None:
        assert not any(BASE <= f.day <= end for f in fills)
        return
    assert Decimal(0) <= result.pdc <= Decimal(1)
    assert 1 <= result.covered_days <= result.period_days
    assert BASE <= result.index_date <= end
