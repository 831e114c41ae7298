"""Which documents whose files are gone count as deleted or moved: deleted only when gone
from a folder that is there and not empty (a folder missing or empty as a whole, a network
drive not connected, keeps its documents and gets a German note); moved when a file with the
same content turns up elsewhere."""

import os
from collections.abc import Callable
from pathlib import Path

from onboard.core.ingest import REMOVED, UNREACHABLE, FileOutcome
from onboard.core.store import Store

KEEP_ADVICE = (
    "Wurde {what} absichtlich gelöscht, entfernen Sie die Dokumente (Redaktion oder "
    "„onboard remove“)."
)


def documents_phrase(count: int) -> str:
    """German: 'Sein Dokument bleibt' / 'Seine 12 Dokumente bleiben'."""
    if count == 1:
        return "Sein Dokument bleibt in der Wissensdatenbank"
    return f"Seine {count} Dokumente bleiben in der Wissensdatenbank"


def unreachable_folder(path: Path, count: int) -> FileOutcome:
    """A folder source that is not there: its documents stay."""
    message = (
        "Ordner nicht gefunden oder nicht erreichbar (z. B. Netzlaufwerk nicht verbunden). "
        f"{documents_phrase(count)}. " + KEEP_ADVICE.format(what="der Ordner")
    )
    return FileOutcome(str(path), UNREACHABLE, message)


def empty_folder(path: Path, count: int) -> FileOutcome:
    """A folder source without any file, though documents came from it: they stay."""
    message = (
        "Der Ordner ist leer – vielleicht ist das Laufwerk nur nicht verbunden. "
        f"{documents_phrase(count)}. " + KEEP_ADVICE.format(what="sein Inhalt")
    )
    return FileOutcome(str(path), UNREACHABLE, message)


def unreachable_file(path: Path) -> FileOutcome:
    """A file source whose whole folder is gone: the document stays."""
    message = (
        f"Datei nicht erreichbar: Der Ordner {path.parent} fehlt (z. B. Netzlaufwerk nicht "
        "verbunden). Das Dokument bleibt in der Wissensdatenbank. "
        + KEEP_ADVICE.format(what="die Datei")
    )
    return FileOutcome(str(path), UNREACHABLE, message)


def deliberately_deleted_file(path: Path) -> bool:
    """A missing file counts as deleted when its folder is still there and not empty (an
    unmounted share leaves an empty folder behind)."""
    if path.exists() or not path.parent.is_dir():
        return False
    return any(True for _ in path.parent.iterdir())


def gone_from_folder(
    store: Store, root: Path, seen: set[str]
) -> list[tuple[int, str]] | FileOutcome:
    """(id, origin) of the documents whose files are gone from a folder whose files were
    seen, or a note when none of its files was seen although documents came from it."""
    prefix = str(root) + os.sep
    gone = [
        (document_id, origin)
        for document_id, origin in store.origins_under(prefix)
        if origin not in seen and not Path(origin).is_file()  # a folder now: gone too
    ]
    if gone and not any(path.startswith(prefix) for path in seen):
        return empty_folder(root, len(gone))
    return gone


def missing_source(store: Store, path: Path, remove: Callable[[int], object]) -> list[FileOutcome]:
    """A source that is not there: a file deleted from its folder is removed (remove(id));
    a missing folder, or a file whose folder is missing, keeps its documents; a source
    without documents is forgotten."""
    document = store.document_by_origin(str(path))
    if document is not None:
        if not deliberately_deleted_file(path):
            return [unreachable_file(path)]
        remove(int(document["id"]))
        store.forget_source(str(path))
        return [FileOutcome(str(path), REMOVED, document_id=int(document["id"]))]
    kept = store.origins_under(str(path) + os.sep)
    if kept:
        return [unreachable_folder(path, len(kept))]
    store.forget_source(str(path))
    return []


def moved_document(store: Store, content_hash: str) -> int | None:
    """A document with this content whose file is gone from where it was imported: the
    file at hand is that file, moved or renamed (a share under a new drive letter)."""
    for document_id, origin in store.documents_with_hash(content_hash):
        if os.path.isabs(origin) and not Path(origin).is_file():
            return document_id
    return None
