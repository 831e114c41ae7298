"""The worker module: events as signals on the GUI thread, results, German errors, cancel, stop."""

import threading
from collections.abc import Generator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from onboard.core.ingest import CancelFlag
from onboard.core.llm import ModelError
from onboard.core.store import ReadOnlyError
from onboard.gui.tasks import (
    BACKGROUND,
    CANCELLED,
    FAILED,
    LONG,
    SUCCEEDED,
    URGENT,
    TaskRunner,
    describe_error,
    start_logging,
    stop_logging,
)

TIMEOUT_MS = 10_000


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    """A runner that is shut down after the test."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def counting(threads: list[QThread | None], count: int) -> object:
    """Work that yields 0..count-1 (noting its thread) and returns their sum."""

    def work(cancel: CancelFlag) -> Generator[int, None, int]:
        threads.append(QThread.currentThread())
        yield from range(count)
        return sum(range(count))

    return work


def test_events_and_result_arrive_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    """Each yielded event is a signal, the return value comes last; work ran elsewhere."""
    worker_threads: list[QThread | None] = []
    seen: list[tuple[int, QThread | None]] = []
    task = runner.submit("a", counting(worker_threads, 5), name="Zählen")  # type: ignore[arg-type]
    task.progressed.connect(lambda event: seen.append((event, QThread.currentThread())))
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS):
        pass
    assert [event for event, _ in seen] == [0, 1, 2, 3, 4]
    gui = QThread.currentThread()
    assert all(thread is gui for _, thread in seen)
    assert worker_threads[0] is not gui
    assert task.state == SUCCEEDED and task.result == 10


def test_plain_functions_return_their_value(qtbot: QtBot, runner: TaskRunner) -> None:
    """Work that is no generator just returns."""
    task = runner.submit("a", lambda cancel: 42, name="Antwort")
    with qtbot.waitSignal(task.succeeded, timeout=TIMEOUT_MS) as blocker:
        pass
    assert blocker.args == [42]


def test_an_exception_becomes_a_german_message_and_a_log_entry(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Unexpected errors: a German sentence naming the log; the traceback is in the log."""
    log_path = start_logging(tmp_path)
    runner = TaskRunner(log_path=log_path)

    def broken(cancel: CancelFlag) -> None:
        raise ValueError("internal detail")

    try:
        task = runner.submit("a", broken, name="Kaputt")
        with qtbot.waitSignal(task.failed, timeout=TIMEOUT_MS) as blocker:
            pass
    finally:
        runner.shutdown()
        stop_logging(tmp_path)
    message = blocker.args[0]
    assert message.startswith("Ein unerwarteter Fehler ist aufgetreten.")
    assert str(log_path) in message and "internal detail" not in message
    assert task.state == FAILED
    log = log_path.read_text(encoding="utf-8")
    assert "Traceback" in log and "ValueError: internal detail" in log


def test_known_errors_keep_their_german_text() -> None:
    """ModelError messages are German already; files and memory get their own sentence."""
    assert describe_error(ModelError("Die Modelldatei fehlt.")) == "Die Modelldatei fehlt."
    assert describe_error(ReadOnlyError("Schreibgeschützt.")) == "Schreibgeschützt."
    assert "„/x/y“" in describe_error(FileNotFoundError(2, "No such file", "/x/y"))
    assert "Arbeitsspeicher" in describe_error(MemoryError())


def test_one_lane_runs_tasks_in_order_and_lanes_run_in_parallel(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    """A blocked lane does not block another lane; a lane's tasks keep their order."""
    release = threading.Event()
    order: list[str] = []

    def blocking(cancel: CancelFlag) -> str:
        release.wait(TIMEOUT_MS / 1000)
        order.append("blocking")
        return "blocking"

    first = runner.submit("slow", blocking, name="Warten")
    second = runner.submit("slow", lambda cancel: order.append("second"), name="Danach")
    other = runner.submit("fast", lambda cancel: "fast", name="Anderswo")
    with qtbot.waitSignal(other.succeeded, timeout=TIMEOUT_MS):
        pass
    assert not first.done and not second.done
    release.set()
    with qtbot.waitSignal(second.finished, timeout=TIMEOUT_MS):
        pass
    assert order == ["blocking", "second"]


def test_cancel_stops_a_generator_and_skips_waiting_tasks(qtbot: QtBot, runner: TaskRunner) -> None:
    """The cancel flag reaches the work; a task cancelled before it started never runs."""
    started = threading.Event()
    ran: list[str] = []

    def endless(cancel: CancelFlag) -> Generator[int, None, str]:
        started.set()
        while not cancel.cancelled:
            yield 1
            started.wait(0.01)
        return "gestoppt"

    running = runner.submit("a", endless, name="Endlos")
    waiting = runner.submit("a", lambda cancel: ran.append("x"), name="Wartend")
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT_MS)
    waiting.cancel()
    running.cancel()
    with qtbot.waitSignal(waiting.finished, timeout=TIMEOUT_MS):
        pass
    assert running.result == "gestoppt"
    assert waiting.state == CANCELLED and ran == []


def test_others_waiting_counts_only_more_urgent_work_not_begun(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    """Vectors make way for imports and saves, imports for saves; nothing for its own level."""
    release = threading.Event()
    seen: list[tuple[bool, bool]] = []

    def blocking(cancel: CancelFlag) -> None:
        release.wait(TIMEOUT_MS / 1000)
        seen.append((runner.others_waiting("a", LONG), runner.others_waiting("a", BACKGROUND)))

    assert not runner.others_waiting("a")
    first = runner.submit("a", blocking, name="Blockiert", level=BACKGROUND)
    runner.submit("a", lambda cancel: None, name="Einbettungen", level=BACKGROUND)
    assert not runner.others_waiting("a", BACKGROUND)
    runner.submit("a", lambda cancel: None, name="Import", level=LONG)
    assert runner.others_waiting("a", BACKGROUND) and not runner.others_waiting("a", LONG)
    last = runner.submit("a", blocking, name="Speichern")
    assert runner.others_waiting("a", LONG) and not runner.others_waiting("a", URGENT)
    release.set()
    with qtbot.waitSignal(last.finished, timeout=TIMEOUT_MS):
        pass
    assert first.state == SUCCEEDED
    assert seen == [(True, True), (False, False)]  # seen by the first task, then by the save
    assert not runner.others_waiting("a")


def test_shutdown_cancels_and_joins_running_work(qtbot: QtBot) -> None:
    """Shutdown while a task runs: the cancel flag stops it and the thread is joined."""
    runner = TaskRunner()
    started = threading.Event()

    def waits_for_cancel(cancel: CancelFlag) -> None:
        started.set()
        while not cancel.cancelled:
            started.wait(0.01)

    task = runner.submit("a", waits_for_cancel, name="Lang")
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT_MS)
    assert runner.running_lanes() == ["a"]
    runner.shutdown()
    assert runner.running_lanes() == []
    assert task.cancelled and task.done
    with pytest.raises(RuntimeError):
        runner.submit("a", lambda cancel: None, name="Zu spät")
