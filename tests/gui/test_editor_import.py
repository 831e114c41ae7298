"""Import in the Redaktion: progress, cancel, report per file, drag and drop, answers go on."""

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from onboard.core import kb as kb_module
from onboard.core.ingest import FAILED, IMPORTED, UNCHANGED
from onboard.gui.editor.window import EditorWindow
from tests.fakes import HashingEmbedder, ScriptedChatModel
from tests.gui.conftest import TIMEOUT_MS, WindowFactory, ask
from tests.gui.test_editor import (
    never_block,  # noqa: F401
    open_editor,
    wait_library,
)

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")

FILES = 30
FREE = 5  # files read before the import waits for the test


def many_files(folder: Path) -> Path:
    """A folder of small Markdown files and one broken Word file."""
    folder.mkdir(parents=True)
    for number in range(1, FILES + 1):
        (folder / f"merkblatt-{number:02d}.md").write_text(
            f"# Merkblatt {number}\n\nHinweis Nummer {number} zur Zeiterfassung im Rathaus.\n",
            encoding="utf-8",
        )
    (folder / "kaputt.docx").write_bytes(b"PK\x03\x04 kein echtes Word-Dokument")
    return folder


class Gate:
    """Lets FREE files through read_record, then waits (checking nothing else) until opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Wrap the core's read_record."""
        self.opened = threading.Event()
        self.calls = 0
        original = kb_module.read_record

        def gated(path: Path, **options: object) -> object:
            self.calls += 1
            if self.calls > FREE:
                self.opened.wait(TIMEOUT_MS / 1000)
            return original(path, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(kb_module, "read_record", gated)


def waiting_for(editor: EditorWindow) -> str:
    """The import panel's current-file line."""
    return editor.documents.import_panel.current.text()


def test_import_a_folder_with_progress_cancel_and_a_report(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ordner importieren…: bar and file name; Abbrechen stops; again: the rest and a reason."""
    window, editor = open_editor(qtbot, make_window, tmp_path, ScriptedChatModel("x [1]."))
    folder = many_files(tmp_path / "merkblaetter")
    gate = Gate(monkeypatch)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
    editor.collections.select("Personalamt")
    panel = editor.documents.import_panel
    editor.documents.import_folder_button.click()
    qtbot.waitUntil(lambda: waiting_for(editor).startswith("Datei 6 von 31"), timeout=TIMEOUT_MS)
    assert panel.isVisibleTo(editor) and panel.running
    assert panel.bar.maximum() == FILES + 1 and panel.bar.value() == FREE
    assert waiting_for(editor).endswith(": merkblatt-05.md")  # kaputt.docx comes first
    assert not editor.documents.import_folder_button.isEnabled()  # one import at a time
    # Employees keep asking while the import waits: the answer lane is not blocked.
    ask(qtbot, window, "Wie beantrage ich Urlaub?")
    assert window.history[-1].result is not None and window.history[-1].error == ""
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    gate.opened.set()
    qtbot.waitUntil(lambda: not panel.running, timeout=TIMEOUT_MS)
    assert panel.summary.text().startswith("Import abgebrochen:")
    done = panel.results()
    assert 0 < len(done) < FILES + 1
    assert panel.close_button.isEnabled() and not panel.cancel_button.isVisibleTo(editor)
    wait_library(qtbot, window)
    stored = [r for r in window.kb.documents(collection="Personalamt") if "Merkblatt" in r["title"]]
    assert len(stored) == sum(1 for _, result, _ in done if result == IMPORTED)

    editor.documents.import_folder_button.click()
    qtbot.waitUntil(lambda: not panel.running, timeout=TIMEOUT_MS)
    again = {name: (result, reason) for name, result, reason in panel.results()}
    assert again["kaputt.docx"][0] == FAILED
    assert "beschädigt" in again["kaputt.docx"][1]
    assert sum(result == UNCHANGED for result, _ in again.values()) == len(stored)
    assert sum(result in (IMPORTED, UNCHANGED) for result, _ in again.values()) == FILES
    assert panel.summary.text().startswith("Import beendet:")
    wait_library(qtbot, window)
    assert window.kb.store.count_without_vector(HashingEmbedder.identity) == 0
    hits = window.kb.search("Merkblatt 27 Zeiterfassung", mode="fulltext")
    assert hits and hits[0].chunk.title == "Merkblatt 27"
    model = editor.documents.table.documents
    assert "Merkblatt 27" in {model.row(n)["title"] for n in range(model.rowCount())}
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisibleTo(editor)


def test_files_dropped_on_the_table_are_imported(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Drag and drop onto the documents: imported into the chosen collection with a report."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    note = tmp_path / "dienstausweis.md"
    note.write_text("# Dienstausweis\n\nDen Dienstausweis gibt es an der Pforte.\n", "utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(note)), QUrl("https://example.org/x.pdf")])
    table = editor.documents.table
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    table.dropEvent(event)
    panel = editor.documents.import_panel
    assert panel.running and "Import in „IT“: dienstausweis.md" in panel.title.text()
    qtbot.waitUntil(lambda: not panel.running, timeout=TIMEOUT_MS)
    assert panel.results() == [("dienstausweis.md", IMPORTED, "")]
    wait_library(qtbot, window)
    assert "Dienstausweis" in {r["title"] for r in window.kb.documents(collection="IT")}
