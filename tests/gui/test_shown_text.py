"""The viewer's text: section headings placed where each section's first chunk starts."""

from pathlib import Path

from onboard.core.chunk_rows import StoredChunk
from onboard.core.chunking import Chunk, chunk_document
from onboard.core.parsers import parse_file
from onboard.gui.highlight import passage_span
from onboard.gui.shown_text import with_headings

STEPS = "Stellen Sie den Antrag im Zeitportal. " * 10  # long enough to be a chunk of its own
DEADLINES = "Bis zu drei Tage Urlaub beantragen Sie drei Arbeitstage vorher. " * 8
PAGE = (
    "# Urlaub\n\nErholungsurlaub soll der Erholung dienen.\n\n"
    f"## Urlaub beantragen\n\n{STEPS}\n\n"
    f"### Fristen\n\n{DEADLINES}\n\n"
    "### Vertretung\n\nKlären Sie Ihre Vertretung.\n\n"
    "## Krank im Urlaub\n\nMelden Sie die Krankheit am ersten Tag.\n"
)


def as_stored(chunk: Chunk, *, title: str, collection: str, document_id: int = 1) -> StoredChunk:
    """A chunk as the store gives it back."""
    return StoredChunk(
        chunk_id=chunk.seq,
        document_id=document_id,
        version=1,
        collection=collection,
        title=title,
        text=chunk.text,
        heading_path=chunk.heading_path,
        page=chunk.page,
        char_start=chunk.char_start,
        char_end=chunk.char_end,
    )


def stored_chunks(path: Path) -> tuple[str, str, list[StoredChunk]]:
    """The document's text, title and chunks as the store gives them back."""
    parsed = parse_file(path)
    chunks = [
        as_stored(chunk, title=parsed.title, collection="Personalamt")
        for chunk in chunk_document(parsed)
    ]
    return parsed.full_text, parsed.title, chunks


def test_each_section_gets_its_headings_and_positions_follow(tmp_path: Path) -> None:
    (tmp_path / "urlaub.md").write_text(PAGE, encoding="utf-8")
    text, title, chunks = stored_chunks(tmp_path / "urlaub.md")
    shown = with_headings(text, reversed(chunks), title)  # any order
    assert shown.text.startswith(
        "Erholungsurlaub soll der Erholung dienen.\n\n"
        f"Urlaub beantragen\n\n{STEPS.strip()}\n\nFristen\n\nBis zu drei Tage"
    )
    assert shown.text.endswith("Krank im Urlaub\n\nMelden Sie die Krankheit am ersten Tag.")
    lines = [(h.level, h.text, shown.text[h.start :].split("\n")[0]) for h in shown.headings]
    assert lines == [
        (1, "Urlaub beantragen", "Urlaub beantragen"),
        (2, "Fristen", "Fristen"),
        (2, "Vertretung", "Vertretung"),
        (1, "Krank im Urlaub", "Krank im Urlaub"),
    ]
    for chunk in chunks:  # every passage is found at its moved place
        start, end = passage_span(text, chunk)
        assert shown.text[shown.position(start) : shown.position(end)] == chunk.text


def test_a_chunk_starting_inside_a_line_gets_no_heading() -> None:
    text = "Erster Satz. Zweiter Satz."
    chunk = StoredChunk(1, 1, 1, "IT", "Titel", "Zweiter Satz.", ("Titel", "Teil"), None, 13, 26)
    assert with_headings(text, [chunk], "Titel").text == text
