"""The knowledge-pack file format: manifest, checks of size and sha256, reading the content."""

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
from sqlite_utils import Database

from onboard.core.driving import run_to_end
from onboard.core.ingest import Progress
from onboard.core.pages import IMAGE_SUFFIXES

FORMAT_NAME = "onboard-pack"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CORE_TABLES = ("collections", "documents", "chunks")
PAGE_TABLES = ("pages", "page_versions")
DOCUMENT_COLUMN = "document_id"
IMAGE_PREFIX = "images/"
READ_BLOCK = 1 << 20
MAX_MANIFEST_BYTES = 16 << 20
DAMAGED = "Das Wissenspaket ist beschädigt oder unvollständig (z. B. eine abgebrochene Kopie)."
ALTERED = "Die Prüfsumme der Datei „{name}“ stimmt nicht – das Wissenspaket wurde verändert."
INCONSISTENT = "Der Inhalt des Wissenspakets ist widersprüchlich: "


class PackError(Exception):
    """A pack that cannot be written, verified or imported; the message is German."""


@dataclass(frozen=True)
class Manifest:
    """The checked description of a pack: what it holds and each file's size and sha256."""

    created_at: str
    collections: tuple[str, ...]
    tables: tuple[str, ...]
    counts: dict[str, int]
    embedders: tuple[dict[str, Any], ...]
    files: dict[str, tuple[int, str]]
    missing_images: tuple[str, ...] = ()

    def images(self) -> dict[str, str]:
        """The pack's images: zip member → file name in the images folder."""
        return {
            name: name.removeprefix(IMAGE_PREFIX)
            for name in sorted(self.files)
            if name.startswith(IMAGE_PREFIX)
        }

    def as_json(self) -> dict[str, Any]:
        """The manifest as written into manifest.json."""
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "collections": list(self.collections),
            "tables": list(self.tables),
            "counts": self.counts,
            "embedders": list(self.embedders),
            "files": {
                name: {"size": size, "sha256": sha} for name, (size, sha) in self.files.items()
            },
            "missing_images": list(self.missing_images),
        }


@dataclass
class PackContent:
    """A verified pack in memory: rows per table; per embedder (identity, chunk ids, matrix)."""

    manifest: Manifest
    rows: dict[str, list[dict[str, Any]]]
    vectors: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)


def is_image_name(name: str) -> bool:
    """A plain image file name: no path, no "..", no leading dot, a known image suffix."""
    return (
        0 < len(name) <= 255
        and not name.startswith(".")
        and ".." not in name
        and all(ch.isalnum() or ch in "._-" for ch in name)
        and Path(name).suffix.lower() in IMAGE_SUFFIXES
    )


def table_file(table: str) -> str:
    """The zip member that holds a table's rows."""
    return f"tables/{table}.jsonl"


def columns_of(db: Database, table: str) -> list[str]:
    """Column names of a table (empty if it does not exist)."""
    return [str(row[1]) for row in db.execute(f"PRAGMA table_info([{table}])").fetchall()]


def has_document_column(db: Database, table: str) -> bool:
    """Whether the table exists in this store and belongs to documents."""
    return DOCUMENT_COLUMN in columns_of(db, table)


# verification ---------------------------------------------------------------------------------
def verify_pack(path: Path) -> Manifest:
    """Check a pack completely (zip, manifest, each file's size and sha256, the content's
    references) or raise PackError."""
    manifest = run_to_end(verify_steps(path))
    read_pack(path, manifest)
    return manifest


def verify_steps(path: Path) -> Generator[Progress, None, Manifest]:
    """verify_pack as a generator: one progress event per checked file."""
    with open_zip(path) as archive:
        manifest = parse_manifest(_read_manifest(archive))
        _check_listing(archive, manifest)
        for done, (name, (size, sha)) in enumerate(sorted(manifest.files.items())):
            yield Progress(done, len(manifest.files), name, "Prüfen")
            _check_member(archive, name, size, sha)
        yield Progress(len(manifest.files), len(manifest.files), "", "Prüfen")
    return manifest


def open_zip(path: Path) -> zipfile.ZipFile:
    """The pack as an open zip file, or a German reason why not."""
    if path.is_dir():
        raise PackError(f"„{path}“ ist ein Ordner. Bitte die Datei des Wissenspakets angeben.")
    if not path.is_file():
        raise PackError(f"Die Datei „{path}“ gibt es nicht.")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        with path.open("rb") as handle:
            start = handle.read(4)
        if start == b"PK\x03\x04":
            raise PackError(DAMAGED) from error
        raise PackError(f"„{path.name}“ ist kein Wissenspaket (keine ZIP-Datei).") from error


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes; damaged data becomes a PackError."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as error:
        raise PackError(DAMAGED) from error


def _read_manifest(archive: zipfile.ZipFile) -> Any:
    """The parsed manifest.json."""
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError as error:
        raise PackError(
            "Die Datei enthält keine Paketbeschreibung (manifest.json) – "
            "sie ist kein Onboard-Wissenspaket."
        ) from error
    if info.file_size > MAX_MANIFEST_BYTES:
        raise PackError("Die Paketbeschreibung (manifest.json) ist unplausibel groß.")
    try:
        return json.loads(_read_member(archive, MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackError("Die Paketbeschreibung (manifest.json) ist kein gültiges JSON.") from error


def parse_manifest(data: Any) -> Manifest:
    """Check the manifest's format, version and fields."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise PackError("Die Datei ist kein Onboard-Wissenspaket (unbekanntes Format).")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        hint = " Bitte Onboard aktualisieren." if newer else ""
        raise PackError(f"Das Wissenspaket hat die unbekannte Formatversion {version!r}.{hint}")
    try:
        manifest = Manifest(
            created_at=_typed(data["created_at"], str),
            collections=tuple(_typed(name, str) for name in _typed(data["collections"], list)),
            tables=tuple(_typed(name, str) for name in _typed(data["tables"], list)),
            counts={str(k): _count(v) for k, v in _typed(data["counts"], dict).items()},
            embedders=tuple(_embedder_entry(e) for e in _typed(data["embedders"], list)),
            files={str(k): _file_entry(v) for k, v in _typed(data["files"], dict).items()},
            missing_images=tuple(
                _typed(name, str) for name in _typed(data.get("missing_images", []), list)
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PackError(f"Die Paketbeschreibung (manifest.json) ist fehlerhaft: {error}") from error
    _check_references(manifest)
    return manifest


def _typed(value: Any, kind: type) -> Any:
    """The value if it has the expected type."""
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"{value!r} ist kein {kind.__name__}")
    return value


def _count(value: Any) -> int:
    """A non-negative integer."""
    number = int(_typed(value, int))
    if number < 0:
        raise ValueError(f"negative Anzahl {number}")
    return number


def _file_entry(value: Any) -> tuple[int, str]:
    """(size, sha256) of one listed file."""
    sha = str(_typed(_typed(value, dict)["sha256"], str))
    if len(sha) != 64 or any(ch not in "0123456789abcdef" for ch in sha):
        raise ValueError(f"ungültige Prüfsumme {sha!r}")
    return _count(value["size"]), sha


def _embedder_entry(value: Any) -> dict[str, Any]:
    """One embedder entry: identity, dimension, count and its two files."""
    entry = _typed(value, dict)
    for key in ("identity", "vectors", "chunk_ids"):
        _typed(entry[key], str)
    _count(entry["dim"])
    _count(entry["count"])
    return dict(entry)


def _check_references(manifest: Manifest) -> None:
    """Named tables and vectors must be listed files and counted; the core tables present."""
    prefix = "Die Paketbeschreibung (manifest.json) "
    known = set(CORE_TABLES) | set(PAGE_TABLES)
    if not set(CORE_TABLES) <= set(manifest.tables) or not set(manifest.tables) <= known:
        raise PackError(prefix + "nennt unbekannte oder zu wenige Tabellen.")
    if not manifest.collections:
        raise PackError(prefix + "nennt keine Sammlung.")
    if MANIFEST in manifest.files:
        raise PackError(prefix + "führt sich selbst als Datei auf.")
    needed = [table_file(table) for table in manifest.tables]
    needed += [e[key] for e in manifest.embedders for key in ("vectors", "chunk_ids")]
    for name in needed:
        if name not in manifest.files:
            raise PackError(prefix + f"führt „{name}“ nicht auf.")
    for table in manifest.tables:
        if table not in manifest.counts:
            raise PackError(prefix + f"nennt keine Anzahl für „{table}“.")
    for member, name in manifest.images().items():
        if not is_image_name(name):
            raise PackError(prefix + f"nennt den unzulässigen Bildnamen „{member}“.")


def _check_listing(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Exactly the listed files (and the manifest) are in the zip, each once."""
    names = archive.namelist()
    if len(names) != len(set(names)):
        raise PackError("Das Wissenspaket enthält doppelte Dateien – es wurde verändert.")
    for name in names:
        if name != MANIFEST and name not in manifest.files:
            raise PackError(
                f"Das Wissenspaket enthält die nicht aufgeführte Datei „{name}“ – "
                "es wurde verändert."
            )
    for name in manifest.files:
        if name not in names:
            raise PackError(f"Die Datei „{name}“ fehlt im Wissenspaket.")


def _check_member(archive: zipfile.ZipFile, name: str, size: int, sha: str) -> None:
    """A member's size and sha256 must match the manifest."""
    if archive.getinfo(name).file_size != size:
        raise PackError(ALTERED.format(name=name))
    digest = hashlib.sha256()
    try:
        with archive.open(name) as member:
            while block := member.read(READ_BLOCK):
                digest.update(block)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as error:
        raise PackError(DAMAGED) from error
    if digest.hexdigest() != sha:
        raise PackError(ALTERED.format(name=name))


# reading --------------------------------------------------------------------------------------
def copy_member(archive: zipfile.ZipFile, manifest: Manifest, name: str, out: IO[bytes]) -> None:
    """Stream a member into out, refused if it differs from what the manifest lists."""
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(name) as member:
            while block := member.read(READ_BLOCK):
                out.write(block)
                digest.update(block)
                size += len(block)
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise PackError(DAMAGED) from error
    if (size, digest.hexdigest()) != manifest.files[name]:
        raise PackError(ALTERED.format(name=name))


def read_pack(path: Path, manifest: Manifest) -> PackContent:
    """The verified pack's rows and vectors, re-checked against the manifest and each other."""
    with open_zip(path) as archive:
        rows = {table: _read_rows(archive, manifest, table) for table in manifest.tables}
        vectors = [_read_vectors(archive, manifest, entry) for entry in manifest.embedders]
    content = PackContent(manifest, rows, vectors)
    check_content(content)
    return content


def _checked_bytes(archive: zipfile.ZipFile, manifest: Manifest, name: str) -> bytes:
    """A member's bytes, refused if they differ from what the manifest lists."""
    data = _read_member(archive, name)
    if (len(data), hashlib.sha256(data).hexdigest()) != manifest.files[name]:
        raise PackError(ALTERED.format(name=name))
    return data


def _read_rows(archive: zipfile.ZipFile, manifest: Manifest, table: str) -> list[dict[str, Any]]:
    """One table's JSON lines as dicts (split on newlines only: texts may hold U+2028)."""
    name = table_file(table)
    try:
        lines = _checked_bytes(archive, manifest, name).decode("utf-8").split("\n")
        rows = [json.loads(line) for line in lines if line]
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackError(f"Der Inhalt von „{name}“ ist ungültig.") from error
    if not all(isinstance(row, dict) for row in rows) or len(rows) != manifest.counts[table]:
        raise PackError(f"Der Inhalt von „{name}“ passt nicht zur Paketbeschreibung.")
    return rows


def _read_vectors(
    archive: zipfile.ZipFile, manifest: Manifest, entry: dict[str, Any]
) -> tuple[str, np.ndarray, np.ndarray]:
    """One embedder's (identity, chunk ids, float32 matrix)."""
    try:
        matrix = np.load(io.BytesIO(_checked_bytes(archive, manifest, entry["vectors"])))
        ids = np.load(io.BytesIO(_checked_bytes(archive, manifest, entry["chunk_ids"])))
    except ValueError as error:
        raise PackError(f"Die Vektoren von „{entry['identity']}“ sind ungültig.") from error
    shape = (entry["count"], entry["dim"])
    if matrix.dtype != np.float32 or matrix.shape != shape or ids.shape != shape[:1]:
        raise PackError(f"Die Vektoren von „{entry['identity']}“ passen nicht zur Beschreibung.")
    if ids.dtype.kind != "i":
        raise PackError(f"Die Vektoren von „{entry['identity']}“ sind ungültig.")
    return str(entry["identity"]), ids.astype(np.int64), matrix.astype(np.float32)


def check_content(content: PackContent) -> None:
    """Ids are unique integers and every reference points into the pack."""
    rows = content.rows
    collections = _ids(rows["collections"], "collections")
    names = [row.get("name") for row in rows["collections"]]
    if sorted(map(str, names)) != sorted(content.manifest.collections):
        raise PackError(INCONSISTENT + "die Sammlungen stimmen nicht mit der Beschreibung überein.")
    documents = _ids(rows["documents"], "documents")
    _references(rows["documents"], "collection_id", collections, "documents")
    origins = [row.get("origin") for row in rows["documents"]]
    if not all(isinstance(o, str) for o in origins) or len(set(origins)) != len(origins):
        raise PackError(INCONSISTENT + "Dokumentherkunft fehlt oder ist doppelt.")
    chunks = _ids(rows["chunks"], "chunks")
    _references(rows["chunks"], DOCUMENT_COLUMN, documents, "chunks")
    for table in PAGE_TABLES:
        _references(rows.get(table, []), DOCUMENT_COLUMN, documents, table)
    for identity, ids, _ in content.vectors:
        if len(set(ids.tolist())) != len(ids) or not set(ids.tolist()) <= chunks:
            raise PackError(INCONSISTENT + f"Vektoren von „{identity}“ ohne Abschnitt.")


def _ids(rows: list[dict[str, Any]], table: str) -> set[int]:
    """The rows' unique integer ids."""
    ids = [row.get("id") for row in rows]
    if not all(type(i) is int for i in ids) or len(set(ids)) != len(ids):
        raise PackError(INCONSISTENT + f"ungültige oder doppelte Nummern in „{table}“.")
    return {int(i) for i in ids if i is not None}


def _references(rows: list[dict[str, Any]], column: str, targets: set[int], table: str) -> None:
    """Each row's column names one of the targets."""
    if any(row.get(column) not in targets for row in rows):
        raise PackError(INCONSISTENT + f"„{table}“ verweist auf Fehlendes.")
