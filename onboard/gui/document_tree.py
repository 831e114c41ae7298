"""The released documents by collection, to read the material through and not only ask."""

import time
from datetime import date
from itertools import groupby
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLineEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onboard.core.metadata import is_draft, is_expired
from onboard.gui.answer_panel import heading
from onboard.gui.document_info import meta_line
from onboard.gui.widgets import with_clear_button

ROLE_DOCUMENT = Qt.ItemDataRole.UserRole + 1
ROLE_COLLECTION = Qt.ItemDataRole.UserRole + 2
REPEAT_SECONDS = 0.5  # a double click reports the same document twice


class DocumentTree(QTreeWidget):
    """Collections with their documents (drafts left out, expired ones marked); a click or
    Enter on a document asks for it to be opened."""

    document_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        """Empty; fill() lists the documents."""
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Unterlagen nach Sammlungen")
        self.setAccessibleDescription("Enter oder Klick öffnet das Dokument neben der Antwort")
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)
        self._last: tuple[int, float] | None = None
        self._groups: list[QTreeWidgetItem] = []
        self._documents: list[int] = []
        self._filter = ""
        self.filter_field = with_clear_button(QLineEdit(self), what="Filter")
        self.filter_field.setAccessibleName("Unterlagen filtern")
        self.filter_field.setPlaceholderText("Filtern: Titel, Verantwortliche …")
        self.filter_field.textChanged.connect(self.set_filter)

    def fill(self, rows: list[dict[str, Any]], *, today: date | None = None) -> None:
        """List the documents (rows of KnowledgeBase.documents, sorted by collection), keeping
        which collections are open."""
        day = today or date.today()
        opened = {str(g.data(0, ROLE_COLLECTION)) for g in self._groups if g.isExpanded()}
        self.clear()
        self._groups = []
        self._documents = []
        for collection, members in groupby(rows, key=lambda row: str(row["collection"])):
            shown = [row for row in members if not is_draft(str(row.get("status") or ""))]
            if not shown:
                continue
            group = QTreeWidgetItem([f"{collection} ({len(shown)})"])
            group.setData(0, ROLE_COLLECTION, collection)
            group.setToolTip(0, f"Sammlung {collection}: {len(shown)} Dokumente")
            for row in shown:
                group.addChild(_document_item(row, day))
                self._documents.append(int(row["id"]))
            self.addTopLevelItem(group)
            self._groups.append(group)
            group.setExpanded(collection in opened)
        self.set_filter(self._filter)

    def set_filter(self, text: str) -> None:
        """Show only documents whose title or details contain the text (ignoring case), with
        their collections opened; an empty text shows all again."""
        self._filter = text
        wanted = text.strip().casefold()
        for group in self._groups:
            children = [group.child(n) for n in range(group.childCount())]
            shown = 0
            for child in children:
                if child is None:
                    continue
                hidden = bool(wanted) and wanted not in child.toolTip(0).casefold()
                child.setHidden(hidden)
                shown += not hidden
            group.setHidden(shown == 0)
            if wanted and shown:
                group.setExpanded(True)

    def document_ids(self) -> list[int]:
        """The ids of the listed documents, in order (for tests and screen readers)."""
        return list(self._documents)

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """A document was clicked or activated: open it (once for a double click)."""
        document_id = item.data(0, ROLE_DOCUMENT)
        if document_id is None:
            return
        now = time.monotonic()
        last_id, last_time = self._last or (None, 0.0)
        if last_id == document_id and now - last_time < REPEAT_SECONDS:
            return
        self._last = (int(document_id), now)
        self.document_chosen.emit(int(document_id))


def _document_item(row: dict[str, Any], today: date) -> QTreeWidgetItem:
    """One document: its title, marked when expired; details as tooltip."""
    title = str(row["title"])
    expired = is_expired(str(row.get("valid_until") or ""), today)
    item = QTreeWidgetItem([f"{title} (abgelaufen)" if expired else title])
    item.setData(0, ROLE_DOCUMENT, int(row["id"]))
    details = meta_line(row)
    item.setToolTip(0, f"{title}\n{details}" if details else title)
    return item


def side_pane(history: QWidget, documents: DocumentTree) -> QSplitter:
    """The left column: this session's questions above, the documents to read below."""
    pane = QSplitter(Qt.Orientation.Vertical)
    pane.setChildrenCollapsible(False)
    for title, widgets in (
        ("&Verlauf", [history]),
        ("&Unterlagen", [documents.filter_field, documents]),
    ):
        box = QWidget(pane)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(title, widgets[-1]))
        for widget in widgets:
            layout.addWidget(widget)
        pane.addWidget(box)
    return pane
