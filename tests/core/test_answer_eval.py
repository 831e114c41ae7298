"""The answer benchmark counts answered, cited-relevant, declined and gold-word recall."""

import json
from pathlib import Path

from onboard.core.answer_eval import evaluate_answers, token_recall
from onboard.core.driving import run_to_end
from onboard.core.evaluation import build, load_benchmark
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder, ScriptedChatModel


def _bench(folder: Path) -> Path:
    folder.mkdir()
    corpus = [
        ("d1", "Kantine", "Die Kantine öffnet um 11:30 Uhr."),
        ("d2", "Parken", "Parkausweise gibt die Poststelle aus."),
    ]
    queries = [("q1", "Wann öffnet die Kantine?"), ("q2", "Wer hat den Schlüssel zum Keller?")]
    lines = [json.dumps({"doc_id": d, "title": t, "text": x}) for d, t, x in corpus]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [json.dumps({"qid": q, "question": t, "meta": {}}) for q, t in queries]
    (folder / "queries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n")
    qa = {"qid": "q1", "question": queries[0][1], "doc_id": "d1", "answers": ["um 11:30 Uhr"]}
    (folder / "qa.jsonl").write_text(json.dumps(qa) + "\n", encoding="utf-8")
    return folder


def test_shares_and_recall_on_a_small_benchmark(tmp_path: Path) -> None:
    bench = load_benchmark(_bench(tmp_path / "mini"))
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder()) as kb:
        run_to_end(build(kb, bench, scope_key=None))
        result = evaluate_answers(
            kb, bench, model=ScriptedChatModel("Die Kantine öffnet um 11:30 Uhr [1].")
        )
    assert result["answerable_questions"] == 1 and result["unanswerable_questions"] == 1
    assert result["answered_share"] == 1.0
    assert result["answered_citing_relevant_share"] == 1.0
    assert result["unanswerable_declined_share"] == 0.0
    assert result["invalid_citations_shown"] == 0
    assert result["gold_token_recall"] == 1.0


def test_details_name_each_question_with_its_sources_and_citations(tmp_path: Path) -> None:
    bench = load_benchmark(_bench(tmp_path / "mini"))
    records: list[dict[str, object]] = []
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder()) as kb:
        run_to_end(build(kb, bench, scope_key=None))
        evaluate_answers(
            kb,
            bench,
            model=ScriptedChatModel("Die Kantine öffnet um 11:30 Uhr [1]."),
            details=records.append,
        )
    by_question = {record["qid"]: record for record in records}
    answered = by_question["q1"]
    assert answered["group"] == "answerable" and answered["relevant"] == ["d1"]
    assert answered["cited"] == ["d1"] and answered["cites_relevant"] is True
    assert answered["gold_token_recall"] == 1.0
    assert answered["sources"][0] == {
        "n": 1,
        "doc": "d1",
        "excerpt": "Die Kantine öffnet um 11:30 Uhr.",
    }
    assert by_question["q2"]["group"] == "unanswerable" and by_question["q2"]["relevant"] == []
    json.dumps(records)  # JSON-ready


def test_answers_that_only_show_a_passage_are_counted_apart(tmp_path: Path) -> None:
    bench = load_benchmark(_bench(tmp_path / "mini"))
    records: list[dict[str, object]] = []
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder()) as kb:
        run_to_end(build(kb, bench, scope_key=None))
        result = evaluate_answers(
            kb, bench, model=ScriptedChatModel("KEINE_ANTWORT"), details=records.append
        )
    assert result["answered_share"] == 1.0 and result["answered_pointed_share"] == 1.0
    assert result["unanswerable_declined_share"] == 1.0  # nothing names "Schlüssel", "Keller"
    assert result["unanswerable_pointed_share"] == 0.0
    assert [r["pointed"] for r in records] == [True, False]


def test_answers_that_only_repeat_the_question_are_counted_apart(tmp_path: Path) -> None:
    bench = load_benchmark(_bench(tmp_path / "mini"))
    records: list[dict[str, object]] = []
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder()) as kb:
        run_to_end(build(kb, bench, scope_key=None))
        model = ScriptedChatModel("Die Kantine öffnet [1].")
        result = evaluate_answers(kb, bench, model=model, details=records.append)
    assert result["answered_share"] == 1.0 and result["answered_points_only_share"] == 1.0
    # for "Wer hat den Schlüssel zum Keller?" the same words are an (unsupported) statement
    assert result["unanswerable_points_only_share"] == 0.0
    assert [r["points_only"] for r in records] == [True, False]


def test_token_recall_takes_the_best_gold_variant() -> None:
    assert token_recall("Sie öffnet um 11:30 Uhr", ["um 11:30 Uhr", "mittags"]) == 1.0
    assert token_recall("keine Angabe", ["um 11:30 Uhr"]) == 0.0


def test_answers_quoted_on_a_second_look_are_counted_apart(tmp_path: Path) -> None:
    bench = load_benchmark(_bench(tmp_path / "mini"))
    records: list[dict[str, object]] = []
    declined, quote = "KEINE_ANTWORT", "Die Kantine öffnet um 11:30 Uhr. [1]"
    with KnowledgeBase(tmp_path / "home", embedder=HashingEmbedder()) as kb:
        run_to_end(build(kb, bench, scope_key=None))
        model = ScriptedChatModel(declined, quote, declined, quote)
        result = evaluate_answers(kb, bench, model=model, details=records.append)
    assert result["answered_second_look_share"] == 1.0
    assert result["answered_citing_relevant_share"] == 1.0
    # the quote names nothing of "Wer hat den Schlüssel zum Keller?"
    assert result["unanswerable_second_look_share"] == 0.0
    assert result["unanswerable_declined_share"] == 1.0
    assert [r["second_look"] for r in records] == [True, False]
