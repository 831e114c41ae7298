"""Another Onboard writing the same knowledge base: wait for it, else a German message and
nothing lost."""

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from whoosh import index

from onboard.cli import main as cli_main
from onboard.core import fulltext, store
from onboard.core.driving import run_to_end
from onboard.core.fulltext import BUSY_MESSAGE, INDEX_NAME, FullTextBusyError
from onboard.core.kb import KnowledgeBase
from onboard.core.storage_errors import STORE_BUSY_MESSAGE


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A knowledge base with one page, and a folder with a new page to import."""
    first = tmp_path / "alt"
    first.mkdir()
    (first / "vpn.md").write_text("# VPN\n\nDer VPN-Zugang wird beim IT-Service beantragt.\n")
    new = tmp_path / "neu"
    new.mkdir()
    (new / "parken.md").write_text("# Parken\n\nParkplätze gibt es im Hof des Kreishauses.\n")
    with KnowledgeBase(tmp_path / "home", embedder=None) as kb:
        run_to_end(kb.ingest([first], collection="IT"))
    return tmp_path / "home", new


def _lock(home: Path) -> Any:
    """A writer of another program: it holds the write lock until cancelled."""
    return index.open_dir(str(home / "fulltext"), indexname=INDEX_NAME).writer()


def test_an_import_waits_for_the_other_writer(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, new = folders
    monkeypatch.setattr(fulltext, "LOCK_POLL_SECONDS", 0.05)
    other = _lock(home)
    release = threading.Timer(0.5, other.cancel)
    release.start()
    with KnowledgeBase(home, embedder=None) as kb:
        report = run_to_end(kb.ingest([new], collection="IT"))
        assert report.summary().startswith("1 importiert")
        assert kb.search("Parkplätze", k=1, mode="fulltext")[0].chunk.title == "Parken"
    release.join()


def test_a_lock_held_too_long_is_named_and_nothing_is_lost(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, new = folders
    monkeypatch.setattr(fulltext, "LOCK_WAIT_SECONDS", 0.2)
    other = _lock(home)
    with (
        KnowledgeBase(home, embedder=None) as kb,
        pytest.raises(FullTextBusyError, match="anderes Onboard-Programm"),
    ):
        run_to_end(kb.ingest([new], collection="IT"))
    other.cancel()
    with KnowledgeBase(home, embedder=None) as kb:  # the next opening catches up
        assert sorted(str(d["title"]) for d in kb.documents()) == ["Parken", "VPN"]
        assert kb.search("Parkplätze", k=1, mode="fulltext")[0].chunk.title == "Parken"


def test_the_command_line_names_the_other_writer(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home, new = folders
    monkeypatch.setattr(fulltext, "LOCK_WAIT_SECONDS", 0.2)
    other = _lock(home)
    argv = ["--home", str(home), "--embedder", "none", "ingest", str(new), "--collection", "IT"]
    assert cli_main(argv) == 1
    assert BUSY_MESSAGE in capsys.readouterr().err
    other.cancel()


def test_the_command_line_names_a_database_another_program_writes(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home, new = folders
    monkeypatch.setattr(store, "STORE_WAIT_SECONDS", 0.2)
    other = sqlite3.connect(home / "onboard.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    argv = ["--home", str(home), "--embedder", "none", "ingest", str(new), "--collection", "IT"]
    assert cli_main(argv) == 1
    assert STORE_BUSY_MESSAGE in capsys.readouterr().err
    other.execute("ROLLBACK")
    other.close()
    assert cli_main(argv) == 0
