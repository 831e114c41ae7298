"""The side panel that shows a cited source in the SourceViewer, with a close button."""

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from onboard.core.chunk_rows import StoredChunk
from onboard.core.store import Store
from onboard.gui.announce import announce
from onboard.gui.find_bar import FindBar
from onboard.gui.viewer import SourceViewer
from onboard.gui.widgets import heading_font


class SourcePanel(QFrame):
    """'Quelle n' with a close button above the SourceViewer; hidden until a source opens."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Heading, close button, viewer."""
        super().__init__(parent)
        self.setAccessibleName("Quelle")
        self.heading = QLabel("Quelle", self)
        self.heading.setFont(heading_font(self.font(), 1.1))
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close_panel)
        self._name_close_button("Quelle")
        self.viewer = SourceViewer(self)
        self.find_bar = FindBar(self.viewer, self)
        header = QHBoxLayout()
        header.setContentsMargins(8, 6, 8, 0)
        header.addWidget(self.heading, 1)
        header.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.viewer, 1)
        self.document_id: int | None = None
        self.chunk: StoredChunk | None = None

    def open_passage(
        self,
        number: int,
        document: dict[str, Any],
        chunk: StoredChunk,
        sections: Iterable[StoredChunk] = (),
    ) -> None:
        """Show source number n: the document at the chunk (sections: its chunks, for the
        headings)."""
        self._show(f"Quelle [{number}]", "Quelle", document, chunk, sections, mark=True)

    def open_source(self, number: int, chunk: StoredChunk, store: Store) -> bool:
        """Show source number n from the store; False if its document is gone meanwhile."""
        document = store.document(chunk.document_id)
        if document is None:
            return False
        self.open_passage(number, document, chunk, store.chunks_of_documents([chunk.document_id]))
        return True

    def open_document(self, document_id: int, store: Store) -> bool:
        """Show a whole document from its beginning, nothing highlighted (chosen in the list
        of documents); False if it is gone or empty."""
        document = store.document(document_id)
        sections = store.chunks_of_documents([document_id])
        if document is None or not sections:
            return False
        self._show("Dokument", "Dokument", document, sections[0], sections, mark=False)
        return True

    def _show(
        self,
        heading: str,
        what: str,
        document: dict[str, Any],
        chunk: StoredChunk,
        sections: Iterable[StoredChunk],
        *,
        mark: bool,
    ) -> None:
        """The panel with its heading, the viewer at the chunk (marked or not), search reset."""
        self.heading.setText(heading)
        self._name_close_button(what)
        self.document_id = int(document["id"])
        self.chunk = chunk
        self.find_bar.reset()
        self.viewer.open_passage(document, chunk, sections, mark=mark)
        self.show()
        viewer = self.viewer
        announce(self, f"{heading}: {viewer.title_label.text()}. {viewer.position_label.text()}")

    def _name_close_button(self, what: str) -> None:
        """'Quelle schließen' or 'Dokument schließen', for the eye and the screen reader."""
        self.close_button.setText(f"{what} schl&ießen")
        self.close_button.setAccessibleName(f"{what} schließen")
        self.close_button.setToolTip(f"Schließt die Ansicht „{what}“ (Esc)")

    def close_panel(self) -> None:
        """Hide the panel."""
        self.hide()
        self.closed.emit()


def place_beside_answer(splitter: QSplitter) -> None:
    """Answer and a newly opened source side by side, the source a little wider (the first
    pane keeps its width)."""
    first, *rest = splitter.sizes()
    width = sum(rest)
    splitter.setSizes([first, width * 9 // 20, width - width * 9 // 20])
