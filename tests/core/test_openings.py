"""Document openings: one vector per document that joins hybrid search as its own ranking."""

from pathlib import Path

import numpy as np

from onboard.core.chunking import context_text
from onboard.core.driving import collect, run_to_end
from onboard.core.ingest import CancelFlag, Progress
from onboard.core.kb import KnowledgeBase
from onboard.core.search import spread_openings
from onboard.core.vector_search import EMBED_PHASES, OPENING_CHARS, opening_identity
from onboard.core.vectors import VectorHit
from tests.fakes import HashingEmbedder

MAIN = HashingEmbedder.identity
OPENING = opening_identity(MAIN)
SHORT = "# Kantine\n\nDie Kantine öffnet um 11:30 Uhr.\n"
LONG_SECTIONS = [
    ("Reisekosten", "Fahrtkosten werden nach dem Landesreisekostengesetz erstattet. " * 14),
    ("Antrag", "Den Antrag stellen Sie vor der Reise im Mitarbeiterportal. " * 14),
    ("Abrechnung", "Die Abrechnung reichen Sie binnen sechs Monaten ein. " * 14),
]


def _long_page(extra: str = "") -> str:
    body = "\n\n".join(f"## {heading}\n\n{text}{extra}" for heading, text in LONG_SECTIONS)
    return f"# Dienstreisen\n\n{body}\n"


def _write(folder: Path, long_text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-kantine.md").write_text(SHORT, encoding="utf-8")
    (folder / "b-dienstreisen.md").write_text(long_text, encoding="utf-8")
    return folder


def _openings(kb: KnowledgeBase) -> dict[int, bytes]:
    """Opening vectors by document id."""
    rows = kb.store.db.execute(
        "SELECT k.document_id, e.vector FROM embeddings e JOIN chunks k ON k.id = e.chunk_id "
        "WHERE e.embedder = ?",
        [OPENING],
    ).fetchall()
    return {int(document_id): bytes(vector) for document_id, vector in rows}


def _documents(kb: KnowledgeBase) -> dict[str, int]:
    return {d["title"]: int(d["id"]) for d in kb.documents()}


def test_one_chunk_documents_reuse_their_vector_longer_ones_embed_their_opening(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        run_to_end(kb.ingest([_write(tmp_path / "docs", _long_page())], collection="Personal"))
        ids = _documents(kb)
        long_chunks = kb.store.chunks_of_documents([ids["Dienstreisen"]])
        assert len(long_chunks) >= 3
        chunks = kb.store.count_chunks()

        events, count = collect(kb.embed_pending())
        assert count == chunks  # the return value counts chunk vectors only
        assert fake_embedder.passages_embedded == chunks + 1  # plus one opening
        assert [p.phase for p in events if isinstance(p, Progress)][-1] == EMBED_PHASES[2]

        openings = _openings(kb)
        assert set(openings) == set(ids.values())
        short_chunk = kb.store.chunks_of_documents([ids["Kantine"]])[0].chunk_id
        short_vector = kb.store.db.execute(
            "SELECT vector FROM embeddings WHERE chunk_id = ? AND embedder = ?",
            [short_chunk, MAIN],
        ).fetchone()[0]
        assert openings[ids["Kantine"]] == bytes(short_vector)
        document = kb.store.document(ids["Dienstreisen"])
        assert document is not None
        opening_text = context_text("Dienstreisen", (), document["text"][:OPENING_CHARS])
        expected = fake_embedder.embed_passages([opening_text])[0].astype(np.float32)
        assert openings[ids["Dienstreisen"]] == expected.tobytes()
        assert run_to_end(kb.embed_pending()) == 0


def test_a_cancelled_opening_pass_resumes_and_a_changed_document_gets_a_new_opening(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    folder = _write(tmp_path / "docs", _long_page())
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        run_to_end(kb.ingest([folder], collection="Personal"))
        cancel = CancelFlag()
        for event in kb.embed_pending(cancel=cancel, batch_size=1):
            if event.phase == EMBED_PHASES[2]:
                break
        cancel.cancel()
        assert kb.store.count_openings_without_vector(OPENING) == 0  # one batch was written
        before = _openings(kb)[_documents(kb)["Dienstreisen"]]

        _write(folder, _long_page(extra=" Neu ab 2027."))
        run_to_end(kb.ingest([folder], collection="Personal"))
        assert kb.store.count_openings_without_vector(OPENING) == 1
        run_to_end(kb.embed_pending())
        after = _openings(kb)
        assert len(after) == 2  # no stale opening of the old version is left
        assert after[_documents(kb)["Dienstreisen"]] != before


def test_small_batches_embed_each_opening_once(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(3):
        (folder / f"reise-{number}.md").write_text(_long_page(f" Fall {number}."), "utf-8")
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        run_to_end(kb.ingest([folder], collection="Personal"))
        events, _ = collect(kb.embed_pending(batch_size=1))
        openings = [(p.done, p.total) for p in events if p.phase == EMBED_PHASES[2]]
        assert openings == [(1, 3), (2, 3), (3, 3)]
        assert fake_embedder.passages_embedded == kb.store.count_chunks() + 3
        assert len(_openings(kb)) == 3


def test_hybrid_search_hears_the_openings_and_vector_search_does_not(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    question = "Was gilt hier eigentlich?"  # no word of any page: the other rankings tie
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        run_to_end(kb.ingest([_write(tmp_path / "docs", _long_page())], collection="Personal"))
        run_to_end(kb.embed_pending())
        first = kb.store.chunks_of_documents([_documents(kb)["Dienstreisen"]])[0].chunk_id
        kb.store.add_vectors(OPENING, [first], fake_embedder.embed_queries([question]))

        assert kb.search(question, k=1)[0].chunk.title == "Dienstreisen"
        assert kb.search(question, k=1, mode="vector")[0].chunk.title == "Kantine"


def test_each_candidate_gets_the_opening_score_of_its_document() -> None:
    openings = [VectorHit(10, 0.9, document_id=1), VectorHit(20, 0.4, document_id=2)]
    document_of = {11: 1, 12: 1, 21: 2, 31: 3}
    spread = spread_openings(openings, document_of)
    assert {hit.chunk_id: hit.score for hit in spread} == {11: 0.9, 12: 0.9, 21: 0.4}
