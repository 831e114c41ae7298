"""While the question is typed, the model reads its prompt ahead (after each word or pause)."""

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QLineEdit

from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ChatModel
from onboard.core.read_ahead import read_ahead
from onboard.gui.tasks import Task, TaskRunner, Work

# Reading ahead starts when a word is complete (space or punctuation typed) or after a pause
# this long; each new start replaces the last, and the model keeps what both prompts share.
PAUSE_MS = 400
WORD_ENDS = (" ", "?", ".", ",", "!")


class ReadAhead(QObject):
    """Starts read-ahead work on the answer lane after each completed word or typing pause; the
    next start or an answer cancels it (the answer reuses whatever the model has read)."""

    def __init__(
        self,
        runner: TaskRunner,
        lane: str,
        field: QLineEdit,
        work_for: Callable[[str], Work | None],
        parent: QObject | None = None,
    ) -> None:
        """work_for(question) gives the work to run, or None when there is nothing to read."""
        super().__init__(parent)
        self._runner = runner
        self._lane = lane
        self._field = field
        self._work_for = work_for
        self.task: Task | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._paused)
        self._started_for = ""
        field.textEdited.connect(self._edited)

    @Slot(str)
    def _edited(self, text: str) -> None:
        """A completed word replaces the running read-ahead at once; inside a word the running
        one goes on (its sources most likely stay) until a pause or the next word."""
        if text.endswith(WORD_ENDS):
            self._start()
        else:
            self._timer.start()

    @Slot()
    def _paused(self) -> None:
        """A typing pause: read ahead for the question as it stands once the running read-ahead
        is done (a half-typed word should not cut off the reading of the words before it)."""
        if self.task is not None and not self.task.done:
            self._timer.start()
        elif self._field.text().strip() != self._started_for:
            self._start()

    def _start(self) -> None:
        """Read ahead for the question as it stands, instead of any earlier read-ahead."""
        self.cancel()
        question = self._field.text().strip()
        self._started_for = question
        work = self._work_for(question)
        if work is not None:
            self.task = self._runner.submit(self._lane, work, name="Quellen vorauslesen")

    def run(self, work: Work, *, name: str) -> None:
        """Run other reading work (the example questions) in place of any read-ahead; typing and
        answers stop it the same way."""
        self.cancel()
        self.task = self._runner.submit(self._lane, work, name=name)

    def cancel(self) -> None:
        """Stop waiting and stop the running read-ahead at its next step."""
        self._timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task = None


def typed_question_work(
    kb: KnowledgeBase,
    question: str,
    *,
    model: ChatModel,
    collections: list[str] | None,
    previous: str | None,
) -> Work:
    """The model reads the prompt of the question being typed (previous: as for ask())."""
    return lambda cancel: read_ahead(
        kb, question, model=model, collections=collections, cancel=cancel, previous=previous
    )


def example_questions_work(
    kb: KnowledgeBase, questions: list[str], *, model: ChatModel, collections: list[str] | None
) -> Work:
    """The model reads the example questions' prompts and keeps them for a click."""

    def read_examples(cancel: CancelFlag) -> None:
        for question in questions:
            read_ahead(kb, question, model=model, collections=collections, cancel=cancel, keep=True)

    return read_examples
