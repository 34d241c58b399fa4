"""What people type as arguments, read the way they mean it: a name of several words
without quotes, a name whose words look like a stray amount or time, the shell's
completion of item keys (which reads the store, and never fails aloud), and the period
and item options that history and report share."""

import os
from collections.abc import Sequence
from typing import Annotated

import typer

from medlog.cli.completion import item_keys
from medlog.errors import BadInput


def joined(words: Sequence[str]) -> str:
    """A name typed as several words (``magnesium glycinate``, no quotes), as one."""
    return " ".join(words)


def unquoted_name(words: Sequence[str]) -> str:
    """A new item's name from its words, refusing words that look like they lost their quotes.

    ``medlog add lexapro --dose 20 mg`` hands the name "lexapro" and "mg" (the shell split
    the dose): a unit, a number or a time among a name's words is explained, not stored.
    """
    import re

    from medlog.units import canonical_unit

    def strayed(word: str) -> bool:
        if re.fullmatch(r"[0-9.,:/]+|[0-9.,:]+\s*(?:[ap]m)?", word, re.IGNORECASE):
            return True
        try:
            canonical_unit(word)
        except BadInput:
            return False
        return True

    stray = [word for word in words[1:] if strayed(word)] if len(words) > 1 else []
    if stray:
        raise BadInput(
            f"The name {joined(words)!r} has words that look like an amount or a time "
            f"({', '.join(stray)}); if they belong to an option, quote that option's text, e.g. "
            '--dose "20 mg" --schedule "daily 21:00" (or quote the name if it is right).'
        )
    return joined(words)


def complete_items(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item keys for the shell's Tab on a NAME: its first word, or the first after a comma
    (``take lexapro <Tab>`` is an amount, ``take lexapro, <Tab>`` another item; keys are
    single words)."""
    typed = ctx.params.get("words") or ctx.params.get("name")
    if typed and not str(typed[-1]).endswith(","):
        return []
    return complete_item_option(ctx, incomplete)


def complete_item_option(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item keys starting with what was typed, in the store of ``--home`` if given."""
    root = ctx.find_root().params.get("home")
    return item_keys(root if isinstance(root, str) else None, incomplete)


def complete_side_effect(ctx: typer.Context, incomplete: str) -> list[str]:
    """The side effect names already recorded that start with what was typed, so one name is
    used each time ("insomnia", not "insomnia" then "trouble sleeping": medlog merges none).
    Reads the journal, never writes it; a store that cannot be read completes nothing."""
    try:
        from medlog import journal
        from medlog.paths import home_dir
        from medlog.store import Store

        root = ctx.find_root().params.get("home")
        store = Store(home_dir(root if isinstance(root, str) else None, os.environ))
        names = {
            effect.name
            for event in journal.read_all(store.journal_path).events
            if event.checkin is not None
            for effect in event.checkin.side_effects
        }
        wanted = incomplete.casefold()
        return sorted(name for name in names if name.startswith(wanted))
    except Exception:  # completion must fail quietly, whatever went wrong
        return []


# The period and the item that history and report are about.
Since = Annotated[
    str | None,
    typer.Option(help="First day (default 30 days ago); start: the day of the first entry."),
]
Until = Annotated[str | None, typer.Option(help="Last day (default today).")]
OnlyItem = Annotated[
    list[str] | None,
    typer.Option(
        help="Only this item; repeat for several (--item lexapro --item magnesium).",
        autocompletion=complete_item_option,
    ),
]
