"""import trusts nothing in its file: every field passes the command line's rules, the
file's size and nesting are bounded, and a refused or failed import leaves the store
byte-identical."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]


def export_file(medlog: Medlog, tmp_path: Path) -> tuple[Path, dict[str, object]]:
    """A store with Lexapro and one dose, exported; the file and its parsed document."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    ok(medlog("take", "lexapro", "--at", "08:00"))
    path = tmp_path / "backup.json"
    ok(medlog("export", "-o", str(path)))
    return path, json.loads(path.read_text())


def tampered(tmp_path: Path, document: dict[str, object], change: Callable[..., None]) -> Path:
    """A copy of the export with ``change`` applied to its document."""
    change(document)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(document))
    return path


def first_event(document: dict[str, object]) -> dict[str, object]:
    """The export's first event, to tamper with."""
    events = document["events"]
    assert isinstance(events, list)
    return events[0]  # type: ignore[no-any-return]


def first_item(document: dict[str, object]) -> dict[str, object]:
    """The export's Lexapro item, to tamper with."""
    items = document["items"]
    assert isinstance(items, dict)
    return items["lexapro"]  # type: ignore[no-any-return]


TAMPERINGS: dict[str, tuple[Callable[[dict[str, object]], None], str]] = {
    "a 1 GB amount": (lambda d: first_event(d).update(amount="1e999999999"), "amount"),
    "an overflowing amount": (lambda d: first_event(d).update(amount="1e9999999"), "amount"),
    "an amount too fine": (lambda d: first_event(d).update(amount="0.0000001"), "amount"),
    "an escape in a note": (lambda d: first_event(d).update(note="\x1b]0;pwned\x07"), "note"),
    "a NUL in a name": (lambda d: first_item(d).update(name="Lex\x00apro"), "name"),
    "a bidi override": (lambda d: first_item(d).update(name="Lex\u202eorpa"), "name"),
    "a zero-width space": (lambda d: first_event(d).update(note="a\u200bb"), "note"),
    "a grapheme joiner": (lambda d: first_item(d).update(name="Lex\u034fapro"), "name"),
    "a lone surrogate": (lambda d: first_event(d).update(note="\ud800"), "note"),
    "a 1 MB name": (lambda d: first_item(d).update(name="x" * 1_000_000), "name"),
    "a year 9999": (lambda d: first_event(d).update(at="9999-12-31T23:00:00+00:00"), "at"),
    "an offset of 23:59": (lambda d: first_event(d).update(at="2026-11-27T08:00:00+23:59"), "at"),
    "an unknown event key": (lambda d: first_event(d).update(dosee="10"), "dosee"),
    "an unknown item key": (lambda d: first_item(d).update(dosee="10"), "dosee"),
    "a bad id": (lambda d: first_event(d).update(id="../../etc"), "id"),
    "an IU factor the catalog lacks": (
        lambda d: first_item(d).update(mcg_per_iu="0.25"),
        "items.lexapro.mcg_per_iu: expected none",
    ),
    "a void of a void": (
        lambda d: d["events"].extend(  # type: ignore[attr-defined]
            [
                {
                    "v": 2,
                    "id": "aa",
                    "type": "void",
                    "ref": first_event(d)["id"],
                    "at": "2026-11-27T09:00:00+00:00",
                    "logged_at": "2026-11-27T09:00:00+00:00",
                },
                {
                    "v": 2,
                    "id": "bb",
                    "type": "void",
                    "ref": "aa",
                    "at": "2026-11-27T09:00:00+00:00",
                    "logged_at": "2026-11-27T09:00:00+00:00",
                },
            ]
        ),
        "voids another void",
    ),
    "a future dose": (lambda d: first_event(d).update(at="2026-12-27T08:00:00+00:00"), "future"),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_a_tampered_import_is_exit_2_and_changes_nothing(
    medlog: Medlog, tmp_path: Path, home: Path, name: str
) -> None:
    """Every field of an import passes the command line's rules, or nothing is written (an
    outsider's finding, issue 8)."""
    _, document = export_file(medlog, tmp_path)
    change, words = TAMPERINGS[name]
    bad = tampered(tmp_path, document, change)
    other = tmp_path / "other"
    before = snapshot(other)
    result = medlog("--home", str(other), "import", str(bad))
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(other) == before
    assert len(result.stderr) < 2000


@pytest.mark.parametrize(
    ("logged_at", "words"),
    [
        ("2020-01-01T09:00:00-05:00", "after it was logged"),
        ("2027-01-01T09:00:00-05:00", "was logged at 2027-01-01 09:00, in the future"),
    ],
)
def test_import_refuses_what_check_would_flag(
    medlog: Medlog, home: Path, tmp_path: Path, logged_at: str, words: str
) -> None:
    """A check-in logged before it happened, or logged in the future: exit 2, nothing kept (an
    outside attacker's finding)."""
    ok(medlog("checkin", "--mood", "6"))
    exported = tmp_path / "export.json"
    ok(medlog("export", "-o", str(exported)))
    document = json.loads(exported.read_text())
    document["events"][0]["logged_at"] = logged_at
    exported.write_text(json.dumps(document))
    other = tmp_path / "other"
    refused = medlog("--home", str(other), "import", str(exported))
    assert refused.exit_code == 2, refused.stdout
    assert words in refused.stderr and "othing was imported" in refused.stderr
    assert not (other / "journal.jsonl").exists()


def test_import_refuses_a_void_before_what_it_voids(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """An export always writes a correction after what it corrects; a file with the void
    first is refused (supply and the tail readers rely on that order) (an outside attacker's
    finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("fill", "lexapro", "30", "tablets", "--days", "30"))
    ok(medlog("undo"))
    exported = tmp_path / "export.json"
    ok(medlog("export", "-o", str(exported)))
    document = json.loads(exported.read_text())
    document["events"].reverse()
    exported.write_text(json.dumps(document))
    other = tmp_path / "other"
    refused = medlog("--home", str(other), "import", str(exported))
    assert refused.exit_code == 2, refused.stdout
    assert "comes before" in refused.stderr and "Nothing was imported" in refused.stderr
    assert not (other / "journal.jsonl").exists()


def test_import_reads_at_most_a_bounded_amount(medlog: Medlog) -> None:
    """`import /dev/zero` is refused at once instead of reading without end (an outsider's
    finding, issue 8)."""
    result = medlog("import", "/dev/zero")
    assert result.exit_code == 2
    assert "not JSON" in result.stderr


def test_deeply_nested_import_is_bad_input(medlog: Medlog, tmp_path: Path) -> None:
    """A JSON file nested a hundred thousand deep is exit 2, not a RecursionError (an outsider's
    finding, issue 8)."""
    path = tmp_path / "deep.json"
    path.write_text('{"a":' + "[" * 100_000 + "]" * 100_000 + "}")
    result = medlog("import", str(path))
    assert result.exit_code == 2 and "nest" in result.stderr


def test_numbers_of_thousands_of_digits_are_refused_plainly(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """Python refuses to read 4,300-digit integers; medlog says what is wrong instead of 70 (an
    outside attacker's finding)."""
    crafted = tmp_path / "big.json"
    crafted.write_text('{"schema": "medlog.export/1", "x": ' + "9" * 5000 + "}")
    assert medlog("import", str(crafted)).exit_code == 2
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    config = home / "medlog.toml"
    config.write_text("x = " + "9" * 5000 + "\n" + config.read_text())
    for args in (["list"], ["check"]):
        result = medlog(*args)
        assert result.exit_code in (1, 3)
        assert "a number too long" in result.stdout + result.stderr


def test_a_medlog_toml_nested_too_deeply_is_named_so(medlog: Medlog, home: Path) -> None:
    """Arrays nested thousands deep in medlog.toml: refused as nested too deeply (it said "a
    number too long"), with or without the parsed copy kept beside the store."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    config = home / "medlog.toml"
    config.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n" + config.read_text())
    for _ in range(2):
        result = medlog("list")
        assert result.exit_code == 3
        assert "is not valid TOML (nested too deeply)" in result.stderr


def test_importing_fhir_says_what_it_is(medlog: Medlog, tmp_path: Path) -> None:
    """A FHIR bundle given to import is named as FHIR, not as 'schema None' (an outsider's
    finding, issue 8)."""
    path = tmp_path / "bundle.json"
    path.write_text('{"resourceType": "Bundle", "type": "collection"}')
    result = medlog("import", str(path))
    assert result.exit_code == 2
    assert "FHIR" in result.stderr and "None" not in result.stderr


def test_a_failed_import_leaves_the_store_byte_identical(
    medlog: Medlog, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full half-way through the journal append or the TOML write: nothing is left (an
    outsider's finding, issue 8)."""
    ok(medlog("add", "magnesium", "--kind", "supplement", "--dose", "200mg"))
    for hour in range(6):
        ok(medlog("take", "magnesium", "--at", f"0{hour}:00"))
    source = tmp_path / "source"
    ok(
        medlog(
            "--home", str(source), "add", "zinc", "--kind", "supplement", "--dose", "10mg",
            "--start", "2026-11-01",
        )
    )  # fmt: skip
    for day in range(10, 27):
        ok(medlog("--home", str(source), "take", "zinc", "--at", f"2026-11-{day}T08:00"))
    backup = tmp_path / "zinc.json"
    ok(medlog("--home", str(source), "export", "-o", str(backup)))
    before = snapshot(home)

    from medlog import errors as medlog_errors
    from medlog import journal as journal_module
    from medlog import store as store_module

    real_write = os.write

    def short_write(fd: int, data: bytes) -> int:
        if len(data) > 1000:
            real_write(fd, data[:700])
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(journal_module.os, "write", short_write)
    result = medlog("import", str(backup))
    assert result.exit_code == 3 and "No space left" in result.stderr
    assert snapshot(home) == before
    # Only os.write comes back: monkeypatch.undo() would also drop the MEDLOG_HOME and
    # MEDLOG_NOW the home fixture set, and send the next import to the real user store.
    monkeypatch.setattr(journal_module.os, "write", real_write)

    def no_room(*args: object, **kwargs: object) -> None:
        raise medlog_errors.StoreProblem("Cannot use medlog.toml: No space left on device.")

    monkeypatch.setattr(store_module, "write_atomically", no_room)
    result = medlog("import", str(backup))
    assert result.exit_code == 3
    assert snapshot(home) == before
