"""Rules for document metadata: status, review date, validity, audience (German wording)."""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

DRAFT = "Entwurf"
RELEASED = "Freigegeben"
STATUSES = (DRAFT, RELEASED)
AUDIENCES = ("alle", "Führungskräfte", "Azubis", "neue Beschäftigte")
EDITABLE_FIELDS = ("owner", "review_date", "valid_until", "audience", "status", "stand")
DATE_FIELDS = ("review_date", "valid_until")
FIELD_LABELS = {
    "owner": "Verantwortlich",
    "review_date": "Wiedervorlage",
    "valid_until": "Gültig bis",
    "audience": "Zielgruppe",
    "status": "Status",
    "stand": "Stand",
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class MetadataError(ValueError):
    """A metadata value that cannot be stored; the message is German."""


def parse_date(text: str | None) -> date | None:
    """A date from 'JJJJ-MM-TT' (a time after it is ignored) or 'TT.MM.JJJJ'; None for an
    empty or unreadable value."""
    text = (text or "").strip()[:10]
    iso, german = _ISO.match(text), _GERMAN.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if german:
            return date(int(german[3]), int(german[2]), int(german[1]))
    except ValueError:
        return None
    return None


def german_date(text: str | None) -> str:
    """A stored date as 'TT.MM.JJJJ' (unreadable values as given, trimmed)."""
    parsed = parse_date(text or "")
    return parsed.strftime("%d.%m.%Y") if parsed else (text or "").strip()


def normalize_status(text: str) -> str:
    """'Entwurf' or 'Freigegeben' from any capitalisation (also 'draft', 'released')."""
    key = text.strip().lower()
    if key in ("entwurf", "draft"):
        return DRAFT
    if key in ("freigegeben", "released", "freigabe", ""):
        return RELEASED
    raise MetadataError(f"Unbekannter Status „{text}“. Erlaubt sind: {', '.join(STATUSES)}.")


def normalize_audience(text: str) -> str:
    """Comma-separated roles, trimmed; empty means 'alle'."""
    roles = [role.strip() for role in text.split(",") if role.strip()]
    return ", ".join(dict.fromkeys(roles)) or "alle"


def validate_changes(changes: Mapping[str, str]) -> dict[str, str]:
    """Checked and normalised metadata changes (dates stored as JJJJ-MM-TT)."""
    result: dict[str, str] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise MetadataError(f"„{name}“ ist kein Metadatenfeld.")
        value = value.strip()
        if name in DATE_FIELDS and value:
            parsed = parse_date(value)
            if parsed is None:
                label = FIELD_LABELS[name]
                raise MetadataError(
                    f"{label}: „{value}“ ist kein Datum (Beispiel: 31.12.2026 oder 2026-12-31)."
                )
            value = parsed.isoformat()
        elif name == "status":
            value = normalize_status(value)
        elif name == "audience":
            value = normalize_audience(value)
        result[name] = value
    return result


def is_draft(status: str) -> bool:
    """Whether a document is a draft (never shown to employees)."""
    return status.strip().lower() in ("entwurf", "draft")


def is_expired(valid_until: str, today: date) -> bool:
    """Whether a document's validity ended before today."""
    end = parse_date(valid_until)
    return end is not None and end < today


def is_overdue(review_date: str, today: date) -> bool:
    """Whether a document's review date ('Wiedervorlage') has passed."""
    due = parse_date(review_date)
    return due is not None and due < today


def freshness_notes(status: str, valid_until: str, review_date: str, today: date) -> list[str]:
    """German warnings about a document: draft, expired, review overdue."""
    notes: list[str] = []
    if is_draft(status):
        notes.append("Entwurf – für Beschäftigte nicht sichtbar")
    if is_expired(valid_until, today):
        notes.append(f"abgelaufen (gültig bis {german_date(valid_until)})")
    overdue = overdue_note(review_date, today)
    if overdue:
        notes.append(overdue)
    return notes


def document_notes(document: Mapping[str, Any], today: date) -> list[str]:
    """freshness_notes of a document row."""
    return freshness_notes(
        str(document.get("status") or ""),
        str(document.get("valid_until") or ""),
        str(document.get("review_date") or ""),
        today,
    )


def overdue_note(review_date: str, today: date) -> str:
    """'Wiedervorlage überfällig seit …' if the review date has passed, else ''."""
    if not is_overdue(review_date, today):
        return ""
    return f"Wiedervorlage überfällig seit {german_date(review_date)}"


def clean_imported(metadata: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Front-matter metadata with unusable values dropped, and a German warning for each."""
    clean: dict[str, str] = {}
    warnings: list[str] = []
    for name, value in metadata.items():
        if name not in EDITABLE_FIELDS:
            clean[name] = value
            continue
        try:
            clean.update(validate_changes({name: value}))
        except MetadataError as problem:
            warnings.append(f"{problem} Der Wert wurde nicht übernommen.")
    return clean, warnings


def merged_with_file(
    in_file: Mapping[str, str],
    in_file_before: Mapping[str, str] | None,
    current: Mapping[str, Any],
) -> dict[str, str]:
    """The metadata a re-imported file gives its document: a field its header changed (or
    that was never recorded) takes the header's value; a field whose header value is as at the
    last import keeps what was set in Onboard since (e.g. „Entwurf“ set after importing a file
    whose header says „Freigegeben“)."""
    if in_file_before is None:
        return dict(in_file)
    return {
        name: value
        if in_file_before.get(name) != value or current.get(name) is None
        else str(current[name])
        for name, value in in_file.items()
    }
