"""German messages for what the disk and the database refuse: full, busy, damaged, no access."""

import errno
import sqlite3

DISK_FULL_MESSAGE = (
    "Auf dem Laufwerk der Wissensdatenbank ist kein Platz mehr. Bitte schaffen Sie Platz (oder "
    "fragen Sie die IT) und versuchen Sie es dann noch einmal. Was schon gespeichert ist, "
    "bleibt erhalten."
)
# The knowledge base was opened read-only because its drive is full (paths.drive_full).
FULL_DRIVE_READ_ONLY_MESSAGE = (
    "Auf dem Laufwerk der Wissensdatenbank ist kein Platz mehr: Onboard zeigt die Unterlagen "
    "nur an (Fragen und Suche gehen). Bitte schaffen Sie Platz (oder fragen Sie die IT) und "
    "starten Sie Onboard dann neu."
)
# After the connection's wait (store.STORE_WAIT_SECONDS): another program writes, or no access.
STORE_BUSY_MESSAGE = (
    "Die Wissensdatenbank ist gerade belegt (ein anderes Onboard-Programm speichert) oder nicht "
    "lesbar. Bitte versuchen Sie es noch einmal."
)
# SQLite may not create or change its files: no write permission, a share mounted read-only.
NO_WRITE_ACCESS_MESSAGE = (
    "Onboard darf im Datenordner der Wissensdatenbank nicht schreiben (keine Schreibrechte) "
    "oder erreicht ihn nicht. Bitte wenden Sie sich an die IT. Was gespeichert ist, bleibt "
    "erhalten."
)
NO_WRITE_ACCESS_ERRORS = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")
STORE_DAMAGED_IN_USE_MESSAGE = (
    "Die Wissensdatenbank ist beschädigt. Bitte wenden Sie sich an die IT: Der Befehl "
    "„onboard restore“ stellt die letzte Sicherung wieder her."
)


def storage_problem(error: BaseException) -> str | None:
    """The German message for a database or file error, None for any other error."""
    if isinstance(error, sqlite3.OperationalError):
        name = getattr(error, "sqlite_errorname", "")
        if name == "SQLITE_FULL" or "is full" in str(error):
            return DISK_FULL_MESSAGE
        return NO_WRITE_ACCESS_MESSAGE if name in NO_WRITE_ACCESS_ERRORS else STORE_BUSY_MESSAGE
    if isinstance(error, sqlite3.DatabaseError):  # found damaged while in use
        return STORE_DAMAGED_IN_USE_MESSAGE
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return DISK_FULL_MESSAGE
        name = f" „{error.filename}“" if error.filename else ""
        return f"Die Datei{name} konnte nicht gelesen oder geschrieben werden."
    return None
