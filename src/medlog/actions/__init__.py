"""Use cases: each takes the store, ``now`` and what the person typed, and returns plain data.

Modules are imported by the command that needs them, so logging a dose loads
only ``actions.doses``. Nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta

from medlog.errors import BadInput
from medlog.model import Change, Item, Regimen
from medlog.names import MAX_NAME, clean_text, item_key
from medlog.timeparse import localize
from medlog.units import refuse_option

ZONE_SPREAD = timedelta(hours=26)  # the most two places' clocks differ: -12:00 to +14:00


def recent_start(day: date, back: int = 1) -> datetime:
    """The earliest moment an event of ``day`` or the ``back`` days before can have, wherever
    it was logged: local midnight of the first of them, less the spread of the world's clocks
    (``attribution.days_back`` says how far an item's figures need)."""
    return localize(datetime.combine(day - timedelta(days=back), time())) - ZONE_SPREAD


def tail_start(regimen: Regimen, items: Iterable[Item], day: date) -> datetime:
    """Where to start reading the journal's tail for the figures of ``items`` on ``day`` and
    the day before: further back for an item whose doses can count for another day."""
    from medlog.attribution import days_back

    window = regimen.settings.on_time_window
    return recent_start(day, max((days_back(item, window, day) for item in items), default=1))


def item_and_rest(regimen: Regimen, words: Sequence[str]) -> tuple[Item, list[str]]:
    """The item named by the longest run of leading ``words``, and the words after it.

    So ``take magnesium glycinate 200mg`` needs no quotes. Exact keys and names are
    tried first, for every run, so ``take lexapro 10mg`` never loads the catalog.
    """
    for word in words:  # take --lexapro: an option take lacks, never the item's name
        refuse_option(word)
    for strict in (True, False):
        for count in range(len(words), 0, -1):
            try:
                found = _lookup(regimen, " ".join(words[:count]), strict=strict)
            except BadInput:
                continue
            if found is not None:
                return found, list(words[count:])
    return find_item(regimen, words[0] if words else ""), []  # raises the first word's refusal


def find_items(regimen: Regimen, names: Sequence[str] | None) -> tuple[Item, ...] | None:
    """The items ``--item`` named (each name once or more), in the regimen's order; None when
    no name was given (every item)."""
    if not names:
        return None
    keys = {find_item(regimen, name).key for name in names}
    return tuple(item for item in regimen.items if item.key in keys)


def with_change(item: Item, now: datetime, what: str) -> Item:
    """The item with an audit line saying what changed and when."""
    return item._replace(changes=(*item.changes, Change(now, what)))


def replace_item(regimen: Regimen, item: Item) -> Regimen:
    """The regimen with ``item`` in place of the item of the same key."""
    items = tuple(item if existing.key == item.key else existing for existing in regimen.items)
    return regimen._replace(items=items)


def named(regimen: Regimen, name: str) -> Item:
    """The item ``name`` names, where words after the item's name (an option's text the shell
    split off, as in ``edit lexapro --dose 20 mg``) are explained rather than guessed at."""
    words = name.split()
    if len(words) < 2:
        return find_item(regimen, name)
    item, rest = item_and_rest(regimen, words)
    if rest:
        raise BadInput(
            f"{' '.join(rest)!r} came after {item.name}'s name; if it belongs to an option, "
            'quote that option\'s text, e.g. --dose "20 mg".'
        )
    return item


def needs_quotes(command: str, words: Sequence[str], option: str, text: str) -> BadInput:
    """The refusal for text that lost its quotes: it says why and gives the command to type."""
    rest = " ".join(words)
    return BadInput(
        f"{rest!r} after {option} {text} looks like more of the same text; text with spaces "
        f"needs quotes, e.g.: medlog {command} {option} {shell_quote(f'{text} {rest}')}"
    )


def shell_quote(text: str) -> str:
    """``text`` as one shell word: bare when it can be, else in quotes."""
    import shlex

    if shlex.quote(text) == text:
        return text
    if not any(char in text for char in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


def find_item(regimen: Regimen, name: str, *, strict: bool = False) -> Item:
    """The item a person means by ``name``; never a guess.

    In order: the exact key; the exact display name (any case); the one item
    whose substance is the catalog entry ``name`` names (a brand, an alias) or
    is ``name``; the one item whose key or name starts with ``name``. Two or
    more candidates at a step is bad input listing them. ``strict`` stops after
    the exact key and name.
    """
    found = _lookup(regimen, name, strict=strict)
    return _not_found(regimen, name) if found is None else found


def _lookup(regimen: Regimen, name: str, *, strict: bool) -> Item | None:
    """``find_item``'s steps: the item, or None when no step finds one (so that a run of
    words tried by ``item_and_rest`` costs no suggestion)."""
    text = clean_text(name, "The item name", MAX_NAME)
    try:
        key = item_key(text)
    except BadInput:  # not a possible key ("@@"): it can still be a prefix of a name
        key = ""
    folded = text.casefold()
    steps: list[Callable[[], list[Item]]] = [
        lambda: [item for item in regimen.items if item.key == key],
        lambda: [item for item in regimen.items if item.name.casefold() == folded],
    ]
    if not strict:  # the loose steps run only when nothing matched exactly
        steps += [
            lambda: _by_substance(regimen, text, key),
            lambda: [
                item
                for item in regimen.items
                if (key and item.key.startswith(key)) or item.name.casefold().startswith(folded)
            ],
        ]
    for step in steps:
        found = step()
        if len(found) == 1:
            return found[0]
        if found:
            _ambiguous(name, found)
    return None


def _by_substance(regimen: Regimen, text: str, key: str) -> list[Item]:
    """Items whose substance is ``key`` or the catalog entry ``text`` names."""
    found = [item for item in regimen.items if key and item.substance == key]
    if found or not any(item.substance for item in regimen.items):
        return found
    from medlog import catalog  # only when nothing matched exactly: logging stays light

    substance = catalog.find(text, catalog.load())
    if substance is None:
        return []
    return [item for item in regimen.items if item.substance == substance.id]


def _ambiguous(name: str, candidates: list[Item]) -> None:
    listed = ", ".join(f"{item.name} ({item.key})" for item in candidates)
    raise BadInput(
        f"{name.strip()!r} could mean {listed}; give the one you mean, e.g. {candidates[0].key}."
    )


def _not_found(regimen: Regimen, name: str) -> Item:
    import difflib

    if not regimen.items:
        raise BadInput(f"There is no item named {name!r}: no items yet. Add one with medlog add.")
    keys = [item.key for item in regimen.items]
    try:
        close = difflib.get_close_matches(item_key(name), keys, n=1)
    except BadInput:
        close = []
    hint = f" Did you mean {close[0]}?" if close else ""
    raise BadInput(f"There is no item named {name!r}.{hint} medlog list shows your items.")
