"""Knowledge packs: approved collections exported to one checked zip file and imported."""

import os
import sqlite3
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlite_utils import Database

from onboard.core.consistency import FULLTEXT_PENDING
from onboard.core.ingest import CancelFlag, Progress
from onboard.core.kb import KnowledgeBase
from onboard.core.pack_export import PackInfo, export_pack
from onboard.core.pack_format import (
    DOCUMENT_COLUMN,
    PAGE_TABLES,
    Manifest,
    PackContent,
    PackError,
    columns_of,
    copy_member,
    has_document_column,
    open_zip,
    read_pack,
    verify_pack,
    verify_steps,
)
from onboard.core.pages import images_dir
from onboard.core.store import READ_ONLY_MESSAGE
from onboard.core.vector_rows import note_change
from onboard.core.wording import counted

BATCH = 500


# Said after an import that took collections over from folders synced before.
UNSYNCED_NOTE = (
    "Diese Ordner werden nicht mehr abgeglichen, weil ihre Sammlungen jetzt aus dem "
    "Wissenspaket kommen (ein erneutes „onboard ingest ORDNER“ nimmt einen wieder auf):"
)


@dataclass
class PackImport:
    """What an import changed: documents added, updated, unchanged, removed; chunks etc."""

    collections: tuple[str, ...] = ()
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    vectors: int = 0
    images: int = 0
    cancelled: bool = False
    unsynced: tuple[str, ...] = ()  # imported folders of these collections, no longer synced

    def summary(self) -> str:
        """One German line, then the folders no longer synced (if any)."""
        if self.cancelled:
            return "Import des Wissenspakets abgebrochen – nichts wurde geändert."
        images = f", {counted(self.images, 'Bild', 'Bilder')}" if self.images else ""
        line = (
            f"Sammlungen {', '.join(self.collections)}: {self.added} neu, "
            f"{self.updated} aktualisiert, {self.unchanged} unverändert, {self.removed} entfernt; "
            f"{counted(self.chunks, 'Abschnitt', 'Abschnitte')}, "
            f"{counted(self.vectors, 'Vektor', 'Vektoren')}{images} übernommen"
        )
        if not self.unsynced:
            return line
        return "\n".join([line, UNSYNCED_NOTE, *(f"  {path}" for path in self.unsynced)])


# import ---------------------------------------------------------------------------------------
def import_pack(
    kb: KnowledgeBase, path: Path, *, cancel: CancelFlag | None = None
) -> Generator[Progress, None, PackImport]:
    """Verify a pack, then make its collections exactly the pack's; nothing changes on error.

    Other collections stay untouched; ids are assigned anew. The pages' images are checked
    into temp files first and moved into the images folder once the store changes are
    committed (a file of the same name is kept: names start with the content hash).
    The full-text index is rebuilt for the changed documents afterwards (the pending mark
    covers a crash in between).
    """
    if kb.store.read_only:
        raise PackError(READ_ONLY_MESSAGE)
    manifest = yield from verify_steps(path)
    content = read_pack(path, manifest)
    if cancel is not None and cancel.cancelled:
        return PackImport(manifest.collections, cancelled=True)
    yield Progress(0, 2, path.name, "Übernehmen")
    staged = _stage_images(path, manifest, images_dir(kb))
    try:
        result = _apply(kb, content)
        result.images = _place_images(staged)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    yield Progress(1, 2, path.name, "Volltextindex")
    kb.reconcile(force=True)
    yield Progress(2, 2, path.name, "Volltextindex")
    return result


def _apply(kb: KnowledgeBase, content: PackContent) -> PackImport:
    """All store changes of an import in one transaction."""
    result = PackImport(content.manifest.collections)
    first_free = _first_free_document_id(kb)
    try:
        with kb.store.transaction():
            kb.store.set_setting(FULLTEXT_PENDING, "1")
            placer = _Placer(kb.store.db, content, result, first_free)
            placer.check_origins()
            collections = placer.collections()
            placer.documents(collections)
            _remove_others(kb, list(collections.values()), set(placer.doc_ids.values()), result)
            result.unsynced = _forget_sources(kb.store.db, list(collections.values()))
            _replace_pages(kb.store.db, content, placer.doc_ids)
            result.vectors = _insert_vectors(kb.store.db, content, placer.chunk_ids)
            note_change(kb.store.db)
    except sqlite3.Error as error:
        message = f"Das Wissenspaket passt nicht zu dieser Wissensdatenbank ({error})."
        raise PackError(message) from error
    return result


def _stage_images(path: Path, manifest: Manifest, folder: Path) -> list[tuple[Path, Path]]:
    """The pack's images not yet in the folder, checked into temp files there: (temp, target)."""
    wanted = {m: n for m, n in manifest.images().items() if not (folder / n).exists()}
    staged: list[tuple[Path, Path]] = []
    if not wanted:
        return staged
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open_zip(path) as archive:
            for member, name in wanted.items():
                handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
                staged.append((Path(temp_name), folder / name))
                with os.fdopen(handle, "wb") as out:
                    copy_member(archive, manifest, member, out)
    except BaseException as error:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            message = f"Die Bilder können nicht nach „{folder}“ geschrieben werden ({error})."
            raise PackError(message) from error
        raise
    return staged


def _place_images(staged: list[tuple[Path, Path]]) -> int:
    """Move the staged images into place (a file already there is kept); returns how many."""
    placed = 0
    for temp, target in staged:
        if not target.exists():
            os.replace(temp, target)
            placed += 1
    return placed


def _first_free_document_id(kb: KnowledgeBase) -> int:
    """Above every id in the store and the full-text index: new keys never meet stale entries."""
    row = kb.store.db.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()
    keys = kb.fulltext.keys()
    indexed = [int(key.split(":")[0]) for key in keys]
    return max([int(row[0]), *indexed]) + 1


class _Placer:
    """Writes the pack's collections, documents and chunks, remembering the new ids."""

    def __init__(
        self, db: Database, content: PackContent, result: PackImport, first_free: int
    ) -> None:
        """Bind to the store and the pack; new documents get ids from first_free on."""
        self.db, self.content, self.result, self.next_id = db, content, result, first_free
        self.doc_ids: dict[int, int] = {}
        self.chunk_ids: dict[int, int] = {}
        self.existing = _documents_by_origin(db, [r["origin"] for r in content.rows["documents"]])

    def check_origins(self) -> None:
        """Refuse documents that this knowledge base keeps in a collection outside the pack."""
        for origin, row in self.existing.items():
            if row["collection_name"] not in self.content.manifest.collections:
                raise PackError(
                    f"Das Dokument „{origin}“ liegt hier in der Sammlung "
                    f"„{row['collection_name']}“, die nicht im Wissenspaket ist. "
                    "Bitte es dort zuerst entfernen."
                )

    def collections(self) -> dict[int, int]:
        """Create or update the pack's collections; pack id → id here."""
        columns = columns_of(self.db, "collections")
        mapping: dict[int, int] = {}
        for row in self.content.rows["collections"]:
            values = _fit(row, columns, drop=("id",))
            found = self.db.execute("SELECT id FROM collections WHERE name = ?", [row["name"]])
            existing = found.fetchone()
            if existing:
                _update(self.db, "collections", int(existing[0]), values)
                mapping[int(row["id"])] = int(existing[0])
            else:
                mapping[int(row["id"])] = _insert(self.db, "collections", values)
        return mapping

    def documents(self, collections: dict[int, int]) -> None:
        """Insert new documents, replace changed ones, keep identical ones (with their ids)."""
        columns = columns_of(self.db, "documents")
        chunks = _group(self.content.rows["chunks"], DOCUMENT_COLUMN)
        for row in self.content.rows["documents"]:
            values = _fit(row, columns, drop=("id",))
            values["collection_id"] = collections[int(row["collection_id"])]
            self._document(int(row["id"]), values, chunks.get(int(row["id"]), []))
        self.result.chunks = len(self.chunk_ids)

    def _document(self, pack_id: int, values: dict[str, Any], chunks: list[dict[str, Any]]) -> None:
        """Place one document and its chunks."""
        old = self.existing.get(values["origin"])
        if old is not None and self._same(old, values, chunks):
            self.doc_ids[pack_id] = int(old["id"])
            self.result.unchanged += 1
            return
        if old is None:
            document_id, self.next_id = self.next_id, self.next_id + 1
            _insert(self.db, "documents", {"id": document_id, **values})
            self.result.added += 1
        else:
            document_id = int(old["id"])
            values["version"] = max(int(values.get("version", 1)), int(old["version"]) + 1)
            _update(self.db, "documents", document_id, values)
            self.db.execute("DELETE FROM chunks WHERE document_id = ?", [document_id])
            self.result.updated += 1
        self.doc_ids[pack_id] = document_id
        columns = columns_of(self.db, "chunks")
        for chunk in chunks:
            values = {**_fit(chunk, columns, drop=("id",)), DOCUMENT_COLUMN: document_id}
            self.chunk_ids[int(chunk["id"])] = _insert(self.db, "chunks", values)

    def _same(self, old: dict[str, Any], values: dict[str, Any], chunks: list[Any]) -> bool:
        """Whether a stored document equals the pack's (its version aside); maps its chunks."""
        if any(old.get(key) != value for key, value in values.items() if key != "version"):
            return False
        stored = list(
            self.db.query("SELECT * FROM chunks WHERE document_id = ? ORDER BY seq", [old["id"]])
        )
        packed = sorted(chunks, key=lambda chunk: int(chunk["seq"]))
        skip = ("id", DOCUMENT_COLUMN)
        columns = [key for key in stored[0] if key not in skip] if stored else []
        if len(stored) != len(packed) or any(
            _fit(s, columns, drop=skip) != _fit(p, columns, drop=skip)
            for s, p in zip(stored, packed, strict=True)
        ):
            return False
        self.chunk_ids.update(
            (int(p["id"]), int(s["id"])) for s, p in zip(stored, packed, strict=True)
        )
        return True


def _documents_by_origin(db: Database, origins: list[str]) -> dict[str, dict[str, Any]]:
    """Documents here with one of these origins, with their collection's name."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(origins), BATCH):
        batch = origins[start : start + BATCH]
        rows = db.query(
            "SELECT d.*, c.name AS collection_name FROM documents d "
            "JOIN collections c ON c.id = d.collection_id "
            f"WHERE d.origin IN ({','.join('?' * len(batch))})",
            batch,
        )
        found.update((str(row["origin"]), row) for row in rows)
    return found


def _remove_others(
    kb: KnowledgeBase, collection_ids: list[int], keep: set[int], result: PackImport
) -> None:
    """Documents of the pack's collections that the pack does not hold are removed."""
    marks = ",".join("?" * len(collection_ids))
    rows = kb.store.db.execute(
        f"SELECT id FROM documents WHERE collection_id IN ({marks}) ORDER BY id", collection_ids
    ).fetchall()
    for (document_id,) in rows:
        if int(document_id) not in keep:
            _delete_page_rows(kb.store.db, [int(document_id)])
            kb.store.delete_document(int(document_id))
            result.removed += 1


def _forget_sources(db: Database, collection_ids: list[int]) -> tuple[str, ...]:
    """Folders once imported into the pack's collections are no longer synced into them: the
    pack is the approved state, a later `sync` must not bring other files back. Returns their
    paths."""
    marks = ",".join("?" * len(collection_ids))
    where = f"FROM sources WHERE collection_id IN ({marks})"
    paths = tuple(
        str(row[0]) for row in db.execute(f"SELECT path {where} ORDER BY path", collection_ids)
    )
    db.execute(f"DELETE {where}", collection_ids)
    return paths


def _replace_pages(db: Database, content: PackContent, doc_ids: dict[int, int]) -> None:
    """Page rows of the pack's documents become the pack's (tables this store lacks are skipped)."""
    _delete_page_rows(db, list(doc_ids.values()))
    for table in PAGE_TABLES:
        if not has_document_column(db, table):
            continue
        columns = columns_of(db, table)
        drop = tuple(key for key in _integer_keys(db, table) if key != DOCUMENT_COLUMN)
        for row in content.rows.get(table, []):
            values = _fit(row, columns, drop=drop)
            values[DOCUMENT_COLUMN] = doc_ids[int(row[DOCUMENT_COLUMN])]
            _insert(db, table, values)


def _delete_page_rows(db: Database, document_ids: list[int]) -> None:
    """Delete the page rows of documents (children first)."""
    for table in reversed(PAGE_TABLES):
        if not has_document_column(db, table):
            continue
        for start in range(0, len(document_ids), BATCH):
            batch = document_ids[start : start + BATCH]
            marks = ",".join("?" * len(batch))
            db.execute(f"DELETE FROM [{table}] WHERE {DOCUMENT_COLUMN} IN ({marks})", batch)


def _insert_vectors(db: Database, content: PackContent, chunk_ids: dict[int, int]) -> int:
    """Store the pack's vectors under their embedder identities; returns how many."""
    count = 0
    for identity, ids, matrix in content.vectors:
        db.conn.executemany(
            "INSERT OR REPLACE INTO embeddings(chunk_id, embedder, vector) VALUES (?, ?, ?)",
            (
                (chunk_ids[int(pack_id)], identity, np.ascontiguousarray(vector).tobytes())
                for pack_id, vector in zip(ids, matrix, strict=True)
            ),
        )
        count += len(ids)
    return count


# table helpers --------------------------------------------------------------------------------
def _integer_keys(db: Database, table: str) -> list[str]:
    """The table's INTEGER PRIMARY KEY column (the rowid), if it has one."""
    rows = db.execute(f"PRAGMA table_info([{table}])").fetchall()
    keys = [row for row in rows if int(row[5]) > 0]
    return [str(keys[0][1])] if len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER" else []


def _fit(row: dict[str, Any], columns: list[str], *, drop: tuple[str, ...]) -> dict[str, Any]:
    """The row's values for columns this table has, without the dropped ones."""
    return {key: value for key, value in row.items() if key in columns and key not in drop}


def _group(rows: list[dict[str, Any]], column: str) -> dict[int, list[dict[str, Any]]]:
    """Rows grouped by an integer column, in their order."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(int(row[column]), []).append(row)
    return groups


def _insert(db: Database, table: str, values: dict[str, Any]) -> int:
    """Insert one row; returns its rowid."""
    names = ", ".join(f"[{key}]" for key in values)
    marks = ", ".join("?" * len(values))
    cursor = db.execute(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", list(values.values()))
    return int(cursor.lastrowid or 0)


def _update(db: Database, table: str, row_id: int, values: dict[str, Any]) -> None:
    """Update one row by id."""
    if values:
        assignments = ", ".join(f"[{key}] = ?" for key in values)
        db.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), row_id])


__all__ = [
    "Manifest",
    "PackError",
    "PackImport",
    "PackInfo",
    "export_pack",
    "import_pack",
    "verify_pack",
]
