"""What ``interactions`` and ``space`` print: the catalog's notes on items taken
together, and the spacing rules, each with its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from medlog.model import Regimen, Spacing
from medlog.spacing import rule_text

if TYPE_CHECKING:
    from medlog.actions.interactions import Note


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
