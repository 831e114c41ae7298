"""Writing a knowledge pack: the chosen collections' rows, vectors and a checked manifest."""

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
from sqlite_utils import Database

from onboard.core.kb import KnowledgeBase
from onboard.core.pack_format import (
    CORE_TABLES,
    DOCUMENT_COLUMN,
    IMAGE_PREFIX,
    MANIFEST,
    PAGE_TABLES,
    READ_BLOCK,
    Manifest,
    PackError,
    has_document_column,
    is_image_name,
    table_file,
)
from onboard.core.pages import IMAGE_FOLDER
from onboard.core.store import now_iso

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PACK_MODE = 0o644
DOCUMENTS_OF = (
    "SELECT d.id FROM documents d JOIN collections c ON c.id = d.collection_id "
    "WHERE c.name IN ({marks})"
)
CHUNKS_OF = "SELECT k.id FROM chunks k WHERE k.document_id IN (" + DOCUMENTS_OF + ")"
IMAGE_LINK = re.compile(
    r"""(?:\]\(\s*<?|\bsrc\s*=\s*["'])(?:\./)?""" + IMAGE_FOLDER + r"""/([^\s)>"'#?]+)"""
)


@dataclass(frozen=True)
class PackInfo:
    """A written pack: its path, size in bytes and manifest."""

    path: Path
    size_bytes: int
    manifest: Manifest


def export_pack(kb: KnowledgeBase, collections: list[str], target: Path) -> PackInfo:
    """Write the collections with documents, chunks, vectors and pages into one zip file."""
    names = list(dict.fromkeys(collections))
    _check_collections(kb.store.db, names)
    if not target.name or target.is_dir():
        example = target / "wissen.zip"
        raise PackError(
            f"„{target}“ ist ein Ordner. Bitte einen Dateinamen angeben, z. B. „{example}“."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as raw, kb.store.transaction():
            manifest = _write_zip(kb.store.db, names, raw, kb.home / IMAGE_FOLDER)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temp_name, PACK_MODE)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return PackInfo(target, target.stat().st_size, manifest)


def _check_collections(db: Database, names: list[str]) -> None:
    """Every named collection must exist."""
    if not names:
        raise PackError("Bitte mindestens eine Sammlung für das Wissenspaket angeben.")
    known = [str(row[0]) for row in db.execute("SELECT name FROM collections ORDER BY name")]
    for name in names:
        if name not in known:
            available = ", ".join(known) or "keine"
            raise PackError(f"Die Sammlung „{name}“ gibt es nicht (vorhanden: {available}).")


def _write_zip(db: Database, names: list[str], raw: IO[bytes], images: Path) -> Manifest:
    """Tables as JSON lines, vectors as .npy, linked images, then the checked manifest."""
    files: dict[str, tuple[int, str]] = {}
    counts: dict[str, int] = {}
    tables = [*CORE_TABLES, *(t for t in PAGE_TABLES if has_document_column(db, t))]
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            lines = _json_lines(_export_rows(db, table, names))
            counts[table] = _write_member(archive, table_file(table), lines, files)
        embedders = [
            _write_vectors(archive, db, names, identity, number, files)
            for number, identity in enumerate(_embedder_identities(db, names))
        ]
        counts["vectors"] = sum(int(entry["count"]) for entry in embedders)
        found, missing = _write_images(archive, images, _image_names(db, names, tables), files)
        counts["images"] = found
        manifest = Manifest(
            now_iso(), tuple(names), tuple(tables), counts, tuple(embedders), files, missing
        )
        text = json.dumps(manifest.as_json(), ensure_ascii=False, indent=2)
        archive.writestr(_zip_info(MANIFEST), text.encode())
    return manifest


def _export_rows(db: Database, table: str, names: list[str]) -> Iterator[dict[str, Any]]:
    """The rows of a table that belong to the named collections, in id order."""
    marks = ",".join("?" * len(names))
    if table == "collections":
        where = f"name IN ({marks})"
    elif table == "chunks":
        where = f"id IN ({CHUNKS_OF.format(marks=marks)})"
    else:
        column = "id" if table == "documents" else DOCUMENT_COLUMN
        where = f"{column} IN ({DOCUMENTS_OF.format(marks=marks)})"
    cursor = db.execute(f"SELECT * FROM [{table}] WHERE {where} ORDER BY rowid", names)
    columns = [description[0] for description in cursor.description]
    for row in cursor:
        yield dict(zip(columns, row, strict=True))


def _image_names(db: Database, names: list[str], tables: list[str]) -> list[str]:
    """Images in the images folder that the exported pages (and their versions) link to."""
    found: set[str] = set()
    for table in (t for t in PAGE_TABLES if t in tables):
        for row in _export_rows(db, table, names):
            for name in IMAGE_LINK.findall(str(row.get("markdown") or "")):
                if is_image_name(name):
                    found.add(name)
    return sorted(found)


def _write_images(
    archive: zipfile.ZipFile, folder: Path, names: list[str], files: dict[str, tuple[int, str]]
) -> tuple[int, tuple[str, ...]]:
    """Copy the linked images into the pack; returns how many and the names missing on disk."""
    missing: list[str] = []
    for name in names:
        try:
            image = (folder / name).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            missing.append(name)
            continue
        except OSError as error:
            raise PackError(f"Das Bild „{name}“ kann nicht gelesen werden ({error}).") from error
        with image:
            _write_member(archive, IMAGE_PREFIX + name, _blocks(image), files, stored=True)
    return len(names) - len(missing), tuple(missing)


def _blocks(handle: IO[bytes]) -> Iterator[bytes]:
    """A file's bytes in blocks."""
    while block := handle.read(READ_BLOCK):
        yield block


def _json_lines(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """One compact JSON object a line, UTF-8."""
    for row in rows:
        yield (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _zip_info(name: str, *, stored: bool = False) -> zipfile.ZipInfo:
    """A member with a fixed date, so equal content gives equal bytes."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _write_member(
    archive: zipfile.ZipFile,
    name: str,
    pieces: Iterable[bytes],
    files: dict[str, tuple[int, str]],
    *,
    stored: bool = False,
) -> int:
    """Stream pieces into a member, note its size and sha256; returns the number of pieces."""
    digest, size, count = hashlib.sha256(), 0, 0
    with archive.open(_zip_info(name, stored=stored), "w", force_zip64=True) as member:
        for piece in pieces:
            member.write(piece)
            digest.update(piece)
            size, count = size + len(piece), count + 1
    files[name] = (size, digest.hexdigest())
    return count


def _embedder_identities(db: Database, names: list[str]) -> list[str]:
    """Embedder identities with vectors for chunks of the named collections."""
    marks = ",".join("?" * len(names))
    rows = db.execute(
        f"SELECT DISTINCT embedder FROM embeddings WHERE chunk_id IN "
        f"({CHUNKS_OF.format(marks=marks)}) ORDER BY embedder",
        names,
    ).fetchall()
    return [str(row[0]) for row in rows]


def _write_vectors(
    archive: zipfile.ZipFile,
    db: Database,
    names: list[str],
    identity: str,
    number: int,
    files: dict[str, tuple[int, str]],
) -> dict[str, Any]:
    """One embedder's vectors (float32 matrix) and their chunk ids as two .npy members."""
    marks = ",".join("?" * len(names))
    rows = db.execute(
        f"SELECT chunk_id, vector FROM embeddings WHERE embedder = ? AND chunk_id IN "
        f"({CHUNKS_OF.format(marks=marks)}) ORDER BY chunk_id",
        [identity, *names],
    ).fetchall()
    if len({len(row[1]) for row in rows}) != 1 or len(rows[0][1]) % 4:
        raise PackError(f"Die Vektoren von „{identity}“ haben keine einheitliche Länge.")
    matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    entry: dict[str, Any] = {"identity": identity, "dim": len(matrix) // len(rows)}
    entry["count"] = len(rows)
    for key, array in (("vectors", matrix.reshape(len(rows), -1)), ("chunk_ids", ids)):
        entry[key] = f"vectors/{number}-{key}.npy"
        _write_member(archive, entry[key], [_npy_bytes(array)], files, stored=True)
    return entry


def _npy_bytes(array: np.ndarray) -> bytes:
    """An array in .npy format."""
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()
