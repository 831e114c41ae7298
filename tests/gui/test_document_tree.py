"""The list of documents beside the history: read the material through, not only ask."""

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from onboard.gui.document_tree import DocumentTree
from onboard.gui.main_window import MainWindow
from onboard.gui.viewer import WHOLE_DOCUMENT
from tests.gui.conftest import WindowFactory, wait_ready
from tests.gui.test_editor import write_library
from tests.gui.test_editor_sync import started

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")


def _window(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> MainWindow:
    window = make_window(demo_root=write_library(tmp_path / "bibliothek"))
    window.show()
    qtbot.waitExposed(window)
    wait_ready(qtbot, window)
    return window


def _open_all(tree: DocumentTree) -> None:
    """Open every collection (its documents become items only then)."""
    for n in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(n)
        assert group is not None
        group.setExpanded(True)


def _item(tree: DocumentTree, text: str) -> QTreeWidgetItem:
    items = tree.findItems(text, Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchStartsWith)
    assert len(items) == 1, text
    return items[0]


def test_collections_list_their_released_documents(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = _window(qtbot, make_window, tmp_path)
    tree = window.document_tree
    groups = [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]
    assert groups == ["IT (2)", "Personalamt (3)"]
    _item(tree, "Personalamt").setExpanded(True)
    assert _item(tree, "Reisekosten alt").text(0) == "Reisekosten alt (abgelaufen)"
    assert "Verantwortlich: Frau Berg" in _item(tree, "Urlaub beantragen").toolTip(0)

    krank = next(r for r in window.kb.documents() if r["title"] == "Krankmeldung")
    window.kb.set_metadata(int(krank["id"]), {"status": "Entwurf"})
    window.refresh_collections()
    assert _item(tree, "Personalamt").text(0) == "Personalamt (2)"  # drafts are not listed
    assert _item(tree, "Personalamt").isExpanded() and not _item(tree, "IT").isExpanded()
    assert int(krank["id"]) not in tree.document_ids()


def test_a_document_opens_from_its_beginning_by_keyboard(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = _window(qtbot, make_window, tmp_path)
    tree = window.document_tree
    group = _item(tree, "Personalamt")
    tree.setFocus()
    tree.setCurrentItem(group)
    qtbot.keyClick(tree, Qt.Key.Key_Right)  # opens the collection
    assert group.isExpanded()
    tree.setCurrentItem(_item(tree, "Urlaub beantragen"))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    panel = window.source_panel
    assert panel.isVisible() and panel.heading.text() == "Dokument"
    assert panel.close_button.accessibleName() == "Dokument schließen"
    assert panel.viewer.title_label.text() == "Urlaub beantragen"
    assert panel.viewer.position_label.text() == WHOLE_DOCUMENT
    assert panel.viewer.highlighted_text() == ""  # nothing cited, nothing marked
    assert panel.viewer.text_view.textCursor().position() == 0


def test_a_double_click_opens_a_document_once(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = _window(qtbot, make_window, tmp_path)
    tree = window.document_tree
    _open_all(tree)
    opened: list[int] = []
    tree.document_chosen.connect(opened.append)
    item = _item(tree, "Passwort ändern")
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1
    assert window.source_panel.viewer.title_label.text() == "Passwort ändern"
    qtbot.mouseClick(
        tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=tree.visualItemRect(_item(tree, "Drucker einrichten")).center(),
    )
    assert len(opened) == 2
    assert window.source_panel.viewer.title_label.text() == "Drucker einrichten"


def test_the_list_is_filtered_by_title_and_details(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = _window(qtbot, make_window, tmp_path)
    tree = window.document_tree
    tree.filter_field.setText("passwort")
    assert not _item(tree, "Passwort ändern").isHidden()
    assert _item(tree, "IT").isExpanded()  # opened to show the match
    assert tree.findItems("Drucker einrichten", Qt.MatchFlag.MatchRecursive) == []
    assert _item(tree, "Personalamt").isHidden()  # no match in this collection
    tree.filter_field.setText("frau berg")  # the responsible person, from the details
    assert not _item(tree, "Urlaub beantragen").isHidden()
    assert tree.findItems("Krankmeldung", Qt.MatchFlag.MatchRecursive) == []
    window.refresh_collections()  # a refill keeps the filter
    assert tree.findItems("Krankmeldung", Qt.MatchFlag.MatchRecursive) == []
    tree.filter_field.clear()
    assert not _item(tree, "Krankmeldung").isHidden() and not _item(tree, "IT").isHidden()


def test_a_large_collection_lists_documents_only_when_opened_and_at_most_a_thousand(
    qtbot: QtBot,
) -> None:
    tree = DocumentTree()
    qtbot.addWidget(tree)
    rows = [
        {"id": n, "title": f"§ {n} Paragraph", "collection": "Bundesrecht", "status": ""}
        for n in range(1, 1206)
    ]
    tree.fill(rows)
    group = _item(tree, "Bundesrecht")
    assert group.text(0) == "Bundesrecht (1205)" and group.childCount() == 0
    group.setExpanded(True)
    assert group.childCount() == 1001
    last = group.child(1000)
    assert last is not None and last.text(0) == "… 205 weitere – bitte filtern"
    tree.filter_field.setText("§ 1204 ")
    assert [group.child(n).text(0) for n in range(group.childCount())] == ["§ 1204 Paragraph"]
    assert len(tree.document_ids()) == 1205


def test_documents_new_or_changed_since_the_last_visit_are_marked(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    library = write_library(tmp_path / "bibliothek")
    first = started(qtbot, make_window, library)
    tree = first.document_tree
    assert [tree.topLevelItem(n).text(0) for n in range(2)] == ["IT (2)", "Personalamt (3)"]
    first.shutdown()  # the first visit marks nothing: everything would be new
    time.sleep(1.1)  # stored times have whole seconds
    (library / "IT" / "drucker.md").write_text(
        "# Drucker einrichten\n\nDer neue Etagendrucker heißt LINDE-3.\n", encoding="utf-8"
    )
    (library / "IT" / "vpn.md").write_text("# VPN\n\nZugang über Fernzugang.\n", "utf-8")
    again = started(qtbot, make_window, library)
    tree = again.document_tree
    group = _item(tree, "IT")
    assert group.text(0) == "IT (3, 2 neu oder geändert)"
    group.setExpanded(True)
    assert _item(tree, "Drucker einrichten").text(0) == "Drucker einrichten (geändert)"
    assert _item(tree, "VPN").text(0) == "VPN (neu)"
    assert _item(tree, "Passwort ändern").text(0) == "Passwort ändern"
    assert "Geändert seit Ihrem letzten Besuch" in _item(tree, "Drucker einrichten").toolTip(0)
    assert _item(tree, "Personalamt").text(0) == "Personalamt (3)"
