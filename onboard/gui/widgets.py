"""The window's building blocks: status area, sources list, answer view, feedback, history."""

import html
from datetime import datetime
from urllib.parse import quote, unquote

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QToolButton,
    QWidget,
)

from onboard.core.answer import Source
from onboard.gui.announce import LiveLabel, announce
from onboard.gui.jobs import Step
from onboard.gui.style import DECLINED, ERROR, box_style

ROLE_NUMBER = Qt.ItemDataRole.UserRole.value + 1
ROLE_PARTS = Qt.ItemDataRole.UserRole.value + 2
EXCERPT_PREVIEW = 180
ANSWER_FONT_FACTOR = 1.1
ALL_COLLECTIONS = "Alle Sammlungen"
INFO, BUSY, CANCELLED = "info", "busy", "cancelled"
FEEDBACK_PROMPT = "War diese Antwort hilfreich? Ein Kommentar ist freiwillig."
EMPTY_HISTORY = "Ihre Fragen dieser Sitzung erscheinen hier."


def heading_font(base: QFont, factor: float = 1.25) -> QFont:
    """A bold font relative to the system font (never smaller than it)."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * max(1.0, factor))
    font.setBold(True)
    return font


def with_clear_button(line_edit: QLineEdit, *, what: str) -> QLineEdit:
    """Give a line edit its clear button, with an accessible German name."""
    line_edit.setClearButtonEnabled(True)
    for button in line_edit.findChildren(QToolButton):
        button.setAccessibleName(f"{what} löschen")
        button.setToolTip(f"{what} löschen")
    return line_edit


def reading_label(name: str, *, scale: float = 1.0, bold: bool = False, style: str = "") -> QLabel:
    """A wrapping, selectable plain-text label with an accessible name, reached with Tab (so
    that a screen reader in focus mode reads it)."""
    label = QLabel()
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # after the flags, which lower it
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    label.setStyleSheet(style)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return label


def shorten(text: str, limit: int) -> str:
    """One line of at most limit characters, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


class StatusArea(QFrame):
    """Background activities, one row each: German text and a progress bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Empty; rows are added per activity."""
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Statusbereich")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(8, 4, 8, 4)
        self._grid.setColumnStretch(0, 1)
        self._rows: dict[str, tuple[QLabel, QProgressBar]] = {}
        self.shown: list[str] = []  # every text shown, in order (the session's status log)

    def add_activity(self, key: str, title: str) -> None:
        """A row for an activity (title: German, for the progress bar's accessible name); an
        activity that has its row already keeps it."""
        if key in self._rows:
            return
        label = QLabel(self)
        label.setWordWrap(True)
        label.setAccessibleName(f"Status: {title}")
        bar = QProgressBar(self)
        bar.setAccessibleName(f"Fortschritt: {title}")
        bar.setTextVisible(False)
        bar.setMaximumWidth(260)
        bar.hide()
        row = len(self._rows)
        self._grid.addWidget(label, row, 0)
        self._grid.addWidget(bar, row, 1)
        self._rows[key] = (label, bar)

    def show_step(self, step: Step) -> None:
        """Show the progress of an activity."""
        label, bar = self._rows[step.activity]
        label.setStyleSheet("")
        label.setText(step.text)
        self.shown.append(step.text)
        if step.total:
            bar.setRange(0, step.total)
            bar.setValue(min(step.done or 0, step.total))
        else:
            bar.setRange(0, 0)
        bar.show()

    def finish(self, key: str, text: str, *, error: bool = False) -> None:
        """An activity ended: its final text, no progress bar."""
        label, bar = self._rows[key]
        label.setText(text)
        self.shown.append(text)
        label.setStyleSheet(box_style(ERROR, self.palette()) if error else "")
        bar.hide()
        announce(label, text)

    def activities(self) -> list[str]:
        """The keys of the activities that have a row."""
        return list(self._rows)

    def text(self, key: str) -> str:
        """The current text of an activity."""
        return self._rows[key][0].text()

    def busy(self, key: str) -> bool:
        """Whether an activity shows progress."""
        return not self._rows[key][1].isHidden()


class CollectionBox(QComboBox):
    """'Alle Sammlungen' and the collections of the knowledge base."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Only 'Alle Sammlungen' until filled."""
        super().__init__(parent)
        self.setAccessibleName("Sammlung")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.fill([])

    def fill(self, names: list[str]) -> None:
        """Replace the collections, keeping the chosen one if it still exists."""
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(ALL_COLLECTIONS, None)
        for name in names:
            self.addItem(name, name)
        self.setCurrentIndex(max(0, self.findData(chosen)) if chosen else 0)
        self.blockSignals(False)

    def chosen(self) -> list[str] | None:
        """The chosen collection as a filter list; None for all."""
        data = self.currentData()
        return [str(data)] if data else None


class StateLabel(LiveLabel):
    """The answer's state in one line: info, busy, declined, error or cancelled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Starts as an info line."""
        super().__init__(parent)
        self.setWordWrap(True)
        self.kind = INFO
        self.setAccessibleName("Status der Antwort")

    def set_state(self, kind: str, text: str) -> None:
        """Show a state (hidden when empty); the answer view below carries the coloured box."""
        self.kind = kind
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
        font = self.font()
        font.setItalic(kind == BUSY)
        font.setBold(kind in (DECLINED, ERROR, CANCELLED))
        self.setFont(font)


class SourcesList(QListWidget):
    """The numbered sources of an answer: title, collection, position and a short excerpt."""

    source_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        """An empty, keyboard-navigable list; Enter or a click opens a source."""
        super().__init__(parent)
        self.setAccessibleName("Quellen")
        self.setAccessibleDescription("Gefundene Stellen; Eingabetaste öffnet die Stelle")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(SourceDelegate(self))
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def show_sources(self, sources: list[Source]) -> None:
        """Replace the list with these sources."""
        self.clear()
        for source in sources:
            chunk = source.hit.chunk
            place = source.position
            meta = (
                chunk.collection if place.startswith("Zeichen") else f"{chunk.collection} · {place}"
            )
            excerpt = f"„{shorten(source.excerpt, EXCERPT_PREVIEW)}“"
            title = f"[{source.number}]  {chunk.title}"
            item = QListWidgetItem(f"{title}\n{meta}\n{excerpt}", self)
            item.setData(ROLE_NUMBER, source.number)
            item.setData(ROLE_PARTS, (title, meta, excerpt))
            item.setToolTip(shorten(source.excerpt, 600))

    def select_number(self, number: int) -> None:
        """Highlight the source with this number."""
        for row in range(self.count()):
            if self.item(row).data(ROLE_NUMBER) == number:
                self.setCurrentRow(row)
                return

    @Slot(QListWidgetItem)
    def _chosen(self, item: QListWidgetItem) -> None:
        """A source was clicked or activated."""
        self.source_chosen.emit(int(item.data(ROLE_NUMBER)))


class SourceDelegate(QStyledItemDelegate):
    """Draws a source as a bold title line, its place, and the excerpt, in palette colours."""

    MARGIN = 6

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        """The item laid out as rich text at the list's width."""
        title, meta, excerpt = index.data(ROLE_PARTS) or (index.data(), "", "")
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(self.MARGIN)
        document.setHtml(
            f"<b>{html.escape(title)}</b><br>{html.escape(meta)}<br>{html.escape(excerpt)}"
        )
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListWidget) else 400
        document.setTextWidth(max(width, 160))
        return document

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Height of the laid-out text."""
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Background and selection by the style, text by the document."""
        item_option = QStyleOptionViewItem(option)
        self.initStyleOption(item_option, index)
        item_option.text = ""
        widget = item_option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item_option, painter, widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(item_option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        palette = item_option.palette
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(role))
        rect = item_option.rect
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()


ASK = "ask:"


def ask_link(question: str) -> str:
    """The address of a link that asks this question ("?" kept: unencoded it would start
    the link's query part and be lost)."""
    return ASK + quote(question)


class AnswerView(QTextBrowser):
    """The answer as HTML; [n] links report citation_clicked(n), ask: links example_chosen."""

    citation_clicked = Signal(int)
    example_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        """Read-only, links handled by the window (never opened externally)."""
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Antwort")
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * ANSWER_FONT_FACTOR)
        self.setFont(font)
        self.document().setDocumentMargin(10)
        self.anchorClicked.connect(self.follow)

    @Slot(QUrl)
    def follow(self, url: QUrl) -> None:
        """Handle a clicked link: source:n or ask:question."""
        if url.scheme() == "source" and url.path().isdigit():
            self.citation_clicked.emit(int(url.path()))
        elif url.scheme() == ASK.rstrip(":"):
            encoded = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
            self.example_chosen.emit(unquote(encoded.removeprefix(ASK)))


class FeedbackBar(QFrame):
    """'War diese Antwort hilfreich?' with an optional comment and two buttons."""

    rated = Signal(bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        """Question, comment field, buttons."""
        super().__init__(parent)
        self.setAccessibleName("Rückmeldung zur Antwort")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.prompt = QLabel(FEEDBACK_PROMPT, self)
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText("Kommentar (optional)")
        self.comment.setAccessibleName("Kommentar zur Antwort (optional)")
        with_clear_button(self.comment, what="Kommentar")
        self.helpful = QPushButton("&Hilfreich", self)
        self.helpful.setAccessibleName("Hilfreich")
        self.unhelpful = QPushButton("&Nicht hilfreich", self)
        self.unhelpful.setAccessibleName("Nicht hilfreich")
        layout.addWidget(self.prompt, 0, 0, 1, 3)
        layout.addWidget(self.comment, 1, 0)
        layout.addWidget(self.helpful, 1, 1)
        layout.addWidget(self.unhelpful, 1, 2)
        layout.setColumnStretch(0, 1)
        self.helpful.clicked.connect(lambda: self._rate(True))
        self.unhelpful.clicked.connect(lambda: self._rate(False))

    def reset(self, *, done_text: str = "") -> None:
        """Ready for a rating, or (done_text) showing that this answer was already rated."""
        done = bool(done_text)
        self.prompt.setText(done_text or FEEDBACK_PROMPT)
        self.comment.clear()
        for widget in (self.comment, self.helpful, self.unhelpful):
            widget.setEnabled(not done)
            widget.setVisible(not done)

    def _rate(self, helpful: bool) -> None:
        """Report the rating with the comment."""
        self.rated.emit(helpful, self.comment.text().strip())


class HistoryList(QListWidget):
    """This session's questions, newest first; choosing one shows its answer again."""

    entry_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        """Empty list."""
        super().__init__(parent)
        self.setAccessibleName("Verlauf dieser Sitzung")
        self.setAccessibleDescription(EMPTY_HISTORY)  # the painted hint, for screen readers
        self.setWordWrap(True)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def paintEvent(self, event: QPaintEvent) -> None:
        """An empty history says what will appear here."""
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        rect = self.viewport().rect().adjusted(8, 8, -8, -8)
        flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        painter.drawText(rect, int(flags), EMPTY_HISTORY)
        painter.end()

    def add_entry(
        self, index: int, question: str, asked_at: datetime, *, in_context: str = ""
    ) -> None:
        """Add a question at the top, with the time it was asked (HH:MM); in_context: its
        tooltip when it follows up another."""
        item = QListWidgetItem(f"{asked_at:%H:%M}  {shorten(question, 90)}")
        item.setData(ROLE_NUMBER, index)
        item.setToolTip(in_context or question)
        self.insertItem(0, item)
        self.setAccessibleDescription("")

    def row_of(self, index: int) -> int:
        """The row showing an entry."""
        for row in range(self.count()):
            if self.item(row).data(ROLE_NUMBER) == index:
                return row
        return -1

    @Slot(QListWidgetItem)
    def _chosen(self, item: QListWidgetItem) -> None:
        """An entry was clicked or activated."""
        self.entry_chosen.emit(int(item.data(ROLE_NUMBER)))
