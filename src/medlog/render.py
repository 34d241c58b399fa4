"""How results look to people: short plain sentences for logging, Rich tables for views.

Rich is imported only by the functions that draw tables, so ``take`` never
pays for it. On a terminal tables have colour; in a pipe they are plain text
(Rich drops styles when stdout is not a terminal, and honours NO_COLOR).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, TextIO, cast

from medlog.actions.doses import Logged, Undone
from medlog.model import Event, Item, Regimen, Spacing
from medlog.ranges import KIND_WORDS, format_range, judge, judged, range_text
from medlog.schedule import format_schedule
from medlog.spacing import rule_text
from medlog.units import format_amount, format_decimal, format_dose

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from medlog.actions.checkins import Recorded
    from medlog.actions.combination import Note
    from medlog.actions.exchange import Imported
    from medlog.actions.history import History
    from medlog.actions.items import ItemChange
    from medlog.actions.report import Report
    from medlog.actions.supply import Filled, Stock
    from medlog.actions.today import Today, TodayItem
    from medlog.catalog import Substance
    from medlog.questionnaires import Questionnaire
    from medlog.supply import Outlook

_STATE_STYLES = {"taken": "green", "skipped": "yellow", "due": "", "overdue": "bold red"}


def day_label(day: date, today: date) -> str:
    """ "today", "yesterday", or the ISO date."""
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    return day.isoformat()


def _dose_text(event: Event, unit: str) -> str:
    return format_dose(event.amount, unit, event.given)


def clock(moment: datetime) -> str:
    """``08:05``, with its zone when it was not this machine's at that moment (``08:00 UTC``)."""
    offset = moment.utcoffset()
    if offset is None or offset == moment.astimezone().utcoffset():
        return f"{moment:%H:%M}"
    if not offset:
        return f"{moment:%H:%M} UTC"
    sign, minutes = (
        ("+" if offset.total_seconds() >= 0 else "-"),
        abs(int(offset.total_seconds())) // 60,
    )
    return f"{moment:%H:%M} UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def logged_text(result: Logged, today: date, *, verbose: bool = False) -> str:
    """What ``take`` or ``skip`` tells the person, in one line: what was logged and, for a dose,
    the day's total against the documented range (its source with ``verbose``)."""
    item, event = result.item, result.event
    when = f"at {clock(event.at)} {day_label(event.day, today)}"
    if event.type == "skip":
        return f"Skipped {item.name} {when}" + (f" ({event.reason}).\n" if event.reason else ".\n")
    first = f"Logged {item.name} {_dose_text(event, item.unit)} {when}"
    total = f"day total {format_amount(result.day_total, item.unit)}"
    if item.range is None:
        return f"{first}; {total} (no documented range).\n"
    if result.hours_total is not None and result.day_verdict is not None:
        hours = format_amount(result.hours_total, item.unit)
        line = (
            f"{first}; {hours} in 24 hours, {judged(result.day_verdict, item, result.hours_total)}."
        )
    elif result.day_verdict is not None:
        still = " so far" if result.day_verdict == "below" and event.day == today else ""
        line = f"{first}; {total}, {judged(result.day_verdict, item, result.day_total)}{still}."
    else:
        line = f"{first}; this dose is {judged(result.dose_verdict or 'in', item)} ({total})."
    if verbose:
        line += f"\n  Range source: {item.range.source}."
    return line + "\n"


def recorded_text(result: Recorded, today: date) -> str:
    """What ``checkin`` and ``ask`` tell the person: what was kept, in one line.

    A questionnaire's line gives the total, its band, question 9's answer when above 0,
    and that it is a screening score, not a diagnosis.
    """
    event = result.event
    when = f"at {clock(event.at)} {day_label(event.day, today)}"
    if event.type == "question":
        return f"Kept your question {when}: {event.text}\n"
    checkin = event.checkin
    if checkin is not None and checkin.instrument is not None:
        from medlog.questionnaires import QUESTIONNAIRES, SCREENING, score_words

        title = QUESTIONNAIRES[checkin.instrument].title
        words = score_words(checkin.instrument, checkin.answers)
        return f"{title} {when}: {words}. {SCREENING.capitalize()}.\n"
    from medlog.checkins import checkin_words

    return f"Checked in {when}: {checkin_words(checkin)}.\n"


def filled_text(result: Filled, today: date) -> str:
    """What ``fill`` tells the person: what was logged and how long the supply now lasts."""
    from medlog.supply import quantity_text

    event, seen = result.event, result.outlook
    item = seen.item
    quantity = quantity_text(event, item.unit)
    if event.counted:
        head = f"Counted {item.name}: {quantity} on hand"
    else:
        when = "today" if event.day == today else f"on {event.day}"
        days = f"{event.days_supply} days' supply"
        if event.days_inferred:
            days += f" (worked out from {daily_text(seen, result.daily)}; give --days to set it)"
        head = f"Filled {item.name} {when}: {quantity}, {days}; on hand {stock_text(seen)}"
    if seen.on_hand is not None and seen.on_hand <= 0 and event.counted:
        return f"{head}; time to refill.\n"
    if seen.on_hand is not None and seen.on_hand <= 0:
        return (
            f"{head}: more was logged as taken than filled. If you have some, record it: "
            f'medlog fill {item.key} --count "N {item.counted_in}s".\n'
        )
    return f"{head}{lasts_text(seen)}.\n"


def stock_text(seen: Outlook) -> str:
    """On hand in what it is counted in: "42 tablets" (or "250 mg"); "unknown" before any fill."""
    from medlog.supply import in_count

    if seen.on_hand is None:
        return "unknown"
    return format_amount(in_count(seen.item, seen.on_hand), seen.item.counted_in)


def daily_text(seen: Outlook, daily: Fraction | None = None) -> str:
    """The regimen's daily use (or ``daily``): "1 tablet a day" (or "10 mg a day")."""
    from medlog.supply import in_count

    use = seen.daily_use if daily is None else daily
    if use is None:
        return "no regular daily use"
    return f"{format_amount(in_count(seen.item, use), seen.item.counted_in)} a day"


def lasts_text(seen: Outlook) -> str:
    """ ", about 11.5 days at 1 tablet a day; runs out 2026-12-09" (nothing when unknown)."""
    if seen.days_left is None or seen.runs_out is None:
        return ""
    days = format_decimal(seen.days_left)
    plural = "" if days == "1" else "s"
    return f", about {days} day{plural} at {daily_text(seen)}; runs out {seen.runs_out}"


def low_supply_lines(low: Iterable[Outlook], warning_days: int) -> list[str]:
    """The refill reminders ``today`` and ``due`` show, one per item running low."""
    return [
        f"{seen.item.name} runs low: {stock_text(seen)} left{lasts_text(seen)}. "
        f"Refill soon (medlog warns at {warning_days} days or less)."
        if seen.on_hand is not None and seen.on_hand > 0
        else f"{seen.item.name}: none left by your log ({stock_text(seen)}). Refill, or record "
        f'what you have: medlog fill {seen.item.key} --count "N {seen.item.counted_in}s".'
        for seen in low
    ]


def print_supply(stocks: Sequence[Stock], console: Console) -> None:
    """On hand, daily use, days left, run-out day and latest fill, one row per item."""
    from medlog.supply import quantity_text

    if not stocks:
        console.print(_text("No item is in force today or has a fill logged."))
        return
    rows = []
    for stock in stocks:
        seen, last = stock.outlook, stock.last_fill
        rows.append(
            [
                _text(seen.item.name),
                _text(stock_text(seen)),
                _text(daily_text(seen) if seen.daily_use is not None else "as needed or none"),
                _text("" if seen.days_left is None else format_decimal(seen.days_left)),
                _text("" if seen.runs_out is None else str(seen.runs_out)),
                _text(
                    "none logged"
                    if last is None
                    else f"{last.day}, {quantity_text(last, seen.item.unit)}, "
                    f"{last.days_supply} days"
                ),
            ]
        )
    columns = (
        Col("Item"),
        Col("On hand"),
        Col("Daily use", drop=2),
        Col("Days left", right=True),
        Col("Runs out"),
        Col("Last fill", drop=1),
    )
    print_table(console, columns, rows)
    console.print(
        _text(
            "On hand counts from your first fill or count: fills add, doses logged take off, a "
            'count resets it. Record a count when it drifts: medlog fill NAME --count "12 '
            'tablets".',
            "dim",
        )
    )


def interactions_text(found: Sequence[Note], regimen: Regimen) -> str:
    """Each interaction note on two items taken together, with its numbered source."""
    if not found:
        return (
            "The catalog has no notes on the items you take together. (It knows only what "
            "its sources say; ask your clinician or pharmacist about your combination.)\n"
        )
    sources: dict[str, int] = {}
    lines = []
    for note in found:
        number = sources.setdefault(note.interaction.source, len(sources) + 1)
        lines.append(
            f"{note.first.name} with {note.second.name}: {note.interaction.note} [{number}]"
        )
    lines += [f"[{number}] {source}" for source, number in sources.items()]
    names = {item.key: item.name for item in regimen.items}
    if regimen.spacing:
        lines.append("Spacing rules (take warns when they are broken):")
        lines += [f"  {rule_text(rule, names)}" for rule in regimen.spacing]
    lines.append("These are notes from labels and fact sheets, not advice: ask your clinician.")
    return "\n".join(lines) + "\n"


def spacing_text(rules: Sequence[Spacing], regimen: Regimen) -> str:
    """Spacing rules, one a line, each with its source."""
    if not rules:
        return "No spacing rules. Add one with: medlog space A B 2h\n"
    names = {item.key: item.name for item in regimen.items}
    return "".join(f"{rule_text(rule, names)} (source: {rule.source})\n" for rule in rules)


def due_text(view: Today) -> str:
    """What ``due`` prints: a line per overdue or due dose, then refill reminders ("" when
    there is nothing to say)."""
    lines = []
    for state, rows in (("overdue", view.overdue()), ("due", view.upcoming())):
        for line, slot in rows:
            clock = f"{slot.time:%H:%M}" if slot.time else "today"
            dose = line.version.dose if line.version else None
            amount = f" {format_amount(dose, line.item.unit)}" if dose is not None else ""
            lines.append(f"{state:<8} {clock}  {line.item.name}{amount}")
    lines += [f"refill   {text}" for text in low_supply_lines(view.low, view.warning_days)]
    return "".join(line + "\n" for line in lines)


def imported_text(result: Imported) -> str:
    """What ``import`` tells the person: what it added and what was already here."""
    items = ", ".join(result.items_added) or "none"
    return (
        f"Imported {result.events_added} event(s) and {len(result.items_added)} item(s) "
        f"({items}); {result.events_present} event(s) were already here.\n"
    )


def event_text(target: Event, item: Item | None) -> str:
    """An event in words: "the 10 mg dose of Lexapro at 2026-11-27 08:05"."""
    if target.type in ("checkin", "question"):
        from medlog.checkins import checkin_words

        what = (
            "question"
            if target.type == "question"
            else f"check-in ({checkin_words(target.checkin)})"
        )
        return f"the {what} at {target.at:%Y-%m-%d %H:%M}"
    from medlog.supply import quantity_text

    name = item.name if item else target.item
    unit = item.unit if item else (target.unit or "")
    what = {
        "dose": f"{_dose_text(target, unit)} dose",
        "fill": f"{'count' if target.counted else 'fill'} of " + quantity_text(target, unit),
    }.get(target.type, target.type)
    return f"the {what} of {name} at {target.at:%Y-%m-%d %H:%M}"


def undone_text(result: Undone) -> str:
    """What ``undo`` tells the person: which event it voided."""
    target = result.target
    return (
        f"Voided {event_text(target, result.item)} (id {target.id[:8]}); "
        "history still shows it, marked voided.\n"
    )


def item_text(change: ItemChange, verb: str) -> str:
    """What ``add``, ``edit``, ``stop`` and ``resume`` tell the person."""
    item = change.item
    lines = [f"{verb} {item.name} ({item.key}, {item.kind}): {_item_summary(item)}."]
    lines.extend(f"  {text[0].upper()}{text[1:]}." for text in change.changes)
    lines.extend(f"  {text}" for text in change.about)
    sources: dict[str, int] = {}
    if item.range is not None:
        number = sources.setdefault(item.range.source, len(sources) + 1)
        lines.append(f"  Documented range: {range_text(item)} [{number}].")
    for note in change.facts:
        number = sources.setdefault(note.source, len(sources) + 1)
        lines.append(f"  Note: {note.text} [{number}]")
    if item.ingredients:
        held = ", ".join(
            f"{part.substance} {format_amount(part.amount, part.unit)}" for part in item.ingredients
        )
        lines.append(f"  Each {item.counted_in} holds: {held}.")
    elif item.counts_as is not None:
        share = format_decimal((item.fraction or Decimal(0)) * 100)
        basis = (
            f"the compound's weight; {share} % of it is {item.counts_as}"
            if item.amount_is == "compound"
            else f"{item.counts_as}, as the label states it (--amount-is compound for the "
            "compound's weight)"
        )
        lines.append(f"  Amounts are {basis}.")
    for text, source in change.information:
        number = sources.setdefault(source, len(sources) + 1)
        lines.append(f"  Information: {text} [{number}]")
    for pair in change.notes:
        other = pair.second if pair.first.key == item.key else pair.first
        number = sources.setdefault(pair.interaction.source, len(sources) + 1)
        lines.append(f"  With {other.name}: {pair.interaction.note} [{number}]")
    lines += [f"  [{number}] {source}" for source, number in sources.items()]
    return "\n".join(lines) + "\n"


def _item_summary(item: Item) -> str:
    """ "10 mg daily 08:00 from 2026-11-20; 1 tablet = 10 mg" and any stop."""
    version = item.current
    dose = f"{format_amount(version.dose, item.unit)} " if version.dose is not None else ""
    parts = [f"{dose}{format_schedule(version.schedule)} from {version.start}"]
    if version.until is not None:
        parts.append(f"stopped from {version.until}")
    if item.form and item.strength is not None:
        parts.append(f"1 {item.form} = {format_amount(item.strength, item.unit)}")
    elif item.form:
        parts.append(f"counted in {item.form}s")
    if len(item.substances) > 1:
        parts.append(" + ".join(item.substances))
    if item.drug_class is not None:
        parts.append(f"class {item.drug_class}")
    return "; ".join(parts)


class _PlainText:
    """A file for Rich that drops trailing spaces, so piped tables are clean text."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.target.write("".join(line.rstrip() + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(self.pending.rstrip())
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return False


_PIPE_WIDTH = 100  # in a pipe or a file, unless COLUMNS says otherwise
_PLAIN_HEAD_BOX = "    \n    \n -- \n    \n    \n    \n    \n    \n"


def _console_class() -> type[Console]:
    """Rich's Console, but a closed pipe is PipeClosed for medlog's exit point.

    (Rich's own handling exits with status 1, which ``medlog due`` uses for "overdue".)
    """
    from rich.console import Console

    class PipeAwareConsole(Console):
        def on_broken_pipe(self) -> None:
            from medlog.errors import PipeClosed

            self.quiet = True
            raise PipeClosed

    return PipeAwareConsole


def _pipe_width() -> int:
    """COLUMNS when it is set to a sensible number, else 100."""
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return _PIPE_WIDTH
    return width if 20 <= width <= 1000 else _PIPE_WIDTH


def make_console() -> Console:
    """A Rich console for stdout: colour on a terminal, plain text in a pipe; lines wrap
    between words at the terminal's width (in a pipe, COLUMNS or 100)."""
    Console = _console_class()
    stream = sys.stdout
    # Names, notes and queries are the person's text: never read as Rich markup or emoji codes.
    if stream.isatty() or os.environ.get("FORCE_COLOR"):
        return Console(file=stream, highlight=False, markup=False, emoji=False)
    return Console(
        file=cast(TextIO, _PlainText(stream)),
        highlight=False,
        width=_pipe_width(),
        markup=False,
        emoji=False,
    )


def plain_text(draw: Callable[[Console], None]) -> str:
    """What ``draw`` prints, as plain text without colour (for a file)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    draw(
        Console(
            file=cast(TextIO, _PlainText(buffer)),
            highlight=False,
            width=_pipe_width(),
            color_system=None,
            markup=False,
            emoji=False,
        )
    )
    return buffer.getvalue()


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
            _text(
                f"(Left out at this width: {', '.join(dropped)}; a wider window shows them.)", "dim"
            )
        )


def print_footnotes(notes: dict[str, int], console: Console) -> None:
    """The numbered sources a table points to, each once."""
    from medlog.summary import footnote_lines

    for line in footnote_lines(notes):
        console.print(_text(line, "dim"))


def _text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(value, style=style)


def print_today(view: Today, console: Console) -> None:
    """Today's checklist: each slot taken, skipped, due or overdue, then day totals vs range."""
    from medlog.summary import footnotes

    console.print(_text(f"Today, {view.day:%a %d %b %Y} (now {view.now:%H:%M})", "bold"))
    if not view.items:
        console.print(_text("Nothing is scheduled today. Add an item with: medlog add NAME"))
        return
    columns = (Col("Item"), Col("Time"), Col("Status"), Col("Dose", drop=1))
    rows = [row for line in view.items for row in _today_rows(line)]
    print_table(console, columns, rows)
    for item, slot in view.missed_yesterday:
        clock = f"{slot:%H:%M}" if slot else "12:00"
        which = f"{slot:%H:%M} dose" if slot else "dose"
        console.print(
            _text(
                f"Yesterday's {which} of {item.name} was not logged. If you took it, log it as "
                f'yesterday\'s: medlog take {item.key} --at "yesterday {clock}"',
                "yellow",
            )
        )
    for reminder in low_supply_lines(view.low, view.warning_days):
        console.print(_text(reminder, "yellow"))
    shown = [line for line in view.items if line.figures.taken or line.item.range]
    notes = footnotes(line.item.range for line in shown)
    if shown:
        console.print(_text("Day totals", "bold"))
        for line in shown:
            console.print(_total_line(line, notes))
        print_footnotes(notes, console)


_BOUND_WORDS = {
    "interval": "the minimum interval",
    "count": "the most in any 24 hours",
    "label": "the label's 24-hour maximum",
}


def _today_rows(line: TodayItem) -> Iterable[tuple[Text, ...]]:
    item = line.item
    name = _text(item.name)
    if line.as_needed is not None:
        need = line.as_needed
        limit = f" of at most {need.max_per_day}" if need.max_per_day is not None else ""
        count = f"{need.count} today"
        if need.in_24_hours != need.count:
            count += f", {need.in_24_hours} in 24 hours"
        when = "within its limits now"
        if need.next_allowed is not None:
            moment, bound = need.next_allowed
            at = f"{moment:%H:%M}" if moment.date() == line.figures.day else f"{moment:%a %H:%M}"
            when = f"{_BOUND_WORDS[bound]} allows another from {at}"
        yield name, _text("as needed"), _text(f"{count}{limit}; {when}"), _text("")
        return
    for slot in line.slots:
        clock = f"{slot.time:%H:%M}" if slot.time else "any time"
        state: str = slot.state
        if slot.event is not None:
            state += f" {slot.event.at:%H:%M}"
            if slot.event.type == "skip" and slot.event.reason:
                state += f" ({slot.event.reason})"
        dose = (
            _dose_text(slot.event, item.unit)
            if slot.event
            else (
                format_amount(line.version.dose, item.unit)
                if line.version and line.version.dose is not None
                else ""
            )
        )
        yield name, _text(clock), _text(state, _STATE_STYLES[slot.state]), _text(dose)
        name = _text("")
    for extra in line.figures.extra_doses:
        yield (
            name,
            _text("extra"),
            _text(f"taken {extra.at:%H:%M}", "yellow"),
            _text(_dose_text(extra, item.unit)),
        )
        name = _text("")
    if not line.slots and not line.figures.extra_doses:
        yield name, _text(""), _text("nothing expected today"), _text("")


def _total_line(line: TodayItem, notes: dict[str, int]) -> Text:
    item, figures = line.item, line.figures
    total = format_amount(figures.total, item.unit)
    if item.range is None:
        return _text(f"  {item.name}: {total} (no documented range)")
    documented = f"{range_text(item)} [{notes[item.range.source]}]"
    if item.range.per == "dose":
        off = figures.doses_out_of_range
        verdict = f"{off} dose(s) outside" if off else "each dose within"
        return _text(f"  {item.name}: {total}; {verdict} {documented}")
    if line.hours_total:
        hours = line.hours_total
        verdict = judge(hours, item.range)
        words = judged(verdict, item, hours)
        return _text(
            f"  {item.name}: {total} today; {format_amount(hours, item.unit)} in the last 24 "
            f"hours, {words} [{notes[item.range.source]}]",
            {"above": "bold red", "in": "green", "below": ""}[verdict],
        )
    if not figures.taken and line.hours_total is not None:
        return _text(f"  {item.name}: nothing taken in the last 24 hours ({documented})")
    if not figures.taken:
        still = " yet" if figures.pending else ""
        return _text(f"  {item.name}: nothing taken{still} (documented range {documented})")
    if figures.day_verdict is None:
        return _text(f"  {item.name}: {total} so far, of {documented}")
    style = {"above": "bold red", "in": "green", "below": ""}[figures.day_verdict]
    words = judged(figures.day_verdict, item, figures.total)
    return _text(f"  {item.name}: {total}, {words} [{notes[item.range.source]}]", style)


def print_items(
    items: Iterable[Item], console: Console, *, changes: bool = False, hidden: int = 0
) -> None:
    """The item list: key, name, kind, current dose and schedule, range (its source as a
    footnote); with ``changes``, every change made to each item and when. ``hidden``: how
    many stopped items were left out (said only when nothing else is listed)."""
    from medlog.summary import footnotes

    chosen = list(items)
    if not chosen and hidden:
        console.print(_text(f"No item is in force; medlog list --all shows the {hidden} stopped."))
        return
    if not chosen:
        console.print(_text("No items yet. Add one with: medlog add NAME (see medlog add --help)"))
        return
    notes = footnotes(item.range for item in chosen)
    columns = (Col("Item"), Col("Name", drop=2), Col("Kind", drop=3), Col("Regimen"), Col("Range"))
    rows = [
        [
            _text(item.key),
            _text(item.name),
            _text(item.kind),
            _text(_item_summary(item)),
            _text(
                "none" if item.range is None else f"{range_text(item)} [{notes[item.range.source]}]"
            ),
        ]
        for item in chosen
    ]
    print_table(console, columns, rows)
    print_footnotes(notes, console)
    if changes:
        console.print(_text("Changes", "bold"))
        for item in chosen:
            for change in item.changes:
                console.print(_text(f"  {change.at:%Y-%m-%d %H:%M}  {item.key}: {change.what}"))


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
        row = [_text(cell) for cell in cells]
        row[2], row[3] = _text(cells[2], style), _text(cells[3], style)
        rows.append(row)
    if view.entries:
        columns = [
            Col(header, drop)
            for header, drop in zip(summary.HISTORY_HEADER, _HISTORY_DROPS, strict=True)
        ]
        print_table(console, columns, rows, title=f"History {view.since} to {view.until}")
    else:
        console.print(_text(f"Nothing logged from {view.since} to {view.until}."))


def print_catalog(
    found: Iterable[Substance],
    questionnaires: Iterable[Questionnaire],
    query: str | None,
    console: Console,
) -> None:
    """Catalog entries with their documented range, its source, and notes; then the
    questionnaires `medlog checkin` asks, with their scoring bands and sources."""
    from medlog.questionnaires import PERMISSION

    entries = list(found)
    instruments = list(questionnaires)
    if not entries and not instruments:
        console.print(
            _text(f"Nothing in the catalog matches {query!r}. medlog catalog lists it all.")
        )
        return
    for substance in entries:
        aliases = f" (also {', '.join(substance.aliases)})" if substance.aliases else ""
        console.print(_text(f"{substance.name}{aliases}", "bold"))
        console.print(_text(f"  {substance.kind}, in {substance.unit}. {substance.summary}"))
        known = substance.range
        if known is not None:
            documented = format_range(known.min, known.max, substance.unit, known.per)
            kind = KIND_WORDS[known.kind]
            console.print(_text(f"  Range: {documented}{kind} (source: {known.source})"))
        for note in substance.notes:
            console.print(_text(f"  Note: {note.text} (source: {note.source})"))
        for line in _catalog_facts(substance):
            console.print(_text(f"  {line}"))
    for questionnaire in instruments:
        console.print(_text(questionnaire.title, "bold"))
        console.print(
            _text(
                f"  questionnaire, {len(questionnaire.items)} questions scored 0-3, total "
                f"0-{questionnaire.max_total}: medlog checkin {questionnaire.key}"
            )
        )
        console.print(_text(f"  Bands: {questionnaire.band_text} (source: {questionnaire.source})"))
        console.print(_text(f"  {PERMISSION}"))
    console.print(
        _text("medlog reports documented ranges; it does not give medical advice.", "dim")
    )


def _catalog_facts(substance: Substance) -> list[str]:
    """What the catalog knows beyond the range: what amounts count as, IU, classes, pairs."""
    from medlog import catalog

    lines = []
    if substance.counts_as and substance.fraction:
        share = format_decimal(substance.fraction.value * 100)
        lines.append(
            f"Counts as {substance.counts_as}: amounts are as labels state them (amount_is "
            f"label); with --amount-is compound, {share} % of the weight (source: "
            f"{substance.fraction.source})."
        )
    if substance.mcg_per_iu:
        lines.append(
            f"1 IU = {format_decimal(substance.mcg_per_iu.value)} mcg (source: "
            f"{substance.mcg_per_iu.source})."
        )
    if substance.classes:
        classes = ", ".join(substance.classes)
        lines.append(f"Classes: {classes} (source: {substance.classes_source}).")
    names = {substance.id, *substance.classes}
    for rule in catalog.interactions():
        if names & set(rule.a) or names & set(rule.b):
            lines.append(f"Taken together: {rule.note} (source: {rule.source})")
    return lines


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
}


# Which columns go first when the terminal is narrow (0: never), header by header.
_SCHEDULED_DROPS = (0, 0, 5, 1, 4, 2, 3, 2, 1)
_AS_NEEDED_DROPS = (0, 0, 3, 1, 2, 1)
_HISTORY_DROPS = (0, 0, 0, 2, 3, 1)


def print_report(view: Report, console: Console, *, every_group: bool = False) -> None:
    """The report: one row per item, as-needed use, a calendar strip per item, then the
    days that stood out (extra doses, outside the documented range). PDC is shown for
    groups with a prescription item, or ``every_group``."""
    from medlog import summary

    console.print(_text(summary.period_title(view), "bold"))
    for alert in summary.item9_alerts(view):
        console.print(_text(alert, "bold red"))
    _print_section("Questions for the visit", summary.question_lines(view), console)
    if view.items:
        _print_adherence(view, console, every_group)
    else:
        console.print(_text("No items were in your regimen in this period."))
    _print_how_you_have_been(view, console)
    if sentence := summary.provenance_sentence(view):
        console.print(_text(sentence, "dim"))
    console.print(
        _text(
            f"Adherence is doses taken as scheduled over doses expected; below "
            f"{summary.THRESHOLD_TEXT} is flagged. Figures come from your own log; medlog does "
            "not give medical advice.",
            "dim",
        )
    )


def _print_adherence(view: Report, console: Console, every_group: bool) -> None:
    """The items' rows, as-needed use, footnotes, the calendar, and the days that stood out."""
    from medlog import summary

    scheduled = summary.scheduled_rows(view)
    if scheduled:
        rows = []
        for period, cells in scheduled:
            row = [_text(cell) for cell in cells]
            if period.below_threshold:
                row[1] = _text(cells[1], "bold red")
            rows.append(row)
        columns = [
            Col(header, drop, right=0 < n < 7)
            for n, (header, drop) in enumerate(
                zip(summary.SCHEDULED_HEADER, _SCHEDULED_DROPS, strict=True)
            )
        ]
        print_table(console, columns, rows)
    if waiting := summary.pending_note(view):
        console.print(_text(waiting, "dim"))
    if pdc := summary.pdc_rows(view, every_group=every_group):
        columns = [Col(header, drop, right=n in (3, 4)) for n, (header, drop) in enumerate(
            zip(summary.PDC_HEADER, (0, 2, 1, 0, 0, 0), strict=True))]  # fmt: skip
        rows = [
            [_text(cell, "bold red" if low and n == 4 else "") for n, cell in enumerate(cells)]
            for low, cells in pdc
        ]
        print_table(console, columns, rows, title="Proportion of days covered (from fills)")
        console.print(_text(summary.PDC_NOTE, "dim"))
    if left_out := summary.pdc_left_out(view, every_group=every_group):
        console.print(_text(left_out, "dim"))
    if substances := summary.substance_rows(view):
        columns = [Col(header, drop, right=n > 2) for n, (header, drop) in enumerate(
            zip(summary.SUBSTANCE_HEADER, (0, 1, 0, 2, 0, 0), strict=True))]  # fmt: skip
        rows = [
            [_text(cell, "bold red" if above and n == 4 else "") for n, cell in enumerate(cells)]
            for above, cells in substances
        ]
        print_table(console, columns, rows, title="Substances across items")
        console.print(_text(summary.SUBSTANCE_NOTE, "dim"))
    as_needed = summary.as_needed_rows(view)
    if as_needed:
        columns = [
            Col(header, drop, right=0 < n < 5)
            for n, (header, drop) in enumerate(
                zip(summary.AS_NEEDED_HEADER, _AS_NEEDED_DROPS, strict=True)
            )
        ]
        rows = [[_text(cell) for cell in cells] for _, cells in as_needed]
        print_table(console, columns, rows, title="As needed")
    print_footnotes(summary.report_footnotes(view), console)
    _print_calendar(view, console)
    _print_section("Extra doses", summary.extra_dose_lines(view), console)
    _print_section("Outside the documented range", summary.out_of_range_lines(view), console)
    _print_section("Notes from the labels", summary.label_note_lines(view), console)
    _print_section("Notes on this combination", summary.interaction_lines(view), console)


def _print_how_you_have_been(view: Report, console: Console) -> None:
    """Check-in measures, questionnaires, side effects, and before/after each change."""
    from medlog import summary

    rows = summary.measure_rows(view)
    lines = [
        *summary.questionnaire_lines(view),
        *summary.side_effect_lines(view),
        *summary.comparison_lines(view),
    ]
    if not rows and not lines:
        return
    console.print(_text("How you've been", "bold"))
    if rows:
        columns = [
            Col(header, drop, right=n > 0)
            for n, (header, drop) in enumerate(
                zip(summary.MEASURE_HEADER, (0, 0, 0, 2, 2, 1), strict=True)
            )
        ]
        print_table(console, columns, [[_text(cell) for cell in row] for row in rows])
    for line in lines:
        console.print(_text(f"  {line}"))
    if view.checkins.comparisons:
        console.print(_text(summary.COMPARISON_CAVEAT, "dim"))


def _print_calendar(view: Report, console: Console) -> None:
    """Each item's days as marks, a row per month, under a ruler, with the legend."""
    from medlog import summary

    console.print(_text("Calendar, one mark a day", "bold"))
    months = summary.calendar_rows(view)
    width = max(len(month.label) for month in months)
    if 2 + width + 2 + 8 + 2 + 31 > console.width:
        width = 0  # narrow: each item's name on a line of its own, above its months
    console.print(_text(f"  {'':<{width}}{'':<10}  {summary.CALENDAR_RULER}".rstrip(), "dim"))
    for month in months:
        if not width and month.label:
            console.print(_text(f"  {month.label}"))
        label = f"{month.label:<{width}}  " if width else "  "
        strip = _text(f"  {label}{month.month:<8}  ")
        for mark in month.text():
            strip.append(mark, _MARK_STYLES.get(mark, ""))
        console.print(strip)
    console.print(_text(f"  {summary.LEGEND}", "dim"))
    if note := summary.calendar_note(view):
        console.print(_text(f"  {note}", "dim"))


def _print_section(title: str, sentences: list[str], console: Console) -> None:
    """A bold title and its sentences, indented; nothing when there are none."""
    if sentences:
        console.print(_text(title, "bold"))
        for sentence in sentences:
            console.print(_text(f"  {sentence}"))
