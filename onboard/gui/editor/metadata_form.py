"""The metadata fields of a document: owner, review date, validity, audience, status."""

from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from onboard.core.metadata import (
    AUDIENCES,
    DATE_FIELDS,
    DRAFT,
    FIELD_LABELS,
    RELEASED,
    STATUSES,
    MetadataError,
    german_date,
    normalize_status,
    validate_changes,
)
from onboard.gui.style import ERROR, box_style
from onboard.gui.widgets import with_clear_button

FIELDS = ("owner", "review_date", "valid_until", "audience", "status")
MNEMONICS = {
    "owner": "&Verantwortlich:",
    "review_date": "&Wiedervorlage:",
    "valid_until": "&Gültig bis:",
    "audience": "&Zielgruppe:",
    "status": "St&atus:",
}
NO_DATE = "keine"
DATE_HINT = "TT.MM.JJJJ oder „keine“"


def date_value(text: str) -> str:
    """What a date field means: '' for empty or 'keine', else the text as typed."""
    text = text.strip()
    return "" if text.casefold() in ("", NO_DATE, "-", "–") else text


class MetadataForm(QWidget):
    """The five fields with an error line under each; columns: label/field pairs per row."""

    def __init__(self, parent: QWidget | None = None, *, columns: int = 1) -> None:
        """Build the fields; empty values, status Freigegeben."""
        super().__init__(parent)
        self.owner = with_clear_button(QLineEdit(self), what="Verantwortlich")
        self.owner.setPlaceholderText("z. B. Frau Beispiel, Personalamt")
        self.review_date = QLineEdit(self)
        self.valid_until = QLineEdit(self)
        for field in (self.review_date, self.valid_until):
            field.setPlaceholderText(DATE_HINT)
            field.setToolTip(f"Datum als {DATE_HINT}")
        self.audience = QComboBox(self)
        self.audience.setEditable(True)
        self.audience.addItems(list(AUDIENCES))
        line = self.audience.lineEdit()
        if line is not None:
            line.setAccessibleName(FIELD_LABELS["audience"])
        self.audience.setToolTip("Mehrere Rollen mit Komma trennen, z. B. „Azubis, Führungskräfte“")
        self.status = QComboBox(self)
        self.status.addItems(list(STATUSES))
        self.status.setToolTip("Entwürfe sehen Beschäftigte nicht.")
        self.widgets: dict[str, QWidget] = {
            "owner": self.owner,
            "review_date": self.review_date,
            "valid_until": self.valid_until,
            "audience": self.audience,
            "status": self.status,
        }
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for number, name in enumerate(FIELDS):
            widget = self.widgets[name]
            widget.setAccessibleName(FIELD_LABELS[name])
            label = QLabel(MNEMONICS[name], self)
            label.setBuddy(widget)
            error = QLabel(self)
            error.setWordWrap(True)
            error.setAccessibleName(f"Fehler bei {FIELD_LABELS[name]}")
            error.hide()
            self.errors[name] = error
            row, column = divmod(number, columns)
            grid.addWidget(label, row * 2, column * 2)
            grid.addWidget(widget, row * 2, column * 2 + 1)
            grid.addWidget(error, row * 2 + 1, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
        self._loaded: dict[str, str] = {}
        self.load({})

    def load(self, row: dict[str, Any], *, status: str = RELEASED) -> None:
        """Show a document's values (status: the default when the row has none)."""
        self.owner.setText(str(row.get("owner") or ""))
        self.review_date.setText(german_date(str(row.get("review_date") or "")))
        self.valid_until.setText(german_date(str(row.get("valid_until") or "")))
        self.audience.setCurrentText(str(row.get("audience") or AUDIENCES[0]))
        try:
            shown = normalize_status(str(row.get("status") or status))
        except MetadataError:
            shown = DRAFT
        self.status.setCurrentText(shown)
        self.clear_errors()
        self._loaded = self.values()

    def values(self) -> dict[str, str]:
        """The fields as typed ('keine' and empty dates become '')."""
        return {
            "owner": self.owner.text().strip(),
            "review_date": date_value(self.review_date.text()),
            "valid_until": date_value(self.valid_until.text()),
            "audience": self.audience.currentText().strip(),
            "status": self.status.currentText(),
        }

    def is_dirty(self) -> bool:
        """Whether a field differs from what was loaded."""
        return self.values() != self._loaded

    def mark_saved(self) -> None:
        """The current values are now the stored ones."""
        self._loaded = self.values()

    def check(self) -> dict[str, str] | None:
        """The checked values, or None with a German error next to each wrong field."""
        self.clear_errors()
        checked: dict[str, str] = {}
        for name, value in self.values().items():
            try:
                checked.update(validate_changes({name: value}))
            except MetadataError as problem:
                self.show_error(str(problem), field=name)
        return None if any(not e.isHidden() for e in self.errors.values()) else checked

    def show_error(self, message: str, *, field: str | None = None) -> None:
        """A German error next to its field (found by its label if not given)."""
        if field is None:
            field = next(
                (name for name in FIELDS if message.startswith(FIELD_LABELS[name])), "owner"
            )
        label = self.errors[field]
        label.setText(message)
        label.setStyleSheet(box_style(ERROR, self.palette()))
        label.show()
        self.widgets[field].setAccessibleDescription(message)
        if field in DATE_FIELDS or field == "owner":
            self.widgets[field].setFocus()

    def clear_errors(self) -> None:
        """Hide all error lines."""
        for name, label in self.errors.items():
            label.clear()
            label.hide()
            self.widgets[name].setAccessibleDescription("")

    def error_text(self) -> str:
        """All shown errors (for tests and screen readers)."""
        return " ".join(label.text() for label in self.errors.values() if not label.isHidden())
