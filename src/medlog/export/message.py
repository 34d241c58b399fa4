"""The report as a message for a patient portal: about twenty lines of plain prose.

A portal shows a message in a proportional font and reflows it, so nothing here relies on
columns lining up: no table, no fixed width, no markup; one sentence or one bullet a line.
It says what page one of the clinician summary says, in its order: a PHQ-9 question 9
answered above 0, the questions, the regimen and its changes, adherence with the missed
doses named, the PHQ-9 and GAD-7 trend, side effects, the latest labs and the allergies
recorded. The doses not yet due when it was written are a footnote, as the count is stale
by the time it is read.
"""

from __future__ import annotations

from medlog import summary
from medlog.actions.report import Report
from medlog.sections import checkins, visit

_DUE_MARK = " [1]"  # the message's one footnote: it shows no ranges, so no sources


def report_message(report: Report, title: str | None = None) -> str:
    """The message: a heading line, then a short paragraph or list per part, blank lines
    between them, parts with nothing to say left out."""
    heading = f"{title}: medication summary" if title else "Medication summary"
    parts = [[f"{heading}, {report.since} to {report.until} ({report.days} days)."]]
    if earlier := summary.earlier_note(report):
        parts[0].append(earlier)
    parts.append([f"IMPORTANT: {alert}" for alert in checkins.item9_alerts(report)])
    parts.append(_listed("My questions", checkins.question_lines(report)))
    parts.append(_listed("Medicines now, with changes in this period", visit.regimen_lines(report)))
    taken = [
        line + (_DUE_MARK if period.pending_doses else "")
        for period, line in zip(report.items, visit.adherence_lines(report), strict=True)
    ]
    parts.append(_listed("Doses taken as scheduled", taken))
    parts.append(_listed(visit.LIMITS_TITLE, visit.limit_lines(report)))
    scores = visit.score_lines(report)
    parts.append(scores)
    parts.append(_listed("Side effects", checkins.side_effect_lines(report)))
    parts.append(_listed("Latest lab results", visit.lab_lines(report)))
    if report.allergies and report.items:  # none recorded is not news in a short message
        parts.append([f"Allergies: {'; '.join(visit.allergies_recorded(report))}."])
    if waiting := summary.pending_note(report):
        parts.append([f"{_DUE_MARK.strip()} {waiting}"])
    parts.append(["Figures from my own records, kept with medlog; not medical advice."])
    return "\n\n".join("\n".join(lines) for lines in parts if lines) + "\n"


def _listed(title: str, lines: list[str]) -> list[str]:
    """A title and its lines as "- " bullets, or nothing when there are none."""
    return [f"{title}:", *(f"- {line}" for line in lines)] if lines else []
