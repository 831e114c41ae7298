"""German messages for what the disk and the database refuse: full, busy, damaged, no access."""

import errno
import sqlite3

DISK_FULL_MESSAGE = (
    "Auf dem Laufwerk der Wissensdatenbank ist kein Platz mehr. Bitte schaffen Sie Platz (oder "
    "fragen Sie die IT) und versuchen Sie es dann noch einmal. Was schon gespeichert ist, "
    "bleibt erhalten."
)
# After the connection's wait (store.STORE_WAIT_SECONDS): another program writes, or no access.
STORE_BUSY_MESSAGE = (
    "Die Wissensdatenbank ist gerade belegt (ein anderes Onboard-Programm speichert) oder nicht "
    "lesbar. Bitte versuchen Sie es noch einmal."
)
STORE_DAMAGED_IN_USE_MESSAGE = (
    "Die Wissensdatenbank ist beschädigt. Bitte wenden Sie sich an die IT: Der Befehl "
    "„onboard restore“ stellt die letzte Sicherung wieder her."
)


def storage_problem(error: BaseException) -> str | None:
    """The German message for a database or file error, None for any other error."""
    if isinstance(error, sqlite3.OperationalError):
        full = getattr(error, "sqlite_errorname", "") == "SQLITE_FULL" or "is full" in str(error)
        return DISK_FULL_MESSAGE if full else STORE_BUSY_MESSAGE
    if isinstance(error, sqlite3.DatabaseError):  # found damaged while in use
        return STORE_DAMAGED_IN_USE_MESSAGE
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return DISK_FULL_MESSAGE
        name = f" „{error.filename}“" if error.filename else ""
        return f"Die Datei{name} konnte nicht gelesen oder geschrieben werden."
    return None
