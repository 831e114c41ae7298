"""HTML parser: block elements become sections, grouped under the h1–h6 headings."""

import re
import warnings
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, Tag

from onboard.core.documents import ParsedDocument
from onboard.core.parsers.common import (
    SectionCollector,
    clean_line,
    decode_text,
    stem_title,
    table_lines,
)

_DROPPED = ("script", "style", "nav", "noscript", "template", "svg", "iframe", "object")
_PAGE_FRAME = ("header", "footer")
_CONTENT_ANCESTORS = ("article", "main", "section")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form"),
        *("hr", "html", "legend", "li", "main", "ol", "p", "section", "summary", "table"),
        *("tbody", "tfoot", "thead", "ul"),
    }
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def parse_html(data: bytes, path: Path) -> ParsedDocument:
    """Parse an HTML page into sections per block element under its heading path."""
    text, warnings = decode_text(data, path)
    soup = _soup(text)
    title = _title_tag(soup, path)
    _drop_boilerplate(soup)
    walker = _BlockWalker()
    walker.walk(soup.body or soup)
    return ParsedDocument(
        title=title or walker.first_headings.get(1) or stem_title(path),
        format="html",
        sections=walker.sections,
        warnings=warnings,
    )


def _soup(text: str) -> BeautifulSoup:
    """Parse with html.parser, silencing bs4's hints about URL-like or XHTML input."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "html.parser")


def _title_tag(soup: BeautifulSoup, path: Path) -> str:
    tag = soup.find("title")
    title = clean_line(tag.get_text()) if tag is not None else ""
    return stem_title(path) if title == path.stem else title


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for tag in soup.find_all(_PAGE_FRAME):
        if tag.find_parent(_CONTENT_ANCESTORS) is None:
            tag.decompose()
    for tag in soup.find_all(hidden=True):
        tag.decompose()


def _inline_text(tag: Tag) -> str:
    return _HTML_SPACE.sub(" ", tag.get_text(" "))


def _table_lines(table: Tag) -> list[str]:
    """The table's own rows (a nested table stays inside its cell's text); a first row of
    <th> cells is the header."""
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    cells = [row.find_all(("td", "th"), recursive=False) for row in rows]
    header = bool(cells) and bool(cells[0]) and all(cell.name == "th" for cell in cells[0])
    texts = [[_inline_text(cell).strip() for cell in row] for row in cells]
    return table_lines(texts, header=header)


class _BlockWalker(SectionCollector):
    """Walks the tree in document order, flushing collected inline text at block boundaries."""

    def __init__(self) -> None:
        super().__init__()
        self._buffer: list[str] = []

    def walk(self, root: Tag) -> None:
        stack: list[tuple[object, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._flush()
            elif type(node) is NavigableString:
                self._buffer.append(_HTML_SPACE.sub(" ", node))
            elif isinstance(node, Tag) and self._enter(node):
                if node.name in _BLOCKS:
                    stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
        self._flush()

    def _enter(self, tag: Tag) -> bool:
        """Handle a tag on the way down; return whether the walk should descend into it."""
        name = tag.name
        if name in _HEADINGS:
            self._flush()
            self.heading(_HEADINGS[name], _inline_text(tag))
        elif name == "br":
            self._buffer.append("\n")
        elif name == "table":
            self._flush()
            for line in _table_lines(tag):
                self.add(line)
        elif name == "pre":
            self._flush()
            self.add(tag.get_text())
        else:
            if name in _BLOCKS:
                self._flush()
            return True
        return False

    def _flush(self) -> None:
        if self._buffer:
            self.add("".join(self._buffer))
            self._buffer = []
