"""Plain-text parser: one section per paragraph, paragraphs separated by blank lines."""

import re
from pathlib import Path

from onboard.core.documents import ParsedDocument
from onboard.core.parsers.common import SectionCollector, decode_text, short_title, stem_title

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")


def parse_text(data: bytes, path: Path) -> ParsedDocument:
    """Parse a plain-text file; the title is its first line if short, else the file name."""
    text, warnings = decode_text(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    collector = SectionCollector()
    for paragraph in _BLANK_LINE.split(text):
        collector.add(paragraph)
    return ParsedDocument(
        title=short_title(text) or stem_title(path),
        format="text",
        sections=collector.sections,
        warnings=warnings,
    )
