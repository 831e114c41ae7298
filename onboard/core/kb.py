"""KnowledgeBase: the one facade the CLI and the GUI call (import, sync, embed, search)."""

import functools
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

from onboard.core import vanished
from onboard.core.chunk_rows import StoredChunk, doc_key
from onboard.core.chunking import (
    DEFAULT_OVERLAP_CHARS,
    DEFAULT_TARGET_CHARS,
    chunk_document,
)
from onboard.core.consistency import FULLTEXT_PENDING, reconcile_steps, update_fulltext
from onboard.core.driving import run_to_end
from onboard.core.embedders import AUTO_COMPANION, DEFAULT_EMBEDDER, Embedder
from onboard.core.folder_info import folder_info
from onboard.core.fulltext import FullTextIndex
from onboard.core.german_words import german_words
from onboard.core.in_use import UseMarker
from onboard.core.ingest import (
    IMPORTED,
    MOVED,
    REMOVED,
    UNCHANGED,
    UPDATED,
    CancelFlag,
    FileOutcome,
    ImportEvent,
    ImportReport,
    Progress,
    Record,
    discover,
    file_stamp,
    read_record,
    settled,
    stored_stamp,
)
from onboard.core.metadata import MetadataError, clean_imported, validate_changes
from onboard.core.paths import DATABASE_FILE, FULLTEXT_FOLDER
from onboard.core.phrases import pair_scores
from onboard.core.search import CANDIDATES, SearchHit, distinct_hits, fuse, spread_openings
from onboard.core.store import ReadOnlyError, Store
from onboard.core.sync import sync_sources
from onboard.core.vector_search import VectorSearch
from onboard.core.vectors import VectorHit, VectorIndex

BATCH_DOCUMENTS = 200
BATCH_SECONDS = 2.0
EMBED_BATCH = 16
SEARCH_MODES = ("hybrid", "fulltext", "vector")
# Searched once by prepare_search: any word will do.
PREPARE_QUERY = "Einarbeitung"


class KnowledgeBase:
    """A knowledge base in a home folder: SQLite store, Whoosh index, vectors."""

    def __init__(
        self,
        home: Path,
        *,
        embedder: Embedder | str | None = DEFAULT_EMBEDDER,
        companion: Embedder | str | None = AUTO_COMPANION,
        target_chars: int = DEFAULT_TARGET_CHARS,
        overlap_chars: int = DEFAULT_OVERLAP_CHARS,
        split_compounds: bool = True,
        read_only: bool = False,
        reconcile: bool = True,
    ) -> None:
        """Open the knowledge base in home; the embedder loads on first use (None: none).

        companion: a second embedder whose ranking joins hybrid search; "auto" takes the
        measured companion of a named embedder (COMPANIONS), None switches it off.

        read_only: nothing is written (a knowledge base on a share for employees); every
        change raises ReadOnlyError.

        reconcile: bring the full-text index in line with the store now; False leaves that to
        the caller (reconcile_steps with progress, e.g. off the GUI thread)."""
        self.home = home
        self.read_only = read_only
        if not read_only:
            home.mkdir(parents=True, exist_ok=True)
        self.store = Store(home / DATABASE_FILE, read_only=read_only)
        self.fulltext = FullTextIndex(
            home / FULLTEXT_FOLDER, split_compounds=split_compounds, read_only=read_only
        )
        self._hidden_cache: tuple[tuple[object, ...], list[tuple[int, int]]] | None = None
        self._vector_search = VectorSearch(self.store, embedder, companion)
        self.target_chars = target_chars
        self.overlap_chars = overlap_chars
        self._in_use = None if read_only else UseMarker(home)
        if reconcile and not read_only:
            self.reconcile()

    def close(self) -> None:
        """Close indexes and store."""
        self.fulltext.close()
        self.store.close()
        if self._in_use is not None:
            self._in_use.release()

    def __enter__(self) -> "KnowledgeBase":
        """Use as a context manager."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close on leaving the block."""
        self.close()

    # consistency --------------------------------------------------------------
    def reconcile(self, *, force: bool = False) -> tuple[int, int]:
        """Make the full-text index hold exactly the store's document versions; returns
        (versions removed from the index, versions added to it). See
        consistency.reconcile_steps."""
        return run_to_end(self.reconcile_steps(force=force))

    def reconcile_steps(
        self, *, force: bool = False, cancel: CancelFlag | None = None
    ) -> Generator[Progress, None, tuple[int, int]]:
        """reconcile in batches with progress (consistency.reconcile_steps)."""
        return (yield from reconcile_steps(self.store, self.fulltext, force=force, cancel=cancel))

    def mark_fulltext_pending(self) -> None:
        """Inside a store transaction: the full-text index is about to follow this change."""
        self.store.set_setting(FULLTEXT_PENDING, "1")

    def update_fulltext(self, chunks: list[StoredChunk], remove_keys: Iterable[str]) -> None:
        """Apply a change to the full-text index, then clear the pending mark."""
        update_fulltext(self.store, self.fulltext, chunks, remove_keys)

    # embedder -----------------------------------------------------------------
    @property
    def embedder(self) -> Embedder | None:
        """The embedder, loaded on first use; None when vectors are switched off."""
        return self._vector_search.embedder

    @property
    def companion(self) -> Embedder | None:
        """The companion embedder whose ranking joins hybrid search (None: none)."""
        return self._vector_search.companion

    @property
    def vectors(self) -> VectorIndex | None:
        """The vector index of the active embedder."""
        return self._vector_search.index_of(self.embedder)

    # import -------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[Path],
        *,
        collection: str,
        cancel: CancelFlag | None = None,
        remember: bool = True,
        later_removals: list[tuple[Path, set[str]]] | None = None,
        leave_out: Callable[[Path], bool] | None = None,
    ) -> Generator[ImportEvent, None, ImportReport]:
        """Import files and folders into a collection; unchanged files are skipped.

        Yields Progress and FileOutcome events, returns the ImportReport. Files of an imported
        folder that no longer exist are removed from the knowledge base, or, with
        later_removals, the folder and its files seen are added there for remove_vanished.
        leave_out: files found but left to another import (they are not removed either).
        """
        self.store.require_writable()
        roots = [Path(os.path.abspath(p)) for p in paths]
        files, missing = discover(roots)
        report = ImportReport(outcomes=list(missing))
        yield from missing
        collection_id = self.store.ensure_collection(collection)
        if remember:
            for root in roots:
                if root.exists():
                    self.store.add_source(str(root), collection_id)
        self._adopt_folder_info(roots, collection)
        wanted = [path for path in files if leave_out is None or not leave_out(path)]
        report = yield from self._store_items(self._file_items(wanted, collection), report, cancel)
        if not report.cancelled:
            yield Progress(len(files), len(files), "", "Import")
            seen = {str(path) for path in files}
            for root in roots:
                if not root.is_dir():
                    continue
                if later_removals is None:
                    yield from self.remove_vanished(root, seen, report)
                else:
                    later_removals.append((root, seen))
        return report

    def _adopt_folder_info(self, roots: list[Path], collection: str) -> None:
        """A folder's `.sammlung.yaml` fills in the collection's contact where none is set."""
        current = self.store.collection(collection) or {}
        for root in roots:
            info = folder_info(root) if root.is_dir() else {}
            missing = {key: value for key, value in info.items() if not current.get(key)}
            if missing:
                self.store.set_collection_fields(collection, missing)

    def import_records(
        self, records: Iterable[Record], *, cancel: CancelFlag | None = None, total: int = 0
    ) -> Generator[ImportEvent, None, ImportReport]:
        """Store ready-made records (benchmarks, packs) in batches, skipping unchanged ones."""
        self.store.require_writable()
        items = self._record_items(records, total)
        return (yield from self._store_items(items, ImportReport(), cancel))

    def _file_items(
        self, files: list[Path], collection: str
    ) -> Iterator[Progress | Record | FileOutcome]:
        """Per file: progress, then a record to store or an outcome (unchanged, failed); a
        file with the size and modification time stored at its import is not read again."""
        for done, path in enumerate(files):
            yield Progress(done, len(files), str(path), "Import")
            existing = self.store.document_by_origin(str(path))
            stamp = file_stamp(path)
            if existing and stamp is not None and stamp == stored_stamp(existing):
                result: Record | FileOutcome = FileOutcome(str(path), UNCHANGED)  # not read
            else:
                known_hash = existing["content_hash"] if existing else None
                moved = None if existing else functools.partial(vanished.moved_document, self.store)
                result = read_record(
                    path, collection=collection, known_hash=known_hash, moved_from=moved
                )
            if isinstance(result, FileOutcome) and result.status == MOVED:
                result = self._follow_move(result, stamp, collection)
            if existing and isinstance(result, FileOutcome) and result.status == UNCHANGED:
                if stamp is not None and stamp != stored_stamp(existing):
                    self.store.set_file_mtime(int(existing["id"]), settled(stamp[1]))
                result = self._place(int(existing["id"]), existing, collection, str(path))
            yield result

    def _record_items(
        self, records: Iterable[Record], total: int
    ) -> Iterator[Progress | Record | FileOutcome]:
        """Per record: a record to store, or an outcome if its content is unchanged."""
        for done, record in enumerate(records):
            if done % BATCH_DOCUMENTS == 0:
                yield Progress(done, total, record.origin, "Import")
            existing = self.store.document_by_origin(record.origin)
            if existing is not None and existing["content_hash"] == record.content_hash:
                yield self._place(int(existing["id"]), existing, record.collection, record.origin)
            else:
                yield record

    def _store_items(
        self,
        items: Iterator[Progress | Record | FileOutcome],
        report: ImportReport,
        cancel: CancelFlag | None,
    ) -> Generator[ImportEvent, None, ImportReport]:
        """Pass progress and outcomes on, store records in batches; stop when cancelled."""
        pending: list[Record] = []
        started = time.monotonic()
        for item in items:
            if isinstance(item, Progress):
                if cancel is not None and cancel.cancelled:
                    report.cancelled = True
                    break
                yield item
            elif isinstance(item, FileOutcome):
                report.outcomes.append(item)
                yield item
            else:
                pending.append(item)
                if len(pending) >= BATCH_DOCUMENTS or time.monotonic() - started > BATCH_SECONDS:
                    yield from self._flush(pending, report)
                    pending, started = [], time.monotonic()
        yield from self._flush(pending, report)
        return report

    def _flush(
        self, records: list[Record], report: ImportReport
    ) -> Generator[FileOutcome, None, None]:
        """Write a batch: one store transaction, then one full-text commit."""
        if not records:
            return
        saved: list[tuple[Record, int, int | None]] = []
        remove_keys: list[str] = []
        with self.store.transaction():
            self.mark_fulltext_pending()
            for record in records:
                record.parsed.metadata, problems = clean_imported(record.parsed.metadata)
                record.parsed.warnings.extend(problems)
                collection_id = self.store.ensure_collection(record.collection)
                chunks = chunk_document(
                    record.parsed, target_chars=self.target_chars, overlap_chars=self.overlap_chars
                )
                document_id, _, old_version = self.store.save_document(
                    collection_id=collection_id,
                    origin=record.origin,
                    parsed=record.parsed,
                    chunks=chunks,
                    content_hash=record.content_hash,
                    size_bytes=record.size_bytes,
                    mtime_ns=record.mtime_ns,
                )
                if old_version is not None:
                    remove_keys.append(doc_key(document_id, old_version))
                saved.append((record, document_id, old_version))
        new_chunks = self.store.chunks_of_documents(document_id for _, document_id, _ in saved)
        self.update_fulltext(new_chunks, remove_keys)
        for record, document_id, old_version in saved:
            outcome = FileOutcome(
                record.origin,
                IMPORTED if old_version is None else UPDATED,
                document_id=document_id,
                warnings=tuple(record.parsed.warnings),
            )
            report.outcomes.append(outcome)
            yield outcome

    def save_records(self, records: list[Record]) -> list[FileOutcome]:
        """Store records now (store and full text), e.g. a page saved in the editor."""
        self.store.require_writable()
        return list(self._flush(records, ImportReport()))

    def set_metadata(self, document_id: int, changes: dict[str, str]) -> dict[str, str]:
        """Check and store metadata changes of a document; returns what was stored."""
        self.store.require_writable()
        if self.store.document(document_id) is None:
            raise MetadataError(f"Es gibt kein Dokument mit der Nummer {document_id}.")
        values = validate_changes(changes)
        if values:
            self.store.update_metadata(document_id, values)
        return values

    def remove_vanished(
        self, root: Path, seen: set[str], report: ImportReport
    ) -> Generator[FileOutcome, None, None]:
        """Remove documents of a folder whose files are gone (see vanished.gone_from_folder)."""
        gone = vanished.gone_from_folder(self.store, root, seen)
        if isinstance(gone, FileOutcome):
            report.outcomes.append(gone)
            yield gone
            return
        for document_id, origin in gone:
            self.remove_document(document_id)
            outcome = FileOutcome(origin, REMOVED, document_id=document_id)
            report.outcomes.append(outcome)
            yield outcome

    def sync(
        self, *, cancel: CancelFlag | None = None
    ) -> Generator[ImportEvent, None, ImportReport]:
        """Revisit every imported file and folder: new, changed and deleted files."""
        self.store.require_writable()
        return (yield from sync_sources(self, cancel=cancel))

    def _follow_move(
        self, moved: FileOutcome, stamp: tuple[int, int] | None, collection: str
    ) -> FileOutcome:
        """A known document's file at a new place: the document follows it (and into this
        collection), keeping its chunks and vectors."""
        document_id = int(moved.document_id or 0)
        self.store.set_origin(document_id, moved.path, settled(stamp[1]) if stamp else None)
        row = self.store.document(document_id)
        if row is not None:
            self._place(document_id, row, collection, moved.path)
        return moved

    def _place(
        self, document_id: int, existing: dict[str, Any], collection: str, origin: str
    ) -> FileOutcome:
        """An unchanged document stays; one imported into another collection moves there."""
        if existing["collection_id"] == self.store.collection_id(collection):
            return FileOutcome(origin, UNCHANGED, document_id=document_id)
        self.move_document(document_id, collection)
        return FileOutcome(origin, UPDATED, document_id=document_id)

    def move_document(self, document_id: int, collection: str) -> None:
        """Move a document to another collection, keeping its chunks and vectors."""
        self.store.require_writable()
        with self.store.transaction():
            self.mark_fulltext_pending()
            collection_id = self.store.ensure_collection(collection)
            old_version = self.store.move_document(document_id, collection_id)
        chunks = self.store.chunks_of_documents([document_id])
        self.update_fulltext(chunks, [doc_key(document_id, old_version)])

    def remove_document(self, document_id: int) -> bool:
        """Remove a document from store and both indexes; False if there was none."""
        self.store.require_writable()
        with self.store.transaction():
            self.mark_fulltext_pending()
            version = self.store.delete_document(document_id)
        if version is None:
            return False
        self.update_fulltext([], [doc_key(document_id, version)])
        return True

    # embeddings ---------------------------------------------------------------
    def embed_pending(
        self, *, cancel: CancelFlag | None = None, batch_size: int = EMBED_BATCH
    ) -> Generator[Progress, None, int]:
        """Compute missing vectors with the embedder, then its companion; resumable, returns
        how many."""
        if self.read_only:
            return 0
        return (yield from self._vector_search.embed_pending(cancel=cancel, batch_size=batch_size))

    # reading ------------------------------------------------------------------
    def documents(self, *, collection: str | None = None) -> list[dict[str, Any]]:
        """Documents with metadata and chunk counts."""
        return self.store.documents(collection=collection)

    def collections(self) -> list[dict[str, Any]]:
        """Collections with counts."""
        return self.store.collections()

    def search(
        self,
        question: str,
        *,
        k: int = 10,
        collections: list[str] | None = None,
        mode: str = "hybrid",
        include_drafts: bool = False,
        include_expired: bool = True,
        today: date | None = None,
    ) -> list[SearchHit]:
        """The k best chunks for a question: full text and vectors fused (or one half alone).

        Drafts are left out unless include_drafts (the editor's preview); expired documents
        are left out when include_expired is False (answers), shown otherwise (search).
        A question without a single letter or digit finds nothing.
        """
        if not any(character.isalnum() for character in question):
            return []
        depth = max(CANDIDATES, k)
        hidden = self.hidden_documents(
            drafts=not include_drafts, expired=not include_expired, today=today
        )
        fulltext_hits = (
            self.fulltext.search(
                question,
                limit=depth,
                collections=collections,
                exclude_keys=[doc_key(i, v) for i, v in hidden],
            )
            if mode in ("hybrid", "fulltext")
            else []
        )
        meaning = self._vector_search.rankings(
            question,
            mode=mode,
            depth=depth,
            collections=collections,
            hidden_ids={i for i, _ in hidden},
        )
        candidates = {hit.chunk_id for hit in fulltext_hits}
        candidates.update(hit.chunk_id for hit in chain(meaning.main, meaning.companion))
        # the hybrid search reads every candidate once: for the word pairs, the openings and
        # the hits; the single halves read only what they need
        pool = self.store.chunks_by_id(candidates) if mode == "hybrid" else {}
        openings: list[VectorHit] = []
        if meaning.openings:
            document_of = (
                {chunk_id: chunk.document_id for chunk_id, chunk in pool.items()}
                if pool
                else self.store.documents_of_chunks(candidates)
            )
            openings = spread_openings(meaning.openings, document_of)
        pairs = pair_scores(question, pool.values())
        ranked = fuse(fulltext_hits, meaning.main, meaning.companion, openings, pairs)
        chunks = pool or self.store.chunks_by_id(chunk_id for chunk_id, *_ in ranked)
        return distinct_hits(ranked, chunks, k)

    def prepare_search(self) -> None:
        """Load what searching needs (embedders, vectors, full-text reader, German dictionary)
        and use it once, so that the first question is as fast as the next (demo: 1.2 s → 30
        ms). The embedders embed a question even while there are no vectors yet (first start)."""
        for embedder in (self.embedder, self.companion):
            if embedder is not None:
                embedder.embed_queries([PREPARE_QUERY])
        self.search(PREPARE_QUERY, k=1)
        german_words()

    def hidden_documents(
        self, *, drafts: bool, expired: bool, today: date | None = None
    ) -> list[tuple[int, int]]:
        """(id, version) of drafts and/or expired documents; cached until the store changes."""
        day = (today or date.today()).isoformat()
        key = (self.store.get_setting("change_counter", "0"), drafts, expired, day)
        if self._hidden_cache is None or self._hidden_cache[0] != key:
            hidden = self.store.hidden_documents(
                drafts=drafts, expired_before=day if expired else None
            )
            self._hidden_cache = (key, hidden)
        return self._hidden_cache[1]


__all__ = ["KnowledgeBase", "ReadOnlyError"]
