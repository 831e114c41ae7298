"""Pages written in the Redaktion: toolbar, live preview, images, save, versions, closing."""

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from onboard.core.metadata import DRAFT, RELEASED
from onboard.core.pages import is_page
from onboard.gui.editor.page_editor import FRONT_MATTER_TAKEN, PageEditor
from onboard.gui.editor.page_versions import VersionsDialog
from onboard.gui.editor.window import EditorWindow
from tests.fakes import HashingEmbedder, ScriptedChatModel
from tests.gui.conftest import TIMEOUT_MS, WindowFactory, ask
from tests.gui.test_editor import (
    answer_boxes,
    never_block,  # noqa: F401
    open_editor,
    wait_library,
)

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")

PAGE = "Parkplätze für Beschäftigte"


def new_page(qtbot: QtBot, editor: EditorWindow) -> PageEditor:
    """Neue Seite… in the chosen collection."""
    editor.documents.new_page_button.click()
    page = editor.page_editors[-1]
    qtbot.waitExposed(page)
    return page


def type_page(qtbot: QtBot, page: PageEditor) -> None:
    """Title and text typed, with a heading and a table from the toolbar."""
    page.title.setText(PAGE)
    page.text.setFocus()
    qtbot.keyClicks(page.text, "Parken in der Tiefgarage")
    page.make_heading()
    page.text.moveCursor(page.text.textCursor().MoveOperation.End)
    qtbot.keyClick(page.text, Qt.Key.Key_Return)
    page.text.insertPlainText("Die Einfahrt öffnet der Dienstausweis.")
    page.insert_table()
    page.make_bold()
    qtbot.keyClicks(page.text, "Wichtig")


def save(qtbot: QtBot, page: PageEditor) -> None:
    """Speichern and wait until it is stored."""
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.saving, timeout=TIMEOUT_MS)


def test_a_new_page_is_a_draft_with_a_live_preview_and_searchable_once_released(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Toolbar Markdown, debounced preview with heading and table; saved and found at once."""
    model = ScriptedChatModel("In der Tiefgarage parken Sie mit dem Dienstausweis [1].")
    window, editor = open_editor(qtbot, make_window, tmp_path, model)
    page = new_page(qtbot, editor)
    assert page.collection.currentText() == "IT"
    assert page.form.status.currentText() == DRAFT  # half-written pages stay invisible
    type_page(qtbot, page)
    text = page.markdown()
    assert text.startswith("## Parken in der Tiefgarage\n")
    assert "| Spalte 1 | Spalte 2 | Spalte 3 |\n| --- | --- | --- |" in text
    assert text.rstrip().endswith("**Wichtig**")
    assert page.timer.isActive()  # the preview follows 300 ms after the last key
    qtbot.waitUntil(lambda: not page.timer.isActive(), timeout=TIMEOUT_MS)
    html = page.preview.toHtml()
    assert "Parken in der Tiefgarage" in page.preview.toPlainText()
    assert "<table" in html and "Spalte 2" in html
    assert page.is_dirty()

    save(qtbot, page)
    assert page.state.text() == "Gespeichert (Version 1)"
    assert not page.is_dirty()
    assert not window.kb.search("Tiefgarage Dienstausweis", mode="fulltext")  # a draft
    drafts = window.kb.search("Tiefgarage Dienstausweis", mode="fulltext", include_drafts=True)
    assert drafts and drafts[0].chunk.title == PAGE

    page.form.status.setCurrentText(RELEASED)
    save(qtbot, page)
    assert page.state.text() == "Gespeichert (Version 2)"
    hits = window.kb.search("Tiefgarage Dienstausweis", mode="fulltext")  # at once
    assert hits and hits[0].chunk.title == PAGE and hits[0].chunk.collection == "IT"
    wait_library(qtbot, window)  # the vectors follow in the background
    assert window.kb.store.count_without_vector(HashingEmbedder.identity) == 0
    row = next(r for r in window.kb.documents(collection="IT") if r["title"] == PAGE)
    assert is_page(row) and row["status"] == RELEASED
    model = editor.documents.table.documents
    assert PAGE in {model.row(n)["title"] for n in range(model.rowCount())}

    ask(qtbot, window, "Wo parke ich in der Tiefgarage?")
    result = window.history[-1].result
    assert result is not None
    assert PAGE in [source.hit.chunk.title for source in result.sources]


def test_an_image_is_copied_into_the_knowledge_base_and_shown_in_the_preview(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, isolated_home: Path
) -> None:
    """Bild einfügen…: copied to bilder/, linked relatively, the preview loads it."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    picture = tmp_path / "lageplan.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    assert image.save(str(picture))
    page = new_page(qtbot, editor)
    page.insert_image(picture)
    qtbot.waitUntil(lambda: "](bilder/" in page.markdown(), timeout=TIMEOUT_MS)
    relative = page.markdown().split("](", 1)[1].split(")", 1)[0]
    assert (isolated_home / relative).is_file()
    assert page.markdown().strip().startswith("![lageplan](bilder/")
    page.update_preview()
    resource = page.preview.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(relative))
    assert isinstance(resource, QByteArray)
    assert not QImage.fromData(resource).isNull()
    wait_library(qtbot, window)


def test_versions_are_listed_and_an_earlier_one_restored(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Versionen…: the earlier version with its text; Wiederherstellen makes it the newest."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    page = new_page(qtbot, editor)
    page.title.setText(PAGE)
    page.text.setPlainText("# Parken\n\nErste Fassung.")
    save(qtbot, page)
    page.text.setPlainText("# Parken\n\nZweite Fassung.")
    save(qtbot, page)
    assert page.state.text() == "Gespeichert (Version 2)"
    document_id = page.document_id
    assert document_id is not None

    seen: list[str] = []

    def restore() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VersionsDialog)
        seen.extend(dialog.list.item(row).text() for row in range(dialog.list.count()))
        seen.append(dialog.preview.toPlainText())
        dialog.restore_button.click()

    QTimer.singleShot(0, restore)
    page.versions_button.click()
    assert len(seen) == 2 and seen[0].startswith("Version 1 – ")
    assert seen[0].endswith(PAGE) and "Erste Fassung" in seen[1]
    assert page.markdown().strip() == "# Parken\n\nErste Fassung."
    assert page.state.text() == "Version 1 wiederhergestellt (jetzt Version 3)"
    assert not page.is_dirty()
    wait_library(qtbot, window)
    hits = window.kb.search("Erste Fassung", mode="fulltext", include_drafts=True)
    assert hits[0].chunk.document_id == document_id


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Abbrechen keeps the editor open, Speichern saves and closes, Verwerfen just closes."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    page = new_page(qtbot, editor)
    page.title.setText(PAGE)
    page.text.setPlainText("# Parken\n\nText.")
    seen = answer_boxes(monkeypatch, "Abbrechen")
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert seen == ["Die Seite hat ungespeicherte Änderungen. Möchten Sie sie speichern?"]
    assert page.isVisible()
    answer_boxes(monkeypatch, "Speichern")
    page.reject()
    qtbot.waitUntil(lambda: page not in editor.page_editors, timeout=TIMEOUT_MS)
    assert any(r["title"] == PAGE for r in window.kb.documents(collection="IT"))
    assert editor.page_editors == []
    other = new_page(qtbot, editor)
    other.text.setPlainText("Nur ein Versuch")
    seen = answer_boxes(monkeypatch, "Verwerfen")
    other.close()
    assert seen and other not in editor.page_editors
    assert not window.kb.search("Versuch", mode="fulltext", include_drafts=True)


def test_a_pasted_front_matter_fills_the_fields_and_leaves_the_text(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A Markdown file pasted whole: its header sets title, owner and status instead of being
    saved as words of the page; a header that cannot be read stops the save with its reason."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    page = new_page(qtbot, editor)
    body = "# Schlüssel\n\nSchlüssel gibt die Hausverwaltung in Raum 0.12 aus.\n"
    page.text.setPlainText(f"---\ntitel: [kaputt\n---\n{body}")
    save(qtbot, page)
    assert "Kopfbereich (YAML-Front-Matter) ist fehlerhaft" in page.state.text()
    assert page.document_id is None and page.markdown().startswith("---")

    header = "---\ntitel: Schlüsselausgabe\nverantwortlich: Frau Ünal\nstatus: Freigegeben\n---\n"
    page.text.setPlainText(header + "\n" + body)
    save(qtbot, page)
    assert page.state.text() == f"Gespeichert (Version 1) – {FRONT_MATTER_TAKEN}"
    assert page.title.text() == "Schlüsselausgabe"
    assert page.markdown() == body
    row = next(r for r in window.kb.documents(collection="IT") if r["id"] == page.document_id)
    stored = (row["title"], row["owner"], row["status"])
    assert stored == ("Schlüsselausgabe", "Frau Ünal", RELEASED)
    assert not window.kb.search("verantwortlich Freigegeben", mode="fulltext")


def test_a_field_error_replaces_an_earlier_error_in_the_state_line(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """First no title, then a wrong date: the state line no longer asks for the title."""
    _window, editor = open_editor(qtbot, make_window, tmp_path)
    page = new_page(qtbot, editor)
    page.text.setPlainText("Text der Seite")
    save(qtbot, page)
    assert page.state.text() == "Bitte einen Titel für die Seite eingeben."
    qtbot.waitUntil(page.title.hasFocus, timeout=TIMEOUT_MS)  # the cursor waits in the title
    page.title.setText("Neue Seite")
    page.form.review_date.setText("31.02.2027")
    save(qtbot, page)
    assert page.state.text() == "Bitte die markierten Angaben prüfen."
    assert page.form.error_text().startswith("Wiedervorlage")
