"""The window with real llama.cpp models: the tiny generated GGUF and the real default model."""

import functools
import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from onboard.core.models import find_model
from onboard.core.paths import model_dirs
from onboard.core.runtime import open_chat_model
from onboard.gui.background import ModelState
from onboard.gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory, ask, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

REAL_MODEL_TIMEOUT_MS = 600_000
QUESTIONS = ("Wann ist die Kernzeit?", "Wo kann ich parken?", "Wie melde ich mich krank?")


def test_tiny_gguf_streams_through_the_window(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """The llama.cpp path end to end: loaded on the model lane, used on the answer lane."""
    tiny = pytest.importorskip("tests.tiny_gguf", reason="tests/tiny_gguf.py fehlt")
    llama = pytest.importorskip("onboard.core.llama", reason="onboard.core.llama fehlt")
    path = tiny.write_tiny_gguf(tmp_path / "tiny.gguf", context_length=4096)
    loader = functools.partial(llama.LlamaCppModel, path, n_ctx=4096, threads=1)
    window = make_window(model_loader=loader)
    wait_ready(qtbot, window)
    assert window.background.model_state == ModelState.READY
    assert window.status.text("model").startswith("Sprachmodell bereit: tiny.gguf")
    ask(qtbot, window, "Wie beantrage ich Urlaub?")
    entry = window.history[0]
    assert entry.error == "" and entry.result is not None
    assert entry.result.model is not None and entry.result.model.startswith("tiny.gguf")
    assert window.sources.count() > 0
    # Random weights cite nothing: the answer is declined, never shown uncited.
    assert entry.result.abstained or entry.result.citations
    window.shutdown()
    assert window.background.model is None


@pytest.mark.model
def test_real_default_model_answers_in_german_with_a_valid_citation(
    qtbot: QtBot, isolated_home: Path, app_settings: object
) -> None:
    """The default model on the demo knowledge base: a German answer citing a given source."""
    if find_model(None, model_dirs(isolated_home)) is None:
        pytest.skip("Kein Sprachmodell gefunden (onboard models install-default)")
    pytest.importorskip("llama_cpp", reason="llama-cpp-python ist nicht installiert")
    window = MainWindow(
        isolated_home,
        model_loader=functools.partial(open_chat_model, isolated_home),
        prepare_model=False,
        app_settings=app_settings,  # type: ignore[arg-type]
    )
    qtbot.addWidget(window)
    try:
        wait_ready(qtbot, window, timeout=REAL_MODEL_TIMEOUT_MS)
        assert window.background.model_state == ModelState.READY
        for question in QUESTIONS:  # the small model declines some; one must be answered
            ask(qtbot, window, question, timeout=REAL_MODEL_TIMEOUT_MS)
            result = window.history[-1].result
            assert result is not None and not result.extractive
            if result.supported:
                break
        assert result.supported and result.citations, result.answer
        numbers = {int(n) for n in re.findall(r"\[(\d+)\]", result.answer)}
        assert numbers and numbers <= set(range(1, len(result.sources) + 1))
        html = window.answer.toHtml()
        assert any(f'href="source:{n}"' in html for n in numbers)
        shown = window.answer.toPlainText()
        words = set(re.findall(r"[a-zäöüß]+", shown.lower()))
        assert words & {"der", "die", "das", "sie", "und", "ist", "bei", "sich", "im"}, shown
    finally:
        window.shutdown()
