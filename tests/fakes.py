"""Deterministic stand-ins for heavy backends, injected through the same protocols."""

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from onboard.core.llm import ContextOverflow


class HashingEmbedder:
    """Bag of lowercased words hashed into 256 dimensions, normalised: fast and repeatable."""

    identity = "test-hashing-256"
    dim = 256

    def __init__(self, identity: str = identity, dim: int = dim) -> None:
        """Count the passages (unchanged work is skipped) and questions (search was prepared)
        embedded."""
        self.identity = identity
        self.dim = dim
        self.passages_embedded = 0
        self.queries_embedded = 0

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
        self.queries_embedded += len(texts)
        return np.stack([self._vector(text) for text in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for passages."""
        self.passages_embedded += len(texts)
        return np.stack([self._vector(text) for text in texts])


class ScriptedChatModel:
    """A chat model that streams a fixed reply word by word and records the prompts."""

    identity = "scripted-test-model"
    context_length = 4096

    def __init__(self, reply: str, *later: str) -> None:
        """reply: the text to stream for every prompt; later: the replies to the second, third
        … prompt instead (the last one repeats)."""
        self.reply = reply
        self.later = list(later)
        self.prompts: list[list[dict[str, str]]] = []
        self.streamed: list[int] = []  # the pieces taken from each reply
        self.read_aheads: list[str] = []
        self.kept: list[str] = []

    def count_tokens(self, text: str) -> int:
        """Roughly one token per word."""
        return len(text.split())

    def stream_chat(
        self, messages: list[dict[str, str]], *, max_tokens: int, cancel: object = None
    ) -> Iterator[str]:
        """Yield the reply in small pieces; stop when cancelled."""
        self.prompts.append(messages)
        later = self.later[: len(self.prompts) - 1]
        reply = later[-1] if later else self.reply
        self.streamed.append(0)
        for index, piece in enumerate(re.findall(r"\S+\s*", reply)):
            if index >= max_tokens or (cancel is not None and cancel.cancelled):
                return
            self.streamed[-1] += 1
            yield piece

    def read_ahead(
        self, messages: list[dict[str, str]], *, cancel: object = None, keep: bool = False
    ) -> int:
        """Record the user's turn (and those to keep); its word count stands for the tokens
        read."""
        read = messages[-1]["content"]
        self.read_aheads.append(read)
        if keep:
            self.kept.append(read)
        return len(read.split())


class RefusingChatModel(ScriptedChatModel):
    """A chat model that refuses every prompt with error as soon as it is called, as
    llama.cpp's wrapper refuses a prompt too long for its context window."""

    def __init__(self, error: Exception) -> None:
        """error: what every prompt raises."""
        super().__init__("")
        self.error = error

    def stream_chat(
        self, messages: list[dict[str, str]], *, max_tokens: int, cancel: object = None
    ) -> Iterator[str]:
        """Record the prompt and refuse it."""
        self.prompts.append(messages)
        raise self.error


def too_small_model() -> RefusingChatModel:
    """A model into whose context window not even the question with one source fits."""
    return RefusingChatModel(ContextOverflow("Die Anfrage ist zu lang für das Sprachmodell."))


def deny_writing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """os.access answers that nobody may write in folder (a share mounted read-only; as root
    in the tests, file permissions would not stop anyone)."""
    real_access = os.access

    def access(path: object, mode: int, **options: object) -> bool:
        if mode & os.W_OK and Path(str(path)) == folder:
            return False
        return real_access(path, mode, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
