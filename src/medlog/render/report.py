"""The ``report`` in the terminal: the items' rows, PDC, substances across items,
as-needed use, the calendar, the days that stood out, and how the person has been.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from medlog.render.tables import Col, print_footnotes, print_prose, print_table, styled
from medlog.sections import calendar as calendar_section
from medlog.sections import checkins as checkins_section

if TYPE_CHECKING:
    from rich.console import Console

    from medlog.actions.report import Report


_MARK_STYLES = {
    "#": "green",
    "+": "yellow",
    "x": "bold red",
    "s": "cyan",
    "-": "",
    ".": "dim",
    "o": "dark_orange",
    "*": "blue",
    "!": "bold magenta",
    "h": "grey50",
}


# Which columns go first when the terminal is narrow (0: never), header by header: the
# judgements (on time, days against the range) and the missed doses stay longest.
_SCHEDULED_DROPS = (0, 0, 4, 2, 6, 5, 1, 1, 3)
_AS_NEEDED_DROPS = (0, 0, 3, 1, 2, 1)


def print_report(
    view: Report, console: Console, *, every_group: bool = False, brief: bool = False
) -> None:
    """The report: the visit at a glance (the summary's first page), then one row per item,
    as-needed use, a calendar strip per item, and the days that stood out (extra doses,
    outside the documented range). PDC is shown for groups with a prescription item, or
    ``every_group``; ``brief`` stops after the visit at a glance."""
    from medlog import summary
    from medlog.sections.visit import page_one

    print_prose(console, summary.period_title(view), "bold")
    if earlier := summary.earlier_note(view):
        print_prose(console, earlier, "dim")
    for alert in checkins_section.item9_alerts(view):
        print_prose(console, alert, "bold red")
    for title, lines in page_one(view):
        _print_section(title, lines, console)
    if brief:
        return
    if view.items:
        _print_adherence(view, console, every_group)
    else:
        print_prose(console, "No items were in your regimen in this period.")
    _print_labs(view, console)
    _print_how_you_have_been(view, console)
    if sentence := checkins_section.provenance_sentence(view):
        print_prose(console, sentence, "dim")
    print_prose(
        console,
        f"Adherence is doses taken as scheduled over doses expected; below "
        f"{summary.THRESHOLD_TEXT} is flagged. Figures come from your own log; medlog does "
        "not give medical advice.",
        "dim",
    )


def _print_adherence(view: Report, console: Console, every_group: bool) -> None:
    """The items' rows, as-needed use, footnotes, the calendar, and the days that stood out."""
    from medlog import summary
    from medlog.sections.pdc import PDC_HEADER, PDC_NOTE, pdc_left_out, pdc_rows
    from medlog.sections.substances import SUBSTANCE_HEADER, SUBSTANCE_NOTE, substance_rows
    from medlog.sections.weekly import WEEKLY_HEADER, WEEKLY_NOTE, weekly_rows

    scheduled = summary.scheduled_rows(view)
    if scheduled:
        rows = []
        for period, cells in scheduled:
            row = [styled(cell) for cell in cells]
            if period.below_threshold:
                row[1] = styled(cells[1], "bold red")
            rows.append(row)
        columns = [
            Col(header, drop, right=0 < n < 7, flags=n == 1)
            for n, (header, drop) in enumerate(
                zip(summary.SCHEDULED_HEADER, _SCHEDULED_DROPS, strict=True)
            )
        ]
        print_table(console, columns, rows)
    if waiting := summary.pending_note(view):
        print_prose(console, waiting, "dim")
    if weekly := weekly_rows(view):
        columns = [Col(header, drop, right=n > 1) for n, (header, drop) in enumerate(
            zip(WEEKLY_HEADER, (0, 0, 1, 0, 0), strict=True))]  # fmt: skip
        rows = [[styled(cell) for cell in cells] for cells in weekly]
        print_table(console, columns, rows, title="Weekly totals (doses by weekday)")
        print_prose(console, WEEKLY_NOTE, "dim")
    if pdc := pdc_rows(view, every_group=every_group):
        columns = [Col(header, drop, right=n in (3, 4), flags=n >= 4) for n, (header, drop)
                   in enumerate(zip(PDC_HEADER, (0, 2, 1, 0, 0, 0), strict=True))]  # fmt: skip
        rows = [
            [styled(cell, "bold red" if low and n == 4 else "") for n, cell in enumerate(cells)]
            for low, cells in pdc
        ]
        print_table(console, columns, rows, title="Proportion of days covered (from fills)")
        print_prose(console, PDC_NOTE, "dim")
    if left_out := pdc_left_out(view, every_group=every_group):
        print_prose(console, left_out, "dim")
    if substances := substance_rows(view):
        columns = [Col(header, drop, right=n > 2, flags=n == 2) for n, (header, drop) in
                   enumerate(zip(SUBSTANCE_HEADER, (0, 1, 0, 2, 0, 0), strict=True))]  # fmt: skip
        rows = [
            [styled(cell, "bold red" if above and n == 4 else "") for n, cell in enumerate(cells)]
            for above, cells in substances
        ]
        print_table(console, columns, rows, title="Substances across items")
        print_prose(console, SUBSTANCE_NOTE, "dim")
    as_needed = summary.as_needed_rows(view)
    if as_needed:
        columns = [
            Col(header, drop, right=0 < n < 5)
            for n, (header, drop) in enumerate(
                zip(summary.AS_NEEDED_HEADER, _AS_NEEDED_DROPS, strict=True)
            )
        ]
        rows = [[styled(cell) for cell in cells] for _, cells in as_needed]
        print_table(console, columns, rows, title="As needed")
    print_footnotes(summary.report_footnotes(view), console)
    _print_calendar(view, console)
    _print_section("On hold", summary.hold_lines(view), console)
    _print_section("Extra doses", summary.extra_dose_lines(view), console)
    _print_section("Taken late or early", summary.moved_dose_lines(view), console)
    _print_section(summary.ABOVE_REGIMEN, summary.above_regimen_lines(view), console)
    _print_missed(view, console)
    _print_section("Outside the documented range", summary.out_of_range_lines(view), console)
    _print_section("Notes from the labels", summary.label_note_lines(view), console)
    _print_section("Notes on this combination", summary.interaction_lines(view), console)


def _print_missed(view: Report, console: Console) -> None:
    """With --missed: each missed dose, its date and time (or that none was missed)."""
    from medlog import summary

    if view.missed is None:
        return
    if not view.missed:
        _print_section("Missed doses", [summary.NOTHING_MISSED], console)
        return
    rows = [[styled(cell) for cell in summary.missed_cells(slot)] for slot in view.missed]
    columns = [Col(header, 0) for header in summary.MISSED_HEADER]
    print_table(console, columns, rows, title="Missed doses")


def _print_labs(view: Report, console: Console) -> None:
    """Each test's results beside the dose changes of the items it concerns."""
    from medlog.sections import labs

    if not view.labs:
        return
    print_prose(console, "Lab results", "bold")
    for series in view.labs:
        print_prose(console, f"  {labs.series_title(series)}")
        for when, text in labs.series_rows(view, series):
            print_prose(console, f"    {when:<16}  {text}")
    print_prose(console, labs.LAB_NOTE, "dim")


def _print_how_you_have_been(view: Report, console: Console) -> None:
    """Each measure before and after each change (the figures and scores are at the top)."""
    lines = checkins_section.comparison_lines(view)
    if not lines:
        return
    _print_section("Before and after each change", lines, console)
    print_prose(console, checkins_section.COMPARISON_CAVEAT, "dim")


def _print_calendar(view: Report, console: Console) -> None:
    """Each item's days as marks, a row per month, under a ruler, with the legend."""

    console.print(styled("Calendar, one mark a day", "bold"))
    months = calendar_section.calendar_rows(view)
    width = max(len(month.label) for month in months)
    if 2 + width + 2 + 8 + 2 + 31 > console.width:
        width = 0  # narrow: each item's name on a line of its own, above its months
    console.print(
        styled(f"  {'':<{width}}{'':<10}  {calendar_section.CALENDAR_RULER}".rstrip(), "dim")
    )
    for month in months:
        if not width and month.label:
            console.print(styled(f"  {month.label}"))
        label = f"{month.label:<{width}}  " if width else "  "
        strip = styled(f"  {label}{month.month:<8}  ")
        for mark in month.text():
            strip.append(mark, _MARK_STYLES.get(mark, ""))
        console.print(strip)
    from medlog.render.prose import kept_together

    entries = calendar_section.LEGEND.split("  ")  # a mark and its meaning stay on one line
    print_prose(console, "  " + "  ".join(kept_together(entry) for entry in entries), "dim")
    if note := calendar_section.calendar_note(view):
        console.print(styled(f"  {note}", "dim"))


def _print_section(title: str, sentences: list[str], console: Console) -> None:
    """A bold title and its sentences, indented (on a terminal, wrapped with a hanging
    indent); nothing when there are none."""
    if sentences:
        print_prose(console, title, "bold")
        for sentence in sentences:
            print_prose(console, f"  {sentence}")
