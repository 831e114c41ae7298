"""Helpers shared by the format parsers: titles, decoding, heading stacks, German messages."""

import re
from itertools import zip_longest
from pathlib import Path

from onboard.core.documents import ImportProblem, Section
from onboard.core.text import normalize_text

MAX_TITLE_CHARS = 120
CP1252_WARNING = "Die Datei ist nicht UTF-8-kodiert und wurde als Windows-1252 gelesen."

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")  # checked first: FF FE begins both
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")  # not \t \n \f \r ESC
_MAX_CONTROL_SHARE = 0.05
_WHITESPACE = re.compile(r"\s+")


def clean_line(text: str) -> str:
    """Return text normalized and folded onto one line (for titles and headings)."""
    return _WHITESPACE.sub(" ", normalize_text(text)).strip()


def stem_title(path: Path) -> str:
    """Return a readable title from the file name: the stem with _ and - turned into spaces."""
    return clean_line(re.sub(r"[_-]+", " ", path.stem)) or path.name


def short_title(text: str) -> str | None:
    """Return the cleaned first non-empty line of text if it is short enough to be a title."""
    for line in text.splitlines():
        cleaned = clean_line(line)
        if cleaned:
            return cleaned if len(cleaned) <= MAX_TITLE_CHARS else None
    return None


def quoted(path: Path) -> str:
    """Return the file name in German quotation marks."""
    return f"„{path.name}“"


def labelled_row(headers: list[str], cells: list[str]) -> str:
    """A table row as one line that names each cell's column ("Priorität: 2 – hoch; Reaktion
    innerhalb von: 2 Stunden"), so that any excerpt of it is readable without the header."""
    labelled = (
        f"{header}: {cell}" if header else cell
        for header, cell in zip_longest(headers, cells, fillvalue="")
        if cell
    )
    return "; ".join(labelled)


def table_lines(rows: list[list[str]], *, header: bool) -> list[str]:
    """One line per table row: below a header row each cell named by its column (the header
    row itself is then left out), otherwise the non-empty cells joined by " | "."""
    if header and len(rows) > 1:
        return [labelled_row(rows[0], row) for row in rows[1:]]
    return [" | ".join(cell for cell in row if cell) for row in rows]


def binary_problem(path: Path) -> ImportProblem:
    """Return the problem for a text file that holds binary data."""
    return ImportProblem(
        f"Die Datei {quoted(path)} enthält Binärdaten und ist keine lesbare Textdatei. "
        "Bitte prüfen Sie, ob die Dateiendung stimmt."
    )


def decode_text(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, else
    Windows-1252."""
    wide = "utf-32" if data.startswith(_UTF32_BOMS) else "utf-16"
    if data.startswith(_UTF16_BOMS + _UTF32_BOMS):
        text = _decode_wide(data, wide, path)
        if "\x00" in text or looks_binary(text):
            raise binary_problem(path)
        return text, []
    if b"\x00" in data:
        raise binary_problem(path)
    body = data.removeprefix(_UTF8_BOM)
    try:
        text, warnings = body.decode("utf-8"), []
    except UnicodeDecodeError:
        text, warnings = _decode_cp1252(body), [CP1252_WARNING]
    if looks_binary(text):
        raise binary_problem(path)
    return text, warnings


def looks_binary(text: str) -> bool:
    """Return whether text has too many control characters to be a readable text file."""
    sample = text[:65536]
    return bool(sample) and len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample)


def _decode_wide(data: bytes, encoding: str, path: Path) -> str:
    """UTF-16 or UTF-32 text (its BOM gives the byte order), else the binary problem."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise binary_problem(path) from exc


def _decode_cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class SectionCollector:
    """Collects non-empty sections under a stack of enclosing headings."""

    def __init__(self) -> None:
        self._headings: list[tuple[int, str]] = []
        self.sections: list[Section] = []
        self.first_headings: dict[int, str] = {}

    @property
    def heading_path(self) -> tuple[str, ...]:
        """The headings enclosing the next section, outermost first."""
        return tuple(text for _, text in self._headings)

    def heading(self, level: int, text: str) -> None:
        """Open a heading of the given level, closing headings of the same or a deeper level."""
        cleaned = clean_line(text)
        if not cleaned:
            return
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        self._headings.append((level, cleaned))
        self.first_headings.setdefault(level, cleaned)

    def add(self, text: str, *, page: int | None = None) -> None:
        """Add a section with the current heading path unless its text is empty."""
        text = _CONTROL.sub("", text.replace("\f", "\n\n").replace("\v", "\n"))
        cleaned = normalize_text(text)
        if cleaned:
            self.sections.append(Section(cleaned, self.heading_path, page))
