"""Measure medlog against its budgets (DESIGN.md, "Budgets"), side by side in one run.

    python bench/run.py [--rounds 15] [--years 10] [--keep DIR]

Generates a long journal (10 multi-ingredient items, 3 doses a day, about 5 % missed, a
check-in every evening and a fill of each item every 30 days: about 115,000
events) and an empty store with the same items, then times, in interleaved
rounds, `python -c pass`, a minimal Typer app that appends one fsynced line
(bench/floor_app.py), `medlog take` on both stores, `checkin`, `today` (which
looks up each item's supply), `supply`, `--help`, a shell completion answer
(`take <Tab>`) and `report --days 3650 --format json` (with its PDC and its
peak memory), and
prints medians and the ratios beside the budgets. Timings are medians of
whole-process wall times; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

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


def add_items(home: Path, years: int) -> None:
    """The same ten items in a store, added through medlog itself: each a 100 mg tablet
    holding magnesium, zinc and vitamin D, so every `take` totals three substances across
    all ten items against their upper limits."""
    first = date.fromisoformat(NOW[:10]) - timedelta(days=365 * years)
    for n in range(ITEMS):
        subprocess.run(
            [
                *medlog_command(),
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
            env=child_env(home),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def write_journal(home: Path, years: int) -> int:
    """Ten years of doses, about 5 % missed, a check-in every evening and a fill of each item
    every 30 days, one JSON line each; returns the event count."""
    from decimal import Decimal

    from medlog import journal
    from medlog.events import encode
    from medlog.model import Checkin, Event
    from medlog.store import Store
    from medlog.timeparse import localize

    rng = random.Random(1)
    end = date.fromisoformat(NOW[:10])
    first = end - timedelta(days=365 * years)
    lines = []
    stamp = 0
    day = first
    on_hand = [Decimal(0)] * ITEMS
    while day < end:
        if (day - first).days % FILL_DAYS == 0:  # each item filled every month
            noon = localize(datetime(day.year, day.month, day.day, 12, 0))
            for n in range(ITEMS):
                on_hand[n] += FILL_MG
                fill = Event(journal.new_id(), "fill", noon, noon, item=f"item-{n}",
                             amount=Decimal(FILL_MG), unit="mg", given=f"{FILL_MG} mg",
                             days_supply=FILL_DAYS, on_hand=on_hand[n])  # fmt: skip
                [fill] = journal.stamp([fill], stamp)
                stamp = fill.stamp or stamp
                lines.append(encode(fill))
        for n in range(ITEMS):
            for clock in TIMES:
                if rng.random() < MISSED:
                    continue
                hour, minute = map(int, clock.split(":"))
                at = localize(datetime(day.year, day.month, day.day, hour, minute)) + timedelta(
                    minutes=rng.randint(-30, 60)
                )
                event = Event(
                    journal.new_id(),
                    "dose",
                    at,
                    at + timedelta(minutes=2),
                    item=f"item-{n}",
                    amount=Decimal(100),
                    unit="mg",
                )
                [event] = journal.stamp([event], stamp)
                stamp = event.stamp or stamp
                lines.append(encode(event))
                on_hand[n] -= 100
        evening = localize(datetime(day.year, day.month, day.day, 22, 0))
        checkin = Checkin(mood=rng.randint(3, 8), sleep_minutes=rng.randint(300, 480))
        [event] = journal.stamp(
            [Event(journal.new_id(), "checkin", evening, evening, checkin=checkin)], stamp
        )
        stamp = event.stamp or stamp
        lines.append(encode(event))
        day += timedelta(days=1)
    (home / "journal.jsonl").write_text("\n".join(lines) + "\n")
    (home / "journal.jsonl").chmod(0o600)
    store = Store(home)  # supply tracked from the first fill, as `medlog fill` records it
    with store.locked():
        regimen = store.load_regimen()
        store.save_regimen(
            regimen._replace(items=tuple(i._replace(supply_since=first) for i in regimen.items))
        )
    return len(lines)


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


def main() -> None:
    """Build the stores, time everything interleaved, print medians and budget ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="build the stores here and keep them")
    options = parser.parse_args()
    root = options.keep or Path(tempfile.mkdtemp(prefix="medlog-bench-"))
    big, empty = root / "big", root / "empty"
    for home in (big, empty):
        if home.exists():
            shutil.rmtree(home)
    add_items(big, options.years)
    add_items(empty, options.years)
    events = write_journal(big, options.years)
    size_mb = (big / "journal.jsonl").stat().st_size / 1e6
    medlog = medlog_command()
    floor_line = root / "floor.jsonl"
    commands = {
        "python -c pass": ([sys.executable, "-c", "pass"], child_env()),
        "floor: minimal Typer app": (
            [sys.executable, str(HERE / "floor_app.py"), "item-0", "--path", str(floor_line)],
            child_env(),
        ),
        "take, empty store": ([*medlog, "take", "item 0"], child_env(empty)),
        "take, long journal": ([*medlog, "take", "item 0"], child_env(big)),
        "checkin, long journal": (
            [*medlog, "checkin", "--mood", "6", "--sleep", "7h"],
            child_env(big),
        ),
        "today, long journal": ([*medlog, "today"], child_env(big)),
        "supply, long journal": ([*medlog, "supply"], child_env(big)),
        "--help": ([*medlog, "--help"], child_env(big)),
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
    for command, env in commands.values():  # warm caches and write .pyc files
        timed(command, env)
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.rounds):
        for name, (command, env) in commands.items():
            runs[name].append(timed(command, env))
    median = {name: statistics.median(values) for name, values in runs.items()}
    report = None
    if has_report():
        report_cmd = [*medlog, "report", "--days", "3650", "--format", "json"]
        samples = [peak_memory_mb(report_cmd, child_env(big)) for _ in range(5)]
        report = (statistics.median(s[0] for s in samples), max(s[1] for s in samples))

    print(
        f"medlog bench, {datetime.now():%Y-%m-%d}: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"journal: {events:,} events ({size_mb:.1f} MB), {ITEMS} items x 3 doses a day, a "
        f"check-in a day and monthly fills x {options.years} years; {options.rounds} "
        "interleaved rounds, medians\n"
    )
    for name, value in median.items():
        print(f"  {name:<28} {value * 1000:7.1f} ms")
    if report is not None:
        print(
            f"  {'report --days 3650 (json)':<28} {report[0] * 1000:7.1f} ms, "
            f"peak {report[1]:.0f} MB"
        )
    take = median["take, long journal"]
    rows = [
        ("take: 10-year / empty store", take / median["take, empty store"], 1.25, "x"),
        ("take / floor Typer app", take / median["floor: minimal Typer app"], 1.5, "x"),
        ("take / python -c pass", take / median["python -c pass"], 8.0, "x"),
        ("checkin / take", median["checkin, long journal"] / take, 1.1, "x"),
        ("--help / take", median["--help"] / take, 2.0, "x"),
        ("completion / take", median["completion: take <Tab>"] / take, 1.5, "x"),
    ]
    if report is not None:
        rows += [
            ("report wall time", report[0], 1.5, "s"),
            ("report peak memory", report[1], 150, "MB"),
        ]
    print(f"\n  {'budget':<30} {'measured':>10} {'limit':>8}  within")
    for name, value, limit, unit in rows:
        shown, bound = (
            (f"{value:.2f}x", f"{limit}x")
            if unit == "x"
            else (f"{value:.2f} {unit}", f"{limit} {unit}")
        )
        print(f"  {name:<30} {shown:>10} {bound:>8}  {'yes' if value <= limit else 'NO'}")
    if options.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
