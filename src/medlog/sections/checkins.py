"""The report's check-in section as plain cells and lines: each measure's figures, PHQ-9
and GAD-7 totals (question 9 first, as alerts), side effects, each measure before and after
a change of regimen, the questions for the visit and how soon entries were logged.

Shared by the terminal (render/report.py) and the files (export/report.py,
export/checkins_html.py), so they can never disagree about a figure.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from medlog.actions.report import Report
from medlog.checkins import WINDOW_DAYS, Comparison
from medlog.measures import measure
from medlog.side_effects import QUIET_DAYS, Episode
from medlog.units import format_decimal

MEASURE_HEADER = ("Measure", "Entries", "Mean", "Lowest", "Highest", "Last")
COMPARISON_CAVEAT = (
    "These are the person's own entries, set beside a change of regimen; the change may "
    "have other causes, and medicines can take weeks to have their effect."
)
ITEM9_WORDS = "thoughts of being better off dead, or of hurting oneself"


def measure_rows(report: Report) -> list[list[str]]:
    """One row per measure with entries in the period: how many, mean, lowest, highest, last
    (hours slept as hours and minutes: 7.33 hours is 7h20m)."""
    rows = []
    for figures in report.checkins.measures:
        found = measure(figures.measure)
        shown = _hours if found.kind == "minutes" else format_decimal
        values = (figures.mean, figures.min, figures.max, figures.last)
        rows.append([found.heading, str(figures.n), *map(shown, values)])
    return rows


def _hours(value: Decimal) -> str:
    """Hours as people say them: 7.33 -> "7h20m", 7 -> "7h00m"."""
    minutes = _minutes(value)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def _minutes(hours: Decimal) -> int:
    """Hours as whole minutes, rounded half-even: 7.33 -> 440."""
    return int((hours * 60).to_integral_value())


def questionnaire_lines(report: Report) -> list[str]:
    """Each questionnaire's last total before the period (its baseline), then each PHQ-9 and
    GAD-7 total with its band (and question 9's answer when above 0), in time order, then a
    line saying these are screening scores; none when there are none."""
    from medlog.questionnaires import QUESTIONNAIRES, SCREENING, item9_words

    how = report.checkins
    scores = [("phq9", score) for score in how.phq9]
    scores += [("gad7", score) for score in how.gad7]
    scores.sort(key=lambda pair: pair[1].at)
    baselines = baseline_lines(report)
    lines = [
        f"{QUESTIONNAIRES[key].title} {score.date}: {score.total} of "  # type: ignore[index]
        f"{QUESTIONNAIRES[key].max_total} ({score.band})"  # type: ignore[index]
        + (f"; {item9_words(score.item9)}" if score.item9 else "")
        for key, score in scores
    ]
    if not lines and not baselines:
        return []
    return [*baselines, *lines, f"Each total is {SCREENING}."]


def baseline_lines(report: Report) -> list[str]:
    """Each questionnaire's last total before the period: "PHQ-9 2026-10-31: 11 of 27
    (moderate), before this period: its baseline"."""
    from medlog.questionnaires import QUESTIONNAIRES

    how = report.checkins
    return [
        f"{QUESTIONNAIRES[key].title} {score.date}: {score.total} of "  # type: ignore[index]
        f"{QUESTIONNAIRES[key].max_total} ({score.band}), before this period: its baseline"  # type: ignore[index]
        for key, score in (("phq9", how.phq9_before), ("gad7", how.gad7_before))
        if score is not None
    ]


def item9_alerts(report: Report) -> list[str]:
    """Each PHQ-9 whose item 9 was answered above 0: a clinician should see these first."""
    from medlog.questionnaires import ANSWERS

    return [
        f"PHQ-9 on {score.date}: item 9 ({ITEM9_WORDS}) was answered {score.item9} "
        f"({ANSWERS[score.item9 or 0].lower()})."
        for score in report.checkins.phq9
        if score.item9
    ]


def side_effect_lines(report: Report) -> list[str]:
    """Each side effect's episodes, dated: "nausea 10-31 → 11-10, at worst moderate (from
    11-01), gone 11-11; 5 days recorded". One still going says when it was last recorded; one
    no longer mentioned for a week says so. A side effect only ever recorded as none in the
    period says that."""
    lines = [_episode_line(episode, report) for episode in report.checkins.episodes]
    named = {episode.name for episode in report.checkins.episodes}
    lines += [
        f"{effect.name}: recorded as none"
        for effect in report.checkins.side_effects
        if not effect.days and effect.name not in named
    ]
    return lines


def _episode_line(episode: Episode, report: Report) -> str:
    def day(value: date) -> str:
        return f"{value:%m-%d}" if value.year == report.since.year else value.isoformat()

    worst = f"at worst {episode.worst}"
    if episode.worst_first != episode.first:
        worst += f" (from {day(episode.worst_first)})"
    recorded = f"{episode.days} day{'s' if episode.days != 1 else ''} recorded"
    span = day(episode.first)
    if episode.last != episode.first:
        span += f" → {day(episode.last)}"
    if episode.gone is not None:
        return f"{episode.name} {span}, {worst}, gone {day(episode.gone)}; {recorded}"
    if (report.until - episode.last).days > QUIET_DAYS:
        return f"{episode.name} {span}, {worst}; not mentioned since; {recorded}"
    return (
        f"{episode.name} since {day(episode.first)}, {worst}, last recorded "
        f"{day(episode.last)}; {recorded}"
    )


def comparison_lines(report: Report) -> list[str]:
    """Each change of regimen in the period, with each measure's mean in the 14 days before
    and the 14 days from it: "Magnesium glycinate started on 2026-11-07: mood 4.5 → 5.92
    (+1.42), ...". Measures with fewer than 5 entries on a side are said to be too few;
    changes on one day with no check-in at all before them share one line."""
    groups: dict[tuple[str, str, date], list[Comparison]] = {}
    for row in report.checkins.comparisons:
        groups.setdefault((row.name, row.change, row.on), []).append(row)
    lines: list[tuple[date, str]] = []
    unanchored: dict[date, list[str]] = {}
    for (name, change, on), rows in groups.items():
        if all(row.before.n == 0 for row in rows):
            unanchored.setdefault(on, []).append(f"{name} {change}")
            continue
        compared = [_compared(row) for row in rows if row.difference is not None]
        short = [row for row in rows if row.difference is None]
        if short:
            few = ", ".join(
                f"{measure(row.measure).words} ({row.before.n} before, {row.after.n} after)"
                for row in short
            )
            compared.append(f"too few entries to compare {few}")
        lines.append((on, f"{name} {change} on {on}: " + "; ".join(compared)))
    lines += [
        (on, f"{' and '.join(changes)} on {on}: no check-ins in the {WINDOW_DAYS} days before")
        for on, changes in unanchored.items()
    ]
    return [line for _, line in sorted(lines, key=lambda pair: pair[0])]


def _compared(row: Comparison) -> str:
    """One measure before and after a change: "mood 4.5 → 5.92 (+1.42)"; sleep in hours and
    minutes: "sleep 6h26m → 7h02m (+36m)"."""
    difference = row.difference or Decimal(0)
    found = measure(row.measure)
    if found.kind == "minutes" and row.before.mean is not None and row.after.mean is not None:
        before, after = (_minutes(row.before.mean), _minutes(row.after.mean))
        moved = abs(after - before)  # from the times shown, so the three always agree
        change = f"{moved // 60}h{moved % 60:02d}m" if moved >= 60 else f"{moved}m"
        sign = "+" if after > before else "-" if after < before else ""
        shown = [_hours(row.before.mean), _hours(row.after.mean)]
    else:
        sign = "+" if difference > 0 else "-" if difference < 0 else ""
        change = format_decimal(abs(difference))
        shown = [_mean_text(row.before.mean), _mean_text(row.after.mean)]
    return f"{found.words} {shown[0]} → {shown[1]} ({sign}{change})"


def _mean_text(mean: Decimal | None) -> str:
    return "n/a" if mean is None else format_decimal(mean)


def question_lines(report: Report) -> list[str]:
    """The questions kept for the visit, with their day."""
    return [f"{question.date}: {question.text}" for question in report.checkins.questions]


def provenance_sentence(report: Report) -> str | None:
    """How soon the period's entries were logged, in one honest sentence."""
    counts = report.provenance
    if not counts.events:
        return None
    entries = "entry" if counts.events == 1 else "entries"
    were = "was" if counts.within_hour == 1 else "were"
    return (
        f"Of {counts.events} {entries} (doses, skips and check-ins) in the period, "
        f"{counts.within_hour} {were} logged within an hour of the time they record, "
        f"{counts.same_day} later the same day, and {counts.later_day} on a later day "
        "(filled in afterwards)."
    )
