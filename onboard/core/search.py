"""Hybrid ranking: full-text and vector scores standardised and combined."""

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from onboard.core.chunk_rows import StoredChunk
from onboard.core.fulltext import FullTextHit
from onboard.core.metadata import freshness_notes
from onboard.core.vectors import VectorHit

CANDIDATES = 50
FULLTEXT_WEIGHT = 0.4
VECTOR_WEIGHT = 0.4
COMPANION_WEIGHT = 0.2
# The document-opening ranking: 0.25 of 1.25, i.e. a fifth of the fused score when all four
# rankings are there (bench/RESULTS.md).
OPENING_WEIGHT = 0.25
# Pairs of adjacent question terms in a chunk (phrases.pair_scores), hybrid search only.
PAIR_WEIGHT = 0.2


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

    def notes(self, today: date | None = None) -> list[str]:
        """German warnings about the hit's document (draft, expired, review overdue)."""
        chunk = self.chunk
        return freshness_notes(
            chunk.status, chunk.valid_until, chunk.review_date, today or date.today()
        )

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
            "notes": self.notes(),
            "score": round(self.score, 6),
            "fulltext_score": _rounded(self.fulltext_score),
            "vector_score": _rounded(self.vector_score),
            "text": chunk.text,
        }


def _rounded(score: float | None) -> float | None:
    """A score rounded for display, or None."""
    return None if score is None else round(score, 4)


def describe_position(chunk: StoredChunk) -> str:
    """'Seite 3' for PDFs; 'Abschnitt „A › B“', 'Anfang des Dokuments' or 'Zeichen 100–900'
    otherwise."""
    if chunk.page is not None:
        return f"Seite {chunk.page}"
    headings = [h for h in chunk.heading_path if h and h != chunk.title]
    if headings:
        return "Abschnitt „" + " › ".join(headings) + "“"
    if chunk.char_start == 0:
        return "Anfang des Dokuments"
    return f"Zeichen {chunk.char_start}–{chunk.char_end}"


def spread_openings(openings: list[VectorHit], document_of: dict[int, int]) -> list[VectorHit]:
    """Give each candidate chunk the opening score of its document, if that document ranks
    among the openings; document_of maps the candidates (chunk id) to their document."""
    by_document = {hit.document_id: hit.score for hit in openings}
    return [
        VectorHit(chunk_id, by_document[document_id], document_id)
        for chunk_id, document_id in document_of.items()
        if document_id in by_document
    ]


def fuse(
    fulltext: list[FullTextHit],
    vector: list[VectorHit],
    companion: list[VectorHit] | None = None,
    openings: list[VectorHit] | None = None,
    pairs: dict[int, float] | None = None,
) -> list[tuple[int, float, float | None, float | None]]:
    """Weighted sum of z-normalised scores: (chunk id, fused, full-text, vector score).

    Each ranking's scores are standardised over its own candidates; a chunk a ranking did not
    return gets that ranking's lowest standardised score. The weights of the rankings present
    are scaled to sum to one. Chosen over reciprocal rank fusion by measurement
    (bench/RESULTS.md): it keeps how much better the best hit is than the rest. The companion
    embedder's ranking adds a second, differently trained view of meaning; openings (chunks
    scored by the opening of their document, spread_openings) add what a whole page is about;
    pairs (chunk id → question word pairs it shares) favour the page phrased like the question.
    """
    fulltext_scores = {hit.chunk_id: hit.score for hit in fulltext}
    vector_scores = {hit.chunk_id: hit.score for hit in vector}
    companion_scores = {hit.chunk_id: hit.score for hit in companion or []}
    opening_scores = {hit.chunk_id: hit.score for hit in openings or []}
    rankings = [
        (weight, _standardised(scores))
        for weight, scores in (
            (FULLTEXT_WEIGHT, fulltext_scores),
            (VECTOR_WEIGHT, vector_scores),
            (COMPANION_WEIGHT, companion_scores),
            (OPENING_WEIGHT, opening_scores),
            (PAIR_WEIGHT, pairs or {}),
        )
        if scores
    ]
    weight_sum = sum(weight for weight, _ in rankings)
    candidates = set().union(*(standardised.keys() for _, standardised in rankings))
    fused = dict.fromkeys(candidates, 0.0)
    for weight, standardised in rankings:
        floor = min(standardised.values())
        for chunk_id in candidates:
            fused[chunk_id] += weight / weight_sum * standardised.get(chunk_id, floor)
    ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    return [
        (chunk_id, score, fulltext_scores.get(chunk_id), vector_scores.get(chunk_id))
        for chunk_id, score in ranked
    ]


def distinct_hits(
    ranked: list[tuple[int, float, float | None, float | None]],
    chunks: Mapping[int, StoredChunk],
    k: int,
) -> list[SearchHit]:
    """The k best hits of a fused ranking, each passage once: the same passage of an identical
    copy of a document (one file in two imported folders) would only take a place twice."""
    seen: set[tuple[str, int, tuple[str, ...], int | None]] = set()
    hits: list[SearchHit] = []
    for chunk_id, score, fulltext_score, vector_score in ranked:
        chunk = chunks.get(chunk_id)
        if chunk is None:
            continue
        place = (chunk.text, chunk.char_start, chunk.heading_path, chunk.page)
        if place in seen:
            continue
        seen.add(place)
        hits.append(SearchHit(chunk, score, fulltext_score, vector_score))
        if len(hits) == k:
            break
    return hits


def _standardised(scores: dict[int, float]) -> dict[int, float]:
    """Scores shifted and scaled to mean 0 and standard deviation 1 (0 for one candidate)."""
    if not scores:
        return {}
    values = list(scores.values())
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values) or 1.0
    return {chunk_id: (score - mean) / spread for chunk_id, score in scores.items()}
