"""Exact cosine search over the stored vectors of one embedder (numpy, cached in memory)."""

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from onboard.core.store import Store


@dataclass(frozen=True)
class VectorHit:
    """A chunk id with its cosine similarity (and its document, where the index knows it)."""

    chunk_id: int
    score: float
    document_id: int | None = None


class VectorIndex:
    """An in-memory matrix of one embedder's vectors, reloaded when the store changes."""

    def __init__(self, store: Store, embedder_identity: str) -> None:
        """Bind to a store and an embedder identity; loading happens on first search."""
        self._store = store
        self.identity = embedder_identity
        self._generation: tuple[int, int] | None = None
        self._ids = np.zeros(0, dtype=np.int64)
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._collections = np.zeros(0, dtype=object)
        self._documents = np.zeros(0, dtype=np.int64)

    def _refresh(self) -> None:
        """Reload the matrix if vectors were added or removed since the last load."""
        generation = self._store.vector_generation(self.identity)
        if generation != self._generation:
            ids, matrix, collections, documents = self._store.load_vectors(self.identity)
            self._ids, self._matrix, self._documents = ids, matrix, documents
            self._collections = np.array(collections, dtype=object)
            self._generation = generation

    def __len__(self) -> int:
        """Number of vectors currently searchable."""
        self._refresh()
        return len(self._ids)

    def search(
        self,
        query_vector: np.ndarray,
        *,
        limit: int,
        collections: list[str] | None = None,
        exclude_documents: Collection[int] = (),
    ) -> list[VectorHit]:
        """The most similar chunks by cosine (vectors are normalised: a dot product), leaving
        out the chunks of excluded documents."""
        self._refresh()
        if not len(self._ids):
            return []
        scores = self._matrix @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if collections:
            scores = np.where(np.isin(self._collections, collections), scores, -np.inf)
        if exclude_documents:
            hidden = np.isin(self._documents, np.fromiter(exclude_documents, dtype=np.int64))
            scores = np.where(hidden, -np.inf, scores)
        count = min(limit, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top])]
        return [
            VectorHit(int(self._ids[i]), float(scores[i]), int(self._documents[i]))
            for i in top
            if np.isfinite(scores[i])
        ]
