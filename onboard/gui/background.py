"""Background work of the window: demo import, embeddings and the chat model, with status."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from onboard.core.backup import back_up, back_up_if_due, backups, when_text
from onboard.core.fulltext_files import REBUILT_MESSAGE
from onboard.core.ingest import CHANGES, CancelFlag, ImportReport
from onboard.core.itconfig import load_it_config
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ChatModel
from onboard.core.models import KNOWN_MODELS
from onboard.gui import jobs
from onboard.gui.embedding import EmbeddingRun
from onboard.gui.giving_way import ImportRun
from onboard.gui.tasks import Task, TaskRunner
from onboard.gui.widgets import StatusArea

IMPORT_LABEL = "Demo-Unterlagen werden importiert"
BACKUP = "backup"  # status row, shown only when the daily backup failed
FULLTEXT_REPAIR = "fulltext-repair"  # status row, shown only after a damaged index
SYNC = "sync"  # status row, shown only when the sync at start changed or missed something
SYNC_DETAILS = "Einzelheiten: Redaktion → „Quellordner abgleichen“ (F5)."
SYNC_DETAILS_WITHOUT_EDITOR = "Einzelheiten zeigt „onboard sync“ auf der Kommandozeile (IT)."
DAMAGED_NOTE = (
    "Der Volltextindex war beschädigt. Er wird aus den gespeicherten Unterlagen neu aufgebaut; "
    "bis dahin findet die Suche nicht alles."
)
REBUILD_FAILED = "Der Volltextindex konnte nicht neu aufgebaut werden."


def model_name(identity: str) -> str:
    """A readable model name: the label of a known model, else the file name without size."""
    for known in KNOWN_MODELS:
        if identity.startswith(known.file_name):
            return known.label
    return identity.split(" (")[0] or "Sprachmodell"


class ModelState:
    """Where the chat model stands."""

    PREPARING = "preparing"
    READY = "ready"
    MISSING = "missing"
    FAILED = "failed"


class Background(QObject):
    """Starts the first-start work on the library and model lanes and shows it in the status."""

    library_changed = Signal()
    model_changed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        *,
        home: Path,
        runner: TaskRunner,
        status: StatusArea,
        library_kb: KnowledgeBase,
        loader: jobs.ModelLoader,
        install: bool,
        dirs: list[Path],
    ) -> None:
        """library_kb belongs to the library lane from now on (one KnowledgeBase per thread)."""
        super().__init__(parent)
        self.home = home
        self.runner = runner
        self.status = status
        self._kb = library_kb
        self._loader = loader
        self._install = install
        self._dirs = dirs
        self.model: ChatModel | None = None
        self.model_state = ModelState.PREPARING
        self.model_note = ""
        self._model_task: Task | None = None

    def start(self, *, demo_folders: list[Path], fulltext_replaced: bool = False) -> None:
        """Complete the full-text index, import the demo on first start (empty knowledge
        base) or else sync the imported folders, then back up and embed; prepare the model.

        fulltext_replaced: the index was found damaged and replaced by an empty one.
        """
        if not self._kb.read_only:
            self._complete_fulltext(fulltext_replaced)
        if demo_folders and not self._kb.collections():
            self._import(demo_folders)
        elif not self._kb.read_only:
            self._sync(demo_folders)
        else:
            self._after_import()
        self._prepare_model()

    def _after_import(self, *_outcome: object) -> None:
        """Back up and compute vectors once the import or sync is through (queued only then,
        because that run makes way for other work, such as a page save, in between)."""
        if not self._kb.read_only:
            self._back_up()
        self._embed()

    # library ------------------------------------------------------------------------------
    def _library_task(self, job: Callable[[KnowledgeBase, CancelFlag], Any], name: str) -> Task:
        """Run job(library knowledge base, cancel) on the library lane, its steps in the
        status."""
        kb = self._kb
        task = self.runner.submit(jobs.LIBRARY, lambda cancel: job(kb, cancel), name=name)
        task.progressed.connect(self.status.show_step)
        return task

    def _import_run(self, job: Callable[[KnowledgeBase, CancelFlag], Any], name: str) -> ImportRun:
        """An import or sync at start on the library lane that makes way for a page save; its
        steps in the status; the backup and the vectors follow it."""
        kb = self._kb
        run = ImportRun(self.runner, lambda cancel: job(kb, cancel), name=name)
        run.progressed.connect(self.status.show_step)
        # First of all at its end, so that the library is busy again when others hear of it.
        run.succeeded.connect(self._after_import)
        run.failed.connect(self._after_import)
        return run.start()

    def _import(self, folders: list[Path]) -> None:
        """Import the demo collections on the library lane."""
        run = self._import_run(
            lambda kb, cancel: jobs.import_folders(kb, folders, cancel=cancel, label=IMPORT_LABEL),
            "Demo-Import",
        )
        run.succeeded.connect(self._imported)
        run.failed.connect(
            lambda message: self.status.finish(
                jobs.LIBRARY, f"Import fehlgeschlagen: {message}", error=True
            )
        )

    def _imported(self, report: ImportReport) -> None:
        """The demo is in: refresh the collections."""
        self.status.finish(jobs.LIBRARY, f"Demo-Unterlagen importiert: {report.summary()}")
        self.library_changed.emit()

    def _sync(self, demo_folders: list[Path]) -> None:
        """Take over what changed in the imported folders since the last start; quiet unless
        something changed or could not be read."""
        run = self._import_run(
            lambda kb, cancel: jobs.sync_sources(kb, cancel=cancel, demo_folders=demo_folders),
            "Abgleich beim Start",
        )
        run.succeeded.connect(self._synced)
        run.failed.connect(
            lambda message: self._show_sync(f"Abgleich beim Start fehlgeschlagen: {message}")
        )

    def _synced(self, report: ImportReport) -> None:
        """Name what the sync changed and any folder it could not reach; unchanged files and
        files that cannot be read (reported at their import and by every sync in the
        Redaktion) say nothing."""
        if any(report.count(status) for status in CHANGES):
            shown = load_it_config().editor_enabled  # else the Redaktion is not offered
            details = SYNC_DETAILS if shown else SYNC_DETAILS_WITHOUT_EDITOR
            self._show_sync(f"Abgleich beim Start: {report.summary(CHANGES)}. {details}")
            self.library_changed.emit()

    def _show_sync(self, text: str) -> None:
        """A row of its own, so that the embeddings' message does not hide it."""
        self.status.add_activity(SYNC, "Abgleich")
        self.status.finish(SYNC, text)

    def _embed(self) -> None:
        """Compute missing vectors on the library lane (after any import)."""
        run = EmbeddingRun(self.runner, self._kb, name="Einbettungen").start()
        run.progressed.connect(self.status.show_step)
        run.succeeded.connect(self._embedded)
        run.failed.connect(self._embedding_failed)

    def _embedded(self, summary: jobs.LibrarySummary) -> None:
        """Both halves of the search are ready."""
        self.status.finish(jobs.LIBRARY, summary.text())
        self.library_changed.emit()

    def _embedding_failed(self, message: str) -> None:
        """Full-text search still works without vectors."""
        self.status.finish(
            jobs.LIBRARY,
            f"Die Suche nach Bedeutung ist nicht verfügbar, die Volltextsuche schon. {message}",
            error=True,
        )
        self.library_changed.emit()

    def _complete_fulltext(self, replaced: bool) -> None:
        """Refill the full-text index from the store where it lacks something (a crash, a
        damaged index), on the library lane; after a damaged index, say that it is rebuilt."""
        task = self._library_task(
            lambda kb, cancel: jobs.complete_fulltext(kb, cancel=cancel), "Volltextindex"
        )
        task.failed.connect(lambda message: self.status.finish(jobs.LIBRARY, message, error=True))
        if replaced:
            self.status.add_activity(FULLTEXT_REPAIR, "Volltextindex")
            self.status.show_step(jobs.Step(FULLTEXT_REPAIR, DAMAGED_NOTE))
            task.succeeded.connect(
                lambda _added: self.status.finish(FULLTEXT_REPAIR, REBUILT_MESSAGE)
            )
            task.failed.connect(
                lambda message: self.status.finish(
                    FULLTEXT_REPAIR, f"{REBUILD_FAILED} {message}", error=True
                )
            )

    def _back_up(self) -> None:
        """Back up the database once a day, after a first start's demo import and before the
        embeddings (whose end tells the window that the library is idle); only a failure is
        shown (it means the database cannot be read)."""
        home = self.home
        task = self.runner.submit(
            jobs.LIBRARY, lambda cancel: back_up_if_due(home), name="Sicherung"
        )
        task.failed.connect(self._backup_failed)

    def back_up_now(self) -> None:
        """Back up the database now (Redaktion menu), after the library work queued before."""
        home = self.home
        task = self.runner.submit(jobs.LIBRARY, lambda cancel: back_up(home), name="Sicherung")
        self.status.add_activity(BACKUP, "Sicherung")
        self.status.show_step(jobs.Step(BACKUP, "Die Datenbank wird gesichert …"))
        task.succeeded.connect(self._backed_up)
        task.failed.connect(self._backup_failed)

    def _backed_up(self, made: Path) -> None:
        """Say when and where."""
        kept = len(backups(self.home))
        self.status.finish(
            BACKUP, f"Gesichert am {when_text(made)} – {kept} Sicherungen in „{made.parent}“."
        )

    def _backup_failed(self, message: str) -> None:
        """A row of its own, so that later library messages do not hide it."""
        self.status.add_activity(BACKUP, "Sicherung")
        self.status.finish(BACKUP, f"Sicherung fehlgeschlagen: {message}", error=True)

    # model --------------------------------------------------------------------------------
    def _prepare_model(self) -> None:
        """Install (if wanted and missing) and load the model on the model lane."""
        loader, dirs, install = self._loader, self._dirs, self._install
        task = self.runner.submit(
            jobs.MODEL,
            lambda cancel: jobs.prepare_model(dirs, loader, install=install, cancel=cancel),
            name="Sprachmodell",
        )
        self._model_task = task
        self.model_state = ModelState.PREPARING
        self.status.show_step(jobs.Step(jobs.MODEL, "Sprachmodell wird vorbereitet …"))
        task.progressed.connect(self.status.show_step)
        task.succeeded.connect(lambda outcome: self._model_ready(task, outcome))
        task.failed.connect(lambda message: self._model_failed(task, message))

    def reload_model(self) -> None:
        """The settings changed: load the chosen model anew (answers are excerpts meanwhile)."""
        if self._model_task is not None:
            self._model_task.cancel()
        self.model = None
        self.model_changed.emit(None)
        self._prepare_model()

    def _model_ready(self, task: Task, outcome: jobs.ModelOutcome) -> None:
        """Loaded, or no model installed."""
        if task is not self._model_task:
            return
        self.model = outcome.model
        self.model_note = outcome.note
        if outcome.model is not None:
            self.model_state = ModelState.READY
            name = model_name(getattr(outcome.model, "identity", ""))
            self.status.finish(jobs.MODEL, f"Sprachmodell bereit: {name}")
        else:
            self.model_state = ModelState.MISSING
            text = "Kein Sprachmodell installiert – Antworten bestehen aus Auszügen der Unterlagen."
            if outcome.note:
                text += f" Hinweis für die IT: {outcome.note}"
            self.status.finish(jobs.MODEL, text)
        self.model_changed.emit(self.model)

    def _model_failed(self, task: Task, message: str) -> None:
        """The model cannot be used (German message from the core)."""
        if task is not self._model_task:
            return
        self.model = None
        self.model_state = ModelState.FAILED
        self.model_note = message
        self.status.finish(
            jobs.MODEL,
            f"Sprachmodell nicht verfügbar – Antworten bestehen aus Auszügen. {message}",
            error=True,
        )
        self.model_changed.emit(None)

    def close(self) -> None:
        """Release the library lane's knowledge base and the model (threads already joined)."""
        self._kb.close()
        close = getattr(self.model, "close", None)
        if callable(close):
            close()
        self.model = None
