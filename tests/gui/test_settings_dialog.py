"""Settings dialog: settings.json in the home, the data folder in QSettings, model list."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from onboard.core.models import ModelInfo
from onboard.core.settings import Settings, load_settings, save_settings
from onboard.gui.app import choose_home
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
    assert texts[1] == "good.gguf – 468,6 MB – geprüft" == model_label(GOOD)
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


# --- settings fixed by IT (onboard.ini) ---------------------------------------------------


def test_it_fixed_settings_are_disabled_and_labelled(
    it_config: Callable[[str], Path], qtbot: QtBot, isolated_home: Path, app_settings: QSettings
) -> None:
    """Model, threads and data folder from onboard.ini: disabled, labelled, path in tooltip."""
    ini = it_config(
        f"modell = good.gguf\nthreads = 2\nwissensdatenbank = {isolated_home}\n"
        "schreibgeschuetzt = ja\n",
    )
    save_settings(isolated_home, Settings(model="", threads=5))
    dialog = make_dialog(qtbot, isolated_home, app_settings)
    assert dialog.model.currentData() == "good.gguf" and dialog.threads.value() == 2
    for widget in (dialog.model, dialog.threads, dialog.folder):
        assert not widget.isEnabled()
        assert str(ini) in widget.toolTip() and str(ini) in widget.accessibleDescription()
    assert set(dialog.fixed_labels) == {"model", "threads", "home"}
    for label in dialog.fixed_labels.values():
        assert label.text() == "von der IT festgelegt"
        assert str(ini) in label.toolTip() and str(ini) in label.accessibleDescription()
    assert dialog.it_info is not None and str(ini) in dialog.it_info.text()
    assert "schreibgeschützt" in dialog.it_info.text()
    dialog.accept()
    assert load_settings(isolated_home) == Settings(model="", threads=5)  # the user's own
    assert not dialog.model_changed and not dialog.home_changed
    assert app_settings.value(HOME_KEY) is None


def test_only_what_it_fixes_is_disabled(
    it_config: Callable[[str], Path], qtbot: QtBot, isolated_home: Path, app_settings: QSettings
) -> None:
    """threads fixed, a bad value warned about; the model stays the user's choice."""
    it_config("threads = 3\nredaktion = vielleicht\n")
    dialog = make_dialog(qtbot, isolated_home, app_settings)
    assert set(dialog.fixed_labels) == {"threads"}
    assert dialog.model.isEnabled() and dialog.folder.isEnabled()
    assert not dialog.threads.isEnabled() and dialog.threads.value() == 3
    assert dialog.it_info is not None and "vielleicht" in dialog.it_info.text()
    dialog.model.setCurrentIndex(1)
    dialog.accept()
    assert load_settings(isolated_home) == Settings(model="good.gguf", threads=0)
    assert dialog.model_changed


def test_a_model_path_from_it_is_shown_even_if_not_listed(
    it_config: Callable[[str], Path], qtbot: QtBot, isolated_home: Path, app_settings: QSettings
) -> None:
    it_config("modell = /srv/modelle/haus.gguf\n")
    dialog = make_dialog(qtbot, isolated_home, app_settings)
    assert dialog.model.currentText() == "/srv/modelle/haus.gguf"
    assert not dialog.model.isEnabled()


def test_without_an_it_file_nothing_is_fixed(
    qtbot: QtBot, isolated_home: Path, app_settings: QSettings
) -> None:
    dialog = make_dialog(qtbot, isolated_home, app_settings)
    assert dialog.it_info is None and dialog.fixed_labels == {}
    assert dialog.model.isEnabled() and dialog.threads.isEnabled() and dialog.folder.isEnabled()


def test_the_it_data_folder_beats_the_one_chosen_in_the_settings(
    it_config: Callable[[str], Path],
    app_settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """choose_home: --home > onboard.ini > $ONBOARD_HOME > the folder saved in QSettings."""
    monkeypatch.delenv("ONBOARD_HOME")
    app_settings.setValue(HOME_KEY, str(tmp_path / "gewaehlt"))
    assert choose_home(None, app_settings) == (tmp_path / "gewaehlt").resolve()
    it_config(f"wissensdatenbank = {tmp_path / 'it-ordner'}\n")
    assert choose_home(None, app_settings) == (tmp_path / "it-ordner").resolve()
    explicit = choose_home(str(tmp_path / "admin"), app_settings)
    assert explicit == (tmp_path / "admin").resolve()
