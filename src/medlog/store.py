"""The store on disk: medlog.toml (settings and items), journal.jsonl (events), medlog.lock.

Readers never modify anything. Writers hold an advisory lock on medlog.lock;
medlog.toml is replaced atomically (temp file, fsync, ``os.replace``), through
a symlink to its target; the journal is appended to by ``journal.py``. A file
medlog cannot read is an exit-3 problem naming the file (and, in medlog.toml,
the key), and medlog never overwrites it. medlog.toml is read strictly: every
value passes the rule the command line applies to it, and an unknown key is
named (a typo in a hand edit), so what medlog writes it can always read back.
Before a rewrite would drop a person's comments or layout, the file as it was
is kept as ``medlog.toml~``.

A missing store directory is created (0700, and 0700 for each parent medlog
makes) only by a write that succeeds: a command refused for bad input leaves
nothing behind.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from medlog import journal
from medlog.durable import DIR_MODE, os_problem, write_atomically
from medlog.errors import MedlogError, StoreProblem
from medlog.ingredients import with_caps
from medlog.model import (
    KINDS,
    LIMIT_KINDS,
    Change,
    DoseRange,
    Event,
    Ingredient,
    Item,
    Limit,
    Regimen,
    RegimenVersion,
    Settings,
    Spacing,
)
from medlog.names import MAX_CLASS, MAX_NAME, MAX_NOTE, MAX_SUBSTANCES, clean_text, valid_key
from medlog.schedule import format_schedule, parse_schedule
from medlog.timeparse import check_supported, format_duration, parse_duration
from medlog.units import (
    convert,
    exact_amount,
    format_amount,
    format_decimal,
    is_count,
    item_unit,
    parse_amount,
    per_form,
)

SCHEMA = 3
# The version of the bundled catalog (catalog.toml's `version`) whose facts this medlog copies
# into medlog.toml; kept here so that loading a current store never reads the catalog.
CATALOG = 1
CONFIG_NAME = "medlog.toml"
BACKUP_NAME = CONFIG_NAME + "~"
LOCK_NAME = "medlog.lock"
LOCK_TIMEOUT_SECONDS = 15.0

T = TypeVar("T")


def _from_schema_1(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 adds keys (each item's ``changes``, ...) and changes none: nothing to move."""
    return document


def _from_schema_2(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 adds keys (the top-level ``catalog``, an item's ``dose_limit``, a range's
    ``total_intake``) and changes none. A store without ``catalog`` was written before
    medlog recorded its catalog's version, and is brought up to date with the catalog as it
    loads."""
    return document


# One step per old schema: MIGRATIONS[n] turns a schema-n document into schema n+1. Each
# has a fixture of a store that schema wrote, under tests/data/schema-N/.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _from_schema_1,
    2: _from_schema_2,
}


class Store:
    """One store directory and the operations on its files.

    ``notices`` collects what a person should be told about the store itself
    (a backup kept, say); the command line prints them on stderr.

    ``upgrade`` brings a regimen written with an older catalog (``Regimen.catalog`` below
    ``CATALOG``) up to date with this medlog's as it is loaded, in memory (the next write
    keeps it); a store that is current is never given to it, so it never costs a ``take``.
    """

    def __init__(self, home: Path, upgrade: Callable[[Regimen], Regimen] | None = None) -> None:
        self.home = home
        self.upgrade = upgrade
        self.config_path = home / CONFIG_NAME
        self.journal_path = home / journal.JOURNAL_NAME
        self.lock_path = home / LOCK_NAME
        self.notices: list[str] = []
        self.wrote = False  # set once this run has changed a store file
        self._loaded: tuple[bytes, Regimen] | None = None  # the last medlog.toml read, parsed

    @property
    def own_files(self) -> tuple[Path, ...]:
        """Every file medlog keeps in the store directory."""
        return (
            self.config_path,
            self.home / BACKUP_NAME,
            self.journal_path,
            Path(str(self.journal_path) + journal.TORN_SUFFIX),
            self.lock_path,
        )

    def _make_home(self) -> list[Path]:
        """Create the store directory and any missing parents, each 0700; returns those made."""
        missing: list[Path] = []
        path = self.home
        while not path.is_dir():
            if path.exists() or path.is_symlink():
                raise StoreProblem(f"{path} exists and is not a directory.")
            missing.append(path)
            path = path.parent
        made: list[Path] = []
        for directory in reversed(missing):
            try:
                directory.mkdir(mode=DIR_MODE)
                directory.chmod(DIR_MODE)  # whatever the umask
            except FileExistsError:
                continue  # another medlog made it a moment ago
            except OSError as error:
                self._remove_made(made, lock_made=False)
                raise StoreProblem(
                    f"Cannot create the store directory {directory}: {error.strerror}."
                ) from None
            made.append(directory)
        return made

    def _remove_made(self, made: list[Path], lock_made: bool) -> None:
        """Undo ``_make_home`` and the lock file after a command that wrote nothing.

        The lock file goes while it is still locked: a medlog waiting on it then
        finds it gone and makes a new one, and never holds a lock on a removed file.
        """
        try:
            if lock_made:
                self.lock_path.unlink()
            for directory in reversed(made):
                directory.rmdir()
        except OSError:
            pass  # something else is in it now: leave it

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's write lock, waiting up to 15 s for another writer to finish.

        A command that ends without writing (bad input, nothing to import) removes the
        lock file and the directories it made, so it leaves the store as it found it.
        """
        made: list[Path] = []
        fd, lock_made = self._lock(made)
        try:
            # A writer killed between creating its temp file and renaming it leaves the
            # file behind; with the lock held no other writer is mid-save, so any is stale.
            for stale in self.home.glob(f".{CONFIG_NAME}.*.tmp"):
                stale.unlink(missing_ok=True)
            yield
        finally:
            if not self.wrote:
                self._remove_made(made, lock_made)
            os.close(fd)

    def _lock(self, made: list[Path]) -> tuple[int, bool]:
        """The locked descriptor of medlog.lock, and whether this call created the file.

        Another medlog that gave up may remove the lock file (and a new store's
        directory) while this one waits on it; holding a lock on a removed file
        locks nothing, so then this one starts again with a new file.
        """
        while True:
            made += self._make_home()
            lock_made = False
            try:
                try:
                    fd = journal.open_regular(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL)
                    lock_made = True
                except FileExistsError:
                    fd = journal.open_regular(self.lock_path, os.O_RDWR)
            except FileNotFoundError:
                continue  # removed between the two opens: start again
            except MedlogError:
                self._remove_made(made, lock_made)
                raise
            try:
                _acquire(fd, self.lock_path)
            except MedlogError:
                self._remove_made(made, lock_made)
                os.close(fd)
                raise
            if _same_file(fd, self.lock_path):
                return fd, lock_made
            os.close(fd)

    def load_regimen(self) -> Regimen:
        """Settings and items from medlog.toml; an empty regimen when there is none yet.

        A command reads it once to check what was typed and again under the lock: when
        the bytes are the same, the regimen read the first time is the answer.
        """
        raw = self._config_bytes()
        if raw is None:
            return Regimen(catalog=CATALOG)
        if self._loaded is None or self._loaded[0] != raw:
            regimen = regimen_from_text(raw, self.config_path)
            if self.upgrade is not None and (regimen.catalog or 0) < CATALOG:
                regimen = self.upgrade(regimen)
            self._loaded = (raw, regimen)
        return self._loaded[1]

    def _config_bytes(self) -> bytes | None:
        try:
            fd = journal.open_regular(self.config_path)
        except FileNotFoundError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise os_problem(self.config_path, error) from None

    def save_regimen(self, regimen: Regimen) -> None:
        """Replace medlog.toml atomically (through a symlink); the caller holds the lock.

        If the file on disk is not what medlog itself would write for it (a
        person added comments or changed its layout), it is first kept as
        medlog.toml~, and a notice says so.
        """
        import tomli_w  # only writers need it

        text = tomli_w.dumps(document_from_regimen(regimen))
        current = self._config_bytes()
        if current is not None and not _as_medlog_writes(current, self.config_path):
            write_atomically(self.home / BACKUP_NAME, current)
            self.notices.append(
                f"{self.config_path.name} held comments or a layout that medlog does not keep; "
                f"the file as it was is saved as {self.home / BACKUP_NAME}."
            )
        write_atomically(Path(os.path.realpath(self.config_path)), text.encode("utf-8"))
        self.wrote = True

    def append(self, events: list[Event]) -> int:
        """Append events to the journal; the caller holds the lock. Returns the size before."""
        size = journal.append(self.journal_path, events)
        self.wrote = True
        return size


def _as_medlog_writes(raw: bytes, path: Path) -> bool:
    """True when ``raw`` is exactly what medlog (of the file's own schema) would write for
    the regimen it holds: a store from an older medlog has no layout to lose."""
    import tomli_w

    try:
        regimen = regimen_from_text(raw, path)
        written = tomllib.loads(raw.decode("utf-8"))["schema"]
    except (MedlogError, ValueError, KeyError):
        return False
    document = document_from_regimen(regimen) | {"schema": written}
    return tomli_w.dumps(document).encode("utf-8") == raw


def regimen_from_text(raw: bytes, path: Path) -> Regimen:
    """The regimen in medlog.toml's bytes; any fault is an exit-3 problem naming file and key."""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")  # an editor's BOM
    try:
        raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        raise StoreProblem(
            f"{path} is not UTF-8 text. medlog has not changed it; fix it by hand or restore "
            "a backup."
        ) from None
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, or a 4300-digit integer
        reason = error if isinstance(error, tomllib.TOMLDecodeError) else "a number too long"
        raise StoreProblem(
            f"{path} is not valid TOML ({reason}). "
            "medlog has not changed it; fix it by hand or restore a backup."
        ) from None
    return regimen_from_document(migrate(document, path), path)


def _exact(text: str) -> Decimal:
    """An ingredient's amount as medlog can store it exactly."""
    amount = parse_amount(text)
    return exact_amount(amount.value, amount.unit, "the amount")


def _same_file(fd: int, path: Path) -> bool:
    """True when ``path`` still names the file open as ``fd``."""
    try:
        named = path.stat()
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _acquire(fd: int, path: Path) -> None:
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise StoreProblem(
                    f"The store is locked by another medlog process ({path}); try again "
                    "when it has finished."
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        else:
            return


def migrate(document: dict[str, Any], path: Path) -> dict[str, Any]:
    """The document upgraded to the current schema, one version at a time (in memory)."""
    version = document.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreProblem(f"{path} has no valid 'schema' number; medlog has not changed it.")
    if version > SCHEMA:
        raise StoreProblem(
            f"{path} uses schema {version}, written by a newer medlog (this one reads up to "
            f"{SCHEMA}). Upgrade medlog; the file has not been changed."
        )
    while version < SCHEMA:
        document = MIGRATIONS[version](document)
        version += 1
        document["schema"] = version
    return document


def document_from_regimen(regimen: Regimen) -> dict[str, Any]:
    """The TOML document for a regimen: human-readable amounts, canonical schedules."""
    items = {item.key: _item_document(item) for item in regimen.items}
    settings: dict[str, Any] = {"on_time_window": format_duration(regimen.settings.on_time_window)}
    if regimen.settings.refill_warning_days != Settings().refill_warning_days:
        settings["refill_warning_days"] = regimen.settings.refill_warning_days
    document: dict[str, Any] = {"schema": SCHEMA}
    if regimen.catalog is not None:
        document["catalog"] = regimen.catalog
    document |= {"settings": settings, "items": items}
    if regimen.limits:
        document["limits"] = {
            limit.substance: {"name": limit.name, "unit": limit.unit}
            | _range_document(limit.range, limit.unit)
            | ({"basis": limit.basis} if limit.basis else {})
            | ({} if limit.mcg_per_iu is None else {"mcg_per_iu": format_decimal(limit.mcg_per_iu)})
            | ({"scope": limit.scope} if limit.scope else {})
            for limit in regimen.limits
        }
    if regimen.spacing:
        document["spacing"] = [
            {
                "a": rule.a,
                "b": rule.b,
                "before": format_duration(rule.before),
                "after": format_duration(rule.after),
                "source": rule.source,
            }
            for rule in regimen.spacing
        ]
    return document


def _item_document(item: Item) -> dict[str, Any]:
    """One ``[items.KEY]`` table; keys without a value are left out."""
    decimals = {"fraction": item.fraction, "mcg_per_iu": item.mcg_per_iu}
    shown = {key: format_decimal(value) for key, value in decimals.items() if value is not None}
    optional: dict[str, Any] = {
        "substance": item.substances[0] if len(item.substances) == 1 else None,
        "substances": list(item.substances) if len(item.substances) > 1 else None,
        "class": item.drug_class,
        "supply_since": item.supply_since,
        "ingredients": [
            {"substance": part.substance, "amount": format_amount(part.amount, part.unit)}
            for part in item.ingredients
        ]
        or None,
        "counts_as": item.counts_as,
        "fraction": shown.get("fraction"),
        "fraction_source": item.fraction_source,
        "amount_is": None if item.amount_is == "label" else item.amount_is,
        "mcg_per_iu": shown.get("mcg_per_iu"),
        "iu_source": item.iu_source,
        "form": item.form,
        "strength": None if item.strength is None else format_amount(item.strength, item.unit),
        "range": None if item.range is None else _range_document(item.range, item.unit),
        "dose_limit": None
        if item.dose_limit is None
        else _range_document(item.dose_limit, item.unit),
    }
    entry: dict[str, Any] = {"name": item.name, "kind": item.kind, "unit": item.unit}
    entry |= {key: value for key, value in optional.items() if value is not None}
    entry["regimen"] = [_version_document(version, item.unit) for version in item.regimen]
    if item.changes:
        entry["changes"] = [{"at": change.at, "change": change.what} for change in item.changes]
    return entry


def _range_document(dose_range: DoseRange, unit: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if dose_range.min is not None:
        entry["min"] = format_amount(dose_range.min, unit)
    if dose_range.max is not None:
        entry["max"] = format_amount(dose_range.max, unit)
    entry["per"] = dose_range.per
    entry["source"] = dose_range.source
    if dose_range.kind is not None:
        entry["kind"] = dose_range.kind
    if dose_range.total_intake:
        entry["total_intake"] = True
    return entry


def _version_document(version: RegimenVersion, unit: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"from": version.start}
    if version.dose is not None:
        entry["dose"] = format_amount(version.dose, unit)
    entry["schedule"] = format_schedule(version.schedule)
    if version.until is not None:
        entry["until"] = version.until
    return entry


def regimen_from_document(
    document: dict[str, Any], path: Path, error: type[MedlogError] = StoreProblem
) -> Regimen:
    """Settings and items from a current-schema document; any fault names its key.

    Faults are store problems (exit 3) for medlog.toml; ``medlog import`` passes
    ``BadInput`` for the file a person gave it.
    """
    reader = _Reader(path, error)
    reader.keys(document, {"schema", "catalog", "settings", "items", "limits", "spacing"}, "")
    catalog = document.get("catalog")
    if catalog is not None and (type(catalog) is not int or catalog < 1):
        raise reader.fail("catalog", "expected the catalog's version, a whole number from 1")
    settings_doc = reader.table(document, "settings", required=False)
    reader.keys(settings_doc, {"on_time_window", "refill_warning_days"}, "settings")
    window = reader.text(settings_doc, "on_time_window", "settings", required=False)
    settings = Settings()
    if window is not None:
        settings = settings._replace(
            on_time_window=reader.parse(parse_duration, window, "settings.on_time_window")
        )
    warning = settings_doc.get("refill_warning_days")
    if warning is not None:
        if type(warning) is not int or not 0 <= warning <= MAX_WARNING_DAYS:
            raise reader.fail(
                "settings.refill_warning_days", f"expected whole days, 0 to {MAX_WARNING_DAYS}"
            )
        settings = settings._replace(refill_warning_days=warning)
    items_doc = reader.table(document, "items", required=False)
    items = tuple(reader.item(key, value) for key, value in items_doc.items())
    limits_doc = reader.table(document, "limits", required=False)
    limits = tuple(reader.limit(key, value) for key, value in limits_doc.items())
    spacing = reader.spacing(document.get("spacing"), {item.key for item in items})
    return with_caps(Regimen(settings, items, limits, spacing, catalog))


class _Reader:
    """Checks one medlog.toml document field by field, naming the file and key at fault."""

    def __init__(self, path: Path, error: type[MedlogError]) -> None:
        self.path = path
        self.error = error

    def fail(self, where: str, what: str) -> MedlogError:
        if self.error is StoreProblem:
            return self.error(
                f"{self.path}: {where}: {what}. medlog has not changed the file; fix it by hand."
            )
        return self.error(f"{self.path.name}: {where}: {what}. Nothing was imported.")

    def keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        """Refuse a key medlog does not know: a typo in a hand edit, or a newer medlog's."""
        for key in table:
            if key not in allowed:
                place = f"{where}.{key}" if where else str(key)
                raise self.fail(
                    place,
                    f"unknown key (medlog knows {', '.join(sorted(allowed))}; "
                    "a typo, or written by a newer medlog?)",
                )

    def table(
        self, parent: dict[str, Any], key: str, *, required: bool = True, where: str = ""
    ) -> dict[str, Any]:
        value = parent.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where + key, "expected a table")
        return value

    def text(
        self,
        parent: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        limit: int = MAX_NOTE,
    ) -> str | None:
        value = parent.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", "expected a non-empty string")
        cleaned = self.parse(
            lambda text: clean_text(text, "the text", limit), value, f"{where}.{key}"
        )
        if cleaned != value:
            raise self.fail(f"{where}.{key}", "has spaces around it")
        return value

    def day(self, parent: dict[str, Any], key: str, where: str) -> date | None:
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, str):  # JSON (medlog import) writes dates as ISO strings
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise self.fail(f"{where}.{key}", "expected a date such as 2026-11-27") from None
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.fail(f"{where}.{key}", "expected a date such as 2026-11-27")
        self.parse(lambda _: check_supported(value, "the date"), "", f"{where}.{key}")
        return value

    def parse(self, parser: Callable[[str], T], text: str, where: str) -> T:
        try:
            return parser(text)
        except MedlogError as error:
            raise self.fail(where, error.message.rstrip(".")) from None

    def amount(self, text: str | None, units: _ItemUnits, where: str) -> Decimal | None:
        if text is None:
            return None
        amount = self.parse(parse_amount, text, where)
        strength = per_form(units.strength, units.unit)
        return self.parse(
            lambda _: exact_amount(
                convert(amount, units.unit, form=units.form, strength=strength), units.unit, text
            ),
            text,
            where,
        )

    def item(self, key: str, entry: Any) -> Item:
        where = f"items.{key}"
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        if not valid_key(key):
            raise self.fail(where, "item keys are lower-case letters, digits and hyphens")
        self.keys(entry, ITEM_KEYS, where)
        name = self.text(entry, "name", where, limit=MAX_NAME)
        kind = self.text(entry, "kind", where)
        if kind not in KINDS:
            raise self.fail(f"{where}.kind", "expected rx, otc or supplement")
        unit = self.parse(item_unit, self.text(entry, "unit", where) or "", f"{where}.unit")
        form_text = self.text(entry, "form", where, required=False)
        form = self.parse(item_unit, form_text, f"{where}.form") if form_text else None
        units = _ItemUnits(unit, form, None)
        strength_text = self.text(entry, "strength", where, required=False)
        units = _ItemUnits(unit, form, self.amount(strength_text, units, f"{where}.strength"))
        dose_range = self.range(entry.get("range"), units, f"{where}.range")
        dose_limit = self.range(entry.get("dose_limit"), units, f"{where}.dose_limit")
        if dose_limit is not None and (
            dose_limit.per != "dose" or dose_limit.min is not None or dose_limit.max is None
        ):
            raise self.fail(f"{where}.dose_limit", "expected a max per dose, and no min")
        versions = entry.get("regimen")
        if not isinstance(versions, list) or not versions:
            raise self.fail(f"{where}.regimen", "expected at least one [[regimen]] version")
        regimen = tuple(
            self.version(version, units, f"{where}.regimen[{n}]")
            for n, version in enumerate(versions, start=1)
        )
        for earlier, later in itertools.pairwise(regimen):
            if later.start <= earlier.start or (earlier.until and later.start < earlier.until):
                raise self.fail(
                    f"{where}.regimen",
                    "versions must start in order, each after the one before it has ended",
                )
        changes = self.changes(entry.get("changes"), f"{where}.changes")
        drug_class = self.text(entry, "class", where, required=False, limit=MAX_CLASS)
        amount_is = entry.get("amount_is", "label")
        if amount_is not in ("label", "compound"):
            raise self.fail(f"{where}.amount_is", "expected label or compound")
        fraction = self.fraction(entry, "fraction", where)
        if amount_is == "compound" and fraction is None:
            raise self.fail(f"{where}.amount_is", "compound needs the item's fraction")
        counts_as = self.text(entry, "counts_as", where, required=False)
        if counts_as is not None and not valid_key(counts_as):
            raise self.fail(f"{where}.counts_as", "expected a substance id such as magnesium")
        return Item(
            key=key,
            name=name or key,
            kind=kind,
            unit=unit,
            regimen=regimen,
            substances=self.substances(entry, where),
            form=form,
            strength=units.strength,
            range=dose_range,
            changes=changes,
            drug_class=drug_class,
            supply_since=self.day(entry, "supply_since", where),
            ingredients=self.ingredients(entry.get("ingredients"), f"{where}.ingredients"),
            counts_as=counts_as,
            fraction=fraction,
            fraction_source=self.text(entry, "fraction_source", where, required=False),
            amount_is="compound" if amount_is == "compound" else "label",
            mcg_per_iu=self.fraction(entry, "mcg_per_iu", where, most=Decimal(1000)),
            iu_source=self.text(entry, "iu_source", where, required=False),
            dose_limit=dose_limit,
        )

    def limit(self, key: str, entry: Any) -> Limit:
        """``[limits.magnesium]``: a substance's limit across items, with its unit."""
        where = f"limits.{key}"
        if not valid_key(key):
            raise self.fail(where, "expected a substance id such as magnesium")
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        known = {
            "name",
            "unit",
            "min",
            "max",
            "per",
            "kind",
            "source",
            "basis",
            "mcg_per_iu",
            "scope",
            "total_intake",
        }
        self.keys(entry, known, where)
        unit = self.parse(item_unit, self.text(entry, "unit", where) or "", f"{where}.unit")
        ranged = {
            k: v
            for k, v in entry.items()
            if k in ("min", "max", "per", "kind", "source", "total_intake")
        }
        found = self.range(ranged, _ItemUnits(unit, None, None), where)
        if found is None or found.kind is None:
            raise self.fail(f"{where}.kind", "expected label, upper_limit or typical")
        return Limit(
            key,
            self.text(entry, "name", where, limit=MAX_NAME) or key,
            found,
            unit,
            self.text(entry, "basis", where, required=False),
            self.fraction(entry, "mcg_per_iu", where, most=Decimal(1000)),
            self.text(entry, "scope", where, required=False),
        )

    def spacing(self, entries: Any, keys: set[str]) -> tuple[Spacing, ...]:
        """``[[spacing]]``: how far apart two of the items are taken."""
        if entries is None:
            return ()
        if not isinstance(entries, list):
            raise self.fail("spacing", "expected a list of [[spacing]] tables")
        found: list[Spacing] = []
        for n, entry in enumerate(entries, start=1):
            here = f"spacing[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(here, "expected a table")
            self.keys(entry, {"a", "b", "before", "after", "source"}, here)
            pair = [self.text(entry, side, here) or "" for side in ("a", "b")]
            if any(side not in keys for side in pair) or pair[0] == pair[1]:
                raise self.fail(here, "a and b must be two different items in [items]")
            gaps = [
                self.parse(parse_duration, self.text(entry, side, here) or "", f"{here}.{side}")
                for side in ("before", "after")
            ]
            source = self.text(entry, "source", here) or ""
            if any({s.a, s.b} == set(pair) and s.source == source for s in found):
                raise self.fail(here, "a second rule for the same two items from the same source")
            found.append(Spacing(pair[0], pair[1], gaps[0], gaps[1], source))
        return tuple(found)

    def fraction(
        self, entry: dict[str, Any], key: str, where: str, most: Decimal = Decimal(1)
    ) -> Decimal | None:
        """A positive decimal factor written as text ("0.141"), at most ``most``."""
        text = self.text(entry, key, where, required=False)
        if text is None:
            return None
        try:
            value = Decimal(text)
        except ArithmeticError:
            value = Decimal(-1)
        if not value.is_finite() or not 0 < value <= most or value != round(value, 6):
            raise self.fail(f"{where}.{key}", f"expected a number above 0 and at most {most}")
        return value

    def ingredients(self, entries: Any, where: str) -> tuple[Ingredient, ...]:
        """``[{substance = "magnesium", amount = "100 mg"}, ...]``: what one unit holds."""
        if entries is None:
            return ()
        if not isinstance(entries, list) or len(entries) > MAX_INGREDIENTS:
            raise self.fail(where, f"expected a list of at most {MAX_INGREDIENTS} ingredients")
        found = []
        for n, entry in enumerate(entries, start=1):
            here = f"{where}[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(here, "expected a table")
            self.keys(entry, {"substance", "amount"}, here)
            substance = self.text(entry, "substance", here) or ""
            if not valid_key(substance):
                raise self.fail(f"{here}.substance", "expected a substance id such as zinc")
            amount = self.parse(parse_amount, self.text(entry, "amount", here) or "", here)
            if is_count(amount.unit):
                raise self.fail(f"{here}.amount", "expected a mass, IU or mL, not a count")
            value = self.parse(_exact, f"{format_decimal(amount.value)} {amount.unit}", here)
            found.append(Ingredient(substance, value, amount.unit))
        if len({ingredient.substance for ingredient in found}) < len(found):
            raise self.fail(where, "a substance is named twice")
        return tuple(found)

    def substances(self, entry: dict[str, Any], where: str) -> tuple[str, ...]:
        """``substance = "id"``, or ``substances = ["id", ...]`` for a combination product."""
        one, many = entry.get("substance"), entry.get("substances")
        if one is None and many is None:
            return ()
        if one is not None and many is not None:
            raise self.fail(f"{where}.substances", "give substance or substances, not both")
        found = [one] if many is None else many
        if (
            not isinstance(found, list)
            or not len(found) <= MAX_SUBSTANCES
            or len(found) < (1 if many is None else 2)
        ):
            raise self.fail(f"{where}.substances", f"expected 2 to {MAX_SUBSTANCES} substance ids")
        for value in found:
            if not isinstance(value, str) or not valid_key(value):
                raise self.fail(
                    f"{where}.substance", "expected a substance id such as escitalopram"
                )
        if len(set(found)) < len(found):
            raise self.fail(f"{where}.substances", "a substance is named twice")
        return tuple(found)

    def changes(self, entries: Any, where: str) -> tuple[Change, ...]:
        if entries is None:
            return ()
        if not isinstance(entries, list):
            raise self.fail(where, "expected a list of [[changes]] tables")
        found = []
        for n, entry in enumerate(entries, start=1):
            here = f"{where}[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(here, "expected a table")
            self.keys(entry, {"at", "change"}, here)
            at = entry.get("at")
            if isinstance(at, str):  # JSON (medlog import) writes times as ISO strings
                try:
                    at = datetime.fromisoformat(at)
                except ValueError:
                    raise self.fail(f"{here}.at", "expected a time with its UTC offset") from None
            if not isinstance(at, datetime) or at.tzinfo is None:
                raise self.fail(f"{here}.at", "expected a time with its UTC offset")
            self.moment(at, f"{here}.at")
            found.append(Change(at, self.text(entry, "change", here) or ""))
        return tuple(found)

    def moment(self, at: datetime, where: str) -> None:
        try:
            check_supported(at, "the time")
        except MedlogError as error:
            raise self.fail(where, error.message.rstrip(".")) from None

    def range(self, entry: Any, units: _ItemUnits, where: str) -> DoseRange | None:
        if entry is None:
            return None
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        self.keys(entry, {"min", "max", "per", "source", "kind", "total_intake"}, where)
        low = self.amount(self.text(entry, "min", where, required=False), units, f"{where}.min")
        high = self.amount(self.text(entry, "max", where, required=False), units, f"{where}.max")
        per = entry.get("per", "day")
        if per not in ("day", "dose"):
            raise self.fail(f"{where}.per", "expected day or dose")
        if low is None and high is None:
            raise self.fail(where, "a range needs a min, a max or both")
        if low is not None and high is not None and low > high:
            raise self.fail(where, "min is above max")
        source = self.text(entry, "source", where) or ""
        kind = entry.get("kind")
        if kind is not None and kind not in LIMIT_KINDS:
            raise self.fail(f"{where}.kind", "expected label, upper_limit or typical")
        total_intake = entry.get("total_intake", False)
        if not isinstance(total_intake, bool) or (total_intake and kind != "upper_limit"):
            raise self.fail(f"{where}.total_intake", "expected true, on an upper limit only")
        return DoseRange(low, high, per, source, kind, total_intake)

    def version(self, entry: Any, units: _ItemUnits, where: str) -> RegimenVersion:
        if not isinstance(entry, dict):
            raise self.fail(where, "expected a table")
        self.keys(entry, {"from", "dose", "schedule", "until"}, where)
        start = self.day(entry, "from", where)
        if start is None:
            raise self.fail(f"{where}.from", "expected a date such as 2026-11-27")
        schedule_text = self.text(entry, "schedule", where) or ""
        schedule = self.parse(parse_schedule, schedule_text, f"{where}.schedule")
        dose = self.amount(self.text(entry, "dose", where, required=False), units, f"{where}.dose")
        until = self.day(entry, "until", where)
        if until is not None and until < start:
            raise self.fail(f"{where}.until", "must not be before 'from'")
        return RegimenVersion(start=start, schedule=schedule, dose=dose, until=until)


MAX_WARNING_DAYS = 365
MAX_INGREDIENTS = 40
ITEM_KEYS = {
    "name",
    "kind",
    "unit",
    "substance",
    "substances",
    "class",
    "supply_since",
    "ingredients",
    "counts_as",
    "fraction",
    "fraction_source",
    "amount_is",
    "mcg_per_iu",
    "iu_source",
    "form",
    "strength",
    "range",
    "dose_limit",
    "regimen",
    "changes",
}


class _ItemUnits(NamedTuple):
    """The unit facts an item's amounts are converted with while it is being read."""

    unit: str
    form: str | None
    strength: Decimal | None
