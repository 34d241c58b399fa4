"""The copies sync tools leave beside a store's files when two devices changed one file, and
the conflict markers git leaves inside one: found by name and by content, so that every
command can say they are there and ``medlog merge`` can absorb them.

Names, as each tool writes them (``NAME`` is ``journal`` or ``medlog``, ``EXT`` its
extension):

- Syncthing: ``NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT`` (the newer copy keeps the
  name; the other is renamed so);
- Dropbox: ``NAME (Someone's conflicted copy YYYY-MM-DD).EXT``, naming whose;
- Nextcloud and ownCloud: ``NAME (conflicted copy YYYY-MM-DD HHMMSS).EXT``, or
  ``NAME (conflict).EXT`` and ``NAME_conflict-YYYYMMDD-HHMMSS.EXT`` in older clients;
- git: ``NAME.EXT.orig`` (a merge tool's backup), and ``<<<<<<<`` / ``=======`` /
  ``>>>>>>>`` lines in the file itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, NamedTuple

Of = Literal["journal", "regimen"]
_STEMS: dict[Of, tuple[str, str]] = {
    "journal": ("journal", "jsonl"),
    "regimen": ("medlog", "toml"),
}
_FORMS = (
    ("Syncthing", r"{stem}\.sync-conflict-\d{{8}}-\d{{6}}(?:-[A-Za-z0-9]{{1,16}})?\.{ext}"),
    ("Dropbox", r"{stem} \([^()/]+'s conflicted copy[^()/]*\)\.{ext}"),
    ("Nextcloud", r"{stem} \(conflicted copy[^()/]*\)\.{ext}"),
    ("Nextcloud", r"{stem} \(conflict\)\.{ext}"),
    ("Nextcloud", r"{stem}_conflict-\d{{8}}-\d{{6}}\.{ext}"),
    ("git", r"{stem}\.{ext}\.orig"),
)
MARKERS = (b"<<<<<<< ", b"=======", b">>>>>>> ", b"||||||| ")


class Copy(NamedTuple):
    """A conflict copy of one of the store's files: which file, and which tool left it."""

    path: Path
    of: Of
    tool: str


def copies(home: Path) -> list[Copy]:
    """The conflict copies beside the store's files, sorted by name (none for a missing
    directory)."""
    try:
        names = sorted(entry.name for entry in home.iterdir())
    except OSError:
        return []
    found = []
    for name in names:
        if "conflict" not in name and not name.endswith(".orig"):
            continue  # no form fits (each says "conflict" or ends ".orig"): none is compiled
        for of, (stem, ext) in _STEMS.items():
            for tool, form in _FORMS:
                if re.fullmatch(form.format(stem=re.escape(stem), ext=ext), name):
                    found.append(Copy(home / name, of, tool))
    return found


def has_markers(data: bytes) -> bool:
    """True when ``data`` holds git's conflict markers at the start of lines."""
    return any(line.startswith((b"<<<<<<< ", b">>>>>>> ")) for line in data.splitlines()) and any(
        line.rstrip() == b"=======" for line in data.splitlines()
    )


def sides(data: bytes) -> tuple[bytes, bytes]:
    """The two sides of a file git left conflict markers in: each the lines outside the
    markers with that side's lines between them (a diff3 base section is dropped)."""
    mine: list[bytes] = []
    theirs: list[bytes] = []
    part = "both"
    for line in data.splitlines(keepends=True):
        if line.startswith(b"<<<<<<< "):
            part = "mine"
        elif line.startswith(b"||||||| ") and part == "mine":
            part = "base"
        elif line.rstrip(b"\r\n") == b"=======" and part in ("mine", "base"):
            part = "theirs"
        elif line.startswith(b">>>>>>> ") and part == "theirs":
            part = "both"
        elif part == "both":
            mine.append(line)
            theirs.append(line)
        elif part == "mine":
            mine.append(line)
        elif part == "theirs":
            theirs.append(line)
    return b"".join(mine), b"".join(theirs)


def notice(home: Path) -> str | None:
    """One sentence naming the conflict copies beside the store and the one command that
    absorbs them, or None when there are none."""
    found = copies(home)
    if not found:
        return None
    tools = sorted({copy.tool for copy in found})
    names = ", ".join(copy.path.name for copy in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    one = len(found) == 1
    them = "it" if one else "them"
    return (
        f"{' and '.join(tools)} left {len(found)} conflict cop{'y' if one else 'ies'}"
        f" beside your store ({names}{more}): another device's changes are in {them}, and no "
        f"figure counts them yet. medlog merge adds {them} to this store."
    )
