"""The editor's access to the knowledge base: reads here, every change on the library lane."""

from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.gui import jobs
from onboard.gui.embedding import EmbeddingRun
from onboard.gui.giving_way import ImportRun
from onboard.gui.tasks import Task, TaskRunner

EMBED_NAME = "Einbettungen (Redaktion)"


class EditorLane(QObject):
    """Quick reads use reader (the GUI thread's KnowledgeBase); every write runs on the
    library lane with that lane's own KnowledgeBase, one after the other with imports and
    embeddings, so no KnowledgeBase is ever used from two threads."""

    changed = Signal()
    step = Signal(object)
    step_finished = Signal(str, bool)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        reader: KnowledgeBase,
        writer: KnowledgeBase,
        parent: QObject | None = None,
    ) -> None:
        """runner: the window's TaskRunner; writer belongs to the library lane."""
        super().__init__(parent)
        self.runner = runner
        self.reader = reader
        self._writer = writer

    @property
    def home(self) -> Path:
        """The knowledge base's folder (images of pages are kept there)."""
        return self.reader.home

    def write(
        self,
        name: str,
        work: Callable[[KnowledgeBase], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> Task:
        """Run work(kb) on the library lane; done(value) or failed(German message) follow on
        the GUI thread, then changed."""
        writer = self._writer
        task = self.runner.submit(
            jobs.LIBRARY, lambda cancel: jobs.refusing(lambda: work(writer)), name=name
        )

        def succeeded(value: object) -> None:
            if isinstance(value, jobs.Refused):
                if failed is not None:
                    failed(value.message)
                return
            if done is not None:
                done(value)
            self.changed.emit()

        task.succeeded.connect(succeeded)
        task.failed.connect(lambda message: failed(message) if failed is not None else None)
        return task

    def stream(
        self,
        name: str,
        work: Callable[[KnowledgeBase, CancelFlag], Generator[Any, None, Any]],
    ) -> ImportRun:
        """A long change (an import, a sync) on the library lane that makes way for every
        short change (a save waits for one file, not for the import): the caller connects
        the run."""
        writer = self._writer
        run = ImportRun(self.runner, lambda cancel: work(writer, cancel), name=name).start()
        run.finished.connect(self.changed.emit)
        return run

    def embed(self) -> EmbeddingRun:
        """Vectors for new passages, so the search by meaning follows (full text is at once);
        it makes way for every later change, which therefore never waits for it."""
        run = EmbeddingRun(self.runner, self._writer, name=EMBED_NAME).start()
        run.progressed.connect(self.step.emit)
        run.succeeded.connect(lambda summary: self.step_finished.emit(summary.text(), False))
        run.failed.connect(
            lambda message: self.step_finished.emit(
                "Die Suche nach Bedeutung ist nicht verfügbar, die Volltextsuche schon. " + message,
                True,
            )
        )
        run.finished.connect(self.changed.emit)
        return run
