"""German messages for a full disk, a busy or damaged database and a file without access."""

import errno
import sqlite3
from pathlib import Path

import pytest

from onboard.cli import library
from onboard.cli import main as cli_main
from onboard.core.storage_errors import (
    DISK_FULL_MESSAGE,
    NO_WRITE_ACCESS_MESSAGE,
    STORE_BUSY_MESSAGE,
    STORE_DAMAGED_IN_USE_MESSAGE,
    storage_problem,
)


def _cannot_open() -> sqlite3.OperationalError:
    """What SQLite raises for a database file it may not create (SQLITE_CANTOPEN)."""
    try:
        sqlite3.connect("file:/nicht/vorhanden/onboard.db?mode=ro", uri=True)
    except sqlite3.OperationalError as error:
        return error
    raise AssertionError("opened")


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (_cannot_open(), NO_WRITE_ACCESS_MESSAGE),
        (sqlite3.OperationalError("database or disk is full"), DISK_FULL_MESSAGE),
        (sqlite3.OperationalError("database is locked"), STORE_BUSY_MESSAGE),
        (sqlite3.DatabaseError("database disk image is malformed"), STORE_DAMAGED_IN_USE_MESSAGE),
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL_MESSAGE),
        (
            PermissionError(errno.EACCES, "Permission denied", "/srv/wissen/onboard.db"),
            "Die Datei „/srv/wissen/onboard.db“ konnte nicht gelesen oder geschrieben werden.",
        ),
        (ValueError("something else"), None),
    ],
)
def test_each_storage_error_gets_its_message(error: BaseException, message: str | None) -> None:
    assert storage_problem(error) == message


def test_a_full_disk_during_an_import_is_named_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*args: object, **kwargs: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(library, "_import_then_embed", full)
    argv = ["--home", str(tmp_path / "h"), "--embedder", "none", "ingest", str(tmp_path)]
    assert cli_main(argv) == 1
    assert capsys.readouterr().err == f"Fehler: {DISK_FULL_MESSAGE}\n"
