"""The page editor: Markdown with a live preview, toolbar, metadata, save and versions."""

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QFont, QFontDatabase, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from onboard.core.metadata import DRAFT
from onboard.core.pages import (
    IMAGE_SUFFIXES,
    NO_TITLE,
    SavedPage,
    add_image,
    page_markdown,
    save_page,
    take_front_matter,
)
from onboard.gui.announce import LiveLabel
from onboard.gui.answer_panel import heading
from onboard.gui.editor import dialogs, markdown_text
from onboard.gui.editor.lane import EditorLane
from onboard.gui.editor.metadata_form import MetadataForm
from onboard.gui.editor.page_versions import VersionsDialog
from onboard.gui.style import ERROR, box_style
from onboard.gui.widgets import with_clear_button

PREVIEW_DELAY_MS = 300
NATIVE = QKeySequence.SequenceFormat.NativeText  # "Strg+B" with the German Qt texts
FRONT_MATTER_TAKEN = "Kopfbereich (---) in die Felder übernommen"
CHECK_FIELDS = "Bitte die markierten Angaben prüfen."
NEW_PAGE_NOTE = (
    "Neue Seite: Sie bleibt ein Entwurf (für Beschäftigte unsichtbar), bis der Status "
    "„Freigegeben“ gespeichert ist."
)
TOOLS = (  # text, shortcut, method
    ("Überschrift", "Ctrl+1", "make_heading"),
    ("Fett", "Ctrl+B", "make_bold"),
    ("Liste", "Ctrl+Shift+L", "make_list"),
    ("Nummerierte Liste", "Ctrl+Shift+N", "make_numbered"),
    ("Tabelle", "Ctrl+Shift+T", "insert_table"),
    ("Link", "Ctrl+L", "insert_link"),
    ("Bild einfügen…", "Ctrl+Shift+I", "choose_image"),
)


class PageEditor(QDialog):
    """Write or change a page; new pages start as Entwurf so employees never see half a page."""

    saved = Signal(int)

    def __init__(
        self,
        lane: EditorLane,
        *,
        collections: list[str],
        collection: str | None = None,
        document_id: int | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """A new page (document_id None, title as a suggestion) or an existing one."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.lane = lane
        self.document_id = document_id
        self.saving = False
        self.close_after_save = False
        self._front_matter_taken = False  # shown with the next "Gespeichert"
        self.title = with_clear_button(QLineEdit(title, self), what="Titel")
        self.title.setAccessibleName("Titel der Seite")
        self.collection = QComboBox(self)
        self.collection.setAccessibleName("Sammlung der Seite")
        self.collection.addItems(collections)
        if collection in collections:
            self.collection.setCurrentText(collection)
        self.form = MetadataForm(self, columns=3)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Text der Seite (Markdown)")
        self.text.setPlaceholderText("# Überschrift\n\nText der Seite …")
        self.text.setTabChangesFocus(True)
        self.text.setFont(fixed_font(self.text.font()))
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName("Vorschau der Seite")
        self.preview.setOpenLinks(False)
        self.preview.setSearchPaths([str(lane.home)])
        self.preview.document().setBaseUrl(QUrl.fromLocalFile(str(lane.home) + "/"))
        self.preview.document().setDefaultStyleSheet(markdown_text.PREVIEW_STYLE)
        self.state = LiveLabel(self)
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Status der Seite")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.update_preview)
        self.text.textChanged.connect(self.timer.start)
        self.toolbar = self._toolbar()
        self._build()
        self._load()

    # construction -------------------------------------------------------------------------
    def _toolbar(self) -> QToolBar:
        """Formatting buttons, each with a shortcut named in its tooltip."""
        toolbar = QToolBar("Formatierung", self)
        toolbar.setAccessibleName("Formatierung")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for text, keys, method in TOOLS:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text} ({QKeySequence(keys).toString(NATIVE)})")
            action.triggered.connect(getattr(self, method))
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(text.rstrip("…"))
        for button in toolbar.findChildren(QWidget):
            if not button.accessibleName():
                button.setAccessibleName("Weitere Formatierungen")
        return toolbar

    def _build(self) -> None:
        """Title and collection, metadata, toolbar, editor beside preview, state and buttons."""
        self.setWindowTitle("Seite bearbeiten" if self.document_id else "Neue Seite")
        top = QHBoxLayout()
        fields: tuple[tuple[str, QWidget, int], ...] = (
            ("Tite&l:", self.title, 3),
            ("Sa&mmlung:", self.collection, 1),
        )
        for text, widget, stretch in fields:
            label = QLabel(text, self)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget, stretch)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        panes: tuple[tuple[str, QWidget], ...] = (
            ("&Text (Markdown):", self.text),
            ("Vorscha&u:", self.preview),
        )
        for text, widget in panes:
            pane = QWidget(splitter)
            column = QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(heading(text, widget))
            column.addWidget(widget, 1)
            splitter.addWidget(pane)
        self.versions_button = QPushButton("Versi&onen…", self)
        self.versions_button.setAccessibleName("Frühere Versionen")
        self.versions_button.clicked.connect(self.show_versions)
        self.save_button = QPushButton("&Speichern", self)
        self.save_button.setAccessibleName("Seite speichern")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("Speichert die Seite (Strg+S); sie ist sofort durchsuchbar.")
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Schließen", self)
        close.setAccessibleName("Seite schließen")
        close.clicked.connect(self.reject)
        close.setAutoDefault(False)
        self.save_button.setAutoDefault(False)
        self.versions_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.versions_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1180, 760)

    def _load(self) -> None:
        """Fill the fields from the stored page (or the defaults of a new one)."""
        document_id = self.document_id
        document = None if document_id is None else self.lane.reader.store.document(document_id)
        if document is None or document_id is None:
            self.document_id = None
            self.form.load({}, status=DRAFT)
            self.text.setPlainText("")
            self.state.setText(NEW_PAGE_NOTE)
        else:
            self.title.setText(str(document["title"]))
            self.collection.setCurrentText(str(document["collection"]))
            self.form.load(document)
            self.text.setPlainText(page_markdown(self.lane.reader, document_id) or "")
            self.state.setText(f"Version {document['version']}")
        self.versions_button.setEnabled(self.document_id is not None)
        self._snapshot = self._values()
        self.update_preview()

    def _values(self) -> tuple[Any, ...]:
        """Everything the user can change, to tell whether something is unsaved."""
        values = self.form.values()
        return (self.title.text().strip(), self.collection.currentText(), self.markdown(), values)

    # editing ------------------------------------------------------------------------------
    def markdown(self) -> str:
        """The Markdown as typed."""
        return self.text.toPlainText()

    def is_dirty(self) -> bool:
        """Whether there are unsaved changes."""
        return self._values() != self._snapshot

    def update_preview(self) -> None:
        """Render the Markdown (called 300 ms after the last keystroke)."""
        self.timer.stop()
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        self.preview.setHtml(markdown_text.render(self.markdown()))
        bar.setValue(position)

    def _selected(self) -> tuple[QTextCursor, str]:
        """The editor's cursor and its selected text (line breaks as \\n)."""
        cursor = self.text.textCursor()
        return cursor, cursor.selectedText().replace("\u2029", "\n")

    def _inline(self, marker: str, placeholder: str) -> None:
        """Wrap the selection; without one, insert a placeholder and select it."""
        cursor, selected = self._selected()
        start = cursor.selectionStart()
        cursor.insertText(markdown_text.wrap(selected, marker, placeholder))
        if not selected:
            cursor.setPosition(start + len(marker))
            cursor.setPosition(
                start + len(marker) + len(placeholder), QTextCursor.MoveMode.KeepAnchor
            )
            self.text.setTextCursor(cursor)
        self.text.setFocus()

    def _lines(self, change: Any) -> None:
        """Apply a change to every line touched by the selection (or the cursor's line)."""
        cursor = self.text.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        cursor.setPosition(start)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(change(cursor.selectedText().replace("\u2029", "\n")))
        self.text.setTextCursor(cursor)
        self.text.setFocus()

    def _insert(self, text: str) -> None:
        """Insert text at the cursor."""
        self.text.textCursor().insertText(text)
        self.text.setFocus()

    def make_heading(self) -> None:
        """Überschrift (Strg+1): the line becomes a heading."""
        self._lines(markdown_text.heading)

    def make_bold(self) -> None:
        """Fett (Strg+B)."""
        self._inline("**", "fetter Text")

    def make_list(self) -> None:
        """Liste: the lines become list items."""
        self._lines(markdown_text.bullet_list)

    def make_numbered(self) -> None:
        """Nummerierte Liste: the lines become numbered items."""
        self._lines(markdown_text.numbered_list)

    def insert_table(self) -> None:
        """Tabelle: an empty table with three columns."""
        self._insert(markdown_text.table_skeleton())

    def insert_link(self) -> None:
        """Link: around the selection, the address to fill in."""
        cursor, selected = self._selected()
        cursor.insertText(markdown_text.link(selected))
        self.text.setFocus()

    def choose_image(self) -> None:
        """Bild einfügen…: copy an image into the knowledge base and link it."""
        patterns = " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(
            self, "Bild einfügen", str(Path.home()), f"Bilder ({patterns})"
        )
        if path:
            self.insert_image(Path(path))

    def insert_image(self, path: Path) -> None:
        """Copy the image (library lane), then insert its Markdown at the cursor."""
        self.lane.write(
            "Bild einfügen",
            lambda kb: add_image(kb, path),
            done=lambda relative: self._insert(markdown_text.image(relative, path.stem)),
            failed=self._show_error,
        )

    # saving -------------------------------------------------------------------------------
    def save(self) -> None:
        """Speichern (Strg+S): store the page and re-index it; vectors follow in the background."""
        if self.saving or not self._take_front_matter():
            return
        values = self.form.check()
        if values is None:
            self._show_error(CHECK_FIELDS)  # not an earlier error that no longer applies
            return
        collection = self.collection.currentText()
        if not collection:
            self._show_error("Bitte zuerst eine Sammlung wählen.")
            return
        if not self.title.text().strip():
            self._show_error(NO_TITLE)
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        title, text, document_id = self.title.text(), self.markdown(), self.document_id
        self.saving = True
        self.save_button.setEnabled(False)
        self.state.setStyleSheet("")
        self.state.setText("Wird gespeichert …")
        self.lane.write(
            "Seite speichern",
            lambda kb: save_page(
                kb,
                collection=collection,
                title=title,
                markdown=text,
                metadata=values,
                document_id=document_id,
            ),
            done=self._saved,
            failed=self._refused,
        )

    def _take_front_matter(self) -> bool:
        """A front matter at the start of the text goes into the title and the fields; False
        (with the reason shown) when it cannot be read."""
        taken = take_front_matter(self.markdown())
        if taken is None:
            return True
        if taken.problem:
            self._show_error(taken.problem)
            return False
        fields = taken.fields
        if fields.get("title"):
            self.title.setText(fields["title"])
        self.form.load({**self.form.values(), **fields})
        self.text.setPlainText(taken.markdown)
        self._front_matter_taken = True
        return True

    def _saved(self, page: SavedPage) -> None:
        """Saved: say which version; compute its vectors; close if that was asked for."""
        self.saving = False
        self.save_button.setEnabled(True)
        self.document_id = page.document_id
        self.versions_button.setEnabled(True)
        self.setWindowTitle("Seite bearbeiten")
        self._snapshot = self._values()
        self.form.mark_saved()
        taken = f" – {FRONT_MATTER_TAKEN}" if self._front_matter_taken else ""
        self._front_matter_taken = False
        if page.changed:
            self.state.setText(f"Gespeichert (Version {page.version}){taken}")
            self.lane.embed()
        else:
            self.state.setText(f"Keine Änderungen – Version {page.version} bleibt.")
        self.saved.emit(page.document_id)
        if self.close_after_save:
            super().reject()

    def _refused(self, message: str) -> None:
        """Not saved: the German reason; nothing typed is lost."""
        self.saving = False
        self.close_after_save = False
        self.save_button.setEnabled(True)
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        """A German error in the state line."""
        self.state.setText(message)
        self.state.setStyleSheet(box_style(ERROR, self.palette()))

    # versions and closing -----------------------------------------------------------------
    def show_versions(self) -> None:
        """Versionen…: earlier versions with Wiederherstellen."""
        if self.document_id is None:
            return
        dialog = VersionsDialog(self.lane, self.document_id, unsaved=self.is_dirty(), parent=self)
        dialog.restored.connect(self._restore)
        dialog.exec()
        dialog.deleteLater()

    def _restore(self, version: int, page: SavedPage) -> None:
        """A version was restored: show it as the page's newest version."""
        self._load()
        self.state.setText(f"Version {version} wiederhergestellt (jetzt Version {page.version})")
        self.lane.embed()

    def reject(self) -> None:
        """Schließen / Escape / the window's close button: ask about unsaved changes."""
        if self.saving:
            return
        if self.is_dirty():
            choice = dialogs.ask_unsaved(self, "Die Seite")
            if choice == dialogs.CANCEL:
                return
            if choice == dialogs.SAVE:
                self.close_after_save = True
                self.save()
                return
        super().reject()


def fixed_font(base: QFont) -> QFont:
    """The system's fixed-width font (Markdown tables line up), never smaller than base."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if base.pointSizeF() > 0:
        font.setPointSizeF(max(base.pointSizeF(), font.pointSizeF()))
    return font
