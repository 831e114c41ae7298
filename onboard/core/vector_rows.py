"""The embeddings table: vectors per chunk and embedder, document openings, change counter."""

import numpy as np
from sqlite_utils import Database

from onboard.core.chunk_rows import CHUNK_SELECT, StoredChunk, stored_chunk

# The first chunk of a document that has more chunks (its opening vector is stored with it).
_FIRST_OF_SEVERAL = (
    "k.seq = (SELECT MIN(f.seq) FROM chunks f WHERE f.document_id = k.document_id) "
    "AND EXISTS (SELECT 1 FROM chunks o WHERE o.document_id = k.document_id AND o.id != k.id)"
)


def note_change(db: Database) -> None:
    """Bump the change counter that in-memory caches (vector matrices, hidden documents)
    compare against."""
    db.execute(
        "INSERT INTO settings(key, value) VALUES ('change_counter', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


class VectorRows:
    """The store's reads and writes of vectors (a part of Store)."""

    db: Database

    def chunks_without_vector(self, embedder: str, *, limit: int) -> list[StoredChunk]:
        """Chunks that have no vector from this embedder yet."""
        rows = self.db.execute(
            f"{CHUNK_SELECT} WHERE NOT EXISTS (SELECT 1 FROM embeddings e "
            "WHERE e.chunk_id = k.id AND e.embedder = ?) ORDER BY k.id LIMIT ?",
            [embedder, limit],
        ).fetchall()
        return [stored_chunk(row) for row in rows]

    def count_without_vector(self, embedder: str) -> int:
        """How many chunks still wait for a vector from this embedder."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM chunks k WHERE NOT EXISTS (SELECT 1 FROM embeddings e "
            "WHERE e.chunk_id = k.id AND e.embedder = ?)",
            [embedder],
        ).fetchone()
        return int(row[0])

    def add_vectors(self, embedder: str, chunk_ids: list[int], vectors: np.ndarray) -> None:
        """Store vectors (float32) for chunks, tagged with the embedder's identity."""
        matrix = np.asarray(vectors, dtype=np.float32)
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO embeddings(chunk_id, embedder, vector) VALUES (?, ?, ?)",
                [(cid, embedder, matrix[i].tobytes()) for i, cid in enumerate(chunk_ids)],
            )
            self._note_change()

    # document openings ---------------------------------------------------------
    def openings_without_vector(
        self, embedder: str, *, limit: int, chars: int, after: int = 0
    ) -> list[tuple[int, str, str]]:
        """Documents of more than one chunk without an opening vector from this embedder:
        (id of their first chunk, title, first chars of their text), first chunk ids above
        after (so that a long run does not scan what it has done again)."""
        rows = self.db.execute(
            "SELECT k.id, d.title, substr(d.text, 1, ?) FROM chunks k "
            f"JOIN documents d ON d.id = k.document_id WHERE k.id > ? AND {_FIRST_OF_SEVERAL} "
            "AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.chunk_id = k.id "
            "AND e.embedder = ?) ORDER BY k.id LIMIT ?",
            [chars, after, embedder, limit],
        ).fetchall()
        return [(int(row[0]), str(row[1]), str(row[2])) for row in rows]

    def count_openings_without_vector(self, embedder: str) -> int:
        """How many documents of more than one chunk still wait for an opening vector."""
        row = self.db.execute(
            f"SELECT COUNT(*) FROM chunks k WHERE {_FIRST_OF_SEVERAL} AND NOT EXISTS "
            "(SELECT 1 FROM embeddings e WHERE e.chunk_id = k.id AND e.embedder = ?)",
            [embedder],
        ).fetchone()
        return int(row[0])

    def copy_single_chunk_vectors(self, source: str, target: str) -> int:
        """A one-chunk document's opening is its chunk: copy that chunk's vector from the
        source embedder to the target identity where it is missing; returns how many."""
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO embeddings(chunk_id, embedder, vector) "
                "SELECT e.chunk_id, ?, e.vector FROM embeddings e JOIN chunks k "
                "ON k.id = e.chunk_id WHERE e.embedder = ? AND NOT EXISTS (SELECT 1 FROM "
                "chunks o WHERE o.document_id = k.document_id AND o.id != k.id) AND NOT EXISTS "
                "(SELECT 1 FROM embeddings t WHERE t.chunk_id = e.chunk_id AND t.embedder = ?)",
                [target, source, target],
            )
            if cursor.rowcount:
                self._note_change()
        return int(cursor.rowcount)

    def load_vectors(self, embedder: str) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
        """All vectors of one embedder: (chunk ids, matrix, collection name and document id per
        row)."""
        rows = self.db.execute(
            "SELECT e.chunk_id, e.vector, c.name, k.document_id FROM embeddings e "
            "JOIN chunks k ON k.id = e.chunk_id JOIN documents d ON d.id = k.document_id "
            "JOIN collections c ON c.id = d.collection_id WHERE e.embedder = ? "
            "ORDER BY e.chunk_id",
            [embedder],
        ).fetchall()
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return empty, np.zeros((0, 0), dtype=np.float32), [], empty
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        documents = np.fromiter((row[3] for row in rows), dtype=np.int64, count=len(rows))
        matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
        return ids, matrix.reshape(len(rows), -1), [str(row[2]) for row in rows], documents

    def vector_generation(self, embedder: str) -> tuple[int, int]:
        """A fingerprint of an embedder's vectors: (change counter, count)."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM embeddings WHERE embedder = ?", [embedder]
        ).fetchone()
        counter = self.db.execute(
            "SELECT value FROM settings WHERE key = 'change_counter'"
        ).fetchone()
        return int(counter[0]) if counter else 0, int(row[0])

    def _note_change(self) -> None:
        """Bump the change counter that in-memory caches compare against."""
        note_change(self.db)

    def drop_vectors_except(self, embedders: list[str]) -> int:
        """Delete vectors of every other embedder (a changed embedder means re-embedding)."""
        marks = ", ".join("?" for _ in embedders)
        cursor = self.db.execute(
            f"DELETE FROM embeddings WHERE embedder NOT IN ({marks})", embedders
        )
        self._note_change()
        return int(cursor.rowcount)
