"""The row at the top: question field, collection filter, Fragen and Abbrechen."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from onboard.gui.widgets import CollectionBox, with_clear_button


class AskBar(QWidget):
    """'Ihre Frage: [……] Sammlung: [Alle Sammlungen] [Fragen] [Abbrechen]'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the row; the window connects returnPressed and the buttons."""
        super().__init__(parent)
        self.question = QLineEdit()
        self.question.setPlaceholderText("z. B. Wie beantrage ich Urlaub?")
        self.question.setAccessibleName("Frage")
        with_clear_button(self.question, what="Frage")
        question_label = QLabel("Ihre Fra&ge:")
        question_label.setBuddy(self.question)
        self.collection = CollectionBox()
        collection_label = QLabel("&Sammlung:")
        collection_label.setBuddy(self.collection)
        self.ask_button = QPushButton("&Fragen")
        self.ask_button.setAccessibleName("Fragen")
        self.cancel_button = QPushButton("Abbre&chen")
        self.cancel_button.setAccessibleName("Antwort abbrechen")
        self.cancel_button.setToolTip("Bricht die laufende Antwort ab (Esc)")
        self.cancel_button.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(question_label)
        row.addWidget(self.question, 1)
        row.addWidget(collection_label)
        row.addWidget(self.collection)
        row.addWidget(self.ask_button)
        row.addWidget(self.cancel_button)
