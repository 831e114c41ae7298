"""onboard-gui: the home folder (--home, $ONBOARD_HOME, the saved choice) and the entry point."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTranslator
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from onboard.core.backup import BACKUP_FOLDER, REPLACED_PREFIX, back_up
from onboard.core.in_use import UseMarker
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import save_page
from onboard.gui import main_window, recovery
from onboard.gui.app import choose_home, main, parse_args
from onboard.gui.focus_style import VisibleFocusStyle
from onboard.gui.german_qt import install_german_qt_texts
from onboard.gui.settings_dialog import HOME_KEY
from tests.fakes import HashingEmbedder


def test_explicit_home_wins(tmp_path: Path, app_settings: QSettings) -> None:
    """--home beats $ONBOARD_HOME and the saved choice."""
    app_settings.setValue(HOME_KEY, str(tmp_path / "saved"))
    assert choose_home(str(tmp_path / "explicit"), app_settings) == tmp_path / "explicit"


def test_environment_beats_the_saved_choice(
    tmp_path: Path, app_settings: QSettings, isolated_home: Path
) -> None:
    """$ONBOARD_HOME (set by the test setup) beats QSettings."""
    app_settings.setValue(HOME_KEY, str(tmp_path / "saved"))
    assert choose_home(None, app_settings) == isolated_home


def test_saved_choice_is_used_without_option_or_environment(
    tmp_path: Path, app_settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --home and $ONBOARD_HOME the folder chosen in the settings is used."""
    monkeypatch.delenv("ONBOARD_HOME")
    app_settings.setValue(HOME_KEY, str(tmp_path / "saved"))
    assert choose_home(None, app_settings) == tmp_path / "saved"
    assert (tmp_path / "saved").is_dir()


def test_qt_options_are_passed_on() -> None:
    """Unknown options are Qt's."""
    args, rest = parse_args(["--home", "/x", "-platform", "offscreen"])
    assert args.home == "/x" and rest == ["-platform", "offscreen"]


def test_module_entry_point_has_german_help() -> None:
    """python -m onboard.gui.app --help works without a display."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "onboard.gui.app", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "--home DIR" in done.stdout and "Datenordner" in done.stdout


def _damaged_home_with_backup(tmp_path: Path) -> Path:
    """A knowledge base with one page and a backup, whose database is then damaged."""
    home = tmp_path / "home"
    with KnowledgeBase(home, embedder=None) as kb:
        save_page(kb, collection="IT", title="Drucker", markdown="Drucken geht über Follow-Me.")
    back_up(home)
    database = home / "onboard.db"
    database.write_bytes(b"x" * 100 + database.read_bytes()[100:])
    return home


def _window_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[main_window.MainWindow]:
    """main() builds windows with test doubles; exec() closes the first one at once."""
    opened: list[main_window.MainWindow] = []
    real = main_window.MainWindow

    def fake_window(home: Path, **options: object) -> main_window.MainWindow:
        window = real(
            home,
            embedder=HashingEmbedder(),
            model_loader=lambda: None,
            prepare_model=False,
            demo_root=tmp_path / "keine-demo",
            app_settings=QSettings(str(tmp_path / "q.ini"), QSettings.Format.IniFormat),
        )
        opened.append(window)
        return window

    def fake_exec() -> int:
        assert opened and opened[0].isVisible()
        opened[0].close()
        return 0

    monkeypatch.setattr(main_window, "MainWindow", fake_window)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    return opened


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_main_opens_the_window_on_the_chosen_home(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """main() shows the window for --home and ends it cleanly when the event loop ends."""
    opened = _window_factory(tmp_path, monkeypatch)
    assert main(["--home", str(tmp_path / "home")]) == 0
    assert opened[0].home == (tmp_path / "home").resolve()
    assert opened[0].runner.running_lanes() == []
    assert isinstance(QApplication.style(), VisibleFocusStyle)  # visible focus on list entries


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_the_running_app_shows_qt_own_texts_in_german(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Context menus, standard buttons, file dialogs and key names come from Qt itself; main()
    loads Qt's German texts for them, once however often it is asked to."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.setParent(None)
    _window_factory(tmp_path, monkeypatch)
    assert main(["--home", str(tmp_path / "home")]) == 0
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    texts = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
    assert texts[:2] == ["&Rückgängig", "Wieder&herstellen"]
    assert "Alles auswählen" in texts
    assert QKeySequence("Ctrl+B").toString(QKeySequence.SequenceFormat.NativeText) == "Strg+B"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert [button.text() for button in buttons.buttons()] == ["Abbrechen"]
    menu.deleteLater()
    field.deleteLater()
    assert install_german_qt_texts(app) == 1
    assert len(app.findChildren(QTranslator)) == 1


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_a_damaged_database_is_restored_from_the_backup_when_the_user_agrees(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start offers the newest backup; agreeing restores it and opens the window."""
    home = _damaged_home_with_backup(tmp_path)
    opened = _window_factory(tmp_path, monkeypatch)
    asked: list[str] = []
    monkeypatch.setattr(recovery, "_ask_user", lambda title, text: asked.append(text) or True)
    assert main(["--home", str(home)]) == 0
    assert "beschädigt" in asked[0] and "letzte Sicherung ist vom" in asked[0]
    assert len(opened) == 1 and opened[0].home == home
    with KnowledgeBase(home, embedder=None) as kb:
        assert [document["title"] for document in kb.documents()] == ["Drucker"]


def test_declining_the_restore_ends_with_a_german_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is replaced when the user says no; the start ends with the reason."""
    home = _damaged_home_with_backup(tmp_path)
    damaged = (home / "onboard.db").read_bytes()
    _window_factory(tmp_path, monkeypatch)
    monkeypatch.setattr(recovery, "_ask_user", lambda title, text: False)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert main(["--home", str(home)]) == 1
    assert "beschädigt" in shown[0] and "onboard restore" in shown[0]
    assert (home / "onboard.db").read_bytes() == damaged


def test_no_restore_is_offered_while_another_window_has_the_database_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replacing the file under a running window would lose what that window writes."""
    home = _damaged_home_with_backup(tmp_path)
    _window_factory(tmp_path, monkeypatch)
    asked: list[str] = []
    monkeypatch.setattr(recovery, "_ask_user", lambda title, text: asked.append(text) or True)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    other_window = UseMarker(home)
    try:
        assert main(["--home", str(home)]) == 1
    finally:
        other_window.release()
    assert asked == [] and "noch geöffnet" in shown[0]
    assert not list((home / BACKUP_FOLDER).glob(f"{REPLACED_PREFIX}*"))
