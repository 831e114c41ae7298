"""The meaning-based half of search: main and companion embedders, their vectors and rankings."""

from collections.abc import Generator

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

# Progress phases of the main embedder and the companion (each counts its own passages).
EMBED_PHASES = ("Einbettung", "Einbettung, 2. Durchgang")


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
        self._companion_spec = companion
        self._companion: Embedder | None = None if isinstance(companion, str) else companion
        self._indexes: dict[str, VectorIndex] = {}

    @property
    def embedder(self) -> Embedder | None:
        """The main embedder; None when vectors are switched off."""
        if self._embedder is None and isinstance(self._embedder_spec, str):
            self._embedder = load_embedder(self._embedder_spec)
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
        if embedder is None:
            return None
        if embedder.identity not in self._indexes:
            self._indexes[embedder.identity] = VectorIndex(self._store, embedder.identity)
        return self._indexes[embedder.identity]

    def embed_pending(
        self, *, cancel: CancelFlag | None, batch_size: int
    ) -> Generator[Progress, None, int]:
        """Compute missing vectors with the main embedder, then the companion; resumable,
        returns how many. Each embedder counts its own passages (phase EMBED_PHASES[i]).
        Vectors of any other embedder are dropped."""
        embedders = [e for e in (self.embedder, self.companion) if e is not None]
        if not embedders:
            return 0
        store = self._store
        store.drop_vectors_except([embedder.identity for embedder in embedders])
        done = 0
        for embedder, phase in zip(embedders, EMBED_PHASES, strict=False):
            count = store.count_without_vector(embedder.identity)
            embedder_done = 0
            while embedder_done < count and not (cancel is not None and cancel.cancelled):
                chunks = store.chunks_without_vector(embedder.identity, limit=batch_size)
                if not chunks:
                    break
                vectors = embedder.embed_passages([passage_text(chunk) for chunk in chunks])
                store.add_vectors(embedder.identity, [c.chunk_id for c in chunks], vectors)
                embedder_done += len(chunks)
                yield Progress(embedder_done, count, chunks[-1].title, phase)
            done += embedder_done
        return done

    def rankings(
        self,
        question: str,
        *,
        mode: str,
        depth: int,
        collections: list[str] | None,
        hidden_ids: set[int],
    ) -> tuple[list[VectorHit], list[VectorHit]]:
        """(main, companion) hits: the main embedder in "hybrid" and "vector" mode, the
        companion only in "hybrid" mode."""
        search_main = mode in ("hybrid", "vector")
        main = self.embedder if search_main else None
        companion = self.companion if mode == "hybrid" else None
        return (
            self._hits(main, question, depth, collections, hidden_ids),
            self._hits(companion, question, depth, collections, hidden_ids),
        )

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
        return index.search(
            query_vector, limit=depth, collections=collections, exclude_documents=hidden_ids
        )


def passage_text(chunk: StoredChunk) -> str:
    """The text a passage is embedded with: title and headings give it context."""
    return context_text(chunk.title, chunk.heading_path, chunk.text)
