"""Measure medlog against its budgets (DESIGN.md, "Budgets"), side by side in one run.

    python bench/run.py [--rounds 15] [--years 10] [--keep DIR] [--baseline REV]
                        [--reports-only]

Generates a long journal (10 multi-ingredient items, 3 doses a day, about 5 % missed, a
check-in every evening and a fill of each item every 30 days: about 115,000
events) and an empty store with the same items, then times, in interleaved
rounds, `python -c pass`, a minimal Typer app that appends one fsynced line
(bench/floor_app.py), `medlog take` on both stores and on a store just made by importing
the long journal's export (a ten-year backup), `checkin`, `fill`, `today` (which
looks up each item's supply), `due --short` (a shell prompt's), `supply`, `--help`, a
shell completion answer (`take <Tab>`) and `report --days 3650 --format json` (with its
PDC and its peak memory) in two layouts of the same journal (medlog's own, and re-dumped
by another tool with json.dumps's default ", " and ": "), each without a per-day summary,
with a current one and with one a day behind (a day of doses appended since), and prints
medians and the ratios beside the budgets. Timings are medians of whole-process wall
times; nothing here is a pass/fail test. A report that works out closed days it did not
hold returns once its output is written and leaves its per-day summary to a child process
(medlog.background): its time is the wait a person has, and the bench waits for that
child, untimed, before the next run (``settled``).

With ``--baseline REV`` (a git revision, e.g. main or HEAD~3) it also times that
revision's medlog in the same interleaved rounds, on stores of its own built the same
way, and prints each command's time as a ratio to it: "no regression" is measured
side by side, never against an old figure. Both run as ``python -m medlog`` from their
source trees, so the comparison is like for like.

``--reports-only`` times the report cases alone (and their budgets): a quicker loop while
working on the report; the budgets are judged on a full run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import NamedTuple

from medlog.background import wait
from medlog.day_summary import LOCK_NAME
from medlog.derived import folder

HERE = Path(__file__).resolve().parent
ITEMS = 10
TIMES = ("08:00", "14:00", "20:00")
MISSED = 0.05
FILL_DAYS = 30
FILL_MG = 9000  # 30 days of 3 x 100 mg
NOW = "2026-11-27T21:30:00"


def medlog_command() -> list[str]:
    """The medlog console script beside this interpreter, or the module."""
    beside = Path(sys.executable).with_name("medlog")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "medlog"]


def child_env(home: Path | None = None) -> dict[str, str]:
    """The environment every timed command runs in: fixed clock and zone, bytecode cached."""
    env = dict(os.environ, MEDLOG_NOW=NOW, TZ="UTC")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real install has its .pyc files
    if home is not None:
        env["MEDLOG_HOME"] = str(home)
    return env


def add_items(home: Path, years: int, medlog: list[str], env: dict[str, str]) -> None:
    """The same ten items in a store, added through medlog itself: each a 100 mg tablet
    holding magnesium, zinc and vitamin D, so every `take` totals three substances across
    all ten items against their upper limits."""
    first = date.fromisoformat(NOW[:10]) - timedelta(days=365 * years)
    for n in range(ITEMS):
        subprocess.run(
            [
                *medlog,
                "add",
                f"item {n}",
                "--kind",
                "supplement",
                "--dose",
                "100mg",
                "--schedule",
                f"daily {','.join(TIMES)}",
                "--range",
                "100-300mg/day",
                "--form",
                "tablet",
                "--strength",
                "100mg",
                *("--ingredient", "magnesium 50mg", "--ingredient", "zinc 5mg"),
                *("--ingredient", "vitamin d 10mcg"),
                "--start",
                first.isoformat(),
            ],
            env=env | {"MEDLOG_HOME": str(home)},
            check=True,
            stdout=subprocess.DEVNULL,
        )


def write_journal(home: Path, years: int) -> int:
    """Ten years of doses, about 5 % missed, a check-in every evening and a fill of each item
    every 30 days, one JSON line each (event schema 2, which every medlog since 0.2 reads);
    returns the event count. Supply is tracked from the first day, as ``medlog fill``
    records it."""
    rng = random.Random(1)
    zone = UTC  # the bench runs with TZ=UTC
    end = date.fromisoformat(NOW[:10])
    first = end - timedelta(days=365 * years)
    lines = []
    stamp = 0
    day = first
    on_hand = [0] * ITEMS

    def line(kind: str, at: datetime, logged: datetime, **fields: object) -> str:
        nonlocal stamp
        stamp = max(stamp, int(logged.timestamp()))
        document = {
            "v": 2,
            "id": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
            "type": kind,
            "at": at.isoformat(),
            "logged_at": logged.isoformat(),
            "stamp": stamp,
            **fields,
        }
        return json.dumps(document, separators=(",", ":"))

    while day < end:
        if (day - first).days % FILL_DAYS == 0:  # each item filled every month
            noon = datetime(day.year, day.month, day.day, 12, 0, tzinfo=zone)
            for n in range(ITEMS):
                on_hand[n] += FILL_MG
                lines.append(line("fill", noon, noon, item=f"item-{n}", amount=str(FILL_MG),
                                  unit="mg", given=f"{FILL_MG} mg", days_supply=FILL_DAYS,
                                  on_hand=str(on_hand[n])))  # fmt: skip
        for n in range(ITEMS):
            for clock in TIMES:
                if rng.random() < MISSED:
                    continue
                hour, minute = map(int, clock.split(":"))
                at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
                at += timedelta(minutes=rng.randint(-30, 60))
                lines.append(line("dose", at, at + timedelta(minutes=2), item=f"item-{n}",
                                  amount="100", unit="mg"))  # fmt: skip
                on_hand[n] -= 100
        evening = datetime(day.year, day.month, day.day, 22, 0, tzinfo=zone)
        lines.append(line("checkin", evening, evening, mood=rng.randint(3, 8),
                          sleep_minutes=rng.randint(300, 480)))  # fmt: skip
        day += timedelta(days=1)
    (home / "journal.jsonl").write_text("\n".join(lines) + "\n")
    (home / "journal.jsonl").chmod(0o600)
    config = home / "medlog.toml"  # supply tracked from the first fill, as medlog fill does
    item_head = r'(\[items\.item-\d+\]\nname = "[^"\n]*"\nkind = "[^"\n]*"\nunit = "mg"\n)'
    config.write_text(re.sub(item_head, rf"\g<1>supply_since = {first}\n", config.read_text()))
    return len(lines)


def respaced(home: Path, target: Path) -> None:
    """A copy of the store at ``target`` whose journal another tool has re-dumped, line by
    line, with json.dumps's default separators (", " and ": ")."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(home, target)
    lines = (home / "journal.jsonl").read_bytes().splitlines()
    (target / "journal.jsonl").write_text(
        "".join(json.dumps(json.loads(line)) + "\n" for line in lines)
    )


def one_more_day(spaced: bool) -> bytes:
    """The doses of the bench's last day (the day of NOW, before its evening), as lines."""
    day = datetime.fromisoformat(NOW).replace(tzinfo=UTC)
    lines = []
    for n in range(ITEMS):
        for clock in TIMES:
            hour, minute = map(int, clock.split(":"))
            at = day.replace(hour=hour, minute=minute)
            document = {"v": 2, "id": uuid.uuid4().hex, "type": "dose", "at": at.isoformat(),
                        "logged_at": at.isoformat(), "stamp": int(at.timestamp()),
                        "item": f"item-{n}", "amount": "100", "unit": "mg"}  # fmt: skip
            lines.append(json.dumps(document, separators=None if spaced else (",", ":")))
    return ("\n".join(lines) + "\n").encode()


AFTER_IMPORT = "take, right after an import"


def imported_store(medlog: list[str], big: Path, root: Path) -> tuple[Path, Callable[[], None]]:
    """A store made by importing ``big``'s export (a ten-year backup) into a new folder, and
    what puts it back as the import left it, derived files and all, before each timed take:
    each is the first command after the import."""
    backup, home, kept = root / "backup.json", root / "imported", root / "imported-kept"
    for place in (home, kept):
        shutil.rmtree(place, ignore_errors=True)
    export = [*medlog, "export", "--format", "json", "-o", str(backup)]
    quiet = subprocess.DEVNULL  # "Wrote ...", "Imported ...": not the bench's figures
    subprocess.run(export, env=child_env(big), stdout=quiet, stderr=quiet, check=True)
    load = [*medlog, "import", str(backup)]
    subprocess.run(load, env=child_env(home), stdout=quiet, stderr=quiet, check=True)
    places = [home, folder(home, "state"), folder(home, "cache")]
    for n, place in enumerate(places):
        if place.exists():
            shutil.copytree(place, kept / str(n))

    def restore() -> None:
        for n, place in enumerate(places):
            shutil.rmtree(place, ignore_errors=True)
            if (kept / str(n)).exists():
                shutil.copytree(kept / str(n), place)
        # The import wrote its journal to disk (fsync); the copy is only in the page cache, and
        # the take's own fsync would otherwise pay for writing the whole journal out.
        os.sync()

    return home, restore


def after_import(
    medlog: list[str], big: Path, root: Path, commands: Commands
) -> dict[str, Callable[[], None]]:
    """Add the take right after an import to ``commands``; what prepares each of its runs."""
    imported, restore = imported_store(medlog, big, root)
    commands[AFTER_IMPORT] = ([*medlog, "take", "item 0"], child_env(imported))
    return {AFTER_IMPORT: restore}


class ReportCase(NamedTuple):
    """A report timed with its per-day summary in a known state: ``prepare`` runs before
    each timed run (outside the timing)."""

    command: list[str]
    env: dict[str, str]
    prepare: Callable[[], None]
    limit: float  # seconds, the budget (DESIGN.md)


def report_cases(medlog: list[str], root: Path, stores: dict[str, Path]) -> dict[str, ReportCase]:
    """`report --days 3650 --format json` in each journal layout: without a per-day summary,
    with a current one, and with one a day behind (a day of doses appended since)."""
    cases = {}
    for layout, home in stores.items():
        journal = home / "journal.jsonl"
        written = journal.read_bytes()
        cache, kept = root / f"cache-{layout}", root / f"cache-{layout}-kept"
        env = child_env(home) | {"XDG_CACHE_HOME": str(cache)}
        command = [*medlog, *REPORT_ARGS]
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        settled(cache)
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(cache, kept)  # the summary of the journal as written

        def restore(
            journal: Path = journal, written: bytes = written, cache: Path = cache,
            kept: Path | None = kept, extra: bytes = b"",
        ) -> None:  # fmt: skip
            journal.write_bytes(written + extra)
            shutil.rmtree(cache, ignore_errors=True)
            if kept is not None:
                shutil.copytree(kept, cache)

        day = one_more_day(layout == "spaced")
        cases[f"report, {layout}, no summary"] = ReportCase(
            command, env, partial(restore, kept=None), 1.5
        )
        cases[f"report, {layout}, current summary"] = ReportCase(command, env, restore, 1.0)
        cases[f"report, {layout}, a day appended"] = ReportCase(
            command, env, partial(restore, extra=day), 1.0
        )
    return cases


def settled(folder: Path) -> None:
    """Wait until every report under ``folder`` has written its per-day summary: a report
    returns first and writes it in a child process, holding its lock file until done
    (medlog.background). The next timed run then neither competes with that child for the
    CPU nor has its cache folder changed under it."""
    for lock in folder.rglob(LOCK_NAME):
        wait(lock, seconds=600)


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall time of one run, in seconds."""
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def peak_memory_mb(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one run, measured in a fresh child."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def has_report() -> bool:
    """Whether this medlog has the report command yet."""
    probe = subprocess.run(
        [*medlog_command(), "report", "--help"], env=child_env(), capture_output=True, check=False
    )
    return probe.returncode == 0


def baseline_tree(revision: str, root: Path) -> Path:
    """A checkout of ``revision`` of this repository under ``root`` (a git worktree, removed
    by ``drop_tree``), for timing the same commands side by side."""
    tree = root / "baseline-src"
    subprocess.run(
        ["git", "-C", str(HERE.parent), "worktree", "add", "--detach", "--quiet", str(tree),
         revision],
        check=True,
    )  # fmt: skip
    return tree


def drop_tree(tree: Path) -> None:
    subprocess.run(
        ["git", "-C", str(HERE.parent), "worktree", "remove", "--force", str(tree)], check=False
    )


COMPARED = ("take, empty store", "take, long journal", "checkin, long journal",
            "fill, long journal", "due --short, long journal", "today, long journal",
            "supply, long journal", "--help")  # fmt: skip


def version_commands(
    label: str, medlog: list[str], env: dict[str, str], big: Path, empty: Path
) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The commands compared between two medlogs, named "<command> [label]"."""

    def at(home: Path) -> dict[str, str]:
        return child_env(home) | env

    found = {
        "take, empty store": ([*medlog, "take", "item 0"], at(empty)),
        "take, long journal": ([*medlog, "take", "item 0"], at(big)),
        "checkin, long journal": ([*medlog, "checkin", "--mood", "6", "--sleep", "7h"], at(big)),
        "fill, long journal": ([*medlog, "fill", "item 0", "30 tablets"], at(big)),
        "due --short, long journal": ([*medlog, "due", "--short"], at(big)),
        "today, long journal": ([*medlog, "today"], at(big)),
        "supply, long journal": ([*medlog, "supply"], at(big)),
        "--help": ([*medlog, "--help"], at(big)),
    }
    return {(f"{name} [{label}]" if label else name): command for name, command in found.items()}


Commands = dict[str, tuple[list[str], dict[str, str]]]
REPORT_ARGS = ["report", "--days", "3650", "--format", "json"]


def budget_commands(medlog: list[str], big: Path, empty: Path, floor_line: Path) -> Commands:
    """What the budgets are measured with: the installed medlog beside its floors."""
    return {
        "python -c pass": ([sys.executable, "-c", "pass"], child_env()),
        "floor: minimal Typer app": (
            [sys.executable, str(HERE / "floor_app.py"), "item-0", "--path", str(floor_line)],
            child_env(),
        ),
        **dict(version_commands("", medlog, {}, big, empty).items()),
        "completion: take <Tab>": (
            medlog,
            child_env(big)
            | {
                "_MEDLOG_COMPLETE": "complete_bash",
                "COMP_WORDS": "medlog take ",
                "COMP_CWORD": "2",
            },
        ),
    }


def measure(
    commands: Commands, rounds: int, prepare: dict[str, Callable[[], None]] | None = None
) -> dict[str, float]:
    """The median wall time of each command over ``rounds`` interleaved rounds; ``prepare``
    runs, untimed, before each run of the command of its name."""
    ready = prepare or {}
    for name, (command, env) in commands.items():  # warm caches and write .pyc files
        ready.get(name, _nothing)()
        timed(command, env)
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (command, env) in commands.items():
            ready.get(name, _nothing)()
            runs[name].append(timed(command, env))
    return {name: statistics.median(values) for name, values in runs.items()}


def _nothing() -> None:
    pass


def measure_reports(
    reports: Commands, cases: dict[str, ReportCase]
) -> dict[str, tuple[float, float]]:
    """Each report's median wall time and highest peak memory (MB), five interleaved runs."""
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in [*reports, *cases]}
    for _ in range(5):
        for label, (command, env) in reports.items():
            samples[label].append(peak_memory_mb(command, env))
        for label, case in cases.items():
            case.prepare()
            samples[label].append(peak_memory_mb(case.command, case.env))
            settled(Path(case.env["XDG_CACHE_HOME"]))
    return {
        label: (statistics.median(s[0] for s in found), max(s[1] for s in found))
        for label, found in samples.items()
    }


def print_figures(
    median: dict[str, float],
    reports: dict[str, tuple[float, float]],
    cases: dict[str, ReportCase],
    baseline: str | None,
) -> None:
    """Each median, the comparison with the baseline, and the budgets with their ratios."""
    for name, value in median.items():
        if not name.endswith("]"):
            print(f"  {name:<28} {value * 1000:7.1f} ms")
    if cases:
        print(f"\n  {' '.join(REPORT_ARGS)}")
    for name in cases:
        wall, peak = reports[name]
        print(f"  {name:<40} {wall * 1000:7.1f} ms, peak {peak:.0f} MB")
    if baseline:
        print(f"\n  against {baseline} (both as python -m medlog, same rounds)")
        for name in COMPARED:
            this, base = median[f"{name} [this]"], median[f"{name} [baseline]"]
            print(f"  {name:<28} {this * 1000:7.1f} ms vs {base * 1000:7.1f} ms  "
                  f"{this / base:5.2f}x")  # fmt: skip
        if "this" in reports:
            this, base = reports["this"][0], reports["baseline"][0]
            print(f"  {'report --days 3650 (json)':<28} {this:7.2f} s  vs {base:7.2f} s   "
                  f"{this / base:5.2f}x")  # fmt: skip
    rows = []
    if "take, long journal" in median:
        rows += command_rows(median)
    rows += [(name, reports[name][0], case.limit, "s") for name, case in cases.items()]
    if cases:
        rows.append(("report peak memory", max(reports[name][1] for name in cases), 150, "MB"))
    print(f"\n  {'budget':<40} {'measured':>10} {'limit':>8}  within")
    for name, value, limit, unit in rows:
        shown, bound = (
            (f"{value:.2f}x", f"{limit}x")
            if unit == "x"
            else (f"{value:.2f} {unit}", f"{limit} {unit}")
        )
        print(f"  {name:<40} {shown:>10} {bound:>8}  {'yes' if value <= limit else 'NO'}")


def command_rows(median: dict[str, float]) -> list[tuple[str, float, float, str]]:
    """The budgets of the commands other than report: each a ratio of two medians."""
    take = median["take, long journal"]
    imported = [
        ("take: after an import / empty", median[name] / median["take, empty store"], 1.25, "x")
        for name in (AFTER_IMPORT,)
        if name in median
    ]
    return [
        ("take: 10-year / empty store", take / median["take, empty store"], 1.25, "x"),
        *imported,
        ("take / floor Typer app", take / median["floor: minimal Typer app"], 1.0, "x"),
        ("take / python -c pass", take / median["python -c pass"], 7.0, "x"),
        ("checkin / take", median["checkin, long journal"] / take, 1.1, "x"),
        ("fill / take", median["fill, long journal"] / take, 1.1, "x"),
        ("due --short / take", median["due --short, long journal"] / take, 1.1, "x"),
        ("--help / take", median["--help"] / take, 2.0, "x"),
        ("completion / take", median["completion: take <Tab>"] / take, 1.5, "x"),
    ]


def main() -> None:
    """Build the stores, time everything interleaved, print medians and budget ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="build the stores here and keep them")
    parser.add_argument(
        "--baseline", metavar="REV", help="also time this git revision's medlog, side by side"
    )
    parser.add_argument(
        "--reports-only", action="store_true", help="time the report cases alone (quicker)"
    )
    options = parser.parse_args()
    root = options.keep or Path(tempfile.mkdtemp(prefix="medlog-bench-"))
    # Every derived file (state and cache) under the bench's own folder, never the user's.
    os.environ |= {"XDG_STATE_HOME": str(root / "state"), "XDG_CACHE_HOME": str(root / "cache")}
    big, empty = root / "big", root / "empty"
    for home in (big, empty, root / "base-big", root / "base-empty"):
        shutil.rmtree(home, ignore_errors=True)
    medlog = medlog_command()
    add_items(big, options.years, medlog, {})
    add_items(empty, options.years, medlog, {})
    events = write_journal(big, options.years)
    size_mb = (big / "journal.jsonl").stat().st_size / 1e6
    commands = (
        {} if options.reports_only else budget_commands(medlog, big, empty, root / "floor.jsonl")
    )
    prepare = {} if options.reports_only else after_import(medlog, big, root, commands)
    # The reports read copies made before any command runs: the takes, check-ins and fills
    # timed on `big` would otherwise be lines the report finds gone when its case puts the
    # journal back as written, and puts back itself (own_lines), as no person's report does.
    stores = {"compact": root / "compact", "spaced": root / "spaced"}
    shutil.rmtree(stores["compact"], ignore_errors=True)
    shutil.copytree(big, stores["compact"])
    respaced(big, stores["spaced"])
    cases = report_cases(medlog, root, stores) if has_report() else {}
    reports: Commands = {}
    tree = baseline_tree(options.baseline, root) if options.baseline else None
    if tree is not None:
        module = [sys.executable, "-m", "medlog"]
        base_big, base_empty = root / "base-big", root / "base-empty"
        base_env = {"PYTHONPATH": str(tree / "src")}
        this_env = {"PYTHONPATH": str(HERE.parent / "src")}
        add_items(base_big, options.years, module, base_env)
        add_items(base_empty, options.years, module, base_env)
        write_journal(base_big, options.years)
        commands |= version_commands("this", module, this_env, big, empty)
        commands |= version_commands("baseline", module, base_env, base_big, base_empty)
        no_summary = {"XDG_CACHE_HOME": "/dev/null/none"}  # both work it all out each time
        reports |= {
            "this": ([*module, *REPORT_ARGS], child_env(big) | this_env | no_summary),
            "baseline": ([*module, *REPORT_ARGS], child_env(base_big) | base_env | no_summary),
        }
    try:
        median = measure(commands, options.rounds, prepare)
        report_figures = measure_reports(reports, cases)
    finally:
        if tree is not None:
            drop_tree(tree)
    print(
        f"medlog bench, {datetime.now():%Y-%m-%d}: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"journal: {events:,} events ({size_mb:.1f} MB), {ITEMS} items x 3 doses a day, a "
        f"check-in a day and monthly fills x {options.years} years; {options.rounds} "
        "interleaved rounds, medians\n"
    )
    print_figures(median, report_figures, cases, options.baseline)
    if options.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
