"""Import as a generator: files found, parsed, chunked and stored in batches, with a report."""

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onboard.core.documents import ImportProblem, ParsedDocument
from onboard.core.parsers import DEFAULT_MAX_BYTES, parse_file
from onboard.core.wording import size_text

IMPORTED = "importiert"
UPDATED = "aktualisiert"
UNCHANGED = "unverändert"
FAILED = "fehlgeschlagen"
REMOVED = "entfernt"
UNREACHABLE = "nicht erreichbar"  # a whole folder or drive is missing: its documents stay
MOVED = "verschoben"  # a known document's file found at a new place: the document follows
PROBLEMS = (FAILED, UNREACHABLE)
STATUSES = (IMPORTED, UPDATED, MOVED, UNCHANGED, REMOVED, UNREACHABLE, FAILED)
CHANGES = (IMPORTED, UPDATED, MOVED, REMOVED, UNREACHABLE)

IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
SETTLED_NS = 3_000_000_000  # FAT keeps times to 2 s


class CancelFlag:
    """Set from any thread to stop a long operation at its next step."""

    def __init__(self) -> None:
        """Not cancelled."""
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the operation to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._event.is_set()


@dataclass(frozen=True)
class Progress:
    """Progress of a long operation: steps done of total, current item, phase name (German)."""

    done: int
    total: int
    current: str
    phase: str


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: status (German word) and a German message if it failed."""

    path: str
    status: str
    message: str = ""
    document_id: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """All outcomes of one import, and whether it was cancelled."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: str) -> int:
        """How many files ended with this status."""
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    def problems(self) -> int:
        """How many files failed or sources were unreachable."""
        return sum(self.count(status) for status in PROBLEMS)

    def summary(self, statuses: tuple[str, ...] = STATUSES) -> str:
        """One German line: counts per status (of these statuses)."""
        parts = [f"{self.count(status)} {status}" for status in statuses if self.count(status)]
        text = ", ".join(parts) if parts else "keine Dateien"
        return text + (" (abgebrochen)" if self.cancelled else "")


@dataclass(frozen=True)
class Record:
    """A document ready to store: origin, collection, parsed content, hash and size."""

    origin: str
    collection: str
    parsed: ParsedDocument
    content_hash: str
    size_bytes: int
    mtime_ns: int | None = None  # of the file read (None: not from a file)


ImportEvent = Progress | FileOutcome


BROKEN_LINK = "Die Verknüpfung zeigt auf eine Datei oder einen Ordner, den es nicht gibt."


def content_hash(data: bytes) -> str:
    """sha256 of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Files below the given paths (folders recursively), and outcomes for missing paths and
    for links in a folder that point nowhere (other entries that are no files are skipped)."""
    found: list[Path] = []
    missing: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            for entry in sorted(p for p in path.rglob("*") if not _ignored(p, path)):
                if entry.is_file():
                    found.append(entry)
                elif entry.is_symlink() and not entry.exists():
                    missing.append(FileOutcome(str(entry), FAILED, BROKEN_LINK))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(FileOutcome(str(path), FAILED, "Datei oder Ordner nicht gefunden."))
    return list(dict.fromkeys(found)), missing


def _ignored(path: Path, root: Path) -> bool:
    """Hidden files, Office lock files and system files are not documents."""
    parts = path.relative_to(root).parts
    return (
        any(part.startswith(".") for part in parts)
        or path.name.startswith("~$")
        or path.name in IGNORED_NAMES
    )


def read_record(
    path: Path,
    *,
    collection: str,
    known_hash: str | None,
    moved_from: Callable[[str], int | None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Record | FileOutcome:
    """Parse one file into a Record, or an outcome (unchanged / failed / moved: moved_from
    names a document with this content whose file is gone) without parsing it."""
    try:
        stat = path.stat()
        size = stat.st_size
        if size > max_bytes:
            return FileOutcome(str(path), FAILED, _too_large(size, max_bytes))
        data = path.read_bytes()
    except OSError as error:
        return FileOutcome(str(path), FAILED, f"Die Datei kann nicht gelesen werden ({error}).")
    digest = content_hash(data)
    if digest == known_hash:
        return FileOutcome(str(path), UNCHANGED)
    moved = moved_from(digest) if moved_from is not None else None
    if moved is not None:
        return FileOutcome(str(path), MOVED, document_id=moved)
    try:
        parsed = parse_file(path, max_bytes=max_bytes)
    except ImportProblem as problem:
        return FileOutcome(str(path), FAILED, str(problem))
    except Exception as error:  # a parser bug must not stop the import
        return FileOutcome(
            str(path), FAILED, f"Unerwarteter Fehler beim Lesen ({type(error).__name__})."
        )
    if not parsed.sections:
        return FileOutcome(str(path), FAILED, "Die Datei enthält keinen Text.")
    return Record(str(path), collection, parsed, digest, len(data), settled(stat.st_mtime_ns))


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of a file, None if it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def settled(mtime_ns: int) -> int | None:
    """A modification time worth remembering: not one of the last seconds, in which the file
    may still change without its time changing (coarse clocks of file systems)."""
    return mtime_ns if time.time_ns() - mtime_ns > SETTLED_NS else None


def stored_stamp(document: dict[str, Any]) -> tuple[int, int] | None:
    """(size, modification time) of the file as it was imported, None if not known."""
    mtime = document.get("file_mtime_ns")
    return None if mtime is None else (int(document["size_bytes"]), int(mtime))


def _too_large(size: int, limit: int) -> str:
    """German message for a file over the size limit."""
    return (
        f"Die Datei ist mit {size_text(size)} größer als die erlaubte Grenze "
        f"von {size_text(limit)}."
    )
