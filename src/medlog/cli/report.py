"""The report command: adherence, ranges, PDC and the calendar, in the terminal or a file."""

from enum import StrEnum
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, store_of, warn_torn
from medlog.cli.arguments import OnlyItem, Since, Until
from medlog.cli.output_file import OutputFile, emit, output_format, show

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


class ReportFormat(StrEnum):
    """Formats ``medlog report`` can write."""

    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"
    message = "message"


@commands.command(rich_help_panel="Seeing where you stand", **COMMAND)
def report(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    days: Annotated[
        int | None, typer.Option(help="The N days ending today (instead of --since/--until).")
    ] = None,
    item: OnlyItem = None,
    output: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            help="table, json, csv, md, html or message (default table, or from -o; .txt is "
            "table).",
        ),
    ] = None,
    file: OutputFile = None,
    title: Annotated[
        str | None,
        typer.Option(help="A heading for md, html and message, e.g. the person's name."),
    ] = None,
    no_notes: Annotated[
        bool,
        typer.Option("--no-notes", help="Leave dose notes and skip reasons out of md and html."),
    ] = False,
    pdc_since: Annotated[
        str | None,
        typer.Option(
            "--pdc-since",
            help="Start of the PDC window (default: 365 days ending on the report's last day).",
        ),
    ] = None,
    missed: Annotated[
        bool,
        typer.Option(
            "--missed",
            help="Also list each missed dose with its date and time (table, json, md, html).",
        ),
    ] = False,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Only the visit at a glance (the summary's first page): questions, regimen "
            "and changes, adherence, PHQ-9/GAD-7, check-ins, side effects, labs (table, md, "
            "html).",
        ),
    ] = False,
    every_group: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Show PDC for every group in table, md and html, not only groups with a "
            "prescription (rx) item (json always has every group).",
        ),
    ] = False,
) -> None:
    """Adherence and documented-range figures per item, with a calendar.

    Adherence is doses taken as scheduled over doses expected, judged against
    the regimen in force each day; under 80 % is flagged. Days vs range count
    the days whose total fell inside, below or above the documented range.
    With fills logged (medlog fill), PDC, the proportion of days covered, stands
    beside adherence for groups with a prescription item (--all: every group);
    it is the Pharmacy Quality Alliance's figure only for the classes its
    measures cover, else adapted from it. --format html (or -o visit.html) writes
    a self-contained summary for a clinician, readable on screen and in print;
    --format message, about twenty lines of plain prose to paste into a patient
    portal's message.

    Example: medlog report --days 90 --title "A. Patient" -o visit.html

    Example: medlog report --all

    Example: medlog report --brief

    Example: medlog report --format message --title "A. Patient"

    Example: medlog report --missed --item lexapro --item magnesium
    """
    from medlog.actions.report import report as build_report
    from medlog.names import MAX_NAME, clean_text

    store = store_of(ctx)
    chosen = output_format(output, file, [f.value for f in ReportFormat], "table")
    heading = clean_text(title, "The title", MAX_NAME) if title is not None else None
    if brief and chosen in ("json", "csv"):
        from medlog.errors import BadInput

        raise BadInput(
            f"--brief is for the formats with a first page (table, md, html; message is always "
            f"brief), not {chosen}, which always carries every figure."
        )
    if missed and chosen == "csv":
        from medlog.errors import BadInput

        raise BadInput(
            "The report's CSV has a row per item, with no place for a list of doses; for the "
            "missed doses as CSV: medlog history --missed --format csv"
        )
    from medlog.journal import no_cycles

    with no_cycles():
        view = build_report(store, now(), since, until, days, item, pdc_since, missed=missed)
    warn_torn(view.torn)
    if chosen == "table":
        from medlog.render.report import print_report

        show(
            lambda console: print_report(view, console, every_group=every_group, brief=brief),
            file,
            store,
        )
        return
    if chosen == "html":
        from medlog.export.html import report_html

        page = report_html(view, heading, notes=not no_notes, every_group=every_group, brief=brief)
        emit(page, file, store)
        return
    if chosen == "message":
        from medlog.export.message import report_message

        emit(report_message(view, heading), file, store)
        return
    from medlog.export import report as report_files

    if chosen == "md":
        emit(
            report_files.report_md(
                view, heading, notes=not no_notes, every_group=every_group, brief=brief
            ),
            file,
            store,
        )
        return
    writers = {"json": report_files.report_json, "csv": report_files.report_csv}
    emit(writers[chosen](view), file, store)
