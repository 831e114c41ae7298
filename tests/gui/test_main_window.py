"""The main window: first start, asking, streaming, citations, cancel, errors, history, feedback."""

import errno
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from onboard.core import consistency
from onboard.core.backup import backups, made_at
from onboard.core.consistency import REBUILD_PHASE
from onboard.core.fulltext_files import REBUILT_MESSAGE
from onboard.core.ingest import discover
from onboard.core.paths import demo_dir
from onboard.core.settings import load_settings
from onboard.core.storage_errors import DISK_FULL_MESSAGE
from onboard.core.store import StoreDamagedError, damaged_store_message
from onboard.gui import background, jobs
from onboard.gui.answer_panel import EXAMPLES, TOO_LONG_STATE
from onboard.gui.background import BACKUP, FULLTEXT_REPAIR, REBUILD_FAILED, ModelState
from onboard.gui.main_window import MainWindow
from onboard.gui.settings_dialog import SettingsDialog
from onboard.gui.style import DECLINED, ERROR, TONES
from onboard.gui.tasks import LOG_FILE
from onboard.gui.widgets import CANCELLED, EMPTY_HISTORY
from tests.fakes import ScriptedChatModel, too_small_model
from tests.gui.conftest import (
    TIMEOUT_MS,
    GatedChatModel,
    WindowFactory,
    ask,
    failing_model,
    wait_ready,
)
from tests.gui.test_accessibility import answered_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

URLAUB = "Wie beantrage ich Urlaub?"
CITED = "Urlaub beantragen Sie rechtzeitig über das Personalportal [1]."


def _answered(
    qtbot: QtBot, make_window: WindowFactory, question: str
) -> tuple[MainWindow, ScriptedChatModel]:
    """A ready window with a scripted model that has answered the question."""
    model = ScriptedChatModel(CITED)
    window = make_window(model)
    wait_ready(qtbot, window)
    ask(qtbot, window, question)
    return window, model


def test_first_start_imports_the_demo_and_fills_the_collections(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """An empty home gets the demo knowledge base, one collection per folder, with progress."""
    window = make_window(ScriptedChatModel(CITED))
    wait_ready(qtbot, window)
    folders = sorted(p.name for p in demo_dir().iterdir() if p.is_dir())
    files, _ = discover([demo_dir()])
    combo = [window.collection.itemText(i) for i in range(window.collection.count())]
    assert combo == ["Alle Sammlungen", *folders]
    assert len(window.kb.documents()) == len(files)
    shown = window.status.shown
    assert f"Demo-Unterlagen werden importiert … 0/{len(files)}" in shown
    assert any(re.fullmatch(r"Demo-Unterlagen werden importiert … \d+/\d+", t) for t in shown)
    assert any("für die Suche nach Bedeutung aufbereitet …" in text for text in shown)
    assert window.status.text(jobs.LIBRARY).startswith("Unterlagen bereit: ")
    assert window.status.text(jobs.MODEL) == "Sprachmodell bereit: scripted-test-model"
    assert window.history_list.count() == 0 and not window.sources_pane.isVisibleTo(window)
    assert window.history_list.accessibleDescription() == EMPTY_HISTORY  # read out, not painted
    assert not window.status.busy(jobs.LIBRARY)


def test_second_start_does_not_import_again(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A knowledge base that has collections is left as it is."""
    first = make_window(None)
    wait_ready(qtbot, first)
    count = len(first.kb.documents())
    first.shutdown()
    second = make_window(None)
    wait_ready(qtbot, second)
    assert not any("importiert …" in text for text in second.status.shown)
    assert len(second.kb.documents()) == count


def test_a_failed_rebuild_of_a_damaged_index_is_said(
    qtbot: QtBot, make_window: WindowFactory, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repair row does not keep saying „wird neu aufgebaut“ when the rebuild fails."""
    first = make_window(None)
    wait_ready(qtbot, first)
    first.shutdown()
    for segment in (isolated_home / "fulltext").glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:500])

    def full(kb: object, *, cancel: object) -> Iterator[jobs.Step]:
        raise OSError(errno.ENOSPC, "No space left on device")
        yield  # pragma: no cover - makes this a generator

    monkeypatch.setattr(jobs, "complete_fulltext", full)
    second = make_window(None)
    wait_ready(qtbot, second)
    assert second.status.text(FULLTEXT_REPAIR) == f"{REBUILD_FAILED} {DISK_FULL_MESSAGE}"


def test_the_start_backs_up_the_database_once_a_day(
    qtbot: QtBot, make_window: WindowFactory, isolated_home: Path
) -> None:
    """After the start's library work (here: the demo import) there is one backup of today."""
    first = make_window(None)
    wait_ready(qtbot, first)
    made = backups(isolated_home)
    assert len(made) == 1 and made_at(made[0]).date() == date.today()
    first.shutdown()
    second = make_window(None)
    wait_ready(qtbot, second)
    assert backups(isolated_home) == made
    assert not any("Sicherung" in text for text in second.status.shown)


def test_the_redaktion_menu_backs_up_on_request(
    qtbot: QtBot, make_window: WindowFactory, isolated_home: Path
) -> None:
    """„Datenbank jetzt sichern“ adds a backup to the daily one and says when and where."""
    window = make_window(None)
    wait_ready(qtbot, window)
    assert window.backup_action.isEnabled() and len(backups(isolated_home)) == 1
    window.backup_action.trigger()
    qtbot.waitUntil(
        lambda: window.status.text(BACKUP).startswith("Gesichert am "), timeout=TIMEOUT_MS
    )
    assert len(backups(isolated_home)) == 2
    assert "2 Sicherungen" in window.status.text(BACKUP)


def test_a_failed_backup_gets_a_status_row_of_its_own(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup fails only when the database cannot be read: the user must see that."""

    def damaged(home: Path) -> None:
        raise StoreDamagedError(damaged_store_message(home / "onboard.db"))

    monkeypatch.setattr(background, "back_up_if_due", damaged)
    window = make_window(None)
    wait_ready(qtbot, window)
    assert window.status.text(BACKUP).startswith("Sicherung fehlgeschlagen: Die Datei")
    assert window.status.text(jobs.LIBRARY).startswith("Unterlagen bereit: ")


def test_a_damaged_full_text_index_is_rebuilt_at_start_and_said(
    qtbot: QtBot, make_window: WindowFactory, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window opens on a damaged index and rebuilds it from the store on the library lane,
    with progress, and tells the user."""
    first = make_window(ScriptedChatModel(CITED))
    wait_ready(qtbot, first)
    count = len(first.kb.documents())
    first.shutdown()
    for segment in (isolated_home / "fulltext").glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:500])
    monkeypatch.setattr(consistency, "REBUILD_BATCH", 5)
    second = make_window(ScriptedChatModel(CITED))
    assert second.status.text(FULLTEXT_REPAIR).startswith("Der Volltextindex war beschädigt.")
    wait_ready(qtbot, second)
    assert second.status.text(FULLTEXT_REPAIR) == REBUILT_MESSAGE
    assert f"{REBUILD_PHASE} … 5/{count} Dokumente" in second.status.shown
    assert second.kb.fulltext.doc_count() == second.kb.store.count_chunks()
    assert len(second.kb.documents()) == count
    ask(qtbot, second, URLAUB)
    assert second.sources.count() > 0


def test_search_is_prepared_at_start_before_the_first_question(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """The answer lane loads what searching needs right away, so the first question is fast."""
    window = make_window(None)
    embedder = window._answer_kb.embedder
    assert embedder is not None
    qtbot.waitUntil(lambda: embedder.queries_embedded >= 1, timeout=TIMEOUT_MS)
    assert window.history_list.count() == 0 and window.question.text() == ""


def test_sources_come_first_then_the_answer_streams_and_citations_open_the_viewer(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """Sources appear before the answer is done; [1] is a link that opens the right passage."""
    model = GatedChatModel(CITED)
    window = make_window(model)
    wait_ready(qtbot, window)
    window.question.setText(URLAUB)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Urlaub" in window.answer.toPlainText(), timeout=TIMEOUT_MS)
    assert window.sources.count() > 0
    assert window.answer_state.text() == "Antwort wird erstellt …"
    assert window.cancel_button.isEnabled()
    assert not window.feedback.isVisibleTo(window)
    model.gate.set()
    qtbot.waitUntil(lambda: len(window.history) == 1, timeout=TIMEOUT_MS)
    result = window.history[0].result
    assert result is not None and result.citations
    cited = result.citations[0].n  # the core may re-attribute [1] to a better-matching source
    assert f'href="source:{cited}"' in window.answer.toHtml()
    assert window.answer.toPlainText().strip() == result.answer
    first_item = window.sources.item(0).text()
    first = result.sources[0]
    assert first.hit.chunk.title in first_item and first.hit.chunk.collection in first_item
    window.answer.anchorClicked.emit(QUrl(f"source:{cited}"))
    source = result.sources[cited - 1]
    assert window.source_panel.isVisibleTo(window)
    assert window.source_panel.document_id == source.hit.chunk.document_id
    assert window.source_panel.chunk == source.hit.chunk
    assert window.source_panel.heading.text() == f"Quelle [{cited}]"
    assert window.answer.isVisibleTo(window)  # the answer stays visible beside the source


def test_clicking_a_source_opens_it(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A click in the sources list opens that source."""
    window = make_window(ScriptedChatModel(CITED))
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    result = window.history[0].result
    assert result is not None and len(result.sources) >= 2
    item = window.sources.item(1)
    window.sources.itemClicked.emit(item)
    assert window.source_panel.chunk == result.sources[1].hit.chunk
    assert window.source_panel.heading.text() == "Quelle [2]"


def test_escape_cancels_a_streaming_answer(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Esc while the model streams: the answer ends as 'abgebrochen', nothing hangs."""
    model = GatedChatModel("Urlaub beantragen Sie " + "sehr " * 50 + "[1].")
    window = make_window(model)
    wait_ready(qtbot, window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.question.setFocus()
    window.question.setText(URLAUB)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Urlaub" in window.answer.toPlainText(), timeout=TIMEOUT_MS)
    qtbot.keyClick(window.question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(window.history) == 1, timeout=TIMEOUT_MS)
    assert window.answer_state.kind == CANCELLED
    assert "abgebrochen" in window.answer_state.text()
    assert "abgebrochen" in window.answer.toPlainText()
    assert window.history[0].cancelled
    assert not window.cancel_button.isEnabled()
    assert not window.feedback.isVisibleTo(window)


def test_without_a_model_the_answer_is_extractive_with_a_note(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """No model installed: excerpts with citation links, and the window says so."""
    window = make_window(None)
    wait_ready(qtbot, window)
    assert window.background.model_state == ModelState.MISSING
    assert "Kein Sprachmodell installiert" in window.status.text(jobs.MODEL)
    ask(qtbot, window, URLAUB)
    assert "Kein Sprachmodell installiert" in window.answer_state.text()
    assert "ohne Sprachmodell" in window.answer_state.text()
    assert "Auszüge aus den Unterlagen" in window.answer.toPlainText()
    assert 'href="source:1"' in window.answer.toHtml()


def test_a_question_too_long_for_the_model_shows_excerpts_and_says_why(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """A pasted letter as the question: no error, the excerpts, and the reason."""
    window = make_window(too_small_model())
    wait_ready(qtbot, window)
    assert window.background.model_state == ModelState.READY
    ask(qtbot, window, URLAUB)
    assert window.answer_state.text() == TOO_LONG_STATE
    assert "Auszüge aus den Unterlagen" in window.answer.toPlainText()
    assert "Bitte fassen Sie sie kürzer." in window.answer.toPlainText()
    assert 'href="source:1"' in window.answer.toHtml()


def test_answers_work_while_the_model_is_still_loading(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """Before the model is ready, answers are excerpts and the state line says why."""
    loaded = threading.Event()

    def slow_loader() -> ScriptedChatModel:
        loaded.wait(TIMEOUT_MS / 1000)
        return ScriptedChatModel(CITED)

    window = make_window(model_loader=slow_loader)
    qtbot.waitUntil(lambda: not window.runner.busy(jobs.LIBRARY), timeout=TIMEOUT_MS)
    assert window.status.text(jobs.MODEL) == "Sprachmodell wird geladen …"
    ask(qtbot, window, URLAUB)
    assert window.answer_state.text().startswith("Sprachmodell wird geladen …")
    assert "Auszüge" in window.answer.toPlainText()
    loaded.set()
    qtbot.waitUntil(lambda: window.background.model_state == ModelState.READY, timeout=TIMEOUT_MS)
    ask(qtbot, window, URLAUB)
    result = window.history[-1].result
    assert result is not None and not result.extractive and result.supported
    assert window.answer.toPlainText().strip() == result.answer


def test_a_failing_model_shows_a_german_message_and_logs_the_traceback(
    qtbot: QtBot, make_window: WindowFactory, isolated_home: Path
) -> None:
    """A RuntimeError in the model: German message in the window, traceback only in the log."""
    window = make_window(failing_model())
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    shown = window.answer.toPlainText() + window.answer_state.text()
    assert window.answer_state.kind == ERROR
    assert "Ein unerwarteter Fehler ist aufgetreten" in shown
    assert "Traceback" not in shown and "llama_decode" not in shown
    assert LOG_FILE in shown
    assert window.sources.count() > 0  # the sources found are still shown
    log = (isolated_home / LOG_FILE).read_text(encoding="utf-8")
    assert "Traceback" in log and "llama_decode returned -3" in log


def test_a_declined_answer_is_shown_distinctly_with_the_contact(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """KEINE_ANTWORT: the decline text in its own style, with who knows more."""
    window = make_window(ScriptedChatModel("KEINE_ANTWORT"))
    wait_ready(qtbot, window)
    ask(qtbot, window, "Wann ist der nächste Betriebsausflug?")
    result = window.history[0].result
    assert result is not None and result.abstained
    assert window.answer_state.kind == DECLINED
    assert window.answer_state.text().startswith("Keine belegte Antwort gefunden")
    text = window.answer.toPlainText()
    assert "Dazu steht nichts in den freigegebenen Unterlagen." in text
    assert "Am ehesten weiß es:" in text and result.contact in text
    assert TONES[(DECLINED, False)].background in window.answer.toHtml()
    assert window.feedback.isVisibleTo(window)


def test_when_the_model_finds_no_answer_the_best_matching_passage_is_shown(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """KEINE_ANTWORT although source 1 names every term of the question: that passage, marked
    as such and linked, instead of "Dazu steht nichts …"."""
    window = make_window(ScriptedChatModel("KEINE_ANTWORT"))
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    result = window.history[0].result
    assert result is not None and result.pointed and not result.abstained
    assert window.answer_state.kind != DECLINED
    assert window.answer_state.text().startswith("Keine Antwort des Sprachmodells")
    text = " ".join(window.answer.toPlainText().split())
    assert "Am besten passt diese Stelle" in text and "Dazu steht nichts" not in text
    assert result.sources[0].excerpt[:40] in text
    assert 'href="source:1"' in window.answer.toHtml()


def test_history_shows_an_earlier_answer_without_asking_again(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """Clicking the first question shows its answer and sources; the model is not asked."""
    window, model = _answered(qtbot, make_window, URLAUB)
    first_sources = [s.hit.chunk.chunk_id for s in window.history[0].result.sources]  # type: ignore[union-attr]
    model.reply = "Krankmeldungen gehen an das Personalamt [1]."
    ask(qtbot, window, "Wie melde ich mich krank?")
    assert "Krankmeldungen" in window.answer.toPlainText()
    assert window.history_list.count() == 2
    assert window.history_list.accessibleDescription() == ""  # the hint is for the empty list
    row = window.history_list.row_of(0)
    window.history_list.itemClicked.emit(window.history_list.item(row))
    assert window.question.text() == URLAUB
    assert window.answer.toPlainText().strip() == window.history[0].result.answer  # type: ignore[union-attr]
    assert window.sources.count() == len(first_sources)
    assert len(model.prompts) == 2
    window.answer.anchorClicked.emit(QUrl("source:1"))
    assert window.source_panel.chunk is not None
    assert window.source_panel.chunk.chunk_id == first_sources[0]


def test_feedback_is_stored_with_the_comment(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Hilfreich / Nicht hilfreich store a row with the comment and confirm it."""
    window = make_window(ScriptedChatModel(CITED))
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    assert window.feedback.isVisibleTo(window)
    window.feedback.comment.setText("Link zum Portal fehlt")
    qtbot.mouseClick(window.feedback.unhelpful, Qt.MouseButton.LeftButton)
    rows = window.kb.store.feedback()
    assert len(rows) == 1
    assert rows[0]["helpful"] == 0
    assert rows[0]["comment"] == "Link zum Portal fehlt"
    assert rows[0]["question"] == URLAUB
    assert window.feedback.prompt.text().startswith("Danke")
    assert window.statusBar().currentMessage() == ""  # not said a second time below
    assert not window.feedback.helpful.isEnabled()
    qtbot.mouseClick(window.feedback.helpful, Qt.MouseButton.LeftButton)
    assert len(window.kb.store.feedback()) == 1  # one rating per answer


def test_an_empty_question_is_not_asked(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Enter on an empty field only asks for a question."""
    window = make_window(None)
    qtbot.waitUntil(lambda: not window.runner.busy("answer"), timeout=TIMEOUT_MS)  # search prepared
    qtbot.keyClick(window.question, Qt.Key.Key_Return)
    assert "Bitte geben Sie zuerst eine Frage ein." in window.answer_state.text()
    assert not window.runner.busy("answer")


def test_a_collection_filter_limits_the_sources(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Choosing a collection searches only there."""
    window = make_window(None)
    wait_ready(qtbot, window)
    window.collection.setCurrentIndex(window.collection.findData("IT"))
    assert window.chosen_collections() == ["IT"]
    ask(qtbot, window, URLAUB)
    result = window.history[0].result
    assert result is not None
    assert {s.hit.chunk.collection for s in result.sources} <= {"IT"}


def test_closing_while_work_runs_stops_the_threads(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """Close during the demo import and a streaming answer: everything stops and joins."""
    model = GatedChatModel(CITED)
    window = make_window(model)
    window.question.setText(URLAUB)
    window.ask()
    assert window.runner.running_lanes()
    window.close()
    assert window.runner.running_lanes() == []
    assert not window.runner.busy()


def test_an_answer_of_bare_citations_shows_the_cited_passages(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """The real small model often answers only '[1] [2]': the window shows those passages."""
    window = make_window(ScriptedChatModel("[1] [2]"))
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    result = window.history[0].result
    assert result is not None and [c.n for c in result.citations] == [1, 2]
    text = window.answer.toPlainText()
    assert "Das Sprachmodell hat nur auf diese Stellen verwiesen" in text
    assert result.sources[1].excerpt[:40] in " ".join(text.split())
    assert 'href="source:2"' in window.answer.toHtml()


def test_asking_during_the_import_works_and_later_questions_see_everything(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """A question before the demo is in does not block or break; afterwards all is found."""
    window = make_window(None)
    ask(qtbot, window, URLAUB)  # at once: the import has hardly started
    assert window.history[0].error == ""
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    result = window.history[1].result
    assert result is not None and result.sources
    assert result.sources[0].hit.chunk.collection == "Personalamt"


def test_escape_closes_the_source_panel_when_nothing_runs(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """Esc without a running answer closes the opened source and returns to the answer."""
    window = answered_window(qtbot, make_window)  # source [1] open
    assert window.source_panel.isVisibleTo(window)
    qtbot.keyClick(window.question, Qt.Key.Key_Escape)
    assert not window.source_panel.isVisibleTo(window)


def test_escape_in_the_document_search_goes_back_to_the_document_first(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """Esc in „Im Dokument suchen“ leaves the field for the text; a second Esc closes."""
    window = answered_window(qtbot, make_window)  # source [1] open
    field = window.source_panel.find_bar.field
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert window.source_panel.isVisibleTo(window)
    assert window.source_panel.viewer.text_view.hasFocus()
    qtbot.keyClick(window.source_panel.viewer.text_view, Qt.Key.Key_Escape)
    assert not window.source_panel.isVisibleTo(window)


def test_the_settings_menu_saves_and_reloads_the_model(
    qtbot: QtBot, make_window: WindowFactory, isolated_home: Path
) -> None:
    """Einstellungen… (Ctrl+,): saving new threads reloads the model in the background."""
    loads: list[int] = []

    def loader() -> ScriptedChatModel:
        loads.append(1)
        return ScriptedChatModel(CITED)

    window = make_window(model_loader=loader)
    wait_ready(qtbot, window)

    def fill_and_save() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialog.threads.setValue(2)
        dialog.accept()

    QTimer.singleShot(0, fill_and_save)
    window.settings_action.trigger()
    assert load_settings(isolated_home).threads == 2
    qtbot.waitUntil(lambda: len(loads) == 2, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.background.model_state == ModelState.READY, timeout=TIMEOUT_MS)


def test_while_typing_the_model_reads_the_sources_before_enter(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """While the question is typed the model reads the prompt; Enter asks with exactly the
    prompt it has read."""
    model = ScriptedChatModel(CITED)
    window = make_window(model)
    wait_ready(qtbot, window)
    qtbot.keyClicks(window.question, URLAUB)  # the final "?" starts reading at once
    task = window.read_ahead.task
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=TIMEOUT_MS)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.history) == 1, timeout=TIMEOUT_MS)
    assert model.read_aheads[-1] == model.prompts[0][-1]["content"]
    assert "[1]" in model.read_aheads[-1]


def test_the_example_questions_are_read_ahead_and_kept_for_a_click(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """With the model ready and the library idle, the model reads and keeps the prompts of the
    welcome text's examples; clicking one asks it as written (with its question mark) and
    with exactly the prompt it kept."""
    model = ScriptedChatModel(CITED)
    window = make_window(model)
    wait_ready(qtbot, window)
    qtbot.waitUntil(lambda: len(model.kept) == len(EXAMPLES), timeout=TIMEOUT_MS)
    for question, kept in zip(EXAMPLES, model.kept, strict=True):
        assert f"Frage: {question}" in kept and "[1]" in kept
    links = re.findall(r'href="(ask:[^"]+)"', window.answer.toHtml())
    assert len(links) == len(EXAMPLES)
    window.answer.anchorClicked.emit(QUrl(links[1]))
    qtbot.waitUntil(lambda: len(window.history) == 1, timeout=TIMEOUT_MS)
    assert model.prompts[-1][-1]["content"] == model.kept[1]
    assert window.history[0].question == EXAMPLES[1]


class SlowReader(ScriptedChatModel):
    """Reads ahead until cancelled (records whether the cancel came)."""

    def __init__(self, reply: str) -> None:
        """reply: the answer to stream."""
        super().__init__(reply)
        self.reading = threading.Event()
        self.stopped = threading.Event()

    def read_ahead(
        self, messages: list[dict[str, str]], *, cancel: object = None, keep: bool = False
    ) -> int:
        """Block until the cancel flag is set (at most the test timeout)."""
        self.reading.set()
        for _ in range(2 * TIMEOUT_MS // 10):
            if getattr(cancel, "cancelled", False):
                self.stopped.set()
                return 0
            threading.Event().wait(0.01)
        return 0


def test_enter_stops_a_running_read_ahead_and_the_answer_follows(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    model = SlowReader(CITED)
    window = make_window(model)
    wait_ready(qtbot, window)
    qtbot.keyClicks(window.question, URLAUB)
    qtbot.waitUntil(model.reading.is_set, timeout=TIMEOUT_MS)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.history) == 1, timeout=TIMEOUT_MS)
    assert model.stopped.is_set() and window.read_ahead.task is None
    assert window.history[0].result is not None and window.history[0].result.citations


def test_a_follow_up_is_understood_with_the_shown_question_and_can_be_asked_alone(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """„Und wie viele Tage …?“ after the Urlaub answer is searched and asked with it; the line
    above the answer says so, and its button asks the question again on its own."""
    window, model = _answered(qtbot, make_window, URLAUB)
    bar = window.answer_panel.follow_up
    assert bar.isHidden()
    ask(qtbot, window, "Und wie viele Tage stehen mir zu?")
    assert window.history[1].follow_up_of == URLAUB
    assert not bar.isHidden() and URLAUB in bar.label.text() and not bar.button.isHidden()
    assert f"Nachfrage zur vorigen Frage: {URLAUB}" in model.prompts[1][-1]["content"]
    titles = [s.hit.chunk.title for s in window.history[1].result.sources]  # type: ignore[union-attr]
    assert "Urlaub und Arbeitsbefreiung" in titles
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.history) == 3, timeout=TIMEOUT_MS)
    assert window.history[2].question == "Und wie viele Tage stehen mir zu?"
    assert window.history[2].follow_up_of is None and bar.isHidden()
    assert "Nachfrage" not in model.prompts[2][-1]["content"]
    follow_up_item = window.history_list.item(window.history_list.row_of(1))
    assert follow_up_item.toolTip().endswith(f"(Nachfrage zu „{URLAUB}“)")
    window.history_list.itemClicked.emit(follow_up_item)
    assert not bar.isHidden() and URLAUB in bar.label.text()  # the history keeps how it was asked
    ask(qtbot, window, "Und wer genehmigt das?")  # a follow-up of the follow-up
    assert window.history[3].follow_up_of == f"{URLAUB} Und wie viele Tage stehen mir zu?"


def test_a_question_that_stands_alone_is_not_tied_to_the_previous_one(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window, model = _answered(qtbot, make_window, URLAUB)
    ask(qtbot, window, "Wie melde ich mich krank?")
    assert window.history[1].follow_up_of is None
    assert window.answer_panel.follow_up.isHidden()
    assert "Nachfrage" not in model.prompts[1][-1]["content"]


def test_a_follow_up_being_typed_is_read_ahead_with_its_context(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window, model = _answered(qtbot, make_window, URLAUB)
    window.question.clear()
    qtbot.keyClicks(window.question, "Und wer genehmigt das?")
    task = window.read_ahead.task
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=TIMEOUT_MS)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.history) == 2, timeout=TIMEOUT_MS)
    assert f"Nachfrage zur vorigen Frage: {URLAUB}" in model.read_aheads[-1]
    assert model.read_aheads[-1] == model.prompts[1][-1]["content"]


def test_an_answer_is_copied_with_its_sources(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Antwort kopieren (Alt+K): question, answer and cited sources as text, for an e-mail."""
    window = make_window(ScriptedChatModel("Urlaub beantragen Sie im Zeitportal [1]."))
    wait_ready(qtbot, window)
    copy = window.answer_panel.copy_button
    assert not copy.isEnabled()  # nothing to copy on the welcome page
    ask(qtbot, window, "Wie beantrage ich Urlaub?")
    assert copy.isEnabled() and copy.text() == "Antwort &kopieren"
    QApplication.clipboard().clear()
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    assert text.startswith("Frage: Wie beantrage ich Urlaub?\n\nUrlaub beantragen Sie im")
    assert "\nQuellen:\n[1] " in text and "Auskunft von Onboard am" in text
    assert "kopiert" in window.answer_state.text()
    window.question.setText("Wann ist die Kernzeit?")
    window.ask()
    assert not copy.isEnabled()  # not while the next answer is being written


def test_a_misspelt_question_says_how_it_was_searched(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """„Kernzet“ is searched and answered as „Kernzeit“, and the window says so; the history
    keeps the question as typed."""
    model = ScriptedChatModel("Die Kernzeit ist von 9 bis 15 Uhr [1].")
    window = make_window(model)
    wait_ready(qtbot, window)
    note = window.answer_panel.respelt_note
    ask(qtbot, window, "Wann beginnt die Kernzet?")
    assert note.isVisibleTo(window)
    assert note.text() == "Gesucht als: „Wann beginnt die Kernzeit?“"
    assert "Frage: Wann beginnt die Kernzeit?" in model.prompts[-1][-1]["content"]
    assert window.history[-1].question == "Wann beginnt die Kernzet?"
    ask(qtbot, window, "Wann beginnt die Kernzeit?")
    assert not note.isVisibleTo(window)
