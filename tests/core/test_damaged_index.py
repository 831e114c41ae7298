"""A damaged full-text index is rebuilt from the store; nothing in the knowledge base is lost."""

import gc
import struct
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh import index

from onboard.cli import main as cli_main
from onboard.core.consistency import REBUILD_PHASE
from onboard.core.driving import run_to_end
from onboard.core.fulltext import INDEX_NAME
from onboard.core.fulltext_files import DAMAGED_MARKER, REBUILT_MESSAGE, FullTextDamagedError
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder

PAGES = {
    "vpn.md": "# VPN\n\nDer VPN-Zugang wird beim IT-Service beantragt.\n",
    "urlaub.md": "# Urlaub\n\nUrlaub beantragen Sie im Zeitportal unter Abwesenheiten.\n",
    "kantine.md": "# Kantine\n\nDie Kantine öffnet um 11:30 Uhr im Erdgeschoss.\n",
}


@pytest.fixture
def home(tmp_path: Path, fake_embedder: HashingEmbedder) -> Path:
    folder = tmp_path / "unterlagen"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        run_to_end(kb.ingest([folder], collection="Einstieg"))
    return tmp_path / "home"


def _truncate_segments(folder: Path) -> None:
    for segment in folder.glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:500])


def _overwrite_contents_table(folder: Path) -> None:
    for toc in folder.glob("*.toc"):
        toc.write_text("kein Inhaltsverzeichnis")


def _delete_segments(folder: Path) -> None:
    for segment in folder.glob("*.seg"):
        segment.unlink()


def _whoosh_opens(folder: Path) -> bool:
    """Whether Whoosh itself can open the index and read its segments."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            index.open_dir(str(folder), indexname=INDEX_NAME).reader().close()
        except Exception:
            return False
        finally:
            gc.collect()  # the files Whoosh left open
    return True


DAMAGE = [_truncate_segments, _overwrite_contents_table, _delete_segments]


def _titles(kb: KnowledgeBase, question: str) -> list[str]:
    return [hit.chunk.title for hit in kb.search(question, k=3, mode="fulltext")]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt_from_the_store(
    home: Path, damage: Callable[[Path], None]
) -> None:
    with KnowledgeBase(home, embedder=None) as kb:
        before = {question: _titles(kb, question) for question in ("VPN", "Kantine", "Urlaub")}
        documents = kb.documents()
    damage(home / "fulltext")
    assert not _whoosh_opens(home / "fulltext")
    with KnowledgeBase(home, embedder=None) as kb:
        assert kb.fulltext.replaced_damaged
        assert kb.documents() == documents
        assert kb.fulltext.doc_count() == kb.store.count_chunks() > 0
        assert {question: _titles(kb, question) for question in before} == before
    with KnowledgeBase(home, embedder=None) as kb:  # rebuilt once, not at every opening
        assert not kb.fulltext.replaced_damaged


def test_with_collection_taken_over_by_the_window_the_repair_does_not_collect(home: Path) -> None:
    """The window switches automatic collection off and collects on its own thread; a repair
    running on a worker must then leave collection to it."""
    collections: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(phase)

    _truncate_segments(home / "fulltext")
    gc.callbacks.append(note)
    gc.disable()
    try:
        with KnowledgeBase(home, embedder=None) as kb:
            assert kb.fulltext.replaced_damaged
            assert kb.fulltext.doc_count() == kb.store.count_chunks() > 0
    finally:
        gc.enable()
        gc.callbacks.remove(note)
    assert collections == []


def test_a_read_only_knowledge_base_names_the_damage_and_changes_nothing(home: Path) -> None:
    _truncate_segments(home / "fulltext")
    files = {path: path.read_bytes() for path in (home / "fulltext").iterdir()}
    with pytest.raises(FullTextDamagedError, match=r"beschädigt.*Schreibrechten"):
        KnowledgeBase(home, embedder=None, read_only=True)
    assert {path: path.read_bytes() for path in (home / "fulltext").iterdir()} == files


def test_damage_found_by_a_search_is_named_and_repaired_at_the_next_opening(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = KnowledgeBase(home, embedder=None)
    searcher = kb.fulltext.searcher()

    def unreadable(*args: object, **kwargs: object) -> None:
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setattr(searcher, "search", unreadable)
    with pytest.raises(FullTextDamagedError, match="beim nächsten Öffnen"):
        kb.search("VPN", k=3)
    kb.close()
    assert (home / "fulltext" / DAMAGED_MARKER).exists()
    with KnowledgeBase(home, embedder=None) as kb:
        assert kb.fulltext.replaced_damaged
        assert _titles(kb, "VPN")[0] == "VPN"
    assert not (home / "fulltext" / DAMAGED_MARKER).exists()


def test_a_programming_error_in_a_search_is_not_taken_for_damage(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with KnowledgeBase(home, embedder=None) as kb:
        monkeypatch.setattr(kb.fulltext, "build_query", lambda *args: {}["missing"])
        with pytest.raises(KeyError):
            kb.search("VPN", k=3)
    assert not (home / "fulltext" / DAMAGED_MARKER).exists()


def test_the_command_line_says_that_it_rebuilt_the_index(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _truncate_segments(home / "fulltext")
    assert cli_main(["--home", str(home), "--embedder", "none", "search", "Kantine"]) == 0
    output = capsys.readouterr()
    assert REBUILT_MESSAGE in output.err
    assert f"{REBUILD_PHASE}: {len(PAGES)}/{len(PAGES)}" in output.err  # a line, as in a log
    assert "Kantine" in output.out
