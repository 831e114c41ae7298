"""Follow-up questions: recognised by their words, searched and answered with the one before."""

from pathlib import Path

import pytest

from onboard.core.answer import SourcesFound, ask
from onboard.core.driving import collect
from onboard.core.feedback import gaps, record_declined, record_feedback
from onboard.core.follow_up import PREVIOUS_CHARS, Question, is_follow_up, understood
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder, ScriptedChatModel

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize(
    "question",
    [
        "Und wie viele Tage stehen mir zu?",
        "Was ist mit Teilzeitkräften?",
        "Ab wann brauche ich dafür eine Bescheinigung?",  # da-word
        "Kann ich dort mit Karte bezahlen?",
        "Wie rechne ich das ab?",  # pronoun at the end
        "Was kostet es mich?",
        "Darf ich es einer Kollegin sagen?",  # „es“ before an article is still a pronoun
        "Schon verstanden. Wer genehmigt das?",  # „Wer“ begins a sentence: no noun
    ],
)
def test_questions_that_refer_back_are_follow_ups(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "Wie beantrage ich Urlaub?",
        "Was ist das Jobticket?",  # „das“ before a noun is an article
        "Wie hoch darf das gedruckte Dokument sein?",  # … also with an adjective between
        "Gibt es eine Kantine?",  # the „es“ of „gibt es“
        "Ein Bürger will wissen, welche Daten wir über ihn speichern. Was tun?",  # „ihn“ = Bürger
        "Bis wann muss ein Brief im Ausgangsfach liegen, damit er heute noch rausgeht?",
        "Was muss ich bei der Zeiterfassung im Homeoffice dabei beachten?",  # names its subject
        "",
    ],
)
def test_questions_that_name_their_subject_stand_alone(question: str) -> None:
    assert not is_follow_up(question)


def test_no_standalone_demo_question_is_taken_for_a_follow_up() -> None:
    """The 96 demo questions were written to stand alone (bench/demo_questions*.tsv)."""
    questions = [
        line.split("\t")[0]
        for name in ("demo_questions.tsv", "demo_questions_holdout.tsv")
        for line in (BENCH / name).read_text(encoding="utf-8").splitlines()
    ]
    assert len(questions) == 96
    assert [question for question in questions if is_follow_up(question)] == []


def test_a_follow_up_is_searched_and_asked_with_the_previous_question() -> None:
    asked = understood("Wie rechne ich das ab?", "Wer genehmigt eine Dienstreise?")
    assert asked.previous == "Wer genehmigt eine Dienstreise?"
    assert asked.search_text == "Wie rechne ich das ab? Dienstreise"
    assert understood("Und wann?", "Wie melde ich mich krank?").search_text == (
        "Und wann? Wie melde ich mich krank?"  # no noun: all of it
    )
    chain = understood("Wer genehmigt das?", "Wie beantrage ich Urlaub? Und wie viele Tage?")
    assert chain.search_text == "Wer genehmigt das? Urlaub Tage"  # „Und“ begins a sentence
    assert "Wie rechne ich das ab?" in asked.prompt_text
    assert "Wer genehmigt eine Dienstreise?" in asked.prompt_text


def test_without_a_previous_question_or_as_a_standalone_question_nothing_is_added() -> None:
    assert understood("Wie rechne ich das ab?", None) == Question("Wie rechne ich das ab?")
    assert understood("Wie rechne ich das ab?", "  ").previous is None
    assert understood("Wie beantrage ich Urlaub?", "Wann ist die Kernzeit?").previous is None
    repeated = understood("Und wie lange?", "Und wie lange?")  # asked twice: no context
    assert repeated.previous is None


def test_a_long_chain_keeps_the_beginning_of_the_previous_questions() -> None:
    chain = "Wie beantrage ich Urlaub? " + "Und was ist mit dem Resturlaub? " * 20
    asked = understood("Und wer genehmigt das?", chain)
    assert asked.previous is not None and asked.previous.startswith("Wie beantrage ich Urlaub?")
    assert len(asked.previous) <= PREVIOUS_CHARS + 2 and asked.previous.endswith(" …")


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "dienstreise.md").write_text(
        "# Dienstreisen\n\nEine Dienstreise genehmigt die Führungskraft im Reiseportal. "
        "Die Reisekosten rechnen Sie nach der Dienstreise im Reiseportal ab.\n",
        encoding="utf-8",
    )
    (folder / "kantine.md").write_text(
        "# Kantine\n\nDie Kantine nimmt Karte und bar. Das Essen kostet 4,80 Euro.\n",
        encoding="utf-8",
    )
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    collect(knowledge_base.ingest([folder], collection="Personalamt"))
    collect(knowledge_base.embed_pending())
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


def test_ask_answers_a_follow_up_from_the_sources_of_both_questions(kb: KnowledgeBase) -> None:
    alone = collect(ask(kb, "Wie viel kostet das?", model=None))[1]
    assert alone.sources[0].hit.chunk.title == "Kantine"  # „kostet“ alone: the canteen
    model = ScriptedChatModel("Die Reisekosten rechnen Sie im Reiseportal ab [1].")
    previous = "Wer genehmigt eine Dienstreise im Reiseportal?"
    events, result = collect(ask(kb, "Wie viel kostet das?", model=model, previous=previous))
    found = events[0]
    assert isinstance(found, SourcesFound)
    assert found.follow_up_of == result.follow_up_of == previous
    assert found.sources[0].hit.chunk.title == "Dienstreisen"
    assert f"Nachfrage zur vorigen Frage: {previous}" in str(model.prompts)
    assert result.question == "Wie viel kostet das?" and result.supported
    assert result.as_dict()["follow_up_of"] == previous


def test_a_question_that_stands_alone_ignores_the_previous_one(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Karte und bar [1].")
    _, result = collect(
        ask(kb, "Kann man in der Kantine mit Karte zahlen?", model=model, previous="Dienstreise?")
    )
    assert result.follow_up_of is None and "Nachfrage" not in str(model.prompts)
    assert result.sources[0].hit.chunk.title == "Kantine"


def test_the_editors_see_a_follow_up_with_the_question_it_follows(kb: KnowledgeBase) -> None:
    """„Und wer zahlt das?“ alone tells a department lead nothing."""
    model = ScriptedChatModel("KEINE_ANTWORT")
    previous = "Wie melde ich mich zu einer Fortbildung an?"
    _, declined = collect(ask(kb, "Und wer zahlt das?", model=model, previous=previous))
    assert declined.abstained and record_declined(kb.store, declined)
    record_feedback(kb.store, declined, helpful=False)
    expected = f"Und wer zahlt das? (Nachfrage zu „{previous}“)"
    assert [gap.question for gap in gaps(kb.store)] == [expected]
