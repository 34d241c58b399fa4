"""The ``history`` table: a period's events in time order, voided ones struck through."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from medlog.render.tables import Col, print_table, styled

if TYPE_CHECKING:
    from rich.console import Console

    from medlog.actions.history import History, Missed


# Which columns go first when the terminal is narrow (0: never), header by header: the id
# before the note, which says what a person wrote.
_HISTORY_DROPS = (0, 0, 0, 1, 2, 3)


def print_history(view: History, today: date, console: Console) -> None:
    """Events of the period in time order; voided ones struck through and marked."""
    from medlog import summary

    rows = []
    for entry in view.entries:
        cells = summary.history_cells(entry, today)
        style = (
            "strike dim"
            if entry.voided_by is not None
            else ("dim" if entry.target is not None else "")
        )
        row = [styled(cell) for cell in cells]
        row[2], row[3] = styled(cells[2], style), styled(cells[3], style)
        rows.append(row)
    if view.entries:
        columns = [
            Col(header, drop)
            for header, drop in zip(summary.HISTORY_HEADER, _HISTORY_DROPS, strict=True)
        ]
        print_table(console, columns, rows, title=f"History {view.since} to {view.until}")
    else:
        console.print(styled(f"Nothing logged from {view.since} to {view.until}."))


def print_missed(view: Missed, console: Console) -> None:
    """Each missed slot of the period: date, time, item and dose, oldest first."""
    from medlog import summary

    title = f"Missed doses {view.since} to {view.until}"
    if not view.slots:
        console.print(styled(f"{title}: none. {summary.NOTHING_MISSED}"))
        return
    rows = [[styled(cell) for cell in summary.missed_cells(slot)] for slot in view.slots]
    columns = [Col(header, 0) for header in summary.MISSED_HEADER]
    print_table(console, columns, rows, title=title)
