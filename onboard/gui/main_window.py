"""The main window: ask, sources, streamed answer with citations, viewer, history, feedback."""

import functools
import itertools
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QVBoxLayout, QWidget

from onboard.core.answer import Source
from onboard.core.embedders import Embedder
from onboard.core.feedback import record_feedback
from onboard.core.follow_up import understood
from onboard.core.itconfig import editor_available, load_it_config
from onboard.core.kb import KnowledgeBase
from onboard.core.paths import demo_folders, drive_full, model_dirs
from onboard.core.runtime import open_chat_model
from onboard.core.settings import load_settings
from onboard.core.storage_errors import FULL_DRIVE_READ_ONLY_MESSAGE
from onboard.gui import jobs
from onboard.gui.announce import announce
from onboard.gui.answer_panel import EXAMPLES, AnswerPanel, HistoryEntry
from onboard.gui.answer_run import AnswerRuns
from onboard.gui.ask_bar import AskBar
from onboard.gui.background import Background
from onboard.gui.document_tree import DocumentTree, last_visit, remember_visit, side_pane
from onboard.gui.editor.window import EditorWindow, build_editor
from onboard.gui.gui_thread_gc import collect_on_gui_thread
from onboard.gui.menus import build_menu
from onboard.gui.read_ahead import ReadAhead, example_questions_work, typed_question_work
from onboard.gui.settings_dialog import SettingsDialog
from onboard.gui.source_panel import SourcePanel, place_beside_answer
from onboard.gui.tasks import TaskRunner, Work, start_logging, stop_logging
from onboard.gui.widgets import INFO, HistoryList, StatusArea

HISTORY_WIDTH = 230


class MainWindow(QMainWindow):
    """Onboard's window. Injectable factories keep tests fast (fake embedder and model)."""

    def __init__(
        self,
        home: Path,
        *,
        embedder: Embedder | str | None = None,
        model_loader: jobs.ModelLoader | None = None,
        prepare_model: bool = True,
        demo_root: Path | None = None,
        app_settings: QSettings | None = None,
        read_only: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Open the knowledge base in home and start the background work of the first start.

        embedder: None uses the one in the settings; model_loader: None opens the model chosen
        in the settings; prepare_model: assemble the default model if it is missing;
        read_only: None follows IT's onboard.ini (a read-only knowledge base has no Redaktion).
        """
        super().__init__(parent)
        self.home = home
        self.log_path = start_logging(home)
        app = QApplication.instance()
        if app is not None:
            collect_on_gui_thread(app)
        self.app_settings = app_settings or QSettings("Onboard", "Onboard")
        self.it_config = load_it_config()
        if read_only is None:
            read_only = self.it_config.opens_read_only(home)
        spec = embedder if embedder is not None else load_settings(home).embedder
        # One KnowledgeBase per thread: the GUI thread reads; each lane has its own.
        # The library lane brings the full-text index in line with the store (Background), so
        # that a long rebuild never holds up the window.
        opened = functools.partial(KnowledgeBase, home, read_only=read_only, reconcile=False)
        self.kb = opened(embedder=None)
        self._answer_kb = opened(embedder=spec)
        self._library_kb = opened(embedder=spec)
        self.runner = TaskRunner(self, log_path=self.log_path)
        self.editor: EditorWindow | None = None
        self.history: list[HistoryEntry] = []
        self._shown: HistoryEntry | None = None
        self._closed = False
        self._build_ui()
        self.statusBar().messageChanged.connect(lambda text: announce(self.statusBar(), text))
        self.answers = AnswerRuns(self.runner, jobs.ANSWER, self.answer_panel, self.cancel_button)
        self.answers.ended.connect(self._record)
        self.background = Background(
            self,
            home=home,
            runner=self.runner,
            status=self.status,
            library_kb=self._library_kb,
            loader=model_loader or functools.partial(open_chat_model, home),
            install=prepare_model,
            dirs=model_dirs(home),
        )
        self.read_ahead = ReadAhead(self.runner, jobs.ANSWER, self.question, self._read_ahead_work)
        answer_kb = self._answer_kb
        self.runner.submit(
            jobs.ANSWER, lambda cancel: answer_kb.prepare_search(), name="Suche vorbereiten"
        )
        self.background.library_changed.connect(self.refresh_collections)
        self.background.library_changed.connect(self._read_examples_ahead)
        self.background.model_changed.connect(self._read_examples_ahead)
        self.refresh_collections()
        self.answer_panel.show_welcome()
        demo = [] if read_only else demo_folders(demo_root)
        self.background.start(
            demo_folders=demo, fulltext_replaced=self.kb.fulltext.replaced_damaged
        )

    # construction -----------------------------------------------------------------------
    def _build_ui(self) -> None:
        """Widgets, layout, menu, shortcuts, tab order."""
        self.setWindowTitle("Onboard – Unterlagen für den Einstieg")
        self.ask_bar = AskBar()
        self.question = self.ask_bar.question
        self.question.returnPressed.connect(self.ask)
        self.collection = self.ask_bar.collection
        self.ask_button = self.ask_bar.ask_button
        self.ask_button.clicked.connect(self.ask)
        self.cancel_button = self.ask_bar.cancel_button
        self.cancel_button.clicked.connect(self.cancel_answer)

        self.answer_panel = AnswerPanel()
        self.sources = self.answer_panel.sources
        self.sources.source_chosen.connect(self.open_source)
        self.answer_state = self.answer_panel.answer_state
        self.answer = self.answer_panel.answer
        self.answer.citation_clicked.connect(self.open_source)
        self.answer.example_chosen.connect(self._ask_example)
        self.feedback = self.answer_panel.feedback
        self.feedback.rated.connect(self.give_feedback)
        self.answer_panel.follow_up.standalone_requested.connect(self.ask_standalone)
        self.sources_pane = self.answer_panel.sources_pane

        self.history_list = HistoryList()
        self.history_list.entry_chosen.connect(self.show_history_entry)
        self.document_tree = DocumentTree(since=last_visit(self.app_settings, self.home))
        self.document_tree.document_chosen.connect(self.open_document)

        self.source_panel = SourcePanel()
        self.source_panel.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(side_pane(self.history_list, self.document_tree))
        self.splitter.addWidget(self.answer_panel)
        self.splitter.addWidget(self.source_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([HISTORY_WIDTH, 900, 0])

        self.status = StatusArea()
        self.status.add_activity(jobs.LIBRARY, "Unterlagen")
        self.status.add_activity(jobs.MODEL, "Sprachmodell")

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.ask_bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        self._build_menu()
        if self.kb.read_only and drive_full(self.home):
            self.statusBar().showMessage(FULL_DRIVE_READ_ONLY_MESSAGE)
        self.find_shortcut = QShortcut(
            QKeySequence(QKeySequence.StandardKey.Find), self, self._find
        )
        self._build_tab_order()
        self.resize(1200, 780)

    def _build_menu(self) -> None:
        """The menu bar (menus.py); its actions stay reachable as attributes."""
        actions = build_menu(
            self,
            open_settings=self.open_settings,
            open_editor=self.open_editor,
            back_up=lambda: self.background.back_up_now(),
            editor_available=self.editor_available(),
            escape=self._escape,
            home=self.home,
        )
        self.settings_action = actions.settings
        self.editor_menu = actions.editor_menu
        self.editor_action = actions.editor
        self.backup_action = actions.backup
        self.escape = actions.escape

    def _build_tab_order(self) -> None:
        """The Tab key follows asking: question … answer, feedback, history, documents, viewer."""
        chain: list[QWidget] = [
            self.question,
            self.collection,
            self.ask_button,
            self.cancel_button,
            self.sources,
            self.answer_panel.follow_up.button,
            self.answer,
            self.answer_panel.copy_button,
            self.feedback.comment,
            self.feedback.helpful,
            self.feedback.unhelpful,
            self.history_list,
            self.document_tree.filter_field,
            self.document_tree,
            self.source_panel.close_button,
            self.source_panel.find_bar.field,
            self.source_panel.find_bar.next_button,
            self.source_panel.find_bar.previous_button,
            *self.source_panel.viewer.focus_order(),
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    # collections --------------------------------------------------------------------------
    @Slot()
    def refresh_collections(self) -> None:
        """Fill the collection filter and the documents list from the knowledge base, keeping
        the choice."""
        if not self._closed:
            self.collection.fill([str(row["name"]) for row in self.kb.collections()])
            self.document_tree.fill(self.kb.documents())

    def chosen_collections(self) -> list[str] | None:
        """The collection filter as the core wants it (None: all)."""
        return self.collection.chosen()

    # asking -------------------------------------------------------------------------------
    @Slot()
    def ask(self) -> None:
        """Ask the question in the field (Enter or Fragen); a running answer is replaced. A
        follow-up („Und wie lange?“) is understood with the question whose answer is shown."""
        self._ask(standalone=False)

    @Slot()
    def ask_standalone(self) -> None:
        """Ask the shown follow-up again on its own („Als eigene Frage stellen“)."""
        if self._shown is not None:
            self.question.setText(self._shown.question)
        self._ask(standalone=True)

    def _ask(self, *, standalone: bool) -> None:
        """Ask the question in the field, with the shown question as context unless standalone."""
        question = self.question.text().strip()
        if not question:
            self.answer_state.set_state(INFO, "Bitte geben Sie zuerst eine Frage ein.")
            self.question.setFocus()
            return
        self.read_ahead.cancel()
        self.answers.abandon()
        asked = understood(question, None if standalone else self._context_question())
        entry = HistoryEntry(
            question,
            datetime.now(),
            model_state=self.background.model_state,
            follow_up_of=asked.previous,
        )
        model = self.background.model
        work = functools.partial(
            jobs.answer,
            self._answer_kb,
            question,
            model=model,
            collections=self.chosen_collections(),
            previous=asked.previous,
        )
        self.answers.start(entry, lambda cancel: work(cancel=cancel))
        self._shown = None

    def _context_question(self) -> str | None:
        """What a follow-up refers to: the question whose answer is shown (after the ones it
        followed up), unless that ended in an error."""
        shown = self._shown
        if shown is None or shown.result is None or shown.error:
            return None
        return shown.result.conversation

    def _read_ahead_work(self, question: str) -> Work | None:
        """The model reads the sources of the question being typed (not while answering)."""
        model = self.background.model
        if model is None or self.answers.running or self._closed or not question:
            return None
        return typed_question_work(
            self._answer_kb,
            question,
            model=model,
            collections=self.chosen_collections(),
            previous=self._context_question(),
        )

    def _read_examples_ahead(self) -> None:
        """While the welcome text shows and nothing else runs, the model reads the example
        questions' prompts and keeps them: a click on one starts its answer at once."""
        model = self.background.model
        busy = self.runner.busy(jobs.LIBRARY) or self.answers.running or self._closed
        if model is None or busy or self.history or self.question.text().strip():
            return
        work = example_questions_work(
            self._answer_kb, list(EXAMPLES), model=model, collections=self.chosen_collections()
        )
        self.read_ahead.run(work, name="Beispielfragen vorauslesen")

    def _ask_example(self, question: str) -> None:
        """An example question of the welcome text was clicked."""
        self.question.setText(question)
        self.ask()

    def _record(self, entry: HistoryEntry, sources: list[Source]) -> None:
        """A finished answer goes into the history and is shown."""
        self.history.append(entry)
        result = entry.result
        self.history_list.add_entry(
            len(self.history) - 1,
            entry.question,
            entry.asked_at,
            in_context=result.question_in_context if result is not None else "",
        )
        self.show_entry(entry, sources=sources)

    @Slot()
    def cancel_answer(self) -> None:
        """Esc / Abbrechen: stop the running answer; it ends as 'abgebrochen'."""
        self.answers.cancel()

    def _find(self) -> None:
        """Strg+F: the search in the open document, else the filter of the documents list."""
        if self.source_panel.isVisible():
            self.source_panel.find_bar.focus_field()
        else:
            self.document_tree.filter_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.document_tree.filter_field.selectAll()

    def _escape(self) -> None:
        """Esc cancels a running answer, else closes the source panel."""
        if self.answers.running:
            self.cancel_answer()
        elif self.source_panel.isVisible():
            self.source_panel.close_panel()
            self.answer.setFocus()

    # showing ------------------------------------------------------------------------------
    def show_entry(self, entry: HistoryEntry, *, sources: list[Source] | None = None) -> None:
        """Show a question's answer, sources and state (also for history entries)."""
        self._shown = entry
        self.answer_panel.show_entry(entry, sources=sources)

    @Slot(int)
    def show_history_entry(self, index: int) -> None:
        """Show an earlier question of this session again (a running answer is cancelled)."""
        if not 0 <= index < len(self.history):
            return
        if self.answers.running:
            self.answers.cancel()
            self.answers.abandon()
        entry = self.history[index]
        self.question.setText(entry.question)
        self.show_entry(entry)

    @Slot(int)
    def open_source(self, number: int) -> None:
        """Open source n of the shown (or streaming) answer in the viewer panel."""
        sources = self._current_sources()
        if not 1 <= number <= len(sources):
            return
        opening = self.source_panel.isHidden()
        if not self.source_panel.open_source(number, sources[number - 1].hit.chunk, self.kb.store):
            self.statusBar().showMessage(
                "Dieses Dokument ist nicht mehr in der Wissensdatenbank.", 8000
            )
            return
        self.sources.select_number(number)
        if opening:
            place_beside_answer(self.splitter)

    @Slot(int)
    def open_document(self, document_id: int) -> None:
        """Open a document chosen in the list of documents, from its beginning."""
        opening = self.source_panel.isHidden()
        if self.source_panel.open_document(document_id, self.kb.store) and opening:
            place_beside_answer(self.splitter)

    def _current_sources(self) -> list[Source]:
        """The sources of the streaming answer, else of the shown entry."""
        if self.answers.running:
            return self.answers.sources
        if self._shown is not None and self._shown.result is not None:
            return self._shown.result.sources
        return []

    # feedback -----------------------------------------------------------------------------
    @Slot(bool, str)
    def give_feedback(self, helpful: bool, comment: str) -> None:
        """Store the rating of the shown answer and confirm it."""
        entry = self._shown
        if entry is None or entry.result is None or entry.feedback:
            return
        if self.kb.read_only:
            self.feedback.reset(
                done_text="Rückmeldungen können in dieser schreibgeschützten "
                "Wissensdatenbank nicht gespeichert werden."
            )
            return
        record_feedback(self.kb.store, entry.result, helpful=helpful, comment=comment)
        entry.feedback = "Danke! Ihre Rückmeldung wurde gespeichert."
        self.feedback.reset(done_text=entry.feedback)  # said once, where the rating was

    # editor -----------------------------------------------------------------------------
    def editor_available(self) -> bool:
        """Whether the Redaktion may be offered (not read-only, not switched off by IT)."""
        return editor_available(self.it_config, self.kb.read_only)

    @Slot()
    def open_editor(self) -> EditorWindow | None:
        """Redaktion öffnen… (Ctrl+E): the editor window; its changes run on the library lane."""
        if not self.editor_available() or self._closed:
            return None
        if self.editor is None:
            self.editor = build_editor(
                self, self.runner, reader=self.kb, writer=self._library_kb, status=self.status
            )
            self.editor.lane.changed.connect(self.refresh_collections)
        self.editor.show()
        self.editor.raise_()
        self.editor.activateWindow()
        return self.editor

    # settings -----------------------------------------------------------------------------
    @Slot()
    def open_settings(self) -> None:
        """Einstellungen…: model, threads, data folder; a new model loads in the background."""
        dialog = SettingsDialog(self.home, app_settings=self.app_settings, parent=self)
        if dialog.exec() and dialog.model_changed:
            self.background.reload_model()
        dialog.deleteLater()

    # closing ------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop and join every background thread, then close the knowledge bases."""
        if self._closed:
            return
        self._closed = True
        remember_visit(self.app_settings, self.home)
        self.runner.shutdown()
        self.background.close()
        self._answer_kb.close()
        self.kb.close()
        stop_logging(self.home)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends all background work first (unsaved pages are asked about)."""
        editor = self.editor
        if not self._closed and editor is not None and editor.isVisible() and not editor.close():
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)
