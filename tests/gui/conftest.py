"""Fixtures for the window tests: a window factory with fake embedder and model, slow fakes."""

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from onboard.gui import jobs
from onboard.gui.background import ModelState
from onboard.gui.main_window import MainWindow
from onboard.gui.tasks import RUNNING, Task, TaskRunner
from tests.fakes import HashingEmbedder, RefusingChatModel, ScriptedChatModel

TIMEOUT_MS = 30_000


class GatedChatModel(ScriptedChatModel):
    """Streams the first pieces at once, every further piece only after gate is set.

    While it waits it checks the cancel flag, so Esc ends it without any sleep in the test.
    """

    def __init__(self, reply: str, *, free: int = 1) -> None:
        """reply: the text to stream; free: pieces streamed before waiting for the gate."""
        super().__init__(reply)
        self.gate = threading.Event()
        self.free = free

    def stream_chat(
        self, messages: list[dict[str, str]], *, max_tokens: int, cancel: Any = None
    ) -> Iterator[str]:
        """Yield piece by piece, waiting on the gate between pieces."""
        self.prompts.append(messages)
        for index, piece in enumerate(re.findall(r"\S+\s*", self.reply)):
            while index >= self.free and not self.gate.wait(0.02):
                if cancel is not None and cancel.cancelled:
                    return
            if index >= max_tokens or (cancel is not None and cancel.cancelled):
                return
            yield piece


def failing_model() -> RefusingChatModel:
    """A model that breaks with an (English, internal) RuntimeError."""
    return RefusingChatModel(RuntimeError("llama_decode returned -3 (internal detail)"))


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def app_settings(tmp_path: Path) -> QSettings:
    """QSettings in a file under tmp (never the user's real configuration)."""
    return QSettings(str(tmp_path / "onboard-qsettings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(
    qtbot: QtBot, isolated_home: Path, app_settings: QSettings
) -> Iterator[WindowFactory]:
    """Build windows on the tmp home with the hashing embedder; shut them down afterwards."""
    windows: list[MainWindow] = []

    def make(model: Any = None, **options: Any) -> MainWindow:
        options.setdefault("model_loader", lambda: model)
        options.setdefault("prepare_model", False)
        window = MainWindow(
            isolated_home, embedder=HashingEmbedder(), app_settings=app_settings, **options
        )
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


def wait_ready(qtbot: QtBot, window: MainWindow, *, timeout: int = TIMEOUT_MS) -> None:
    """Until the library is imported and embedded and the model lane has finished."""
    qtbot.waitUntil(
        lambda: (
            not window.runner.busy(jobs.LIBRARY)
            and window.background.model_state != ModelState.PREPARING
        ),
        timeout=timeout,
    )


def ask(qtbot: QtBot, window: MainWindow, question: str, *, timeout: int = TIMEOUT_MS) -> None:
    """Type a question, press Enter, wait until the answer is in the history."""
    before = len(window.history)
    window.question.setText(question)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.history) > before, timeout=timeout)


class StandInAnswer:
    """A task on the answer lane that runs until released, like a streaming answer."""

    def __init__(self, qtbot: QtBot, runner: TaskRunner) -> None:
        """Not started."""
        self._qtbot, self._runner = qtbot, runner
        self._release = threading.Event()

    def start(self) -> Task:
        """Submit the answer and wait until it runs."""
        task = self._runner.submit(
            jobs.ANSWER, lambda cancel: self._release.wait(TIMEOUT_MS / 1000), name="Antwort"
        )
        self._qtbot.waitUntil(lambda: task.state == RUNNING, timeout=TIMEOUT_MS)
        return task

    def release(self) -> None:
        """Let the answer end."""
        self._release.set()


@pytest.fixture
def stand_in_answer(qtbot: QtBot, runner: TaskRunner) -> Iterator[StandInAnswer]:
    """An answer to start on the test's runner; released at the end of the test in any case,
    before the runner shuts down."""
    answer = StandInAnswer(qtbot, runner)
    yield answer
    answer.release()
