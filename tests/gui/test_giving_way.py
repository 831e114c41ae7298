"""Imports and syncs on the library lane make way for a page save and go on after it."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import onboard.core.kb as kb_module
from onboard.core.ingest import IMPORTED, FileOutcome, ImportReport, Progress
from onboard.core.kb import KnowledgeBase
from onboard.gui import jobs
from onboard.gui.embedding import EmbeddingRun
from onboard.gui.giving_way import ImportRun
from onboard.gui.tasks import TaskRunner
from tests.fakes import HashingEmbedder
from tests.gui.conftest import StandInAnswer

TIMEOUT_MS = 20_000
FILES = 30


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A runner that is shut down after the test."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def reading(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every file takes 50 ms to read, like a PDF on an office PC; set once one is read."""
    busy = threading.Event()
    read = kb_module.read_record

    def slow(*args: Any, **kwargs: Any) -> Any:
        busy.set()
        time.sleep(0.05)
        return read(*args, **kwargs)

    monkeypatch.setattr(kb_module, "read_record", slow)
    return busy


@pytest.fixture
def library(tmp_path: Path) -> Iterator[tuple[Path, KnowledgeBase]]:
    """A folder of FILES pages and an empty knowledge base, closed after the test."""
    folder = tmp_path / "Personal"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"seite{n:02}.md").write_text(f"# Seite {n}\n\nRegel {n}.\n", encoding="utf-8")
    kb = KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder())
    yield folder, kb
    kb.close()


class Followed:
    """What a run showed: its events and its one result."""

    def __init__(self, run: ImportRun) -> None:
        """Connect to the run."""
        self.events: list[object] = []
        self.reports: list[ImportReport] = []
        run.progressed.connect(self.events.append)
        run.succeeded.connect(self.reports.append)

    def outcomes(self) -> list[str]:
        """Paths of the file outcomes shown, in order."""
        return [e.path for e in self.events if isinstance(e, FileOutcome)]

    def progress(self) -> list[int]:
        """Files done, as the progress showed them."""
        return [e.done for e in self.events if isinstance(e, Progress)]


class Underway:
    """An import of the folder into 'Personal' that has begun reading its first file."""

    def __init__(self, runner: TaskRunner, folder: Path, kb: KnowledgeBase) -> None:
        """Start the run and follow it."""
        self.folder, self.kb = folder, kb
        work = lambda cancel: kb.ingest([folder], collection="Personal", cancel=cancel)  # noqa: E731
        self.run = ImportRun(runner, work, name="Import").start()
        self.followed = Followed(self.run)


@pytest.fixture
def underway(
    qtbot: QtBot, runner: TaskRunner, reading: threading.Event, library: tuple[Path, KnowledgeBase]
) -> Underway:
    """An import under way."""
    started = Underway(runner, *library)
    qtbot.waitUntil(reading.is_set, timeout=TIMEOUT_MS)
    return started


def test_a_save_during_an_import_waits_for_one_file_and_the_import_goes_on(
    qtbot: QtBot, runner: TaskRunner, underway: Underway
) -> None:
    kb, run, followed = underway.kb, underway.run, underway.followed
    save = runner.submit(jobs.LIBRARY, lambda cancel: len(kb.documents()), name="Speichern")
    with qtbot.waitSignal(save.finished, timeout=TIMEOUT_MS):
        pass
    assert not followed.reports  # the save did not wait for the import to end
    assert save.result < FILES

    with qtbot.waitSignal(run.finished, timeout=TIMEOUT_MS):
        pass
    assert run.slices >= 2
    report = followed.reports[0]
    assert not report.cancelled
    files = sorted(str(path) for path in underway.folder.iterdir())
    assert sorted(o.path for o in report.outcomes) == files
    assert {o.status for o in report.outcomes} == {IMPORTED}  # not "unverändert" in slice 2
    assert sorted(followed.outcomes()) == files  # each file shown once
    assert followed.progress() == sorted(followed.progress())  # never back to 0
    assert len(kb.documents()) == FILES


def test_cancelled_between_slices_the_import_reports_what_is_in(
    qtbot: QtBot, runner: TaskRunner, underway: Underway
) -> None:
    saving, release = threading.Event(), threading.Event()

    def save(cancel: object) -> None:
        saving.set()
        release.wait(TIMEOUT_MS / 1000)

    runner.submit(jobs.LIBRARY, save, name="Speichern")
    qtbot.waitUntil(saving.is_set, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: underway.run.slices == 2, timeout=TIMEOUT_MS)  # the rest waits
    underway.run.cancel()
    release.set()
    with qtbot.waitSignal(underway.run.finished, timeout=TIMEOUT_MS):
        pass
    report = underway.followed.reports[0]
    assert report.cancelled
    assert 0 < len(report.outcomes) < FILES
    assert len(underway.kb.documents()) == len(report.outcomes)


def test_an_import_does_not_make_way_for_vectors(
    qtbot: QtBot, runner: TaskRunner, underway: Underway
) -> None:
    """Vectors queued behind an import wait for it; they make way for the import instead."""
    kb = underway.kb
    vectors = EmbeddingRun(runner, kb, name="Einbettungen").start()
    with qtbot.waitSignal(vectors.finished, timeout=TIMEOUT_MS):
        pass
    assert underway.run.slices == 1 and vectors.slices == 1
    assert underway.followed.reports[0].count(IMPORTED) == FILES
    assert kb.store.count_without_vector(kb.embedder.identity) == 0


def test_an_import_pauses_between_files_while_an_answer_is_computed(
    qtbot: QtBot, runner: TaskRunner, underway: Underway, stand_in_answer: StandInAnswer
) -> None:
    stand_in_answer.start()
    qtbot.wait(100)  # the file under way is read
    during = len(underway.followed.progress())
    qtbot.wait(600)  # twelve files' time
    assert len(underway.followed.progress()) == during
    stand_in_answer.release()
    with qtbot.waitSignal(underway.run.finished, timeout=TIMEOUT_MS):
        pass
    assert len(underway.kb.documents()) == FILES
