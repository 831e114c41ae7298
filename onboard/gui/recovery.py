"""Starting on a damaged database: offer to put the newest backup in its place."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from onboard.core.backup import backups, restore, when_text
from onboard.core.in_use import refuse_if_open
from onboard.core.itconfig import load_it_config

Asker = Callable[[str, str], bool]  # (title, German text) → the user agreed


def offer_restore(home: Path, ask: Asker | None = None) -> bool:
    """Ask whether the newest backup should replace the damaged database; True once it has.
    Nothing is offered without a backup or on a knowledge base IT set up read-only; while
    another window has it open, KnowledgeBaseInUseError says to close that first."""
    found = backups(home)
    if not found or load_it_config().read_only:
        return False
    refuse_if_open(home)
    text = (
        f"Die Wissensdatenbank im Ordner „{home}“ ist beschädigt und kann nicht geöffnet "
        f"werden.\n\nDie letzte Sicherung ist vom {when_text(found[0])}. Soll Onboard sie "
        "wiederherstellen? Was danach geändert wurde, fehlt dann; die beschädigte Datei wird "
        "im Ordner der Sicherungen aufbewahrt. Ist diese Sicherung selbst unlesbar, nimmt "
        "Onboard die vorige."
    )
    if not (ask or _ask_user)("Sicherung wiederherstellen?", text):
        return False
    restore(home)
    return True


def _ask_user(title: str, text: str) -> bool:
    """A message box: restore (default) or quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text)
    chosen = box.addButton("Sicherung &wiederherstellen", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Beenden", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(chosen)
    box.exec()
    return box.clickedButton() is chosen
