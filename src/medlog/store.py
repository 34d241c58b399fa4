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

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from medlog import journal
from medlog.durable import fsync_directory, lock_within, private_folder, write_atomically
from medlog.errors import MedlogError, StoreProblem
from medlog.migrations import CATALOG
from medlog.model import Event, Regimen
from medlog.regimen_toml import document_from_regimen, parse_toml, regimen_from_text
from medlog.toml_cache import parsed

if TYPE_CHECKING:
    from datetime import datetime

    from medlog.own_lines import Lost

CONFIG_NAME = "medlog.toml"
BACKUP_NAME = CONFIG_NAME + "~"
LOCK_NAME = "medlog.lock"
PENDING_NAME = "medlog.pending"  # what to roll back to while an import or merge writes
_IDS_SHOWN = 5  # ids a notice of lines put back names (``ids_text``)
# A line that is not an undo: one "undo ID" can take back (an undo itself cannot be undone).
_NOT_A_VOID = re.compile(rb'"type"[ \t\n\r]*:[ \t\n\r]*"(?!void")')
# The temp files of medlog.toml, medlog.toml~ and medlog.pending (``write_atomically``): one
# is left only by a writer killed before its rename.
STALE_TEMPS = ".medlog.*.tmp"
LOCK_TIMEOUT_SECONDS = 15.0


class Store:
    """One store directory and the operations on its files.

    ``notices`` collects what a person should be told about the store itself
    (a backup kept, say); the command line prints them on stderr.

    ``upgrade`` brings a regimen written with an older catalog (``Regimen.catalog`` below
    ``CATALOG``), or whose facts were chosen for another age (a birthday passed a threshold:
    ``profile.stale``), up to date with this medlog's as it is loaded, in memory (the next
    write keeps it); a store without a profile that is current is never given to it, and one
    with a profile costs it one comparison, so it never costs a ``take``.
    """

    def __init__(self, home: Path, upgrade: Callable[[Regimen], Regimen] | None = None) -> None:
        self.home = home
        self.upgrade = upgrade
        self.config_path = home / CONFIG_NAME
        self.journal_path = home / journal.JOURNAL_NAME
        self.lock_path = home / LOCK_NAME
        self.notices: list[str] = []
        self.wrote = False  # set once this run's command has changed a store file
        self.settled = False  # set once ``settle`` put the store right (said in a notice)
        self._loaded: tuple[bytes, Regimen] | None = None  # the last medlog.toml read, parsed
        self._clock: Callable[[], datetime] | None = None  # now, once ``settle`` has it

    @property
    def own_files(self) -> tuple[Path, ...]:
        """Every file medlog keeps in the store directory."""
        return (
            self.config_path,
            self.home / BACKUP_NAME,
            self.journal_path,
            Path(str(self.journal_path) + journal.TORN_SUFFIX),
            self.lock_path,
            self.home / PENDING_NAME,
        )

    def _make_home(self) -> list[Path]:
        """Create the store directory and any missing parents, each 0700; returns those made."""
        made: list[Path] = []
        try:
            return private_folder(self.home, made)
        except NotADirectoryError as error:
            raise StoreProblem(f"{error.filename} exists and is not a directory.") from None
        except OSError as error:
            self._remove_made(made, lock_made=False)
            raise StoreProblem(
                f"Cannot create the store directory {error.filename}: {error.strerror}."
            ) from None

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
            for stale in self.home.glob(STALE_TEMPS):
                stale.unlink(missing_ok=True)
            yield
        finally:
            if not (self.wrote or self.settled):
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
            regimen = regimen_from_text(raw, self.config_path, store=self.home)
            if self.upgrade is not None and (
                (regimen.catalog or 0) < CATALOG or regimen.profile is not None
            ):
                regimen = self.upgrade(regimen)
            self._loaded = (raw, regimen)
        return self._loaded[1]

    def _config_bytes(self) -> bytes | None:
        try:
            return journal.contents(self.config_path)
        except FileNotFoundError:
            return None

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
        raw = text.encode("utf-8")
        write_atomically(Path(os.path.realpath(self.config_path)), raw)
        if self._made_here(current):
            journal.create(self.journal_path)
        self.wrote = True
        parsed(raw, self.home, lambda: parse_toml(text))  # kept for the next command's read

    def _made_here(self, config: bytes | None) -> bool:
        """True when a write (with medlog.toml as it was, ``config``) makes a new store here:
        neither medlog.toml nor a journal is there. This machine then forgets the lines it
        kept for a store once at this path (``own_lines``)."""
        if config is not None or self.journal_path.exists():
            return False
        from medlog import own_lines

        own_lines.forget(self.home)
        return True

    def commit(self, events: list[Event], regimen: Regimen | None) -> None:
        """Append ``events`` (stamped with their own times) and save ``regimen`` (None: keep
        medlog.toml), all or nothing; the caller holds the lock.

        First medlog.pending records what to go back to (the journal's length, medlog.toml
        as it is); it goes once both writes are done. A crash at any step leaves it, and
        the next command puts the store back as it was before (``settle``): an import or a
        merge is never half there, and medlog.toml never lags its events.
        """
        import base64
        import json

        pending = self.home / PENDING_NAME
        config = self._config_bytes()
        try:
            size = self.journal_path.stat().st_size
        except FileNotFoundError:
            size = 0
        record = {
            "journal_size": size,
            "config": None if config is None else base64.b64encode(config).decode("ascii"),
        }
        self._made_here(config)  # an import into a new store
        write_atomically(pending, json.dumps(record).encode("utf-8"))
        self.wrote = True
        try:
            if events:
                self.append(events, own_time=True)
            if regimen is not None:
                self.save_regimen(regimen)
        except MedlogError:
            self._roll_back(size, config)  # a failed write (a full disk) is undone at once
            raise
        pending.unlink()
        fsync_directory(self.home)

    def settle(self, clock: Callable[[], datetime]) -> None:
        """Put the store right before a command reads it, and say so: back as it was before
        an import or merge a crash cut short (when medlog.pending is there), and with the
        lines this machine wrote lately that a sync tool dropped (``own_lines``; ``clock``:
        now, asked only then). Nothing to do costs a ``stat`` or two."""
        self._clock = clock
        pending = self.home / PENDING_NAME
        if pending.exists():
            self._roll_back_pending(pending)
        self._put_back_own_lines(clock)

    def _put_back_own_lines(self, clock: Callable[[], datetime]) -> None:
        from medlog import own_lines

        lost = own_lines.lost(self.home, self.journal_path, clock)
        if lost is None and self.config_path.exists() and not self.journal_path.exists():
            if own_lines.keeps_lines(self.home, clock):
                self._make_journal_again(clock)
            return
        if lost is not None and not lost.data:
            self._say_withheld(lost)
            own_lines.seen(self.home, lost.file)
        elif lost is not None:
            try:
                with self.locked():
                    # Looked at again with the lock held: another medlog started in the same
                    # moment may have put them back already.
                    self._put_back(own_lines.lost(self.home, self.journal_path, clock))
            except StoreProblem:
                return  # a journal that does not end in a line medlog reads: the command says so

    def _make_journal_again(self, clock: Callable[[], datetime]) -> None:
        """journal.jsonl is gone beside medlog.toml while this device keeps lines it logged to
        it: make it again with them, rather than answer as if they were never taken (a
        "not logged" dose logged a second time would count twice), and say what it lacks."""
        from medlog import own_lines

        try:
            with self.locked():
                if self.journal_path.exists():
                    return  # another medlog made it in the same moment
                journal.create(self.journal_path)
                self._put_back(own_lines.lost(self.home, self.journal_path, clock, always=True),
                               gone=True)  # fmt: skip
        except StoreProblem:
            return  # the store's folder cannot be written: the command says so

    def _put_back(self, lost: Lost | None, *, gone: bool = False) -> None:
        """Append the lines ``lost`` holds, say so, and record that the journal holds every
        line kept; the caller holds the lock. ``gone``: the journal was missing, made anew."""
        from medlog import own_lines

        if lost is None:
            return
        file = lost.file
        if lost.data:
            file = journal.append_lines(self.journal_path, lost.data)
            self.settled = True
            count = len(lost.ids)
            if gone:
                self.notices.append(
                    f"{self.journal_path.name} was missing from {self.home}; medlog has made it "
                    f"again with the {count} {'entry' if count == 1 else 'entries'} this device "
                    f"logged in the last 7 days ({ids_text(lost.ids)}). "
                    "Older entries, and other devices' entries, are not kept here: to have them, "
                    "put a backup or another device's copy beside it and run medlog merge FILE."
                )
                own_lines.seen(self.home, file)
                return
            self.notices.append(
                f"{count} {'entry' if count == 1 else 'entries'} this device logged lately "
                f"{'was' if count == 1 else 'were'} missing from {self.journal_path.name}, "
                "most likely dropped by a sync tool as it put another device's copy in place; "
                f"medlog has put {'it' if count == 1 else 'them'} back ({ids_text(lost.ids)})."
                + (" To take one back: medlog undo ID." if _NOT_A_VOID.search(lost.data) else "")
            )
        self._say_withheld(lost)
        own_lines.seen(self.home, file)

    def _say_withheld(self, lost: Lost) -> None:
        """Say which lines this device logged lately were not put back (``Lost.withheld``)."""
        from medlog import own_lines

        count = len(lost.withheld)
        if not count:
            return
        one = count == 1
        self.notices.append(
            f"{count} {'entry' if one else 'entries'} this device logged lately "
            f"{'is' if one else 'are'} missing from {self.journal_path.name}, and so is the "
            f"first entry of the journal {'it' if one else 'they'} went to: this looks like "
            f"another store moved to {self.home} (or a copy from before that entry), so "
            f"medlog has not put {'it' if one else 'them'} back ({ids_text(lost.withheld)}; kept "
            f"for 7 days in {own_lines.path_of(self.home)})."
        )

    def _roll_back_pending(self, pending: Path) -> None:
        """Roll back the import or merge medlog.pending describes."""
        import base64
        import binascii
        import json

        with self.locked():
            try:
                record = json.loads(pending.read_bytes())
                size = int(record["journal_size"])
                config = record["config"]
                before = None if config is None else base64.b64decode(config, validate=True)
            except FileNotFoundError:
                return  # another medlog settled it a moment ago
            except (OSError, ValueError, KeyError, TypeError, binascii.Error):
                raise StoreProblem(
                    f"{pending} is damaged: an import or merge was interrupted and medlog cannot "
                    "tell what to roll back to. medlog has not changed anything; restore a "
                    "backup, or delete that file to keep the store as it is."
                ) from None
            self._roll_back(size, before)
            self.settled = True
        self._loaded = None
        self.notices.append(
            "An import or merge was interrupted before it finished; medlog has put the store "
            "back as it was before it (nothing of it was kept). Run it again."
        )

    def _roll_back(self, size: int, config: bytes | None) -> None:
        """Put the journal back to ``size`` bytes and medlog.toml back to ``config`` (None: no
        file), then drop medlog.pending. Truncating needs no free space."""
        try:
            if self.journal_path.exists() and self.journal_path.stat().st_size > size:
                journal.truncate(self.journal_path, size)
            if config is None:
                self.config_path.unlink(missing_ok=True)
            elif self._config_bytes() != config:
                write_atomically(Path(os.path.realpath(self.config_path)), config)
            (self.home / PENDING_NAME).unlink(missing_ok=True)
            fsync_directory(self.home)
        except OSError as error:
            raise StoreProblem(
                f"A write failed and medlog could not undo it ({error.strerror or error}); "
                f"{self.home / PENDING_NAME} says what to go back to, and the next command "
                "tries again."
            ) from None

    def append(self, events: list[Event], *, own_time: bool = False) -> int:
        """Append events to the journal; the caller holds the lock. Returns the size before.
        ``own_time`` (import, merge): stamped with their own times (``journal.append``);
        else the lines are kept on this machine too, until a sync cannot drop them
        (``own_lines``)."""
        appended = journal.append(self.journal_path, events, own_time=own_time)
        self.wrote = True
        if not own_time:
            from medlog import own_lines

            # A sync tool may have put another copy in place since ``settle`` looked, or as
            # the lines were written: then the lines kept before are looked for now, before
            # the file is recorded as the one that holds them all.
            moved = own_lines.moved_on(self.home, self.journal_path, appended)
            own_lines.remember(self.home, appended)
            if moved and self._clock is not None:
                with suppress(StoreProblem):  # a journal medlog cannot read: commands say so
                    lost = own_lines.lost(self.home, self.journal_path, self._clock, always=True)
                    self._put_back(lost)
        return appended.start


def _as_medlog_writes(raw: bytes, path: Path) -> bool:
    """True when ``raw`` is exactly what medlog (of the file's own schema) would write for
    the regimen it holds: a store from an older medlog has no layout to lose."""
    import tomli_w

    try:
        regimen = regimen_from_text(raw, path)
        written = parse_toml(raw.decode("utf-8"))["schema"]
    except (MedlogError, ValueError, KeyError):
        return False
    document = document_from_regimen(regimen) | {"schema": written}
    return tomli_w.dumps(document).encode("utf-8") == raw


def _same_file(fd: int, path: Path) -> bool:
    """True when ``path`` still names the file open as ``fd``."""
    try:
        named = path.stat()
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _acquire(fd: int, path: Path) -> None:
    if not lock_within(fd, LOCK_TIMEOUT_SECONDS):
        raise StoreProblem(
            f"The store is locked by another medlog process ({path}); try again when it "
            "has finished."
        )


def ids_text(ids: Sequence[str]) -> str:
    """Events named in a notice by their short ids: "id 8a4b815b", "ids 8a4b815b, 1f0c2d3e
    and 4 more" (at most ``_IDS_SHOWN``)."""
    shown = ", ".join(event_id[:8] for event_id in ids[:_IDS_SHOWN])
    more = f" and {len(ids) - _IDS_SHOWN} more" if len(ids) > _IDS_SHOWN else ""
    return f"id{'s' if len(ids) > 1 else ''} {shown}{more}"
