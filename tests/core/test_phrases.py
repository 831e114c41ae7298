"""Word pairs: a page phrased like the question ranks above a copy in other words."""

from pathlib import Path

from onboard.core.chunk_rows import StoredChunk
from onboard.core.driving import collect
from onboard.core.kb import KnowledgeBase
from onboard.core.phrases import pair_scores
from tests.fakes import HashingEmbedder


def _chunk(chunk_id: int, text: str, title: str = "Kita") -> StoredChunk:
    return StoredChunk(chunk_id, chunk_id, 1, "Jugendamt", title, text, (), None, 0, len(text))


def test_adjacent_question_terms_count_stemmed_and_without_stop_words() -> None:
    chunks = [
        _chunk(1, "Sie können Ihr Kind im Portal anmelden."),
        _chunk(2, "Kinder anmelden: online im Portal."),  # Kind + anmelden, stemmed
        _chunk(3, "Aufgaben des Antidiskriminierungsbüros", title="Beratung"),
    ]
    question = "Wie kann ich mein Kind im Portal anmelden?"
    # (kind, portal) and (portal, anmeld): "im" is a stop word; chunk 2 has them in another order
    assert pair_scores(question, chunks) == {1: 2.0, 2: 0.0, 3: 0.0}
    assert pair_scores("Kind anmelden", chunks) == {1: 0.0, 2: 1.0, 3: 0.0}
    assert pair_scores("Was sind die Aufgaben des Antidiskriminierungsbüros?", chunks)[3] == 1.0


def test_no_pairs_no_scores() -> None:
    chunks = [_chunk(1, "Die Kantine öffnet um 11:30 Uhr.")]
    assert pair_scores("Kantine?", chunks) == {}  # one term, no pair
    assert pair_scores("Wann kommt der Bus?", chunks) == {}  # no pair in any chunk


def test_hybrid_search_prefers_the_page_phrased_like_the_question(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    # The same words in another order: full text and (bag-of-words) vectors tie; the pair
    # "Kind anmelden" decides, and only in the hybrid search.
    pages = {
        "umgestellt.md": "# Kita\n\nOnline anmelden: Das Kind geht im Portal.\n",
        "wie-gefragt.md": "# Kita\n\nKind anmelden: Das geht im Portal online.\n",
    }
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        for name, text in pages.items():  # the reworded page is imported first (lower id)
            page = tmp_path / name
            page.write_text(text, encoding="utf-8")
            collect(kb.ingest([page], collection="Jugendamt"))
        collect(kb.embed_pending())
        question = "Wie kann ich mein Kind anmelden?"
        first = {
            mode: kb.search(question, k=2, mode=mode)[0].chunk.text
            for mode in ("hybrid", "fulltext")
        }
    assert first["hybrid"].startswith("Kind anmelden")
    assert first["fulltext"].startswith("Online anmelden")
