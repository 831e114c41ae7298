"""The companion embedder: its vectors are kept and resumed, its ranking joins hybrid search."""

from pathlib import Path

import numpy as np

from onboard.core.driving import collect, run_to_end
from onboard.core.ingest import CancelFlag, Progress
from onboard.core.kb import KnowledgeBase
from onboard.core.vector_search import EMBED_PHASES
from tests.core.test_kb import _write_pages
from tests.fakes import HashingEmbedder


class PointingEmbedder(HashingEmbedder):
    """Every question points at the password page, whatever it asks."""

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """The password page's words instead of the question's."""
        return super().embed_queries(["Passwort 180 Tage 12 Zeichen" for _ in texts])


def _kb(home: Path, companion: HashingEmbedder | None) -> KnowledgeBase:
    return KnowledgeBase(home, embedder=HashingEmbedder(), companion=companion)


def test_both_embedders_vectors_are_computed_resumed_and_kept(tmp_path: Path) -> None:
    companion = HashingEmbedder(identity="test-companion-64", dim=64)
    with _kb(tmp_path / "home", companion) as kb:
        run_to_end(kb.ingest([_write_pages(tmp_path / "docs")], collection="IT"))
        chunks = kb.store.count_chunks()
        kb.store.add_vectors("ein-altes-modell", [1], np.ones((1, 4)))
        cancel = CancelFlag()
        steps = kb.embed_pending(cancel=cancel, batch_size=1)
        first = next(steps)
        assert isinstance(first, Progress) and (first.done, first.total) == (1, chunks)
        assert first.phase == EMBED_PHASES[0]
        cancel.cancel()
        assert run_to_end(steps) == 1
    with _kb(tmp_path / "home", companion) as kb:
        events, count = collect(kb.embed_pending())
        assert count == 2 * chunks - 1
        phases = [(p.phase, p.done, p.total) for p in events]
        assert (phases[0][0], phases[0][2]) == (EMBED_PHASES[0], chunks - 1)
        companion_phases = [p for p in phases if p[0] == EMBED_PHASES[1]]
        assert companion_phases[-1] == (EMBED_PHASES[1], chunks, chunks)
        assert phases[-1][0] == EMBED_PHASES[2]  # then the openings of longer documents
        assert run_to_end(kb.embed_pending()) == 0
        assert kb.store.count_without_vector("test-hashing-256") == 0
        assert kb.store.count_without_vector("test-companion-64") == 0
        assert kb.store.vector_generation("ein-altes-modell")[1] == 0
        assert companion.passages_embedded == chunks


def test_hybrid_search_hears_the_companion_and_vector_search_does_not(tmp_path: Path) -> None:
    question = "Was gilt hier eigentlich?"  # no word of any page: the other rankings tie
    with _kb(tmp_path / "home", PointingEmbedder(identity="test-pointing")) as kb:
        run_to_end(kb.ingest([_write_pages(tmp_path / "docs")], collection="IT"))
        run_to_end(kb.embed_pending())
        assert kb.search(question, k=1)[0].chunk.title == "Passwörter"
        assert kb.search(question, k=1, mode="vector")[0].chunk.title != "Passwörter"
    with _kb(tmp_path / "home", None) as kb:
        assert kb.search(question, k=1)[0].chunk.title != "Passwörter"


def test_a_companion_equal_to_the_embedder_is_not_used_twice(tmp_path: Path) -> None:
    with _kb(tmp_path / "home", HashingEmbedder()) as kb:
        assert kb.companion is None
        run_to_end(kb.ingest([_write_pages(tmp_path / "docs")], collection="IT"))
        assert run_to_end(kb.embed_pending()) == kb.store.count_chunks()


def test_use_and_injected_embedders_have_no_companion(tmp_path: Path) -> None:
    with KnowledgeBase(tmp_path / "a", embedder="use") as kb:
        assert kb.companion is None
    with KnowledgeBase(tmp_path / "b", embedder=HashingEmbedder()) as kb:
        assert kb.companion is None
