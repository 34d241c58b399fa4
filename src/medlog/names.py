"""Names and free text people give: item keys, display names, notes and reasons.

Everything typed is checked before it reaches the store, and everything read
from the store or an import file is checked by the same rule: no control
characters (which would reach a terminal as escape codes), no invisible
formatting characters (bidi overrides, zero-width spaces), no line or
paragraph separators, no invalid Unicode, and a sensible length.
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


# Letters that do not decompose into a base letter and an accent, as people spell them in
# ASCII (German umlauts as ae, oe, ue: Größe -> groesse).
_SPELLED = str.maketrans(
    {
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
        "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
        "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
        "'": "", "’": "", "ʼ": "",
    }
)  # fmt: skip


def item_key(name: str) -> str:
    """The key for a display name: "Magnesium glycinate" -> "magnesium-glycinate",
    "St John's Wort" -> "st-johns-wort", "Johanniskraut Größe" -> "johanniskraut-groesse"."""
    spelled = clean_text(name, "The item name", MAX_NAME).translate(_SPELLED)
    folded = unicodedata.normalize("NFKD", spelled)
    key = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    if not valid_key(key):
        raise BadInput(
            f"{name!r} cannot be an item name; use letters and digits, e.g. lexapro or "
            "'magnesium glycinate' (at most 40 characters once spaces become hyphens)."
        )
    return key


def clean_text(text: str, what: str, limit: int) -> str:
    """``text`` stripped, or bad input if it is empty, too long, or holds control characters."""
    if len(text) > limit * 4:  # judged before any per-character work
        raise BadInput(f"{what} is {len(text)} characters long; the limit is {limit}.")
    stripped = text.strip()
    if not stripped:
        raise BadInput(f"{what} is empty; give some text.")
    if len(stripped) > limit:
        raise BadInput(f"{what} is {len(stripped)} characters long; the limit is {limit}.")
    for char in stripped:
        if unicodedata.category(char) in _REFUSED:
            raise BadInput(
                f"{what} contains a control, invisible or invalid character "
                f"({char!a}); use plain printable text on one line."
            )
    return stripped


# Control, format (bidi overrides, zero-width), surrogate, unassigned and private-use
# characters, and the Unicode line and paragraph separators.
_REFUSED = frozenset(("Cc", "Cf", "Cs", "Cn", "Co", "Zl", "Zp"))
