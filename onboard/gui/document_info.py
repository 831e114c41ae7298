"""What the source viewer says about a document: dates, the meta line, warnings, file."""

from datetime import date
from pathlib import Path
from typing import Any

from onboard.core.metadata import document_notes, german_date

MISSING_NOTE = "Die Originaldatei ist nicht mehr vorhanden – angezeigt wird der gespeicherte Text."
UNREADABLE_NOTE = (
    "Die Originaldatei lässt sich nicht als PDF öffnen – angezeigt wird der gespeicherte Text."
)
NO_ORIGINAL = "Die Originaldatei ist nicht verfügbar."
NOT_OPENED = (
    "Die Datei „{path}“ ließ sich nicht öffnen: Sie fehlt inzwischen, oder auf diesem PC ist "
    "kein Programm für diesen Dateityp eingerichtet. Bitte wenden Sie sich an die IT."
)


def meta_line(document: dict[str, Any]) -> str:
    """'Sammlung: … · Verantwortlich: … · Stand: …' without the empty parts."""
    parts = [
        ("Sammlung", str(document.get("collection") or "").strip()),
        ("Verantwortlich", str(document.get("owner") or "").strip()),
        ("Stand", german_date(document.get("stand"))),
    ]
    return " · ".join(f"{label}: {value}" for label, value in parts if value)


def document_warning(document: dict[str, Any], *, today: date | None = None) -> str:
    """'Abgelaufen (gültig bis …) · Wiedervorlage überfällig seit …' and a draft's note, as
    far as they apply; '' for a valid, reviewed, released document."""
    notes = document_notes(document, today or date.today())
    return " · ".join(note[:1].upper() + note[1:] for note in notes)


def original_file(document: dict[str, Any]) -> Path | None:
    """The imported file if it still exists (benchmark records have none)."""
    origin = str(document.get("origin") or "")
    if not origin or origin.startswith("bench:"):
        return None
    path = Path(origin)
    return path if path.is_absolute() and path.is_file() else None
