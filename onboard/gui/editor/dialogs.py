"""Small dialogs of the Redaktion: confirmations, unsaved changes, a collection and its contact."""

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from onboard.core.collections import Contact
from onboard.gui.style import ERROR, box_style
from onboard.gui.widgets import with_clear_button

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def confirm(parent: QWidget | None, title: str, text: str, *, action: str) -> bool:
    """Ask before something is removed; 'Abbrechen' is the default (Enter, Escape)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton("Abbrechen", QMessageBox.ButtonRole.RejectRole)
    yes.setAccessibleName(action)
    no.setAccessibleName("Abbrechen")
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_unsaved(parent: QWidget | None, what: str) -> str:
    """Unsaved changes: SAVE, DISCARD or CANCEL (Escape)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Ungespeicherte Änderungen",
        f"{what} hat ungespeicherte Änderungen. Möchten Sie sie speichern?",
        parent=parent,
    )
    save = box.addButton("Speichern", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Verwerfen", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Abbrechen", QMessageBox.ButtonRole.RejectRole)
    for button in (save, discard, cancel):
        button.setAccessibleName(button.text())
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


class CollectionDialog(QDialog):
    """Name and responsible contact of a collection; Enter saves, Escape cancels.

    save(dialog) starts the change in the background and calls saved() or refused(message):
    the dialog stays open, with the German reason, until the change is done.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        name: str = "",
        contact: Contact | None = None,
        save: Callable[["CollectionDialog"], None],
    ) -> None:
        """Fields filled with the current values."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self.busy = False
        contact = contact or Contact()
        self.name = self._field("Name der Sammlung", name)
        self.contact_name = self._field("Ansprechperson: Name", contact.name)
        self.contact_name.setPlaceholderText("z. B. Frau Beispiel")
        self.unit = self._field("Ansprechperson: Organisationseinheit", contact.unit)
        self.unit.setPlaceholderText("z. B. Personalamt, Zimmer 2.14")
        self.phone = self._field("Ansprechperson: Telefon", contact.phone)
        self.email = self._field("Ansprechperson: E-Mail", contact.email)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Fehler")
        self.error.hide()
        form = QFormLayout()
        for text, widget in (
            ("&Name:", self.name),
            ("&Ansprechperson:", self.contact_name),
            ("&Organisationseinheit:", self.unit),
            ("&Telefon:", self.phone),
            ("&E-Mail:", self.email),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        note = QLabel(
            "Die Ansprechperson nennt Onboard, wenn die Unterlagen eine Frage nicht beantworten.",
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Speichern")
        self.save_button.setAccessibleName("Speichern")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Abbrechen")
        cancel.setAccessibleName("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _field(self, accessible: str, value: str) -> QLineEdit:
        """A line edit with its accessible name."""
        field = QLineEdit(value, self)
        field.setAccessibleName(accessible)
        return with_clear_button(field, what=accessible)

    def contact(self) -> Contact:
        """The contact as entered."""
        return Contact(
            self.contact_name.text().strip(),
            self.unit.text().strip(),
            self.phone.text().strip(),
            self.email.text().strip(),
        )

    def accept(self) -> None:
        """Enter / Speichern: start saving; the dialog closes when it is done."""
        if self.busy:
            return
        self.busy = True
        self.buttons.setEnabled(False)
        self.error.hide()
        self._save(self)

    def saved(self) -> None:
        """The change is stored: close."""
        self.busy = False
        self.buttons.setEnabled(True)
        super().accept()

    def refused(self, message: str) -> None:
        """The change was refused: show why, keep everything typed."""
        self.busy = False
        self.buttons.setEnabled(True)
        self.error.setText(message)
        self.error.setStyleSheet(box_style(ERROR, self.palette()))
        self.error.show()
        self.name.setFocus()

    def reject(self) -> None:
        """Escape / Abbrechen, except while a change is being stored."""
        if not self.busy:
            super().reject()
