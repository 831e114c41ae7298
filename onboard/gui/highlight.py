"""Where a passage lies: in a QTextDocument (UTF-16 positions) and on a PDF page (a line)."""

import re
import unicodedata

from onboard.core.chunk_rows import StoredChunk

SNIPPET_MAX_WORDS = 10
SNIPPET_MIN_CHARS = 12
_WORD = re.compile(r"\S+")
_LINE_BREAK_HYPHENS = ("-", "\u00ad", "\ufffe", "\x02")


def qt_position(text: str, index: int) -> int:
    """A Python string index as a QTextDocument position (UTF-16 units, CR LF as one)."""
    prefix = text[:index]
    return len(prefix.encode("utf-16-le")) // 2 - prefix.count("\r\n")


def passage_span(text: str, chunk: StoredChunk) -> tuple[int, int]:
    """The Python index range of the chunk's text within the document's text."""
    start = max(0, min(chunk.char_start, len(text)))
    end = max(start, min(chunk.char_end, len(text)))
    inner = text[start:end].find(chunk.text) if chunk.text else -1
    if inner >= 0:
        return start + inner, start + inner + len(chunk.text)
    anywhere = text.find(chunk.text) if chunk.text else -1
    if anywhere >= 0:
        return anywhere, anywhere + len(chunk.text)
    return start, end


def _folded(text: str) -> str:
    """Text compared loosely: compatibility-normalised, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _line_candidate(line: str) -> str:
    """A PDF line without a word hyphenated at its end, cut to at most ten words."""
    words = list(_WORD.finditer(line))
    if words and words[-1].group().endswith(_LINE_BREAK_HYPHENS):
        words.pop()
    if not words:
        return ""
    return line[words[0].start() : words[min(len(words), SNIPPET_MAX_WORDS) - 1].end()]


def pdf_snippet(page_text: str, passage: str) -> str | None:
    """The page line that starts the passage earliest, exactly as the page spells it."""
    folded_passage = _folded(passage)
    best: tuple[int, int, str] | None = None
    for line in page_text.splitlines():
        candidate = _line_candidate(line)
        key = _folded(candidate)
        if len(key) < SNIPPET_MIN_CHARS or " " not in key:
            continue
        where = folded_passage.find(key)
        if where >= 0 and (best is None or (where, -len(key)) < best[:2]):
            best = (where, -len(key), candidate)
    return best[2] if best else None
