"""The whole store as one file: the lossless JSON export, and one CSV row per event."""

from __future__ import annotations

from medlog.actions.exchange import Everything, export_document
from medlog.actions.history import entries
from medlog.export import json_text
from medlog.export.listing import events_csv


def export_json(everything: Everything) -> str:
    """``medlog.export/1`` as indented JSON; ``medlog import`` reads it back losslessly."""
    return json_text(export_document(everything))


def export_csv(everything: Everything) -> str:
    """Every event, voided ones marked, for a spreadsheet (the history CSV over all time)."""
    return events_csv(entries(everything.events, everything.regimen))
