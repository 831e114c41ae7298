"""Garbage is collected on the GUI thread only (a worker's collection could freeze the window)."""

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from onboard.gui.gui_thread_gc import GuiThreadCollector
from tests.gui.conftest import TIMEOUT_MS, WindowFactory


class _Cycle:
    """An object that refers to itself: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_garbage_a_worker_leaves_is_collected_on_the_gui_thread(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """A worker that crosses the collection threshold collects nothing; the GUI thread's
    timer frees the garbage soon after. One collector for the application, however many
    windows."""
    make_window()
    make_window()
    assert not gc.isenabled()
    assert len(QApplication.instance().findChildren(GuiThreadCollector)) == 1
    freed_on: list[str] = []
    cycle = _Cycle()
    weakref.finalize(cycle, lambda: freed_on.append(threading.current_thread().name))
    del cycle

    def busy_worker() -> None:
        garbage = [_Cycle() for _ in range(5 * gc.get_threshold()[0])]
        del garbage

    worker = threading.Thread(target=busy_worker, name="worker")
    worker.start()
    worker.join()
    assert freed_on == []
    qtbot.waitUntil(lambda: freed_on == ["MainThread"], timeout=TIMEOUT_MS)
