"""What employees see of the Redaktion's work: drafts and expired documents left out of
answers, warnings beside sources, declined questions in the gaps, no editor when read-only."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from onboard.core import paths
from onboard.core.metadata import DRAFT
from onboard.core.storage_errors import FULL_DRIVE_READ_ONLY_MESSAGE
from onboard.gui import main_window
from onboard.gui.editor.window import GAPS_TAB
from onboard.gui.main_window import MainWindow
from tests.fakes import ScriptedChatModel, deny_writing
from tests.gui.conftest import WindowFactory, ask, wait_ready
from tests.gui.test_editor import (
    never_block,  # noqa: F401
    open_editor,
    select_title,
    wait_library,
    write_library,
)

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")

URLAUB = "Wie beantrage ich Urlaub im Personalportal?"
CITED = "Urlaub beantragen Sie im Personalportal [1]."


def source_titles(window: MainWindow) -> list[str]:
    """Titles of the sources of the last answer."""
    result = window.history[-1].result
    assert result is not None
    return [source.hit.chunk.title for source in result.sources]


def test_a_document_set_to_draft_disappears_from_answers(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Status Entwurf in the metadata panel: the next answer no longer uses the document."""
    window, editor = open_editor(qtbot, make_window, tmp_path, ScriptedChatModel(CITED))
    ask(qtbot, window, URLAUB)
    assert "Urlaub beantragen" in source_titles(window)
    editor.collections.select("Personalamt")
    select_title(editor, "Urlaub beantragen")
    editor.documents.form.status.setCurrentText(DRAFT)
    editor.documents.save_button.click()
    wait_library(qtbot, window)
    ask(qtbot, window, URLAUB)
    assert "Urlaub beantragen" not in source_titles(window)
    hits = window.kb.search("Urlaub Personalportal", include_drafts=True, mode="fulltext")
    assert hits[0].chunk.title == "Urlaub beantragen"
    assert "Entwurf – für Beschäftigte nicht sichtbar" in hits[0].notes()


def test_an_expired_document_is_not_in_answers_but_marked_in_search(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Gültig bis in the past: left out of answers; a plain search shows it with its note."""
    window, _editor = open_editor(qtbot, make_window, tmp_path, ScriptedChatModel("R7 [1]."))
    ask(qtbot, window, "Wie rechne ich Reisekosten mit dem Formular R7 ab?")
    assert "Reisekosten alt" not in source_titles(window)
    note = window.answer_panel.expired_note
    assert note.isVisibleTo(window)
    assert note.text() == (
        "⚠ Nicht berücksichtigt, weil abgelaufen: „Reisekosten alt“ (gültig bis 31.12.2020)."
    )
    hits = window.kb.search("Reisekosten Formular R7", mode="fulltext")
    assert hits[0].chunk.title == "Reisekosten alt"
    assert hits[0].notes() == ["abgelaufen (gültig bis 31.12.2020)"]


def test_an_overdue_document_shows_its_warning_beside_the_source(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Wiedervorlage passed: the source line and the opened source say so in words."""
    window = make_window(ScriptedChatModel(CITED), demo_root=write_library(tmp_path / "b"))
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    titles = source_titles(window)
    number = titles.index("Urlaub beantragen") + 1
    item = window.sources.item(number - 1)
    assert "⚠ Wiedervorlage überfällig seit 30.06.2020" in item.text()
    assert "⚠ Wiedervorlage überfällig seit 30.06.2020" in item.toolTip()
    window.answer.anchorClicked.emit(QUrl(f"source:{number}"))
    warning = window.source_panel.viewer.warning_label  # the viewer says it as well
    assert warning.isVisibleTo(window)
    assert warning.text() == "Wiedervorlage überfällig seit 30.06.2020"
    fresh = [n for n, title in enumerate(titles) if title != "Urlaub beantragen"]
    assert fresh and all("⚠" not in window.sources.item(n).text() for n in fresh)


def tab_stops_after(widget: QWidget, count: int) -> list[str]:
    """The accessible names of the next count widgets that Tab reaches from widget."""
    names: list[str] = []
    following = widget.nextInFocusChain()
    while len(names) < count and following is not widget:
        if following.focusPolicy() & Qt.FocusPolicy.TabFocus and following.isVisible():
            names.append(following.accessibleName())
        following = following.nextInFocusChain()
    return names


def test_the_gaps_list_declined_questions_and_unhelpful_comments(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A declined question is logged by itself; a 'nicht hilfreich' comment appears too."""
    model = ScriptedChatModel("KEINE_ANTWORT")
    window, editor = open_editor(qtbot, make_window, tmp_path, model)
    ask(qtbot, window, "Wann ist der nächste Betriebsausflug?")
    assert window.history[-1].result.abstained  # type: ignore[union-attr]
    model.reply = CITED
    ask(qtbot, window, URLAUB)
    window.feedback.comment.setText("Der Link zum Portal fehlt")
    qtbot.mouseClick(window.feedback.unhelpful, Qt.MouseButton.LeftButton)
    editor.tabs.setCurrentIndex(GAPS_TAB)
    gaps = editor.gaps
    rows = {
        gaps.table.item(row, 0).text(): [gaps.table.item(row, c).text() for c in range(6)]
        for row in range(gaps.table.rowCount())
    }
    declined = rows["Wann ist der nächste Betriebsausflug?"]
    assert declined[2:4] == ["1", "0"]
    unhelpful = rows[URLAUB]
    assert unhelpful[2:5] == ["0", "1", "„Der Link zum Portal fehlt“"]
    assert unhelpful[5].count(".") == 2  # a German date
    assert not gaps.empty.isVisibleTo(editor)
    assert tab_stops_after(gaps.collection, 3) == [
        "Lücken aktualisieren",  # the buttons above the table come first, as shown
        "Seite zu dieser Frage schreiben",
        "Lücken",
    ]
    other = "IT" if declined[1] == "Personalamt" else "Personalamt"
    gaps.collection.setCurrentIndex(gaps.collection.findData(other))
    assert all(gap.collection == other for gap in gaps.gaps)
    assert gaps.empty.isVisibleTo(editor) == (not gaps.gaps)
    assert "Wann ist der nächste Betriebsausflug?" not in [gap.question for gap in gaps.gaps]
    gaps.collection.setCurrentIndex(gaps.collection.findData(declined[1]))
    questions = [gap.question for gap in gaps.gaps]
    gaps.table.selectRow(questions.index("Wann ist der nächste Betriebsausflug?"))
    gaps.write_button.click()
    page = editor.page_editors[-1]
    assert page.title.text() == "Wann ist der nächste Betriebsausflug?"
    assert page.form.status.currentText() == DRAFT


def test_a_read_only_knowledge_base_has_no_editor_and_logs_nothing(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """kb.read_only: the Redaktion menu is hidden; declined answers and ratings write nothing."""
    first = make_window(None, demo_root=write_library(tmp_path / "b"))
    wait_ready(qtbot, first)
    first.shutdown()
    window = make_window(ScriptedChatModel("KEINE_ANTWORT"), read_only=True)
    wait_ready(qtbot, window)
    assert window.kb.read_only
    assert not window.editor_action.isEnabled()
    assert not window.editor_menu.menuAction().isVisible()
    assert window.open_editor() is None and window.editor is None
    ask(qtbot, window, "Wann ist der nächste Betriebsausflug?")
    result = window.history[-1]
    assert result.error == "" and result.result is not None and result.result.abstained
    qtbot.mouseClick(window.feedback.unhelpful, Qt.MouseButton.LeftButton)
    assert "schreibgeschützt" in window.feedback.prompt.text()
    assert window.kb.store.db.execute("SELECT COUNT(*) FROM declined_questions").fetchone()[0] == 0


def _import_and_close(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    """A first window imports a small library into the data folder and is closed."""
    first = make_window(None, demo_root=write_library(tmp_path / "b"))
    wait_ready(qtbot, first)
    first.shutdown()


def test_a_data_folder_without_write_access_opens_read_only(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A share mounted read-only: the window opens for reading, without the Redaktion."""
    _import_and_close(qtbot, make_window, tmp_path)
    deny_writing(monkeypatch, isolated_home)
    window = make_window(ScriptedChatModel(CITED))
    wait_ready(qtbot, window)
    assert window.kb.read_only and not window.editor_action.isEnabled()
    ask(qtbot, window, URLAUB)
    assert window.history[-1].error == ""


def test_a_full_drive_opens_the_window_for_reading_and_says_why(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _import_and_close(qtbot, make_window, tmp_path)
    monkeypatch.setattr(paths, "drive_full", lambda _folder: True)
    monkeypatch.setattr(main_window, "drive_full", lambda _folder: True)
    window = make_window(ScriptedChatModel(CITED))
    assert window.kb.read_only
    assert window.statusBar().currentMessage() == FULL_DRIVE_READ_ONLY_MESSAGE
    wait_ready(qtbot, window)
    ask(qtbot, window, URLAUB)
    assert window.history[-1].error == ""


def test_it_can_switch_the_editor_off(
    qtbot: QtBot,
    make_window: WindowFactory,
    it_config: Callable[[str], Path],
    tmp_path: Path,
) -> None:
    """onboard.ini with 'redaktion = nein': no Redaktion although the KB is writable."""
    it_config("redaktion = nein\n")
    window = make_window(None, demo_root=write_library(tmp_path / "b"))
    assert not window.kb.read_only
    assert not window.editor_action.isEnabled()
    assert window.open_editor() is None


def test_a_very_long_question_in_the_gaps_does_not_hide_the_others(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A pasted letter as a question takes at most four lines; its tooltip has all of it."""
    model = ScriptedChatModel("KEINE_ANTWORT")
    window, editor = open_editor(qtbot, make_window, tmp_path, model)
    letter = "Sehr geehrte Damen und Herren, wann ist der nächste Betriebsausflug? " * 30
    for question in (letter.strip(), "Gibt es einen Betriebskindergarten?"):
        ask(qtbot, window, question)
    editor.resize(1024, 700)
    editor.tabs.setCurrentIndex(GAPS_TAB)
    table = editor.gaps.table
    assert table.rowCount() == 2
    lines = table.fontMetrics().lineSpacing()
    assert all(table.rowHeight(row) <= 4 * lines + 8 for row in range(2))
    assert sum(table.rowHeight(row) for row in range(2)) < table.viewport().height()
    long_row = next(row for row in range(2) if table.item(row, 0).text().startswith("Sehr"))
    assert table.item(long_row, 0).toolTip() == letter.strip()
