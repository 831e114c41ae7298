"""Einstellungen: model, threads, data folder (next start); what IT fixes is shown disabled."""

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from onboard.core.itconfig import ITConfig, load_it_config
from onboard.core.models import DEFAULT_MODEL, ModelInfo, scan
from onboard.core.paths import model_dirs
from onboard.core.settings import Settings, effective_settings, load_settings, save_settings
from onboard.core.wording import size_text

HOME_KEY = "home"
MAX_THREADS = 64
IT_FIXED = "von der IT festgelegt"


def verified_text(info: ModelInfo) -> str:
    """German: whether a model file is checked, unchecked or broken."""
    if info.problem:
        return f"nicht verwendbar: {info.problem}"
    if info.verified is True:
        return "geprüft"
    if info.verified is False:
        return "Prüfsumme falsch – nicht verwendbar"
    return "nicht geprüft"


def it_note(it_config: ITConfig) -> str:
    """The info line when IT's onboard.ini is in effect (empty without one)."""
    if it_config.source is None:
        return ""
    parts = [f"Einige Einstellungen legt die IT zentral fest (Datei: {it_config.source})."]
    if it_config.read_only:
        parts.append("Die Wissensdatenbank ist schreibgeschützt.")
    lines = [" ".join(parts)] + [f"Hinweis: {warning}" for warning in it_config.warnings]
    return "\n".join(lines)


def model_label(info: ModelInfo) -> str:
    """One combo-box line: name, size, verified state."""
    return f"{info.name} – {size_text(info.size_bytes)} – {verified_text(info)}"


class SettingsDialog(QDialog):
    """Model (from the models folders), threads (0 = automatisch) and the data folder."""

    def __init__(
        self,
        home: Path,
        *,
        app_settings: QSettings,
        models: list[ModelInfo] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """models: the scanned model files (None: scan the models folders, without hashing)."""
        super().__init__(parent)
        self.setWindowTitle("Einstellungen")
        self.home = home
        self.app_settings = app_settings
        self.it_config = load_it_config()
        self.stored = load_settings(home)
        self.current, fixed = effective_settings(home)
        self.fixed = fixed | ({"home"} if self.it_config.fixes("home") else set())
        self.fixed_labels: dict[str, QLabel] = {}
        self.model_changed = False
        self.home_changed = False
        available = models if models is not None else scan(model_dirs(home), verify=False)
        self._build(available)

    def _build(self, models: list[ModelInfo]) -> None:
        """The form and the buttons."""
        self.model = QComboBox()
        self.model.setAccessibleName("Sprachmodell")
        self.model.addItem(f"Standardmodell ({DEFAULT_MODEL.label})", "")
        for info in models:
            self.model.addItem(model_label(info), info.name)
        self._disable_unusable(models)
        self.model.setCurrentIndex(self._model_index(models))

        self.threads = QSpinBox()
        self.threads.setAccessibleName("Anzahl der Rechenkerne für das Sprachmodell")
        self.threads.setRange(0, MAX_THREADS)
        self.threads.setSpecialValueText("automatisch")
        self.threads.setValue(self.current.threads)
        self.threads.setToolTip("0 = automatisch (alle Rechenkerne)")
        for inner in self.threads.findChildren(QLineEdit):
            inner.setAccessibleName(self.threads.accessibleName())

        self.folder = QLineEdit(str(self.home))
        self.folder.setAccessibleName("Datenordner der Wissensdatenbank")
        browse = QPushButton("&Durchsuchen…")
        browse.setAccessibleName("Datenordner auswählen")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        folder_note = self._note("Ein anderer Datenordner wird beim nächsten Start verwendet.")

        form = QFormLayout()
        form.addRow(self._label("Sprach&modell:", self.model), self._field("model", self.model))
        if "model" not in self.fixed:
            form.addRow(
                "", self._note("Ein anderes Modell wird nach dem Speichern im Hintergrund geladen.")
            )
        form.addRow(
            self._label("Rechen&kerne:", self.threads), self._field("threads", self.threads)
        )
        form.addRow(
            self._label("Daten&ordner:", self.folder),
            self._field("home", self.folder, browse, layout=folder_row),
        )
        if "home" not in self.fixed:
            form.addRow("", folder_note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Speichern")
        save.setAccessibleName("Einstellungen speichern")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Abbre&chen")
        cancel.setAccessibleName("Abbrechen")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.it_info: QLabel | None = None
        if note := it_note(self.it_config):
            self.it_info = self._note(note)
            self.it_info.setAccessibleName("Hinweis der IT")
            layout.addWidget(self.it_info)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _field(
        self, name: str, *widgets: QWidget, layout: QHBoxLayout | None = None
    ) -> QWidget | QHBoxLayout:
        """A form field; one IT fixes is disabled and labelled "von der IT festgelegt"."""
        if name not in self.fixed:
            return layout if layout is not None else widgets[0]
        where = f"Von der IT festgelegt in {self.it_config.source}"
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(where)
            widget.setAccessibleDescription(where)
        label = QLabel(IT_FIXED)
        label.setToolTip(where)
        label.setAccessibleDescription(where)
        self.fixed_labels[name] = label
        row = layout if layout is not None else QHBoxLayout()
        if layout is None:
            row.addWidget(widgets[0], 1)
        row.addWidget(label)
        return row

    def _model_index(self, models: list[ModelInfo]) -> int:
        """The combo-box row of the active model; IT's model gets a row if it is not listed."""
        wanted = self.current.model
        if not wanted:
            return 0
        index = self.model.findData(wanted)
        if index < 0:
            index = next(
                (row for row, info in enumerate(models, 1) if str(info.path) == wanted), -1
            )
        if index < 0 and "model" in self.fixed:
            self.model.addItem(wanted, wanted)
            index = self.model.count() - 1
        return max(0, index)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        """A form label with a mnemonic that focuses its field."""
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _note(text: str) -> QLabel:
        """A wrapped explanatory line under a field."""
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def _disable_unusable(self, models: list[ModelInfo]) -> None:
        """Broken or mismatching model files cannot be chosen."""
        items = self.model.model()
        if not isinstance(items, QStandardItemModel):
            return
        for row, info in enumerate(models, start=1):
            entry = items.item(row)
            if not info.usable and entry is not None:
                entry.setEnabled(False)

    def _browse(self) -> None:
        """Choose the data folder."""
        folder = QFileDialog.getExistingDirectory(self, "Datenordner wählen", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen(self) -> Settings:
        """The settings as entered; fields IT fixes keep the user's own saved value."""
        model = str(self.model.currentData() or "")
        threads = self.threads.value()
        return Settings(
            model=self.stored.model if "model" in self.fixed else model,
            threads=self.stored.threads if "threads" in self.fixed else threads,
            embedder=self.stored.embedder,
        )

    def accept(self) -> None:
        """Save settings.json in the home folder and the home folder choice in QSettings."""
        chosen = self.chosen()
        save_settings(self.home, chosen)
        self.model_changed = (chosen.model, chosen.threads) != (
            self.stored.model,
            self.stored.threads,
        )
        folder = self.folder.text().strip()
        if "home" in self.fixed:
            folder = ""
        if folder and Path(folder).expanduser().resolve() != self.home.resolve():
            self.app_settings.setValue(HOME_KEY, str(Path(folder).expanduser().resolve()))
            self.app_settings.sync()
            self.home_changed = True
        super().accept()
