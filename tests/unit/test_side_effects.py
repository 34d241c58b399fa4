"""side_effects.py: side effects as dated episodes, hand-computed and against a plain
reference of the rule (issue 24)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from medlog.model import SEVERITIES, Checkin, Event, Severity, SideEffect
from medlog.side_effects import QUIET_DAYS, Episode, episodes

START = date(2026, 11, 1)


def recorded(day: date, *effects: tuple[str, Severity]) -> Event:
    """A check-in on ``day`` recording ``effects`` (name, severity)."""
    when = datetime(day.year, day.month, day.day, 21, 0, tzinfo=UTC)
    found = tuple(SideEffect(name, severity) for name, severity in effects)
    return Event(f"c{day}{effects}", "checkin", when, when, checkin=Checkin(side_effects=found))


def day(n: int) -> date:
    """The n-th of November 2026."""
    return date(2026, 11, n)


def test_an_episode_ends_when_recorded_as_none() -> None:
    """nausea mild 11-01, moderate 11-02 and 11-03, mild 11-05, none 11-06: one episode from
    11-01 to 11-05, at its worst from 11-02, gone 11-06, on 4 days."""
    events = [
        recorded(day(1), ("nausea", "mild")),
        recorded(day(2), ("nausea", "moderate")),
        recorded(day(3), ("nausea", "moderate")),
        recorded(day(5), ("nausea", "mild")),
        recorded(day(6), ("nausea", "none")),
    ]
    assert episodes(events, day(1), day(30)) == (
        Episode("nausea", day(1), day(5), "moderate", day(2), 4, day(6)),
    )


def test_a_week_without_a_mention_ends_an_episode_and_names_stay_apart() -> None:
    """insomnia on 11-10 and again on 11-25 (15 days apart) are two episodes, the first with
    no day it was said to be gone; "trouble sleeping" is its own side effect, never merged."""
    events = [
        recorded(day(10), ("insomnia", "mild")),
        recorded(day(20), ("trouble sleeping", "mild")),
        recorded(day(25), ("insomnia", "severe")),
    ]
    assert episodes(events, day(1), day(30)) == (
        Episode("insomnia", day(10), day(10), "mild", day(10), 1, None),
        Episode("trouble sleeping", day(20), day(20), "mild", day(20), 1, None),
        Episode("insomnia", day(25), day(25), "severe", day(25), 1, None),
    )


def test_an_episode_that_began_before_the_period_is_kept_with_its_first_day() -> None:
    """An episode from 10-28 still going on 11-03 is shown from 10-28; one over before the
    period is left out."""
    events = [
        recorded(date(2026, 10, 10), ("headache", "mild")),
        recorded(date(2026, 10, 28), ("nausea", "moderate")),
        recorded(day(3), ("nausea", "mild")),
    ]
    assert episodes(events, day(1), day(30)) == (
        Episode("nausea", date(2026, 10, 28), day(3), "moderate", date(2026, 10, 28), 2, None),
    )


def reference(events: list[Event], since: date, until: date) -> list[Episode]:
    """The rule read plainly, one name at a time: a mention above none opens or extends an
    episode unless the last one was more than a week before; none closes it."""
    names = sorted(
        {e.name for event in events if event.checkin for e in event.checkin.side_effects}
    )
    found = []
    for name in names:
        days: list[tuple[date, Severity]] = [
            (event.day, effect.severity)
            for event in events
            if event.checkin and event.day <= until
            for effect in event.checkin.side_effects
            if effect.name == name
        ]
        current: list[tuple[date, Severity]] = []
        for when, severity in days:
            if current and (when - current[-1][0]).days > QUIET_DAYS:
                found.append(_episode(name, current, None))
                current = []
            if severity == "none":
                if current:
                    found.append(_episode(name, current, when))
                current = []
            else:
                current.append((when, severity))
        if current:
            found.append(_episode(name, current, None))
    kept = [e for e in found if (e.gone or e.last) >= since]
    return sorted(kept, key=lambda e: (e.first, e.name))


def _episode(name: str, days: list[tuple[date, Severity]], gone: date | None) -> Episode:
    worst = max((severity for _, severity in days), key=SEVERITIES.index)
    worst_first = next(when for when, severity in days if severity == worst)
    return Episode(
        name, days[0][0], days[-1][0], worst, worst_first, len({when for when, _ in days}), gone
    )


mentions = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.lists(
            st.tuples(st.sampled_from(["nausea", "insomnia"]), st.sampled_from(SEVERITIES)),
            min_size=1,
            max_size=2,
            unique_by=lambda pair: pair[0],
        ),
    ),
    max_size=25,
)


@given(mentions, st.integers(0, 60), st.integers(0, 30))
def test_episodes_match_the_plain_rule(
    found: list[tuple[int, list[tuple[str, Severity]]]], start: int, length: int
) -> None:
    """Any check-ins, any period: the episodes are the plain reading of the rule."""
    events = sorted(
        (recorded(date(2026, 10, 1) + timedelta(days=n), *effects) for n, effects in found),
        key=lambda event: event.at,
    )
    since = date(2026, 10, 1) + timedelta(days=start)
    until = since + timedelta(days=length)
    assert list(episodes(events, since, until)) == reference(events, since, until)
