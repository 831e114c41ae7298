"""What the source viewer says about a document: dates, the meta line, overdue review, file."""

from datetime import date, datetime
from pathlib import Path
from typing import Any


def parse_date(value: str | None) -> date | None:
    """An ISO (2024-05-31) or German (31.05.2024) date, or None."""
    text = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def german_date(value: str | None) -> str:
    """A date as 31.05.2024 where it can be read, else the text as given."""
    parsed = parse_date(value)
    return parsed.strftime("%d.%m.%Y") if parsed else (value or "").strip()


def meta_line(document: dict[str, Any]) -> str:
    """'Sammlung: … · Verantwortlich: … · Stand: …' without the empty parts."""
    parts = [
        ("Sammlung", str(document.get("collection") or "").strip()),
        ("Verantwortlich", str(document.get("owner") or "").strip()),
        ("Stand", german_date(document.get("stand"))),
    ]
    return " · ".join(f"{label}: {value}" for label, value in parts if value)


def overdue_warning(document: dict[str, Any], *, today: date | None = None) -> str:
    """'Wiedervorlage überfällig seit …' if the review date has passed, else ''."""
    review = parse_date(document.get("review_date"))
    if review is None or review >= (today or date.today()):
        return ""
    return f"Wiedervorlage überfällig seit {review.strftime('%d.%m.%Y')}"


def original_file(document: dict[str, Any]) -> Path | None:
    """The imported file if it still exists (benchmark records have none)."""
    origin = str(document.get("origin") or "")
    if not origin or origin.startswith("bench:"):
        return None
    path = Path(origin)
    return path if path.is_absolute() and path.is_file() else None
