"""Deterministic stand-ins for heavy backends, injected through the same protocols."""

import hashlib

import numpy as np


class HashingEmbedder:
    """Bag of lowercased words hashed into 256 dimensions, normalised: fast and repeatable."""

    identity = "test-hashing-256"
    dim = 256

    def __init__(self) -> None:
        """Count how many passages were embedded (tests check that unchanged work is skipped)."""
        self.passages_embedded = 0

    def _vector(self, text: str) -> np.ndarray:
        """One normalised vector."""
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            digest = hashlib.blake2b(word.strip(".,;:!?()").encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for questions."""
        return np.stack([self._vector(text) for text in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for passages."""
        self.passages_embedded += len(texts)
        return np.stack([self._vector(text) for text in texts])
