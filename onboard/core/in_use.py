"""Who has a knowledge base open: each open knowledge base holds a locked marker file, so that
a restore can refuse while a window or a command still uses the database.

A marker is a file of its own per opening, locked exclusively (several windows may share one
knowledge base). The operating system drops the lock when the program ends, also after a crash;
a marker nobody holds any more is stale and is removed by the next check.
"""

import os
import uuid
from pathlib import Path

from whoosh.util.filelock import FileLock

IN_USE_FOLDER = ".geoeffnet"
_SUFFIX = ".lock"


class KnowledgeBaseInUseError(RuntimeError):
    """The knowledge base is open in another window or command (German message)."""


class UseMarker:
    """The marker of one opening of the knowledge base in home, held until release()."""

    def __init__(self, home: Path) -> None:
        """Create and lock the marker; without write access to home there is none."""
        self._path = home / IN_USE_FOLDER / f"{os.getpid()}-{uuid.uuid4().hex[:12]}{_SUFFIX}"
        self._lock: FileLock | None = None
        try:
            self._path.parent.mkdir(exist_ok=True)
            lock = FileLock(str(self._path))
            if lock.acquire(blocking=False):
                self._lock = lock
        except OSError:  # a folder without write access: nobody could restore there either
            return

    def release(self) -> None:
        """Unlock and remove the marker (again: nothing)."""
        if self._lock is None:
            return
        self._lock.release()
        self._lock = None
        self._path.unlink(missing_ok=True)


def openings(home: Path) -> int:
    """How many programs have the knowledge base in home open (a window opens it once per
    thread, but counts once); stale markers are removed."""
    folder = home / IN_USE_FOLDER
    programs: set[str] = set()
    for marker in sorted(folder.glob(f"*{_SUFFIX}")) if folder.is_dir() else []:
        probe = FileLock(str(marker))
        try:
            free = probe.acquire(blocking=False)
        except OSError:
            free = False
        if not free:
            programs.add(marker.name.split("-", 1)[0])
            continue
        probe.release()
        marker.unlink(missing_ok=True)
    return len(programs)


def refuse_if_open(home: Path) -> None:
    """Raise KnowledgeBaseInUseError while any window or command has the knowledge base open."""
    count = openings(home)
    if count:
        raise KnowledgeBaseInUseError(
            f"Die Wissensdatenbank im Ordner „{home}“ ist noch geöffnet "
            f"({count} Fenster oder Befehl{'e' if count > 1 else ''}). Bitte schließen Sie "
            "zuerst alle Onboard-Fenster und warten Sie laufende Importe ab; dann noch einmal."
        )
