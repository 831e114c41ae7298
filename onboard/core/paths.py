"""The one place that decides where Onboard keeps data, models and assets."""

import os
import shutil
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Onboard"
HOME_ENV = "ONBOARD_HOME"
# Inside a knowledge base's home: the database (everything) and the full-text index (rebuilt
# from the database).
DATABASE_FILE = "onboard.db"
FULLTEXT_FOLDER = "fulltext"
# Below this much free space a drive counts as full: the knowledge base is then only read.
FULL_BELOW = 1024 * 1024


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def app_root() -> Path:
    """The folder of the program: the bundle folder when frozen, else the repository root."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[2]


def assets_dir() -> Path:
    """Bundled assets (demo knowledge base, icons, styles)."""
    return app_root() / "assets"


def demo_dir() -> Path:
    """The demo knowledge base: one folder per collection."""
    return assets_dir() / "demo"


def demo_folders(root: Path | None = None) -> list[Path]:
    """The demo knowledge base's collections: one sub-folder each (none if it is missing)."""
    folder = root or demo_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def it_home() -> Path | None:
    """The data folder fixed by the IT configuration (onboard.ini `wissensdatenbank`), if any."""
    from onboard.core.itconfig import load_it_config  # itconfig imports this module

    return load_it_config().home


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: explicit, else IT's onboard.ini, else $ONBOARD_HOME, else the default."""
    fixed_by_it = None if explicit else it_home()
    if explicit:
        home = Path(explicit)
    elif fixed_by_it is not None:
        home = fixed_by_it
    elif os.environ.get(HOME_ENV):
        home = Path(os.environ[HOME_ENV])
    else:
        home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    home = home.expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def without_write_access(home: Path) -> bool:
    """Whether home holds a knowledge base that this user may not change (a share mounted
    read-only, no write permission, a full drive): it is then opened read-only, so search
    still works."""
    if not (home / DATABASE_FILE).is_file():
        return False
    return not os.access(home, os.W_OK) or drive_full(home)


def drive_full(folder: Path) -> bool:
    """Whether the folder's drive has less than FULL_BELOW bytes free (SQLite could not even
    create the shared-memory file it needs to read)."""
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def model_dirs(home: Path) -> list[Path]:
    """Folders scanned for GGUF models: next to the program, then in the data folder."""
    beside_program = (Path(sys.executable).parent if is_frozen() else app_root()) / "models"
    return [beside_program, home / "models"]
