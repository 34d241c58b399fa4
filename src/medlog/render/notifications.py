"""Desktop notifications (``due --notify``): their words, and their delivery through the
system's own program (``notify-send`` on Linux, ``osascript`` on macOS), else on stdout.

They show on locked screens and are mirrored to phones, so by default they name no item:
"medlog: 1 dose not logged yet"; item names only with ``--names``. They say what is not
logged, never what to take.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

from medlog.render.supply import low_supply_text

if TYPE_CHECKING:
    from datetime import date

    from medlog.actions.reminders import Announcement
    from medlog.reminders import Slot

TITLE = "medlog"
TIMEOUT = 20  # seconds a notification program may take


def notifications(announcement: Announcement, names: bool) -> list[str]:
    """The body of each notification to show: one for the doses, one for low supplies."""
    found = []
    doses = announcement.doses
    if doses:
        found.append(
            "\n".join(f"{_slot_text(slot, announcement.day)} not logged yet" for slot in doses)
            if names
            else f"{len(doses)} dose{'s' if len(doses) > 1 else ''} not logged yet"
        )
    low = announcement.low
    if low:
        found.append(
            "\n".join(low_supply_text(seen) for seen in low)
            if names
            else f"{len(low)} item{'s' if len(low) > 1 else ''} running low on supply"
        )
    return found


def show(body: str) -> bool:
    """Show a notification through the desktop's program; False when there is none or it
    failed (no session bus), so the caller prints it instead."""
    program = shutil.which("notify-send")
    if program is not None:
        command = [program, "--app-name=medlog", TITLE, body]
    elif sys.platform == "darwin" and (program := shutil.which("osascript")) is not None:
        script = "display notification (item 2 of argv) with title (item 1 of argv)"
        command = [program, "-e", "on run argv", "-e", script, "-e", "end run", TITLE, body]
    else:
        return False
    try:
        subprocess.run(  # noqa: S603 (the desktop's own program, its words as arguments, no shell)
            command,
            check=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def printed(body: str) -> str:
    """A notification as ``due --notify`` prints it when it cannot show it."""
    return "".join(f"{TITLE}: {line}\n" for line in body.splitlines())


def _slot_text(slot: Slot, today: date) -> str:
    """ "Lexapro 08:00"; another day's with its weekday, "Alendronate Sat 08:00"."""
    clock = f" {slot.time:%H:%M}" if slot.time else ""
    return f"{slot.name} {slot.day:%a}{clock}" if slot.day != today else f"{slot.name}{clock}"
