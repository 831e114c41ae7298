"""Python's cycle collector runs on the GUI thread only.

Run on a worker thread (wherever an allocation crosses the threshold), it may destroy a Qt
object that belongs to the GUI thread. Its destructor takes Qt's connection lock and then asks
for the interpreter lock, while the GUI thread holds the interpreter lock and waits for the
connection lock (seen in a window test: the window froze for good). So automatic collection is
switched off and a GUI-thread timer collects whenever a generation is over its threshold.
"""

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_MS = 500


class GuiThreadCollector(QObject):
    """Collects garbage on the GUI thread, generation by generation as Python would."""

    def __init__(self, app: QCoreApplication) -> None:
        """Switch automatic collection off and check every CHECK_MS on app's thread."""
        super().__init__(app)
        self.setObjectName("gui-thread-gc")
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count is over its threshold; returns how many
        objects were unreachable (0 when nothing was due)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
        return gc.collect(max(due)) if due else 0


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector (made once)."""
    found = app.findChild(GuiThreadCollector, "gui-thread-gc")
    return found if found is not None else GuiThreadCollector(app)
