"""The documents of a collection: filter, table, metadata of the chosen one, import."""

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from onboard.core.ingest import ImportReport
from onboard.core.metadata import document_notes
from onboard.core.pages import is_page
from onboard.core.parsers import SUPPORTED_SUFFIXES
from onboard.core.sync import comes_back_note
from onboard.gui.editor import dialogs
from onboard.gui.editor.documents_model import FILTERS
from onboard.gui.editor.documents_table import DocumentsTable
from onboard.gui.editor.import_panel import ImportPanel, import_title
from onboard.gui.editor.lane import EditorLane
from onboard.gui.editor.metadata_form import MetadataForm
from onboard.gui.style import DECLINED, box_style
from onboard.gui.widgets import with_clear_button

IMPORTED_FILE_NOTE = (
    "„{title}“ ist eine importierte Datei. Sie wird in ihrem eigenen Programm geändert "
    "(z. B. Word oder LibreOffice); „Quellordner abgleichen“ übernimmt die Änderung. Hier "
    "lassen sich nur ihre Angaben (Verantwortlich, Wiedervorlage …) ändern."
)

SYNC_TITLE = "Abgleich aller importierten Ordner und Dateien"
SYNC_TIP = (
    "Liest alle importierten Ordner und Dateien erneut: neue und geänderte Dateien werden "
    "übernommen, gelöschte entfernt. Ein Ordner, der gar nicht erreichbar ist, behält seine "
    "Dokumente."
)
NOTHING_TO_SYNC = (
    "Es wurden noch keine Ordner oder Dateien importiert – es gibt nichts abzugleichen. "
    "In Onboard geschriebene Seiten sind immer aktuell."
)


def file_filter() -> str:
    """The file dialog's filter: every supported format, then all files."""
    patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
    return f"Unterstützte Dokumente ({patterns});;Alle Dateien (*)"


class DocumentsTab(QWidget):
    """Filter row and buttons, the table beside the metadata panel, the import below."""

    page_requested = Signal(object)  # a page's document id, or None for a new page
    message = Signal(str, bool)

    def __init__(self, lane: EditorLane, parent: QWidget | None = None) -> None:
        """Build the tab; set_collection() fills it."""
        super().__init__(parent)
        self.lane = lane
        self.collection: str | None = None
        self.filter = with_clear_button(QLineEdit(self), what="Filter")
        self.filter.setAccessibleName("Dokumente filtern")
        self.filter.setPlaceholderText("Titel, Verantwortliche, Format …")
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Nach Status filtern")
        self.status_filter.addItems(list(FILTERS))
        self.table = DocumentsTable(self)
        self.filter.textChanged.connect(self.table.proxy.set_text)
        self.status_filter.currentTextChanged.connect(self.table.proxy.set_status)
        self.import_files_button = self._button("Dateien &importieren…", self.import_files)
        self.import_folder_button = self._button("&Ordner importieren…", self.import_folder)
        self.sync_button = self._button("&Quellordner abgleichen", self.sync_sources)
        self.sync_button.setToolTip(SYNC_TIP)
        self.new_page_button = self._button("Neue Seit&e…", lambda: self.page_requested.emit(None))
        self.edit_page_button = self._button("Seite &bearbeiten…", self.edit_page)
        self.form = MetadataForm(self, columns=3)
        self.details = self._details()
        self.import_panel = ImportPanel(self)
        self.import_panel.done.connect(self._imported)
        self.table.files_dropped.connect(self.start_import)
        self.table.remove_requested.connect(self.remove_document)
        self.table.document_activated.connect(lambda _id: self.edit_page())
        self._shown_id: int | None = None
        self.table.selectionModel().selectionChanged.connect(self._choose)
        self._layout()
        self._selection_changed()

    def _button(self, text: str, slot: Any) -> QPushButton:
        """A push button named for screen readers after its text."""
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _details(self) -> QGroupBox:
        """The panel of the chosen document: title, notes, metadata, save and remove."""
        box = QGroupBox("Angaben zum Dokument", self)
        box.setAccessibleName("Angaben zum Dokument")
        self.document_title = QLabel(box)
        self.document_title.setWordWrap(True)
        self.document_title.setAccessibleName("Gewähltes Dokument")
        self.document_notes = QLabel(box)
        self.document_notes.setWordWrap(True)
        self.document_notes.setAccessibleName("Hinweise zum Dokument")
        self.remove_button = self._button("Dokument ent&fernen…", self.remove_document)
        self.save_button = self._button("Angaben &speichern", self.save_metadata)  # Tab: as shown
        self.save_button.setAccessibleName("Angaben speichern")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.save_button)
        layout = QGridLayout(box)
        layout.addWidget(self.document_title, 0, 0)
        layout.addWidget(self.document_notes, 0, 1)
        layout.addWidget(self.form, 1, 0, 1, 2)
        layout.addLayout(buttons, 2, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(3, 1)
        return box

    def _layout(self) -> None:
        """Filter row, a row of import and page buttons, splitter (table | details), import
        panel."""
        filter_label = QLabel("Filtern nach Te&xt:", self)
        filter_label.setBuddy(self.filter)
        status_label = QLabel("Stat&us:", self)
        status_label.setBuddy(self.status_filter)
        row = QHBoxLayout()
        row.addWidget(filter_label)
        row.addWidget(self.filter, 1)
        row.addWidget(status_label)
        row.addWidget(self.status_filter)
        actions = QHBoxLayout()
        for button in (self.import_files_button, self.import_folder_button, self.sync_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.new_page_button)
        actions.addWidget(self.edit_page_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(actions)
        layout.addWidget(splitter, 3)
        layout.addWidget(self.import_panel, 2)

    # reading ------------------------------------------------------------------------------
    def set_collection(self, name: str | None) -> None:
        """Show the documents of a collection."""
        self.collection = name
        self._update_buttons()
        self.refresh(keep_form=False)

    def _update_buttons(self) -> None:
        """Import and new page need a collection; one import at a time."""
        usable = self.collection is not None
        idle = usable and not self.import_panel.running
        self.import_files_button.setEnabled(idle)
        self.import_folder_button.setEnabled(idle)
        self.sync_button.setEnabled(not self.import_panel.running)
        self.new_page_button.setEnabled(usable)
        self.table.setAcceptDrops(idle)

    def refresh(self, *, keep_form: bool = True) -> None:
        """Reload the rows, keeping the chosen document (and edits in its form)."""
        chosen = self.table.selected_id()
        rows = self.lane.reader.documents(collection=self.collection) if self.collection else []
        dirty = keep_form and self.form.is_dirty()
        self.table.selectionModel().blockSignals(True)
        self.table.documents.set_rows(rows)
        found = self.table.select_id(chosen)
        if not found and self.table.proxy.rowCount():
            self.table.selectRow(0)
        self.table.selectionModel().blockSignals(False)
        self.table.fit_columns()
        if not (dirty and found):
            self._selection_changed()

    def selected(self) -> dict[str, Any] | None:
        """The chosen document's row."""
        document_id = self.table.selected_id()
        if document_id is None:
            return None
        row = self.table.documents.row_of(document_id)
        return self.table.documents.row(row) if row >= 0 else None

    def _choose(self, *_: object) -> None:
        """Another document chosen: unsaved metadata of the previous one is asked about."""
        previous = self._shown_id
        changed = previous is not None and previous != self.table.selected_id()
        if changed and previous is not None and not self.settle_unsaved():
            self._reselect(previous)
            return
        self._selection_changed()

    def settle_unsaved(self) -> bool:
        """Before the form shows something else: save or drop typed metadata after asking;
        False if the user wants to stay (Abbrechen, or an entry that is not valid)."""
        if self._shown_id is None or not self.form.is_dirty():
            return True
        choice = dialogs.ask_unsaved(self, "Die Angaben zum vorigen Dokument")
        if choice == dialogs.CANCEL:
            return False
        if choice == dialogs.SAVE:
            values = self.form.check()
            if values is None:
                return False
            self._store_metadata(self._shown_id, values)
        return True

    def _reselect(self, document_id: int) -> None:
        """Go back to a document without reloading its form."""
        self.table.selectionModel().blockSignals(True)
        self.table.select_id(document_id)
        self.table.selectionModel().blockSignals(False)

    def _selection_changed(self, *_: object) -> None:
        """Show the chosen document's title, warnings and metadata."""
        row = self.selected()
        self._shown_id = None if row is None else int(row["id"])
        self.details.setEnabled(row is not None)
        self.edit_page_button.setEnabled(row is not None)
        if row is None:
            self.document_title.setText("Kein Dokument gewählt.")
            self.document_notes.clear()
            self.form.load({})
            return
        kind = "Seite (in Onboard geschrieben)" if is_page(row) else "importierte Datei"
        self.document_title.setText(f"<b>{html.escape(str(row['title']))}</b><br>{kind}")
        model = self.table.documents
        notes = document_notes(row, model.today)
        self.document_notes.setText("\n".join(f"⚠ {note}" for note in notes))
        self.document_notes.setStyleSheet(box_style(DECLINED, self.palette()) if notes else "")
        self.document_notes.setVisible(bool(notes))
        self.form.load(row)

    # changing -----------------------------------------------------------------------------
    def save_metadata(self) -> None:
        """Angaben speichern: checked here, stored on the library lane."""
        row = self.selected()
        values = self.form.check()
        if row is None or values is None:
            return
        self._store_metadata(int(row["id"]), values)

    def _store_metadata(self, document_id: int, values: dict[str, str]) -> None:
        """Store checked metadata on the library lane; confirm or show the German reason."""
        row = self.table.documents.row(self.table.documents.row_of(document_id))
        title = str(row["title"])
        shown = self._shown_id

        def done(_stored: object) -> None:
            if self._shown_id == shown:
                self.form.mark_saved()
            self.message.emit(f"Angaben zu „{title}“ gespeichert.", False)

        def failed(message: str) -> None:
            self.message.emit(f"Angaben zu „{title}“ nicht gespeichert: {message}", True)
            if self._shown_id == document_id:
                self.form.show_error(message)

        self.lane.write(
            "Angaben speichern",
            lambda kb: kb.set_metadata(document_id, values),
            done=done,
            failed=failed,
        )

    def remove_document(self) -> None:
        """Entfernen (also the Delete key): after a confirmation."""
        row = self.selected()
        if row is None:
            return
        title, document_id = str(row["title"]), int(row["id"])
        text = (
            f"Das Dokument „{title}“ aus der Wissensdatenbank entfernen?\n\n"
            "Es verschwindet aus der Suche und aus den Antworten."
        )
        if not is_page(row):
            text += " Die Originaldatei bleibt erhalten."
            note = comes_back_note(self.lane.reader.store, str(row.get("origin") or ""))
            text += f"\n\n{note}" if note else ""
        if not dialogs.confirm(self, "Dokument entfernen", text, action="Entfernen"):
            return
        self.lane.write(
            "Dokument entfernen",
            lambda kb: kb.remove_document(document_id),
            done=lambda _removed: self.message.emit(f"„{title}“ wurde entfernt.", False),
            failed=lambda problem: self.message.emit(problem, True),
        )

    def edit_page(self) -> None:
        """Seite bearbeiten: pages open in the page editor; imported files cannot be edited."""
        row = self.selected()
        if row is None:
            return
        if is_page(row):
            self.page_requested.emit(int(row["id"]))
        else:
            self.message.emit(IMPORTED_FILE_NOTE.format(title=row["title"]), False)

    # importing ----------------------------------------------------------------------------
    def import_files(self) -> None:
        """Dateien importieren…: choose files."""
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Dateien importieren", str(Path.home()), file_filter()
        )
        if paths:
            self.start_import([Path(path) for path in paths])

    def import_folder(self) -> None:
        """Ordner importieren…: choose a folder (with its sub-folders)."""
        folder = QFileDialog.getExistingDirectory(self, "Ordner importieren", str(Path.home()))
        if folder:
            self.start_import([Path(folder)])

    def start_import(self, paths: list[Path]) -> None:
        """Import files and folders into the chosen collection, on the library lane."""
        collection = self.collection
        if collection is None:
            self.message.emit("Bitte zuerst eine Sammlung wählen oder anlegen.", True)
            return
        if self.import_panel.running:
            self.message.emit("Es läuft schon ein Import. Bitte warten oder abbrechen.", True)
            return
        task = self.lane.stream(
            "Import (Redaktion)",
            lambda kb, cancel: kb.ingest(paths, collection=collection, cancel=cancel),
        )
        self.import_panel.start(task, import_title(collection, paths))
        self._update_buttons()

    def sync_sources(self) -> None:
        """Quellordner abgleichen: every imported folder and file again, in all collections."""
        if self.import_panel.running:
            self.message.emit("Es läuft schon ein Import. Bitte warten oder abbrechen.", True)
            return
        if not self.lane.reader.store.sources():
            self.message.emit(NOTHING_TO_SYNC, False)
            return
        task = self.lane.stream("Abgleich (Redaktion)", lambda kb, cancel: kb.sync(cancel=cancel))
        self.import_panel.start(task, SYNC_TITLE, what="Abgleich")
        self._update_buttons()

    def _imported(self, report: ImportReport | None) -> None:
        """After an import: the new documents get their vectors; buttons come back."""
        self._update_buttons()
        if report is not None and (report.outcomes or report.cancelled):
            self.lane.embed()
