"""The Redaktion: collections with contacts, the documents table, metadata, removing."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from onboard.core.collections import Contact, contact_of
from onboard.gui import jobs
from onboard.gui.editor import dialogs
from onboard.gui.editor.dialogs import CollectionDialog
from onboard.gui.editor.documents_model import (
    EXPIRED,
    OVERDUE,
    REVIEW,
    STATUS,
    TITLE,
    VALID,
)
from onboard.gui.editor.window import EditorWindow
from onboard.gui.main_window import MainWindow
from onboard.gui.style import DECLINED, ERROR, TONES
from tests.gui.conftest import TIMEOUT_MS, WindowFactory, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")

LIBRARY = {
    "Personalamt/urlaub.md": "---\nverantwortlich: Frau Berg\nwiedervorlage: 2020-06-30\n---\n"
    "# Urlaub beantragen\n\nUrlaub beantragen Sie im Personalportal unter Abwesenheiten. "
    "Ihre Vertretung stimmt vorher zu, danach entscheidet die Führungskraft.\n",
    "Personalamt/krankmeldung.md": "# Krankmeldung\n\nWer krank ist, meldet sich vor "
    "Dienstbeginn telefonisch bei der Führungskraft und reicht die Bescheinigung ein.\n",
    "Personalamt/reisekosten.md": "---\ngueltig_bis: 2020-12-31\n---\n# Reisekosten alt\n\n"
    "Dienstreisen rechnen Sie mit dem Formular R7 ab. Die Reisekosten erstattet die Kasse.\n",
    "IT/passwort.md": "# Passwort ändern\n\nIhr Passwort ändern Sie im Self-Service-Portal "
    "der IT alle 90 Tage.\n",
    "IT/drucker.md": "# Drucker einrichten\n\nDrucker richten Sie über das Softwarecenter "
    "ein; der Etagendrucker heißt ETAGE-2.\n",
}


def write_library(root: Path) -> Path:
    """Two small collections (one document overdue, one expired) as a demo folder."""
    for name, text in LIBRARY.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def wait_library(qtbot: QtBot, window: MainWindow) -> None:
    """Until every change queued on the library lane is done."""
    qtbot.waitUntil(lambda: not window.runner.busy(jobs.LIBRARY), timeout=TIMEOUT_MS)


def open_editor(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, model: Any = None
) -> tuple[MainWindow, EditorWindow]:
    """A main window on the small library, ready, with the Redaktion opened by its menu."""
    window = make_window(model, demo_root=write_library(tmp_path / "bibliothek"))
    wait_ready(qtbot, window)
    window.editor_action.trigger()
    editor = window.editor
    assert editor is not None and editor.isVisible()
    return window, editor


def answer_boxes(monkeypatch: pytest.MonkeyPatch, *buttons: str) -> list[str]:
    """Every QMessageBox is answered with the first button of these texts it has; returns
    their texts (a box without any of them is cancelled)."""
    seen: list[str] = []

    def answer(box: QMessageBox) -> int:
        seen.append(box.text())
        present = {candidate.text(): candidate for candidate in box.buttons()}
        chosen = next((present[text] for text in buttons if text in present), None)
        (chosen or box.escapeButton() or box.buttons()[-1]).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return seen


@pytest.fixture(autouse=True)
def never_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """No message box ever waits for a user: unsaved pages are discarded when windows close."""
    answer_boxes(monkeypatch, "Verwerfen")


def in_dialog(qtbot: QtBot, fill: Callable[[CollectionDialog], None]) -> None:
    """Run fill on the collection dialog once it is open (it is modal)."""

    def later() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CollectionDialog)
        fill(dialog)

    QTimer.singleShot(0, later)


def titles(editor: EditorWindow) -> list[str]:
    """The titles shown in the documents table, in view order."""
    proxy = editor.documents.table.proxy
    return [str(proxy.index(row, TITLE).data()) for row in range(proxy.rowCount())]


def select_title(editor: EditorWindow, title: str) -> None:
    """Select a document by its title."""
    for row in range(editor.documents.table.documents.rowCount()):
        if editor.documents.table.documents.row(row)["title"] == title:
            editor.documents.table.select_id(int(editor.documents.table.documents.row(row)["id"]))
            return
    raise AssertionError(title)


def test_the_editor_opens_from_the_menu_with_collections_and_documents(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Redaktion → Redaktion öffnen… (Strg+E): collections left, their documents right."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    assert window.editor_action.shortcut().toString() == "Ctrl+E"
    assert editor.collections.names() == ["IT", "Personalamt"]
    assert editor.collections.current() == "IT"
    assert sorted(titles(editor)) == ["Drucker einrichten", "Passwort ändern"]
    editor.collections.select("Personalamt")
    assert editor.documents.collection == "Personalamt"
    assert len(titles(editor)) == 3
    assert "Keine Ansprechperson" in editor.collections.contact.text()
    assert editor.collections.list.item(1).text() == "Personalamt\n3 Dokumente"


def test_a_new_collection_with_its_contact_and_a_refused_duplicate(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Neu…: name and contact are stored; an existing name keeps the dialog open with why."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    problems: list[str] = []

    def duplicate(dialog: CollectionDialog) -> None:
        dialog.name.setText("IT")
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT_MS)
        problems.append(dialog.error.text())
        assert dialog.isVisible()
        dialog.reject()

    in_dialog(qtbot, duplicate)
    editor.collections.new_collection()
    assert problems == ["Eine Sammlung „IT“ gibt es schon."]

    def fill(dialog: CollectionDialog) -> None:
        dialog.name.setText("  Bauamt ")
        dialog.contact_name.setText("Frau Stein")
        dialog.unit.setText("Bauamt, Zimmer 3.02")
        dialog.phone.setText("0711 123-45")
        dialog.email.setText("stein@example.org")
        dialog.accept()

    in_dialog(qtbot, fill)
    editor.collections.new_collection()
    expected = Contact("Frau Stein", "Bauamt, Zimmer 3.02", "0711 123-45", "stein@example.org")
    assert contact_of(window.kb, "Bauamt") == expected
    assert editor.collections.current() == "Bauamt"
    assert "Frau Stein" in editor.collections.contact.text()
    assert "„Bauamt“ angelegt" in editor.message.text()
    combo = [window.collection.itemText(i) for i in range(window.collection.count())]
    assert "Bauamt" in combo  # the employees' collection filter follows


def test_rename_keeps_the_documents_searchable(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Bearbeiten…: a new name and a contact; the documents are found under the new name."""
    window, editor = open_editor(qtbot, make_window, tmp_path)

    def fill(dialog: CollectionDialog) -> None:
        assert dialog.name.text() == "IT"
        dialog.name.setText("IT-Service")
        dialog.contact_name.setText("Herr Kern")
        dialog.accept()

    in_dialog(qtbot, fill)
    editor.collections.edit_collection()
    assert editor.collections.names() == ["IT-Service", "Personalamt"]
    assert editor.collections.current() == "IT-Service"
    assert contact_of(window.kb, "IT-Service").name == "Herr Kern"
    hits = window.kb.search("Passwort ändern", collections=["IT-Service"], mode="fulltext")
    assert hits and hits[0].chunk.collection == "IT-Service"
    assert "heißt jetzt „IT-Service“" in editor.message.text()


def test_delete_asks_with_the_number_of_documents_and_empties_both_indexes(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Löschen…: 'Abbrechen' keeps everything; confirming removes documents and vectors."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    editor.collections.select("IT")
    seen = answer_boxes(monkeypatch, "Abbrechen")
    editor.collections.delete_button.click()
    assert "„IT“ mit 2 Dokumenten löschen?" in seen[0]
    assert not window.runner.busy(jobs.LIBRARY)
    assert "IT" in editor.collections.names()
    seen = answer_boxes(monkeypatch, "Sammlung löschen")
    editor.collections.delete_button.click()
    wait_library(qtbot, window)
    assert editor.collections.names() == ["Personalamt"]
    assert window.kb.documents(collection="IT") == []
    for mode in ("fulltext", "vector"):
        hits = window._answer_kb.search("Passwort Drucker", mode=mode)
        assert all(hit.chunk.collection != "IT" for hit in hits)
    assert "2 Dokumente entfernt" in editor.message.text()


def test_the_table_marks_overdue_and_expired_and_filters_and_sorts(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Overdue review and expired validity: text marker, icon and tone; filters; header sort."""
    _window, editor = open_editor(qtbot, make_window, tmp_path)
    editor.collections.select("Personalamt")
    table = editor.documents.table
    model = table.documents
    urlaub = model.index(model.row_of(_id(editor, "Urlaub beantragen")), REVIEW)
    assert urlaub.data() == "30.06.2020 – überfällig"
    assert urlaub.data(Qt.ItemDataRole.DecorationRole) is not None
    tone = TONES[(DECLINED, False)]
    assert urlaub.data(Qt.ItemDataRole.BackgroundRole).name() == tone.background
    expired = model.index(model.row_of(_id(editor, "Reisekosten alt")), VALID)
    assert expired.data() == "31.12.2020 – abgelaufen"
    assert expired.data(Qt.ItemDataRole.BackgroundRole).name() == TONES[(ERROR, False)].background
    plain = model.index(model.row_of(_id(editor, "Krankmeldung")), REVIEW)
    assert plain.data() == "–" and plain.data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(0, STATUS).data() == "Freigegeben"

    editor.documents.status_filter.setCurrentText(OVERDUE)
    assert titles(editor) == ["Urlaub beantragen"]
    editor.documents.status_filter.setCurrentText(EXPIRED)
    assert titles(editor) == ["Reisekosten alt"]
    editor.documents.status_filter.setCurrentIndex(0)
    editor.documents.filter.setText("krank")
    assert titles(editor) == ["Krankmeldung"]
    editor.documents.filter.clear()

    assert titles(editor) == ["Krankmeldung", "Reisekosten alt", "Urlaub beantragen"]
    header = table.horizontalHeader()
    click = QPoint(header.sectionViewportPosition(TITLE) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert titles(editor) == ["Urlaub beantragen", "Reisekosten alt", "Krankmeldung"]


def _id(editor: EditorWindow, title: str) -> int:
    """The id of a shown document by title."""
    model = editor.documents.table.documents
    return next(
        int(model.row(n)["id"]) for n in range(model.rowCount()) if model.row(n)["title"] == title
    )


def test_metadata_is_checked_next_to_the_field_and_saved(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A wrong date is shown beside its field and nothing is stored; then it is saved."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    editor.collections.select("Personalamt")
    select_title(editor, "Krankmeldung")
    form = editor.documents.form
    form.owner.setText("Herr Abel")
    form.review_date.setText("31.02.2027")
    form.audience.setCurrentText("Azubis, Führungskräfte")
    editor.documents.save_button.click()
    assert "Wiedervorlage: „31.02.2027“ ist kein Datum" in form.errors["review_date"].text()
    assert form.errors["review_date"].isVisibleTo(editor)
    assert not window.runner.busy(jobs.LIBRARY)
    assert form.owner.text() == "Herr Abel"  # nothing typed is lost
    form.review_date.setText("01.03.2027")
    form.valid_until.setText("keine")
    editor.documents.save_button.click()
    wait_library(qtbot, window)
    row = next(r for r in window.kb.documents() if r["title"] == "Krankmeldung")
    assert (row["owner"], row["review_date"], row["valid_until"]) == ("Herr Abel", "2027-03-01", "")
    assert row["audience"] == "Azubis, Führungskräfte"
    assert not form.errors["review_date"].isVisibleTo(editor)
    assert "gespeichert" in editor.message.text()
    assert editor.documents.selected()["owner"] == "Herr Abel"  # type: ignore[index]
    form.status.setCurrentText("Entwurf")
    editor.documents.save_button.click()
    wait_library(qtbot, window)
    assert editor.collections.list.currentItem().text() == (
        "Personalamt\n3 Dokumente, davon 1 Entwurf"
    )


@pytest.mark.parametrize(
    ("choice", "stays", "stored"),
    [
        (dialogs.CANCEL, "Krankmeldung", ""),
        (dialogs.DISCARD, "Urlaub beantragen", ""),
        (dialogs.SAVE, "Urlaub beantragen", "Herr Abel"),
    ],
)
def test_choosing_another_document_asks_about_unsaved_metadata(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    stays: str,
    stored: str,
) -> None:
    """Typed metadata is never dropped silently: Abbrechen stays, Speichern stores it."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    editor.collections.select("Personalamt")
    select_title(editor, "Krankmeldung")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda _parent, what: asked.append(what) or choice)
    editor.documents.form.owner.setText("Herr Abel")
    select_title(editor, "Urlaub beantragen")
    assert asked == ["Die Angaben zum vorigen Dokument"]
    assert editor.documents.selected()["title"] == stays  # type: ignore[index]
    if choice == dialogs.CANCEL:
        assert editor.documents.form.owner.text() == "Herr Abel"
    wait_library(qtbot, window)
    row = next(r for r in window.kb.documents() if r["title"] == "Krankmeldung")
    assert row["owner"] == stored


def test_choosing_another_collection_asks_about_unsaved_metadata(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Abbrechen keeps the collection and the typed value; Speichern stores, then switches."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    editor.collections.select("Personalamt")
    select_title(editor, "Krankmeldung")
    choices = [dialogs.CANCEL, dialogs.SAVE]
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda _parent, _what: choices.pop(0))
    editor.documents.form.owner.setText("Herr Abel")
    editor.collections.select("IT")
    assert editor.collections.current() == "Personalamt"
    assert editor.documents.collection == "Personalamt"
    assert editor.documents.form.owner.text() == "Herr Abel"
    editor.collections.select("IT")
    assert editor.documents.collection == "IT" and choices == []
    wait_library(qtbot, window)
    row = next(r for r in window.kb.documents() if r["title"] == "Krankmeldung")
    assert row["owner"] == "Herr Abel"


def test_the_delete_key_asks_and_removes_the_document(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entf on the table asks; 'Entfernen' removes the document from the knowledge base."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    select_title(editor, "Drucker einrichten")
    seen = answer_boxes(monkeypatch, "Entfernen")
    editor.documents.table.setFocus()
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.keyClick(editor.documents.table, Qt.Key.Key_Delete)
    assert seen and "„Drucker einrichten“" in seen[0]
    assert "der nächste Abgleich importiert sie wieder" in seen[0]  # still in its folder
    wait_library(qtbot, window)
    assert titles(editor) == ["Passwort ändern"]
    assert not window.kb.search("Etagendrucker Softwarecenter", mode="fulltext")


def test_an_imported_file_is_not_edited_as_a_page(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Seite bearbeiten on an imported file explains where it is changed."""
    _window, editor = open_editor(qtbot, make_window, tmp_path)
    select_title(editor, "Passwort ändern")
    editor.documents.edit_page_button.click()
    assert "in ihrem eigenen Programm geändert" in editor.message.text()
    assert "„Quellordner abgleichen“ übernimmt die Änderung" in editor.message.text()
    assert editor.page_editors == []


def test_every_editor_control_has_a_german_name_and_unique_mnemonics(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Editor window, page editor and import report: accessible names, no mnemonic twice."""
    from tests.gui.test_accessibility import interactive_widgets

    window, editor = open_editor(qtbot, make_window, tmp_path)
    editor.documents.import_panel.show()
    page = editor.open_page(None)
    qtbot.waitExposed(page)
    for root in (editor, page):
        widgets = interactive_widgets(root)
        assert len(widgets) > 10
        unnamed = [
            f"{type(w).__name__}({w.text() if hasattr(w, 'text') else ''})"
            for w in widgets
            if not w.accessibleName()
        ]
        assert unnamed == [], unnamed
    trapping_tab = [  # Qt's tables move from cell to cell with Tab and never let it out
        view.accessibleName()
        for root in (window, editor, page)
        for view in root.findChildren(QAbstractItemView)
        if view.tabKeyNavigation()
    ]
    assert trapping_tab == []
    for root in (editor.documents, page):
        letters = [
            text[text.index("&") + 1].lower()
            for widget in root.findChildren(QWidget)
            if isinstance(widget, QLabel | QAbstractButton)
            and "&" in (text := widget.text())
            and not text.startswith("<")
            and widget.isVisibleTo(root)
        ]
        assert len(letters) == len(set(letters)), letters
    page.reject()
    assert window.editor is editor


def test_long_entries_leave_the_title_readable_and_tab_leaves_the_table(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """At 1024 × 700 an owner with unit and phone number does not push the title out of
    sight; Tab moves on to the next control instead of from cell to cell."""
    window, editor = open_editor(qtbot, make_window, tmp_path)
    long_owner = "Michael Brandt, Leiter des Personalamts (Tel. 02551 69-2100, Zimmer 2.014)"
    for document in window.kb.documents(collection="IT"):
        window.kb.set_metadata(int(document["id"]), {"owner": long_owner})
    editor.resize(1024, 700)
    editor.collections.select("IT")
    editor.documents.refresh()
    table = editor.documents.table
    others = [table.columnWidth(column) for column in range(1, table.documents.columnCount())]
    assert table.columnWidth(TITLE) > max(others)
    assert not table.horizontalScrollBar().isVisible()
    table.setFocus()
    editor.activateWindow()
    qtbot.waitUntil(lambda: table.hasFocus())
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
