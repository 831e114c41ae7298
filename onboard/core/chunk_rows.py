"""Chunks as read back from the store: the row shape, its query and the key of a version."""

from dataclasses import dataclass
from typing import Any

from onboard.core.metadata import RELEASED

HEADING_SEPARATOR = " › "


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back for indexing or display, with its document's identity."""

    chunk_id: int
    document_id: int
    version: int
    collection: str
    title: str
    text: str
    heading_path: tuple[str, ...]
    page: int | None
    char_start: int
    char_end: int
    status: str = RELEASED
    valid_until: str = ""
    review_date: str = ""

    @property
    def doc_key(self) -> str:
        """Document id and version: what the full-text index stores per chunk."""
        return doc_key(self.document_id, self.version)


def doc_key(document_id: int, version: int) -> str:
    """The key that ties full-text entries to one version of one document."""
    return f"{document_id}:{version}"


# The columns stored_chunk expects, joined from chunks, documents and collections.
CHUNK_SELECT = (
    "SELECT k.id, k.document_id, d.version, c.name, d.title, k.text, k.heading_path, "
    "k.page, k.char_start, k.char_end, d.status, d.valid_until, d.review_date FROM chunks k "
    "JOIN documents d ON d.id = k.document_id JOIN collections c ON c.id = d.collection_id "
)


def stored_chunk(row: tuple[Any, ...]) -> StoredChunk:
    """Build a StoredChunk from a CHUNK_SELECT row."""
    heading = str(row[6])
    return StoredChunk(
        chunk_id=int(row[0]),
        document_id=int(row[1]),
        version=int(row[2]),
        collection=str(row[3]),
        title=str(row[4]),
        text=str(row[5]),
        heading_path=tuple(heading.split(HEADING_SEPARATOR)) if heading else (),
        page=None if row[7] is None else int(row[7]),
        char_start=int(row[8]),
        char_end=int(row[9]),
        status=str(row[10]),
        valid_until=str(row[11]),
        review_date=str(row[12]),
    )
