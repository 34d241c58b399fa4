"""``medlog remind``: install, find and remove the timer that runs ``due --notify`` (the
texts are ``timers.py``'s). It writes only the two unit files or the one crontab line, and
removes only what carries medlog's marker.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from medlog import timers
from medlog.durable import DIR_MODE, write_atomically
from medlog.errors import BadInput, StoreProblem
from medlog.reminders import QuietHours

ENABLE = f"systemctl --user enable --now {timers.UNIT}.timer"
TIMEOUT = 30  # seconds crontab may take


def due_command(home: Path, names: bool, quiet: QuietHours | None) -> list[str]:
    """The command the timer runs: this medlog, on this store, ``due --notify``; bad input
    when a path in it holds a character no unit or crontab line can (a line break)."""
    beside = Path(sys.executable).with_name("medlog")
    found = shutil.which("medlog")
    medlog = (
        [str(beside)]
        if beside.exists()
        else [str(Path(found).resolve())]
        if found
        else [sys.executable, "-m", "medlog"]
    )
    where = str(home.resolve())
    refused = next((char for char in where + medlog[0] if not char.isprintable()), None)
    if refused is not None:  # a line break would end the unit's or the crontab's line there
        raise BadInput(
            f"The path of {'the store' if refused in where else 'medlog'} contains a control, "
            f"invisible or invalid character ({refused!a}), which a timer's command line "
            "cannot hold; move it to a path without one to install reminders."
        )
    return [
        *medlog,
        "--home",
        where,
        "due",
        "--notify",
        *(["--names"] if names else []),
        *(["--quiet-hours", str(quiet)] if quiet is not None else []),
    ]


def unit_files(environ: Mapping[str, str]) -> tuple[Path, Path]:
    folder = timers.unit_folder(environ)
    return folder / f"{timers.UNIT}.service", folder / f"{timers.UNIT}.timer"


def install_systemd(
    environ: Mapping[str, str], command: list[str], every: timedelta
) -> tuple[Path, Path]:
    """Write the service and the timer (replacing medlog's own, never a person's)."""
    service, timer = unit_files(environ)
    for path in (service, timer):
        if path.exists() and not _ours(path):
            raise BadInput(
                f"{path} exists and medlog did not write it; move it aside to install "
                "medlog's reminders."
            )
    try:
        service.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreProblem(f"Cannot create {service.parent}: {error.strerror}.") from None
    write_atomically(service, timers.service_text(command).encode())
    write_atomically(timer, timers.timer_text(every).encode())
    return service, timer


def cron_line(command: list[str], every: timedelta) -> str:
    """The crontab line; on Linux it names the session bus, which cron's jobs lack, so that
    notify-send reaches the desktop."""
    import os

    bus = {}
    if sys.platform.startswith("linux"):
        bus = {"DBUS_SESSION_BUS_ADDRESS": f"unix:path=/run/user/{os.getuid()}/bus"}
    return timers.cron_line(every, command, bus)


def install_cron(line: str) -> None:
    """Put medlog's line in the person's crontab, in place of an earlier one of medlog's."""
    _write_crontab(timers.with_cron_line(_read_crontab() or "", line))


@dataclass(frozen=True)
class Removed:
    files: tuple[Path, ...]
    cron: bool


def uninstall(environ: Mapping[str, str]) -> Removed:
    """Remove medlog's unit files (and the link ``systemctl enable`` made to its timer) and its
    crontab lines; nothing else."""
    service, timer = unit_files(environ)
    link = _enable_link(timer)
    removed = []
    if link is not None:
        link.unlink()
        removed.append(link)
    for path in (service, timer):
        if path.exists() and _ours(path):
            path.unlink()
            removed.append(path)
    crontab = _read_crontab()
    cron = crontab is not None and any(map(timers.is_medlog_line, crontab.splitlines()))
    if crontab is not None and cron:
        _write_crontab(timers.without_cron_lines(crontab))
    return Removed(tuple(removed), cron)


@dataclass(frozen=True)
class Status:
    service: Path | None
    command: str | None
    every: str | None
    cron: str | None
    last_run: datetime | None
    enabled: bool = False  # the link systemctl enable makes to the timer is there


def status(environ: Mapping[str, str], last_run: datetime | None) -> Status:
    """What is installed, and when ``due --notify`` last ran for this store."""
    service, timer = unit_files(environ)
    command = every = None
    found = None
    if service.exists() and _ours(service):
        found = service
        command = timers.command_of(service.read_text(encoding="utf-8", errors="replace"))
    if timer.exists() and _ours(timer):
        every = timers.every_of(timer.read_text(encoding="utf-8", errors="replace"))
    crontab = _read_crontab() or ""
    cron = next((line for line in crontab.splitlines() if timers.is_medlog_line(line)), None)
    return Status(found, command, every, cron, last_run, _enable_link(timer) is not None)


def _enable_link(timer: Path) -> Path | None:
    """The link ``systemctl --user enable`` made to medlog's timer, if there is one."""
    link = timer.parent / "timers.target.wants" / timer.name
    if link.is_symlink() and link.resolve() == timer.resolve():
        return link
    return None


def _ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.readline().rstrip("\n") == timers.UNIT_MARK
    except OSError:
        return False


def _read_crontab() -> str | None:
    """The person's crontab ("" when they have none), or None without cron."""
    program = shutil.which("crontab")
    if program is None:
        return None
    try:
        found = subprocess.run(  # noqa: S603 (the system's crontab, no shell)
            [program, "-l"], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise StoreProblem(f"crontab -l did not run: {error}.") from None
    if found.returncode != 0:
        if "no crontab" in found.stderr.lower():
            return ""
        raise StoreProblem(f"crontab -l failed: {found.stderr.strip()[:200]}.")
    return found.stdout


def _write_crontab(text: str) -> None:
    program = shutil.which("crontab")
    if program is None:
        raise BadInput("cron is not installed here (no crontab command); use --systemd.")
    try:
        done = subprocess.run(  # noqa: S603 (the system's crontab, no shell)
            [program, "-"], input=text, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise StoreProblem(f"crontab did not run: {error}.") from None
    if done.returncode != 0:
        raise StoreProblem(f"crontab refused the new table: {done.stderr.strip()[:200]}.")
