"""timers.py: --every, the crontab schedule for it, and the ExecStart quoting."""

from __future__ import annotations

import shlex
from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from croniter import croniter
from hypothesis import given
from hypothesis import strategies as st

from medlog import timers
from medlog.errors import BadInput
from medlog.timeparse import format_duration


@given(st.integers(1, 24 * 60))
def test_every_reads_back_from_one_minute_to_a_day(minutes: int) -> None:
    span = timedelta(minutes=minutes)
    assert timers.parse_every(format_duration(span)) == span


@given(st.text(max_size=12))
def test_every_refuses_with_one_sentence(text: str) -> None:
    """Anything typed gives an interval of 1m to 24h or BadInput, never another error."""
    try:
        span = timers.parse_every(text)
    except BadInput as error:
        assert error.message.endswith("e.g. 5m or 1h.")
    else:
        assert timedelta(minutes=1) <= span <= timedelta(hours=24)


@given(st.integers(1, 24 * 60))
def test_cron_runs_at_exactly_the_interval_or_refuses(minutes: int) -> None:
    """Every schedule written makes croniter step by exactly --every all day; the rest are
    refused, naming --systemd."""
    span = timedelta(minutes=minutes)
    try:
        schedule = timers.cron_schedule(span)
    except BadInput as error:
        assert "--systemd" in error.message
        assert 60 % minutes if minutes < 60 else (minutes % 60 or 24 % (minutes // 60))
        return
    runs = croniter(schedule, datetime(2026, 11, 27, 0, 0) - timedelta(minutes=1))
    moments = [runs.get_next(datetime) for _ in range(3)]
    assert [b - a for a, b in pairwise(moments)] == [span, span]


@pytest.mark.parametrize(
    ("word", "written"),
    [
        ("/usr/bin/medlog", "/usr/bin/medlog"),
        ("/home/a b/medlog", '"/home/a b/medlog"'),
        ("/x/100%", "/x/100%%"),
        ("/x/$HOME", "/x/$$HOME"),
        ('/x/"q"', '"/x/\\"q\\""'),
    ],
)
def test_execstart_words_are_quoted_for_systemd(word: str, written: str) -> None:
    line = timers.service_text([word, "due"]).splitlines()[-1]
    assert line == f"ExecStart={written} due"


def test_a_cron_line_reads_back_as_its_command() -> None:
    line = timers.cron_line(timedelta(minutes=5), ["/a b/medlog", "--home", "/s%1"], {"X": "y z"})
    schedule, command = line.split(None, 5)[:5], line.split(None, 5)[5]
    assert schedule == ["*/5", "*", "*", "*", "*"]
    words = shlex.split(command.replace("\\%", "%"), comments=True)
    assert words == ["X=y z", "/a b/medlog", "--home", "/s%1"]
    assert timers.without_cron_lines(f"0 3 * * * backup\n{line}\n") == "0 3 * * * backup\n"
