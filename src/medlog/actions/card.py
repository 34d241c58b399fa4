"""``medlog card``: the medication card of the store, as of today."""

from __future__ import annotations

from datetime import datetime

from medlog.card import Card, card
from medlog.store import Store


def medication_card(store: Store, now: datetime) -> Card:
    """The card for today; reads medlog.toml only (the journal holds nothing it shows)."""
    return card(store.load_regimen(), now.date())
