"""OpenDocument text (ODT) parser (odfpy): outline-level headings, paragraphs, lists, tables."""

import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax import handler
from xml.sax.xmlreader import InputSource

from defusedxml.sax import make_parser
from odf.load import LoadParser
from odf.namespaces import DCNS, OFFICENS, TABLENS, TEXTNS
from odf.opendocument import OpenDocument

from onboard.core.documents import ImportProblem, ParsedDocument
from onboard.core.parsers.common import (
    SectionCollector,
    clean_line,
    quoted,
    stem_title,
    table_lines,
)

_ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_PARTS = ("meta.xml", "content.xml")
_TEXT_NODE = 3
_SKIPPED = frozenset(
    {
        (TEXTNS, "tracked-changes"),
        (TEXTNS, "table-of-content"),
        (TEXTNS, "alphabetical-index"),
        (TEXTNS, "illustration-index"),
        (TEXTNS, "table-index"),
        (TEXTNS, "object-index"),
        (TEXTNS, "user-index"),
        (TEXTNS, "bibliography"),
        (TEXTNS, "sequence-decls"),
        (TEXTNS, "variable-decls"),
        (TEXTNS, "user-field-decls"),
        (OFFICENS, "forms"),
        (OFFICENS, "annotation"),
        (TEXTNS, "note"),
    }
)
_TEXT_NAMESPACES = (TEXTNS, TABLENS, OFFICENS)
_BLOCKS = frozenset({(TEXTNS, "p"), (TEXTNS, "h")})
_ROW_GROUPS = frozenset(
    {
        (TABLENS, "table-header-rows"),
        (TABLENS, "table-rows"),
        (TABLENS, "table-row-group"),
    }
)


def parse_odt(data: bytes, path: Path) -> ParsedDocument:
    """Parse an ODT file: text:h builds heading paths; paragraphs, list items, rows are sections."""
    document = load_odt(data, path)
    collector = SectionCollector()
    for body in _children(document.body, (OFFICENS, "text")):
        _walk(body, collector)
    return ParsedDocument(
        title=_meta_title(document) or collector.first_headings.get(1) or stem_title(path),
        format="odt",
        sections=collector.sections,
    )


def load_odt(data: bytes, path: Path) -> Any:
    """Load meta.xml and content.xml with odfpy, raising on malformed XML (odfpy only prints)."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "content.xml" not in names:
            raise ImportProblem(
                f"Die Datei {quoted(path)} ist beschädigt: Der Textinhalt (content.xml) fehlt. "
                "Bitte öffnen Sie sie in LibreOffice und speichern Sie sie erneut als ODT."
            )
        document = OpenDocument(_ODT_MIMETYPE, add_generator=False)
        for part in _PARTS:
            if part in names:
                _load_part(document, part, archive.read(part))
    return document


def _load_part(document: Any, part: str, xml: bytes) -> None:
    document._parsing = part
    parser = make_parser()
    parser.setFeature(handler.feature_namespaces, True)
    parser.setFeature(handler.feature_external_ges, False)
    parser.setContentHandler(LoadParser(document))
    parser.setErrorHandler(handler.ErrorHandler())
    source = InputSource()
    source.setByteStream(BytesIO(xml))
    parser.parse(source)
    del document._parsing


def _meta_title(document: Any) -> str:
    for title in _children(document.meta, (DCNS, "title")):
        return clean_line(element_text(title))
    return ""


def _children(element: Any, qname: tuple[str, str]) -> Iterator[Any]:
    return (child for child in element.childNodes if getattr(child, "qname", None) == qname)


def _walk(element: Any, collector: SectionCollector) -> None:
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname is None or qname in _SKIPPED:
            continue
        if qname == (TEXTNS, "h"):
            collector.heading(_outline_level(child), element_text(child))
        elif qname == (TEXTNS, "p"):
            collector.add(element_text(child))
        elif qname == (TABLENS, "table"):
            _add_table(child, collector)
        else:
            _walk(child, collector)


def _outline_level(heading: Any) -> int:
    level = str(heading.attributes.get((TEXTNS, "outline-level"), "1"))
    return int(level) if level.isdigit() and int(level) > 0 else 1


def _add_table(table: Any, collector: SectionCollector) -> None:
    """One section per row; a single row under table:table-header-rows is the header."""
    header_rows = [
        row
        for group in _children(table, (TABLENS, "table-header-rows"))
        for row in _children(group, (TABLENS, "table-row"))
    ]
    rows = list(_rows(table))
    header = len(header_rows) == 1 and rows[:1] == header_rows
    texts = [
        [clean_line(element_text(cell)) for cell in _children(row, (TABLENS, "table-cell"))]
        for row in rows
    ]
    for line in table_lines(texts, header=header):
        collector.add(line)


def _rows(element: Any) -> Iterator[Any]:
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (TABLENS, "table-row"):
            yield child
        elif qname in _ROW_GROUPS:
            yield from _rows(child)


def element_text(element: Any) -> str:
    """The text of an element: spans and links included, text:s/tab/line-break expanded."""
    parts: list[str] = []
    _collect_text(element, parts)
    return "".join(parts)


def _collect_text(element: Any, parts: list[str]) -> None:
    for child in element.childNodes:
        if child.nodeType == _TEXT_NODE:
            parts.append(str(child.data))
            continue
        qname = child.qname
        if qname == (TEXTNS, "s"):
            count = str(child.attributes.get((TEXTNS, "c"), "1"))
            parts.append(" " * (int(count) if count.isdigit() else 1))
        elif qname == (TEXTNS, "tab"):
            parts.append("\t")
        elif qname == (TEXTNS, "line-break"):
            parts.append("\n")
        elif qname not in _SKIPPED and qname[0] in _TEXT_NAMESPACES:
            # Frames and drawings (other namespaces) are skipped: text boxes would interrupt.
            _collect_text(child, parts)
            if qname in _BLOCKS:
                parts.append("\n")
