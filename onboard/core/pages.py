"""Markdown pages written in the app: save (re-indexing that page only), versions, images."""

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from onboard.core.ingest import FAILED, Record, content_hash
from onboard.core.kb import KnowledgeBase
from onboard.core.metadata import EDITABLE_FIELDS, MetadataError, validate_changes
from onboard.core.parsers.markdown import front_matter_fields, parse_markdown, split_front_matter
from onboard.core.store import now_iso

PAGE_PREFIX = "seite:"
IMAGE_FOLDER = "bilder"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PAGE_CHARS = 2_000_000
NO_TITLE = "Bitte einen Titel für die Seite eingeben."


class PageError(ValueError):
    """A page that cannot be saved; the message is German."""


@dataclass(frozen=True)
class SavedPage:
    """The outcome of saving: the document, its version, whether anything changed."""

    document_id: int
    version: int
    changed: bool


def is_page(document: dict[str, Any]) -> bool:
    """Whether a document was written in the app (and can be edited there)."""
    return str(document.get("origin") or "").startswith(PAGE_PREFIX)


def page_markdown(kb: KnowledgeBase, document_id: int) -> str | None:
    """The Markdown source of a page written in the app (None for imported files)."""
    row = kb.store.db.execute(
        "SELECT markdown FROM pages WHERE document_id = ?", [document_id]
    ).fetchone()
    return str(row[0]) if row else None


def page_versions(kb: KnowledgeBase, document_id: int) -> list[dict[str, Any]]:
    """Earlier versions of a page, newest first (version, title, markdown, saved_at)."""
    return list(
        kb.store.db.query(
            "SELECT version, title, markdown, metadata, saved_at FROM page_versions "
            "WHERE document_id = ? ORDER BY version DESC",
            [document_id],
        )
    )


def page_source(title: str, markdown: str, metadata: dict[str, str]) -> str:
    """The page as one Markdown text with front matter (what is parsed and hashed)."""
    header = {"titel": title, **{key: value for key, value in metadata.items() if value}}
    front = yaml.safe_dump(header, allow_unicode=True, sort_keys=True).strip()
    return f"---\n{front}\n---\n\n{markdown.strip()}\n"


@dataclass(frozen=True)
class TakenFrontMatter:
    """A page text typed or pasted with a front matter of its own (---, verantwortlich: …,
    ---): the text without it, its fields (title, owner, …) and why it could not be read."""

    markdown: str
    fields: dict[str, str]
    problem: str = ""


def take_front_matter(markdown: str) -> TakenFrontMatter | None:
    """The front matter at the start of a page text taken apart, None if there is none. The
    editor has fields for these values: in the text they would be indexed as words and
    never reach the fields."""
    front, body = split_front_matter(markdown)
    if front is None:
        return None
    warnings: list[str] = []
    fields = front_matter_fields(front, warnings)
    return TakenFrontMatter(body.lstrip("\n"), fields, " ".join(warnings))


def save_page(
    kb: KnowledgeBase,
    *,
    collection: str,
    title: str,
    markdown: str,
    metadata: dict[str, str] | None = None,
    document_id: int | None = None,
) -> SavedPage:
    """Create or update a page; only this page is re-indexed, the previous version is kept.

    Full text is searchable when this returns; the caller computes the page's vectors next
    (kb.embed_pending) so that only its new chunks are embedded.
    """
    kb.store.require_writable()
    title, values = _checked(title, markdown, metadata or {})
    existing = _existing_page(kb, document_id) if document_id is not None else None
    source = page_source(title, markdown, values)
    digest = content_hash(source.encode("utf-8"))
    if existing and existing["content_hash"] == digest and existing["collection"] == collection:
        return SavedPage(int(existing["id"]), int(existing["version"]), changed=False)
    origin = str(existing["origin"]) if existing else f"{PAGE_PREFIX}{uuid.uuid4().hex}"
    parsed = parse_markdown(source.encode("utf-8"), Path(f"{title}.md"))
    if not parsed.sections:
        raise PageError("Die Seite ist leer. Bitte erst Text eingeben.")
    if existing:
        _keep_version(kb, existing)
    record = Record(origin, collection, parsed, digest, len(source.encode("utf-8")))
    outcome = kb.save_records([record])[0]
    if outcome.status == FAILED or outcome.document_id is None:
        raise PageError(outcome.message or "Die Seite konnte nicht gespeichert werden.")
    saved_id = outcome.document_id
    with kb.store.transaction():
        kb.store.db.execute(
            "INSERT INTO pages(document_id, markdown, saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT(document_id) DO UPDATE SET markdown = excluded.markdown, "
            "saved_at = excluded.saved_at",
            [saved_id, markdown.strip() + "\n", now_iso()],
        )
        kb.store.update_metadata(saved_id, values)
    document = kb.store.document(saved_id) or {}
    return SavedPage(saved_id, int(document.get("version") or 1), changed=True)


def restore_version(kb: KnowledgeBase, document_id: int, version: int) -> SavedPage:
    """Save an earlier version of a page again as its newest version."""
    row = kb.store.db.execute(
        "SELECT title, markdown, metadata FROM page_versions WHERE document_id = ? AND version = ?",
        [document_id, version],
    ).fetchone()
    document = _existing_page(kb, document_id)
    if row is None:
        raise PageError(f"Version {version} dieser Seite gibt es nicht.")
    return save_page(
        kb,
        collection=str(document["collection"]),
        title=str(row[0]),
        markdown=str(row[1]),
        metadata=json.loads(row[2]),
        document_id=document_id,
    )


def add_image(kb: KnowledgeBase, source: Path) -> str:
    """Copy an image into the knowledge base; returns the relative path for Markdown."""
    kb.store.require_writable()
    if source.suffix.lower() not in IMAGE_SUFFIXES:
        allowed = ", ".join(sorted(IMAGE_SUFFIXES))
        raise PageError(f"„{source.name}“ ist kein unterstütztes Bild ({allowed}).")
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PageError(f"Das Bild „{source.name}“ kann nicht gelesen werden ({error}).") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise PageError(f"Das Bild „{source.name}“ ist größer als 10 MB.")
    name = f"{hashlib.sha256(data).hexdigest()[:12]}-{_safe_name(source.name)}"
    target = images_dir(kb) / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return f"{IMAGE_FOLDER}/{name}"


def images_dir(kb: KnowledgeBase) -> Path:
    """Where the images of pages are kept (relative links resolve against kb.home)."""
    return kb.home / IMAGE_FOLDER


def _safe_name(name: str) -> str:
    """A file name with only letters, digits, dot, minus and underscore."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    return cleaned[-60:] or "bild"


def _checked(title: str, markdown: str, metadata: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A trimmed title and validated metadata, or a German error."""
    title = " ".join(title.split())
    if not title:
        raise PageError(NO_TITLE)
    if not markdown.strip():
        raise PageError("Die Seite ist leer. Bitte erst Text eingeben.")
    if len(markdown) > MAX_PAGE_CHARS:
        raise PageError("Die Seite ist zu lang (höchstens 2 Millionen Zeichen).")
    try:
        return title, validate_changes(metadata)
    except MetadataError as problem:
        raise PageError(str(problem)) from None


def _existing_page(kb: KnowledgeBase, document_id: int) -> dict[str, Any]:
    """The page's document row, or a German error for an unknown or imported document."""
    document = kb.store.document(document_id)
    if document is None:
        raise PageError(f"Es gibt kein Dokument mit der Nummer {document_id}.")
    if not is_page(document):
        raise PageError(
            "Nur im Programm geschriebene Seiten können hier bearbeitet werden. "
            "Importierte Dateien bitte in ihrem Programm ändern und neu importieren."
        )
    return document


def _keep_version(kb: KnowledgeBase, document: dict[str, Any]) -> None:
    """Store the page as it is now, before it is replaced."""
    markdown = page_markdown(kb, int(document["id"])) or ""
    metadata = {key: str(document[key]) for key in EDITABLE_FIELDS}
    kb.store.db.table("page_versions").insert(
        {
            "document_id": int(document["id"]),
            "version": int(document["version"]),
            "title": str(document["title"]),
            "markdown": markdown,
            "metadata": json.dumps(metadata, ensure_ascii=False),
            "saved_at": now_iso(),
        }
    )
