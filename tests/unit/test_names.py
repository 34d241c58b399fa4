"""names.py: item keys and free text are checked before they reach the store."""

from __future__ import annotations

import pytest

from medlog.errors import BadInput
from medlog.names import clean_text, item_key, valid_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Lexapro", "lexapro"),
        ("Magnesium glycinate", "magnesium-glycinate"),
        ("Vitamin D3 (2000 IU)", "vitamin-d3-2000-iu"),
        ("Café  Crème", "cafe-creme"),
    ],
)
def test_item_key_slugs(name: str, key: str) -> None:
    """Display names become lower-case hyphenated keys."""
    assert item_key(name) == key and valid_key(key)


@pytest.mark.parametrize("name", ["", "   ", "!!!", "a\x1bb", "x" * 81, "a" * 45, "a\nb"])
def test_unusable_names_are_bad_input(name: str) -> None:
    """Empty, symbol-only, control-character or over-long names are refused."""
    with pytest.raises(BadInput):
        item_key(name)


def test_clean_text_refuses_control_and_surrogate_characters() -> None:
    """Notes are one printable line of bounded length."""
    assert clean_text("  with food  ", "The note", 20) == "with food"
    for bad in ("a\nb", "a\x00", "\udcff", "x" * 21):
        with pytest.raises(BadInput):
            clean_text(bad, "The note", 20)
