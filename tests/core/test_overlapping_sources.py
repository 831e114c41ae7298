"""Import sources inside one another, and a file that became a folder, at every sync."""

from pathlib import Path

from onboard.core.driving import run_to_end
from onboard.core.ingest import UNCHANGED
from onboard.core.kb import KnowledgeBase


def _folder(root: Path) -> Path:
    (root / "unter").mkdir(parents=True)
    (root / "q1.md").write_text("# Parken\n\nDer Parkplatz liegt hinter Haus C.\n")
    (root / "q2.md").write_text("# Kantine\n\nDie Kantine öffnet um 11:30 Uhr.\n")
    (root / "unter" / "q3.md").write_text("# Post\n\nDie Poststelle ist im Erdgeschoss.\n")
    return root


def _places(kb: KnowledgeBase) -> dict[str, tuple[str, int]]:
    return {str(d["title"]): (str(d["collection"]), int(d["version"])) for d in kb.documents()}


def test_a_file_or_subfolder_imported_elsewhere_stays_there_at_every_sync(
    tmp_path: Path,
) -> None:
    """Before, each sync moved such files to the outer folder's collection and back again,
    with a new version each time."""
    folder = _folder(tmp_path / "amt")
    with KnowledgeBase(tmp_path / "home", embedder=None) as kb:
        run_to_end(kb.ingest([folder], collection="Ordner"))
        run_to_end(kb.ingest([folder / "q1.md"], collection="Einzeln"))
        run_to_end(kb.ingest([folder / "unter"], collection="Unterordner"))
        expected = _places(kb)
        collections = {title: place[0] for title, place in expected.items()}
        assert collections == {"Parken": "Einzeln", "Kantine": "Ordner", "Post": "Unterordner"}
        for _ in range(2):
            report = run_to_end(kb.sync())
            assert {outcome.status for outcome in report.outcomes} == {UNCHANGED}
            assert report.count(UNCHANGED) == 3
            assert _places(kb) == expected


def test_a_file_replaced_by_a_folder_of_its_name_is_removed(tmp_path: Path) -> None:
    """kern.md is now a folder (with a new page in it): the old text is not kept."""
    folder = _folder(tmp_path / "amt")
    with KnowledgeBase(tmp_path / "home", embedder=None) as kb:
        run_to_end(kb.ingest([folder], collection="Ordner"))
        (folder / "q1.md").unlink()
        (folder / "q1.md").mkdir()
        (folder / "q1.md" / "neu.md").write_text("# Neu\n\nDie Tiefgarage ist gesperrt.\n")
        run_to_end(kb.sync())
        assert sorted(_places(kb)) == ["Kantine", "Neu", "Post"]
        assert not kb.search("Parkplatz Haus C", mode="fulltext")
