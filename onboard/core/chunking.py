"""Structure-following chunking: sections merged up to a target size, with sentence overlap."""

import re
from dataclasses import dataclass

from onboard.core.documents import ParsedDocument

DEFAULT_TARGET_CHARS = 1000
DEFAULT_OVERLAP_CHARS = 150
SECTION_SEPARATOR = "\n\n"

_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
# Where an overlap may begin, best first: a new line or sentence; only in a window without one
# after a colon or semicolon (a table row „Spalte: Wert; …“ must not start at its value).
_OVERLAP_STARTS = (re.compile(r"(?<=[.!?])\s+|\n+"), re.compile(r"(?<=[:;])\s+"))


@dataclass(frozen=True)
class Chunk:
    """A passage of a document with its place: heading path, page and character range."""

    seq: int
    text: str
    heading_path: tuple[str, ...]
    page: int | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class _Unit:
    """A piece of one section (the whole section or a run of its sentences)."""

    start: int
    end: int
    heading_path: tuple[str, ...]
    page: int | None


def chunk_document(
    document: ParsedDocument,
    *,
    target_chars: int = DEFAULT_TARGET_CHARS,
    overlap_chars: int = DEFAULT_OVERLAP_CHARS,
) -> list[Chunk]:
    """Split a parsed document into chunks whose text is an exact slice of its full text."""
    full_text = document.full_text
    units = list(_units(document, target_chars))
    groups = _group_units(units, target_chars, document.title)
    chunks: list[Chunk] = []
    previous_end: int | None = None
    for group, continues_previous in groups:
        start, end = group[0].start, group[-1].end
        if continues_previous and previous_end is not None and overlap_chars > 0:
            start = _overlap_start(full_text, previous_end, overlap_chars, start)
        text = full_text[start:end].strip()
        if text:
            chunks.append(
                Chunk(
                    seq=len(chunks),
                    text=text,
                    heading_path=group[0].heading_path,
                    page=group[0].page,
                    char_start=start,
                    char_end=end,
                )
            )
        previous_end = end
    return chunks


def _units(document: ParsedDocument, target_chars: int) -> list[_Unit]:
    """Sections as units; sections longer than the target split at sentence ends."""
    units: list[_Unit] = []
    offset = 0
    for section in document.sections:
        length = len(section.text)
        if length <= target_chars:
            units.append(_Unit(offset, offset + length, section.heading_path, section.page))
        else:
            for start, end in _sentence_runs(section.text, target_chars):
                units.append(
                    _Unit(offset + start, offset + end, section.heading_path, section.page)
                )
        offset += length + len(SECTION_SEPARATOR)
    return units


def _sentence_runs(text: str, target_chars: int) -> list[tuple[int, int]]:
    """Character ranges of consecutive sentences, each run at most the target (if possible)."""
    boundaries = [match.end() for match in _SENTENCE_END.finditer(text)]
    cut_points = [0, *[b for b in boundaries if 0 < b < len(text)], len(text)]
    runs: list[tuple[int, int]] = []
    run_start = 0
    last_cut = 0
    for cut in cut_points[1:]:
        if cut - run_start > target_chars and last_cut > run_start:
            runs.append((run_start, last_cut))
            run_start = last_cut
        while cut - run_start > target_chars * 1.5:
            hard_end = _word_boundary(text, run_start + target_chars)
            runs.append((run_start, hard_end))
            run_start = hard_end
        last_cut = cut
    if run_start < len(text):
        runs.append((run_start, len(text)))
    return runs


def _word_boundary(text: str, position: int) -> int:
    """The last space at or before position (a hard cut inside an endless sentence)."""
    space = text.rfind(" ", 0, position)
    return space + 1 if space > 0 else position


def _group_units(
    units: list[_Unit], target_chars: int, title: str
) -> list[tuple[list[_Unit], bool]]:
    """Greedy grouping; a flag tells whether a group continues the previous one mid-topic.

    A group stays inside one section, so that the heading it is labelled with (its first
    unit's) is where all of its text stands: a new heading starts a new group, except that a
    short section start (under a third of the target) takes in its own subsections. The
    document's own start (no heading, or only the title) does not: its "subsections" are the
    whole document, and the first of them would be hidden under "Anfang des Dokuments".
    """
    groups: list[tuple[list[_Unit], bool]] = []
    current: list[_Unit] = []
    continues = False
    for unit in units:
        if current:
            size = unit.end - current[0].start
            new_page = unit.page != current[0].page
            new_heading = unit.heading_path != current[-1].heading_path
            short = (current[-1].end - current[0].start) < target_chars / 3
            heading_break = new_heading and not (
                short
                and not _is_document_start(current[0].heading_path, title)
                and _is_inside(unit.heading_path, current[0].heading_path)
            )
            if size > target_chars or new_page or heading_break:
                groups.append((current, continues))
                continues = not (new_page or new_heading)
                current = []
        current.append(unit)
    if current:
        groups.append((current, continues))
    return groups


def _is_document_start(path: tuple[str, ...], title: str) -> bool:
    """Whether a heading path is the document's top: no heading, or only the title."""
    return not path or path == (title,)


def _is_inside(path: tuple[str, ...], section: tuple[str, ...]) -> bool:
    """Whether a heading path lies within a section (is the section itself or below it)."""
    return path[: len(section)] == section


def _overlap_start(full_text: str, previous_end: int, overlap_chars: int, start: int) -> int:
    """Start the chunk a few sentences early so that a passage cut in two stays findable."""
    window_start = max(0, previous_end - overlap_chars)
    window = full_text[window_start:previous_end]
    for boundary in _OVERLAP_STARTS:
        for match in boundary.finditer(window):
            candidate = window_start + match.end()
            if candidate < previous_end:
                return min(candidate, start)
    return start


def context_text(title: str, heading_path: tuple[str, ...], text: str) -> str:
    """The text that gets indexed: title and headings in front of the passage."""
    headings = [h for h in heading_path if h and h != title]
    parts = [title, " › ".join(headings), text]
    return "\n".join(part for part in parts if part)
