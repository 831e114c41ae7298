"""Lücken: questions the documents did not answer or whose answers did not help."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onboard.core.feedback import Gap, gaps
from onboard.gui.editor.import_panel import read_only_table
from onboard.gui.editor.lane import EditorLane
from onboard.gui.editor.page_versions import saved_text
from onboard.gui.widgets import CollectionBox

COLUMNS = ("Frage", "Sammlung", "Ohne Antwort", "Nicht hilfreich", "Kommentare", "Zuletzt gefragt")
QUESTION, COLLECTION, DECLINED_COUNT, NOT_HELPFUL, COMMENTS, LAST = range(len(COLUMNS))
INTRO = (
    "Fragen, auf die Onboard keine Antwort in den Unterlagen fand oder deren Antwort als "
    "„nicht hilfreich“ bewertet wurde – die häufigsten zuerst. Daraus werden die nächsten Seiten."
)
EMPTY = "Keine Lücken: bisher wurde jede Frage beantwortet und keine Antwort schlecht bewertet."


MAX_ROW_LINES = 4


class GapsView(QWidget):
    """The gaps of one collection or of all, with 'Seite dazu schreiben'."""

    write_page = Signal(str, object)  # question as title suggestion, its collection (or None)

    def __init__(self, lane: EditorLane, parent: QWidget | None = None) -> None:
        """Collection filter, table, buttons."""
        super().__init__(parent)
        self.lane = lane
        self.gaps: list[Gap] = []
        self.collection = CollectionBox(self)
        self.collection.setAccessibleName("Lücken der Sammlung")
        self.collection.currentIndexChanged.connect(self.refresh)
        self.table = read_only_table(self, COLUMNS, "Lücken")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QUESTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COMMENTS, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.write())
        self.empty = QLabel(EMPTY, self)
        self.empty.setWordWrap(True)
        self.write_button = QPushButton("Seite da&zu schreiben…", self)
        self.write_button.setAccessibleName("Seite zu dieser Frage schreiben")
        self.write_button.clicked.connect(self.write)
        refresh = QPushButton("&Aktualisieren", self)
        refresh.setAccessibleName("Lücken aktualisieren")
        refresh.clicked.connect(self.refresh)
        label = QLabel("&Sammlung:", self)
        label.setBuddy(self.collection)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.collection)
        row.addStretch(1)
        row.addWidget(refresh)
        row.addWidget(self.write_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.collection, refresh)  # as shown: the buttons above the table
        self.setTabOrder(refresh, self.write_button)
        self.setTabOrder(self.write_button, self.table)

    def set_collections(self, names: list[str], chosen: str | None) -> None:
        """Offer these collections; choose one (None: all)."""
        self.collection.blockSignals(True)
        self.collection.fill(names)
        if chosen is not None:
            self.collection.setCurrentIndex(max(0, self.collection.findData(chosen)))
        self.collection.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Read the gaps of the chosen collection (quick, on the GUI thread's KB)."""
        chosen = self.collection.currentData()
        self.gaps = gaps(self.lane.reader.store, collection=str(chosen) if chosen else None)
        self.table.setRowCount(len(self.gaps))
        for row, gap in enumerate(self.gaps):
            cells = (
                gap.question,
                gap.collection or "–",
                str(gap.declined),
                str(gap.not_helpful),
                " · ".join(f"„{comment}“" for comment in gap.comments),
                saved_text(gap.last_asked),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column in (DECLINED_COUNT, NOT_HELPFUL):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self._fit_rows()
        self.empty.setVisible(not self.gaps)
        self.write_button.setEnabled(bool(self.gaps))
        if self.gaps and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _fit_rows(self) -> None:
        """Rows as high as their text, at most MAX_ROW_LINES lines (a pasted letter as a
        question would hide the other rows; its tooltip holds the whole text)."""
        self.table.resizeRowsToContents()
        highest = self.table.fontMetrics().lineSpacing() * MAX_ROW_LINES + 8
        for row in range(self.table.rowCount()):
            if self.table.rowHeight(row) > highest:
                self.table.setRowHeight(row, highest)

    def write(self) -> None:
        """Seite dazu schreiben: the page editor with the question as title suggestion."""
        row = self.table.currentRow()
        if 0 <= row < len(self.gaps):
            gap = self.gaps[row]
            self.write_page.emit(gap.question, gap.collection or None)
