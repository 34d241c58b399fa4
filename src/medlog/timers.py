"""The timer that runs ``medlog due --notify``: a systemd user service and timer, or a
crontab line, as text (``medlog remind`` writes, finds and removes them).

Everything medlog writes says so in a marker (the units' first line, the crontab line's
trailing comment), so that ``remind uninstall`` removes exactly what it wrote and nothing a
person wrote beside it.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from medlog.errors import BadInput, quote
from medlog.timeparse import format_duration, parse_duration

UNIT = "medlog-remind"
UNIT_MARK = "# Written by medlog remind install; medlog remind uninstall removes it."
CRON_MARK = "# medlog-remind"
LONGEST = timedelta(hours=24)
_MAX_TEXT = 40


def parse_every(text: str) -> timedelta:
    """How often the timer runs: ``5m``, ``1h``, ``1h30m``, from 1 minute to 24 hours."""
    try:
        every = parse_duration(text)
    except BadInput:
        every = None
    if every is None or every > LONGEST:
        raise BadInput(
            f"--every {quote(text, _MAX_TEXT)} is not an interval medlog can run at; write "
            "minutes or hours from 1m to 24h, e.g. 5m or 1h."
        )
    return every


def cron_schedule(every: timedelta) -> str:
    """The five time fields of a crontab line for ``every``: cron counts minutes within the
    hour and hours within the day, so only intervals dividing the hour (1-30 minutes) or the
    day (whole hours) can be written."""
    minutes = int(every.total_seconds()) // 60
    if minutes < 60 and 60 % minutes == 0:
        return "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"
    if minutes % 60 == 0 and 24 % (minutes // 60) == 0:
        hours = minutes // 60
        return "0 0 * * *" if hours == 24 else ("0 * * * *" if hours == 1 else f"0 */{hours} * * *")
    raise BadInput(
        f"cron cannot run every {format_duration(every)}: it counts minutes within the hour and "
        "hours within the day, so choose an interval that divides the hour or the day (1, 2, 3, "
        "4, 5, 6, 10, 12, 15, 20 or 30 minutes; 1, 2, 3, 4, 6, 8, 12 or 24 hours), or use "
        "--systemd."
    )


def unit_folder(environ: Mapping[str, str]) -> Path:
    """Where systemd looks for a user's own units: ``$XDG_CONFIG_HOME/systemd/user``."""
    config = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def service_text(command: list[str]) -> str:
    """The oneshot service that runs ``command`` once."""
    return (
        f"{UNIT_MARK}\n"
        "[Unit]\n"
        "Description=medlog reminders: a notification for each dose not logged yet\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(_systemd_word(word) for word in command)}\n"
    )


def timer_text(every: timedelta) -> str:
    """The timer that starts the service a minute after boot, then every ``every``."""
    return (
        f"{UNIT_MARK}\n"
        "[Unit]\n"
        f"Description=Run medlog due --notify every {format_duration(every)}\n"
        "\n"
        "[Timer]\n"
        "OnBootSec=1min\n"
        f"OnUnitActiveSec={format_duration(every)}\n"
        "AccuracySec=30s\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def every_of(timer: str) -> str | None:
    """The interval a timer medlog wrote runs at, as written ("5m"), if it says."""
    for line in timer.splitlines():
        if line.startswith("OnUnitActiveSec="):
            return line.partition("=")[2]
    return None


def command_of(service: str) -> str | None:
    """The command line a service medlog wrote runs."""
    for line in service.splitlines():
        if line.startswith("ExecStart="):
            return line.partition("=")[2]
    return None


def cron_line(every: timedelta, command: list[str], environment: Mapping[str, str]) -> str:
    """A crontab line running ``command`` every ``every``, with ``environment`` set."""
    words = [f"{name}={shlex.quote(value)}" for name, value in environment.items()]
    words += [shlex.quote(word) for word in command]
    text = " ".join(words).replace("%", "\\%")  # cron reads an unescaped % as a newline
    return f"{cron_schedule(every)} {text} {CRON_MARK}"


def with_cron_line(crontab: str, line: str) -> str:
    """A crontab with medlog's line in place of any it had before."""
    return without_cron_lines(crontab) + line + "\n"


def without_cron_lines(crontab: str) -> str:
    """A crontab without medlog's lines (and everything else as it was)."""
    kept = [line for line in crontab.splitlines() if not is_medlog_line(line)]
    return "".join(line + "\n" for line in kept)


def is_medlog_line(line: str) -> bool:
    return line.rstrip().endswith(CRON_MARK)


def _systemd_word(word: str) -> str:
    """One word of ExecStart, quoted for systemd: specifiers (%) and variables ($) are
    doubled, and a word with spaces or quotes is put in double quotes."""
    word = word.replace("%", "%%").replace("$", "$$")
    if any(char in word for char in " \t\"'\\;") or not word:
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word
