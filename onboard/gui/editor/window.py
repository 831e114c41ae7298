"""The Redaktion window: collections on the left, documents and gaps on the right."""

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from onboard.core.kb import KnowledgeBase
from onboard.gui import jobs
from onboard.gui.announce import LiveLabel
from onboard.gui.editor.collections_panel import CollectionsPanel
from onboard.gui.editor.documents_tab import DocumentsTab
from onboard.gui.editor.gaps_view import GapsView
from onboard.gui.editor.lane import EditorLane
from onboard.gui.editor.page_editor import PageEditor
from onboard.gui.style import ERROR, box_style
from onboard.gui.tasks import TaskRunner
from onboard.gui.widgets import StatusArea

DOCUMENTS_TAB, GAPS_TAB = 0, 1
READY = (
    "Änderungen sind sofort in der Volltextsuche; die Suche nach Bedeutung folgt im Hintergrund."
)


def follow_status(lane: EditorLane, status: StatusArea) -> None:
    """Show the lane's background steps (embeddings after a change) in a status area."""
    lane.step.connect(status.show_step)
    lane.step_finished.connect(lambda text, error: status.finish(jobs.LIBRARY, text, error=error))


def build_editor(
    parent: QWidget,
    runner: TaskRunner,
    *,
    reader: KnowledgeBase,
    writer: KnowledgeBase,
    status: StatusArea,
) -> "EditorWindow":
    """The Redaktion of a main window: reads with reader (GUI thread), writes with writer on
    the library lane; its background steps also show in the main window's status."""
    lane = EditorLane(runner, reader=reader, writer=writer, parent=parent)
    follow_status(lane, status)
    return EditorWindow(lane, parent)


class EditorWindow(QMainWindow):
    """Where department leads keep their collections, documents and pages current."""

    def __init__(self, lane: EditorLane, parent: QWidget | None = None) -> None:
        """Build the window; refresh() fills it."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Onboard – Redaktion")
        self.lane = lane
        self.page_editors: list[PageEditor] = []
        self.collections = CollectionsPanel(lane, self)
        self.documents = DocumentsTab(lane, self)
        self.gaps = GapsView(lane, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Bereiche der Redaktion")
        self.tabs.tabBar().setAccessibleName("Bereiche der Redaktion")
        self.tabs.addTab(self.documents, "&Dokumente")
        self.tabs.addTab(self.gaps, "Lüc&ken")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.message = LiveLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Meldung der Redaktion")
        self.message.hide()
        self.status = StatusArea(self)
        self.status.add_activity(jobs.LIBRARY, "Unterlagen")
        follow_status(lane, self.status)
        self.status.finish(jobs.LIBRARY, READY)
        lane.changed.connect(self.refresh)
        self.collections.chosen.connect(self._collection_chosen)
        self.collections.message.connect(self.show_message)
        self.documents.message.connect(self.show_message)
        self.documents.page_requested.connect(lambda document_id: self.open_page(document_id))
        self.gaps.write_page.connect(
            lambda question, collection: self.open_page(None, title=question, collection=collection)
        )
        self._layout()
        self._menu()
        self.refresh()

    def _layout(self) -> None:
        """Collections | (message, tabs), status below."""
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.message)
        column.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.collections)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1000])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        chain: list[QWidget] = [
            self.collections.list,
            self.collections.new_button,
            self.collections.edit_button,
            self.collections.delete_button,
            self.tabs,
            self.documents.filter,
            self.documents.status_filter,
            self.documents.import_files_button,
            self.documents.import_folder_button,
            self.documents.sync_button,
            self.documents.new_page_button,
            self.documents.edit_page_button,
            self.documents.table,
            *self.documents.form.widgets.values(),
            self.documents.save_button,
            self.documents.remove_button,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.resize(1280, 800)

    def _menu(self) -> None:
        """Redaktion menu: new collection, imports, sync, new page, close – all with shortcuts."""
        menu = self.menuBar().addMenu("&Redaktion")
        for text, keys, slot in (
            ("&Neue Sammlung…", "Ctrl+Shift+N", self.collections.new_collection),
            ("Dateien &importieren…", "Ctrl+I", self.documents.import_files),
            ("&Ordner importieren…", "Ctrl+Shift+I", self.documents.import_folder),
            ("&Quellordner abgleichen", "F5", self.documents.sync_sources),
            ("Neue &Seite…", "Ctrl+N", lambda: self.open_page(None)),
            ("S&chließen", "Ctrl+W", self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)

    # refreshing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload collections, documents and gaps after a change."""
        self.collections.refresh()
        self.gaps.set_collections(self.collections.names(), None)
        self.documents.refresh()

    def _collection_chosen(self, name: str | None) -> None:
        """Show the chosen collection's documents (typed metadata is asked about first)."""
        if name == self.documents.collection:
            return
        if not self.documents.settle_unsaved():
            self.collections.select(self.documents.collection or "")
            return
        self.documents.set_collection(name)

    def _tab_changed(self, index: int) -> None:
        """The gaps are read when their tab is shown."""
        if index == GAPS_TAB:
            self.gaps.refresh()

    def show_message(self, text: str, error: bool = False) -> None:
        """A German message above the tabs (errors in the error tone)."""
        self.message.setText(text)
        self.message.setStyleSheet(box_style(ERROR, self.palette()) if error else "")
        self.message.setVisible(bool(text))

    # pages --------------------------------------------------------------------------------
    def open_page(
        self, document_id: int | None, *, title: str = "", collection: str | None = None
    ) -> PageEditor:
        """The page editor for a page (None: a new one in the chosen collection)."""
        for editor in self.page_editors:
            if document_id is not None and editor.document_id == document_id:
                editor.show()
                editor.raise_()
                editor.activateWindow()
                return editor
        editor = PageEditor(
            self.lane,
            collections=self.collections.names(),
            collection=collection or self.collections.current(),
            document_id=document_id,
            title=title,
            parent=self,
        )
        editor.finished.connect(lambda _result: self._page_closed(editor))
        editor.saved.connect(lambda _id: self.show_message(""))
        self.page_editors.append(editor)
        editor.show()
        return editor

    def _page_closed(self, editor: PageEditor) -> None:
        """A page editor was closed: forget it."""
        if editor in self.page_editors:
            self.page_editors.remove(editor)
            editor.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close the page editors first (each asks about unsaved changes)."""
        for editor in list(self.page_editors):
            editor.reject()
        if self.page_editors:
            event.ignore()
            return
        super().closeEvent(event)
