"""PDF parser (pypdfium2): paragraphs per page, hyphenation undone, running headers dropped."""

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from onboard.core.documents import ImportProblem, ParsedDocument
from onboard.core.parsers.common import (
    SectionCollector,
    clean_line,
    quoted,
    short_title,
    stem_title,
)

_PASSWORD_ERRORS = (4, 5)  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
_MIN_CHARS_PER_PAGE = 20
_PARAGRAPH_GAP = 1.3  # a step this many times the usual line spacing starts a paragraph
_SAME_ROW = 0.3  # baselines closer than this (in line heights) belong to one row
_MIN_ROWS = 4  # fewer line steps on a page: use the document's usual spacing instead
_DEFAULT_STEP = 1.0  # usual spacing (in line heights) when a document has too few lines
_EDGE_LINES = 3
_REPEATED_SHARE = 0.6
_MIN_PAGES_FOR_REPEATS = 3
_MAX_LISTED_PAGES = 10
_LINE = re.compile(r"[^\r\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DIGITS = re.compile(r"\d+")
# A word broken at a line end: "Verwal-\ntung"; pdfium itself marks such breaks with U+FFFE.
_HYPHEN_BREAK = re.compile(r"(?<=\w)(?:[-\u00ad][ \t]*\n|[\ufffe\x02][ \t]*\n?)[ \t]*(?=(\w+))")
_KEEP_HYPHEN_BEFORE = frozenset({"und", "oder", "bzw", "sowie", "bis", "als", "noch", "wie"})
_MEANINGLESS_TITLES = frozenset({"untitled", "unbenannt", "ohne titel", "title", "titel", "none"})
_FILE_NAME_TITLE = re.compile(r"\.(?:docx?|odt|rtf|pdf|txt|indd|qxp)$|^microsoft word - ", re.I)


@dataclass(frozen=True)
class _Line:
    text: str
    baseline: float
    height: float


@dataclass(frozen=True)
class _Page:
    number: int
    lines: list[_Line]
    has_images: bool


def parse_pdf(data: bytes, path: Path) -> ParsedDocument:
    """Parse a PDF into paragraph sections with 1-based page numbers."""
    with _opened(data, path) as pdf:
        metadata_title = _metadata_title(pdf)
        pages = [_read_page(pdf, index) for index in range(len(pdf))]
    if not pages:
        raise corrupt_pdf(path)
    _require_text(pages, path)
    pages = _without_running_lines(pages)
    document_step = _usual_step(
        [step for page in pages for step in _steps(page.lines)], fallback=_DEFAULT_STEP
    )
    paragraphs = {page.number: _paragraphs(page.lines, fallback=document_step) for page in pages}
    collector = SectionCollector()
    for number, page_paragraphs in paragraphs.items():
        for paragraph in page_paragraphs:
            collector.add(join_lines(paragraph), page=number)
    if not collector.sections:
        raise _no_text_layer(path)
    return ParsedDocument(
        title=metadata_title or _first_lines_title(paragraphs.get(1, [])) or stem_title(path),
        format="pdf",
        sections=collector.sections,
        warnings=_scan_warnings(pages),
    )


def join_lines(lines: list[str]) -> str:
    """Join a paragraph's lines with spaces, undoing words hyphenated at a line end."""
    text = _HYPHEN_BREAK.sub(_hyphen_replacement, "\n".join(lines))
    return _CONTROL.sub("", text.replace("\ufffe", "-").replace("\n", " "))


def _hyphen_replacement(match: re.Match[str]) -> str:
    following = match.group(1)
    if following.lower() in _KEEP_HYPHEN_BEFORE:
        return "- "
    return "" if following[0].islower() else "-"


@contextmanager
def _opened(data: bytes, path: Path) -> Iterator[Any]:
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _PASSWORD_ERRORS or "password" in str(exc).lower():
            raise ImportProblem(
                f"Die PDF-Datei {quoted(path)} ist passwortgeschützt (verschlüsselt) und kann "
                "nicht gelesen werden. Bitte speichern Sie eine Fassung ohne Kennwort und "
                "importieren Sie diese."
            ) from exc
        raise corrupt_pdf(path) from exc
    try:
        yield pdf
    finally:
        pdf.close()


def corrupt_pdf(path: Path) -> ImportProblem:
    """Return the problem for a PDF that cannot be opened."""
    return ImportProblem(
        f"Die PDF-Datei {quoted(path)} ist beschädigt oder unvollständig und kann nicht "
        "gelesen werden. Bitte öffnen Sie sie in einem PDF-Programm, speichern Sie sie "
        "erneut und importieren Sie sie noch einmal."
    )


def _no_text_layer(path: Path) -> ImportProblem:
    return ImportProblem(
        f"Die PDF-Datei {quoted(path)} enthält keinen Text, nur Bilder – sie wurde vermutlich "
        "eingescannt ohne Texterkennung. Bitte lassen Sie eine Texterkennung (OCR) laufen, "
        "z. B. im Scan-Programm oder in Adobe Acrobat, und importieren Sie die Datei erneut."
    )


def _first_lines_title(paragraphs: list[list[str]]) -> str | None:
    """The first paragraph of page 1 if it is short, else its first line if that is short."""
    if not paragraphs:
        return None
    return short_title(join_lines(paragraphs[0])) or short_title(paragraphs[0][0])


def _metadata_title(pdf: Any) -> str:
    title = clean_line(str(pdf.get_metadata_dict().get("Title") or ""))
    meaningless = title.lower() in _MEANINGLESS_TITLES or _FILE_NAME_TITLE.search(title)
    if meaningless or len(title) < 3 or not any(char.isalpha() for char in title):
        return ""
    return title


def _read_page(pdf: Any, index: int) -> _Page:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            lines = _page_lines(textpage)
        finally:
            textpage.close()
        has_images = not lines and _has_images(page)
    finally:
        page.close()
    return _Page(index + 1, lines, has_images)


def _page_lines(textpage: Any) -> list[_Line]:
    text = str(textpage.get_text_range())
    aligned = len(text) == int(textpage.count_chars())
    lines = []
    for match in _LINE.finditer(text):
        content = match.group()
        if not content.strip():
            continue
        baseline = top = math.nan
        if aligned:
            first = match.start() + len(content) - len(content.lstrip())
            _, baseline, _, top = textpage.get_charbox(first, loose=True)
        lines.append(_Line(content.strip(), float(baseline), float(top) - float(baseline)))
    return lines


def _has_images(page: Any) -> bool:
    objects = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2)
    return any(True for _ in objects)


def _require_text(pages: list[_Page], path: Path) -> None:
    chars = sum(len("".join(line.text.split())) for page in pages for line in page.lines)
    if chars < _MIN_CHARS_PER_PAGE * max(len(pages), 1):
        raise _no_text_layer(path)


def _line_key(line: _Line) -> str:
    return _DIGITS.sub("#", clean_line(line.text))


def _edge_lines(page: _Page) -> list[_Line]:
    lines = page.lines
    if len(lines) <= 2 * _EDGE_LINES:
        return lines
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


def _without_running_lines(pages: list[_Page]) -> list[_Page]:
    """Drop running headers and footers: edge lines repeated on most pages."""
    if len(pages) < _MIN_PAGES_FOR_REPEATS:
        return pages
    counts = Counter(key for page in pages for key in {_line_key(li) for li in _edge_lines(page)})
    threshold = max(_MIN_PAGES_FOR_REPEATS, math.ceil(_REPEATED_SHARE * len(pages)))
    repeated = {key for key, count in counts.items() if count >= threshold}
    if not repeated:
        return pages
    return [_Page(page.number, _filtered(page, repeated), page.has_images) for page in pages]


def _filtered(page: _Page, repeated: set[str]) -> list[_Line]:
    edges = {id(line) for line in _edge_lines(page)}
    return [li for li in page.lines if id(li) not in edges or _line_key(li) not in repeated]


def _paragraphs(lines: list[_Line], *, fallback: float) -> list[list[str]]:
    """Group a page's lines into paragraphs where the line spacing is unusually wide."""
    steps = _steps(lines)
    usual = _usual_step(steps, fallback=fallback)
    paragraphs: list[list[str]] = []
    for index, line in enumerate(lines):
        if not paragraphs or _starts_paragraph(steps[index - 1], usual):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
    return paragraphs


def _steps(lines: list[_Line]) -> list[float]:
    return [_relative_step(above, below) for above, below in itertools.pairwise(lines)]


def _usual_step(steps: list[float], *, fallback: float) -> float:
    """The line spacing inside paragraphs: a low quantile of the steps between separate rows."""
    rows = sorted(step for step in steps if step > _SAME_ROW)
    return rows[len(rows) // 4] if len(rows) >= _MIN_ROWS else fallback


def _relative_step(above: _Line, below: _Line) -> float:
    """The distance between two baselines in units of the taller line's height."""
    height = max(above.height, below.height)
    if not height > 0:
        return math.nan
    return (above.baseline - below.baseline) / height


def _starts_paragraph(step: float, usual: float) -> bool:
    if math.isnan(step) or math.isnan(usual):
        return False
    return step > usual * _PARAGRAPH_GAP or step < -usual * 0.5


def _scan_warnings(pages: list[_Page]) -> list[str]:
    scanned = [str(page.number) for page in pages if page.has_images]
    if not scanned:
        return []
    if len(scanned) == 1:
        where = f"Seite {scanned[0]} enthält"
    else:
        listed = ", ".join(scanned[:_MAX_LISTED_PAGES])
        more = (
            f" und {len(scanned) - _MAX_LISTED_PAGES} weitere"
            if len(scanned) > _MAX_LISTED_PAGES
            else ""
        )
        where = f"Die Seiten {listed}{more} enthalten"
    return [
        f"{where} keinen Text, nur Bilder (vermutlich eingescannt ohne Texterkennung); "
        "dieser Inhalt fehlt im Import."
    ]
