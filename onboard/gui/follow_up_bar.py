"""The line above an answer that says it was understood as a follow-up, with a way out."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def follow_up_text(previous: str) -> str:
    """„Verstanden als Nachfrage zu „…““."""
    return f"Verstanden als Nachfrage zu „{previous}“."


class FollowUpBar(QWidget):
    """Hidden unless the question is a follow-up; the button asks it again on its own."""

    standalone_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Text and button in one row."""
        super().__init__(parent)
        self.setAccessibleName("Nachfrage")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton("Als eigene Frage s&tellen", self)
        self.button.setAccessibleName("Als eigene Frage stellen")
        self.button.setToolTip("Die Frage ohne die vorige Frage noch einmal stellen")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.standalone_requested)
        self.hide()

    def show_follow_up(self, previous: str | None, *, offer_standalone: bool = True) -> None:
        """Name the previous question (None: hide); offer_standalone: show the button."""
        self.label.setText(follow_up_text(previous) if previous else "")
        self.button.setVisible(offer_standalone)
        self.setVisible(bool(previous))
