"""A moved or renamed file (a share under a new drive letter, a file in another folder) keeps
its document: no second copy, nothing parsed or embedded again."""

from pathlib import Path

import pytest

from onboard.core.driving import run_to_end
from onboard.core.ingest import IMPORTED, MOVED, REMOVED, UNCHANGED
from onboard.core.kb import KnowledgeBase
from tests.core.test_unreachable_sources import share_folder
from tests.fakes import HashingEmbedder


def _ids(kb: KnowledgeBase) -> dict[str, int]:
    return {str(row["title"]): int(row["id"]) for row in kb.documents()}


def _imported_share(kb: KnowledgeBase, tmp_path: Path) -> Path:
    """The two pages in a folder, imported into Organisation."""
    share = share_folder(tmp_path / "share")
    run_to_end(kb.ingest([share], collection="Organisation"))
    return share


def test_a_share_under_a_new_path_is_taken_over_without_new_work(
    kb: KnowledgeBase, tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    old = share_folder(tmp_path / "S" / "Organisation")
    run_to_end(kb.ingest([old], collection="Organisation"))
    run_to_end(kb.embed_pending())
    before, embedded = _ids(kb), fake_embedder.passages_embedded
    new = tmp_path / "T" / "Organisation"
    new.parent.mkdir()
    old.rename(new)  # the drive letter changed

    report = run_to_end(kb.ingest([new], collection="Organisation"))
    assert report.count(MOVED) == 2 and report.count(IMPORTED) == 0
    assert _ids(kb) == before  # same documents, no copies
    assert run_to_end(kb.embed_pending()) == 0 and fake_embedder.passages_embedded == embedded
    document = kb.store.document(before["Kantine"])
    assert document is not None and document["origin"] == str(new / "kantine.md")
    assert kb.search("Kantine Erdgeschoss", mode="fulltext")[0].chunk.title == "Kantine"
    assert run_to_end(kb.sync()).count(UNCHANGED) == 2  # the old source is forgotten
    assert [path for path, _ in kb.store.sources()] == [str(new)]


def test_a_file_moved_within_a_folder_follows_instead_of_being_removed(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    share = _imported_share(kb, tmp_path)
    before = _ids(kb)
    (share / "archiv").mkdir()
    (share / "parken.md").rename(share / "archiv" / "parken-2026.md")
    report = run_to_end(kb.sync())
    assert report.count(MOVED) == 1 and report.count(REMOVED) == 0
    assert _ids(kb) == before


def test_a_copy_whose_original_is_still_there_is_a_document_of_its_own(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    share = _imported_share(kb, tmp_path)
    copy = tmp_path / "kopie"
    copy.mkdir()
    (copy / "kantine.md").write_bytes((share / "kantine.md").read_bytes())
    report = run_to_end(kb.ingest([copy], collection="IT"))
    assert report.count(IMPORTED) == 1 and report.count(MOVED) == 0
    assert len(kb.documents()) == 3


def test_a_file_moved_into_another_collection_moves_there(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    share = _imported_share(kb, tmp_path)
    other = tmp_path / "it"
    other.mkdir()
    (share / "parken.md").rename(other / "parken.md")
    report = run_to_end(kb.ingest([other], collection="IT"))
    assert report.count(MOVED) == 1
    assert [row["title"] for row in kb.documents(collection="IT")] == ["Parken"]
    assert kb.search("Parkplatz", mode="fulltext", collections=["IT"])[0].chunk.title == "Parken"


@pytest.mark.parametrize("first", ["a", "b"])
def test_a_file_moved_between_two_synced_folders_keeps_its_document(
    kb: KnowledgeBase, tmp_path: Path, fake_embedder: HashingEmbedder, first: str
) -> None:
    """Whichever folder a sync visits first, the file is followed, not removed and re-imported."""
    second = "b" if first == "a" else "a"
    source, target = tmp_path / first / "Organisation", tmp_path / second / "IT"
    share_folder(source)
    target.mkdir(parents=True)
    (target / "platzhalter.md").write_text("# Platzhalter\n\nBleibt liegen.\n")
    run_to_end(kb.ingest([tmp_path / "a"], collection="A"))
    run_to_end(kb.ingest([tmp_path / "b"], collection="B"))
    run_to_end(kb.embed_pending())
    before, embedded = _ids(kb), fake_embedder.passages_embedded
    (source / "parken.md").rename(target / "parken.md")

    report = run_to_end(kb.sync())
    assert report.count(MOVED) == 1 and report.count(REMOVED) == 0
    assert _ids(kb) == before
    assert run_to_end(kb.embed_pending()) == 0 and fake_embedder.passages_embedded == embedded
