"""Collections: create with contact, rename (index follows), delete (both indexes emptied)."""

from pathlib import Path

import pytest

from onboard.core.answer import ask
from onboard.core.collections import (
    CollectionError,
    Contact,
    contact_of,
    create_collection,
    delete_collection,
    rename_collection,
    require_known,
    set_contact,
)
from onboard.core.driving import run_to_end
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    folder = tmp_path / "it"
    folder.mkdir()
    (folder / "passwort.md").write_text(
        "# Passwörter\n\nDas Passwort muss alle 180 Tage geändert werden.\n", encoding="utf-8"
    )
    (folder / "drucker.md").write_text(
        "# Drucker\n\nDrucker werden über das Ticketsystem bestellt.\n", encoding="utf-8"
    )
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    run_to_end(knowledge_base.ingest([folder], collection="IT"))
    run_to_end(knowledge_base.embed_pending())
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


def _consistent(kb: KnowledgeBase) -> bool:
    return kb.store.doc_keys() == kb.fulltext.keys() and (
        kb.fulltext.doc_count() == kb.store.count_chunks()
    )


def test_create_with_contact_and_refuse_duplicates(kb: KnowledgeBase) -> None:
    contact = Contact("Jana Krüger", "Hauptamt", "02551 69-1010", "j.krueger@lindenau.example")
    assert create_collection(kb, "  Haupt   amt ", contact) == "Haupt amt"
    assert contact_of(kb, "Haupt amt") == contact
    with pytest.raises(CollectionError, match="gibt es schon"):
        create_collection(kb, "Haupt amt")
    with pytest.raises(CollectionError, match="Bitte einen Namen"):
        create_collection(kb, "   ")


def test_the_contact_is_named_when_documents_do_not_answer(kb: KnowledgeBase) -> None:
    set_contact(kb, "IT", Contact("Tobias Wendt", "IT-Service", "-3333", ""))
    result = run_to_end(ask(kb, "Wie bestelle ich einen Drucker?", model=None))
    assert result.contact.startswith("IT – Tobias Wendt, IT-Service, -3333")


def test_rename_moves_search_filters_and_keeps_vectors(kb: KnowledgeBase) -> None:
    vectors_before = kb.store.count_without_vector(kb.embedder.identity)  # type: ignore[union-attr]
    rename_collection(kb, "IT", "IT-Service")
    assert [row["name"] for row in kb.collections()] == ["IT-Service"]
    for mode in ("fulltext", "vector"):
        hits = kb.search("Passwort ändern", k=2, collections=["IT-Service"], mode=mode)
        assert hits and hits[0].chunk.collection == "IT-Service"
        assert kb.search("Passwort ändern", k=2, collections=["IT"], mode=mode) == []
    assert kb.store.count_without_vector(kb.embedder.identity) == vectors_before  # type: ignore[union-attr]
    assert _consistent(kb)
    kb.close()
    reopened = KnowledgeBase(kb.home, embedder=HashingEmbedder())
    assert reopened.reconcile(force=True) == (0, 0)
    reopened.close()


def test_rename_to_an_existing_name_is_refused(kb: KnowledgeBase) -> None:
    create_collection(kb, "Personalamt")
    with pytest.raises(CollectionError, match="„Personalamt“ gibt es schon"):
        rename_collection(kb, "IT", "Personalamt")
    with pytest.raises(CollectionError, match="keine Sammlung „Kantine“"):
        rename_collection(kb, "Kantine", "Mensa")


def test_names_that_differ_only_in_capitals_are_one_collection(kb: KnowledgeBase) -> None:
    """„bauamt“ beside „Bauamt“ would split a department's material in two."""
    create_collection(kb, "Straßenbau")
    with pytest.raises(CollectionError, match="„Straßenbau“ gibt es schon"):
        create_collection(kb, "STRASSENBAU")
    with pytest.raises(CollectionError, match="„IT“ gibt es schon"):
        rename_collection(kb, "Straßenbau", "it")
    assert rename_collection(kb, "IT", "it") == "it"  # only its own capitals change
    with pytest.raises(CollectionError, match=r"Gemeint ist „it“\?"):
        require_known(kb, ["IT"])


def test_delete_removes_chunks_from_both_indexes(kb: KnowledgeBase) -> None:
    create_collection(kb, "Leer")
    assert delete_collection(kb, "IT") == 2
    assert kb.store.count_chunks() == 0 and kb.fulltext.doc_count() == 0
    assert len(kb.vectors or []) == 0
    assert kb.search("Passwort", k=3) == []
    assert [row["name"] for row in kb.collections()] == ["Leer"]
    assert _consistent(kb)


def test_a_folders_description_fills_in_a_missing_contact(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    folder = tmp_path / "kasse"
    folder.mkdir()
    (folder / "zahlung.md").write_text("# Zahlungen\n\nRechnungen gehen an die Kreiskasse.\n")
    (folder / ".sammlung.yaml").write_text(
        "ansprechperson: Uwe Brink\neinheit: Kreiskasse\ntelefon: 02551 69-2500\n"
        "e-mail: kasse@kreis-lindenau.example\nbeschreibung: Zahlungen und Mahnungen\n",
        encoding="utf-8",
    )
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        create_collection(kb, "Kasse", Contact(phone="02551 69-2599"))
        run_to_end(kb.ingest([folder], collection="Kasse"))
        assert contact_of(kb, "Kasse") == Contact(
            "Uwe Brink", "Kreiskasse", "02551 69-2599", "kasse@kreis-lindenau.example"
        )
        assert kb.store.collection("Kasse")["description"] == "Zahlungen und Mahnungen"  # type: ignore[index]
        assert [row["title"] for row in kb.documents()] == ["Zahlungen"]
