"""The collections list of the Redaktion: create, edit (name and contact), delete."""

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onboard.core.collections import (
    Contact,
    contact_of,
    create_collection,
    delete_collection,
    rename_collection,
    set_contact,
)
from onboard.core.kb import KnowledgeBase
from onboard.core.sync import ImportSource, remembered_sources
from onboard.core.wording import documents_text
from onboard.gui.answer_panel import heading
from onboard.gui.editor import dialogs
from onboard.gui.editor.lane import EditorLane

ROLE_NAME = Qt.ItemDataRole.UserRole.value + 20


def contact_text(contact: Contact) -> str:
    """The contact in one line, or that none is set."""
    parts = [contact.name, contact.unit, contact.phone, contact.email]
    shown = ", ".join(part for part in parts if part)
    return f"Ansprechperson: {shown}" if shown else "Keine Ansprechperson hinterlegt."


def sources_text(sources: list[ImportSource]) -> str:
    """'Quellordner: S:\\Personal (12 Dokumente)', one line each."""
    lines = [f"{source.path} ({documents_text(source.documents)})" for source in sources]
    return "Quellordner:\n" + "\n".join(lines) if lines else ""


class CollectionsPanel(QWidget):
    """The collections with their document counts and contact; buttons below the list."""

    chosen = Signal(object)  # the collection's name, None when there is none
    message = Signal(str, bool)  # German text, is_error

    def __init__(self, lane: EditorLane, parent: QWidget | None = None) -> None:
        """List, contact line, buttons; filled by refresh()."""
        super().__init__(parent)
        self.lane = lane
        self._rows: dict[str, dict[str, Any]] = {}
        self._wanted: str | None = None
        self.list = QListWidget(self)
        self.list.setAccessibleName("Sammlungen")
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._current_changed)
        self.contact = QLabel(self)
        self.contact.setWordWrap(True)
        self.contact.setAccessibleName("Ansprechperson der Sammlung")
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sources = QLabel(self)
        self.sources.setWordWrap(True)
        self.sources.setAccessibleName("Quellordner der Sammlung")
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sources.setToolTip("Diese Ordner und Dateien liest „Quellordner abgleichen“ (F5).")
        self.sources.hide()
        self.new_button = self._button("&Neu…", "Neue Sammlung anlegen", self.new_collection)
        self.edit_button = self._button(
            "Bearbei&ten…", "Sammlung umbenennen oder Ansprechperson ändern", self.edit_collection
        )
        self.delete_button = self._button("&Löschen…", "Sammlung löschen", self.delete_collection)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Sa&mmlungen", self.list))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.contact)
        layout.addWidget(self.sources)
        layout.addLayout(buttons)

    def _button(self, text: str, accessible: str, slot: Any) -> QPushButton:
        """A push button with its accessible name and tooltip."""
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.clicked.connect(slot)
        return button

    # reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the collections, keeping (or moving to a newly made) choice."""
        wanted = self._wanted or self.current()
        self._wanted = None
        self._rows = {str(row["name"]): row for row in self.lane.reader.collections()}
        self.list.blockSignals(True)
        self.list.clear()
        for name, row in self._rows.items():
            text = documents_text(int(row["documents"]), int(row["drafts"]))
            item = QListWidgetItem(f"{name}\n{text}", self.list)
            item.setData(ROLE_NAME, name)
        names = list(self._rows)
        index = names.index(wanted) if wanted in names else (0 if names else -1)
        self.list.setCurrentRow(index)
        self.list.blockSignals(False)
        self._current_changed()

    def current(self) -> str | None:
        """The chosen collection's name."""
        item = self.list.currentItem()
        return str(item.data(ROLE_NAME)) if item is not None else None

    def names(self) -> list[str]:
        """All collection names, in list order."""
        return list(self._rows)

    def select(self, name: str) -> None:
        """Choose a collection by name."""
        for row in range(self.list.count()):
            if self.list.item(row).data(ROLE_NAME) == name:
                self.list.setCurrentRow(row)

    def _current_changed(self, *_: object) -> None:
        """Update the contact line and the buttons, report the choice."""
        name = self.current()
        row = self._rows.get(name or "")
        self.contact.setText(contact_text(contact_of(self.lane.reader, name)) if name else "")
        sources = remembered_sources(self.lane.reader.store, name) if name else []
        self.sources.setText(sources_text(sources))
        self.sources.setVisible(bool(sources))
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.chosen.emit(name)

    # changing -----------------------------------------------------------------------------
    def new_collection(self) -> None:
        """Neu…: name and contact in a dialog; created on the library lane."""

        def save(dialog: dialogs.CollectionDialog) -> None:
            name, contact = dialog.name.text(), dialog.contact()

            def done(created: str) -> None:
                self._wanted = created
                self.message.emit(f"Sammlung „{created}“ angelegt.", False)
                dialog.saved()

            self.lane.write(
                "Sammlung anlegen",
                lambda kb: create_collection(kb, name, contact),
                done=done,
                failed=dialog.refused,
            )

        self._run_dialog(dialogs.CollectionDialog(self, title="Neue Sammlung", save=save))

    def edit_collection(self) -> None:
        """Bearbeiten…: rename and/or change the contact."""
        old = self.current()
        if old is None:
            return

        def save(dialog: dialogs.CollectionDialog) -> None:
            new, contact = dialog.name.text(), dialog.contact()

            def work(kb: KnowledgeBase) -> str:
                name = rename_collection(kb, old, new)
                set_contact(kb, name, contact)
                return name

            def done(name: str) -> None:
                self._wanted = name
                text = f"Sammlung „{name}“ gespeichert."
                if name != old:
                    text = f"Sammlung „{old}“ heißt jetzt „{name}“."
                self.message.emit(text, False)
                dialog.saved()

            self.lane.write("Sammlung ändern", work, done=done, failed=dialog.refused)

        dialog = dialogs.CollectionDialog(
            self,
            title=f"Sammlung „{old}“ bearbeiten",
            name=old,
            contact=contact_of(self.lane.reader, old),
            save=save,
        )
        self._run_dialog(dialog)

    def _run_dialog(self, dialog: dialogs.CollectionDialog) -> None:
        """Show a dialog modally and dispose of it afterwards."""
        dialog.exec()
        dialog.deleteLater()

    def delete_collection(self) -> None:
        """Löschen…: after a confirmation naming how many documents go."""
        name = self.current()
        if name is None:
            return
        count = int(self._rows[name]["documents"])
        text = (
            f"Die Sammlung „{name}“ mit {documents_text(count, dative=True)} löschen?\n\n"
            "Die Dokumente verschwinden aus der Suche und aus den Antworten. "
            "Die Originaldateien auf dem Laufwerk bleiben erhalten."
        )
        if not dialogs.confirm(self, "Sammlung löschen", text, action="Sammlung löschen"):
            return
        self.lane.write(
            "Sammlung löschen",
            lambda kb: delete_collection(kb, name),
            done=lambda gone: self.message.emit(
                f"Sammlung „{name}“ gelöscht ({documents_text(gone)} entfernt).", False
            ),
            failed=lambda problem: self.message.emit(problem, True),
        )
