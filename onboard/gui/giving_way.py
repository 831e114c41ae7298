"""Long library work in slices that make way for more urgent work queued behind it."""

from collections.abc import Callable
from typing import Any, Self

from PySide6.QtCore import QObject, Signal

from onboard.core.ingest import CancelFlag, FileOutcome, ImportReport
from onboard.gui import jobs
from onboard.gui.tasks import LONG, Task, TaskRunner

_NOTHING = object()  # no slice has returned yet


class GivingWayRun(QObject):
    """Runs work(stop) on the library lane. When more urgent work is queued meanwhile (a page
    save while importing, an import while computing vectors), stop tells the work to end
    early, and the rest is queued as a new slice behind that work; the work must take up
    where it stopped (it skips what is already done). Each slice's result is merged into the
    earlier ones. While an answer is computed or read ahead, the work pauses at its next check
    (between two files or two batches of vectors): both need the two cores.

    Signals as a Task's, once for the whole run: progressed(event), then succeeded(merged
    result) or failed(German message), then finished().
    """

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self, runner: TaskRunner, work: Callable[[CancelFlag], Any], *, name: str, level: int
    ) -> None:
        """name: German label of each slice's task; level: LONG or BACKGROUND. The run
        belongs to the runner and deletes itself when finished."""
        super().__init__(runner)
        self._runner = runner
        self._work = work
        self.name = name
        self.level = level
        self.slices = 0
        self._result: Any = _NOTHING
        self._task: Task | None = None
        self._stop = CancelFlag()
        self._reported = False
        self.finished.connect(self.deleteLater)

    def start(self) -> Self:
        """Queue the first slice; returns self to connect to."""
        self._queue_slice()
        return self

    def cancel(self) -> None:
        """Stop at the next step; no further slice follows."""
        self._stop.cancel()
        if self._task is not None:
            self._task.cancel()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._stop.cancelled

    # to be refined by kinds of work -----------------------------------------------------
    def merged(self, earlier: Any, later: Any) -> Any:
        """The result of two slices together (default: the later one)."""
        return later

    def stopped(self, result: Any) -> Any:
        """The result when the run was cancelled between two slices."""
        return result

    def passed_on(self, event: object) -> object | None:
        """An event as the run's listeners see it; None drops it."""
        return event

    # internals ----------------------------------------------------------------------------
    def _queue_slice(self) -> None:
        """One task that works until done or until more urgent work waits."""
        runner, level, work = self._runner, self.level, self._work
        flags: list[jobs.GiveWayFlag] = []

        def sliced(cancel: CancelFlag) -> Any:
            flag = jobs.GiveWayFlag(
                cancel,
                lambda: runner.others_waiting(jobs.LIBRARY, level),
                lambda: runner.busy(jobs.ANSWER),  # an answer gets the cores meanwhile
            )
            flags.append(flag)
            return work(flag)

        task = runner.submit(jobs.LIBRARY, sliced, name=self.name, level=level)
        self.slices += 1
        self._task = task
        task.progressed.connect(self._pass_on)
        task.succeeded.connect(lambda value: self._slice_done(value, flags))
        task.failed.connect(self._fail)
        task.finished.connect(lambda: self._slice_finished(task))

    def _pass_on(self, event: object) -> None:
        """Progress of a slice, as the run's."""
        shown = self.passed_on(event)
        if shown is not None:
            self.progressed.emit(shown)

    def _slice_done(self, value: Any, flags: list[jobs.GiveWayFlag]) -> None:
        """Go on behind the waiting work, or report the whole run."""
        earlier = self._result
        self._result = value if earlier is _NOTHING else self.merged(earlier, value)
        if flags and flags[0].gave_way and not self.cancelled:
            self._queue_slice()
        else:
            self._reported = True
            self.succeeded.emit(self._result)

    def _fail(self, message: str) -> None:
        """A slice failed: so did the run."""
        self._reported = True
        self.failed.emit(message)

    def _slice_finished(self, task: Task) -> None:
        """The run ends with its last slice; cancelled before that slice began, it reports
        what the earlier slices did."""
        if task is not self._task:
            return
        if not self._reported and self._result is not _NOTHING:
            self._reported = True
            self.succeeded.emit(self.stopped(self._result))
        self.finished.emit()


class ImportRun(GivingWayRun):
    """An import or a sync that makes way for urgent work. A later slice skips the files an
    earlier one stored (they are unchanged now), so its report and its progress go on where
    the earlier slice stopped; a file is reported once."""

    def __init__(self, runner: TaskRunner, work: Callable[[CancelFlag], Any], *, name: str):
        """work(cancel) returns an import generator (events, then an ImportReport)."""
        super().__init__(runner, work, name=name, level=LONG)
        self._paths: set[str] = set()
        self._furthest = 0

    def merged(self, earlier: ImportReport, later: ImportReport) -> ImportReport:
        """Each file's first outcome; cancelled as the later slice was."""
        known = {outcome.path for outcome in earlier.outcomes}
        fresh = [outcome for outcome in later.outcomes if outcome.path not in known]
        return ImportReport(outcomes=earlier.outcomes + fresh, cancelled=later.cancelled)

    def stopped(self, result: ImportReport) -> ImportReport:
        """Cancelled between two slices."""
        return ImportReport(outcomes=list(result.outcomes), cancelled=True)

    def passed_on(self, event: object) -> object | None:
        """Drop a file's second outcome and progress behind the furthest so far."""
        if isinstance(event, FileOutcome):
            if event.path in self._paths:
                return None
            self._paths.add(event.path)
            return event
        done = getattr(event, "done", None)
        if isinstance(done, int):
            if done < self._furthest:
                return None
            self._furthest = done
        return event
