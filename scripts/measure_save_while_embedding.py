"""Measure how long a page save waits while an import's vectors are computed in the window.

Usage: .venv/bin/python scripts/measure_save_while_embedding.py NEW_HOME FOLDER [--no-giving-way]
Imports FOLDER into a new knowledge base in NEW_HOME (full text only), starts the window's
embedding run on the library lane, saves a page 10 s later on the same lane and prints one JSON
object: how long the save waited, when all vectors were there, and in how many slices.
--no-giving-way: the embeddings do not make way (how it was before), for comparison.
"""

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from onboard.core.driving import collect
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import save_page
from onboard.gui import jobs
from onboard.gui.embedding import EmbeddingRun
from onboard.gui.tasks import TaskRunner

SAVE_AFTER_MS = 10_000


def main(arguments: list[str]) -> None:
    """Import, embed, save in between; print the times."""
    options = [a for a in arguments if a.startswith("-")]
    places = [a for a in arguments if not a.startswith("-")]
    if len(places) != 2 or set(options) - {"--no-giving-way"}:
        sys.exit(__doc__)
    home, folder = Path(places[0]), Path(places[1])
    if home.exists():
        sys.exit(f"{home} gibt es schon; bitte einen neuen Ordner angeben.")
    app = QCoreApplication([])
    kb = KnowledgeBase(home)
    collect(kb.ingest([folder], collection="Unterlagen"))
    runner = TaskRunner()
    if options:
        runner.others_waiting = lambda lane: False  # type: ignore[method-assign]
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = time.perf_counter()
        if "saved" in marks and "embedded" in marks:
            app.quit()

    def save(cancel: CancelFlag) -> object:
        return save_page(kb, collection="Personal", title="Neue Seite", markdown="# Neu\n\nText.")

    def ask_to_save() -> None:
        mark("asked")
        runner.submit(jobs.LIBRARY, save, name="Speichern").finished.connect(lambda: mark("saved"))

    run = EmbeddingRun(runner, kb, name="Einbettungen")
    run.finished.connect(lambda: mark("embedded"))
    pending = kb.store.count_chunks()
    mark("started")
    run.start()
    QTimer.singleShot(SAVE_AFTER_MS, ask_to_save)
    app.exec()
    slices = run.slices
    runner.shutdown()
    kb.close()
    print(
        json.dumps(
            {
                "passages": pending,
                "giving_way": not options,
                "save_waited_s": round(marks["saved"] - marks["asked"], 2),
                "all_vectors_after_s": round(marks["embedded"] - marks["started"], 1),
                "slices": slices,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
