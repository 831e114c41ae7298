"""The store: migrations, WAL, versions, cascades."""

from pathlib import Path

import numpy as np

from onboard.core.chunking import chunk_document
from onboard.core.documents import ParsedDocument, Section
from onboard.core.store import Store


def _parsed(text: str) -> ParsedDocument:
    return ParsedDocument(
        title="Urlaub",
        format="markdown",
        sections=[Section(text, ("Urlaub",))],
        metadata={"owner": "Frau Beispiel", "review_date": "2027-01-31", "ignored": "x"},
    )


def _save(store: Store, text: str) -> tuple[int, int, int | None]:
    parsed = _parsed(text)
    return store.save_document(
        collection_id=store.ensure_collection("Personalamt"),
        origin="/daten/urlaub.md",
        parsed=parsed,
        chunks=chunk_document(parsed),
        content_hash=str(hash(text)),
        size_bytes=len(text),
    )


def test_migrations_are_recorded_and_wal_is_on(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    names = [row["name"] for row in store.db["_sqlite_migrations"].rows]
    assert names == [
        "0001_initial",
        "0002_feedback",
        "0003_editor",
        "0004_file_times",
        "0005_content_index",
        "0006_file_metadata",
    ]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    reopened = Store(tmp_path / "kb.db")
    assert len(list(reopened.db["_sqlite_migrations"].rows)) == 6
    reopened.close()


def test_saving_again_replaces_chunks_and_bumps_the_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    document_id, version, old = _save(store, "Alter Text über Urlaub.")
    assert (version, old) == (1, None)
    same_id, version, old = _save(store, "Neuer Text über Urlaub und Resturlaub.")
    assert (same_id, version, old) == (document_id, 2, 1)
    chunks = store.chunks_of_documents([document_id])
    assert [c.text for c in chunks] == ["Neuer Text über Urlaub und Resturlaub."]
    row = store.document(document_id)
    assert row is not None
    assert row["owner"] == "Frau Beispiel" and row["review_date"] == "2027-01-31"
    assert row["collection"] == "Personalamt"
    store.close()


def test_deleting_a_document_removes_chunks_and_vectors(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    document_id, _, _ = _save(store, "Text.")
    chunk_ids = [c.chunk_id for c in store.chunks_of_documents([document_id])]
    store.add_vectors("e", chunk_ids, np.ones((len(chunk_ids), 4), dtype=np.float32))
    assert store.vector_generation("e")[1] == 1
    assert store.delete_document(document_id) == 1
    assert store.count_chunks() == 0
    assert store.vector_generation("e")[1] == 0
    store.close()


def test_vectors_round_trip_with_embedder_identity(tmp_path: Path) -> None:
    store = Store(tmp_path / "kb.db")
    document_id, _, _ = _save(store, "Text.")
    chunk_ids = [c.chunk_id for c in store.chunks_of_documents([document_id])]
    vectors = np.arange(4, dtype=np.float32).reshape(1, 4)
    store.add_vectors("modell-a", chunk_ids, vectors)
    ids, matrix, collections, documents = store.load_vectors("modell-a")
    assert ids.tolist() == chunk_ids and matrix.tolist() == vectors.tolist()
    assert collections == ["Personalamt"]
    assert documents.tolist() == [document_id]
    assert store.load_vectors("modell-b")[0].size == 0
    assert store.count_without_vector("modell-b") == 1
    store.add_vectors("modell-c", chunk_ids, vectors)
    assert store.drop_vectors_except(["modell-b", "modell-c"]) == 1
    assert store.count_without_vector("modell-a") == 1
    assert store.count_without_vector("modell-c") == 0
    store.close()
