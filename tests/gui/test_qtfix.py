"""PySide6 6.12 on Python 3.11 loses references to None and True; onboard.gui pins them."""

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from onboard.gui import qtfix


class Sender(QObject):
    """A signal with an argument."""

    fired = Signal(object)


def test_singletons_are_pinned_wherever_signals_lose_references(qtbot: QtBot) -> None:
    """Measure the loss of C++ slot calls and emits; if there is one, the pin must be there."""
    button = QPushButton()
    qtbot.addWidget(button)
    clicks: list[int] = []
    button.clicked.connect(lambda: clicks.append(1))
    sender = Sender()
    received: list[object] = []
    sender.fired.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for number in range(1000):
        button.click()
        sender.fired.emit(number)
    none_lost = none_before - sys.getrefcount(None)
    true_lost = true_before - sys.getrefcount(True)
    assert len(clicks) == len(received) == 1000
    if none_lost >= 1000 or true_lost >= 1000:  # PySide6 6.12 on Python 3.11
        assert qtfix.PINNED
        assert sys.getrefcount(None) > qtfix.PIN // 4
        assert sys.getrefcount(True) > qtfix.PIN // 4


def test_pinning_matches_the_bug() -> None:
    """Pinned exactly where the probe sees the loss (never on Python 3.12+)."""
    if sys.version_info >= (3, 12):
        assert not qtfix.PINNED
    if qtfix.PINNED:
        assert sys.getrefcount(None) > qtfix.PIN // 2
        assert sys.getrefcount(True) > qtfix.PIN // 2
    assert qtfix.pin_singletons() is False  # idempotent: a second call changes nothing
