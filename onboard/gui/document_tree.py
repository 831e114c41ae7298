"""The released documents by collection, to read the material through and not only ask."""

import hashlib
import time
from datetime import date, datetime
from itertools import groupby
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QLineEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onboard.core.metadata import is_draft, is_expired
from onboard.core.store import now_iso
from onboard.gui.answer_panel import heading
from onboard.gui.document_info import meta_line
from onboard.gui.widgets import with_clear_button

ROLE_DOCUMENT = Qt.ItemDataRole.UserRole + 1
ROLE_COLLECTION = Qt.ItemDataRole.UserRole + 2
REPEAT_SECONDS = 0.5  # a double click reports the same document twice
MAX_SHOWN = 1000  # document items per collection; beyond, the filter narrows the list
VISIT_KEY = "zuletzt_geoeffnet"


def _visit_key(home: object) -> str:
    """The setting that keeps when this user last closed Onboard on this knowledge base."""
    return f"{VISIT_KEY}/{hashlib.sha256(str(home).encode()).hexdigest()[:16]}"


def last_visit(settings: QSettings, home: object) -> datetime | None:
    """When this user last closed Onboard on this knowledge base (None: never)."""
    return _when(settings.value(_visit_key(home), ""))


def remember_visit(settings: QSettings, home: object) -> None:
    """Onboard closes: what changes from now on is new at the next visit."""
    settings.setValue(_visit_key(home), now_iso())


def _when(value: object) -> datetime | None:
    """A stored ISO time, None if there is none."""
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def news(row: dict[str, Any], since: datetime | None) -> str:
    """'neu' or 'geändert' for a document imported or changed after since, else ''."""
    changed = _when(row.get("changed_at"))
    if since is None or changed is None or changed <= since:
        return ""
    imported = _when(row.get("imported_at"))
    return "neu" if imported is not None and imported > since else "geändert"


class DocumentTree(QTreeWidget):
    """Collections with their documents (drafts left out, expired ones marked); a click or
    Enter on a document asks for it to be opened."""

    document_chosen = Signal(int)

    def __init__(self, since: datetime | None = None, parent: QWidget | None = None) -> None:
        """Empty; fill() lists the documents, marking those new or changed after since."""
        super().__init__(parent)
        self.since = since
        self.setHeaderHidden(True)
        self.setAccessibleName("Unterlagen nach Sammlungen")
        self.setAccessibleDescription("Enter oder Klick öffnet das Dokument neben der Antwort")
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)
        self.itemExpanded.connect(self._fill_group)
        self._last: tuple[int, float] | None = None
        self._groups: list[QTreeWidgetItem] = []
        self._rows: dict[str, list[dict[str, Any]]] = {}  # released documents per collection
        self._day = date.today()
        self._filter = ""
        self.filter_field = with_clear_button(QLineEdit(self), what="Filter")
        self.filter_field.setAccessibleName("Unterlagen filtern")
        self.filter_field.setPlaceholderText("Filtern: Titel, Verantwortliche …")
        self.filter_field.textChanged.connect(self.set_filter)

    def fill(self, rows: list[dict[str, Any]], *, today: date | None = None) -> None:
        """List the documents (rows of KnowledgeBase.documents, sorted by collection), keeping
        which collections are open. A collection's documents become items only when it is
        opened, so that a large knowledge base does not hold up the window."""
        self._day = today or date.today()
        opened = {str(g.data(0, ROLE_COLLECTION)) for g in self._groups if g.isExpanded()}
        self.clear()
        self._groups = []
        self._rows = {}
        for collection, members in groupby(rows, key=lambda row: str(row["collection"])):
            shown = [row for row in members if not is_draft(str(row.get("status") or ""))]
            if not shown:
                continue
            self._rows[collection] = shown
            fresh = sum(1 for row in shown if news(row, self.since))
            counts = f"{len(shown)}, {fresh} neu oder geändert" if fresh else f"{len(shown)}"
            group = QTreeWidgetItem([f"{collection} ({counts})"])
            group.setData(0, ROLE_COLLECTION, collection)
            group.setToolTip(0, f"Sammlung {collection}: {len(shown)} Dokumente")
            group.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.addTopLevelItem(group)
            self._groups.append(group)
            group.setExpanded(collection in opened)
        self.set_filter(self._filter)

    def set_filter(self, text: str) -> None:
        """Show only documents whose title or details contain the text (ignoring case), with
        their collections opened; an empty text shows all again."""
        self._filter = text
        for group in self._groups:
            matches = self._matching(str(group.data(0, ROLE_COLLECTION)))
            group.setHidden(not matches)
            if group.isExpanded() or (text.strip() and matches):
                self._fill_group(group)
                group.setExpanded(True)

    def _matching(self, collection: str) -> list[dict[str, Any]]:
        """The collection's documents that pass the filter."""
        wanted = self._filter.strip().casefold()
        rows = self._rows.get(collection, [])
        return [row for row in rows if wanted in _details(row).casefold()] if wanted else rows

    def _fill_group(self, group: QTreeWidgetItem) -> None:
        """A collection's document items (those passing the filter, at most MAX_SHOWN)."""
        collection = group.data(0, ROLE_COLLECTION)
        if collection is None:
            return
        matches = self._matching(str(collection))
        if group.childCount() == min(len(matches), MAX_SHOWN + 1) and not self._filter:
            return  # already filled
        group.takeChildren()
        items = [_document_item(row, self._day, self.since) for row in matches[:MAX_SHOWN]]
        group.addChildren(items)
        if len(matches) > MAX_SHOWN:
            more = QTreeWidgetItem([f"… {len(matches) - MAX_SHOWN} weitere – bitte filtern"])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.addChild(more)

    def document_ids(self) -> list[int]:
        """The ids of the listed (released) documents, in order."""
        return [int(row["id"]) for rows in self._rows.values() for row in rows]

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


def _details(row: dict[str, Any]) -> str:
    """Title and details of a document, as its tooltip shows them and the filter reads them."""
    title = str(row["title"])
    details = meta_line(row)
    return f"{title}\n{details}" if details else title


def _document_item(row: dict[str, Any], today: date, since: datetime | None) -> QTreeWidgetItem:
    """One document: its title, marked when expired or new/changed since the last visit;
    details as tooltip."""
    title = str(row["title"])
    fresh = news(row, since)
    expired = "abgelaufen" if is_expired(str(row.get("valid_until") or ""), today) else ""
    marks = [mark for mark in (fresh, expired) if mark]
    item = QTreeWidgetItem([f"{title} ({', '.join(marks)})" if marks else title])
    item.setData(0, ROLE_DOCUMENT, int(row["id"]))
    tip = _details(row)
    item.setToolTip(0, f"{tip}\n{fresh.capitalize()} seit Ihrem letzten Besuch" if fresh else tip)
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
