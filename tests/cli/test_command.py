"""Ctrl+C while the `onboard` command is still loading its modules ends it quietly."""

import importlib.abc
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType

import pytest

from onboard import command


class _InterruptedWhileLoading(importlib.abc.MetaPathFinder):
    """Raises KeyboardInterrupt when the command line's package is imported, as Ctrl+C would."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname == "onboard.cli":
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_loading_says_cancelled_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "onboard.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedWhileLoading(), *sys.meta_path])
    assert command.main() == 1
    assert capsys.readouterr().err == "Abgebrochen.\n"


def test_the_command_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["onboard", "--help"])
    with pytest.raises(SystemExit) as stopped:
        command.main()
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("Aufruf: onboard")
