"""Work left for after a command's output (medlog.background): done in a child process that
holds no stream of the command's, under a lock a reader waits for; in-process, done before
the command returns."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from medlog import background


def _held(lock: Path) -> bool:
    """True when some process holds ``lock`` (its exclusive lock cannot be taken now)."""
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_in_process_the_jobs_run_before_finish_returns_holding_their_lock(tmp_path: Path) -> None:
    lock = tmp_path / "folder" / "job.lock"
    seen: list[bool] = []
    background.later(lock, lambda: seen.append(_held(lock)))
    background.finish(detached=False)
    assert seen == [True]
    assert not _held(lock)
    assert lock.stat().st_mode & 0o777 == 0o600
    assert lock.parent.stat().st_mode & 0o777 == 0o700


def test_a_job_whose_lock_another_job_holds_is_dropped(tmp_path: Path) -> None:
    lock = tmp_path / "job.lock"
    lock.touch()
    seen: list[str] = []
    with lock.open("rb") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        background.later(lock, lambda: seen.append("ran"))
        background.finish(detached=False)
    assert seen == []
    background.finish(detached=False)  # dropped, not kept for later
    assert seen == []


def test_waiting_on_a_lock_first_does_this_runs_own_job_on_it(tmp_path: Path) -> None:
    """A command that reads a file twice (a report, then another) reads what it wrote."""
    lock, other = tmp_path / "one.lock", tmp_path / "other.lock"
    seen: list[str] = []
    background.later(lock, lambda: seen.append("one"))
    background.later(other, lambda: seen.append("other"))
    background.wait(lock)
    assert seen == ["one"]
    background.finish(detached=False)
    assert seen == ["one", "other"]


def test_a_failing_job_in_process_is_an_error_and_lets_its_lock_go(tmp_path: Path) -> None:
    lock = tmp_path / "job.lock"

    def fails() -> None:
        raise RuntimeError("a bug")

    background.later(lock, fails)
    with pytest.raises(RuntimeError):
        background.finish(detached=False)
    assert not _held(lock)


def test_waiting_gives_up_after_its_time_and_never_hangs_on_odd_files(tmp_path: Path) -> None:
    lock = tmp_path / "job.lock"
    background.wait(lock)  # none yet: at once
    os.mkfifo(tmp_path / "fifo.lock")
    background.wait(tmp_path / "fifo.lock")  # a FIFO in its place: at once, not blocked
    lock.touch()
    with lock.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        start = time.monotonic()
        background.wait(lock, seconds=0.2)
        assert 0.2 <= time.monotonic() - start < 5


# A command's process: gives a job that waits for a "go" file before writing "done", prints,
# then ends as the console script does (finish detached, then os._exit).
_COMMAND = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from medlog import background
    folder = Path(sys.argv[1])

    def job():
        print("said by the job")  # goes nowhere: the child holds /dev/null
        while not (folder / "go").exists():
            time.sleep(0.01)
        if sys.argv[2] == "fail":
            raise RuntimeError("a bug in the job")
        (folder / "done").write_text(str(os.getsid(0) != os.getsid(os.getppid())))

    background.later(folder / "job.lock", job)
    print("the command's output")
    sys.stdout.flush()
    background.finish(detached=True)
    os._exit(3)
    """
)


@pytest.mark.parametrize("outcome", ["writes", "fail"])
def test_a_detached_job_runs_after_the_command_returned_holding_none_of_its_streams(
    tmp_path: Path, outcome: str
) -> None:
    """The command's pipes end when it exits (subprocess.run returns while the job is still
    waiting for "go"); the job holds the lock until done, in a session of its own; a job
    that fails says nothing and lets the lock go."""
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, str(tmp_path), outcome],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (3, "the command's output\n", "")
    lock = tmp_path / "job.lock"
    assert _held(lock)  # the job waits for "go", after the command has ended
    (tmp_path / "go").touch()
    background.wait(lock, seconds=30)
    assert not _held(lock)
    if outcome == "writes":
        assert (tmp_path / "done").read_text() == "True"  # its own session
    else:
        assert not (tmp_path / "done").exists()
