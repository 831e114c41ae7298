"""The documents of a collection as a table model, with a text and status filter."""

import re
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from onboard.core.metadata import (
    DRAFT,
    FIELD_LABELS,
    RELEASED,
    german_date,
    is_draft,
    is_expired,
    is_overdue,
)
from onboard.core.pages import is_page
from onboard.gui.style import DECLINED, ERROR, TONES

ROLE_SORT = Qt.ItemDataRole.UserRole.value + 10
ROLE_ID = Qt.ItemDataRole.UserRole.value + 11
COLUMNS = (
    ("title", "Titel"),
    ("format", "Format"),
    ("status", FIELD_LABELS["status"]),
    ("owner", FIELD_LABELS["owner"]),
    ("changed_at", "Geändert"),
    ("review_date", FIELD_LABELS["review_date"]),
    ("valid_until", FIELD_LABELS["valid_until"]),
)
TITLE, FORMAT, STATUS, OWNER, CHANGED, REVIEW, VALID = range(len(COLUMNS))
OVERDUE_MARK = "überfällig"
EXPIRED_MARK = "abgelaufen"
ALL, OVERDUE, EXPIRED = "Alle", "Wiedervorlage überfällig", "Abgelaufen"
FILTERS = (ALL, DRAFT, RELEASED, OVERDUE, EXPIRED)
FORMATS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "odt": "OpenDocument (ODT)",
    "markdown": "Markdown",
    "html": "HTML",
    "text": "Text",
}
NONE = "–"


def format_label(row: dict[str, Any]) -> str:
    """A readable format: 'Seite (Onboard)' for pages written in the app."""
    if is_page(row):
        return "Seite (Onboard)"
    name = str(row.get("format") or "")
    return FORMATS.get(name, name.upper() or NONE)


def natural(text: str) -> str:
    """A sort key where 'Merkblatt 2' comes before 'Merkblatt 10'."""
    return re.sub(r"\d+", lambda match: match.group().zfill(10), text.casefold())


def date_cell(value: str, *, late: bool, mark: str) -> str:
    """A German date, '–' when empty, with a text marker when it has passed."""
    shown = german_date(value) or NONE
    return f"{shown} – {mark}" if late else shown


class DocumentsModel(QAbstractTableModel):
    """Rows of kb.documents(): German dates, overdue and expired marked by text, icon, colour."""

    def __init__(self, parent: QObject | None = None) -> None:
        """Empty until set_rows()."""
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self.today = date.today()
        self.dark = False

    def set_rows(self, rows: list[dict[str, Any]], *, today: date | None = None) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.today = today or date.today()
        self.endResetModel()

    def row(self, number: int) -> dict[str, Any]:
        """The document row shown in this row."""
        return self._rows[number]

    def row_of(self, document_id: int) -> int:
        """The row of a document, -1 if it is not shown."""
        return next((n for n, r in enumerate(self._rows) if int(r["id"]) == document_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of documents."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """German column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def overdue(self, row: dict[str, Any]) -> bool:
        """Whether the review date has passed."""
        return is_overdue(str(row.get("review_date") or ""), self.today)

    def expired(self, row: dict[str, Any]) -> bool:
        """Whether the validity has ended."""
        return is_expired(str(row.get("valid_until") or ""), self.today)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """Text, sort key, id, warning icon, tone colours and italics for drafts."""
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == ROLE_SORT:
            return self._sort_key(row, column)
        if role == ROLE_ID:
            return int(row["id"])
        kind = self._state(row, column)
        if role == Qt.ItemDataRole.DecorationRole and kind:
            style = QApplication.style()
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and kind:
            tone = TONES[(kind, self.dark)]
            back = role == Qt.ItemDataRole.BackgroundRole
            return QColor(tone.background if back else tone.foreground)
        if role == Qt.ItemDataRole.FontRole and column == STATUS and is_draft(str(row["status"])):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _state(self, row: dict[str, Any], column: int) -> str:
        """DECLINED for an overdue review date, ERROR for an expired validity, else ''."""
        if column == REVIEW and self.overdue(row):
            return DECLINED
        if column == VALID and self.expired(row):
            return ERROR
        return ""

    def _text(self, row: dict[str, Any], column: int) -> str:
        """The cell text."""
        key = COLUMNS[column][0]
        if column == FORMAT:
            return format_label(row)
        if column == REVIEW:
            return date_cell(str(row[key] or ""), late=self.overdue(row), mark=OVERDUE_MARK)
        if column == VALID:
            return date_cell(str(row[key] or ""), late=self.expired(row), mark=EXPIRED_MARK)
        if column == CHANGED:
            return german_date(str(row[key] or "")) or NONE
        return str(row[key] or "") or NONE

    def _tooltip(self, row: dict[str, Any], column: int) -> str:
        """The full title and origin, or what a marker means."""
        if column == REVIEW and self.overdue(row):
            return "Die Wiedervorlage ist überfällig: bitte den Inhalt prüfen."
        if column == VALID and self.expired(row):
            return "Abgelaufen: erscheint nicht mehr in Antworten."
        if column == STATUS and is_draft(str(row["status"])):
            return "Entwurf: für Beschäftigte nicht sichtbar."
        origin = str(row.get("origin") or "")
        return str(row["title"]) if is_page(row) else f"{row['title']}\n{origin}"

    def _sort_key(self, row: dict[str, Any], column: int) -> str:
        """Dates sort as ISO (empty last), text case-insensitively."""
        key = COLUMNS[column][0]
        if column in (CHANGED, REVIEW, VALID):
            return str(row[key] or "")[:10] or "9999"
        return natural(self._text(row, column))


class DocumentFilter(QSortFilterProxyModel):
    """Filters by a text (title, owner, format, audience) and a status choice."""

    def __init__(self, parent: QObject | None = None) -> None:
        """Shows everything until filtered."""
        super().__init__(parent)
        self._text = ""
        self._status = ALL
        self.setSortRole(ROLE_SORT)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        """Only rows containing this text (case-insensitive)."""
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        """One of FILTERS."""
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Text and status filter together."""
        model = self.sourceModel()
        if not isinstance(model, DocumentsModel):
            return True
        row = model.row(source_row)
        if self._status == DRAFT and not is_draft(str(row["status"])):
            return False
        if self._status == RELEASED and is_draft(str(row["status"])):
            return False
        if self._status == OVERDUE and not model.overdue(row):
            return False
        if self._status == EXPIRED and not model.expired(row):
            return False
        if not self._text:
            return True
        fields = (row["title"], row["owner"], format_label(row), row["audience"], row["origin"])
        return any(self._text in str(value or "").casefold() for value in fields)
