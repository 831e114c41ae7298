"""Marks in the viewer's text: the cited passage in colour with a bar beside it, section
headings bold."""

from PySide6.QtCore import QRect
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from onboard.gui.highlight import qt_position
from onboard.gui.shown_text import ShownText
from onboard.gui.style import is_dark

# The passage: soft yellow behind near-black text, readable in light and dark palettes alike.
PASSAGE_BACKGROUND = QColor("#ffe27a")
PASSAGE_FOREGROUND = QColor("#1a1a1a")
# The bar in the left margin beside the passage, so that it is not told by its colour alone:
# at least 3:1 against the text view's background (light: 6.7:1 on white, dark: on #2b2b2b).
PASSAGE_EDGE = {False: QColor("#7a5600"), True: PASSAGE_BACKGROUND}
PASSAGE_EDGE_WIDTH = 5
PASSAGE_EDGE_INSET = 4  # from the left edge of the text view; the document margin is wider
HEADING_SIZE_STEPS = (1.25, 1.12, 1.0)  # font size of a section heading by level, then 1.0


def format_headings(view: QTextEdit, shown: ShownText) -> None:
    """Heading lines bold and a little larger, marked as headings for assistive tools."""
    base = view.font().pointSizeF()
    for heading in shown.headings:
        block = view.document().findBlock(qt_position(shown.text, heading.start))
        cursor = QTextCursor(block)
        level = QTextBlockFormat()
        level.setHeadingLevel(min(heading.level + 1, 6))  # level 1 is the document title
        cursor.mergeBlockFormat(level)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        look = QTextCharFormat()
        look.setFontWeight(QFont.Weight.Bold)
        steps = HEADING_SIZE_STEPS
        look.setFontPointSize(base * steps[min(heading.level, len(steps)) - 1])
        cursor.mergeCharFormat(look)


def mark_passage(view: QTextEdit, start: int, end: int) -> QTextCursor:
    """Colour the passage between two QTextDocument positions; returns its selection."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = _passage_format()
    view.setExtraSelections([selection])
    _band_blocks(view, cursor.selectionStart(), cursor.selectionEnd())
    return cursor


def _band_blocks(view: QTextEdit, start: int, end: int) -> None:
    """Paragraphs wholly inside the passage get the colour edge to edge, gaps included."""
    band = QTextBlockFormat()
    band.setBackground(PASSAGE_BACKGROUND)
    block = view.document().findBlock(start)
    while block.isValid() and block.position() <= end:
        if block.position() >= start and block.position() + block.length() - 1 <= end:
            QTextCursor(block).mergeBlockFormat(band)
        block = block.next()


def _passage_format() -> QTextCharFormat:
    """Soft yellow behind dark text."""
    passage = QTextCharFormat()
    passage.setBackground(PASSAGE_BACKGROUND)
    passage.setForeground(PASSAGE_FOREGROUND)
    return passage


class PassageBrowser(QTextBrowser):
    """A read-only text view that draws a bar in its left margin beside the marked passage
    (the first extra selection)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text as usual, then the bar."""
        super().paintEvent(event)
        edge = self.passage_edge()
        if edge is None:
            return
        painter = QPainter(self.viewport())
        painter.fillRect(edge, PASSAGE_EDGE[is_dark(self.palette())])
        painter.end()

    def passage_edge(self) -> QRect | None:
        """Where the bar goes in viewport coordinates, None without a passage."""
        selections = self.extraSelections()
        if not selections or not selections[0].cursor.hasSelection():
            return None
        marked = selections[0].cursor
        top = self.cursorRect(_at(marked, marked.selectionStart())).top()
        bottom = self.cursorRect(_at(marked, marked.selectionEnd())).bottom()
        return QRect(PASSAGE_EDGE_INSET, top, PASSAGE_EDGE_WIDTH, bottom - top + 1)


def _at(selection: QTextCursor, position: int) -> QTextCursor:
    """A cursor at a position of the selection's document."""
    cursor = QTextCursor(selection)
    cursor.setPosition(position)
    return cursor
