"""Vectors computed on the library lane in slices that make way for other library work."""

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from onboard.core.kb import KnowledgeBase
from onboard.gui import jobs
from onboard.gui.tasks import Task, TaskRunner


class EmbeddingRun(QObject):
    """Computes every missing vector on the library lane. When other library work is queued
    (a page save, an import, a change of metadata), the current slice stops after its batch
    and a new slice is queued behind that work: a save never waits for a long embedding.

    Signals as a Task's, once for the whole run: progressed(Step), then succeeded(summary
    over all slices) or failed(German message), then finished().
    """

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, runner: TaskRunner, kb: KnowledgeBase, *, name: str) -> None:
        """kb: the library lane's knowledge base; name: German label of each slice's task.
        The run belongs to the runner and deletes itself when finished."""
        super().__init__(runner)
        self._runner = runner
        self._kb = kb
        self.name = name
        self.slices = 0
        self._embedded = 0
        self._task: Task | None = None
        self.finished.connect(self.deleteLater)

    def start(self) -> "EmbeddingRun":
        """Queue the first slice; returns self to connect to."""
        self._queue_slice()
        return self

    def cancel(self) -> None:
        """Stop at the next batch; no further slice follows."""
        if self._task is not None:
            self._task.cancel()

    def _queue_slice(self) -> None:
        """One task that embeds until done or until other library work waits."""
        runner, kb = self._runner, self._kb
        task = runner.submit(
            jobs.LIBRARY,
            lambda cancel: jobs.compute_embeddings(
                kb, cancel=cancel, make_way=lambda: runner.others_waiting(jobs.LIBRARY)
            ),
            name=self.name,
            gives_way=True,
        )
        self.slices += 1
        self._task = task
        task.progressed.connect(self.progressed.emit)
        task.succeeded.connect(lambda summary: self._slice_done(task, summary))
        task.failed.connect(self.failed.emit)
        task.finished.connect(lambda: self._slice_finished(task))

    def _slice_done(self, task: Task, summary: jobs.LibrarySummary) -> None:
        """Go on behind the waiting work, or report the whole run."""
        self._embedded += summary.embedded
        if summary.paused and not task.cancelled:
            self._queue_slice()
        else:
            self.succeeded.emit(replace(summary, embedded=self._embedded))

    def _slice_finished(self, task: Task) -> None:
        """The run ends with its last slice."""
        if task is self._task:
            self.finished.emit()
