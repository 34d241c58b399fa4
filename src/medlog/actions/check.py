"""``medlog check``: every problem the loaders can detect, without stopping at the first."""

from __future__ import annotations

from collections import Counter

from medlog import journal
from medlog.errors import StoreProblem
from medlog.model import Regimen
from medlog.ranges import dose_amount
from medlog.store import Store


def check(store: Store) -> tuple[str, ...]:
    """Each problem in the store as a sentence; empty when the store is sound."""
    problems: list[str] = []
    regimen: Regimen | None = None
    try:
        regimen = store.load_regimen()
    except StoreProblem as problem:
        problems.append(problem.message)
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
    counts = Counter(event.id for event in read.events)
    problems.extend(
        f"{path}: the id {event_id} is used by {count} events."
        for event_id, count in counts.items()
        if count > 1
    )
    by_id = {event.id: event for event in read.events}
    for event in read.events:
        if event.type == "void":
            target = by_id.get(event.ref or "")
            if target is None:
                problems.append(
                    f"{path}: void {event.id} refers to {event.ref}, which is not in the journal."
                )
            elif target.type == "void":
                problems.append(f"{path}: void {event.id} voids another void ({event.ref}).")
            continue
        if regimen is None:
            continue
        item = regimen.get(event.item or "")
        if item is None:
            problems.append(
                f"{path}: event {event.id} is for {event.item!r}, which is not an "
                f"item in {store.config_path.name}."
            )
        elif event.type == "dose" and dose_amount(item, event) is None:
            problems.append(
                f"{path}: dose {event.id} is in {event.unit}, which does not "
                f"convert to {item.name}'s unit ({item.unit})."
            )
    return tuple(problems)
