"""The tests marked ``timing`` (kills, races, pipes, terminals) run 20 times in a row beside a
busy loop on every core, and pass every time: their verdict must not depend on how fast or
how busy the machine is. Slow: ``pytest -m slow tests/reliability/test_under_load.py``.

Each round is a whole ``pytest -m timing`` run in a process of its own, so a test marked
``timing`` anywhere is repeated here without being listed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROUNDS = 20
TESTS = Path(__file__).parent.parent
# Busy until its parent is gone, so an interrupted run leaves no loop behind.
BUSY_LOOP = "import os\nparent = os.getppid()\nwhile os.getppid() == parent: pass"


@pytest.fixture(scope="module")
def cpu_hog() -> Iterator[int]:
    """A busy loop per core for all the rounds; how many there are."""
    on_linux = hasattr(os, "sched_getaffinity")  # the cores this process may use
    cores = len(os.sched_getaffinity(0)) if on_linux else os.cpu_count() or 1
    hogs = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(cores)]
    yield cores
    for hog in hogs:
        hog.kill()
        hog.wait()


@pytest.mark.slow
@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
def test_timing_tests_pass_beside_a_cpu_hog(
    cpu_hog: int, tmp_path: Path, round_number: int
) -> None:
    """One round: every test marked ``timing`` passes with every core kept busy."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "timing", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "run"), str(TESTS)],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, f"round {round_number} of {ROUNDS}:\n{run.stdout[-6000:]}"
    assert " passed" in run.stdout and "deselected" in run.stdout, run.stdout[-2000:]
