"""The central IT configuration onboard.ini: found, parsed, German warnings for bad values."""

import configparser
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import platformdirs

from onboard.core import paths

T = TypeVar("T")

IT_CONFIG_ENV = "ONBOARD_IT_CONFIG"
CONFIG_FILE = "onboard.ini"
SECTION = "onboard"
YES = frozenset({"ja", "j", "1", "true", "yes", "wahr", "an"})
NO = frozenset({"nein", "n", "0", "false", "no", "falsch", "aus"})
KEYS = {
    "wissensdatenbank": "home",
    "modell": "model",
    "threads": "threads",
    "redaktion": "editor_enabled",
    "schreibgeschuetzt": "read_only",
    "schreibgeschützt": "read_only",
}

HINTS = {
    "home": "erwartet wird ein Ordner.",
    "model": "erwartet wird ein Dateiname oder Pfad.",
    "threads": "erwartet wird eine ganze Zahl ab 0 (0 = automatisch).",
    "editor_enabled": "erwartet wird ja oder nein.",
    "read_only": "erwartet wird ja oder nein.",
}


@dataclass(frozen=True)
class ITConfig:
    """What IT fixed: each value None/default unless the file sets it; fixed names the fields."""

    source: Path | None = None
    home: Path | None = None
    model: str | None = None
    threads: int | None = None
    editor_enabled: bool = True
    read_only: bool = False
    fixed: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()

    def fixes(self, name: str) -> bool:
        """Whether the file sets this field (e.g. "home", "model", "threads")."""
        return name in self.fixed

    def opens_read_only(self, home: Path) -> bool:
        """Whether the knowledge base in home is only read: IT says so, or this user may not
        write there (no write access, a full drive)."""
        return self.read_only or paths.without_write_access(home)


def candidates() -> list[Path]:
    """Lookup order: $ONBOARD_IT_CONFIG alone, else beside the program, else the system folder."""
    explicit = os.environ.get(IT_CONFIG_ENV, "").strip()
    if explicit:
        return [Path(explicit).expanduser()]
    beside = Path(sys.executable).parent if paths.is_frozen() else paths.app_root()
    system = Path(platformdirs.site_config_dir(paths.APP_NAME, appauthor=False))
    return [beside / CONFIG_FILE, system / CONFIG_FILE]


def find_config() -> Path | None:
    """The first onboard.ini that exists, or None."""
    return next((path for path in candidates() if path.is_file()), None)


def load_it_config() -> ITConfig:
    """The IT configuration in effect (an empty one without a file); never raises."""
    source = find_config()
    if source is None:
        explicit = os.environ.get(IT_CONFIG_ENV, "").strip()
        note = f"Die in {IT_CONFIG_ENV} genannte Datei {explicit} fehlt." if explicit else None
        return ITConfig(warnings=(note,) if note else ())
    return parse_it_config(source)


def _read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 (Notepad's ANSI)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _section(path: Path, warnings: list[str]) -> dict[str, str]:
    """The [onboard] section as a dict; {} with a warning if the file is unusable."""
    try:
        text = _read_text(path)
    except OSError as error:
        warnings.append(f"Die IT-Konfiguration {path} kann nicht gelesen werden ({error}).")
        return {}
    parser = configparser.ConfigParser(
        interpolation=None, strict=False, inline_comment_prefixes=(";", "#")
    )
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        first_line = str(error).splitlines()[0]
        warnings.append(
            f"Die IT-Konfiguration {path} ist fehlerhaft und wird ignoriert: {first_line}"
        )
        return {}
    if not parser.has_section(SECTION):
        warnings.append(f"In der IT-Konfiguration {path} fehlt der Abschnitt [{SECTION}].")
        return {}
    return dict(parser.items(SECTION))


def _entries(path: Path, warnings: list[str]) -> dict[str, tuple[str, str]]:
    """Field name -> (key as written, value) for every known, non-empty key; unknown keys warn."""
    entries: dict[str, tuple[str, str]] = {}
    for key, raw in _section(path, warnings).items():
        name = KEYS.get(key)
        if name is None:
            warnings.append(f"Unbekannter Eintrag „{key}“ in {path} wird ignoriert.")
        elif raw.strip():
            entries[name] = (key, raw.strip())
    return entries


def _value(
    entries: dict[str, tuple[str, str]],
    name: str,
    parse: Callable[[str, Path], T | None],
    path: Path,
    warnings: list[str],
) -> T | None:
    """One field's parsed value; None if absent, or if invalid (then with a warning)."""
    if name not in entries:
        return None
    key, text = entries[name]
    value = parse(text, path.parent)
    if value is None:
        warnings.append(f"Ungültiger Wert „{text}“ für „{key}“ in {path}: {HINTS[name]}")
    return value


def parse_it_config(path: Path) -> ITConfig:
    """Read one onboard.ini; bad values are left out with a German warning each."""
    warnings: list[str] = []
    entries = _entries(path, warnings)
    home = _value(entries, "home", _home, path, warnings)
    model = _value(entries, "model", _model, path, warnings)
    threads = _value(entries, "threads", _threads, path, warnings)
    editor = _value(entries, "editor_enabled", _switch, path, warnings)
    read_only = _value(entries, "read_only", _switch, path, warnings)
    given = {
        "home": home,
        "model": model,
        "threads": threads,
        "editor_enabled": editor,
        "read_only": read_only,
    }
    return ITConfig(
        source=path,
        home=home,
        model=model,
        threads=threads,
        editor_enabled=editor is not False,
        read_only=read_only is True,
        fixed=frozenset(name for name, value in given.items() if value is not None),
        warnings=tuple(warnings),
    )


def _home(text: str, base: Path) -> Path:
    """A folder: ~ and environment variables expanded, relative to the ini file's folder."""
    folder = Path(os.path.expandvars(text)).expanduser()
    return folder if folder.is_absolute() else base / folder


def _model(text: str, base: Path) -> str:
    """A bare file name stays a name (searched in the models folders); a path becomes absolute."""
    path = Path(os.path.expandvars(text)).expanduser()
    if path.is_absolute() or len(path.parts) == 1:
        return str(path)
    return str(base / path)


def _threads(text: str, _base: Path) -> int | None:
    """A count of 0 or more ("automatisch" = 0); None if it is not one."""
    if text.casefold() == "automatisch":
        return 0
    try:
        count = int(text)
    except ValueError:
        return None
    return count if count >= 0 else None


def _switch(text: str, _base: Path) -> bool | None:
    """ja/nein (also 1/0, true/false); None if it is neither."""
    word = text.casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def editor_available(it_config: ITConfig, kb_read_only: bool) -> bool:
    """Whether the editor for department leads may be offered."""
    return it_config.editor_enabled and not it_config.read_only and not kb_read_only
