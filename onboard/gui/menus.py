"""The main window's menu bar: Datei, Redaktion, Hilfe, and Esc to cancel an answer."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget


@dataclass(frozen=True)
class MenuActions:
    """The actions the window and its tests reach directly."""

    settings: QAction
    editor_menu: QMenu
    editor: QAction
    backup: QAction
    escape: QShortcut


def build_menu(
    window: QMainWindow,
    *,
    open_settings: Callable[[], object],
    open_editor: Callable[[], object],
    back_up: Callable[[], object],
    editor_available: bool,
    escape: Callable[[], object],
    home: Path,
) -> MenuActions:
    """Datei: Einstellungen…, Beenden; Redaktion (where allowed): öffnen… (Ctrl+E), jetzt
    sichern; Hilfe."""
    file_menu = window.menuBar().addMenu("&Datei")
    settings = QAction("&Einstellungen…", window)
    settings.setShortcut(QKeySequence("Ctrl+,"))
    settings.triggered.connect(open_settings)
    file_menu.addAction(settings)
    file_menu.addSeparator()
    quit_action = QAction("&Beenden", window)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)
    editor_menu = window.menuBar().addMenu("&Redaktion")
    editor = QAction("&Redaktion öffnen…", window)
    editor.setShortcut(QKeySequence("Ctrl+E"))
    editor.setToolTip("Sammlungen, Dokumente und Seiten pflegen (Strg+E)")
    editor.triggered.connect(open_editor)
    editor_menu.addAction(editor)
    backup = QAction("Datenbank jetzt &sichern", window)
    backup.setToolTip("Eine Sicherung der Wissensdatenbank anlegen (die drei neuesten bleiben)")
    backup.triggered.connect(back_up)
    editor_menu.addAction(backup)
    editor.setEnabled(editor_available)
    backup.setEnabled(editor_available)
    editor_menu.menuAction().setVisible(editor_available)
    help_menu = window.menuBar().addMenu("Hilf&e")
    about = QAction("Ü&ber Onboard", window)
    about.triggered.connect(lambda: show_about(window, home))
    help_menu.addAction(about)
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
    shortcut.activated.connect(escape)
    return MenuActions(settings, editor_menu, editor, backup, shortcut)


def show_about(parent: QWidget, home: Path) -> None:
    """A short note on what Onboard is."""
    QMessageBox.about(
        parent,
        "Über Onboard",
        "Onboard – die Wissensdatenbank für den Einstieg in Ihre Verwaltung.\n"
        "Läuft vollständig offline auf diesem Rechner.\n\n"
        f"Datenordner: {home}",
    )
