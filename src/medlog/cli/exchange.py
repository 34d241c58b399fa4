"""Commands that move the whole store: export and import."""

from datetime import timedelta
from enum import StrEnum
from typing import Annotated

import typer

from medlog.cli.app import COMMAND, now, out, store_of, warn, warn_torn
from medlog.cli.output_file import OutputFile, emit, output_format

commands = typer.Typer(rich_markup_mode=None)  # built on first use (see app.py)


class ExportFormat(StrEnum):
    """Formats ``medlog export`` can write."""

    json = "json"
    csv = "csv"
    fhir = "fhir"
    ics = "ics"


@commands.command(rich_help_panel="Store", **COMMAND)
def export(
    ctx: typer.Context,
    output: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            help="json (everything, for medlog import), csv (one row per "
            "event), fhir (a FHIR R4 Bundle) or ics (calendar reminders); default json, "
            "or from -o.",
        ),
    ] = None,
    file: OutputFile = None,
    alarm: Annotated[
        str | None,
        typer.Option(
            "--alarm",
            metavar="SPAN",
            help="ics: each dose's alarm this long before it (5m, 1h) instead of at its time.",
        ),
    ] = None,
) -> None:
    """Export the store: a backup, a spreadsheet, FHIR or a calendar.

    json holds every item, regimen version and event (voids included), and
    `medlog import` reads it back; importing it into an empty store and
    exporting again gives the same file.

    Example: medlog export -o backup.json  (or: medlog export --format ics -o doses.ics)
    """
    from medlog.actions.exchange import gather

    store = store_of(ctx)
    allowed = ["json", "csv", "ics"]  # .json means the medlog export, not FHIR
    chosen = output.value if output else output_format(None, file, allowed, "json")
    before = _alarm(alarm, chosen)
    everything = gather(store)
    warn_torn(everything.torn)
    if chosen == "json":
        from medlog.export.archive import export_json

        emit(export_json(everything), file, store)
    elif chosen == "csv":
        from medlog.export.archive import export_csv

        emit(export_csv(everything), file, store)
    elif chosen == "fhir":
        from medlog.export.fhir import fhir_bundle

        emit(fhir_bundle(everything, now()), file, store)
    else:
        from medlog.actions.supply import outlooks
        from medlog.export.ics import calendar

        moment = now()
        refills = outlooks(everything.regimen, everything.events, moment)
        emit(calendar(everything, moment, before, refills), file, store)


def _alarm(text: str | None, chosen: str) -> timedelta | None:
    """--alarm's span, for a calendar only."""
    from medlog.errors import BadInput
    from medlog.timeparse import parse_duration

    if text is None:
        return None
    if chosen != "ics":
        raise BadInput("--alarm goes with a calendar: add --format ics (or -o doses.ics).")
    try:
        return parse_duration(text)
    except BadInput as error:
        raise BadInput(f"--alarm: {error.message}") from None


KEEP = typer.Option(
    "--keep",
    help="Which side wins where this store and the other copy differ: mine, theirs, or "
    "ITEM=mine|theirs for one item (also settings=, profile=, allergies= or A+B= for a spacing "
    "rule; repeat for more).",
)


@commands.command("import", rich_help_panel="Store", **COMMAND)
def import_(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A file from medlog export --format json.")
    ],
    keep: Annotated[list[str] | None, KEEP] = None,
) -> None:
    """Merge a medlog export (from another device, say) into this store.

    Events are matched by id: importing the same file twice adds nothing, and an
    event here with other content under the same id stops the import. Items are
    united as medlog merge unites them: versions on different days are kept
    from both; where the two differ on one day (or in an item's details) the
    import stops and names them, unless --keep says which side to keep.

    Example: medlog import backup.json --keep mine
    """
    from medlog.actions.exchange import import_file
    from medlog.regimen_merge import parse_keep
    from medlog.render.confirmations import imported_text

    result = import_file(store_of(ctx), now(), file, parse_keep(keep or ()))
    out(imported_text(result))
    if result.settings_kept:
        warn("The file's settings differ from this store's; this store's were kept.")


@commands.command(rich_help_panel="Store", **COMMAND)
def merge(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Conflict copies to absorb (default: every one beside the store).",
            show_default=False,
        ),
    ] = None,
    keep: Annotated[list[str] | None, KEEP] = None,
) -> None:
    """Absorb another device's changes: the conflict copies a sync tool left.

    Syncthing, Dropbox and Nextcloud rename one device's journal.jsonl or
    medlog.toml when two devices change it at once; git leaves conflict markers
    or a .orig file. merge adds the copies' events not yet here (an event on both
    is one event) and unites the regimens: "mine" is this store's medlog.toml,
    "theirs" the copy. Versions on different days are kept from both; an item
    changed differently on one day stops the merge and is named, unless --keep
    says which side wins. All or nothing; the absorbed copies are moved into the
    store's merged/ folder.

    Example: medlog merge --keep mine
    """
    from medlog.actions.merge import merge as merge_copies
    from medlog.regimen_merge import parse_keep
    from medlog.render.confirmations import merged_text

    out(merged_text(merge_copies(store_of(ctx), now(), files or (), parse_keep(keep or ()))))
