"""Backups of the knowledge base's database: at most one a day, the newest few kept, restorable.

The database holds everything that exists nowhere else (pages written in the app, their
versions, metadata, feedback); the full-text index is rebuilt from it, the vectors are in it.
"""

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from onboard.core.in_use import refuse_if_open
from onboard.core.paths import DATABASE_FILE, FULLTEXT_FOLDER
from onboard.core.store import StoreDamagedError, damaged_store_message

BACKUP_FOLDER = "sicherungen"
KEEP = 3
_PREFIX = "onboard-"
_STAMP = "%Y-%m-%d-%H%M%S-%f"  # two backups in one second keep apart
REPLACED_PREFIX = "ersetzt-"
_WITH_JOURNALS = ("", "-wal", "-shm")  # a database file and SQLite's files beside it
# Tables every Onboard database has from its first migration on: a file without them is an
# empty or foreign database, never a backup.
ONBOARD_TABLES = frozenset({"collections", "documents", "chunks"})


def backups(home: Path) -> list[Path]:
    """The backups of the knowledge base in home, newest first (other files in the folder are
    left alone)."""
    return [path for path in _newest_first(home, _PREFIX) if _stamp_of(path)]


def _newest_first(home: Path, prefix: str) -> list[Path]:
    """The databases in the backup folder whose names start with prefix, newest first."""
    folder = home / BACKUP_FOLDER
    found = folder.glob(f"{prefix}*.db") if folder.is_dir() else []
    return sorted(found, key=lambda path: path.name, reverse=True)


def made_at(backup: Path) -> datetime:
    """When a backup (or a database a restore replaced) was made: from its name, else, for a
    copy renamed by hand, the file's modification time."""
    return _stamp_of(backup) or datetime.fromtimestamp(backup.stat().st_mtime)


def _stamp_of(path: Path) -> datetime | None:
    """The time in a backup's or replaced database's name, None for any other name."""
    try:
        return datetime.strptime(
            path.stem.removeprefix(_PREFIX).removeprefix(REPLACED_PREFIX), _STAMP
        )
    except ValueError:
        return None


def when_text(backup: Path) -> str:
    """German date and time of a backup: „06.12.2026, 22:50 Uhr“."""
    return made_at(backup).strftime("%d.%m.%Y, %H:%M Uhr")


def back_up(home: Path, *, now: datetime | None = None) -> Path:
    """Copy the database consistently (SQLite's backup, safe while it is in use), check the
    copy, keep the KEEP newest backups. A damaged database raises StoreDamagedError and no
    older backup is removed."""
    database = home / DATABASE_FILE
    folder = home / BACKUP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{_PREFIX}{(now or datetime.now()).strftime(_STAMP)}.db"
    partial = target.with_suffix(".teil")
    _copy_checked(database, partial)
    partial.replace(target)
    for old in backups(home)[KEEP:]:
        old.unlink()
    return target


def back_up_if_due(home: Path, *, now: datetime | None = None) -> Path | None:
    """A backup unless there is one from today already (or no database yet)."""
    now = now or datetime.now()
    if not (home / DATABASE_FILE).exists():
        return None
    newest = backups(home)
    if newest and made_at(newest[0]).date() == now.date():
        return None
    return back_up(home, now=now)


def restore(home: Path, backup: Path | None = None, *, now: datetime | None = None) -> Path:
    """Put a backup (default: the newest that can be read) in place of the database. The
    database it replaces is kept, with its journal files, as `replaced_name` in the backup
    folder (the KEEP newest of them); the full-text index is removed and rebuilt from the
    restored database at the next opening. Returns the backup used.

    Refused (KnowledgeBaseInUseError) while a window or command has the knowledge base open.
    """
    refuse_if_open(home)
    if backup is not None and not backup.is_file():
        raise FileNotFoundError(f"Die Sicherung „{backup}“ gibt es nicht.")
    candidates = [backup] if backup is not None else backups(home)
    if not candidates:
        raise FileNotFoundError(f"Im Ordner „{home / BACKUP_FOLDER}“ gibt es keine Sicherung.")
    database = home / DATABASE_FILE
    incoming = home / f"{DATABASE_FILE}.neu"
    chosen = _copy_first_readable(candidates, incoming)
    kept = home / BACKUP_FOLDER / replaced_name(now)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)  # a backup from elsewhere, a new PC
        for suffix in _WITH_JOURNALS:
            current = home / f"{DATABASE_FILE}{suffix}"
            if current.exists():
                current.replace(kept.with_name(kept.name + suffix))
        incoming.replace(database)
    finally:
        incoming.unlink(missing_ok=True)  # left only when something above failed
    shutil.rmtree(home / FULLTEXT_FOLDER, ignore_errors=True)
    _prune_replaced(home)
    return chosen


def replaced(home: Path) -> list[Path]:
    """The databases earlier restores replaced, newest first."""
    return _newest_first(home, REPLACED_PREFIX)


def _prune_replaced(home: Path) -> None:
    """Keep the KEEP newest replaced databases (with their journal files): each can be as big
    as the knowledge base."""
    for old in replaced(home)[KEEP:]:
        for suffix in _WITH_JOURNALS:
            old.with_name(old.name + suffix).unlink(missing_ok=True)


def _copy_first_readable(candidates: list[Path], target: Path) -> Path:
    """Copy the first candidate that passes the check to target and return it; a damaged one
    is skipped (StoreDamagedError, in German about the backups, when none passes)."""
    for candidate in candidates[:-1]:
        try:
            _copy_checked(candidate, target)
        except StoreDamagedError:
            continue
        return candidate
    try:
        _copy_checked(candidates[-1], target)
    except StoreDamagedError as error:
        raise StoreDamagedError(_no_readable_backup(candidates)) from error
    return candidates[-1]


def _no_readable_backup(candidates: list[Path]) -> str:
    """German: the backup (or none of the backups) can be read; the database is unchanged."""
    if len(candidates) == 1:
        what = f"Die Sicherung „{candidates[0]}“ ist beschädigt oder keine Onboard-Sicherung."
    else:
        what = f"Keine der {len(candidates)} Sicherungen in „{candidates[0].parent}“ ist lesbar."
    return (
        f"{what} Die Wissensdatenbank wurde nicht verändert. Bitte wählen Sie eine andere "
        "Sicherung oder wenden Sie sich an die IT."
    )


def replaced_name(now: datetime | None = None) -> str:
    """File name under which a restore keeps the database it replaced."""
    return f"{REPLACED_PREFIX}{(now or datetime.now()).strftime(_STAMP)}.db"


def _copy_checked(source: Path, target: Path) -> None:
    """SQLite's online backup of source into target (replaced), then its quick integrity
    check; a damaged source raises StoreDamagedError and leaves no target."""
    target.unlink(missing_ok=True)
    reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writing = sqlite3.connect(str(target))
    try:
        reading.backup(writing)
        writing.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        verdict = writing.execute("PRAGMA quick_check").fetchone()
        if verdict != ("ok",):
            raise sqlite3.DatabaseError(f"quick_check: {verdict}")
        tables = {row[0] for row in writing.execute("SELECT name FROM sqlite_master")}
        if not tables >= ONBOARD_TABLES:  # an empty file is an empty database to SQLite
            raise sqlite3.DatabaseError("no Onboard tables")
    except sqlite3.DatabaseError as error:
        writing.close()
        target.unlink(missing_ok=True)
        if isinstance(error, sqlite3.OperationalError):  # locked, no access: not damage
            raise
        raise StoreDamagedError(damaged_store_message(source)) from error
    finally:
        reading.close()
    writing.close()
