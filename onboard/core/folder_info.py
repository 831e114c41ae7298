"""A collection folder's own description: `.sammlung.yaml` with the responsible contact."""

from pathlib import Path

import yaml

INFO_FILE = ".sammlung.yaml"
KEYS = {
    "beschreibung": "description",
    "ansprechperson": "contact_name",
    "einheit": "contact_unit",
    "telefon": "contact_phone",
    "e-mail": "contact_email",
    "email": "contact_email",
}


def folder_info(folder: Path) -> dict[str, str]:
    """Collection columns from the folder's `.sammlung.yaml` ({} if absent or unreadable)."""
    path = folder / INFO_FILE
    if not path.is_file():
        return {}
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {
        KEYS[str(key).lower()]: str(value).strip()
        for key, value in loaded.items()
        if str(key).lower() in KEYS and value is not None
    }
