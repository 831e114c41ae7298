"""The answer being produced: one at a time on the answer lane, streamed into the panel."""

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

from onboard.core.answer import AnswerResult, AnswerToken, Source, SourcesFound
from onboard.gui.answer_panel import AnswerPanel, HistoryEntry
from onboard.gui.tasks import Task, TaskRunner, Work
from onboard.gui.widgets import BUSY


@dataclass
class _Run:
    """The answer being produced: its task and what has streamed so far."""

    task: Task
    entry: HistoryEntry
    sources: list[Source]
    text: str = ""


class AnswerRuns(QObject):
    """Runs one answer at a time on a lane; its sources and pieces go to the panel as they
    come. A new answer replaces the running one, whose late events are ignored.

    ended(entry, sources): an answer ended with a result or an error (not when replaced).
    """

    ended = Signal(object, object)

    def __init__(
        self, runner: TaskRunner, lane: str, panel: AnswerPanel, cancel_button: QPushButton
    ) -> None:
        """Answers run on runner's lane; cancel_button is enabled while one runs."""
        super().__init__(panel)
        self._runner = runner
        self._lane = lane
        self._panel = panel
        self._cancel_button = cancel_button
        self._run: _Run | None = None

    @property
    def running(self) -> bool:
        """Whether an answer is being produced."""
        return self._run is not None

    @property
    def sources(self) -> list[Source]:
        """The sources of the answer being produced (none before they are found)."""
        return self._run.sources if self._run is not None else []

    def start(self, entry: HistoryEntry, work: Work) -> None:
        """Produce the answer for entry with work (a running answer is abandoned)."""
        self.abandon()
        task = self._runner.submit(self._lane, work, name="Antwort")
        run = _Run(task, entry, [])
        self._run = run
        task.progressed.connect(lambda event: self._on_event(run, event))
        task.succeeded.connect(lambda result: self._on_done(run, result))
        task.failed.connect(lambda message: self._on_failed(run, message))
        self._panel.begin(entry.follow_up_of)
        self._cancel_button.setEnabled(True)

    def cancel(self) -> None:
        """Stop the running answer; it ends as 'abgebrochen'."""
        run = self._run
        if run is None:
            return
        run.task.cancel()
        self._panel.answer_state.set_state(BUSY, "Antwort wird abgebrochen …")
        self._cancel_button.setEnabled(False)

    def abandon(self) -> None:
        """Stop a running answer without waiting for it; its late events are ignored."""
        if self._run is not None:
            self._run.task.cancel()
            self._run = None
            self._cancel_button.setEnabled(False)

    def _on_event(self, run: _Run, event: object) -> None:
        """Sources first, then answer pieces."""
        if run is not self._run:
            return
        if isinstance(event, SourcesFound):
            run.sources = event.sources
            self._panel.sources_found(
                event.sources, run.entry.model_state, event.expired, event.respelt
            )
        elif isinstance(event, AnswerToken):
            run.text += event.text
            self._panel.stream(run.text, len(run.sources))

    def _on_done(self, run: _Run, result: AnswerResult) -> None:
        """The answer is complete (or was cancelled)."""
        entry = run.entry
        entry.result = result
        entry.partial = run.text
        entry.cancelled = run.task.cancelled or result.cancelled
        self._finish(run)

    def _on_failed(self, run: _Run, message: str) -> None:
        """The answer failed: a German message, the traceback is in the log file."""
        if run is not self._run:
            return
        run.entry.error = message
        run.entry.partial = run.text
        self._finish(run)

    def _finish(self, run: _Run) -> None:
        """Report a finished run unless it was replaced."""
        if run is not self._run:
            return
        self._run = None
        self._cancel_button.setEnabled(False)
        if run.entry.result is not None or run.entry.error:
            self.ended.emit(run.entry, run.sources)
