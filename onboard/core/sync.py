"""The remembered import sources: listing them, syncing them all with one count, and
following demo folders to a new installation."""

import os
from collections.abc import Callable, Generator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onboard.core import vanished
from onboard.core.driving import relay
from onboard.core.ingest import CancelFlag, ImportEvent, ImportReport, Progress, discover

if TYPE_CHECKING:
    from onboard.core.kb import KnowledgeBase
    from onboard.core.store import Store

PHASE = "Abgleich"


@dataclass(frozen=True)
class ImportSource:
    """A remembered import source: its path, collection and how many documents came from it."""

    path: str
    collection: str
    documents: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def remembered_sources(store: "Store", collection: str | None = None) -> list[ImportSource]:
    """The folders and files a sync revisits (of one collection), with their document counts;
    nothing is looked up on disk (a network drive may hang)."""
    found = []
    for path, name in store.sources():
        if collection is not None and name != collection:
            continue
        count = len(store.origins_under(path + os.sep, name))  # not those moved elsewhere
        count += store.document_by_origin(path) is not None
        found.append(ImportSource(path, name, count))
    return found


def comes_back_note(store: "Store", origin: str) -> str:
    """For a document about to be removed whose file still lies in an imported folder: the
    German note that the next sync imports it again, and how to keep it out; else ''."""
    folder = next((path for path, _ in store.sources() if origin.startswith(path + os.sep)), None)
    if folder is None or not Path(origin).is_file():
        return ""
    return (
        f"Die Datei liegt weiter im abgeglichenen Ordner „{folder}“; der nächste Abgleich "
        "importiert sie wieder. Um sie herauszunehmen, löschen oder verschieben Sie die Datei "
        "dort – oder setzen Sie statt des Entfernens den Status „Entwurf“."
    )


def sync_sources(
    kb: "KnowledgeBase", *, cancel: CancelFlag | None = None
) -> Generator[ImportEvent, None, ImportReport]:
    """New, changed and deleted files of every imported folder and file; a source that is
    unreachable as a whole keeps its documents (see vanished). Progress counts the files of
    all sources together. Deleted files are removed after every source was read, so that a
    file moved from one source to another is followed whichever is read first."""
    sources = [(Path(path), collection) for path, collection in kb.store.sources()]
    counts = {path: len(discover([path])[0]) for path, _ in sources if path.exists()}
    total_files = sum(counts.values())
    total = ImportReport()
    offset = 0
    removals: list[tuple[Path, set[str]]] = []
    source_paths = [path for path, _ in sources]
    for path, collection in sources:
        if path not in counts:  # not there when the files were counted: after the others
            continue
        events = kb.ingest(
            [path],
            collection=collection,
            cancel=cancel,
            remember=False,
            later_removals=removals,
            leave_out=_covered_by_narrower(path, source_paths),
        )
        counted: Generator[ImportEvent, None, ImportReport] = relay(
            events, _overall(offset, total_files)
        )
        report = yield from counted
        total.outcomes.extend(report.outcomes)
        offset += counts[path]
        if report.cancelled:
            total.cancelled = True
            return total
    for folder, seen in removals:
        yield from kb.remove_vanished(folder, seen, total)
    for path, _ in sources:
        if path not in counts:
            outcomes = vanished.missing_source(kb.store, path, kb.remove_document)
            total.outcomes.extend(outcomes)
            yield from outcomes
    return total


def _covered_by_narrower(source: Path, sources: list[Path]) -> Callable[[Path], bool]:
    """Whether a file of this source belongs to a source inside it (a subfolder or a file
    imported into another collection): that source keeps it, so that syncing both does not
    move it back and forth between their collections."""
    inside = [other for other in sources if other != source and other.is_relative_to(source)]

    def covered(path: Path) -> bool:
        return any(path == other or path.is_relative_to(other) for other in inside)

    return covered


def _overall(offset: int, total_files: int) -> Callable[[ImportEvent], ImportEvent | None]:
    """Turn one source's progress into progress over all sources."""

    def convert(event: ImportEvent) -> ImportEvent | None:
        if isinstance(event, Progress):
            done = min(offset + event.done, total_files)
            return Progress(done, total_files, event.current, PHASE)
        return event

    return convert


def relocate_demo(kb: "KnowledgeBase", demo_folders: list[Path]) -> int:
    """Demo folders registered where an earlier installation kept them (the program was
    installed elsewhere): their sources and documents now point to the current demo folders,
    so that a sync neither reports them unreachable nor imports them twice. Returns how many."""
    sources = kb.store.sources()
    registered = {path for path, _ in sources}
    relocated = 0
    for path, collection in sources:
        old = Path(path)
        if old.exists():
            continue
        for current in demo_folders:
            same = old.name == current.name == collection and old.parent.name == current.parent.name
            if same and str(current) not in registered:
                kb.store.relocate_source(str(old), str(current))
                registered.add(str(current))
                relocated += 1
                break
    return relocated
