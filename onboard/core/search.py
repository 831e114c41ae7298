"""Hybrid ranking: full-text and vector rankings fused by weighted reciprocal rank."""

from dataclasses import dataclass

from onboard.core.fulltext import FullTextHit
from onboard.core.store import StoredChunk
from onboard.core.vectors import VectorHit

RRF_K = 60
CANDIDATES = 50


@dataclass(frozen=True)
class SearchHit:
    """A found chunk with its fused score and the scores of both halves (None if absent)."""

    chunk: StoredChunk
    score: float
    fulltext_score: float | None
    vector_score: float | None

    @property
    def position(self) -> str:
        """Where the passage is, in German: page for PDFs, headings otherwise."""
        return describe_position(self.chunk)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        chunk = self.chunk
        return {
            "chunk_id": chunk.chunk_id,
            "doc_id": chunk.document_id,
            "version": chunk.version,
            "title": chunk.title,
            "collection": chunk.collection,
            "page": chunk.page,
            "heading_path": list(chunk.heading_path),
            "char_start": chunk.char_start,
            "char_end": chunk.char_end,
            "position": self.position,
            "score": round(self.score, 6),
            "fulltext_score": None
            if self.fulltext_score is None
            else round(self.fulltext_score, 4),
            "vector_score": None if self.vector_score is None else round(self.vector_score, 4),
            "text": chunk.text,
        }


def _rounded(score: float | None) -> float | None:
    """A score rounded for display, or None."""
    return None if score is None else round(score, 4)


def describe_position(chunk: StoredChunk) -> str:
    """'Seite 3' for PDFs; 'Abschnitt „A › B“' or 'Zeichen 100–900' otherwise."""
    if chunk.page is not None:
        return f"Seite {chunk.page}"
    headings = [h for h in chunk.heading_path if h and h != chunk.title]
    if headings:
        return "Abschnitt „" + " › ".join(headings) + "“"
    return f"Zeichen {chunk.char_start}–{chunk.char_end}"


def fuse(
    fulltext: list[FullTextHit],
    vector: list[VectorHit],
    *,
    rrf_k: int = RRF_K,
    fulltext_weight: float = 1.0,
    vector_weight: float = 1.0,
) -> list[tuple[int, float, float | None, float | None]]:
    """Weighted reciprocal rank fusion: (chunk id, fused, full-text score, vector score)."""
    fused: dict[int, float] = {}
    fulltext_scores: dict[int, float] = {}
    vector_scores: dict[int, float] = {}
    for rank, ft_hit in enumerate(fulltext):
        fused[ft_hit.chunk_id] = fused.get(ft_hit.chunk_id, 0.0) + fulltext_weight / (
            rrf_k + rank + 1
        )
        fulltext_scores[ft_hit.chunk_id] = ft_hit.score
    for rank, vec_hit in enumerate(vector):
        fused[vec_hit.chunk_id] = fused.get(vec_hit.chunk_id, 0.0) + vector_weight / (
            rrf_k + rank + 1
        )
        vector_scores[vec_hit.chunk_id] = vec_hit.score
    ranked = sorted(fused.items(), key=lambda item: -item[1])
    return [
        (chunk_id, score, fulltext_scores.get(chunk_id), vector_scores.get(chunk_id))
        for chunk_id, score in ranked
    ]
