"""Pages written in the app: saving re-indexes that page only and keeps earlier versions."""

from pathlib import Path

import pytest

from onboard.core.driving import run_to_end
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import (
    PageError,
    add_image,
    is_page,
    page_markdown,
    page_versions,
    restore_version,
    save_page,
)
from tests.fakes import HashingEmbedder

FIRST = "## Anmeldung\n\nDie Anmeldung zum Betriebsausflug läuft bis zum 15. Mai.\n"
SECOND = (
    "## Anmeldung\n\nDie Anmeldung zum Betriebsausflug läuft bis zum 20. Mai.\n\n"
    "| Ziel | Abfahrt |\n|---|---|\n| Zoo | 8 Uhr |\n"
)


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    folder = tmp_path / "seiten"
    folder.mkdir()
    (folder / "kantine.md").write_text("# Kantine\n\nDie Kantine öffnet um 11.30 Uhr.\n")
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    run_to_end(knowledge_base.ingest([folder], collection="Organisation"))
    run_to_end(knowledge_base.embed_pending())
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


def _save(kb: KnowledgeBase, markdown: str, document_id: int | None = None, **meta: str) -> int:
    saved = save_page(
        kb,
        collection="Organisation",
        title="Betriebsausflug",
        markdown=markdown,
        metadata={"status": "Freigegeben", **meta},
        document_id=document_id,
    )
    return saved.document_id


def test_a_saved_page_is_found_by_full_text_at_once(kb: KnowledgeBase) -> None:
    document_id = _save(kb, FIRST, owner="Frau Berg")
    hits = kb.search("Betriebsausflug Anmeldung", k=1, mode="fulltext")
    assert hits[0].chunk.document_id == document_id and "15. Mai" in hits[0].chunk.text
    document = kb.store.document(document_id)
    assert document is not None and is_page(document) and document["owner"] == "Frau Berg"
    assert page_markdown(kb, document_id) == FIRST


def test_saving_embeds_only_the_changed_page(kb: KnowledgeBase) -> None:
    identity = kb.embedder.identity  # type: ignore[union-attr]
    canteen_vectors = kb.store.db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
    document_id = _save(kb, FIRST)
    chunks = len(kb.store.chunks_of_documents([document_id]))
    assert kb.store.count_without_vector(identity) == chunks
    assert run_to_end(kb.embed_pending()) == chunks
    assert kb.store.db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] == (
        canteen_vectors + chunks + 1  # and the page's opening
    )
    assert kb.search("Betriebsausflug", k=1, mode="vector")[0].chunk.document_id == document_id


def test_an_edit_replaces_the_chunks_and_keeps_the_previous_version(kb: KnowledgeBase) -> None:
    document_id = _save(kb, FIRST)
    assert _save(kb, SECOND, document_id) == document_id
    texts = " ".join(c.text for c in kb.store.chunks_of_documents([document_id]))
    assert "20. Mai" in texts and "15. Mai" not in texts and "Zoo" in texts
    assert kb.store.doc_keys() == kb.fulltext.keys()
    versions = page_versions(kb, document_id)
    assert [(v["version"], v["markdown"]) for v in versions] == [(1, FIRST)]
    assert kb.store.document(document_id)["version"] == 2  # type: ignore[index]
    restored = restore_version(kb, document_id, 1)
    assert restored.version == 3 and page_markdown(kb, document_id) == FIRST
    assert [v["version"] for v in page_versions(kb, document_id)] == [2, 1]


def test_saving_unchanged_text_makes_no_new_version(kb: KnowledgeBase) -> None:
    document_id = _save(kb, FIRST)
    again = save_page(
        kb,
        collection="Organisation",
        title="Betriebsausflug",
        markdown=FIRST,
        metadata={"status": "Freigegeben"},
        document_id=document_id,
    )
    assert not again.changed and again.version == 1 and page_versions(kb, document_id) == []


def test_a_new_draft_page_stays_hidden_until_released(kb: KnowledgeBase) -> None:
    document_id = _save(kb, FIRST, status="Entwurf")
    run_to_end(kb.embed_pending())
    found = {hit.chunk.document_id for hit in kb.search("Betriebsausflug Anmeldung", k=3)}
    assert document_id not in found
    kb.set_metadata(document_id, {"status": "Freigegeben"})
    assert kb.search("Betriebsausflug Anmeldung", k=1)[0].chunk.document_id == document_id


@pytest.mark.parametrize(
    ("title", "markdown", "meta", "message"),
    [
        ("", FIRST, {}, "Bitte einen Titel"),
        ("Ausflug", "   \n", {}, "Die Seite ist leer"),
        ("Ausflug", FIRST, {"review_date": "irgendwann"}, "Wiedervorlage: „irgendwann“"),
    ],
)
def test_bad_pages_are_refused_and_nothing_is_stored(
    kb: KnowledgeBase, title: str, markdown: str, meta: dict[str, str], message: str
) -> None:
    before = kb.store.doc_keys()
    with pytest.raises(PageError, match=message):
        save_page(kb, collection="Organisation", title=title, markdown=markdown, metadata=meta)
    assert kb.store.doc_keys() == before


def test_imported_files_cannot_be_edited_as_pages(kb: KnowledgeBase) -> None:
    canteen = kb.documents()[0]
    with pytest.raises(PageError, match="Nur im Programm geschriebene Seiten"):
        _save(kb, FIRST, canteen["id"])


def test_images_are_copied_into_the_knowledge_base(kb: KnowledgeBase, tmp_path: Path) -> None:
    image = tmp_path / "Lage Plan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    link = add_image(kb, image)
    assert link.startswith("bilder/") and link.endswith("-Lage_Plan.png")
    assert (kb.home / link).read_bytes() == image.read_bytes()
    text = tmp_path / "notiz.txt"
    text.write_text("kein Bild")
    with pytest.raises(PageError, match="kein unterstütztes Bild"):
        add_image(kb, text)
