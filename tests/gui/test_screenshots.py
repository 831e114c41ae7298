"""Screenshots of the main states for review (only with ONBOARD_SHOTS=1): /tmp/onboard-shots."""

import os
import threading
from collections.abc import Generator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget
from pytestqt.qtbot import QtBot

from onboard.core.ingest import CancelFlag, Progress
from onboard.core.models import DEFAULT_MODEL
from onboard.gui import jobs, main_window
from onboard.gui.main_window import MainWindow
from onboard.gui.settings_dialog import SettingsDialog
from tests.fakes import ScriptedChatModel
from tests.gui.conftest import (
    TIMEOUT_MS,
    GatedChatModel,
    WindowFactory,
    ask,
    failing_model,
    wait_ready,
)

SHOTS = Path("/tmp/onboard-shots")
ANSWER = (
    "Urlaub beantragen Sie im Personalportal unter „Abwesenheiten“ [1]. Ihre Vertretung "
    "muss vorher zustimmen, danach entscheidet die Führungskraft [1]. Resturlaub verfällt "
    "nach den Regeln der Urlaubsverordnung [2]."
)
QUESTION = "Wie beantrage ich Urlaub?"

pytestmark = [
    pytest.mark.skipif(os.environ.get("ONBOARD_SHOTS") != "1", reason="ONBOARD_SHOTS=1 fehlt"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
]


def shoot(qtbot: QtBot, widget: QWidget, name: str) -> None:
    """Save a PNG of a widget after pending paints."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # pending layout and polish; grab() paints synchronously
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def shown(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """Show the window at a typical laptop size."""
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_first_start(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start: demo import and the default model being assembled (40 %)."""
    release = threading.Event()

    def install(target_dir: Path, *, cancel: CancelFlag | None = None) -> Generator[Progress]:
        yield Progress(40, 100, DEFAULT_MODEL.file_name, "Modell wird vorbereitet")
        release.wait(TIMEOUT_MS / 1000)
        return target_dir / DEFAULT_MODEL.file_name

    monkeypatch.setattr(jobs, "install_default", install)
    monkeypatch.setattr(main_window, "model_dirs", lambda home: [tmp_path / "models"])
    window = shown(qtbot, make_window(model_loader=lambda: None, prepare_model=True))
    qtbot.waitUntil(
        lambda: (
            window.status.text(jobs.LIBRARY).startswith("Demo-Unterlagen werden importiert")
            and not window.status.text(jobs.LIBRARY).endswith(" 0/25")
            and window.status.text(jobs.MODEL) == "Sprachmodell wird vorbereitet … 40 %"
        ),
        timeout=TIMEOUT_MS,
    )
    shoot(qtbot, window, "01-erster-start")
    release.set()
    wait_ready(qtbot, window)


def test_answer_states(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Streaming, finished with citations, viewer, declined, a passage instead of an answer."""
    model = GatedChatModel(ANSWER, free=12)
    window = shown(qtbot, make_window(model))
    wait_ready(qtbot, window)
    shoot(qtbot, window, "02-bereit")
    window.question.setText(QUESTION)
    window.ask()
    qtbot.waitUntil(lambda: "Personalportal" in window.answer.toPlainText(), timeout=TIMEOUT_MS)
    shoot(qtbot, window, "03-quellen-und-streaming")
    model.gate.set()
    qtbot.waitUntil(lambda: len(window.history) == 1, timeout=TIMEOUT_MS)
    shoot(qtbot, window, "04-antwort-mit-zitaten")
    window.answer.anchorClicked.emit(QUrl("source:1"))
    shoot(qtbot, window, "05-quelle-offen")
    window.source_panel.close_panel()
    model.reply = "KEINE_ANTWORT"
    ask(qtbot, window, "Wann ist der nächste Betriebsausflug?")
    shoot(qtbot, window, "06-keine-antwort")
    ask(qtbot, window, "Wo darf ich rauchen?")
    shoot(qtbot, window, "06b-passende-stelle-statt-antwort")


def test_follow_up(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A follow-up, understood with the question before it."""
    model = ScriptedChatModel(ANSWER)
    window = shown(qtbot, make_window(model))
    wait_ready(qtbot, window)
    ask(qtbot, window, QUESTION)
    model.reply = "Bei einer Fünftagewoche stehen Ihnen 30 Urlaubstage im Jahr zu [1]."
    ask(qtbot, window, "Und wie viele Tage stehen mir zu?")
    shoot(qtbot, window, "04b-nachfrage")


def test_reading_a_document(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A document chosen in the list of documents, shown from its beginning."""
    window = shown(qtbot, make_window(ScriptedChatModel(ANSWER)))
    wait_ready(qtbot, window)
    tree = window.document_tree
    group = tree.findItems("Personalamt", Qt.MatchFlag.MatchStartsWith)[0]
    group.setExpanded(True)
    item = group.child(group.childCount() - 1)
    tree.setCurrentItem(item)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    shoot(qtbot, window, "20-unterlagen-lesen")


def test_extractive_and_error(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Without a model; with a failing model."""
    window = shown(qtbot, make_window(None))
    wait_ready(qtbot, window)
    ask(qtbot, window, QUESTION)
    shoot(qtbot, window, "07-ohne-sprachmodell")
    window.shutdown()
    failing = shown(qtbot, make_window(failing_model()))
    wait_ready(qtbot, failing)
    ask(qtbot, failing, QUESTION)
    shoot(qtbot, failing, "08-fehler")


def test_settings_dialog(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The settings dialog with the models found."""
    window = make_window(None)
    dialog = SettingsDialog(window.home, app_settings=window.app_settings, parent=window)
    dialog.show()
    qtbot.waitExposed(dialog)
    shoot(qtbot, dialog, "09-einstellungen")
    dialog.reject()


def test_dark_palette(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Declined and cited answers in a dark Fusion palette."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old_palette, old_style = app.palette(), app.style().name()
    app.setStyle(QStyleFactory.create("Fusion"))
    dark = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#17181a"),
        (QPalette.ColorRole.AlternateBase, "#26282b"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Button, "#2d2f33"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
        (QPalette.ColorRole.HighlightedText, "#202124"),
        (QPalette.ColorRole.Link, "#8ab4f8"),
        (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
    ):
        dark.setColor(role, QColor(color))
    app.setPalette(dark)
    try:
        model = ScriptedChatModel(ANSWER)
        window = shown(qtbot, make_window(model))
        wait_ready(qtbot, window)
        ask(qtbot, window, QUESTION)
        shoot(qtbot, window, "10-dunkel-antwort")
        model.reply = "KEINE_ANTWORT"
        ask(qtbot, window, "Wann ist der nächste Betriebsausflug?")
        shoot(qtbot, window, "11-dunkel-keine-antwort")
    finally:
        app.setPalette(old_palette)
        app.setStyle(QStyleFactory.create(old_style))


@pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")
def test_editor(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redaktion: documents (one overdue), import running and its report, page editor, gaps."""
    from onboard.core import kb as kb_module
    from onboard.gui.editor.window import GAPS_TAB
    from tests.gui.test_editor import open_editor, select_title, wait_library
    from tests.gui.test_editor_import import many_files

    model = ScriptedChatModel("KEINE_ANTWORT")
    window, editor = open_editor(qtbot, make_window, tmp_path, model)
    editor.resize(1280, 800)
    qtbot.waitExposed(editor)
    editor.collections.select("Personalamt")
    select_title(editor, "Krankmeldung")  # the overdue and the expired row keep their tone
    shoot(qtbot, editor, "12-redaktion-dokumente")

    release = threading.Event()
    original = kb_module.read_record
    calls: list[Path] = []

    def gated(path: Path, **options: object) -> object:
        calls.append(path)
        if len(calls) > 12:
            release.wait(TIMEOUT_MS / 1000)
        return original(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(kb_module, "read_record", gated)
    folder = many_files(tmp_path / "merkblaetter")
    editor.documents.start_import([folder])
    panel = editor.documents.import_panel
    qtbot.waitUntil(lambda: panel.current.text().startswith("Datei 13"), timeout=TIMEOUT_MS)
    shoot(qtbot, editor, "13-redaktion-import-laeuft")
    release.set()
    qtbot.waitUntil(lambda: not panel.running, timeout=TIMEOUT_MS)
    wait_library(qtbot, window)
    shoot(qtbot, editor, "14-redaktion-importbericht")
    panel.hide()

    library = tmp_path / "bibliothek"
    (library / "IT" / "drucker.md").write_text("# Drucker\n\nDer Etagendrucker heißt LINDE-3.\n")
    (library / "Personalamt").rename(tmp_path / "nicht-verbunden")
    editor.documents.sync_button.click()
    qtbot.waitUntil(lambda: not panel.running, timeout=TIMEOUT_MS)
    wait_library(qtbot, window)
    shoot(qtbot, editor, "14b-abgleich-bericht")
    panel.hide()
    (tmp_path / "nicht-verbunden").rename(library / "Personalamt")

    page = editor.open_page(None, collection="Personalamt")
    page.title.setText("Parkplätze für Beschäftigte")
    page.text.setPlainText(
        "## Parken in der Tiefgarage\n\nDie Einfahrt öffnet der **Dienstausweis**. "
        "Plätze gibt es nach Dienstbeginn:\n\n"
        "| Ebene | Für wen | Plätze |\n| --- | --- | --- |\n"
        "| U1 | Beschäftigte mit Schwerbehinderung | 8 |\n| U2 | alle Beschäftigten | 64 |\n\n"
        "1. Ausweis an das Lesegerät halten\n2. Schranke abwarten\n\n"
        "Fragen beantwortet das [Hausmanagement](https://intranet.example/haus)."
    )
    page.update_preview()
    qtbot.waitExposed(page)
    shoot(qtbot, page, "15-seiten-editor")
    page.save()
    qtbot.waitUntil(lambda: not page.saving, timeout=TIMEOUT_MS)
    shoot(qtbot, page, "16-seite-gespeichert")
    page.close()

    ask(qtbot, window, "Wann ist der nächste Betriebsausflug?")
    model.reply = "Urlaub beantragen Sie im Personalportal [1]."
    ask(qtbot, window, "Wie beantrage ich Urlaub im Personalportal?")
    window.feedback.comment.setText("Der Link zum Portal fehlt")
    window.feedback.unhelpful.click()
    window.answer.anchorClicked.emit(QUrl("source:1"))
    shoot(qtbot, shown(qtbot, window), "17-quelle-mit-warnung")
    editor.tabs.setCurrentIndex(GAPS_TAB)
    shoot(qtbot, editor, "18-redaktion-luecken")
    window.source_panel.close_button.click()
    ask(qtbot, window, "Wie rechne ich Reisekosten mit dem Formular R7 ab?")
    assert window.answer_panel.expired_note.isVisibleTo(window)
    shoot(qtbot, window, "19-abgelaufen-nicht-beruecksichtigt")
