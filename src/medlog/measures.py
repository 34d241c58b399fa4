"""The check-in measures, declared once: one row per measure, read by the parser, the
validator, the journal codec, history's JSON and CSV, the report's JSON, table, Markdown and
HTML, FHIR and the words medlog says back.

Adding a measure is a row here and one option of ``medlog checkin`` (its parameter named as
the row's ``key``); CONTRIBUTING.md "Adding a field" walks through it. A row's ``key`` is
its journal key, JSON key, CSV column and option name; only sleep, older than this table,
keeps another option (``--sleep``, in hours) and report name (``sleep_hours``).
"""

from typing import Literal, NamedTuple

Kind = Literal["rating", "minutes"]
"""A whole-number rating 0-10, or a duration kept as whole minutes and shown in hours."""


class Measure(NamedTuple):
    """One thing a check-in can record."""

    key: str  # journal key = JSON key = CSV column = checkin's parameter: "sleep_quality"
    kind: Kind
    label: str  # a heading: "Sleep quality"
    scale: str  # what the numbers mean: "0 (terrible) to 10 (excellent)"
    better: Literal["higher", "lower"]
    words: str  # in a sentence: "sleep quality"
    option: str = ""  # the option of `medlog checkin`; "" for "--" + key with hyphens
    figure: str = ""  # its name in a report's figures; "" for the key

    @property
    def flag(self) -> str:
        """The option of ``medlog checkin`` that records it: "--sleep-quality"."""
        return self.option or "--" + self.key.replace("_", "-")

    @property
    def name(self) -> str:
        """Its name in a report's figures and comparisons: "mood", "sleep_hours"."""
        return self.figure or self.key

    @property
    def heading(self) -> str:
        """A table or chart heading: "Mood (0-10, 10 best)", "Sleep (hours)"."""
        if self.kind == "minutes":
            return f"{self.label} (hours)"
        best = "best" if self.better == "higher" else "worst"
        return f"{self.label} (0-10, 10 {best})"


MEASURES: tuple[Measure, ...] = (
    Measure("mood", "rating", "Mood", "0 (worst) to 10 (best)", "higher", "mood"),
    Measure("anxiety", "rating", "Anxiety", "0 (none) to 10 (worst)", "lower", "anxiety"),
    Measure(
        "sleep_minutes", "minutes", "Sleep", "0 to 24 hours", "higher", "sleep",
        option="--sleep", figure="sleep_hours",
    ),
    Measure(
        "sleep_quality", "rating", "Sleep quality", "0 (terrible) to 10 (excellent)", "higher",
        "sleep quality",
    ),
)  # fmt: skip


def measure(name: str) -> Measure:
    """The measure a report's figures call ``name`` ("sleep_hours"), or whose key it is."""
    for found in MEASURES:
        if name in (found.name, found.key):
            return found
    raise KeyError(name)
