"""Answer benchmark: answered vs. declined, cited pages, citation validity, overlap, timings."""

import random
import re
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from onboard.core.answer import AnswerResult, ask
from onboard.core.citations import cited_numbers
from onboard.core.driving import run_to_end
from onboard.core.evaluation import Benchmark, jsonl_records, load_benchmark, share
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ChatModel

_WORD = re.compile(r"\w+")
SAMPLE_SEED = 13


def gold_answers(folder: Path) -> dict[str, list[str]]:
    """qid → gold answer texts from qa.jsonl (empty where the file is absent)."""
    path = folder / "qa.jsonl"
    if not path.is_file():
        return {}
    return {
        str(entry["qid"]): [str(text) for text in entry.get("answers") or [] if str(text).strip()]
        for entry in jsonl_records(path, ("qid",))
    }


def token_recall(answer: str, gold: list[str]) -> float:
    """Share of the gold answer's words found in the answer (best over gold variants)."""
    words = {w.lower() for w in _WORD.findall(answer)}
    best = 0.0
    for text in gold:
        gold_words = [w.lower() for w in _WORD.findall(text)]
        if gold_words:
            best = max(best, sum(w in words for w in gold_words) / len(gold_words))
    return best


def _sample(queries: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """A repeatable random sample (all when no limit)."""
    if limit is None or limit >= len(queries):
        return queries
    return random.Random(SAMPLE_SEED).sample(queries, limit)


def _run_one(
    kb: KnowledgeBase, question: str, model: ChatModel | None, collections: list[str] | None
) -> AnswerResult:
    """Drive one answer to its end."""
    return run_to_end(ask(kb, question, model=model, collections=collections))


def _shown_invalid(result: AnswerResult) -> int:
    """Citation numbers in the shown answer that are not a given source (must be 0)."""
    valid = range(1, len(result.sources) + 1)
    every = cited_numbers(result.answer, valid=range(1, 1000))
    return len([n for n in every if n not in cited_numbers(result.answer, valid=valid)])


def evaluate_answers(
    kb: KnowledgeBase,
    bench: Benchmark,
    *,
    model: ChatModel | None,
    limit: int | None = None,
    scope_key: str | None = None,
    offtopic: Benchmark | None = None,
    progress: Callable[[int, int], None] | None = None,
    details: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Ask answerable, unanswerable and (optionally) off-topic questions; one result dict.

    details, if given, receives one record per question (question_record) so that two runs
    can be compared question by question.
    """
    gold = gold_answers(bench.folder)
    answerable = _sample([q for q in bench.queries if q["qid"] in bench.qrels], limit)
    unanswerable = _sample([q for q in bench.queries if q["qid"] not in bench.qrels], limit)
    foreign = _sample(offtopic.queries, limit) if offtopic else []
    total = len(answerable) + len(unanswerable) + len(foreign)
    results: dict[str, list[tuple[dict[str, Any], AnswerResult]]] = {}
    done = 0
    for group, queries in (
        ("answerable", answerable),
        ("unanswerable", unanswerable),
        ("offtopic", foreign),
    ):
        results[group] = []
        for query in queries:
            meta = query.get("meta") or {}
            scoped = [str(meta[scope_key])] if scope_key and meta.get(scope_key) else None
            results[group].append((query, _run_one(kb, query["question"], model, scoped)))
            done += 1
            if progress:
                progress(done, total)
    origins = {int(d["id"]): str(d["origin"]).removeprefix("bench:") for d in kb.documents()}
    if details:
        for group, answered in results.items():
            for query, result in answered:
                details(question_record(group, query, result, bench, gold, origins))
    return _summary(bench, results, gold, model, origins)


def question_record(
    group: str,
    query: dict[str, Any],
    result: AnswerResult,
    bench: Benchmark,
    gold: dict[str, list[str]],
    origins: dict[int, str],
) -> dict[str, Any]:
    """One question's outcome with the benchmark's document ids (JSON-ready)."""
    relevant = sorted(bench.qrels.get(query["qid"], set())) if group != "offtopic" else []
    cited = sorted({origins.get(d, "") for d in _cited_documents(result)})
    answers = gold.get(query["qid"]) if group != "offtopic" else None
    return {
        "group": group,
        "qid": query["qid"],
        "question": query["question"],
        "relevant": relevant,
        "abstained": result.abstained,
        "pointed": result.pointed,
        "second_look": result.second_look,
        "points_only": result.points_only,
        "invented_numbers": result.invented_numbers,
        "invented_wording": result.invented_wording,
        "dropped_draft": result.dropped_draft,
        "cited": cited,
        "cites_relevant": bool(set(cited) & set(relevant)),
        "sources": [
            {"n": s.number, "doc": origins.get(s.hit.chunk.document_id, ""), "excerpt": s.excerpt}
            for s in result.sources
        ],
        "answer": result.answer,
        "gold_token_recall": (
            token_recall(result.answer, answers) if answers and not result.abstained else None
        ),
        "timings": result.timings,
    }


def _summary(
    bench: Benchmark,
    results: dict[str, list[tuple[dict[str, Any], AnswerResult]]],
    gold: dict[str, list[str]],
    model: ChatModel | None,
    origins: dict[int, str],
) -> dict[str, Any]:
    """Shares, counts and timing medians."""
    answerable = results["answerable"]
    answered = [(q, r) for q, r in answerable if not r.abstained]
    cited_relevant = [
        (q, r)
        for q, r in answered
        if {origins.get(d, "") for d in _cited_documents(r)} & bench.qrels[q["qid"]]
    ]
    every = [r for group in results.values() for _, r in group]
    summary: dict[str, Any] = {
        "benchmark": bench.name,
        "model": model.identity if model else None,
        "answerable_questions": len(answerable),
        "answered_share": share(len(answered), len(answerable)),
        # answered only by showing the best source after the model found no answer
        "answered_pointed_share": _flagged_share(answerable, "pointed"),
        # answered by a sentence quoted on a second look after the model first declined
        "answered_second_look_share": _flagged_share(answerable, "second_look"),
        # answers that only named sources or repeated the question (shown with the passages)
        "answered_points_only_share": _flagged_share(answerable, "points_only"),
        "answered_citing_relevant_share": share(len(cited_relevant), len(answerable)),
        "unanswerable_questions": len(results["unanswerable"]),
        "unanswerable_declined_share": share(
            sum(r.abstained for _, r in results["unanswerable"]), len(results["unanswerable"])
        ),
        "unanswerable_pointed_share": _flagged_share(results["unanswerable"], "pointed"),
        "unanswerable_second_look_share": _flagged_share(results["unanswerable"], "second_look"),
        "unanswerable_points_only_share": _flagged_share(results["unanswerable"], "points_only"),
        "invalid_citations_shown": sum(_shown_invalid(r) for r in every),
        "invalid_citations_removed": sum(len(r.invalid_citations) for r in every),
        # drafts not shown because they named a number their sources do not contain
        "drafts_with_invented_numbers": sum(bool(r.invented_numbers) for r in every),
        # … or a sentence of wording that neither they nor the question contain
        "drafts_with_invented_wording": sum(bool(r.invented_wording) for r in every),
        "gold_token_recall": _mean(
            [token_recall(r.answer, gold[q["qid"]]) for q, r in answered if gold.get(q["qid"])]
        ),
    }
    if results["offtopic"]:
        summary["offtopic_questions"] = len(results["offtopic"])
        summary["offtopic_declined_share"] = share(
            sum(r.abstained for _, r in results["offtopic"]), len(results["offtopic"])
        )
        for flag in ("pointed", "second_look", "points_only"):
            summary[f"offtopic_{flag}_share"] = _flagged_share(results["offtopic"], flag)
    for key in ("retrieval_ms", "first_token_ms", "total_ms", "tokens_per_s"):
        values = [r.timings[key] for r in every if key in r.timings]
        summary[f"{key}_p50"] = round(statistics.median(values), 1) if values else None
    return summary


def _flagged_share(group: list[tuple[dict[str, Any], AnswerResult]], flag: str) -> float:
    """Share of a group's questions whose result has the flag set (pointed: only the best
    source shown; second_look: a quote found after a decline; points_only: see above)."""
    return share(sum(bool(getattr(r, flag)) for _, r in group), len(group))


def _cited_documents(result: AnswerResult) -> set[int]:
    """Ids of the documents an answer cites."""
    return {citation.doc_id for citation in result.citations}


def _mean(values: list[float]) -> float:
    """Mean, rounded (0 for none)."""
    return round(statistics.fmean(values), 4) if values else 0.0


__all__ = ["evaluate_answers", "gold_answers", "load_benchmark", "token_recall"]
