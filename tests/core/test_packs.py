"""Knowledge packs: round trip, import beside other collections, re-import, refused packs,
images of pages."""

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onboard.core import pack_export, paths
from onboard.core.consistency import FULLTEXT_PENDING
from onboard.core.driving import collect, run_to_end
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.packs import (
    UNSYNCED_NOTE,
    PackError,
    PackImport,
    export_pack,
    import_pack,
    verify_pack,
)
from onboard.core.pages import add_image, page_markdown, save_page
from onboard.core.search import SearchHit
from tests.fakes import HashingEmbedder

PACKED = ["IT", "Personalamt"]
QUERIES = [
    "Wann ist die Kernzeit?",
    "Wie melde ich eine IT-Störung?",
    "Passwort vergessen, Konto gesperrt",
    "Wie viele Urlaubstage habe ich?",
    "Drucker scannt nicht",
]
CONTACT = {
    "description": "Regeln rund um Arbeitszeit, Urlaub und Fortbildung",
    "contact_name": "Sabine Hartmann",
    "contact_unit": "Personalamt",
    "contact_phone": "02551 69-2114",
    "contact_email": "personalamt@lindenau.example",
}


def _kb(home: Path) -> KnowledgeBase:
    return KnowledgeBase(home, embedder=HashingEmbedder())


def _tables(kb: KnowledgeBase) -> set[str]:
    rows = kb.store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}


@pytest.fixture
def source(tmp_path: Path) -> Iterator[KnowledgeBase]:
    """The demo collections IT and Personalamt with vectors, contacts, metadata and pages."""
    kb = _kb(tmp_path / "quelle")
    for name in PACKED:
        run_to_end(kb.ingest([paths.demo_dir() / name], collection=name))
    run_to_end(kb.embed_pending())
    db = kb.store.db
    db.execute(
        "UPDATE collections SET description = ?, contact_name = ?, contact_unit = ?, "
        "contact_phone = ?, contact_email = ? WHERE name = 'Personalamt'",
        list(CONTACT.values()),
    )
    db.execute(
        "UPDATE documents SET valid_until = '2027-12-31', audience = 'Führungskräfte' "
        "WHERE title LIKE 'Fortbildung%'"
    )
    first = int(db.execute("SELECT MIN(id) FROM documents").fetchone()[0])
    if "pages" in _tables(kb):
        db.execute(
            "INSERT INTO pages(document_id, markdown, saved_at) "
            "VALUES (?, '# Seite', '2026-01-02')",
            [first],
        )
        for version in (1, 2):
            db.execute(
                "INSERT INTO page_versions(document_id, version, title, markdown, saved_at) "
                "VALUES (?, ?, 'Seite', ?, '2026-01-01')",
                [first, version, f"# Fassung {version}"],
            )
    db.conn.commit()
    yield kb
    kb.close()


@pytest.fixture
def pack(source: KnowledgeBase, tmp_path: Path) -> Path:
    target = tmp_path / "pakete" / "wissen.zip"
    export_pack(source, PACKED, target)
    return target


def _hits(kb: KnowledgeBase, *, mode: str = "hybrid") -> list[list[tuple[Any, ...]]]:
    """Per query: title, collection, text, position and scores of every hit."""
    return [[_hit_row(hit) for hit in kb.search(query, k=8, mode=mode)] for query in QUERIES]


def _hit_row(hit: SearchHit) -> tuple[Any, ...]:
    chunk = hit.chunk
    position = (hit.position, chunk.page, chunk.char_start, chunk.char_end, chunk.heading_path)
    scores = (round(hit.score, 9), hit.fulltext_score, hit.vector_score)
    return (chunk.title, chunk.collection, chunk.text, *position, *scores)


def _documents(kb: KnowledgeBase, collections: list[str]) -> dict[str, dict[str, Any]]:
    """Document rows by origin, ids replaced by the collection name."""
    rows = kb.store.db.query(
        "SELECT d.*, c.name AS collection FROM documents d JOIN collections c "
        f"ON c.id = d.collection_id WHERE c.name IN ({','.join('?' * len(collections))})",
        collections,
    )
    return {row["origin"]: {k: v for k, v in row.items() if k not in ("id", "collection_id")}
            for row in rows}  # fmt: skip


def _chunks(kb: KnowledgeBase, collections: list[str]) -> dict[tuple[str, int], tuple[Any, ...]]:
    """Chunk rows and their vectors by (origin, seq)."""
    marks = ",".join("?" * len(collections))
    rows = kb.store.db.execute(
        "SELECT d.origin, k.seq, k.text, k.heading_path, k.page, k.char_start, k.char_end, "
        "e.embedder, e.vector FROM chunks k JOIN documents d ON d.id = k.document_id "
        "JOIN collections c ON c.id = d.collection_id "
        "LEFT JOIN embeddings e ON e.chunk_id = k.id "
        f"WHERE c.name IN ({marks})",
        collections,
    ).fetchall()
    return {(row[0], row[1]): tuple(row[2:]) for row in rows}


def _page_rows(kb: KnowledgeBase) -> list[tuple[Any, ...]]:
    """Page rows with their document's origin instead of ids."""
    if "pages" not in _tables(kb):
        return []
    pages = kb.store.db.execute(
        "SELECT d.origin, p.markdown, p.saved_at FROM pages p JOIN documents d "
        "ON d.id = p.document_id ORDER BY d.origin"
    ).fetchall()
    versions = kb.store.db.execute(
        "SELECT d.origin, v.version, v.title, v.markdown, v.metadata, v.saved_at "
        "FROM page_versions v JOIN documents d ON d.id = v.document_id ORDER BY 1, 2"
    ).fetchall()
    return [*pages, *versions]


def _collection_row(kb: KnowledgeBase, name: str) -> dict[str, Any]:
    rows = list(kb.store.db.query("SELECT * FROM collections WHERE name = ?", [name]))
    return {key: rows[0][key] for key in CONTACT}


def _snapshot(kb: KnowledgeBase) -> tuple[Any, ...]:
    """Every row of every table, the full-text keys and the search results."""
    db = kb.store.db
    rows = {
        table: sorted(repr(row) for row in db.execute(f"SELECT * FROM [{table}]").fetchall())
        for table in sorted(_tables(kb))
    }
    return rows, kb.fulltext.keys(), kb.fulltext.doc_count(), _hits(kb)


def _consistent(kb: KnowledgeBase) -> bool:
    return (
        kb.store.doc_keys() == kb.fulltext.keys()
        and kb.fulltext.doc_count() == kb.store.count_chunks()
        and kb.store.get_setting(FULLTEXT_PENDING) == "0"
    )


def _rewrite(pack: Path, target: Path, changes: dict[str, bytes | None]) -> Path:
    """A copy of the pack with members replaced (bytes), removed (None) or added."""
    with zipfile.ZipFile(pack) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = changes.get(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
        for name, data in changes.items():
            if name not in old.namelist() and data is not None:
                new.writestr(name, data)
    return target


def _manifest(pack: Path) -> dict[str, Any]:
    with zipfile.ZipFile(pack) as archive:
        data: dict[str, Any] = json.loads(archive.read("manifest.json"))
        return data


# round trip -----------------------------------------------------------------------------------
def test_round_trip_gives_identical_search_results(
    source: KnowledgeBase, pack: Path, tmp_path: Path
) -> None:
    with _kb(tmp_path / "ziel") as target:
        events, result = collect(import_pack(target, pack))
        assert (result.added, result.updated, result.removed) == (16, 0, 0)
        assert result.chunks == source.store.count_chunks() == target.store.count_chunks()
        assert result.vectors == result.chunks + result.added  # and one opening per document
        assert {event.phase for event in events} >= {"Prüfen", "Übernehmen", "Volltextindex"}

        for mode in ("hybrid", "fulltext", "vector"):
            expected = _hits(source, mode=mode)
            assert all(expected), mode
            assert _hits(target, mode=mode) == expected
        assert _documents(target, PACKED) == _documents(source, PACKED)
        fortbildung = [
            d for d in _documents(target, PACKED).values() if d["title"] == "Fortbildung"
        ]
        assert fortbildung[0]["audience"] == "Führungskräfte"
        assert fortbildung[0]["valid_until"] == "2027-12-31"
        documents = _documents(target, PACKED).values()
        owners = [d["owner"] for d in documents if d["format"] == "markdown"]
        assert len(owners) == 14 and all(owners)
        assert _chunks(target, PACKED) == _chunks(source, PACKED)
        assert _collection_row(target, "Personalamt") == CONTACT
        assert target.store.collection_contact("Personalamt").startswith("Sabine Hartmann")
        assert _page_rows(target) == _page_rows(source)
        assert _consistent(target)


def test_manifest_lists_every_file_with_size_and_checksum(
    source: KnowledgeBase, pack: Path
) -> None:
    data = _manifest(pack)
    assert (data["format"], data["format_version"]) == ("onboard-pack", 1)
    assert data["collections"] == PACKED
    assert data["counts"]["documents"] == 16
    assert data["counts"]["chunks"] == source.store.count_chunks()
    identities = [e["identity"] for e in data["embedders"]]
    assert sorted(identities) == ["test-hashing-256", "test-hashing-256#opening"]
    assert data["embedders"][0]["dim"] == 256
    with zipfile.ZipFile(pack) as archive:
        assert set(archive.namelist()) == {"manifest.json", *data["files"]}
        for name, entry in data["files"].items():
            assert archive.getinfo(name).file_size == entry["size"]
    assert verify_pack(pack).counts == data["counts"]
    assert not [p for p in pack.parent.iterdir() if p != pack], "no temporary file is left"


def test_export_of_an_unknown_collection_is_refused(source: KnowledgeBase, tmp_path: Path) -> None:
    target = tmp_path / "out" / "wissen.zip"
    with pytest.raises(PackError, match="Die Sammlung „Bauamt“ gibt es nicht"):
        export_pack(source, ["IT", "Bauamt"], target)
    assert not target.exists()


def test_failed_export_keeps_the_old_pack_and_leaves_no_temp_file(
    source: KnowledgeBase, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = pack.read_bytes()

    def broken(*_args: object) -> dict[str, Any]:
        raise OSError("Datenträger voll")

    monkeypatch.setattr(pack_export, "_write_vectors", broken)
    with pytest.raises(OSError):
        export_pack(source, PACKED, pack)
    assert pack.read_bytes() == before
    assert [p.name for p in pack.parent.iterdir()] == [pack.name]


# import into a knowledge base that already has content ----------------------------------------
def _own_collection(kb: KnowledgeBase, folder: Path) -> None:
    """A collection the office PC built itself (its ids collide with the pack's)."""
    folder.mkdir(parents=True)
    (folder / "kantine.md").write_text(
        "# Kantine\n\nDie Kantine im Haus B öffnet werktags von 11:30 bis 14:00 Uhr.\n",
        encoding="utf-8",
    )
    (folder / "urlaub-intern.md").write_text(
        "# Urlaub im Bürgerbüro\n\nIm Bürgerbüro stimmt das Team den Urlaub im Januar ab.\n",
        encoding="utf-8",
    )
    run_to_end(kb.ingest([folder], collection="Bürgerbüro"))
    run_to_end(kb.embed_pending())


def test_import_beside_other_collections_leaves_them_untouched(
    source: KnowledgeBase, pack: Path, tmp_path: Path
) -> None:
    with _kb(tmp_path / "ziel") as target:
        _own_collection(target, tmp_path / "eigene")
        own_ids = {int(d["id"]) for d in target.documents(collection="Bürgerbüro")}
        assert own_ids & {int(d["id"]) for d in source.documents()}, "ids collide"
        own_before = (_documents(target, ["Bürgerbüro"]), _chunks(target, ["Bürgerbüro"]))
        own_keys = target.fulltext.keys()

        result = run_to_end(import_pack(target, pack))

        assert result.added == 16
        assert {int(d["id"]) for d in target.documents(collection="Bürgerbüro")} == own_ids
        assert (_documents(target, ["Bürgerbüro"]), _chunks(target, ["Bürgerbüro"])) == own_before
        assert own_keys <= target.fulltext.keys()
        assert _documents(target, PACKED) == _documents(source, PACKED)
        assert _chunks(target, PACKED) == _chunks(source, PACKED)
        assert _consistent(target)
        hits = target.search("Wann öffnet die Kantine?", k=1, collections=["Bürgerbüro"])
        assert hits[0].chunk.title == "Kantine"
        hits = target.search("Wann ist die Kernzeit?", k=1, collections=["Personalamt"])
        assert hits[0].chunk.title == "Arbeitszeit und Gleitzeit"


def test_reimporting_the_same_pack_changes_nothing(pack: Path, tmp_path: Path) -> None:
    with _kb(tmp_path / "ziel") as target:
        _own_collection(target, tmp_path / "eigene")
        run_to_end(import_pack(target, pack))
        before = _snapshot(target)
        result = run_to_end(import_pack(target, pack))
        assert (result.added, result.updated, result.unchanged, result.removed) == (0, 0, 16, 0)
        rows, *rest = _snapshot(target)
        rows_before, *rest_before = before
        del rows["settings"], rows_before["settings"]  # the change counter moves
        assert (rows, *rest) == (rows_before, *rest_before)
        assert _consistent(target)


def test_a_newer_pack_replaces_the_collections(
    source: KnowledgeBase, pack: Path, tmp_path: Path
) -> None:
    """Changed documents are updated, dropped ones removed, local additions to them too."""
    with _kb(tmp_path / "ziel") as target:
        run_to_end(import_pack(target, pack))
        local = tmp_path / "lokal"
        local.mkdir()
        (local / "notiz.md").write_text(
            "# Notiz\n\nEine private Notiz zum Zauberwort Quittenbrot.\n", "utf-8"
        )
        run_to_end(target.ingest([local], collection="IT"))

        folder = tmp_path / "it-neu"
        folder.mkdir()
        for name in ("drucken-und-scannen.md", "e-mail-und-telefon.md"):
            (folder / name).write_text((paths.demo_dir() / "IT" / name).read_text("utf-8"), "utf-8")
        (folder / "drucken-und-scannen.md").write_text(
            "# Drucken\n\nDrucker Etage 3 heißt jetzt Kolibri.\n", "utf-8"
        )
        with _kb(tmp_path / "quelle-neu") as newer:
            run_to_end(newer.ingest([folder], collection="IT"))
            run_to_end(newer.embed_pending())
            export_pack(newer, ["IT"], tmp_path / "neu.zip")
            result = run_to_end(import_pack(target, tmp_path / "neu.zip"))
            assert (result.added, result.removed) == (2, 7)  # 6 old origins and the local note
            assert result.unsynced == (str(local),)  # and the import says it is no longer synced
            assert result.summary().splitlines()[1:] == [UNSYNCED_NOTE, f"  {local}"]
            assert _documents(target, ["IT"]) == _documents(newer, ["IT"])
            assert _chunks(target, ["IT"]) == _chunks(newer, ["IT"])
        assert target.search("Quittenbrot", k=3, mode="fulltext") == []
        assert target.store.sources() == []  # a later sync cannot bring the note back
        run_to_end(target.sync())
        assert target.search("Quittenbrot", k=3, mode="fulltext") == []
        assert target.search("Kolibri", k=1)[0].chunk.title == "Drucken"
        assert _documents(target, ["Personalamt"]) == _documents(source, ["Personalamt"])
        assert _consistent(target)


def test_changed_documents_get_a_new_version(source: KnowledgeBase, tmp_path: Path) -> None:
    """Same origin, new text: same id, higher version, old full-text entries gone."""
    with _kb(tmp_path / "ziel") as target:
        export_pack(source, ["IT"], tmp_path / "alt.zip")
        run_to_end(import_pack(target, tmp_path / "alt.zip"))
        row = next(d for d in target.documents() if d["title"] == "Drucken und Scannen")
        source.store.db.execute(
            "UPDATE chunks SET text = 'Drucker Etage 3 heißt jetzt Kolibri.' WHERE document_id = "
            "(SELECT id FROM documents WHERE origin = ?) AND seq = 0",
            [row["origin"]],
        )
        source.store.db.conn.commit()
        export_pack(source, ["IT"], tmp_path / "neu.zip")
        result = run_to_end(import_pack(target, tmp_path / "neu.zip"))
        assert (result.updated, result.unchanged) == (1, 5)
        updated = target.store.document_by_origin(row["origin"])
        assert updated is not None and updated["id"] == row["id"]
        assert updated["version"] == row["version"] + 1
        assert target.search("Kolibri", k=1, mode="fulltext")[0].chunk.title == row["title"]
        assert _consistent(target)


def test_new_ids_never_meet_stale_index_entries(pack: Path, tmp_path: Path) -> None:
    """After a crash left a deleted document's entries in the index, new ids skip past them."""
    with _kb(tmp_path / "ziel") as target:
        _own_collection(target, tmp_path / "eigene")
        last = max(int(d["id"]) for d in target.documents())
        with target.store.transaction():
            target.store.set_setting(FULLTEXT_PENDING, "1")
            target.store.delete_document(last)  # the index update never happened
        indexed = target.fulltext.keys()
        assert any(key.startswith(f"{last}:") for key in indexed)

        run_to_end(import_pack(target, pack))

        assert target.store.document(last) is None
        assert _consistent(target)
        hits = target.search("Kennwort vergessen oder Konto gesperrt", k=1, mode="fulltext")
        assert hits[0].chunk.title == "Benutzerkonto und Passwörter"


def test_a_document_of_another_collection_is_not_taken_over(pack: Path, tmp_path: Path) -> None:
    with _kb(tmp_path / "ziel") as target:
        run_to_end(target.ingest([paths.demo_dir() / "IT"], collection="Technik"))
        before = _snapshot(target)
        with pytest.raises(PackError, match="in der Sammlung „Technik“"):
            run_to_end(import_pack(target, pack))
        assert _snapshot(target) == before


def test_pending_mark_repairs_the_index_after_a_crash(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "ziel"
    with _kb(home) as target:

        def crash(**_options: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(target, "reconcile", crash)
        with pytest.raises(KeyboardInterrupt):
            run_to_end(import_pack(target, pack))
        assert target.store.get_setting(FULLTEXT_PENDING) == "1"
        assert target.fulltext.doc_count() == 0
    with _kb(home) as reopened:
        assert _consistent(reopened)
        assert reopened.search("Wann ist die Kernzeit?", k=1)[0].chunk.title == (
            "Arbeitszeit und Gleitzeit"
        )


def test_cancelled_import_changes_nothing(pack: Path, tmp_path: Path) -> None:
    with _kb(tmp_path / "ziel") as target:
        before = _snapshot(target)
        cancel = CancelFlag()
        cancel.cancel()
        result = run_to_end(import_pack(target, pack, cancel=cancel))
        assert result.cancelled and "nichts wurde geändert" in result.summary()
        assert _snapshot(target) == before


def test_a_read_only_knowledge_base_is_refused(pack: Path, tmp_path: Path) -> None:
    _kb(tmp_path / "ziel").close()
    with KnowledgeBase(tmp_path / "ziel", embedder=None, read_only=True) as target:
        with pytest.raises(PackError, match="schreibgeschützt"):
            run_to_end(import_pack(target, pack))
        assert target.store.count_chunks() == 0


def test_vectors_keep_their_embedder_identity(pack: Path, tmp_path: Path) -> None:
    with KnowledgeBase(tmp_path / "ziel", embedder=None) as target:
        run_to_end(import_pack(target, pack))
        rows = target.store.db.execute("SELECT DISTINCT embedder FROM embeddings").fetchall()
        assert sorted(rows) == [("test-hashing-256",), ("test-hashing-256#opening",)]
    with _kb(tmp_path / "ziel") as target:
        assert target.store.count_without_vector("test-hashing-256") == 0
        assert run_to_end(target.embed_pending()) == 0


# refused packs --------------------------------------------------------------------------------
@pytest.fixture
def target(tmp_path: Path, pack: Path) -> Iterator[KnowledgeBase]:
    """A knowledge base with its own collection and an earlier import of the pack."""
    with _kb(tmp_path / "ziel") as kb:
        _own_collection(kb, tmp_path / "eigene")
        run_to_end(import_pack(kb, pack))
        yield kb


def _refused(kb: KnowledgeBase, pack: Path, message: str) -> None:
    """The pack is refused with the message and the knowledge base stays exactly as it was."""
    before = _snapshot(kb)
    with pytest.raises(PackError, match=message):
        verify_pack(pack)
    with pytest.raises(PackError, match=message):
        run_to_end(import_pack(kb, pack))
    assert _snapshot(kb) == before


def test_tampered_file_is_refused(target: KnowledgeBase, pack: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(pack) as archive:
        chunks = archive.read("tables/chunks.jsonl").decode()
    same_size = chunks.replace("Kernzeit", "Kernzeiy", 1).encode()
    longer = chunks.replace("Kernzeit", "Kernzeit nicht", 1).encode()
    for name, data in (("gleich.zip", same_size), ("laenger.zip", longer)):
        altered = _rewrite(pack, tmp_path / name, {"tables/chunks.jsonl": data})
        _refused(target, altered, "„tables/chunks.jsonl“ stimmt nicht – .* wurde verändert")


def test_truncated_pack_is_refused(target: KnowledgeBase, pack: Path, tmp_path: Path) -> None:
    data = pack.read_bytes()
    for share in (0.5, 0.97):
        cut = tmp_path / f"cut-{share}.zip"
        cut.write_bytes(data[: int(len(data) * share)])
        _refused(target, cut, "beschädigt oder unvollständig")


def test_bytes_flipped_inside_the_zip_are_refused(
    target: KnowledgeBase, pack: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(pack) as archive:
        info = archive.getinfo("vectors/0-vectors.npy")
    data = bytearray(pack.read_bytes())
    data[info.header_offset + 200] ^= 0xFF
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(data))
    _refused(target, flipped, "beschädigt|wurde verändert")


def _edited(pack: Path, tmp_path: Path, edit: Any) -> Path:
    manifest = _manifest(pack)
    edit(manifest)
    text = json.dumps(manifest).encode()
    return _rewrite(pack, tmp_path / "edited.zip", {"manifest.json": text})


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m["counts"].update(documents=17), "passt nicht zur Paketbeschreibung"),
        (
            lambda m: m["files"].pop("tables/documents.jsonl"),
            "führt „tables/documents.jsonl“ nicht",
        ),
        (
            lambda m: m["files"].update({"tables/extra.jsonl": m["files"]["tables/pages.jsonl"]}),
            "„tables/extra.jsonl“ fehlt",
        ),
        (lambda m: m["files"]["tables/collections.jsonl"].update(size=3), "wurde verändert"),
        (lambda m: m["files"]["tables/chunks.jsonl"].update(sha256="0" * 64), "wurde verändert"),
        (lambda m: m["files"]["tables/chunks.jsonl"].update(sha256="xyz"), "fehlerhaft"),
        (lambda m: m.update(format_version=2), "Formatversion 2. Bitte Onboard aktualisieren"),
        (lambda m: m.update(format="zip"), "kein Onboard-Wissenspaket"),
        (lambda m: m.pop("collections"), "fehlerhaft"),
        (lambda m: m.update(collections=["IT"]), "Sammlungen stimmen nicht"),
        (lambda m: m.update(tables=["collections"]), "zu wenige Tabellen"),
        (lambda m: m["embedders"][0].update(dim=128), "Vektoren .* passen nicht"),
    ],
)
def test_inconsistent_manifest_is_refused(
    target: KnowledgeBase, pack: Path, tmp_path: Path, edit: Any, message: str
) -> None:
    _refused(target, _edited(pack, tmp_path, edit), message)


def test_missing_or_broken_manifest_is_refused(
    target: KnowledgeBase, pack: Path, tmp_path: Path
) -> None:
    no_manifest = _rewrite(pack, tmp_path / "ohne.zip", {"manifest.json": None})
    _refused(target, no_manifest, "keine Paketbeschreibung")
    broken = _rewrite(pack, tmp_path / "kaputt.zip", {"manifest.json": b"{nicht json"})
    _refused(target, broken, "kein gültiges JSON")


def test_unlisted_file_is_refused(target: KnowledgeBase, pack: Path, tmp_path: Path) -> None:
    extra = _rewrite(pack, tmp_path / "extra.zip", {"tables/feedback.jsonl": b"{}\n"})
    _refused(target, extra, "nicht aufgeführte Datei „tables/feedback.jsonl“")


def test_not_a_zip_is_refused(target: KnowledgeBase, tmp_path: Path) -> None:
    text = tmp_path / "wissen.zip"
    text.write_text("Das ist eine Notiz, kein Paket.", encoding="utf-8")
    _refused(target, text, "kein Wissenspaket")
    _refused(target, tmp_path / "fehlt.zip", "gibt es nicht")


# images of pages ------------------------------------------------------------------------------
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e221bc330000000049454e44ae426082"
)


@pytest.fixture
def illustrated(tmp_path: Path) -> Iterator[tuple[KnowledgeBase, list[str]]]:
    """A page linking images: one only in its earlier version, one missing, unsafe links."""
    kb = _kb(tmp_path / "wiki")
    links = []
    for name, data in (("plan.png", PNG), ("alt.png", PNG + b"alt"), ("weg.png", PNG + b"weg")):
        (tmp_path / name).write_bytes(data)
        links.append(add_image(kb, tmp_path / name))
    (kb.home / links[2]).unlink()
    (kb.home / "geheim.png").write_bytes(b"geheim")
    first = save_page(
        kb, collection="Wiki", title="Lageplan", markdown=f"Alter Plan\n\n![Alt]({links[1]})"
    )
    markdown = (
        f"# Lageplan\n\nDer Plan des Hauses.\n\n![Plan]({links[0]})\n\n![Weg]({links[2]})\n"
        "![Web](https://example.org/bilder/x.png) ![Geheim](bilder/../geheim.png)\n"
        "![Absolut](/bilder/y.png)\n"
    )
    save_page(
        kb, collection="Wiki", title="Lageplan", markdown=markdown, document_id=first.document_id
    )
    run_to_end(kb.embed_pending())
    yield kb, links
    kb.close()


def test_images_of_pages_travel_with_the_pack(
    illustrated: tuple[KnowledgeBase, list[str]], tmp_path: Path
) -> None:
    kb, links = illustrated
    pack = export_pack(kb, ["Wiki"], tmp_path / "wiki.zip")
    names = [link.removeprefix("bilder/") for link in links]
    images = {f"images/{names[0]}", f"images/{names[1]}"}
    assert {name for name in pack.manifest.files if name.startswith("images/")} == images
    assert pack.manifest.missing_images == (names[2],)
    assert pack.manifest.counts["images"] == 2
    assert _manifest(pack.path)["missing_images"] == [names[2]]
    with _kb(tmp_path / "neu") as target:
        kept = target.home / "bilder" / names[1]
        kept.parent.mkdir()
        kept.write_bytes(b"schon da")
        result = run_to_end(import_pack(target, pack.path))
        assert result.images == 1 and "1 Bild übernommen" in result.summary()
        assert (target.home / links[0]).read_bytes() == PNG
        assert kept.read_bytes() == b"schon da", "an existing file is left as is"
        assert not (target.home / links[2]).exists()
        assert not (target.home / "geheim.png").exists()
        assert sorted(p.name for p in kept.parent.iterdir()) == sorted(names[:2])
        page = target.store.db.execute("SELECT document_id FROM pages").fetchone()
        assert f"![Plan]({links[0]})" in (page_markdown(target, int(page[0])) or "")
        assert run_to_end(import_pack(target, pack.path)).images == 0


def test_tampered_image_is_refused(
    illustrated: tuple[KnowledgeBase, list[str]], tmp_path: Path
) -> None:
    kb, links = illustrated
    pack = export_pack(kb, ["Wiki"], tmp_path / "wiki.zip").path
    member = "images/" + links[0].removeprefix("bilder/")
    altered = _rewrite(pack, tmp_path / "bild.zip", {member: PNG[:-1] + b"\x00"})
    with _kb(tmp_path / "neu") as target:
        _own_collection(target, tmp_path / "eigene")
        _refused(target, altered, f"„{member}“ stimmt nicht – .* wurde verändert")
        assert not (target.home / "bilder").exists()


@pytest.mark.parametrize("name", ["../boese.png", "sub/boese.png", ".boese.png", "boese.exe"])
def test_unsafe_image_names_are_refused(
    target: KnowledgeBase, pack: Path, tmp_path: Path, name: str
) -> None:
    member = "images/" + name
    manifest = _manifest(pack)
    manifest["files"][member] = {"size": 3, "sha256": hashlib.sha256(b"bad").hexdigest()}
    changes: dict[str, bytes | None] = {"manifest.json": json.dumps(manifest).encode()}
    changes[member] = b"bad"
    _refused(target, _rewrite(pack, tmp_path / "namen.zip", changes), "unzulässigen Bildnamen")
    assert not (target.home / "bilder").exists()


def test_the_import_summary_counts_in_german() -> None:
    one = PackImport(collections=("Bau",), unchanged=1, chunks=1, vectors=1, images=1)
    assert one.summary().endswith("1 Abschnitt, 1 Vektor, 1 Bild übernommen")
    two = PackImport(collections=("Bau",), added=2, chunks=2, vectors=0)
    assert two.summary().endswith("2 Abschnitte, 0 Vektoren übernommen")
