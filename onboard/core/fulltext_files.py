"""The full-text index's folder: create it, open it checked, know when it is damaged."""

import gc
import pickle
import struct
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from whoosh import index
from whoosh.fields import Schema

T = TypeVar("T")

# What Whoosh raises on a damaged index folder (a truncated or overwritten segment, a table of
# contents that is not one, a segment file gone missing). PermissionError is not damage.
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    index.IndexError,
    EOFError,
    pickle.UnpicklingError,
    struct.error,
    ValueError,
    KeyError,
    IndexError,
    FileNotFoundError,
)
# What a search raises on damaged data: only errors from reading files, so that a programming
# error is never mistaken for damage.
SEARCH_DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    index.IndexError,
    EOFError,
    pickle.UnpicklingError,
    struct.error,
    zlib.error,
    FileNotFoundError,
)
# Left in the index folder when a search found it damaged: the next opening rebuilds it.
DAMAGED_MARKER = "DAMAGED"
REBUILT_MESSAGE = (
    "Der Volltextindex war beschädigt und wurde aus den gespeicherten Unterlagen neu aufgebaut. "
    "Es ist nichts verloren gegangen."
)


class FullTextDamagedError(Exception):
    """The full-text index cannot be read; the message is German."""


def damaged_message(folder: Path, *, read_only: bool) -> str:
    """German: what a damaged full-text index means for the user."""
    if read_only:
        return (
            f"Der Volltextindex im Ordner „{folder}“ ist beschädigt. Die Redaktion muss die "
            "Wissensdatenbank einmal mit Schreibrechten öffnen; dann wird er aus den "
            "gespeicherten Unterlagen neu aufgebaut."
        )
    return (
        f"Der Volltextindex im Ordner „{folder}“ ist beschädigt. Er wird beim nächsten Öffnen "
        "der Wissensdatenbank aus den gespeicherten Unterlagen neu aufgebaut; es geht nichts "
        "verloren."
    )


def create(folder: Path, schema: Schema, name: str) -> index.Index:
    """A new, empty index in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DAMAGED_MARKER).unlink(missing_ok=True)
    return index.create_in(str(folder), schema, indexname=name)


def exists(folder: Path, name: str) -> bool:
    """Whether folder holds an index, readable or not."""
    found = _unless_damaged(lambda: bool(index.exists_in(str(folder), indexname=name)))
    return True if found is None else found  # None: a table of contents that cannot be read


def open_undamaged(folder: Path, name: str) -> index.Index | None:
    """The index, opened with every segment read once so that damage shows here and not in a
    search; None if it is damaged or a search found it damaged (DAMAGED_MARKER)."""
    if (folder / DAMAGED_MARKER).exists():
        return None
    return _unless_damaged(lambda: _open_and_read(folder, name))


def _unless_damaged(read: Callable[[], T]) -> T | None:
    """read(), or None if it found the index damaged. Whoosh then leaves files open; they are
    closed here (Windows cannot remove the folder while they are open), without warnings.
    When the window has taken collection over (automatic collection off), it is left to the
    window's thread: a collection here, on a worker, could destroy the window's Qt objects."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return read()
        except DAMAGE_ERRORS:
            pass
        if gc.isenabled():
            gc.collect()
    return None


def _open_and_read(folder: Path, name: str) -> index.Index:
    """Open the index and read every segment once."""
    opened = index.open_dir(str(folder), indexname=name)
    try:
        opened.reader().close()
    except BaseException:
        opened.close()
        raise
    return opened


def mark_damaged(folder: Path) -> None:
    """Leave the marker that makes the next opening rebuild the index."""
    (folder / DAMAGED_MARKER).touch()
