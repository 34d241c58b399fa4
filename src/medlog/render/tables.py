"""The table engine every view draws with: columns that fit the console without breaking
a word, left out in a set order when it is too narrow, and the numbered sources under them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


_PLAIN_HEAD_BOX = "    \n    \n -- \n    \n    \n    \n    \n    \n"


class Col(NamedTuple):
    """A table column: its header, and how soon it goes when the terminal is narrow
    (0: never; otherwise the highest number goes first). In a ``flags`` column a cell
    "75.0% (below 80%)" that would wrap shows "75.0% [a]", its flag a note under the table."""

    header: str
    drop: int = 0
    right: bool = False
    flags: bool = False


SHORT = 10  # a cell this long or shorter ("1 tablet", "100.0%", "30 / 30") never wraps
# A figure and its flag: "75.0% (below 80%)", "adapted from PQA: not in a class PQA measures",
# "up to 40 mg/day (adult upper limit, 19+; ...) [5]" (its source stays with the figure).
_FLAGGED = (
    re.compile(r"(?P<figure>[^()]+?) \((?P<flag>[^()]+)\)(?P<source> \[\d+\])?"),
    re.compile(r"(?P<figure>[^:;()]+?)[:;] (?P<flag>.+)"),
)
_FIGURE = 18  # the longest figure a flag is moved away from
_MARK_ROOM = 4  # " [a]"


def _flagged(cell: str) -> re.Match[str] | None:
    """A figure and its flag, "75.0% (below 80%)", when ``cell`` is one."""
    for pattern in _FLAGGED:
        found = pattern.fullmatch(cell)
        if found is not None and len(found["figure"]) <= _FIGURE:
            return found
    return None


def _figure(flagged: re.Match[str]) -> str:
    """A flagged cell without its flag: the figure and its source, if any."""
    return flagged["figure"] + (flagged.groupdict().get("source") or "")


def _narrowest(column: Col, cells: Sequence[str]) -> int:
    """The least width ``column`` takes without breaking a word (of its header too) or a short
    cell (a flagged figure stands alone, marked); a header wraps between its words."""
    from rich.cells import cell_len

    least = max(cell_len(word) for word in column.header.split())
    for cell in cells:
        flagged = _flagged(cell) if column.flags else None
        if flagged is not None:
            least = max(least, cell_len(_figure(flagged)) + _MARK_ROOM)
        elif cell_len(cell) <= SHORT:
            least = max(least, cell_len(cell))
        else:
            least = max(least, *(cell_len(word) for word in cell.split()))
    return least


def print_table(
    console: Console,
    columns: Sequence[Col],
    rows: Sequence[Sequence[Text]],
    *,
    title: str | None = None,
) -> None:
    """A table that fits the console without breaking a word inside a cell.

    Each column is at least as wide as its longest word; when that cannot fit,
    the columns that matter least are left out (and a line says which), rather
    than cutting names to "Lexap…". Text wraps between words within a cell.
    """
    from rich import box
    from rich.cells import cell_len
    from rich.table import Column, Table

    texts = [
        [columns[index].header, *(row[index].plain for row in rows)]
        for index in range(len(columns))
    ]
    longest = [_narrowest(column, cells[1:]) for column, cells in zip(columns, texts, strict=True)]
    whole = [max(cell_len(cell) for cell in cells) for cells in texts]
    kept = list(range(len(columns)))
    while sum(longest[i] for i in kept) + 3 * (len(kept) - 1) > console.width:
        droppable = [i for i in kept if columns[i].drop]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda i: (columns[i].drop, i)))
    # Every column gets its longest word; the room left goes first to the columns that are
    # never left out, then to the rest, each time to those that need the least to show
    # their cells whole, so as few as possible wrap. (Rich's own layout can squeeze a
    # column below its longest word, which cuts words.)
    widths = {i: longest[i] for i in kept}
    spare = console.width - sum(widths.values()) - 3 * (len(kept) - 1)
    for i in sorted(kept, key=lambda i: (columns[i].drop > 0, whole[i] - longest[i])):
        grow = min(whole[i] - widths[i], max(spare, 0))
        widths[i] += grow
        spare -= grow
    rule = box.SIMPLE_HEAD if console.is_terminal else box.Box(_PLAIN_HEAD_BOX, ascii=True)
    table = Table(
        *(
            Column(
                columns[i].header,
                width=widths[i],
                justify="right" if columns[i].right else "left",
                overflow="fold",
            )
            for i in kept
        ),
        box=rule,
        title=title,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    flags: dict[str, str] = {}  # each flag moved under the table, with its letter
    for row in rows:
        table.add_row(*(_marked(row[i], widths[i], columns[i], flags) for i in kept))
    console.print(table)
    for flag, letter in flags.items():
        print_prose(console, f"[{letter}] {flag}", "dim")
    dropped = [columns[i].header for i in range(len(columns)) if i not in kept]
    if dropped:
        print_prose(
            console,
            f"(Left out at this width: {', '.join(dropped)}; a wider window shows them.)",
            "dim",
        )


def _marked(cell: Text, width: int, column: Col, flags: dict[str, str]) -> Text:
    """``cell``, or its figure and a letter when its flag would wrap it (the flag kept in
    ``flags`` for a note under the table)."""
    from rich.cells import cell_len

    flagged = _flagged(cell.plain) if column.flags else None
    if flagged is None or cell_len(cell.plain) <= width:
        return cell
    letter = flags.setdefault(flagged["flag"], "abcdefghijklmnopqrstuvwxyz"[len(flags) % 26])
    return styled(f"{_figure(flagged)} [{letter}]", str(cell.style))


def print_footnotes(notes: dict[str, int], console: Console) -> None:
    """The numbered sources a table points to, each once."""
    from medlog.summary import footnote_lines

    for line in footnote_lines(notes):
        print_prose(console, line, "dim")


def print_prose(console: Console, value: str | Text, style: str = "") -> None:
    """A sentence in ``style`` (or already styled), wrapped between words to the console's
    width with a hanging indent and a command to copy kept whole (``prose.fit``), where Rich
    would split it."""
    from rich.text import Text

    from medlog.render.prose import fit

    if isinstance(value, Text):
        console.print(_fitted_text(value, console.width), soft_wrap=True)
        return
    console.print(styled(fit(value, console.width), style), soft_wrap=True)


def _fitted_text(text: Text, width: int) -> Text:
    """Styled ``text`` fitted as ``prose.fit`` fits its words, each run of characters keeping
    its style (the breaks and indents ``fit`` puts in are plain)."""
    from rich.text import Text

    from medlog.render.prose import fit

    plain = text.plain
    shown = fit(plain, width)
    if shown == plain:
        return text
    fitted = Text(style=text.style)
    at = kept = 0  # where ``plain`` is read, and where its run not yet copied starts
    for char in shown:
        if at < len(plain) and char == plain[at]:
            at += 1
            continue
        fitted.append_text(text[kept:at])
        if char == "\n":  # a break where the spaces between two words were
            while at < len(plain) and plain[at] == " ":
                at += 1
        fitted.append(char)
        kept = at
    fitted.append_text(text[kept:at])
    return fitted


def styled(value: str, style: str = "") -> Text:
    """``value`` as Rich text in ``style`` (plain text in a pipe)."""
    from rich.text import Text

    return Text(value, style=style)
