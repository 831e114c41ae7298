"""Marks in the viewer's text: the cited passage in colour, section headings bold."""

from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from onboard.gui.highlight import qt_position
from onboard.gui.shown_text import ShownText

# The passage: soft yellow behind near-black text, readable in light and dark palettes alike.
PASSAGE_BACKGROUND = QColor("#ffe27a")
PASSAGE_FOREGROUND = QColor("#1a1a1a")
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
