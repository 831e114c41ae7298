"""Settings dialog: settings.json in the home, the data folder in QSettings, model list."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from onboard.core.models import ModelInfo
from onboard.core.settings import Settings, load_settings, save_settings
from onboard.gui.settings_dialog import HOME_KEY, SettingsDialog, model_label
from tests.fakes import ScriptedChatModel
from tests.gui.conftest import WindowFactory, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

GOOD = ModelInfo(Path("/m/good.gguf"), "good.gguf", 491_400_064, "Q4_K_M", 32768, verified=True)
BROKEN = ModelInfo(Path("/m/bad.gguf"), "bad.gguf", 1_000, problem="keine GGUF-Datei")


def make_dialog(qtbot: QtBot, home: Path, settings: QSettings) -> SettingsDialog:
    """A dialog with two known model files."""
    home.mkdir(parents=True, exist_ok=True)
    dialog = SettingsDialog(home, app_settings=settings, models=[GOOD, BROKEN])
    qtbot.addWidget(dialog)
    return dialog


def test_models_are_listed_with_size_and_state(
    qtbot: QtBot, isolated_home: Path, app_settings: QSettings
) -> None:
    """Standardmodell first, then each file; broken files cannot be chosen."""
    dialog = make_dialog(qtbot, isolated_home, app_settings)
    texts = [dialog.model.itemText(i) for i in range(dialog.model.count())]
    assert texts[0].startswith("Standardmodell")
    assert texts[1] == "good.gguf – 491 MB – geprüft" == model_label(GOOD)
    assert "nicht verwendbar: keine GGUF-Datei" in texts[2]
    items = dialog.model.model()
    assert items.flags(items.index(1, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert not items.flags(items.index(2, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert dialog.threads.specialValueText() == "automatisch"


def test_saving_writes_settings_json_and_the_home_choice(
    qtbot: QtBot, isolated_home: Path, app_settings: QSettings, tmp_path: Path
) -> None:
    """Model and threads go to settings.json; another data folder to QSettings."""
    save_settings(isolated_home, Settings(embedder="use"))
    dialog = make_dialog(qtbot, isolated_home, app_settings)
    dialog.model.setCurrentIndex(1)
    dialog.threads.setValue(3)
    dialog.folder.setText(str(tmp_path / "anderer-ordner"))
    dialog.accept()
    saved = load_settings(isolated_home)
    assert saved == Settings(model="good.gguf", threads=3, embedder="use")
    assert (isolated_home / "settings.json").is_file()
    assert dialog.model_changed and dialog.home_changed
    assert app_settings.value(HOME_KEY) == str((tmp_path / "anderer-ordner").resolve())


def test_unchanged_model_does_not_ask_for_a_reload(
    qtbot: QtBot, isolated_home: Path, app_settings: QSettings
) -> None:
    """Saving the same choice is no change; the home stays as it is."""
    dialog = make_dialog(qtbot, isolated_home, app_settings)
    dialog.accept()
    assert not dialog.model_changed and not dialog.home_changed
    assert app_settings.value(HOME_KEY) is None


def test_window_reloads_the_model_in_the_background(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """A changed model setting loads the model anew; answers stay possible meanwhile."""
    calls: list[int] = []

    def loader() -> ScriptedChatModel:
        calls.append(1)
        return ScriptedChatModel(f"Antwort {len(calls)} [1].")

    window = make_window(model_loader=loader)
    wait_ready(qtbot, window)
    first = window.background.model
    window.background.reload_model()
    assert window.background.model is None
    assert window.status.text("model") == "Sprachmodell wird vorbereitet …"
    qtbot.waitUntil(lambda: window.background.model is not None, timeout=10_000)
    assert len(calls) == 2 and window.background.model is not first
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    assert window.settings_action.text() == "&Einstellungen…"
