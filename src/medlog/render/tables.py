"""The table engine every view draws with: columns that fit the console without breaking
a word, left out in a set order when it is too narrow, and the numbered sources under them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


_PLAIN_HEAD_BOX = "    \n    \n -- \n    \n    \n    \n    \n    \n"


class Col(NamedTuple):
    """A table column: its header, and how soon it goes when the terminal is narrow
    (0: never; otherwise the highest number goes first)."""

    header: str
    drop: int = 0
    right: bool = False


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
    longest = [
        max((cell_len(w) for cell in cells for w in cell.split()), default=1) for cells in texts
    ]
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
    for row in rows:
        table.add_row(*(row[i] for i in kept))
    console.print(table)
    dropped = [columns[i].header for i in range(len(columns)) if i not in kept]
    if dropped:
        console.print(
            styled(
                f"(Left out at this width: {', '.join(dropped)}; a wider window shows them.)", "dim"
            )
        )


def print_footnotes(notes: dict[str, int], console: Console) -> None:
    """The numbered sources a table points to, each once."""
    from medlog.summary import footnote_lines

    for line in footnote_lines(notes):
        console.print(styled(line, "dim"))


def print_prose(console: Console, value: str, style: str = "") -> None:
    """A sentence in ``style``, wrapped between words to the console's width with a hanging
    indent and a command to copy kept whole (``prose.fit``), where Rich would split it."""
    from medlog.render.prose import fit

    console.print(styled(fit(value, console.width), style), soft_wrap=True)


def styled(value: str, style: str = "") -> Text:
    """``value`` as Rich text in ``style`` (plain text in a pipe)."""
    from rich.text import Text

    return Text(value, style=style)
