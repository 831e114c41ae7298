"""Keyboard and screen readers: tab order, accessible names, mnemonics, contrast, fonts."""

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAccessibleAnnouncementEvent, QAccessibleEvent, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QStyleFactory,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from onboard.gui import announce
from onboard.gui.focus_style import VisibleFocusStyle
from onboard.gui.main_window import MainWindow
from onboard.gui.settings_dialog import SettingsDialog
from onboard.gui.style import (
    DECLINED,
    ERROR,
    TONES,
    VIEWER_TONES,
    contrast_ratio,
    is_dark,
    readable_palette,
    tone,
)
from tests.fakes import ScriptedChatModel
from tests.gui.conftest import WindowFactory, ask, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CITED = "Urlaub beantragen Sie über das Personalportal [1]."
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QTextEdit,
    QAbstractSpinBox,
)


def answered_window(qtbot: QtBot, make_window: WindowFactory) -> MainWindow:
    """A shown, active window with one answer and an open source."""
    window = make_window(ScriptedChatModel(CITED))
    wait_ready(qtbot, window)
    window.show()
    qtbot.waitExposed(window)
    ask(qtbot, window, "Wie beantrage ich Urlaub?")
    window.answer.anchorClicked.emit(QUrl("source:1"))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


class HeardAnnouncements:
    """Stands in for QAccessible: keeps what a screen reader would be told to say."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def updateAccessibility(self, event: QAccessibleEvent) -> None:
        assert isinstance(event, QAccessibleAnnouncementEvent)
        self.said.append(event.message())


def test_a_screen_reader_hears_the_state_the_answer_and_results(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Focus stays in the question field, so what changes elsewhere is announced."""
    heard = HeardAnnouncements()
    monkeypatch.setattr(announce, "QAccessible", heard)
    window = answered_window(qtbot, make_window)
    assert "Quellen werden gesucht …" in heard.said
    assert "Antwort wird erstellt …" in heard.said
    assert heard.said.index("Antwort wird erstellt …") < heard.said.index(CITED)
    find_bar = window.source_panel.find_bar
    find_bar.field.setText("Urlaub")
    find_bar.find_next()
    assert re.fullmatch(r"Treffer \d+ von \d+", heard.said[-1])
    window.statusBar().showMessage("Kopiert.")
    assert heard.said[-1] == "Kopiert."
    said = len(heard.said)
    window.statusBar().clearMessage()
    assert len(heard.said) == said  # an emptied line is not read out


def test_a_long_announcement_is_cut_at_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    heard = HeardAnnouncements()
    monkeypatch.setattr(announce, "QAccessible", heard)
    source = QLabel()
    announce.announce(source, "Wort " * 400)
    assert heard.said[0].endswith("Wort …")
    assert len(heard.said[0]) <= announce.ANNOUNCED_UP_TO + 2


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """Visible widgets a user can operate or focus."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        focusable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if isinstance(widget, INTERACTIVE) or focusable:
            found.append(widget)
    return found


def test_tab_order_follows_the_flow_of_asking(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Question → collection → Fragen → sources → answer → feedback, by the Tab key."""
    window = answered_window(qtbot, make_window)
    window.question.setFocus()
    qtbot.waitUntil(window.question.hasFocus)
    reached: list[QWidget] = [window.question]
    for _ in range(40):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is None or widget is window.question:
            break
        if widget not in reached:
            reached.append(widget)
    expected = [
        window.question,
        window.collection,
        window.ask_button,
        window.sources,
        window.answer,
        window.feedback.comment,
        window.feedback.helpful,
        window.feedback.unhelpful,
        window.history_list,
    ]
    positions = [reached.index(widget) for widget in expected]
    assert positions == sorted(positions), [type(w).__name__ for w in reached]
    assert window.source_panel.close_button in reached


def test_every_control_has_a_german_accessible_name(
    qtbot: QtBot, make_window: WindowFactory, isolated_home: object, app_settings: object
) -> None:
    """Walk the window (with an answer and an open source) and the settings dialog."""
    window = answered_window(qtbot, make_window)
    dialog = SettingsDialog(window.home, app_settings=window.app_settings, models=[])
    qtbot.addWidget(dialog)
    dialog.show()
    for root in (window, dialog):
        widgets = interactive_widgets(root)
        assert len(widgets) > 5
        unnamed = [
            f"{type(w).__name__}({w.objectName()})" for w in widgets if not w.accessibleName()
        ]
        assert unnamed == []


def test_mnemonics_reach_their_fields(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Labels with & have buddies; the Fragen button has its mnemonic; no letter twice."""
    window = make_window(None)
    assert window.ask_button.text() == "&Fragen"
    letters: list[str] = []
    for label in window.findChildren(QLabel):
        text = label.text()
        if "&" in text and not text.startswith("<"):
            assert label.buddy() is not None, text
            letters.append(text[text.index("&") + 1].lower())
    for button in window.findChildren(QAbstractButton):
        if "&" in button.text():
            letters.append(button.text()[button.text().index("&") + 1].lower())
    assert len(letters) == len(set(letters)), letters


def test_state_colours_have_enough_contrast_in_light_and_dark() -> None:
    """The only hard-coded colours (decline, error) meet WCAG AA (4.5:1) in both palettes."""
    for (kind, dark), colors in TONES.items():
        ratio = contrast_ratio(colors.foreground, colors.background)
        assert ratio >= 4.5, (kind, dark, ratio)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_the_viewer_boxes_and_state_borders_stand_out() -> None:
    """Text 4.5:1 on its box, the box's border 3:1 (WCAG non-text contrast)."""
    for colors in [*TONES.values(), *VIEWER_TONES.values()]:
        assert contrast_ratio(colors.foreground, colors.background) >= 4.5, colors
        assert contrast_ratio(colors.border, colors.background) >= 3.0, colors


def test_hint_text_and_selected_rows_are_made_readable(qtbot: QtBot) -> None:
    """Qt's own grey placeholder (4.0:1 on white) and white on its light blue selection (3.7:1)
    are darkened to 4.5:1; colours that are readable already stay."""
    fusion = QStyleFactory.create("Fusion").standardPalette()
    base = fusion.color(QPalette.ColorRole.Base)
    hint = fusion.color(QPalette.ColorRole.PlaceholderText)
    assert hint.alpha() < 255  # translucent: it shows on the base colour
    readable = readable_palette(fusion)
    placeholder = readable.color(QPalette.ColorRole.PlaceholderText)
    assert contrast_ratio(placeholder, base) >= 4.5
    selected = readable.color(QPalette.ColorRole.Highlight)
    assert contrast_ratio(selected, readable.color(QPalette.ColorRole.HighlightedText)) >= 4.5
    assert contrast_ratio(fusion.color(QPalette.ColorRole.Highlight), "#ffffff") < 4.5
    again = readable_palette(readable)
    assert again.color(QPalette.ColorRole.Highlight) == selected
    assert again.color(QPalette.ColorRole.PlaceholderText) == placeholder


def test_every_button_shows_when_it_has_the_focus(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A keyboard user sees where the focus is: each button looks different with it."""
    window = answered_window(qtbot, make_window)
    buttons = [
        button
        for button in window.findChildren(QAbstractButton)
        if button.isVisible()
        and button.isEnabled()
        and button.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert window.ask_button in buttons and len(buttons) > 5
    for button in buttons:
        window.question.setFocus()
        without = button.grab().toImage()
        button.setFocus()
        # what pressing Tab sets: Qt draws focus marks only while the keyboard moves the focus
        window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        assert button.grab().toImage() != without, button.accessibleName()


@pytest.mark.parametrize("dark", [False, True])
def test_the_current_list_entry_has_a_focus_frame_with_3_to_1_contrast(
    qtbot: QtBot, dark: bool
) -> None:
    """Fusion marks the focused entry with a 1.8:1 frame; ours is 3:1 against the list and
    against the selection colour of a selected entry (WCAG 1.4.11), on light and dark lists."""
    palette = QStyleFactory.create("Fusion").standardPalette()
    if dark:
        for role, color in [("Base", "#1e1e1e"), ("Text", "#e8e8e8"), ("Window", "#2b2b2b")]:
            palette.setColor(getattr(QPalette.ColorRole, role), QColor(color))
    palette = readable_palette(palette)
    style = VisibleFocusStyle(QStyleFactory.create("Fusion"))
    entries = QListWidget()
    qtbot.addWidget(entries)
    entries.setStyle(style)
    entries.setPalette(palette)
    entries.addItems(["Urlaub", "Krankmeldung", "Dienstreisen"])
    entries.resize(300, 120)
    entries.show()
    qtbot.waitExposed(entries)
    entries.setFocus()
    qtbot.waitUntil(entries.hasFocus)
    for selected in (False, True):
        entries.setCurrentRow(1)
        entries.item(1).setSelected(selected)
        image = entries.viewport().grab().toImage()
        box = entries.visualItemRect(entries.item(1))
        inside = QColor(image.pixel(box.center().x(), box.top() + 3))
        frame = QColor(image.pixel(box.center().x(), box.top()))
        role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
        assert inside.name() == palette.color(role).name()
        assert contrast_ratio(frame, inside) >= 3, (selected, frame.name(), inside.name())
        above = QColor(image.pixel(box.center().x(), box.top() - 2))
        assert (
            above.name() == palette.color(QPalette.ColorRole.Base).name()
        )  # only the current entry


def test_tab_reads_the_header_of_the_opened_source(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """After the search field of the source: Weiter, Zurück, then title, details and where the
    passage is, then the button and the text."""
    window = answered_window(qtbot, make_window)
    viewer = window.source_panel.viewer
    window.source_panel.find_bar.field.setFocus()
    visited = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget().accessibleName())
    assert visited == [
        "Nächster Treffer",
        "Voriger Treffer",
        viewer.title_label.accessibleName(),
        viewer.meta_label.accessibleName(),
        viewer.position_label.accessibleName(),
        "Originaldatei öffnen",
    ]


def test_dark_palette_gets_the_dark_tones(qtbot: QtBot, make_window: WindowFactory) -> None:
    """A dark palette switches the decline box to its dark variant."""
    window = make_window(ScriptedChatModel("KEINE_ANTWORT"))
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    window.setPalette(dark)
    assert is_dark(window.palette())
    wait_ready(qtbot, window)
    ask(qtbot, window, "Wann ist der nächste Betriebsausflug?")
    assert tone(DECLINED, window.palette()) == TONES[(DECLINED, True)]
    assert TONES[(DECLINED, True)].background in window.answer.toHtml()
    assert TONES[(ERROR, True)] != TONES[(ERROR, False)]


def test_no_font_is_smaller_than_the_system_font(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Font sizes follow the system: nothing below the application font size."""
    window = make_window(ScriptedChatModel(CITED))
    base = QApplication.font().pointSizeF()
    for widget in window.findChildren(QWidget):
        size = widget.font().pointSizeF()
        assert size <= 0 or size >= base, (type(widget).__name__, size)
