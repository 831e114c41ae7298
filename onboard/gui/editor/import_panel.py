"""Import progress (bar, current file, Abbrechen) and the report of every file."""

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from onboard.core.ingest import PROBLEMS, FileOutcome, ImportReport, Progress
from onboard.gui.announce import LiveLabel
from onboard.gui.giving_way import GivingWayRun
from onboard.gui.style import ERROR, TONES, box_style, is_dark
from onboard.gui.widgets import heading_font

REPORT_COLUMNS = ("Datei", "Ergebnis", "Grund und Hinweise")


def read_only_table(parent: QWidget, columns: tuple[str, ...], name: str) -> QTableWidget:
    """A table of whole rows to read (not edit), with German accessible names."""
    table = QTableWidget(0, len(columns), parent)
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move within
    table.verticalHeader().hide()
    table.horizontalHeader().setAccessibleName(f"Spaltenköpfe: {name}")
    return table


def import_title(collection: str, paths: list[Path]) -> str:
    """German: 'Import in „IT“: a.md, b.pdf, c.docx …'."""
    names = ", ".join(path.name for path in paths[:3]) + (" …" if len(paths) > 3 else "")
    return f"Import in „{collection}“: {names}"


def reason(outcome: FileOutcome) -> str:
    """The German reason of a failure and any warnings, in one line."""
    parts = [outcome.message] if outcome.message else []
    parts += [f"Hinweis: {warning}" for warning in outcome.warnings]
    return " ".join(parts)


class ImportPanel(QFrame):
    """Shown while an import (or a sync) runs and afterwards with its report, until closed."""

    done = Signal(object)  # the ImportReport, None if the import failed

    def __init__(self, parent: QWidget | None = None) -> None:
        """Title, progress, current file, Abbrechen, report table, summary, Schließen."""
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Import")
        self.title = QLabel(self)
        self.title.setFont(heading_font(self.font(), 1.1))
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Fortschritt des Imports")
        self.current = QLabel(self)
        self.current.setAccessibleName("Aktuelle Datei")
        self.current.setWordWrap(True)
        self.cancel_button = QPushButton("Import abbre&chen", self)
        self.cancel_button.setAccessibleName("Import abbrechen")
        self.cancel_button.clicked.connect(self.cancel)
        self.report = read_only_table(self, REPORT_COLUMNS, "Importbericht")
        header = self.report.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary = LiveLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Ergebnis des Imports")
        self.close_button = QPushButton("Bericht sc&hließen", self)
        self.close_button.setAccessibleName("Importbericht schließen")
        self.close_button.clicked.connect(self.hide)
        grid = QGridLayout(self)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.bar, 1, 0)
        grid.addWidget(self.cancel_button, 1, 1)
        grid.addWidget(self.current, 2, 0, 1, 2)
        grid.addWidget(self.report, 3, 0, 1, 2)
        grid.addWidget(self.summary, 4, 0)
        grid.addWidget(self.close_button, 4, 1)
        grid.setColumnStretch(0, 1)
        self.task: GivingWayRun | None = None
        self.what = "Import"
        self.outcomes: list[FileOutcome] = []
        self.hide()

    @property
    def running(self) -> bool:
        """Whether an import is under way."""
        return self.task is not None

    def start(self, task: GivingWayRun, title: str, *, what: str = "Import") -> None:
        """Follow an import task from now on; what names it in German ('Import', 'Abgleich')."""
        self.task = task
        self.what = what
        self.outcomes = []
        self.report.setRowCount(0)
        self.title.setText(title)
        self.cancel_button.setText(f"{what} abbre&chen")
        self.cancel_button.setAccessibleName(f"{what} abbrechen")
        self.bar.setRange(0, 0)
        self.bar.show()
        self.current.setText(f"Der {what} beginnt, sobald laufende Hintergrundarbeit fertig ist …")
        self.summary.clear()
        self.summary.setStyleSheet("")
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.close_button.setEnabled(False)
        task.progressed.connect(self._event)
        task.succeeded.connect(self._finished)
        task.failed.connect(self._failed)
        self.show()

    def cancel(self) -> None:
        """Abbrechen: the import stops after the current file; what is in stays in."""
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.current.setText(f"Der {self.what} wird nach der aktuellen Datei abgebrochen …")

    def _event(self, event: object) -> None:
        """Progress moves the bar; each file's outcome becomes a report row."""
        if isinstance(event, Progress):
            if event.total:
                self.bar.setRange(0, event.total)
                self.bar.setValue(min(event.done, event.total))
            if event.current and not (self.task and self.task.cancelled):
                number = min(event.done + 1, event.total)
                name = Path(event.current).name
                self.current.setText(f"Datei {number} von {event.total}: {name}")
        elif isinstance(event, FileOutcome):
            self._add(event)

    def _add(self, outcome: FileOutcome) -> None:
        """One report row: file name (full path as tooltip), result, reason; problems go above
        every other row, so that they are not lost among hundreds of unchanged files."""
        self.outcomes.append(outcome)
        row = self.report.rowCount()
        if outcome.status in PROBLEMS:
            row = sum(1 for earlier in self.outcomes[:-1] if earlier.status in PROBLEMS)
        self.report.insertRow(row)
        cells = (Path(outcome.path).name, outcome.status, reason(outcome))
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(outcome.path if column == 0 else text)
            if outcome.status in PROBLEMS and column == 1:
                colors = TONES[(ERROR, is_dark(self.palette()))]
                item.setBackground(QColor(colors.background))
                item.setForeground(QColor(colors.foreground))
            self.report.setItem(row, column, item)
        self.report.resizeRowToContents(row)

    def _finished(self, report: ImportReport) -> None:
        """The import ended (perhaps cancelled): summary and report stay until closed."""
        self.task = None
        word = "abgebrochen" if report.cancelled else "beendet"
        self.summary.setText(f"{self.what} {word}: {report.summary()}.")
        if report.cancelled:
            self.current.setText("Bereits importierte Dateien bleiben in der Sammlung.")
        else:
            self.current.setText("Alle Dateien wurden bearbeitet.")
        self._ended()
        self.done.emit(report)

    def _failed(self, message: str) -> None:
        """The import broke off with an error (German message)."""
        self.task = None
        self.summary.setText(f"{self.what} fehlgeschlagen: {message}")
        self.summary.setStyleSheet(box_style(ERROR, self.palette()))
        self.current.clear()
        self._ended()
        self.done.emit(None)

    def _ended(self) -> None:
        """Buttons and bar after the end; rows as high as their final column widths need."""
        self.report.resizeRowsToContents()
        self.bar.hide()
        self.cancel_button.hide()
        self.close_button.setEnabled(True)
        self.close_button.setFocus()

    def results(self) -> list[tuple[str, str, str]]:
        """The report as (file, result, reason) rows (for tests and screen readers)."""
        rows = []
        for row in range(self.report.rowCount()):
            items = [self.report.item(row, column) for column in range(3)]
            texts = [item.text() if item is not None else "" for item in items]
            rows.append((texts[0], texts[1], texts[2]))
        return rows
