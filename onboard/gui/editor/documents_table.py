"""The documents table: sortable headers, files dropped onto it, Delete asks to remove."""

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from onboard.gui.editor.documents_model import (
    ROLE_ID,
    TITLE,
    DocumentFilter,
    DocumentsModel,
)
from onboard.gui.style import is_dark

EMPTY_HINT = (
    "Noch keine Dokumente in dieser Sammlung. Ziehen Sie Dateien oder Ordner hierher "
    "oder wählen Sie „Dateien importieren…“ oder „Neue Seite…“."
)
NO_MATCH_HINT = "Kein Dokument passt zum Filter."
# Share of the table's width kept for the title: long owner entries with phone numbers would
# otherwise push it out of sight. Other columns are shortened with "…", the widest first.
TITLE_SHARE = 0.35
LEAST_COLUMN_WIDTH = 60


def shared_widths(wanted: list[int], budget: int, least: int = LEAST_COLUMN_WIDTH) -> list[int]:
    """Widths that fit in budget: each capped at one common level, none below least."""
    cap = max(wanted, default=0)
    while cap > least and sum(min(width, cap) for width in wanted) > budget:
        cap -= 2
    return [min(width, cap) for width in wanted]


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders in a drag (web links are ignored)."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DocumentsTable(QTableView):
    """A table of DocumentsModel rows through a DocumentFilter; one row is selected at a time."""

    files_dropped = Signal(list)
    remove_requested = Signal()
    document_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        """Model, filter, sorting by header click, drop target, Delete shortcut."""
        super().__init__(parent)
        self.setAccessibleName("Dokumente der Sammlung")
        self.setAccessibleDescription(
            "Spaltenköpfe sortieren; Entf entfernt das gewählte Dokument; "
            "Dateien können hierher gezogen werden"
        )
        self.documents = DocumentsModel(self)
        self.documents.dark = is_dark(self.palette())
        self.proxy = DocumentFilter(self)
        self.proxy.setSourceModel(self.documents)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move in it
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setAccessibleName("Spaltenköpfe: Klick sortiert")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.delete_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Delete), self)
        self.delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_shortcut.activated.connect(self.remove_requested.emit)
        self.activated.connect(lambda index: self.document_activated.emit(index.data(ROLE_ID)))

    def selected_id(self) -> int | None:
        """The id of the selected document, None if none is selected."""
        rows = self.selectionModel().selectedRows()
        return int(rows[0].data(ROLE_ID)) if rows else None

    def select_id(self, document_id: int | None) -> bool:
        """Select a document's row (if shown); returns whether it was found."""
        row = self.documents.row_of(document_id) if document_id is not None else -1
        if row < 0:
            self.clearSelection()
            return False
        index = self.proxy.mapFromSource(self.documents.index(row, TITLE))
        if not index.isValid():
            self.clearSelection()
            return False
        self.selectRow(index.row())
        self.scrollTo(index)
        return True

    def fit_columns(self) -> None:
        """Columns as wide as their contents as far as the title keeps its share (the title
        takes the rest)."""
        columns = range(1, self.documents.columnCount())
        for column in columns:
            self.resizeColumnToContents(column)
        budget = int(self.viewport().width() * (1 - TITLE_SHARE))
        wanted = [self.columnWidth(column) for column in columns]
        for column, width in zip(columns, shared_widths(wanted, budget), strict=True):
            self.setColumnWidth(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A wider or narrower table shares its width anew."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_columns()

    # dropping files -----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files and folders."""
        if dropped_paths(event.mimeData()) and self.acceptDrops():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting while over the table."""
        if dropped_paths(event.mimeData()) and self.acceptDrops():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Report the dropped paths for import."""
        paths = dropped_paths(event.mimeData())
        if not paths or not self.acceptDrops():
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)

    def paintEvent(self, event: QPaintEvent) -> None:
        """An empty table says how documents get in (or that the filter hides them)."""
        super().paintEvent(event)
        if self.proxy.rowCount():
            return
        text = NO_MATCH_HINT if self.documents.rowCount() else EMPTY_HINT
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        rect = self.viewport().rect().adjusted(16, 16, -16, -16)
        flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        painter.drawText(rect, int(flags), text)
        painter.end()
