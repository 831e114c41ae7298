"""Sync removes what was deleted, but never empties the knowledge base because a folder or a
network drive is missing or empty as a whole."""

from pathlib import Path

from onboard.core.driving import collect, run_to_end
from onboard.core.ingest import REMOVED, UNCHANGED, UNREACHABLE, Progress
from onboard.core.kb import KnowledgeBase
from onboard.core.sync import relocate_demo

PAGES = {
    "kantine.md": "# Kantine\n\nDie Kantine öffnet um 11:30 Uhr im Erdgeschoss von Haus A.\n",
    "parken.md": "# Parken\n\nDer Parkplatz hinter Haus B ist für Beschäftigte frei.\n",
}


def share_folder(folder: Path) -> Path:
    """A folder with the two pages, as a department share would hold them."""
    folder.mkdir(parents=True)
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _titles(kb: KnowledgeBase) -> set[str]:
    return {document["title"] for document in kb.documents()}


def test_a_missing_folder_keeps_its_documents_until_it_is_back(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    share = share_folder(tmp_path / "laufwerk" / "Organisation")
    run_to_end(kb.ingest([share], collection="Organisation"))
    share.rename(tmp_path / "woanders")  # the drive is not connected

    report = run_to_end(kb.sync())
    assert report.count(REMOVED) == 0 and report.count(UNREACHABLE) == 1
    assert report.summary() == "1 nicht erreichbar" and report.problems() == 1
    note = report.outcomes[0]
    assert note.path == str(share)
    assert "nicht erreichbar" in note.message and "Seine 2 Dokumente bleiben" in note.message
    assert _titles(kb) == {"Kantine", "Parken"}
    assert kb.search("Kantine Erdgeschoss", mode="fulltext")[0].chunk.title == "Kantine"

    (tmp_path / "woanders").rename(share)
    assert run_to_end(kb.sync()).count(UNCHANGED) == 2


def test_an_empty_folder_keeps_its_documents(kb: KnowledgeBase, tmp_path: Path) -> None:
    share = share_folder(tmp_path / "mnt" / "share")
    run_to_end(kb.ingest([share], collection="Organisation"))
    for path in share.iterdir():
        path.unlink()  # an unmounted mount point is an empty folder

    report = run_to_end(kb.sync())
    assert report.count(REMOVED) == 0 and report.count(UNREACHABLE) == 1
    assert "Ordner ist leer" in report.outcomes[0].message
    assert _titles(kb) == {"Kantine", "Parken"}
    # importing the empty folder again does not empty the collection either
    again = run_to_end(kb.ingest([share], collection="Organisation"))
    assert again.count(REMOVED) == 0 and _titles(kb) == {"Kantine", "Parken"}


def test_one_file_deleted_from_a_folder_is_still_removed(kb: KnowledgeBase, tmp_path: Path) -> None:
    share = share_folder(tmp_path / "share")
    run_to_end(kb.ingest([share], collection="Organisation"))
    (share / "parken.md").unlink()
    report = run_to_end(kb.sync())
    assert report.count(REMOVED) == 1 and report.problems() == 0
    assert _titles(kb) == {"Kantine"}


def test_a_single_file_is_removed_only_when_its_folder_is_there(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    share = share_folder(tmp_path / "share")
    run_to_end(kb.ingest([share / "kantine.md", share / "parken.md"], collection="Organisation"))
    (share / "kantine.md").unlink()  # deleted on purpose: its folder is still there
    report = run_to_end(kb.sync())
    assert [(Path(o.path).name, o.status) for o in report.outcomes if o.status != UNCHANGED] == [
        ("kantine.md", REMOVED)
    ]
    assert str(share / "kantine.md") not in dict(kb.store.sources())  # not revisited again

    share.rename(tmp_path / "getrennt")  # now the whole folder is gone
    report = run_to_end(kb.sync())
    assert report.count(UNREACHABLE) == 1 and "Der Ordner" in report.outcomes[0].message
    assert _titles(kb) == {"Parken"}

    share.mkdir()  # an unmounted share: the folder is there, but empty
    report = run_to_end(kb.sync())
    assert report.count(UNREACHABLE) == 1 and _titles(kb) == {"Parken"}


def test_a_folder_deleted_on_purpose_is_forgotten_once_its_documents_are_removed(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    share = share_folder(tmp_path / "share")
    run_to_end(kb.ingest([share], collection="Organisation"))
    for path in share.iterdir():
        path.unlink()
    share.rmdir()
    assert run_to_end(kb.sync()).count(UNREACHABLE) == 1
    for document in kb.documents():
        kb.remove_document(int(document["id"]))
    report = run_to_end(kb.sync())
    assert report.outcomes == []
    assert kb.store.sources() == []


def test_sync_counts_the_files_of_all_sources_together(kb: KnowledgeBase, tmp_path: Path) -> None:
    first = share_folder(tmp_path / "eins")
    second = share_folder(tmp_path / "zwei")
    (second / "dritte.md").write_text("# Dritte\n\nNoch eine Seite.\n", encoding="utf-8")
    run_to_end(kb.ingest([first], collection="Organisation"))
    run_to_end(kb.ingest([second], collection="IT"))
    events, report = collect(kb.sync())
    progress = [event for event in events if isinstance(event, Progress)]
    assert {event.total for event in progress} == {5}
    assert [event.done for event in progress] == sorted(event.done for event in progress)
    assert progress[-1].done == 5 and report.count(UNCHANGED) == 5


def test_demo_folders_of_an_earlier_installation_follow_the_program(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    demo = share_folder(tmp_path / "Onboard-1.2" / "demo" / "Organisation")
    elsewhere = share_folder(tmp_path / "laufwerk" / "Organisation")  # a department's own folder
    run_to_end(kb.ingest([demo], collection="Organisation"))
    run_to_end(kb.ingest([elsewhere], collection="Intern"))
    before = {row["id"] for row in kb.documents()}
    (tmp_path / "Onboard-1.2").rename(tmp_path / "Onboard-1.3")  # installed elsewhere
    elsewhere.rename(tmp_path / "getrennt")
    current = tmp_path / "Onboard-1.3" / "demo" / "Organisation"

    assert relocate_demo(kb, [current]) == 1  # only the demo folder, not the drive's folder
    report = run_to_end(kb.sync())
    assert report.count(UNCHANGED) == 2 and report.count(UNREACHABLE) == 1
    assert {row["id"] for row in kb.documents()} == before
    origins = {str(row["origin"]) for row in kb.documents(collection="Organisation")}
    assert origins == {str(current / name) for name in PAGES}
