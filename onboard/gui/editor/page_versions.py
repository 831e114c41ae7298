"""Earlier versions of a page, each with a preview and Wiederherstellen."""

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from onboard.core.pages import SavedPage, page_versions, restore_version
from onboard.gui.answer_panel import heading
from onboard.gui.editor import dialogs, markdown_text
from onboard.gui.editor.lane import EditorLane
from onboard.gui.style import ERROR, box_style

ROLE_VERSION = Qt.ItemDataRole.UserRole.value + 30


def saved_text(saved_at: str) -> str:
    """An ISO time stamp as local 'TT.MM.JJJJ HH:MM'."""
    try:
        return datetime.fromisoformat(saved_at).astimezone().strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return saved_at


class VersionsDialog(QDialog):
    """The list of earlier versions (newest first) beside the chosen one's preview."""

    restored = Signal(int, object)  # the version restored, the SavedPage

    def __init__(
        self, lane: EditorLane, document_id: int, *, unsaved: bool, parent: QWidget | None = None
    ) -> None:
        """unsaved: the editor has changes that restoring would replace (asked first)."""
        super().__init__(parent)
        self.setWindowTitle("Frühere Versionen der Seite")
        self.lane = lane
        self.document_id = document_id
        self.unsaved = unsaved
        self.versions = page_versions(lane.reader, document_id)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Frühere Versionen")
        for row in self.versions:
            text = f"Version {row['version']} – {saved_text(str(row['saved_at']))}\n{row['title']}"
            item = QListWidgetItem(text, self.list)
            item.setData(ROLE_VERSION, int(row["version"]))
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName("Vorschau der Version")
        self.preview.setSearchPaths([str(lane.home)])
        self.preview.document().setDefaultStyleSheet(markdown_text.PREVIEW_STYLE)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Fehler")
        self.error.hide()
        self.restore_button = QPushButton("&Wiederherstellen", self)
        self.restore_button.setAccessibleName("Version wiederherstellen")
        self.restore_button.clicked.connect(self.restore)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Schließen")
        close.setAccessibleName("Schließen")
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        panes = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(heading("&Versionen", self.list))
        left.addWidget(self.list, 1)
        panes.addLayout(left, 1)
        panes.addWidget(self.preview, 2)
        layout = QVBoxLayout(self)
        if not self.versions:
            layout.addWidget(QLabel("Diese Seite hat noch keine früheren Versionen.", self))
        layout.addLayout(panes, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0 if self.versions else -1)
        self.restore_button.setEnabled(bool(self.versions))
        self.resize(900, 560)

    def _show(self, row: int) -> None:
        """Preview the chosen version."""
        markdown = str(self.versions[row]["markdown"]) if 0 <= row < len(self.versions) else ""
        self.preview.setHtml(markdown_text.render(markdown))

    def chosen(self) -> int | None:
        """The chosen version number."""
        item = self.list.currentItem()
        return int(item.data(ROLE_VERSION)) if item is not None else None

    def restore(self) -> None:
        """Wiederherstellen: save the chosen version again as the newest one."""
        version = self.chosen()
        if version is None:
            return
        if self.unsaved and not dialogs.confirm(
            self,
            "Version wiederherstellen",
            "Die Seite hat ungespeicherte Änderungen. Sie gehen beim Wiederherstellen verloren.",
            action="Wiederherstellen",
        ):
            return
        self.restore_button.setEnabled(False)
        document_id = self.document_id

        def done(page: SavedPage) -> None:
            self.restored.emit(version, page)
            self.accept()

        def failed(message: str) -> None:
            self.restore_button.setEnabled(True)
            self.error.setText(message)
            self.error.setStyleSheet(box_style(ERROR, self.palette()))
            self.error.show()

        self.lane.write(
            "Version wiederherstellen",
            lambda kb: restore_version(kb, document_id, version),
            done=done,
            failed=failed,
        )
