"""The one worker module: runs core generators on background lanes and reports through signals."""

import logging
import threading
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from onboard.core.embedders import EmbedderUnavailable
from onboard.core.fulltext import FullTextBusyError
from onboard.core.fulltext_files import FullTextDamagedError
from onboard.core.in_use import KnowledgeBaseInUseError
from onboard.core.ingest import CancelFlag
from onboard.core.llm import ModelError
from onboard.core.storage_errors import storage_problem
from onboard.core.store import ReadOnlyError, StoreDamagedError

LOGGER = logging.getLogger("onboard.gui")
LOG_FILE = "onboard-gui.log"

Work = Callable[[CancelFlag], Any]

# How readily work on a lane stops early for other work queued behind it (see others_waiting).
URGENT = 0  # short changes a user waits for (a page save, metadata): never gives way
LONG = 1  # imports and syncs: give way to urgent work
BACKGROUND = 2  # vectors: give way to urgent work and to imports

PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED = (
    "wartet",
    "läuft",
    "fertig",
    "fehlgeschlagen",
    "abgebrochen",
)


class Task(QObject):
    """One piece of background work; its signals always arrive on the GUI thread.

    progressed(event) for every yielded event, then succeeded(return value) or failed(German
    message), then finished() in every case (also when cancelled before it started).
    """

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self,
        name: str,
        work: Work,
        *,
        lane: str,
        level: int = URGENT,
        parent: QObject | None = None,
    ) -> None:
        """name: German label for logs; work(cancel) returns a value or a generator;
        level: URGENT, LONG or BACKGROUND (how readily the work makes way for other work)."""
        super().__init__(parent)
        self.name = name
        self.lane = lane
        self.level = level
        self.work = work
        self.cancel_flag = CancelFlag()
        self.state = PENDING
        self.result: Any = None
        self.error = ""

    def cancel(self) -> None:
        """Ask the work to stop at its next step (safe from the GUI thread at any time)."""
        self.cancel_flag.cancel()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self.cancel_flag.cancelled

    @property
    def done(self) -> bool:
        """Whether the task has ended (in whatever way)."""
        return self.state in (SUCCEEDED, FAILED, CANCELLED)


class _WaitingCount:
    """How many tasks of each level a lane has queued but not begun (safe from any thread)."""

    def __init__(self) -> None:
        """None yet."""
        self._lock = threading.Lock()
        self._counts = [0] * (BACKGROUND + 1)

    def change(self, level: int, by: int) -> None:
        """One more (+1) or one fewer (-1) of this level."""
        with self._lock:
            self._counts[level] += by

    def below(self, level: int) -> int:
        """How many of a lower (more urgent) level wait."""
        with self._lock:
            return sum(self._counts[:level])


class _LaneWorker(QObject):
    """Lives in a lane's thread and runs the tasks given to it one after the other."""

    started = Signal(object)
    yielded = Signal(object, object)
    succeeded = Signal(object, object)
    failed = Signal(object, str)
    skipped = Signal(object)

    def __init__(self, describe: Callable[[BaseException], str], waiting: _WaitingCount) -> None:
        """describe: turns an exception into a German message; waiting: the lane's count."""
        super().__init__()
        self._describe = describe
        self._waiting = waiting

    @Slot(object)
    def run(self, task: Task) -> None:
        """Run one task to its end; never lets an exception escape into Qt."""
        self._waiting.change(task.level, -1)
        if task.cancelled:
            self.skipped.emit(task)
            return
        self.started.emit(task)
        try:
            value = self._drive(task)
        except Exception as error:
            LOGGER.error("Hintergrundaufgabe „%s“ fehlgeschlagen", task.name, exc_info=error)
            self.failed.emit(task, self._describe(error))
            return
        self.succeeded.emit(task, value)

    def _drive(self, task: Task) -> Any:
        """Call the work; a generator is iterated, each event passed on, its return value kept."""
        outcome = task.work(task.cancel_flag)
        if not isinstance(outcome, Generator):
            return outcome
        while True:
            try:
                item = next(outcome)
            except StopIteration as stop:
                return stop.value
            self.yielded.emit(task, item)


class _Lane(QObject):
    """A named thread with its worker; dispatch() queues a task onto it."""

    dispatch = Signal(object)

    def __init__(self, name: str, describe: Callable[[BaseException], str]) -> None:
        """Create the thread (started lazily) and move a worker into it."""
        super().__init__()
        self.name = name
        self.qthread = QThread()
        self.qthread.setObjectName(f"onboard-{name}")
        self.waiting = _WaitingCount()
        self.worker = _LaneWorker(describe, self.waiting)
        self.worker.moveToThread(self.qthread)
        self.qthread.finished.connect(self.worker.deleteLater)
        self.dispatch.connect(self.worker.run, Qt.ConnectionType.QueuedConnection)


class TaskRunner(QObject):
    """Owns every background thread of the GUI: one lane (thread) per kind of work.

    Tasks on one lane run one after the other (so a lane's resources, such as its
    KnowledgeBase or the chat model, are used by one thread at a time); lanes run in
    parallel, so an import never blocks an answer.
    """

    def __init__(self, parent: QObject | None = None, *, log_path: Path | None = None) -> None:
        """log_path: the file where tracebacks go (named in unexpected-error messages)."""
        super().__init__(parent)
        self.log_path = log_path
        self._lanes: dict[str, _Lane] = {}
        self._tasks: list[Task] = []
        self._closed = False

    def submit(self, lane: str, work: Work, *, name: str, level: int = URGENT) -> Task:
        """Queue work(cancel) on a lane; returns the Task to connect to before control returns.

        level: LONG or BACKGROUND for long work that stops early when others_waiting says so.
        """
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        task = Task(name, work, lane=lane, level=level, parent=self)
        self._tasks.append(task)
        queue = self._lane(lane)
        queue.waiting.change(level, +1)
        queue.dispatch.emit(task)
        return task

    def others_waiting(self, lane: str, level: int = BACKGROUND) -> bool:
        """Whether work more urgent than level is queued on a lane and not begun (safe to ask
        from the lane's own thread)."""
        queue = self._lanes.get(lane)
        return queue is not None and queue.waiting.below(level) > 0

    def busy(self, lane: str | None = None) -> bool:
        """Whether any (or this lane's) task is waiting or running (also asked from lanes)."""
        tasks = list(self._tasks)  # a snapshot: the GUI thread adds and removes tasks
        return any(not task.done for task in tasks if lane is None or task.lane == lane)

    def cancel_all(self) -> None:
        """Ask every waiting or running task to stop."""
        for task in self._tasks:
            if not task.done:
                task.cancel()

    def shutdown(self) -> None:
        """Cancel everything, stop every lane's thread and wait for it (called on close)."""
        if self._closed:
            return
        self._closed = True
        self.cancel_all()
        for lane in self._lanes.values():
            lane.qthread.quit()
        for lane in self._lanes.values():
            lane.qthread.wait()
        self._lanes.clear()
        for task in self._tasks:
            task.state = CANCELLED
        self._tasks.clear()

    def running_lanes(self) -> list[str]:
        """Names of the lanes whose thread is running."""
        return [name for name, lane in self._lanes.items() if lane.qthread.isRunning()]

    def describe(self, error: BaseException) -> str:
        """A German message for an exception; tracebacks stay in the log file."""
        return describe_error(error, self.log_path)

    # internals ------------------------------------------------------------------------
    def _lane(self, name: str) -> _Lane:
        """The lane of this name, created and started on first use."""
        lane = self._lanes.get(name)
        if lane is None:
            lane = _Lane(name, self.describe)
            lane.setParent(self)
            worker = lane.worker
            queued = Qt.ConnectionType.QueuedConnection
            worker.started.connect(self._on_started, queued)
            worker.yielded.connect(self._on_event, queued)
            worker.succeeded.connect(self._on_succeeded, queued)
            worker.failed.connect(self._on_failed, queued)
            worker.skipped.connect(self._on_skipped, queued)
            lane.qthread.start()
            self._lanes[name] = lane
        return lane

    @Slot(object)
    def _on_started(self, task: Task) -> None:
        """A lane began a task."""
        if not self._closed:
            task.state = RUNNING

    @Slot(object, object)
    def _on_event(self, task: Task, item: object) -> None:
        """Pass a yielded event on, on the GUI thread."""
        if not self._closed:
            task.progressed.emit(item)

    @Slot(object, object)
    def _on_succeeded(self, task: Task, value: object) -> None:
        """The work returned."""
        if self._closed:
            return
        task.state, task.result = SUCCEEDED, value
        task.succeeded.emit(value)
        self._end(task)

    @Slot(object, str)
    def _on_failed(self, task: Task, message: str) -> None:
        """The work raised."""
        if self._closed:
            return
        task.state, task.error = FAILED, message
        task.failed.emit(message)
        self._end(task)

    @Slot(object)
    def _on_skipped(self, task: Task) -> None:
        """The task was cancelled before it started."""
        if self._closed:
            return
        task.state = CANCELLED
        self._end(task)

    def _end(self, task: Task) -> None:
        """Announce the end and forget the task."""
        task.finished.emit()
        if task in self._tasks:
            self._tasks.remove(task)
        task.deleteLater()


# Errors whose message is German and meant for the user.
GERMAN_ERRORS = (
    ModelError,
    EmbedderUnavailable,
    ReadOnlyError,
    FullTextBusyError,
    FullTextDamagedError,
    StoreDamagedError,
    KnowledgeBaseInUseError,
)


def describe_error(error: BaseException, log_path: Path | None = None) -> str:
    """A German message for an exception, never a traceback."""
    if isinstance(error, GERMAN_ERRORS):
        return str(error)
    if isinstance(error, MemoryError):
        return "Nicht genug Arbeitsspeicher. Bitte schließen Sie andere Programme."
    problem = storage_problem(error)
    if problem is not None:
        return problem
    where = f" Einzelheiten stehen in der Protokolldatei „{log_path}“." if log_path else ""
    return (
        "Ein unerwarteter Fehler ist aufgetreten. Bitte versuchen Sie es noch einmal oder "
        "wenden Sie sich an die IT." + where
    )


_handlers: dict[Path, logging.Handler] = {}


def start_logging(home: Path) -> Path:
    """Write warnings and tracebacks of the GUI to a log file in the home folder."""
    path = home / LOG_FILE
    if path not in _handlers:
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        LOGGER.addHandler(handler)
        LOGGER.setLevel(logging.INFO)
        _handlers[path] = handler
    return path


def stop_logging(home: Path) -> None:
    """Close the log file of a home folder."""
    handler = _handlers.pop(home / LOG_FILE, None)
    if handler is not None:
        LOGGER.removeHandler(handler)
        handler.close()
