"""The SQLite store (sqlite-utils, WAL): collections, documents, chunks, settings; vectors come
from VectorRows."""

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from onboard.core.chunk_rows import (
    CHUNK_SELECT,
    HEADING_SEPARATOR,
    StoredChunk,
    doc_key,
    stored_chunk,
)
from onboard.core.chunking import Chunk
from onboard.core.documents import ParsedDocument
from onboard.core.metadata import DRAFT, merged_with_file
from onboard.core.migrations import blocks_reading, migrations
from onboard.core.vector_rows import VectorRows

METADATA_FIELDS = ("owner", "review_date", "stand", "valid_until", "audience", "status")


def now_iso() -> str:
    """The current UTC time as an ISO string (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class ReadOnlyError(Exception):
    """A write to a knowledge base that is opened read-only; the message is German."""


class StoreDamagedError(Exception):
    """The database file is damaged or is not a knowledge base; the message is German."""


def damaged_store_message(path: Path) -> str:
    """German: the store cannot be read, and what to do."""
    return (
        f"Die Datei „{path}“ ist beschädigt oder keine Onboard-Wissensdatenbank. Bitte "
        "stellen Sie eine Sicherung wieder her (Befehl „onboard restore“) oder wenden Sie "
        "sich an die IT."
    )


# How long a write waits for another program's write (SQLite's busy timeout).
STORE_WAIT_SECONDS = 30.0

READ_ONLY_MESSAGE = (
    "Diese Wissensdatenbank ist schreibgeschützt (von der IT so eingerichtet, ohne "
    "Schreibrechte im Datenordner oder weil das Laufwerk voll ist). "
    "Änderungen sind hier nicht möglich."
)


class Store(VectorRows):
    """All reads and writes of the knowledge-base database."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """Open (or create) the database, switch on WAL and foreign keys, apply migrations.

        Read-only: opened without writing anything (a pack on a network share); the schema
        must already be current.
        """
        self.path = path
        self.read_only = read_only
        try:
            self._open(path)
        except sqlite3.DatabaseError as error:
            if hasattr(self, "db"):
                self.db.close()  # a restore may then replace the file (Windows)
            if isinstance(error, sqlite3.OperationalError):  # locked, no access: not damage
                raise
            raise StoreDamagedError(damaged_store_message(path)) from error

    def _open(self, path: Path) -> None:
        """Connect, then check or bring the schema up to date (see __init__)."""
        read_only = self.read_only
        self.db = Database(_read_only_connection(path) if read_only else _connection(path))
        self.db.execute("PRAGMA foreign_keys = ON")
        if read_only:
            if blocks_reading(self.db):
                raise ReadOnlyError(
                    "Die schreibgeschützte Wissensdatenbank stammt von einer älteren "
                    "Programmversion. Die IT muss sie einmal mit Schreibrechten öffnen."
                )
            return
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.enable_wal()
        migrations.apply(self.db)

    def require_writable(self) -> None:
        """Raise ReadOnlyError when the store was opened read-only."""
        if self.read_only:
            raise ReadOnlyError(READ_ONLY_MESSAGE)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them land or none."""
        with self.db.atomic():
            yield

    # settings -----------------------------------------------------------------
    def get_setting(self, key: str, default: str = "") -> str:
        """A stored setting, or the default."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting."""
        self.db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # collections --------------------------------------------------------------
    def ensure_collection(self, name: str) -> int:
        """The id of the named collection, creating it if needed."""
        row = self.db.execute("SELECT id FROM collections WHERE name = ?", [name]).fetchone()
        if row:
            return int(row[0])
        cursor = self.db.execute(
            "INSERT INTO collections(name, created_at) VALUES (?, ?)", [name, now_iso()]
        )
        return int(cursor.lastrowid or 0)

    def collection_id(self, name: str) -> int | None:
        """The id of a collection by name, or None."""
        row = self.db.execute("SELECT id FROM collections WHERE name = ?", [name]).fetchone()
        return int(row[0]) if row else None

    def collections(self) -> list[dict[str, Any]]:
        """All collections with their document, draft and chunk counts."""
        return list(
            self.db.query(
                "SELECT c.*, COUNT(DISTINCT d.id) AS documents, "
                "COUNT(DISTINCT CASE WHEN d.status = ? THEN d.id END) AS drafts, "
                "COUNT(k.id) AS chunks "
                "FROM collections c LEFT JOIN documents d ON d.collection_id = c.id "
                "LEFT JOIN chunks k ON k.document_id = d.id GROUP BY c.id ORDER BY c.name",
                [DRAFT],
            )
        )

    def collection_contact(self, name: str) -> str:
        """'Name, Unit, phone, mail' of a collection's contact ('' if none is set)."""
        row = self.db.execute(
            "SELECT contact_name, contact_unit, contact_phone, contact_email FROM collections "
            "WHERE name = ?",
            [name],
        ).fetchone()
        return ", ".join(str(part) for part in row if part) if row else ""

    def collection(self, name: str) -> dict[str, Any] | None:
        """One collection row by name."""
        rows = list(self.db.query("SELECT * FROM collections WHERE name = ?", [name]))
        return rows[0] if rows else None

    def set_collection_fields(self, name: str, values: dict[str, str]) -> None:
        """Update a collection's name, description or contact columns."""
        self.db.table("collections").update(int(self.collection_id(name) or 0), values)
        self._note_change()

    def delete_collection(self, name: str) -> list[str]:
        """Delete a collection with its documents; returns their document-version keys."""
        rows = self.db.execute(
            "SELECT d.id, d.version FROM documents d JOIN collections c "
            "ON c.id = d.collection_id WHERE c.name = ?",
            [name],
        ).fetchall()
        self.db.execute("DELETE FROM collections WHERE name = ?", [name])
        self._note_change()
        return [doc_key(int(i), int(v)) for i, v in rows]

    def document_ids_of_collection(self, name: str) -> list[int]:
        """Ids of the documents in a collection."""
        rows = self.db.execute(
            "SELECT d.id FROM documents d JOIN collections c ON c.id = d.collection_id "
            "WHERE c.name = ?",
            [name],
        ).fetchall()
        return [int(row[0]) for row in rows]

    # metadata -----------------------------------------------------------------
    def update_metadata(self, document_id: int, values: dict[str, str]) -> None:
        """Store checked metadata of a document (no re-indexing needed: filters read it)."""
        self.db.table("documents").update(document_id, values)
        self._note_change()

    def hidden_documents(
        self, *, drafts: bool, expired_before: str | None
    ) -> list[tuple[int, int]]:
        """(id, version) of documents to leave out: drafts, and those valid only until before
        the given ISO date."""
        conditions = []
        params: list[str] = []
        if drafts:
            conditions.append("status = ?")
            params.append(DRAFT)
        if expired_before:
            conditions.append("(valid_until != '' AND valid_until < ?)")
            params.append(expired_before)
        if not conditions:
            return []
        rows = self.db.execute(
            f"SELECT id, version FROM documents WHERE {' OR '.join(conditions)}", params
        ).fetchall()
        return [(int(i), int(v)) for i, v in rows]

    # feedback -----------------------------------------------------------------
    def add_feedback(self, row: dict[str, Any]) -> int:
        """Store one feedback row; returns its id."""
        self.require_writable()
        cursor = self.db.table("feedback").insert({"created_at": now_iso(), **row})
        return int(cursor.last_pk or 0)

    def feedback(self, *, collection: str | None = None) -> list[dict[str, Any]]:
        """Feedback rows, newest first (optionally of one collection)."""
        where, params = ("WHERE collection = ?", [collection]) if collection else ("", [])
        return list(self.db.query(f"SELECT * FROM feedback {where} ORDER BY id DESC", params))

    # sources ------------------------------------------------------------------
    def add_source(self, path: str, collection_id: int) -> None:
        """Remember an imported file or folder so that sync can revisit it."""
        self.db.execute(
            "INSERT INTO sources(path, collection_id) VALUES (?, ?) "
            "ON CONFLICT(path) DO UPDATE SET collection_id = excluded.collection_id",
            [path, collection_id],
        )

    def forget_source(self, path: str) -> None:
        """Stop revisiting an import source (its documents are gone)."""
        self.db.execute("DELETE FROM sources WHERE path = ?", [path])

    def relocate_source(self, old: str, new: str) -> int:
        """A source moved as a whole: its path and its documents' origins follow; returns how
        many documents."""
        old_prefix, new_prefix = old + os.sep, new + os.sep
        with self.transaction():
            moved = self.db.execute(
                "UPDATE documents SET origin = ? || substr(origin, ?) "
                "WHERE substr(origin, 1, ?) = ?",
                [new_prefix, len(old_prefix) + 1, len(old_prefix), old_prefix],
            ).rowcount
            self.db.execute("UPDATE sources SET path = ? WHERE path = ?", [new, old])
        self._note_change()
        return int(moved)

    def sources(self) -> list[tuple[str, str]]:
        """Registered import sources as (path, collection name)."""
        rows = self.db.execute(
            "SELECT s.path, c.name FROM sources s JOIN collections c ON c.id = s.collection_id "
            "ORDER BY s.path"
        ).fetchall()
        return [(str(path), str(name)) for path, name in rows]

    # documents ----------------------------------------------------------------
    def document_by_origin(self, origin: str) -> dict[str, Any] | None:
        """The document imported from this origin (path or benchmark id), if any."""
        rows = list(self.db.query("SELECT * FROM documents WHERE origin = ?", [origin]))
        return rows[0] if rows else None

    def document(self, document_id: int) -> dict[str, Any] | None:
        """One document row with its collection name."""
        rows = list(
            self.db.query(
                "SELECT d.*, c.name AS collection FROM documents d "
                "JOIN collections c ON c.id = d.collection_id WHERE d.id = ?",
                [document_id],
            )
        )
        return rows[0] if rows else None

    def documents(self, *, collection: str | None = None) -> list[dict[str, Any]]:
        """Document rows (without their text) with collection name and chunk count."""
        where, params = ("WHERE c.name = ?", [collection]) if collection else ("", [])
        return list(
            self.db.query(
                "SELECT d.id, d.origin, d.title, d.format, d.version, d.size_bytes, "
                "d.imported_at, d.changed_at, d.owner, d.review_date, d.stand, d.valid_until, "
                "d.audience, d.status, c.name AS collection, "
                "(SELECT COUNT(*) FROM chunks k WHERE k.document_id = d.id) AS chunks "
                f"FROM documents d JOIN collections c ON c.id = d.collection_id {where} "
                "ORDER BY c.name, d.title",
                params,
            )
        )

    def origins_under(self, prefix: str, collection: str | None = None) -> list[tuple[int, str]]:
        """(id, origin) of documents whose origin lies below a folder path (and that are in
        the named collection)."""
        rows = self.db.execute(
            "SELECT d.id, d.origin FROM documents d JOIN collections c ON c.id = d.collection_id "
            "WHERE substr(d.origin, 1, ?) = ? AND (? IS NULL OR c.name = ?)",
            [len(prefix), prefix, collection, collection],
        ).fetchall()
        return [(int(i), str(o)) for i, o in rows]

    def save_document(
        self,
        *,
        collection_id: int,
        origin: str,
        parsed: ParsedDocument,
        chunks: list[Chunk],
        content_hash: str,
        size_bytes: int,
        mtime_ns: int | None = None,
    ) -> tuple[int, int, int | None]:
        """Insert or replace a document and its chunks; returns (id, version, old version)."""
        in_file = {key: parsed.metadata[key] for key in METADATA_FIELDS if key in parsed.metadata}
        existing = self.document_by_origin(origin)
        metadata = (
            in_file if existing is None else merged_with_file(in_file, _header(existing), existing)
        )
        stamp = now_iso()
        values: dict[str, Any] = {
            "collection_id": collection_id,
            "origin": origin,
            "title": parsed.title,
            "format": parsed.format,
            "content_hash": content_hash,
            "size_bytes": size_bytes,
            "file_mtime_ns": mtime_ns,
            "changed_at": stamp,
            "text": parsed.full_text,
            "file_metadata": json.dumps(in_file, ensure_ascii=False),
            **metadata,
        }
        if existing is None:
            values.update(version=1, imported_at=stamp)
            document_id = int(self.db.table("documents").insert(values).last_pk or 0)
            old_version = None
        else:
            document_id = int(existing["id"])
            old_version = int(existing["version"])
            values["version"] = old_version + 1
            self.db.table("documents").update(document_id, values)
            self.db.execute("DELETE FROM chunks WHERE document_id = ?", [document_id])
        self.db.table("chunks").insert_all(
            {
                "document_id": document_id,
                "seq": chunk.seq,
                "text": chunk.text,
                "heading_path": HEADING_SEPARATOR.join(chunk.heading_path),
                "page": chunk.page,
                "char_start": chunk.char_start,
                "char_end": chunk.char_end,
            }
            for chunk in chunks
        )
        self._note_change()
        return document_id, int(values["version"]), old_version

    def documents_with_hash(self, content_hash: str) -> list[tuple[int, str]]:
        """(id, origin) of the documents with this content."""
        rows = self.db.execute(
            "SELECT id, origin FROM documents WHERE content_hash = ?", [content_hash]
        ).fetchall()
        return [(int(i), str(o)) for i, o in rows]

    def set_origin(self, document_id: int, origin: str, mtime_ns: int | None) -> None:
        """A document's file was found at a new place (moved or renamed)."""
        self.db.table("documents").update(
            document_id, {"origin": origin, "file_mtime_ns": mtime_ns}
        )
        self._note_change()

    def set_file_mtime(self, document_id: int, mtime_ns: int | None) -> None:
        """Remember a new modification time of an imported file whose content is unchanged."""
        self.db.table("documents").update(document_id, {"file_mtime_ns": mtime_ns})

    def move_document(self, document_id: int, collection_id: int) -> int:
        """Put a document into another collection as a new version; returns the old version."""
        row = self.db.execute(
            "SELECT version FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        self.db.execute(
            "UPDATE documents SET collection_id = ?, version = version + 1, changed_at = ? "
            "WHERE id = ?",
            [collection_id, now_iso(), document_id],
        )
        self._note_change()
        return int(row[0])

    def delete_document(self, document_id: int) -> int | None:
        """Delete a document (its chunks and vectors follow); returns its version. A file
        imported by itself is no longer revisited by a sync, which would bring it back."""
        row = self.db.execute(
            "SELECT version, origin FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if not row:
            return None
        self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        self.forget_source(str(row[1]))
        self._note_change()
        return int(row[0])

    def doc_keys(self) -> set[str]:
        """The document-version keys of everything in the store."""
        rows = self.db.execute("SELECT id, version FROM documents").fetchall()
        return {doc_key(int(i), int(v)) for i, v in rows}

    # chunks -------------------------------------------------------------------
    def chunks_of_documents(self, document_ids: Iterable[int]) -> list[StoredChunk]:
        """All chunks of the given documents, in document order."""
        sql = CHUNK_SELECT + "WHERE k.document_id IN ({marks}) ORDER BY k.document_id, k.seq"
        return [stored_chunk(row) for row in self._rows_for_ids(sql, document_ids)]

    def chunks_by_id(self, chunk_ids: Iterable[int]) -> dict[int, StoredChunk]:
        """Chunks by id (missing ids are left out)."""
        rows = self._rows_for_ids(CHUNK_SELECT + "WHERE k.id IN ({marks})", chunk_ids)
        chunks = (stored_chunk(row) for row in rows)
        return {chunk.chunk_id: chunk for chunk in chunks}

    def _rows_for_ids(self, sql: str, ids: Iterable[int]) -> list[Any]:
        """Rows of a query whose "{marks}" takes the ids, asked in batches of 500 (SQLite
        limits the number of parameters); batches keep the order of the ids."""
        wanted = list(ids)
        rows: list[Any] = []
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows.extend(self.db.execute(sql.format(marks=marks), batch).fetchall())
        return rows

    def count_chunks(self) -> int:
        """Number of chunks in the store."""
        return int(self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def documents_of_chunks(self, chunk_ids: Iterable[int]) -> dict[int, int]:
        """The document id of each chunk (missing ids are left out)."""
        rows = self._rows_for_ids(
            "SELECT id, document_id FROM chunks WHERE id IN ({marks})", chunk_ids
        )
        return {int(chunk_id): int(document_id) for chunk_id, document_id in rows}


def _connection(path: Path) -> sqlite3.Connection:
    """A read-write connection usable from several threads."""
    return sqlite3.connect(str(path), check_same_thread=False, timeout=STORE_WAIT_SECONDS)


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection; on a share where SQLite cannot lock, an immutable one."""
    if not path.exists():
        raise ReadOnlyError(f"Die Wissensdatenbank „{path}“ gibt es nicht.")
    uri = path.resolve().as_uri()
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
    return connection


def _header(document: dict[str, Any]) -> dict[str, str] | None:
    """The metadata of a document's file header as last imported (None: not recorded)."""
    recorded = document.get("file_metadata")
    return json.loads(recorded) if recorded is not None else None
