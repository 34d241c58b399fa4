"""Names and free text people give: item keys, display names, notes and reasons.

Everything typed is checked before it reaches the store: no control
characters, no invalid Unicode, and a sensible length.
"""

from __future__ import annotations

import re
import unicodedata

from medlog.errors import BadInput

KEY_RE = r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?"
MAX_NAME = 80
MAX_NOTE = 500


def valid_key(key: str) -> bool:
    """True for an item key: lower-case letters, digits and inner hyphens, at most 40."""
    return re.fullmatch(KEY_RE, key) is not None


def item_key(name: str) -> str:
    """The key for a display name: "Magnesium glycinate" -> "magnesium-glycinate"."""
    folded = unicodedata.normalize("NFKD", clean_text(name, "The item name", MAX_NAME))
    key = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    if not valid_key(key):
        raise BadInput(
            f"{name!r} cannot be an item name; use letters and digits, e.g. lexapro or "
            "'magnesium glycinate' (at most 40 characters once spaces become hyphens)."
        )
    return key


def clean_text(text: str, what: str, limit: int) -> str:
    """``text`` stripped, or bad input if it is empty, too long, or holds control characters."""
    stripped = text.strip()
    if not stripped:
        raise BadInput(f"{what} is empty; give some text.")
    if len(stripped) > limit:
        raise BadInput(f"{what} is {len(stripped)} characters long; the limit is {limit}.")
    for char in stripped:
        if unicodedata.category(char) in ("Cc", "Cs", "Cn", "Co"):
            raise BadInput(
                f"{what} contains a control or invalid character ({char!r}); "
                "use plain printable text on one line."
            )
    return stripped
