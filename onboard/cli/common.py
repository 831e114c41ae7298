"""Helpers shared by the command modules: opening the knowledge base, driving generators."""

import argparse
import signal
import sys
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, TypeVar

from onboard.core import paths
from onboard.core.driving import each
from onboard.core.fulltext_files import REBUILT_MESSAGE
from onboard.core.ingest import PROBLEMS, CancelFlag, FileOutcome, ImportReport, Progress
from onboard.core.itconfig import load_it_config
from onboard.core.kb import KnowledgeBase
from onboard.core.store import READ_ONLY_MESSAGE, ReadOnlyError

T = TypeVar("T")


def writable_home(args: argparse.Namespace) -> Path:
    """The data folder of --home / onboard.ini / $ONBOARD_HOME for a command that changes
    files in it; ReadOnlyError when IT made it read-only or there is no write access."""
    home = paths.resolve_home(args.home)
    if load_it_config().opens_read_only(home):
        raise ReadOnlyError(READ_ONLY_MESSAGE)
    return home


def open_kb(args: argparse.Namespace, home: Path | None = None, **options: Any) -> KnowledgeBase:
    """The knowledge base of --home / onboard.ini / $ONBOARD_HOME; read-only if IT says so.
    Its full-text index is completed first (_complete_fulltext)."""
    embedder = None if args.embedder == "none" else args.embedder
    if home is None:  # the user's knowledge base, not a cache folder of a command
        home = paths.resolve_home(args.home)
        options.setdefault("read_only", load_it_config().opens_read_only(home))
    kb = KnowledgeBase(home, embedder=embedder, reconcile=False, **options)
    if not kb.read_only:
        _complete_fulltext(kb)
    return kb


def _complete_fulltext(kb: KnowledgeBase) -> None:
    """Bring the full-text index in line with the store, with progress on stderr when it has
    to be refilled; say so when it was damaged."""
    shown: list[object] = []

    def on_event(event: object) -> None:
        shown.append(event)
        show(event)

    each(kb.reconcile_steps(), on_event)
    if shown:
        sys.stderr.write("\n")
    if kb.fulltext.replaced_damaged:
        print(REBUILT_MESSAGE, file=sys.stderr)


def drive(
    events: Generator[Any, None, T],
    *,
    cancel: CancelFlag | None = None,
    quiet: bool = False,
    on_event: Callable[[Any], None] | None = None,
) -> T:
    """Run a core generator: each event to on_event (default: progress on stderr); Ctrl+C sets
    the cancel flag, so the operation stops cleanly at its next step."""
    previous = signal.getsignal(signal.SIGINT)
    if cancel is not None:
        signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        return each(events, (lambda _event: None) if quiet else (on_event or show))
    finally:
        signal.signal(signal.SIGINT, previous)
        if not quiet and sys.stderr.isatty():
            sys.stderr.write("\n")


class _ProgressLog:
    """Progress for a log file (stderr is no terminal): a line per phase and per tenth."""

    def __init__(self) -> None:
        self.last: tuple[str, int] | None = None

    def write(self, event: Progress) -> None:
        """A new line when the phase or the tenth done changed."""
        tenth = event.done * 10 // event.total if event.total else 10
        if self.last == (event.phase, tenth):
            return
        self.last = (event.phase, tenth)
        name = f" {Path(event.current).name}" if event.current else ""
        sys.stderr.write(f"{event.phase}: {event.done}/{event.total}{name}\n")


_progress_log = _ProgressLog()


def show(event: object) -> None:
    """One progress line (rewritten on a terminal, a line per tenth in a log file), or a
    line per failed file."""
    if isinstance(event, Progress) and not sys.stderr.isatty():
        _progress_log.write(event)
    elif isinstance(event, Progress):
        width = 30
        filled = int(width * event.done / event.total) if event.total else width
        name = Path(event.current).name[:40] if event.current else ""
        sys.stderr.write(
            f"\r{event.phase}: [{'#' * filled}{'.' * (width - filled)}] "
            f"{event.done}/{event.total} {name:<40}"
        )
    elif isinstance(event, FileOutcome) and event.status in PROBLEMS:
        sys.stderr.write(f"\n✗ {event.path}: {event.message}\n")


def print_report(report: ImportReport, what: str = "Import") -> None:
    """The report of an import (or a sync): problems with reasons, warnings, the summary."""
    for outcome in report.outcomes:
        if outcome.status in PROBLEMS:
            print(f"✗ {outcome.path}\n    {outcome.message}")
        for warning in outcome.warnings:
            print(f"! {outcome.path}\n    {warning}")
    print(f"{what}: {report.summary()}")


EMBED_CANCELLED = (
    "Vektoren: abgebrochen. Die Volltextsuche findet alles; die übrigen Vektoren berechnet "
    "„onboard embed“ (oder der nächste Import)."
)


def embed(kb: KnowledgeBase) -> bool:
    """Compute missing vectors with progress; Ctrl+C stops after the current batch. Returns
    whether all were computed (False: cancelled)."""
    cancel = CancelFlag()
    done = drive(kb.embed_pending(cancel=cancel), cancel=cancel)
    if done:
        print(f"Vektoren berechnet: {done}")
    if cancel.cancelled:
        print(EMBED_CANCELLED)
    return not cancel.cancelled


def print_hits(hits: list[Any]) -> None:
    """Numbered search hits with title, collection, position and a snippet."""
    if not hits:
        print("Keine Treffer.")
    for number, hit in enumerate(hits, 1):
        snippet = " ".join(hit.chunk.text.split())[:220]
        print(f"[{number}] {hit.chunk.title} – {hit.chunk.collection}, {hit.position}")
        for note in hit.notes():
            print(f"    ! {note}")
        print(f"    {snippet}…\n")
