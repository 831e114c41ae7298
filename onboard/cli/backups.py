"""onboard backup / onboard restore: back up the knowledge base's database, put a backup back."""

import argparse
import sys
from pathlib import Path
from typing import Any

from onboard.cli.common import writable_home
from onboard.core import backup, paths
from onboard.core.in_use import KnowledgeBaseInUseError


def register(commands: Any) -> None:
    """Add backup and restore to the parser."""
    command = commands.add_parser(
        "backup", help="Die Wissensdatenbank jetzt sichern und die Sicherungen auflisten"
    )
    command.set_defaults(handler=_cmd_backup)
    command = commands.add_parser(
        "restore",
        help="Eine Sicherung wiederherstellen (Onboard darf dabei nicht geöffnet sein)",
    )
    command.add_argument(
        "sicherung", nargs="?", type=Path, help="Sicherungsdatei (Standard: die neueste lesbare)"
    )
    command.set_defaults(handler=_cmd_restore)


def _cmd_backup(args: argparse.Namespace) -> int:
    """Make a backup now, list all."""
    home = writable_home(args)
    if not (home / paths.DATABASE_FILE).exists():
        print(f"Fehler: Im Ordner „{home}“ gibt es keine Wissensdatenbank.", file=sys.stderr)
        return 1
    made = backup.back_up(home)
    print(f"Gesichert: {made}")
    _list(home)
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    """Put the chosen (or newest) backup in place of the database."""
    home = writable_home(args)
    try:
        used = backup.restore(home, args.sicherung)
    except (FileNotFoundError, KnowledgeBaseInUseError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(f"Wiederhergestellt: Sicherung vom {backup.when_text(used)} ({used}).")
    print(
        f"Die ersetzte Datenbank liegt unter „{backup.BACKUP_FOLDER}/{backup.REPLACED_PREFIX}…“; "
        "der Volltextindex wird beim nächsten Öffnen neu aufgebaut."
    )
    return 0


def _list(home: Path) -> None:
    """The backups, newest first."""
    for found in backup.backups(home):
        print(f"  {backup.when_text(found)}  {found}")
