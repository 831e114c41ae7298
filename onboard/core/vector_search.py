"""The meaning-based half of search: main and companion embedders, their vectors and rankings."""

from collections.abc import Generator
from dataclasses import dataclass, field

import numpy as np

from onboard.core.chunk_rows import StoredChunk
from onboard.core.chunking import context_text
from onboard.core.embedders import (
    AUTO_COMPANION,
    COMPANIONS,
    Embedder,
    EmbedderUnavailable,
    load_embedder,
)
from onboard.core.ingest import CancelFlag, Progress
from onboard.core.store import Store
from onboard.core.vectors import VectorHit, VectorIndex

# Progress phases of the main embedder, the companion and the document openings (each counts
# its own passages).
EMBED_PHASES = ("Einbettung", "Einbettung, 2. Durchgang", "Einbettung, Dokumentanfänge")
# Characters of a document's text that its opening vector reads (with the title): about the
# 512 tokens of e5, twice a chunk. Measured as a fourth ranking in bench/RESULTS.md.
OPENING_CHARS = 2000


def opening_identity(identity: str) -> str:
    """Under which name an embedder's document-opening vectors are stored."""
    return f"{identity}#opening"


@dataclass
class MeaningRankings:
    """The meaning-based rankings of one question: chunks by the main embedder and by the
    companion, documents by their opening (hits of their first chunk, with document id)."""

    main: list[VectorHit] = field(default_factory=list)
    companion: list[VectorHit] = field(default_factory=list)
    openings: list[VectorHit] = field(default_factory=list)


class VectorSearch:
    """The embedders of one knowledge base, loaded on first use, each with its vector index."""

    def __init__(
        self, store: Store, embedder: Embedder | str | None, companion: Embedder | str | None
    ) -> None:
        """embedder: an Embedder, a name or None (no vectors); companion: likewise, "auto"
        takes the measured companion of a named embedder (COMPANIONS)."""
        if companion == AUTO_COMPANION:
            companion = COMPANIONS.get(embedder) if isinstance(embedder, str) else None
        self._store = store
        self._embedder_spec = embedder
        self._embedder: Embedder | None = None if isinstance(embedder, str) else embedder
        self._embedder_failure = ""  # why the named embedder could not be loaded
        self._companion_spec = companion
        self._companion: Embedder | None = None if isinstance(companion, str) else companion
        self._indexes: dict[str, VectorIndex] = {}

    @property
    def embedder(self) -> Embedder | None:
        """The main embedder; None when vectors are switched off."""
        if self._embedder is None and isinstance(self._embedder_spec, str):
            if self._embedder_failure:  # tried once: not again at every search
                raise EmbedderUnavailable(self._embedder_failure)
            try:
                self._embedder = load_embedder(self._embedder_spec)
            except EmbedderUnavailable as failure:
                self._embedder_failure = str(failure)
                raise
        return self._embedder

    @property
    def companion(self) -> Embedder | None:
        """The companion embedder; None when there is none, it cannot run here, or the main
        embedder fell back to it."""
        if self._companion is None and isinstance(self._companion_spec, str):
            try:
                self._companion = load_embedder(self._companion_spec)
            except EmbedderUnavailable:
                self._companion_spec = None
        main = self.embedder
        if self._companion is None or main is None:
            return None
        return None if self._companion.identity == main.identity else self._companion

    def index_of(self, embedder: Embedder | None) -> VectorIndex | None:
        """The vector index of an embedder (kept in memory per identity)."""
        return None if embedder is None else self._index_named(embedder.identity)

    def _index_named(self, identity: str) -> VectorIndex:
        """The in-memory index of the vectors stored under an identity, made on first use."""
        if identity not in self._indexes:
            self._indexes[identity] = VectorIndex(self._store, identity)
        return self._indexes[identity]

    def embed_pending(
        self, *, cancel: CancelFlag | None, batch_size: int
    ) -> Generator[Progress, None, int]:
        """Compute missing vectors with the main embedder, then the companion, then the main
        embedder's document openings; resumable, returns how many chunk vectors. Each pass
        counts its own passages (phase EMBED_PHASES[i]). Vectors of any other embedder are
        dropped."""
        embedders = [e for e in (self.embedder, self.companion) if e is not None]
        if not embedders:
            return 0
        store = self._store
        main = embedders[0]
        keep = [embedder.identity for embedder in embedders] + [opening_identity(main.identity)]
        store.drop_vectors_except(keep)
        done = 0
        for embedder, phase in zip(embedders, EMBED_PHASES, strict=False):
            count = store.count_without_vector(embedder.identity)
            embedder_done = 0
            while embedder_done < count and not _cancelled(cancel):
                chunks = store.chunks_without_vector(embedder.identity, limit=batch_size)
                if not chunks:
                    break
                vectors = embedder.embed_passages([passage_text(chunk) for chunk in chunks])
                store.add_vectors(embedder.identity, [c.chunk_id for c in chunks], vectors)
                embedder_done += len(chunks)
                yield Progress(embedder_done, count, chunks[-1].title, phase)
            done += embedder_done
        if not _cancelled(cancel):
            yield from self._embed_openings(main, cancel, batch_size)
        return done

    def _embed_openings(
        self, embedder: Embedder, cancel: CancelFlag | None, batch_size: int
    ) -> Generator[Progress, None, int]:
        """Opening vectors: a one-chunk document reuses its chunk's vector, longer documents
        embed their title and first OPENING_CHARS characters."""
        store = self._store
        target = opening_identity(embedder.identity)
        store.copy_single_chunk_vectors(embedder.identity, target)
        count = store.count_openings_without_vector(target)
        done = last_id = 0
        while done < count and not _cancelled(cancel):
            openings = store.openings_without_vector(
                target, limit=batch_size, chars=OPENING_CHARS, after=last_id
            )
            if not openings:
                break
            last_id = openings[-1][0]
            vectors = embedder.embed_passages(
                [context_text(title, (), text) for _, title, text in openings]
            )
            store.add_vectors(target, [chunk_id for chunk_id, _, _ in openings], vectors)
            done += len(openings)
            yield Progress(done, count, openings[-1][1], EMBED_PHASES[2])
        return done

    def rankings(
        self,
        question: str,
        *,
        mode: str,
        depth: int,
        collections: list[str] | None,
        hidden_ids: set[int],
    ) -> MeaningRankings:
        """The main embedder's chunks in "hybrid" and "vector" mode; the companion's chunks
        and the documents by their opening only in "hybrid" mode."""
        rankings = MeaningRankings()
        try:
            main = self.embedder if mode in ("hybrid", "vector") else None
        except EmbedderUnavailable:
            if mode == "vector":
                raise
            return rankings  # the full text still answers; the window says meaning is missing
        index = self.index_of(main)
        if main is not None and index is not None and len(index):
            query_vector = main.embed_queries([question])[0]
            rankings.main = _search(index, query_vector, depth, collections, hidden_ids)
            if mode == "hybrid":
                openings = self._index_named(opening_identity(main.identity))
                rankings.openings = _search(openings, query_vector, depth, collections, hidden_ids)
        if mode == "hybrid":
            rankings.companion = self._hits(
                self.companion, question, depth, collections, hidden_ids
            )
        return rankings

    def _hits(
        self,
        embedder: Embedder | None,
        question: str,
        depth: int,
        collections: list[str] | None,
        hidden_ids: set[int],
    ) -> list[VectorHit]:
        """An embedder's most similar chunks ([] without the embedder or its vectors)."""
        index = self.index_of(embedder)
        if embedder is None or index is None or not len(index):
            return []
        query_vector = embedder.embed_queries([question])[0]
        return _search(index, query_vector, depth, collections, hidden_ids)


def _search(
    index: VectorIndex,
    query_vector: np.ndarray,
    depth: int,
    collections: list[str] | None,
    hidden_ids: set[int],
) -> list[VectorHit]:
    """The depth rows of an index most similar to a question's vector, within the collections
    and outside the hidden documents."""
    return index.search(
        query_vector, limit=depth, collections=collections, exclude_documents=hidden_ids
    )


def _cancelled(cancel: CancelFlag | None) -> bool:
    """Whether a cancel was asked for."""
    return cancel is not None and cancel.cancelled


def passage_text(chunk: StoredChunk) -> str:
    """The text a passage is embedded with: title and headings give it context."""
    return context_text(chunk.title, chunk.heading_path, chunk.text)
