"""Word (DOCX) parser: body paragraphs and tables in document order under heading styles."""

import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from onboard.core.documents import ParsedDocument
from onboard.core.parsers.common import SectionCollector, clean_line, stem_title, table_lines

_HEADING_STYLE = re.compile(r"^(?:heading|überschrift)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "titel"})
_BODY_OUTLINE_LEVEL = 9
_PARAGRAPH, _TABLE, _ROW, _CELL = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_HEADER_MARK = f"{qn('w:trPr')}/{qn('w:tblHeader')}"  # "repeat as header row" in Word
_CONTAINERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})


def parse_docx(data: bytes, path: Path) -> ParsedDocument:
    """Parse a DOCX file: Title/Heading styles build the heading path, tables give row sections."""
    document = docx.Document(BytesIO(data))
    collector = SectionCollector()
    for element in _blocks(document.element.body):
        if element.tag == _TABLE:
            _add_table(element, collector)
        else:
            _add_paragraph(Paragraph(element, document), collector)
    return ParsedDocument(
        title=_title(document, collector) or stem_title(path),
        format="docx",
        sections=collector.sections,
    )


def _title(document: Document, collector: SectionCollector) -> str | None:
    core_title = clean_line(document.core_properties.title or "")
    return core_title or collector.first_headings.get(0) or collector.first_headings.get(1)


def _blocks(container: Any) -> Iterator[Any]:
    """Paragraph and table elements in document order, looking inside content controls."""
    for child in container.iterchildren():
        if child.tag in (_PARAGRAPH, _TABLE):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _blocks(child)


def _add_paragraph(paragraph: Paragraph, collector: SectionCollector) -> None:
    level = heading_level(paragraph)
    if level is None:
        collector.add(paragraph.text)
    else:
        collector.heading(level, paragraph.text)


def heading_level(paragraph: Paragraph) -> int | None:
    """0 for a Title paragraph, 1–9 for a heading (by style or outline level), else None."""
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    if name.lower() in _TITLE_STYLES:
        return 0
    if match := _HEADING_STYLE.match(name):
        return int(match.group(1))
    elements = [paragraph._p] + ([style.element] if style is not None else [])
    for element in elements:
        levels = element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if levels and str(levels[0]).isdigit() and int(levels[0]) < _BODY_OUTLINE_LEVEL:
            return int(levels[0]) + 1
    return None


def _add_table(table: Any, collector: SectionCollector) -> None:
    """One section per row; a first row marked as header row names the columns."""
    rows = list(_descendants(table, _ROW, stop=_TABLE))
    header = bool(rows) and rows[0].find(_HEADER_MARK) is not None
    texts = [[_cell_text(cell) for cell in _descendants(row, _CELL, stop=_TABLE)] for row in rows]
    for line in table_lines(texts, header=header):
        collector.add(line)


def _descendants(element: Any, tag: str, *, stop: str) -> Iterator[Any]:
    """Elements with tag below element, not looking into nested elements of the stop tag."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag != stop:
            yield from _descendants(child, tag, stop=stop)


def _cell_text(cell: Any) -> str:
    texts = (Paragraph(p, None).text for p in cell.iter(_PARAGRAPH))  # type: ignore[arg-type]
    return clean_line(" ".join(texts))
