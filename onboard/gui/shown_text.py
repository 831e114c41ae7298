"""The stored text as the viewer shows it: each section's headings on their own lines."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import takewhile

from onboard.core.chunk_rows import StoredChunk
from onboard.gui.highlight import passage_span


@dataclass(frozen=True)
class Heading:
    """A heading line of the shown text: where it starts there, its level (1 = below the
    document title) and its words."""

    start: int
    level: int
    text: str


@dataclass(frozen=True)
class ShownText:
    """The text with headings inserted, and where a position of the stored text moved to."""

    text: str
    headings: list[Heading] = field(default_factory=list)
    inserted: list[tuple[int, int]] = field(default_factory=list)  # (stored index, length)

    def position(self, index: int) -> int:
        """A Python index of the stored text as an index of the shown text."""
        return index + sum(length for at, length in self.inserted if at <= index)


def with_headings(text: str, chunks: Iterable[StoredChunk], title: str) -> ShownText:
    """The stored text with the headings (below the title) of each section placed where its
    first chunk starts; only at a line start, so no heading ever splits a sentence."""
    previous: tuple[str, ...] = (title,)
    insertions: list[tuple[int, list[str], int]] = []  # stored index, headings, first level
    for chunk in sorted(chunks, key=lambda c: c.char_start):
        path = _below_title(chunk.heading_path, title)
        shared = _shared_prefix(path, _below_title(previous, title))
        previous = chunk.heading_path
        start = passage_span(text, chunk)[0]
        if shared == len(path) or (start > 0 and text[start - 1] != "\n"):
            continue
        insertions.append((start, list(path[shared:]), shared + 1))
    parts: list[str] = []
    headings: list[Heading] = []
    inserted: list[tuple[int, int]] = []
    last = 0
    shown_length = 0
    for start, names, level in insertions:
        parts.append(text[last:start])
        shown_length += start - last
        block = ""
        for offset, name in enumerate(names):
            headings.append(Heading(shown_length + len(block), level + offset, name))
            block += f"{name}\n\n"
        parts.append(block)
        shown_length += len(block)
        inserted.append((start, len(block)))
        last = start
    parts.append(text[last:])
    return ShownText("".join(parts), headings, inserted)


def _below_title(path: tuple[str, ...], title: str) -> tuple[str, ...]:
    """A heading path without a leading document title (the viewer shows the title above)."""
    return path[1:] if path[:1] == (title,) else path


def _shared_prefix(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    """How many leading headings two paths share."""
    pairs = zip(first, second, strict=False)
    return sum(1 for _ in takewhile(lambda pair: pair[0] == pair[1], pairs))
