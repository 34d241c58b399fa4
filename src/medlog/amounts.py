"""The number that starts a typed amount, read exactly as a fraction (``units`` adds the unit).

One small grammar; the first rule that matches wins::

    quantity := WHOLE (" " | "-") WHOLE "/" WHOLE      1 1/2, 1-1/2, 1½
              | WHOLE "/" WHOLE                        1/2, ½, 3/4
              | DECIMAL ["and a half"]                 10, 0.5, .5, 0,5, 1 and a half
              | ["a" | "one"] ("half" | "quarter") ["of"] ["a" | "an"]   half a, a quarter
              | "a" | "an" | "one" ["and a half"]                      a, one and a half

A decimal comma is read only where it cannot be a thousands separator: one comma,
no point, and not exactly three digits after it unless the whole part is 0 (``0,5``,
``2,25``, ``0,125``; ``1,000`` and ``1,5,0`` are refused). Exponents and signs are
never numbers here; whether the fraction has an exact decimal is for the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from math import gcd
from typing import NamedTuple

from medlog.errors import BadInput

COMMA_REASON = "a comma could be a thousands separator: write 1000 or 1.5"
_PARTS = {"half": 2, "quarter": 4}
_AND_A_HALF = r"(?P<half> and a half)?"


class _Comma(Exception):
    """A comma that could be a thousands separator."""


class Quantity(NamedTuple):
    """An exact non-negative number as typed: ``numerator / denominator`` and the text after it."""

    numerator: int
    denominator: int
    rest: str


def _decimal(match: re.Match[str]) -> tuple[int, int] | None:
    digits = match.group("number")
    if "," in digits:
        whole, _, part = digits.partition(",")
        if "," in part or "." in digits or (len(part) == 3 and whole.strip("0")):
            raise _Comma
        digits = f"{whole}.{part}"
    whole, _, part = digits.partition(".")
    if "." in part:
        return None
    value = (int(whole or "0") * 10 ** len(part) + int(part or "0"), 10 ** len(part))
    return _plus_half(value, match)


def _plus_half(value: tuple[int, int], match: re.Match[str]) -> tuple[int, int]:
    if match.group("half") is None:
        return value
    return value[0] * 2 + value[1], value[1] * 2


def _mixed(match: re.Match[str]) -> tuple[int, int]:
    whole, numerator, denominator = (int(part) for part in match.group(1, 2, 3))
    return whole * denominator + numerator, denominator


def _part(match: re.Match[str]) -> tuple[int, int]:
    return 1, _PARTS[match.group(1)]


def _one(match: re.Match[str]) -> tuple[int, int]:
    return _plus_half((1, 1), match)


# (pattern at the start of the text, its exact value); a digit or "/" may not follow.
# Patterns are compiled on first use (``re`` caches them): start-up time is budgeted.
_RULES: tuple[tuple[str, Callable[[re.Match[str]], tuple[int, int] | None]], ...] = (
    (r"([0-9]+)[ -]([0-9]+)/([0-9]+)", _mixed),
    (r"([0-9]+)/([0-9]+)", lambda m: (int(m.group(1)), int(m.group(2)))),
    (r"(?P<number>[0-9]+(?:[.,][0-9]+)*|\.[0-9]+)" + _AND_A_HALF, _decimal),
    (r"(?:(?:a|one) )?(half|quarter)(?: of)?(?: an?)?(?= )", _part),
    (rf"(?:a|an|one){_AND_A_HALF}(?= )", _one),
)
_EXPONENT = r"[0-9.,]*[0-9]e[+-]?[0-9]"


def spoken(text: str) -> str:
    """``text`` as the grammar reads it: ``½`` -> `` 1/2``, NFKC, single spaces, lower case."""
    fractions = (
        f" {unicodedata.normalize('NFKC', char)} "
        if unicodedata.decomposition(char).startswith("<fraction>")
        else char
        for char in text
    )
    normal = unicodedata.normalize("NFKC", "".join(fractions)).replace("\u2044", "/")
    return " ".join(normal.lower().split())


def read_quantity(text: str, shown: str) -> Quantity | None:
    """The number at the start of ``text`` (already ``spoken``), or None when there is none.

    Raises BadInput, quoting ``shown``, for a comma that could group thousands or an exponent.
    """
    if re.match(_EXPONENT, text):
        raise BadInput(f"{shown} uses an exponent; write the number out, e.g. 1000mg.")
    for pattern, value_of in _RULES:
        match = re.match(pattern, text)
        if match is None:
            continue
        rest = text[match.end() :]
        try:
            value = value_of(match)
        except _Comma:
            raise BadInput(f"{shown} is unclear: {COMMA_REASON}.") from None
        if value is None or value[1] == 0 or rest[:1] in ("/", *"0123456789"):
            return None
        return Quantity(value[0], value[1], rest.strip())
    return None


def exact_decimal(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` as an exact Decimal, or None when its decimal never ends."""
    if denominator <= 0 or numerator < 0:
        return None
    common = gcd(numerator, denominator)
    numerator, denominator = numerator // common, denominator // common
    rest, places = denominator, 0
    while rest % 10 == 0 or rest % 2 == 0 or rest % 5 == 0:
        rest //= 10 if rest % 10 == 0 else 2 if rest % 2 == 0 else 5
        places += 1
    if rest != 1:
        return None
    return Decimal(f"{numerator * 10**places // denominator}E-{places}")
