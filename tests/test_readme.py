"""The README's examples are real: every ```console block is run, and must print what it shows.

Each ``$ medlog ...`` line runs in-process (the real command line, not a shell), and the
lines after it, up to the next ``$``, must be what it wrote to stdout and stderr, in the
order written, as a terminal shows them. The conventions, so the README reads as a story:

- **Environment.** Every block runs with the ``MEDLOG_NOW``, ``TZ`` and ``COLUMNS`` that the
  README's prose states before its first console block (written there as `NAME=value`).
- **A store per section.** Each ``## `` section starts from an empty temporary directory, its
  own empty store and the stated environment; its blocks build on each other in order, as a
  reader following along would. Commands run in that directory (so ``-o visit.html`` writes
  there), and ``HOME`` is that directory (so ``--home ~/elsewhere`` stays inside it).
- **A block that needs something else** says so in an HTML comment just before it (invisible
  on GitHub, plain in the source). Its first line sets values for this block and the rest
  of its section; each further line is a command run first, its output not shown::

      <!-- readme-check: MEDLOG_NOW=2026-11-27T21:30 store=dd
      $ medlog demo --home dd
      -->

  ``store=NAME`` points ``MEDLOG_HOME`` at the directory NAME of the section (``main`` by
  default); ``MEDLOG_NOW``, ``TZ`` and ``COLUMNS`` replace the stated ones.
- **Excerpts.** A line ``...`` in a block's output stands for any number of lines.
- **Ids** are random in medlog; here they come from a generator seeded afresh for each
  section, so the ids the README shows are the ones the test sees.
- **Not a shell.** A pipe or a redirection (``|``, ``>``) cannot be checked: show it in a
  ```sh block or in prose. A block that is not to be checked is fenced ```text.

When output changes on purpose, rewrite the README's examples from a real run, then read
the diff: ``.venv/bin/python tests/test_readme.py --write``. Each excerpt keeps its place:
it is taken again from the output between the lines nearest its old first and last lines.
"""

from __future__ import annotations

import difflib
import io
import os
import random
import re
import shlex
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from medlog import journal

README = Path(__file__).parent.parent / "README.md"
STATED = ("MEDLOG_NOW", "TZ", "COLUMNS")  # what the README's prose must state
ELIDED = "..."
DIRECTIVE = "readme-check:"
DEFAULT_STORE = "main"


@dataclass
class Command:
    """One ``$ medlog`` line and the output lines the README shows under it."""

    line: str
    shown: list[str]


@dataclass
class Block:
    """A ```console block: where it is in the README, and what it runs."""

    section: str
    first: int  # index of the line after the opening fence
    last: int  # index of the closing fence
    indent: str
    settings: dict[str, str]
    setup: list[str]
    commands: list[Command] = field(default_factory=list)


def stated_environment(text: str) -> dict[str, str]:
    """The MEDLOG_NOW, TZ and COLUMNS the README's prose states before its first example."""
    before = text.split("```console", 1)[0]
    found = dict(re.findall(r"`(MEDLOG_NOW|TZ|COLUMNS)=([^`\s]+)`", before))
    missing = [name for name in STATED if name not in found]
    assert not missing, f"README.md states no {', '.join(missing)} before its first example"
    return found


def parse(text: str) -> list[Block]:
    """Every ```console block of the README, in order, with its section and directive."""
    lines = text.splitlines()
    blocks: list[Block] = []
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            section = line[3:].strip()
        opening = re.fullmatch(r"(\s*)```console", line)
        if opening is None:
            index += 1
            continue
        indent = opening.group(1)
        end = lines.index(f"{indent}```", index + 1)
        settings, setup = _directive(lines, index)
        block = Block(section, index + 1, end, indent, settings, setup)
        for inside in lines[index + 1 : end]:
            body = inside.removeprefix(indent)
            if body.startswith("$ "):
                block.commands.append(Command(body[2:], []))
            else:
                assert block.commands, f"README.md line {index + 2}: output before any command"
                block.commands[-1].shown.append(body)
        blocks.append(block)
        index = end + 1
    return blocks


def _directive(lines: list[str], fence: int) -> tuple[dict[str, str], list[str]]:
    """The settings and set-up commands of the comment just before a block, if any."""
    above = fence - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0 or not lines[above].rstrip().endswith("-->"):
        return {}, []
    start = above
    while start > 0 and "<!--" not in lines[start]:
        start -= 1
    comment = "\n".join(lines[start : above + 1]).split("<!--", 1)[1].rsplit("-->", 1)[0]
    body = [line.strip() for line in comment.strip().splitlines()]
    if not body or not body[0].startswith(DIRECTIVE):
        return {}, []
    words = shlex.split(body[0].removeprefix(DIRECTIVE))
    settings = dict(word.split("=", 1) for word in words)
    unknown = set(settings) - {*STATED, "store"}
    assert not unknown, f"README.md line {start + 1}: unknown setting {', '.join(unknown)}"
    setup = [line.removeprefix("$ ") for line in body[1:] if line]
    return settings, setup


def _runs(shown: list[str]) -> list[list[str]]:
    """The excerpts of ``shown``: the runs of lines between ``...`` lines."""
    runs: list[list[str]] = [[]]
    for line in shown:
        if line == ELIDED:
            runs.append([])
        else:
            runs[-1].append(line)
    return runs


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is what ``shown`` says, a ``...`` line standing for any lines."""
    if ELIDED not in shown:
        return shown == actual
    first, *middle, last = _runs(shown)
    if actual[: len(first)] != first:
        return False
    position = len(first)
    for run in middle:
        found = next(
            (
                start
                for start in range(position, len(actual) - len(run) + 1)
                if actual[start : start + len(run)] == run
            ),
            None,
        )
        if found is None:
            return False
        position = found + len(run)
    return len(actual) - len(last) >= position and actual[len(actual) - len(last) :] == last


def regenerate(shown: list[str], actual: list[str]) -> list[str]:
    """What to show for ``actual``: all of it, or each excerpt of ``shown`` taken again."""
    if ELIDED not in shown:
        return actual
    runs = _runs(shown)
    result: list[str] = []
    position = 0
    for number, run in enumerate(runs):
        if number:
            result.append(ELIDED)
        if not run:
            continue
        start = _nearest(run[0], actual, position)
        end = _nearest(run[-1], actual, start)
        if number == 0:
            start = 0
        if number == len(runs) - 1:
            end = len(actual) - 1
        result.extend(actual[start : end + 1])
        position = end + 1
    return result


def _nearest(line: str, actual: list[str], since: int) -> int:
    """The index of the line of ``actual`` (from ``since``) most like ``line``."""
    scores = [
        (difflib.SequenceMatcher(None, line, candidate).ratio(), -index)
        for index, candidate in enumerate(actual[since:], start=since)
    ]
    assert scores, f"nothing left in the output to show as {line!r}"
    return -max(scores)[1]


class Section:
    """A temporary directory and store for one README section, and a way to run medlog in it."""

    def __init__(self, directory: Path, stated: dict[str, str]) -> None:
        self.directory = directory
        self.settings = {**stated, "store": DEFAULT_STORE}
        self.ids = random.Random(0)  # repeatable ids, not secrets

    def run(self, line: str) -> tuple[int, list[str]]:
        """Run one ``medlog ...`` line: its exit code and the lines it wrote, in order."""
        words = shlex.split(line)
        prefix = {}  # NAME=value before the command, for this command only, as in a shell
        while words and re.fullmatch(r"(MEDLOG_NOW|TZ|COLUMNS)=.*", words[0]):
            name, value = words.pop(0).split("=", 1)
            prefix[name] = value
        assert words[:1] == ["medlog"], f"not a medlog command: {line}"
        shell = {"|", "||", "&&", ";", ">", ">>", "<", "2>&1"}
        assert not shell & set(words), f"a console block runs no shell: {line}"
        from medlog.cli.app import app

        screen = io.BytesIO()
        with self._environment(prefix), _terminal(screen):
            try:
                app(words[1:], prog_name="medlog")
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
        text = screen.getvalue().decode()
        assert code != 70, f"$ {line}\nhit a bug in medlog:\n{text}"
        return code, text.splitlines()

    @contextmanager
    def _environment(self, prefix: dict[str, str]) -> Iterator[None]:
        home = str(self.directory / self.settings["store"])
        wanted = (
            {name: self.settings[name] for name in STATED}
            | prefix
            | {
                "MEDLOG_HOME": home,
                "HOME": str(self.directory),
                **{f"XDG_{kind}_HOME": str(self.directory / ".xdg" / kind) for kind in _XDG},
            }
        )
        saved = dict(os.environ)
        cwd = Path.cwd()
        new_id = journal.new_id
        for name in ("NO_COLOR", "FORCE_COLOR", "MEDLOG_DEBUG"):
            os.environ.pop(name, None)
        os.environ.update(wanted)
        time.tzset()
        os.chdir(self.directory)
        journal.new_id = lambda: uuid.UUID(int=self.ids.getrandbits(128), version=4).hex
        try:
            yield
        finally:
            journal.new_id = new_id
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(saved)
            time.tzset()


_XDG = ("DATA", "CACHE", "STATE", "CONFIG")


class _Screen(io.RawIOBase):
    """Bytes written to stdout and stderr, in the order written, as one terminal shows them."""

    def __init__(self, sink: io.BytesIO) -> None:
        self.sink = sink

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return self.sink.write(data)


@contextmanager
def _terminal(sink: io.BytesIO) -> Iterator[None]:
    """Point stdout and stderr at one screen (not a terminal: plain text), stdin at nothing."""
    saved = sys.stdin, sys.stdout, sys.stderr
    screen = _Screen(sink)
    sys.stdout = io.TextIOWrapper(screen, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(
        screen, encoding="utf-8", errors="backslashreplace", write_through=True
    )
    sys.stdin = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


@dataclass
class Outcome:
    """What one command of a block printed, beside what the README shows."""

    block: Block
    command: Command
    actual: list[str]

    @property
    def agrees(self) -> bool:
        return matches(self.command.shown, self.actual)

    def diff(self) -> str:
        """A unified diff from what the README shows to what the command printed."""
        where = f"README.md line {self.block.first} ({self.block.section})"
        lines = difflib.unified_diff(
            self.command.shown,
            self.actual,
            f"{where}: $ {self.command.line}",
            "medlog",
            lineterm="",
        )
        return "\n".join(lines)


def run_section(blocks: list[Block], directory: Path, stated: dict[str, str]) -> list[Outcome]:
    """Run one section's blocks in order against a fresh store: each command's outcome."""
    section = Section(directory, stated)
    outcomes: list[Outcome] = []
    for block in blocks:
        section.settings.update(block.settings)
        for line in block.setup:
            code, output = section.run(line)
            assert code == 0, f"set-up command of README.md line {block.first} failed: {line}\n" + (
                "\n".join(output)
            )
        for command in block.commands:
            outcomes.append(Outcome(block, command, section.run(command.line)[1]))
    return outcomes


def sections(text: str) -> dict[str, list[Block]]:
    """The README's console blocks, grouped by section, in order."""
    grouped: dict[str, list[Block]] = {}
    for block in parse(text):
        grouped.setdefault(block.section, []).append(block)
    return grouped


def run_readme(text: str, each: Callable[[list[Outcome]], None]) -> None:
    """Run every section of the README, each in its own temporary directory."""
    stated = stated_environment(text)
    for blocks in sections(text).values():
        with tempfile.TemporaryDirectory(prefix="medlog-readme-") as directory:
            each(run_section(blocks, Path(directory), stated))


def rewrite(text: str) -> tuple[str, int]:
    """The README with each example's output as medlog prints it now, and how many changed."""
    lines = text.splitlines()
    outcomes: list[Outcome] = []
    run_readme(text, outcomes.extend)
    changed = 0
    for block in reversed(parse(text)):
        body: list[str] = []
        for outcome in (outcome for outcome in outcomes if outcome.block.first == block.first):
            shown = outcome.command.shown
            if not outcome.agrees:
                shown = regenerate(shown, outcome.actual)
                changed += 1
            body += [f"$ {outcome.command.line}", *shown]
        lines[block.first : block.last] = [
            f"{block.indent}{line}" if line else line for line in body
        ]
    return "\n".join(lines) + "\n", changed


README_TEXT = README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(sections(README_TEXT)))
def test_readme_examples_print_what_they_show(name: str, tmp_path: Path) -> None:
    """Each `$ medlog` line of a README section prints exactly the lines shown under it."""
    stated = stated_environment(README_TEXT)
    outcomes = run_section(sections(README_TEXT)[name], tmp_path, stated)
    wrong = [outcome.diff() for outcome in outcomes if not outcome.agrees]
    assert not wrong, (
        "\n\n".join(wrong)
        + "\n\nIf the new output is right: .venv/bin/python tests/test_readme.py --write"
    )


def test_an_elided_line_stands_for_any_lines() -> None:
    """``...`` matches no line or many, and the lines around it must still be there in order."""
    shown = ["Report", ELIDED, "How you've been", "Mood", ELIDED]
    assert matches(shown, ["Report", "How you've been", "Mood"])
    assert matches(shown, ["Report", "a", "b", "How you've been", "Mood", "c"])
    assert not matches(shown, ["Report", "Mood", "How you've been"])
    assert not matches(shown, ["Summary", "How you've been", "Mood"])
    assert not matches(["a", "b"], ["a", "b", "c"])


def test_an_excerpt_is_taken_again_from_where_it_was() -> None:
    """--write keeps an excerpt's place: between the lines nearest its old first and last."""
    shown = [ELIDED, "How you've been (3 entries)", "Mood 5", "Of 3 entries, 3 on time", ELIDED]
    actual = [
        "Report",
        "How you've been (4 entries)",
        "Mood 5",
        "Sleep 7h",
        "Of 4 entries, 4 on time",
        "Footer",
    ]
    assert regenerate(shown, actual) == [ELIDED, *actual[1:5], ELIDED]
    assert regenerate(["a"], ["b", "c"]) == ["b", "c"]


def main(arguments: list[str]) -> int:
    """``--write`` rewrites README.md's examples from a real run; without it, shows the diffs."""
    if arguments not in ([], ["--write"]):
        sys.stderr.write("usage: python tests/test_readme.py [--write]\n")
        return 2
    if arguments:
        text, changed = rewrite(README_TEXT)
        README.write_text(text, encoding="utf-8")
        sys.stdout.write(f"README.md: rewrote the output of {changed} command(s)\n")
        return 0
    wrong: list[str] = []
    run_readme(
        README_TEXT, lambda outcomes: wrong.extend(o.diff() for o in outcomes if not o.agrees)
    )
    sys.stdout.write("\n\n".join(wrong) + ("\n" if wrong else "README.md: every example agrees\n"))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
