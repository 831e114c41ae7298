"""A sync does not read files whose size and modification time are as stored at import."""

import os
import time
from pathlib import Path

import pytest

from onboard.core import kb as kb_module
from onboard.core.driving import run_to_end
from onboard.core.ingest import UNCHANGED, UPDATED
from onboard.core.kb import KnowledgeBase

HOUR_AGO = time.time() - 3600


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the files the knowledge base reads."""
    seen: list[str] = []
    original = kb_module.read_record

    def counting(path: Path, **options: object) -> object:
        seen.append(path.name)
        return original(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(kb_module, "read_record", counting)
    return seen


def _write(path: Path, text: str, *, when: float | None = HOUR_AGO) -> None:
    path.write_text(text, encoding="utf-8")
    if when is not None:
        os.utime(path, (when, when))


def _folder(root: Path) -> Path:
    root.mkdir()
    _write(root / "kantine.md", "# Kantine\n\nDie Kantine öffnet um 11:30 Uhr.\n")
    _write(root / "parken.md", "# Parken\n\nDer Parkplatz liegt hinter Haus B.\n")
    return root


def test_unchanged_files_are_not_read_again(
    kb: KnowledgeBase, tmp_path: Path, reads: list[str]
) -> None:
    folder = _folder(tmp_path / "share")
    run_to_end(kb.ingest([folder], collection="Organisation"))
    assert sorted(reads) == ["kantine.md", "parken.md"]
    reads.clear()
    assert run_to_end(kb.sync()).count(UNCHANGED) == 2
    assert reads == []


def test_a_changed_file_of_the_same_size_is_read_and_updated(
    kb: KnowledgeBase, tmp_path: Path, reads: list[str]
) -> None:
    folder = _folder(tmp_path / "share")
    run_to_end(kb.ingest([folder], collection="Organisation"))
    reads.clear()
    _write(folder / "kantine.md", "# Kantine\n\nDie Kantine öffnet um 11:45 Uhr.\n", when=None)
    report = run_to_end(kb.sync())
    assert reads == ["kantine.md"] and report.count(UPDATED) == 1
    assert kb.search("11:45", mode="fulltext")[0].chunk.title == "Kantine"


def test_a_touched_file_is_read_once_then_trusted_again(
    kb: KnowledgeBase, tmp_path: Path, reads: list[str]
) -> None:
    folder = _folder(tmp_path / "share")
    run_to_end(kb.ingest([folder], collection="Organisation"))
    later = HOUR_AGO + 60
    os.utime(folder / "parken.md", (later, later))  # e.g. copied again, same content
    reads.clear()
    assert run_to_end(kb.sync()).count(UNCHANGED) == 2
    assert reads == ["parken.md"]
    reads.clear()
    run_to_end(kb.sync())
    assert reads == []


def test_a_file_written_seconds_ago_is_not_trusted_by_its_time(
    kb: KnowledgeBase, tmp_path: Path, reads: list[str]
) -> None:
    """Within the last seconds a file may change again without its time changing."""
    folder = tmp_path / "share"
    folder.mkdir()
    _write(folder / "kantine.md", "# Kantine\n\nDie Kantine öffnet um 11:30 Uhr.\n", when=None)
    run_to_end(kb.ingest([folder], collection="Organisation"))
    document = kb.store.document_by_origin(str(folder / "kantine.md"))
    assert document is not None and document["file_mtime_ns"] is None
    reads.clear()
    run_to_end(kb.sync())
    assert reads == ["kantine.md"]
