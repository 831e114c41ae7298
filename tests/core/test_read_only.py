"""A read-only knowledge base (a pack on a share): search works, every change is refused."""

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from onboard.core.collections import create_collection
from onboard.core.driving import run_to_end
from onboard.core.kb import KnowledgeBase, ReadOnlyError
from onboard.core.pages import save_page
from onboard.core.paths import DATABASE_FILE
from tests.fakes import HashingEmbedder


@pytest.fixture
def home(tmp_path: Path, fake_embedder: HashingEmbedder) -> Path:
    folder = tmp_path / "it"
    folder.mkdir()
    (folder / "vpn.md").write_text("# VPN\n\nDer VPN-Zugang wird beim IT-Service beantragt.\n")
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        run_to_end(kb.ingest([folder], collection="IT"))
        run_to_end(kb.embed_pending())
    return tmp_path / "home"


def _snapshot(home: Path) -> dict[str, bytes]:
    """Every file's bytes (SQLite's shared-memory/WAL side files of a reader excepted)."""
    return {
        str(p): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.name.endswith(("-shm", "-wal"))
    }


def test_search_works_and_changes_are_refused(home: Path, tmp_path: Path) -> None:
    before = _snapshot(home)
    kb = KnowledgeBase(home, embedder=HashingEmbedder(), read_only=True)
    assert kb.search("VPN beantragen", k=1)[0].chunk.title == "VPN"
    document_id = kb.documents()[0]["id"]
    refused = [
        lambda: run_to_end(kb.ingest([tmp_path / "it"], collection="IT")),
        lambda: run_to_end(kb.sync()),
        lambda: kb.remove_document(document_id),
        lambda: kb.set_metadata(document_id, {"status": "Entwurf"}),
        lambda: create_collection(kb, "Neu"),
        lambda: save_page(kb, collection="IT", title="Neu", markdown="Text"),
    ]
    for change in refused:
        with pytest.raises(ReadOnlyError, match="schreibgeschützt"):
            change()
    assert run_to_end(kb.embed_pending()) == 0
    kb.close()
    assert _snapshot(home) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root darf auch in schreibgeschützte Ordner")
def test_a_read_only_folder_can_be_searched(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        with KnowledgeBase(home, embedder=HashingEmbedder(), read_only=True) as kb:
            assert kb.search("VPN", k=1)[0].chunk.title == "VPN"
    finally:
        for path in [home, *home.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_a_missing_knowledge_base_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReadOnlyError, match="gibt es nicht"):
        KnowledgeBase(tmp_path / "fehlt", embedder=None, read_only=True)


def test_where_sqlite_cannot_lock_the_file_is_opened_immutable(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a share without locking, mode=ro fails; the store falls back to immutable=1."""
    import sqlite3

    real_connect = sqlite3.connect
    opened: list[str] = []

    def connect(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(target)
        if "mode=ro" in target:
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    with KnowledgeBase(home, embedder=HashingEmbedder(), read_only=True) as kb:
        assert kb.search("VPN", k=1)[0].chunk.title == "VPN"
    assert opened[-1].endswith("?immutable=1")


def _as_made_before(home: Path, step: str) -> None:
    """Turn the database back into one made before a schema step (step undone, unrecorded)."""
    database = sqlite3.connect(home / DATABASE_FILE)
    if step == "0004_file_times":
        database.execute("ALTER TABLE documents DROP COLUMN file_mtime_ns")
    database.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [step])
    database.commit()
    database.close()


def test_an_older_knowledge_base_can_still_be_read_without_the_steps_only_writing_needs(
    home: Path,
) -> None:
    _as_made_before(home, "0004_file_times")
    with KnowledgeBase(home, embedder=HashingEmbedder(), read_only=True) as kb:
        assert kb.search("VPN beantragen", k=1)[0].chunk.title == "VPN"
    with KnowledgeBase(home, embedder=HashingEmbedder()) as kb:  # writable: brought up to date
        assert "file_mtime_ns" in kb.store.db["documents"].columns_dict


def test_an_older_knowledge_base_lacking_a_step_for_reading_is_refused(home: Path) -> None:
    _as_made_before(home, "0003_editor")
    with pytest.raises(ReadOnlyError, match="älteren Programmversion"):
        KnowledgeBase(home, embedder=HashingEmbedder(), read_only=True)
