"""A bulk job lowers its own priority so that a window on the same PC stays quick."""

import logging
import os
import subprocess
import sys

import pytest

from onboard.core import priority
from onboard.core.priority import BULK_NICENESS, give_way_to_interactive_work

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Niceness gibt es nur unter POSIX")


def _niceness_after(setup: str) -> int:
    """The niceness of a fresh Python process after SETUP and two calls of the function."""
    code = (
        "import os\n"
        f"{setup}\n"
        "from onboard.core.priority import give_way_to_interactive_work as give_way\n"
        "give_way(); give_way()\n"
        "print(os.getpriority(os.PRIO_PROCESS, 0))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return int(done.stdout)


def test_a_bulk_job_runs_below_normal_priority_and_only_once_lower() -> None:
    assert os.getpriority(os.PRIO_PROCESS, 0) < BULK_NICENESS  # else the test proves nothing
    assert _niceness_after("pass") == BULK_NICENESS


def test_a_job_started_even_lower_keeps_its_priority() -> None:
    assert _niceness_after("os.nice(15)") == 15


def test_the_job_goes_on_when_the_priority_cannot_be_lowered(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*_args: int) -> None:
        raise PermissionError("nicht erlaubt")

    monkeypatch.setattr(priority.os, "getpriority", lambda *_args: 0)
    monkeypatch.setattr(priority.os, "setpriority", refuse)
    with caplog.at_level(logging.WARNING, logger="onboard.core"):
        give_way_to_interactive_work()
    assert "Priorität des Imports nicht gesenkt: nicht erlaubt" in caplog.text
