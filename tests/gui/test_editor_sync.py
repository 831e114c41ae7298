"""Quellordner abgleichen in the Redaktion: changed, new and deleted files with a report; an
unreachable folder keeps its documents."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from onboard.core.ingest import IMPORTED, REMOVED, UNCHANGED, UNREACHABLE, UPDATED
from onboard.gui.background import SYNC, SYNC_DETAILS, SYNC_DETAILS_WITHOUT_EDITOR
from onboard.gui.editor.window import EditorWindow
from onboard.gui.main_window import MainWindow
from tests.fakes import HashingEmbedder
from tests.gui.conftest import TIMEOUT_MS, WindowFactory, wait_ready
from tests.gui.test_editor import open_editor, wait_library, write_library

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")


def started(qtbot: QtBot, make_window: WindowFactory, library: Path) -> MainWindow:
    """A window on the library, ready: its demo imported or its folders synced, vectors made."""
    window = make_window(demo_root=library)
    wait_ready(qtbot, window)
    return window


def _sync_by_shortcut(qtbot: QtBot, editor: EditorWindow) -> dict[str, tuple[str, str]]:
    """F5 in the Redaktion; the report as {file name: (result, reason)} once it is done."""
    action = next(
        a for a in editor.menuBar().actions()[0].menu().actions() if "abgleichen" in a.text()
    )
    assert action.shortcut() == QKeySequence("F5")
    action.trigger()
    panel = editor.documents.import_panel
    assert panel.isVisibleTo(editor) and panel.title.text().startswith("Abgleich")
    assert not editor.documents.sync_button.isEnabled()  # one at a time
    qtbot.waitUntil(lambda: not panel.running, timeout=TIMEOUT_MS)
    assert editor.documents.sync_button.isEnabled()
    return {name: (result, reason) for name, result, reason in panel.results()}


def test_sync_takes_over_changed_new_and_deleted_files(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, editor = open_editor(qtbot, make_window, tmp_path)
    library = tmp_path / "bibliothek"
    (library / "IT" / "passwort.md").write_text(
        "# Passwort ändern\n\nIhr Kennwort ändern Sie jetzt jedes Quartal am Kiosk im Foyer.\n",
        encoding="utf-8",
    )
    (library / "IT" / "drucker.md").unlink()
    (library / "IT" / "vpn.md").write_text(
        "# VPN\n\nVon zu Hause verbinden Sie sich mit dem Programm Fernzugang.\n", encoding="utf-8"
    )
    report = _sync_by_shortcut(qtbot, editor)
    assert report["passwort.md"][0] == UPDATED
    assert report["drucker.md"][0] == REMOVED
    assert report["vpn.md"][0] == IMPORTED
    assert report["urlaub.md"][0] == UNCHANGED
    summary = editor.documents.import_panel.summary.text()
    assert summary.startswith("Abgleich beendet:") and "1 entfernt" in summary
    wait_library(qtbot, window)
    assert window.kb.search("Kiosk Foyer", mode="fulltext")[0].chunk.title == "Passwort ändern"
    assert window.kb.store.count_without_vector(HashingEmbedder.identity) == 0
    titles = {row["title"] for row in window.kb.documents(collection="IT")}
    assert titles == {"Passwort ändern", "VPN"}


def test_an_unreachable_folder_is_named_and_keeps_its_documents(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, editor = open_editor(qtbot, make_window, tmp_path)
    library = tmp_path / "bibliothek"
    (library / "Personalamt").rename(tmp_path / "ausgehängt")
    report = _sync_by_shortcut(qtbot, editor)
    result, reason = report["Personalamt"]
    assert result == UNREACHABLE
    assert "nicht erreichbar" in reason and "Seine 3 Dokumente bleiben" in reason
    assert report["passwort.md"][0] == UNCHANGED
    first_row = editor.documents.import_panel.results()[0]
    assert first_row[0] == "Personalamt"  # problems above the unchanged files
    wait_library(qtbot, window)
    assert len(window.kb.documents(collection="Personalamt")) == 3


def test_sync_with_nothing_imported_says_so(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window, editor = open_editor(qtbot, make_window, tmp_path)
    for path, _collection in window.kb.store.sources():
        window.kb.store.forget_source(path)
    qtbot.mouseClick(editor.documents.sync_button, Qt.MouseButton.LeftButton)
    assert not editor.documents.import_panel.running
    assert "nichts abzugleichen" in editor.message.text()


def test_the_window_takes_over_changed_files_at_start(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    library = write_library(tmp_path / "bibliothek")
    first = started(qtbot, make_window, library)
    first.shutdown()
    again = started(qtbot, make_window, library)
    assert SYNC not in again.status.activities()  # nothing changed: nothing said

    again.shutdown()
    (library / "IT" / "drucker.md").write_text(
        "# Drucker einrichten\n\nDer neue Etagendrucker heißt LINDE-3.\n", encoding="utf-8"
    )
    (library / "Personalamt" / "reisekosten.md").unlink()
    third = started(qtbot, make_window, library)
    assert third.status.text(SYNC) == (
        "Abgleich beim Start: 1 aktualisiert, 1 entfernt. " + SYNC_DETAILS
    )
    assert third.kb.search("LINDE-3", mode="fulltext")[0].chunk.title == "Drucker einrichten"
    assert len(third.kb.documents()) == 4
    assert third.kb.store.count_without_vector(HashingEmbedder.identity) == 0


def test_the_demo_of_an_earlier_installation_is_not_reported_missing(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """IT installs a new version elsewhere: the demo folders move with the program."""
    first = started(qtbot, make_window, write_library(tmp_path / "Onboard-1.2" / "bibliothek"))
    before = {row["id"] for row in first.kb.documents()}
    first.shutdown()
    (tmp_path / "Onboard-1.2").rename(tmp_path / "Onboard-1.3")
    again = started(qtbot, make_window, tmp_path / "Onboard-1.3" / "bibliothek")
    assert SYNC not in again.status.activities()  # nothing unreachable, nothing imported twice
    assert {row["id"] for row in again.kb.documents()} == before
    assert all("Onboard-1.3" in str(row["origin"]) for row in again.kb.documents())


def test_a_collection_names_the_folders_it_is_synced_from(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    _window, editor = open_editor(qtbot, make_window, tmp_path)
    editor.collections.select("Personalamt")
    label = editor.collections.sources
    assert label.isVisibleTo(editor)
    folder = tmp_path / "bibliothek" / "Personalamt"
    assert label.text() == f"Quellordner:\n{folder} (3 Dokumente)"


def test_without_the_redaktion_the_start_up_status_points_to_it(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, it_config: Callable[[str], Path]
) -> None:
    """IT switched the Redaktion off: the status names what IT can use instead."""
    library = write_library(tmp_path / "bibliothek")
    first = started(qtbot, make_window, library)
    first.shutdown()
    (library / "IT" / "drucker.md").unlink()
    it_config("redaktion = nein\n")
    again = started(qtbot, make_window, library)
    assert again.status.text(SYNC) == (
        "Abgleich beim Start: 1 entfernt. " + SYNC_DETAILS_WITHOUT_EDITOR
    )
