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

KEY_RE = r"[^\W_](?:(?:[^\W_]|-){0,38}[^\W_])?"
MAX_NAME = 80
MAX_NOTE = 500
MAX_CLASS = 60  # a therapeutic class: SSRI, "RAS antagonists"
MAX_SUBSTANCES = 10  # active substances of one item


def valid_key(key: str) -> bool:
    """True for an item key: lower-case letters and digits of any script and inner hyphens,
    at most 40 characters."""
    return (
        re.fullmatch(KEY_RE, key) is not None
        and key == unicodedata.normalize("NFC", key).casefold()
        and not any(map(_refused, key))
    )


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
    "St John's Wort" -> "st-johns-wort", "Johanniskraut Größe" -> "johanniskraut-groesse".

    Latin letters lose their accents (é -> e); letters of other scripts are kept as they
    are, in lower case ("Магний B6" -> "магний-b6", "维生素D" -> "维生素d"), so two names
    in Cyrillic never collapse onto the same Latin key.
    """
    spelled = clean_text(name, "The item name", MAX_NAME).translate(_SPELLED)
    letters = "".join(map(_key_letter, unicodedata.normalize("NFC", spelled)))
    key = re.sub(r"-+", "-", letters).strip("-")
    if not valid_key(key):
        raise BadInput(
            f"{name!r} cannot be an item name; use letters and digits, e.g. lexapro or "
            "'magnesium glycinate' (at most 40 characters once spaces become hyphens)."
        )
    return key


def _key_letter(char: str) -> str:
    """One character of a key: a Latin letter without its accent, another script's letter or
    digit in lower case, anything else a hyphen."""
    if char.isascii():
        return char.lower() if char.isalnum() else "-"
    if unicodedata.name(char, "").startswith("LATIN "):
        bare = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        return bare.lower() or "-"
    if unicodedata.category(char)[0] in "LN" and char.isalnum():
        return unicodedata.normalize("NFC", char.casefold())
    return "-"


def clean_text(text: str, what: str, limit: int) -> str:
    """``text`` stripped, or bad input if it is empty, too long, or holds control characters."""
    if len(text) > limit * 4:  # judged before any per-character work
        raise BadInput(f"{what} is {len(text)} characters long; the limit is {limit}.")
    stripped = text.strip()
    if not stripped:
        raise BadInput(f"{what} is empty; give some text.")
    if len(stripped) > limit:
        raise BadInput(f"{what} is {len(stripped)} characters long; the limit is {limit}.")
    if stripped.isascii() and stripped.isprintable():
        return stripped  # nearly all text: printable ASCII holds no refused character
    for char in stripped:
        if _refused(char):
            raise BadInput(
                f"{what} contains a control, invisible or invalid character "
                f"({char!a}); use plain printable text on one line."
            )
    return stripped


# Control, format (bidi overrides, zero-width), surrogate, unassigned and private-use
# characters, and the Unicode line and paragraph separators.
_REFUSED = frozenset(("Cc", "Cf", "Cs", "Cn", "Co", "Zl", "Zp"))
# Characters that print as nothing although Unicode calls them letters, marks or symbols:
# the Hangul fillers, the braille blank, Khmer's inherent vowels and the combining grapheme
# joiner (U+034F, a mark that joins nothing visible: "lex\u034fapro" looks like lexapro).
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u034f")


def _refused(char: str) -> bool:
    return char in _BLANK or unicodedata.category(char) in _REFUSED


def printable(text: str) -> str:
    """``text`` with every control, invisible or separator character but newline and tab
    written as an escape (``\\x1b``), for messages that quote paths or stored values."""
    return "".join(
        char
        if char in "\n\t" or not _refused(char)
        else char.encode("unicode_escape").decode("ascii")
        for char in text
    )
