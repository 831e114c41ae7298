"""A second look after the model declines: only a word-for-word quote of a source is shown."""

from pathlib import Path

import pytest

from onboard.core.answer import (
    POINTER_NOTE,
    QUOTE_NOTE,
    AnswerToken,
    ask,
)
from onboard.core.driving import collect
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.prompt import REMINDER, SECOND_LOOK_REMINDER
from tests.fakes import HashingEmbedder, ScriptedChatModel

URLAUB = (
    "# Urlaub\n\n## Resturlaub\n\nResturlaub aus dem Vorjahr muss bis zum 31. März angetreten "
    "werden. Danach verfällt er, außer Sie waren krank.\n"
)
QUESTION = "Bis wann muss ich Resturlaub aus dem Vorjahr nehmen?"


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "urlaub.md").write_text(URLAUB, encoding="utf-8")
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    collect(knowledge_base.ingest([folder], collection="Personalamt"))
    collect(knowledge_base.embed_pending())
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


@pytest.mark.parametrize(
    "quote",
    [
        "„Resturlaub aus dem Vorjahr muss bis zum 31. März angetreten werden.“ [1]",
        "[1] Resturlaub aus dem Vorjahr muss bis zum 31. März angetreten werden.",
    ],
)
def test_after_a_decline_a_quoted_sentence_is_the_answer(kb: KnowledgeBase, quote: str) -> None:
    model = ScriptedChatModel("KEINE_ANTWORT", quote)
    events, result = collect(ask(kb, QUESTION, model=model))
    assert result.supported and not result.abstained and not result.pointed
    assert result.second_look and result.as_dict()["second_look"] is True
    assert "31. März" in result.answer and [c.n for c in result.citations] == [1]
    assert result.answer == f"{QUOTE_NOTE}\n{quote}"
    assert "".join(e.text for e in events if isinstance(e, AnswerToken)) == result.answer
    first, second = (prompt[-1]["content"] for prompt in model.prompts)
    assert first.endswith(REMINDER) and second.endswith(SECOND_LOOK_REMINDER)
    assert first.removesuffix(REMINDER) == second.removesuffix(SECOND_LOOK_REMINDER)


@pytest.mark.parametrize(
    "second",
    [
        "Resturlaub aus dem Vorjahr muss bis zum 31. Mai angetreten werden. [1]",  # changed date
        "[1]",  # no sentence at all
        "Bis März [1]",  # too short to be a sentence
        "Danach verfällt er, außer Sie waren krank. [1]",  # a quote, but not about the question
        "[1] Urlaub",  # nothing but the title
        "Resturlaub aus dem Vorjahr muss bis zum 31. März angetreten werden. [1] Sonst nie.",
        "KEINE_ANTWORT",
    ],
)
def test_a_second_look_that_is_not_a_quote_is_never_shown(kb: KnowledgeBase, second: str) -> None:
    model = ScriptedChatModel("KEINE_ANTWORT", second)
    events, result = collect(ask(kb, QUESTION, model=model))
    assert len(model.prompts) == 2
    assert not [e for e in events if isinstance(e, AnswerToken)]
    # what one pass gives: the best source names the question, so it is shown as such
    assert result.pointed and not result.supported and not result.second_look
    assert result.answer.startswith(POINTER_NOTE)


def test_a_second_look_is_stopped_once_it_leaves_the_sources_words(kb: KnowledgeBase) -> None:
    own_words = "Resturlaub wird im Personalportal beantragt und von der Leitung genehmigt. [1]"
    model = ScriptedChatModel("KEINE_ANTWORT", own_words)
    events, result = collect(ask(kb, QUESTION, model=model))
    assert model.streamed == [1, 2]  # stopped after "wird": "Resturlaub wird" is not in it
    assert not [e for e in events if isinstance(e, AnswerToken)]
    assert result.pointed and not result.second_look


def test_a_quote_followed_by_own_words_is_stopped_and_not_shown(kb: KnowledgeBase) -> None:
    quote = "Resturlaub aus dem Vorjahr muss bis zum 31. März angetreten werden. [1]"
    model = ScriptedChatModel("KEINE_ANTWORT", f"{quote} Das ist wichtig und gilt immer.")
    _, result = collect(ask(kb, QUESTION, model=model))
    assert model.streamed[1] < len(f"{quote} Das ist wichtig und gilt immer.".split())
    assert result.pointed and not result.second_look  # the quote alone would pass; not so


def test_no_second_look_when_the_sources_do_not_name_the_question(kb: KnowledgeBase) -> None:
    quote = "Resturlaub aus dem Vorjahr muss bis zum 31. März angetreten werden. [1]"
    model = ScriptedChatModel("KEINE_ANTWORT", quote)
    _, result = collect(ask(kb, "Wer gewann die Fußball-Weltmeisterschaft 1954?", model=model))
    assert result.sources and len(model.prompts) == 1  # no quote could name the question
    assert result.abstained and not result.second_look


def test_no_second_look_after_an_answer_or_a_cancel(kb: KnowledgeBase) -> None:
    answered = ScriptedChatModel("Bis zum 31. März [1].", "KEINE_ANTWORT")
    _, result = collect(ask(kb, QUESTION, model=answered))
    assert len(answered.prompts) == 1 and result.supported and not result.second_look
    cancel = CancelFlag()
    cancel.cancel()
    cancelled = ScriptedChatModel("KEINE_ANTWORT", "Resturlaub aus dem Vorjahr [1]")
    collect(ask(kb, QUESTION, model=cancelled, cancel=cancel))
    assert len(cancelled.prompts) == 1
