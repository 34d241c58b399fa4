"""The report's PDC section as plain cells and lines: a row per group of items (its
days covered, the figure flagged below 80 %, whether it is PQA's or adapted from it), the
note beside the table, and the sentence naming the groups left out.

Shared by the terminal (render/report.py) and the files (export/report.py,
export/html.py), so they can never disagree about a figure.
"""

from __future__ import annotations

from medlog.actions.report import Report
from medlog.pdc import PDC_THRESHOLD, GroupPdc

PDC_HEADER = ("Group", "Items", "From", "Days covered", "PDC", "Measure")
PDC_THRESHOLD_TEXT = f"{float(PDC_THRESHOLD):.0%}"
PDC_NOTE = (
    "PDC, the proportion of days covered, counts the days your fills covered; adherence "
    "counts the doses you logged. When the two disagree, something is worth discussing. "
    f"The Pharmacy Quality Alliance's (PQA) PDC measures and their {PDC_THRESHOLD_TEXT} "
    "threshold are defined for certain chronic drug classes; medlog takes a --class of "
    "renin-angiotensin system (RAS) antagonists, statins or non-insulin diabetes drugs as "
    "one of them. Any other group's figure, and one whose window ends early at a stop, is "
    f"adapted from PQA; {PDC_THRESHOLD_TEXT} beside it is for comparison only."
)


def pdc_rows(report: Report, *, every_group: bool) -> list[tuple[bool, list[str]]]:
    """(below 80 %, cells) for each PDC group shown (with an ``rx`` item, or every group):
    its name, items, index date, days covered of the period, the PDC as a percentage
    flagged below 80 %, and whether the figure is PQA's (and eligible) or adapted from it."""
    names = {period.item.key: period.item.name for period in report.items}
    rows = []
    for group in report.pdc:
        if not (every_group or group.prescribed):
            continue
        pqa = group.method == "pqa"
        share = f"{group.pdc * 100:.1f}%"
        if group.below_threshold:
            share += f" (below {PDC_THRESHOLD_TEXT}{'' if pqa else '; for comparison only'})"
        rows.append(
            (
                group.below_threshold,
                [
                    group.group,
                    ", ".join(names.get(key, key) for key in group.items),
                    str(group.index_date),
                    f"{group.covered_days} / {group.period_days}",
                    share,
                    _pdc_measure(group),
                ],
            )
        )
    return rows


def _pdc_measure(group: GroupPdc) -> str:
    """Whose figure it is: "PQA", with why it is not eligible, or "adapted from PQA" and why."""
    if group.method == "pqa":
        return "PQA" if group.eligible else "PQA; too few fills or days to be eligible"
    why = [] if group.in_scope else ["not in a class PQA measures"]
    if group.stopped is not None:
        why.append(f"ends at the stop on {group.stopped}")
    return f"adapted from PQA: {'; '.join(why)}"


def pdc_left_out(report: Report, *, every_group: bool) -> str | None:
    """The sentence naming the PDC groups without an ``rx`` item left out of a table, if any."""
    hidden = [group.group for group in report.pdc if not (every_group or group.prescribed)]
    if not hidden:
        return None
    return (
        f"PDC not shown for {', '.join(hidden)} (no prescription item); "
        "medlog report --all shows every group."
    )
