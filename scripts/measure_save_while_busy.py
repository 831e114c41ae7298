"""Measure how long a page save waits while the window imports a folder or computes vectors.

Usage: .venv/bin/python scripts/measure_save_while_busy.py NEW_HOME FOLDER
           [--during import|embedding] [--save-after S] [--no-giving-way]
--during embedding (default): FOLDER is imported into a new knowledge base in NEW_HOME (full
text only), then the window's embedding run starts on the library lane.
--during import: the window's import run of FOLDER starts on the library lane (no vectors).
A page is saved S seconds later (default 10) on the same lane. Prints one JSON object: how long
the save waited, when the long work was done, and in how many slices it ran.
--no-giving-way: the long work does not make way (how it was before), for comparison.
"""

import argparse
import json
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from onboard.core.driving import collect
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import save_page
from onboard.gui import jobs
from onboard.gui.embedding import EmbeddingRun
from onboard.gui.giving_way import GivingWayRun, ImportRun
from onboard.gui.tasks import TaskRunner


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--during", choices=("import", "embedding"), default="embedding")
    parser.add_argument("--save-after", type=float, default=10.0)
    parser.add_argument("--no-giving-way", action="store_true")
    return parser.parse_args()


def long_run(runner: TaskRunner, kb: KnowledgeBase, folder: Path, during: str) -> GivingWayRun:
    """The window's run for this kind of long work (not started)."""
    if during == "embedding":
        collect(kb.ingest([folder], collection="Unterlagen"))
        return EmbeddingRun(runner, kb, name="Einbettungen")
    work = lambda cancel: kb.ingest([folder], collection="Unterlagen", cancel=cancel)  # noqa: E731
    return ImportRun(runner, work, name="Import")


def main() -> None:
    """Start the long work, save in between; print the times."""
    options = arguments()
    if options.home.exists():
        raise SystemExit(f"{options.home} gibt es schon; bitte einen neuen Ordner angeben.")
    app = QCoreApplication([])
    kb = KnowledgeBase(options.home)
    runner = TaskRunner()
    if options.no_giving_way:
        runner.others_waiting = lambda lane, level=0: False  # type: ignore[method-assign]
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = time.perf_counter()
        if "saved" in marks and "done" in marks:
            app.quit()

    def save(cancel: CancelFlag) -> object:
        return save_page(kb, collection="Personal", title="Neue Seite", markdown="# Neu\n\nText.")

    def ask_to_save() -> None:
        mark("asked")
        runner.submit(jobs.LIBRARY, save, name="Speichern").finished.connect(lambda: mark("saved"))

    run = long_run(runner, kb, options.folder, options.during)
    run.finished.connect(lambda: mark("done"))
    mark("started")
    run.start()
    QTimer.singleShot(int(options.save_after * 1000), ask_to_save)
    app.exec()
    slices = run.slices
    result = {
        "during": options.during,
        "passages": kb.store.count_chunks(),
        "documents": len(kb.documents()),
        "giving_way": not options.no_giving_way,
        "save_waited_s": round(marks["saved"] - marks["asked"], 2),
        "done_after_s": round(marks["done"] - marks["started"], 1),
        "slices": slices,
    }
    runner.shutdown()
    kb.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
