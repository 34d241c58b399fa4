"""Work left for after a command's output (medlog.background): done in a child process that
holds no stream of the command's, under a lock a reader waits for; in-process, done before
the command returns."""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

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


# A command's process: gives a job that waits for a "go" file before writing what it found
# of its process, prints, then ends as the console script does (finish detached, then
# os._exit).
_COMMAND = textwrap.dedent(
    """
    import json, os, signal, sys, time
    from pathlib import Path
    from medlog import background
    folder = Path(sys.argv[1])

    def descriptors():
        found = {}
        for fd in os.listdir("/proc/self/fd"):
            try:
                found[fd] = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                pass  # the one that listed them, closed since
        return found

    def job():
        print("said by the job")  # goes nowhere: the child holds /dev/null
        while not (folder / "go").exists():
            time.sleep(0.01)
        if sys.argv[2] == "fail":
            raise RuntimeError("a bug in the job")
        (folder / "done").write_text(json.dumps({
            "own session": os.getsid(0) == os.getpid(),
            "ctrl-c ignored": signal.getsignal(signal.SIGINT) == signal.SIG_IGN,
            "descriptors": descriptors(),
        }))

    background.later(folder / sys.argv[3], job)
    print("the command's output")
    sys.stdout.flush()
    background.finish(detached=True)
    os._exit(3)
    """
)


def _command(folder: Path, outcome: str = "writes", lock: str = "job.lock", **options: Any) -> Any:
    """Run ``_COMMAND``: it returns while its job waits for "go"."""
    return subprocess.run(
        [sys.executable, "-c", _COMMAND, str(folder), outcome, lock],
        timeout=30,
        check=False,
        **options,
    )


def _go(folder: Path, lock: str = "job.lock") -> dict[str, Any]:
    """Let the job go on, wait for it, and say what it found (none when it failed)."""
    (folder / "go").touch()
    background.wait(folder / lock, seconds=30)
    done = folder / "done"
    for _ in range(3000):  # a job without a lock to wait on: until its file is there
        if done.exists() or (folder / lock).is_file():
            break
        time.sleep(0.01)
    return json.loads(done.read_text()) if done.exists() else {}  # type: ignore[no-any-return]


def held_only(lock: Path | None) -> dict[str, str]:
    """The descriptors of a job that holds nothing of its command's: /dev/null as its
    streams, and ``lock``."""
    found = {"0": os.devnull, "1": os.devnull, "2": os.devnull}
    if lock is not None:
        found[next(fd for fd in ("3", "4", "5") if fd not in found)] = str(lock)
    return found


@pytest.mark.parametrize("outcome", ["writes", "fail"])
def test_a_detached_job_runs_after_the_command_returned_holding_none_of_its_streams(
    tmp_path: Path, outcome: str
) -> None:
    """The command's pipes end when it exits (subprocess.run returns while the job is still
    waiting for "go"); the job holds the lock until done, in a session of its own, deaf to
    a Ctrl-C, with no descriptor of the command's but its lock; a job that fails says
    nothing and lets the lock go."""
    done = _command(tmp_path, outcome, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (3, "the command's output\n", "")
    lock = tmp_path / "job.lock"
    assert _held(lock)  # the job waits for "go", after the command has ended
    found = _go(tmp_path)
    assert not _held(lock)
    if outcome == "fail":
        assert found == {}
        return
    assert found["own session"] and found["ctrl-c ignored"]
    assert found["descriptors"] == held_only(lock)


def test_a_pipe_the_command_had_beyond_its_streams_ends_with_the_command(tmp_path: Path) -> None:
    """``medlog report 3>&1 | ...`` (a stream swap): fd 3 is a pipe, and its reader sees its
    end when the command ends, not when the job does (an outside attacker's finding)."""
    reader, writer = os.pipe()
    try:
        _command(tmp_path, stdout=subprocess.DEVNULL, pass_fds=(writer,))
    finally:
        os.close(writer)
    ready, _, _ = select.select([reader], [], [], 20)
    assert ready and os.read(reader, 1) == b""  # the end, while the job still waits
    os.close(reader)
    assert _held(tmp_path / "job.lock")
    assert _go(tmp_path)["descriptors"] == held_only(tmp_path / "job.lock")


def test_the_lock_holds_with_stdin_and_stderr_closed(tmp_path: Path) -> None:
    """Started with stdin and stderr closed, the lock file opens as fd 0 or 2; it must not
    be one of the streams the child points at /dev/null (an outside attacker's finding)."""
    done = subprocess.run(
        ["bash", "-c", f'exec {sys.executable} -c "$0" "$@" <&- 2>&-', _COMMAND,
         str(tmp_path), "writes", "job.lock"],
        stdout=subprocess.DEVNULL, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 3
    assert _held(tmp_path / "job.lock")
    assert _go(tmp_path)["descriptors"] == held_only(tmp_path / "job.lock")


@pytest.mark.parametrize("kind", ["a link", "a directory"])
def test_a_lock_file_that_cannot_be_used_is_not_followed_and_the_job_still_runs(
    tmp_path: Path, kind: str
) -> None:
    """A link in the lock file's place is not followed (its target is never made), and a
    job whose lock cannot be used runs without it: its file is replaced whole either way."""
    target = tmp_path / "elsewhere"
    if kind == "a link":
        (tmp_path / "job.lock").symlink_to(target)
    else:
        (tmp_path / "job.lock").mkdir()
    _command(tmp_path, stdout=subprocess.DEVNULL)
    found = _go(tmp_path)
    assert found["descriptors"] == held_only(None)  # no lock held
    assert not target.exists()
