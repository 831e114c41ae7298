"""Keep None, True and False alive under PySide6 6.12 on Python < 3.12 (a refcount bug).

PySide6 6.12.0 treats None and the booleans as immortal, as they are since Python 3.12: every
call of a Python slot from C++ (a button click, a queued signal from a worker thread) drops a
reference to None, and every SignalInstance.emit() drops one to True. On Python 3.11 the
counts fall by one per signal until the interpreter aborts ("Fatal Python error:
none_dealloc" / "bool_dealloc") – after a few thousand streamed tokens. Where a probe sees
the loss, the three singletons get a very large reference count, which is what Python 3.12
gives them anyway. Applied once when onboard.gui is imported.
"""

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBES = 8
PIN = 1 << 40  # references added: more than any session can lose


class _Probe(QObject):
    """A bare signal to see what emit() does to True."""

    fired = Signal()


def _none_lost_per_slot_call() -> int:
    """References to None lost by calling Python slots from C++ (objectNameChanged)."""
    probe = QObject()
    probe.objectNameChanged.connect(lambda: None)
    before = sys.getrefcount(None)
    for number in range(PROBES):
        probe.setObjectName(f"probe-{number}")
    return (before - sys.getrefcount(None)) // PROBES


def _true_lost_per_emit() -> int:
    """References to True lost by SignalInstance.emit()."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.fired.emit()
    return (before - sys.getrefcount(True)) // PROBES


def _add_references(obj: object, count: int) -> None:
    """Raise an object's reference count (CPython: ob_refcnt is the first field)."""
    ctypes.c_ssize_t.from_address(id(obj)).value += count


def pin_singletons() -> bool:
    """Make None, True and False effectively immortal if this PySide loses references to
    them; returns whether it was needed. Idempotent; nothing to do on Python 3.12+."""
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > PIN // 2:
        return False
    if not (_none_lost_per_slot_call() > 0 or _true_lost_per_emit() > 0):
        return False
    for singleton in (None, True, False):
        _add_references(singleton, PIN)
    return True


PINNED = pin_singletons()
