"""Fixtures of the core tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> Iterator[KnowledgeBase]:
    """An empty knowledge base in tmp with the hashing embedder (a module may define its own)."""
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    yield knowledge_base
    knowledge_base.close()
