"""``medlog check``: every problem the loaders can detect, without stopping at the first,
and a store that others could read (the directory should be 0700, its files 0600)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from medlog import conflicts, journal, own_lines
from medlog.errors import StoreProblem
from medlog.ingredients import contents_problem
from medlog.model import Event, Regimen
from medlog.ranges import dose_amount
from medlog.store import STALE_TEMPS, Store, ids_text
from medlog.timeparse import FUTURE_TOLERANCE

_ORIGINAL = {"journal": "journal.jsonl", "regimen": "medlog.toml"}


def check(store: Store, clock: Callable[[], datetime]) -> tuple[str, ...]:
    """Each problem in the store as a sentence; empty when the store is sound (``clock``:
    now, for the lines this machine logged lately)."""
    problems = _permissions(store)
    problems += [
        f"{copy.path}: a conflict copy of {copy.path.parent / _ORIGINAL[copy.of]} left by "
        f"{copy.tool}; medlog merge adds its changes to this store."
        for copy in conflicts.copies(store.home)
    ]
    problems += [
        f"{stale}: a temporary file left by a write that was interrupted; the next command "
        "that writes removes it."
        for stale in sorted(store.home.glob(STALE_TEMPS))
    ]
    regimen: Regimen | None = None
    try:
        regimen = store.load_regimen()
    except StoreProblem as problem:
        problems.append(problem.message)
    else:  # medlog refuses these at add, edit and import; a hand edit can still make one
        contents = contents_problem(regimen.items, regimen.limits)
        if contents is not None:
            problems.append(f"{store.config_path}: {contents}; its totals leave it out.")
    try:
        read = journal.read_all(store.journal_path, problems)
    except StoreProblem as problem:
        return (*problems, problem.message)
    path = store.journal_path
    if read.torn:
        problems.append(
            f"{path} ends with an incomplete line (a write was interrupted); it is ignored, and "
            f"the next write moves it to {path.name}{journal.TORN_SUFFIX}."
        )
    by_id = {event.id: event for event in read.events}
    voided: set[str] = set()
    problems.extend(  # medlog refuses a time after the moment of logging: a hand edit
        f"{path}: {event.type} {event.id} is dated {event.at.isoformat()}, after it was "
        f"logged ({event.logged_at.isoformat()}); medlog logs what already happened."
        for event in read.events
        if event.at - event.logged_at > FUTURE_TOLERANCE
    )
    for event in read.events:
        if event.type == "void":
            target = by_id.get(event.ref or "")
            if target is None:
                problems.append(
                    f"{path}: void {event.id} refers to {event.ref}, which is not in the journal."
                )
            elif target.type == "void":
                problems.append(f"{path}: void {event.id} voids another void ({event.ref}).")
            elif target.id in voided:
                problems.append(f"{path}: void {event.id} voids {event.ref} a second time.")
            voided.add(event.ref or "")
            continue
        if regimen is None or event.item is None:  # a check-in or question is for no item
            continue
        if (fault := _item_problem(store, regimen, event)) is not None:
            problems.append(fault)
    problems.extend(_amend_problems(path, read.events, by_id, voided))
    problems.extend(_withheld(store, clock))
    return tuple(problems)


def _withheld(store: Store, clock: Callable[[], datetime]) -> list[str]:
    """The lines this machine logged lately that the journal lacks and that were not put
    back, as it looks like another store's (``own_lines``): said once when found, and here
    for as long as they are kept."""
    lost = own_lines.lost(store.home, store.journal_path, clock, always=True)
    if lost is None or not lost.withheld:
        return []
    count, one = len(lost.withheld), len(lost.withheld) == 1
    return [
        f"{store.journal_path}: {count} {'entry' if one else 'entries'} this device logged "
        f"in the last 7 days {'is' if one else 'are'} not in it and {'was' if one else 'were'} "
        "not put back: it does not hold the first entry of the journal "
        f"{'it' if one else 'they'} went to, so it looks like another store "
        f"({ids_text(lost.withheld)}; kept in {own_lines.path_of(store.home)})."
    ]


def _amend_problems(
    path: Path, events: list[Event], by_id: dict[str, Event], voided: set[str]
) -> list[str]:
    """A dose that says it corrects another (``medlog amend``) whose original is missing, not a
    dose, or still counted: ``amend`` writes the original's void with it, in one append."""
    found = []
    for event in events:
        if event.amends is None:
            continue
        target = by_id.get(event.amends)
        if target is None or target.type != "dose":
            found.append(
                f"{path}: dose {event.id} amends {event.amends}, which is not a dose in the "
                "journal."
            )
        elif target.id not in voided:
            found.append(
                f"{path}: dose {event.id} amends {event.amends}, which is not voided, so both "
                f"count; if the correction is right: medlog undo {event.amends[:8]}"
            )
    return found


def _item_problem(store: Store, regimen: Regimen, event: Event) -> str | None:
    """What is wrong between an event and its item in medlog.toml, if anything."""
    path = store.journal_path
    item = regimen.get(event.item or "")
    if item is None:
        return (
            f"{path}: event {event.id} is for {event.item!r}, which is not an "
            f"item in {store.config_path.name}."
        )
    if event.type == "fill" and event.unit != item.unit:
        return f"{path}: fill {event.id} is in {event.unit}, not {item.name}'s unit ({item.unit})."
    if event.type == "fill" and item.supply_since is None:
        return (
            f"{path}: fill {event.id} is for {item.name}, but {store.config_path.name} has no "
            f"supply_since for it, so today and due never warn that it runs low; add "
            f"supply_since = {event.day} to [items.{item.key}]."
        )
    if event.type == "dose" and dose_amount(item, event) is None:
        return (
            f"{path}: dose {event.id} is in {event.unit}, which does not "
            f"convert to {item.name}'s unit ({item.unit})."
        )
    return None


def _permissions(store: Store) -> list[str]:
    """The store's directory or files that others on this machine could read or change."""
    import shlex
    import stat

    problems = []
    try:
        mode = stat.S_IMODE(store.home.stat().st_mode)
    except OSError:
        return []
    if mode != 0o700:
        problems.append(
            f"{store.home} has mode {mode:04o}, so others on this machine may see it; "
            f"medlog keeps it 0700. Run: chmod 700 {shlex.quote(str(store.home))}"
        )
    for path in store.own_files:
        try:
            status = path.lstat()
        except OSError:
            continue
        mode = stat.S_IMODE(status.st_mode)
        if mode != 0o600 and stat.S_ISREG(status.st_mode):
            problems.append(
                f"{path} has mode {mode:04o}, so others on this machine may read it; "
                f"medlog keeps it 0600. Run: chmod 600 {shlex.quote(str(path))}"
            )
    return problems
