"""A restore is refused while the knowledge base is open elsewhere; crashed openings don't count."""

import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from onboard.cli import main as cli_main
from onboard.core import backup
from onboard.core.in_use import IN_USE_FOLDER, KnowledgeBaseInUseError, UseMarker, openings
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import save_page

NOON = datetime(2026, 12, 6, 12, 0, 0)

_HOLD_OPEN = """
import sys, time
from pathlib import Path
from onboard.core.kb import KnowledgeBase
kb = KnowledgeBase(Path(sys.argv[1]), embedder=None)
print("offen", flush=True)
time.sleep(120)
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    with KnowledgeBase(tmp_path / "home", embedder=None) as kb:
        save_page(kb, collection="IT", title="Drucker", markdown="Drucken geht über Follow-Me.")
    backup.back_up(tmp_path / "home", now=NOON)
    return tmp_path / "home"


def test_each_opening_holds_a_marker_until_it_is_closed(home: Path) -> None:
    first = KnowledgeBase(home, embedder=None)
    second = KnowledgeBase(home, embedder=None)  # a window opens one per thread
    assert len(list((home / IN_USE_FOLDER).iterdir())) == 2
    assert openings(home) == 1  # … and is one program
    first.close()
    assert openings(home) == 1
    second.close()
    second.close()  # closing twice is harmless
    assert openings(home) == 0
    assert list((home / IN_USE_FOLDER).iterdir()) == []


def test_restore_is_refused_while_open_and_changes_nothing(home: Path) -> None:
    database = (home / "onboard.db").read_bytes()
    with (
        KnowledgeBase(home, embedder=None),
        pytest.raises(KnowledgeBaseInUseError, match=r"noch geöffnet \(1 Fenster"),
    ):
        backup.restore(home)
    assert (home / "onboard.db").read_bytes() == database
    assert not list((home / backup.BACKUP_FOLDER).glob(f"{backup.REPLACED_PREFIX}*"))
    backup.restore(home)  # closed: allowed


def test_another_program_holding_it_open_blocks_until_it_is_killed(home: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_OPEN, str(home)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "offen"
        with KnowledgeBase(home, embedder=None):  # this program and the other one
            assert openings(home) == 2
            with pytest.raises(KnowledgeBaseInUseError, match=r"\(2 Fenster oder Befehle\)"):
                backup.restore(home)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    stale = list((home / IN_USE_FOLDER).iterdir())
    assert len(stale) == 1  # a crash leaves the file, but not its lock
    assert openings(home) == 0 and not stale[0].exists()
    backup.restore(home)


def test_a_read_only_knowledge_base_leaves_no_marker(home: Path) -> None:
    with KnowledgeBase(home, embedder=None, read_only=True):
        assert openings(home) == 0


def test_no_marker_without_write_access(tmp_path: Path) -> None:
    unwritable = tmp_path / "datei-statt-ordner"
    unwritable.write_text("kein Ordner")
    UseMarker(unwritable).release()  # neither raises nor leaves anything behind
    assert openings(unwritable) == 0


def test_the_command_line_refuses_to_restore_an_open_knowledge_base(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = UseMarker(home)
    try:
        assert cli_main(["--home", str(home), "restore"]) == 1
    finally:
        marker.release()
    assert "noch geöffnet" in capsys.readouterr().err
