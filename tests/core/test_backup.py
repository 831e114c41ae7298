"""Database backups: daily, the newest kept, checked; a damaged store is named and restored."""

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from onboard.cli import main as cli_main
from onboard.core import backup
from onboard.core.driving import run_to_end
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import save_page
from onboard.core.store import Store, StoreDamagedError

NOON = datetime(2026, 12, 6, 12, 0, 0)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "unterlagen"
    folder.mkdir()
    (folder / "vpn.md").write_text("# VPN\n\nDer VPN-Zugang wird beim IT-Service beantragt.\n")
    with KnowledgeBase(tmp_path / "home", embedder=None) as kb:
        run_to_end(kb.ingest([folder], collection="IT"))
        save_page(kb, collection="IT", title="Drucker", markdown="Drucken geht über Follow-Me.")
    return tmp_path / "home"


def _titles(home: Path) -> list[str]:
    with KnowledgeBase(home, embedder=None) as kb:
        return sorted(str(document["title"]) for document in kb.documents())


def _damage_header(database: Path) -> None:
    data = bytearray(database.read_bytes())
    data[:100] = b"x" * 100
    database.write_bytes(bytes(data))


def test_a_backup_is_a_complete_self_contained_copy(home: Path) -> None:
    made = backup.back_up(home, now=NOON)
    assert made.name == "onboard-2026-12-06-120000-000000.db"
    assert not made.with_name(made.name + "-wal").exists()
    with sqlite3.connect(made) as copy:
        titles = sorted(row[0] for row in copy.execute("SELECT title FROM documents"))
    assert titles == _titles(home) == ["Drucker", "VPN"]


def test_at_most_one_backup_a_day_and_only_the_newest_are_kept(home: Path) -> None:
    assert backup.back_up_if_due(home, now=NOON) is not None
    assert backup.back_up_if_due(home, now=NOON + timedelta(hours=5)) is None
    for day in range(1, 5):
        assert backup.back_up_if_due(home, now=NOON + timedelta(days=day)) is not None
    kept = [backup.made_at(path).day for path in backup.backups(home)]
    assert kept == [10, 9, 8] and len(kept) == backup.KEEP


def test_other_files_in_the_backup_folder_are_left_alone(home: Path) -> None:
    other = home / backup.BACKUP_FOLDER / "onboard-kopie-von-frau-beispiel.db"
    other.parent.mkdir()
    other.write_bytes(b"nicht von Onboard")
    for day in range(5):
        backup.back_up(home, now=NOON + timedelta(days=day))
    assert len(backup.backups(home)) == backup.KEEP and other.exists()


def test_no_backup_without_a_database(tmp_path: Path) -> None:
    assert backup.back_up_if_due(tmp_path) is None


def test_a_damaged_store_is_named_in_german_and_no_backup_is_lost(home: Path) -> None:
    good = backup.back_up(home, now=NOON)
    _damage_header(home / "onboard.db")
    with pytest.raises(StoreDamagedError, match=r"beschädigt.*onboard restore"):
        Store(home / "onboard.db")
    with pytest.raises(StoreDamagedError):
        backup.back_up(home, now=NOON + timedelta(days=1))
    assert backup.backups(home) == [good]
    assert not list((home / backup.BACKUP_FOLDER).glob("*.teil"))


def test_restore_puts_the_backup_back_and_keeps_the_replaced_file(home: Path) -> None:
    backup.back_up(home, now=NOON)
    with KnowledgeBase(home, embedder=None) as kb:
        save_page(kb, collection="IT", title="Später", markdown="Nach der Sicherung.")
    _damage_header(home / "onboard.db")
    used = backup.restore(home, now=NOON + timedelta(hours=1))
    assert used == backup.backups(home)[0]
    replaced = home / backup.BACKUP_FOLDER / "ersetzt-2026-12-06-130000-000000.db"
    assert replaced.exists()
    assert _titles(home) == ["Drucker", "VPN"]
    with KnowledgeBase(home, embedder=None) as kb:  # full text rebuilt from the restored store
        assert kb.fulltext.doc_count() == kb.store.count_chunks()
        assert kb.search("VPN beantragen", k=1, mode="fulltext")[0].chunk.title == "VPN"
        assert kb.search("Später", k=3, mode="fulltext") == []


def test_restore_without_a_backup_says_so(home: Path) -> None:
    with pytest.raises(FileNotFoundError, match="keine Sicherung"):
        backup.restore(home)


def test_the_command_line_backs_up_and_restores(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["--home", str(home), "backup"]) == 0
    assert "Gesichert:" in capsys.readouterr().out
    _damage_header(home / "onboard.db")
    assert cli_main(["--home", str(home), "--embedder", "none", "docs"]) == 1
    assert "beschädigt" in capsys.readouterr().err
    assert cli_main(["--home", str(home), "restore"]) == 0
    assert "Wiederhergestellt" in capsys.readouterr().out
    assert cli_main(["--home", str(home), "--embedder", "none", "docs"]) == 0
    assert "Drucker" in capsys.readouterr().out


def test_only_the_newest_replaced_databases_are_kept(home: Path) -> None:
    backup.back_up(home, now=NOON)
    for hour in range(1, 6):
        backup.restore(home, now=NOON + timedelta(hours=hour))
    kept = [path.name for path in backup.replaced(home)]
    assert kept == [
        "ersetzt-2026-12-06-170000-000000.db",
        "ersetzt-2026-12-06-160000-000000.db",
        "ersetzt-2026-12-06-150000-000000.db",
    ]
    assert len(backup.backups(home)) == 1  # the backups themselves are not touched
    leftovers = {p.name for p in (home / backup.BACKUP_FOLDER).iterdir()}
    assert not any(name.startswith("ersetzt-2026-12-06-13") for name in leftovers)


def test_a_damaged_newest_backup_is_skipped_for_the_one_before(home: Path) -> None:
    older = backup.back_up(home, now=NOON)
    newest = backup.back_up(home, now=NOON + timedelta(days=1))
    _damage_header(newest)
    _damage_header(home / "onboard.db")
    assert backup.restore(home, now=NOON + timedelta(days=2)) == older
    assert _titles(home) == ["Drucker", "VPN"]
    with pytest.raises(StoreDamagedError):  # asked for by name: no other is taken instead
        backup.restore(home, newest)


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(home: Path) -> None:
    not_a_backup = home.parent / "kaputt.db"
    not_a_backup.write_bytes(b"x" * 3000)
    with pytest.raises(StoreDamagedError) as refused:
        backup.restore(home, not_a_backup)
    message = str(refused.value)
    assert message.startswith(f"Die Sicherung „{not_a_backup}“ ist beschädigt")
    assert "nicht verändert" in message and "onboard restore" not in message
    assert _titles(home) == ["Drucker", "VPN"]
    assert backup.replaced(home) == []


def test_when_no_backup_can_be_read_the_message_says_so(home: Path) -> None:
    for day in range(2):
        _damage_header(backup.back_up(home, now=NOON + timedelta(days=day)))
    with pytest.raises(StoreDamagedError, match=r"Keine der 2 Sicherungen .* ist lesbar"):
        backup.restore(home)
    assert _titles(home) == ["Drucker", "VPN"]


@pytest.mark.parametrize("kind", ["leer", "fremd"])
def test_an_empty_or_foreign_database_is_refused_and_nothing_changes(
    home: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """To SQLite an empty file is an empty database, and any other database passes its check:
    neither may replace the knowledge base (a user who sees a failure tries again)."""
    backup.back_up(home, now=NOON)
    wrong = home.parent / f"{kind}.db"
    wrong.touch()
    if kind == "fremd":
        with sqlite3.connect(wrong) as other:
            other.execute("CREATE TABLE kunden (name TEXT)")
    for _attempt in range(4):
        assert cli_main(["--home", str(home), "restore", str(wrong)]) == 1
        error = capsys.readouterr().err
        assert f"Die Sicherung „{wrong}“ ist beschädigt oder keine Onboard-Sicherung" in error
        assert "Traceback" not in error
    assert _titles(home) == ["Drucker", "VPN"]
    assert backup.replaced(home) == []
    assert not (home / "onboard.db.neu").exists()


def test_a_backup_renamed_by_hand_is_restored_and_reported_with_its_file_time(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README sends users to the replaced databases (ersetzt-…) and to copies of
    backups; any name is fine and the report says when the copy was made."""
    made = backup.back_up(home, now=NOON)
    renamed = home.parent / "sicherung-vom-montag.db"
    made.rename(renamed)
    monday = datetime(2026, 11, 30, 9, 15)
    os.utime(renamed, (monday.timestamp(), monday.timestamp()))
    with KnowledgeBase(home, embedder=None) as kb:
        save_page(kb, collection="IT", title="Später", markdown="Nach der Sicherung.")
    assert cli_main(["--home", str(home), "restore", str(renamed)]) == 0
    assert "Sicherung vom 30.11.2026, 09:15 Uhr" in capsys.readouterr().out
    assert _titles(home) == ["Drucker", "VPN"]
    replaced = backup.replaced(home)[0]
    assert cli_main(["--home", str(home), "restore", str(replaced)]) == 0
    assert f"Sicherung vom {backup.when_text(replaced)}" in capsys.readouterr().out
    assert _titles(home) == ["Drucker", "Später", "VPN"]


def test_a_backup_is_restored_into_a_data_folder_without_backups(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new PC: the data folder has a database but no backup folder yet."""
    made = backup.back_up(home, now=NOON)
    elsewhere = tmp_path / "mitgebracht.db"
    made.rename(elsewhere)
    (home / backup.BACKUP_FOLDER).rmdir()
    with KnowledgeBase(home, embedder=None) as kb:
        save_page(kb, collection="IT", title="Später", markdown="Nach der Sicherung.")
    assert cli_main(["--home", str(home), "restore", str(elsewhere)]) == 0
    assert "Wiederhergestellt" in capsys.readouterr().out
    assert _titles(home) == ["Drucker", "VPN"]
    assert len(backup.replaced(home)) == 1
    assert not (home / "onboard.db.neu").exists()
