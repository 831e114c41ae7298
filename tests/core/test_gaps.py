"""The gaps list: declined questions and answers rated 'nicht hilfreich', per collection."""

from pathlib import Path

import pytest

from onboard.core.answer import ask
from onboard.core.driving import run_to_end
from onboard.core.feedback import gaps, record_declined, record_feedback
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder, ScriptedChatModel


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    folder = tmp_path / "it"
    folder.mkdir()
    (folder / "vpn.md").write_text("# VPN\n\nDer VPN-Zugang wird beim IT-Service beantragt.\n")
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    run_to_end(knowledge_base.ingest([folder], collection="IT"))
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


def test_declined_and_unhelpful_questions_are_grouped(kb: KnowledgeBase) -> None:
    declining = ScriptedChatModel("KEINE_ANTWORT")
    asked = (
        "Wie beantrage ich VPN für zuhause am Wochenende?",
        "wie beantrage ich VPN  für zuhause am Wochenende",
    )
    for question in asked:
        result = run_to_end(ask(kb, question, model=declining))
        assert result.abstained and record_declined(kb.store, result)
    answered = run_to_end(
        ask(kb, "Wo beantrage ich VPN?", model=ScriptedChatModel("Beim IT-Service [1]."))
    )
    assert not answered.abstained and not record_declined(kb.store, answered)
    record_feedback(kb.store, answered, helpful=False, comment="Formular fehlt")
    record_feedback(kb.store, answered, helpful=True)
    found = gaps(kb.store, collection="IT")
    assert [(g.question, g.declined, g.not_helpful) for g in found] == [
        ("Wie beantrage ich VPN für zuhause am Wochenende?", 2, 0),
        ("Wo beantrage ich VPN?", 0, 1),
    ]
    assert found[1].comments == ("Formular fehlt",)
    assert gaps(kb.store, collection="Personalamt") == []
    assert len(gaps(kb.store)) == 2


def test_a_question_answered_only_by_showing_a_passage_is_logged(kb: KnowledgeBase) -> None:
    """The model found no answer, the window showed the best passage: editors should know."""
    result = run_to_end(ask(kb, "Wie beantrage ich VPN?", model=ScriptedChatModel("KEINE_ANTWORT")))
    assert result.pointed and not result.abstained
    assert record_declined(kb.store, result)
    assert [(g.question, g.declined) for g in gaps(kb.store)] == [("Wie beantrage ich VPN?", 1)]
