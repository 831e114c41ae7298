"""Benchmark commands: retrieval and answer quality, scale, generation speed."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from onboard.cli.assistant import load_model
from onboard.cli.common import drive, open_kb
from onboard.core import evaluation, paths, scale
from onboard.core.answer_eval import evaluate_answers
from onboard.core.command_line import count
from onboard.core.embedders import DEFAULT_EMBEDDER
from onboard.core.settings import effective_settings


def register(commands: Any) -> None:
    """Add the eval and bench commands to the parser."""
    evaluate = commands.add_parser("eval", help="Benchmarks")
    eval_commands = evaluate.add_subparsers(title="Benchmarks", metavar="ART")
    retrieval = eval_commands.add_parser("retrieval", help="Suchqualität messen")
    retrieval.add_argument("bench_dir", metavar="BENCH_DIR", type=Path)
    retrieval.add_argument("--split", help="nur Fragen dieses Splits (z. B. dev)")
    retrieval.add_argument("--mode", choices=["hybrid", "fulltext", "vector"], default="hybrid")
    retrieval.add_argument(
        "--scope-by", help="Fragen-Metadatum, das die Sammlung wählt (z. B. city)"
    )
    retrieval.add_argument("--chunk-size", type=int, default=evaluation.DEFAULTS["target"])
    retrieval.add_argument("--overlap", type=int, default=evaluation.DEFAULTS["overlap"])
    retrieval.add_argument(
        "--no-compound-split", action="store_true", help="Komposita nicht zerlegen (Vergleich)"
    )
    retrieval.add_argument("--json", action="store_true", help="nur JSON ausgeben")
    retrieval.set_defaults(handler=_cmd_eval_retrieval)

    answers = eval_commands.add_parser("answers", help="Antwortqualität messen")
    answers.add_argument("bench_dir", metavar="BENCH_DIR", type=Path)
    answers.add_argument("--limit", type=count, help="höchstens N Fragen je Gruppe (Stichprobe)")
    answers.add_argument("--offtopic", type=Path, help="fremde Fragen aus diesem Benchmark")
    answers.add_argument("--scope-by", help="Fragen-Metadatum, das die Sammlung wählt")
    answers.add_argument("--no-model", action="store_true", help="ohne Sprachmodell (Auszüge)")
    answers.add_argument("--model", help="Modelldatei oder -name statt der Einstellung")
    answers.add_argument("--json", action="store_true", help="nur JSON ausgeben")
    answers.add_argument(
        "--details",
        type=Path,
        metavar="DATEI",
        help="je Frage eine JSON-Zeile (Antwort, Quellen, Zitate) in diese Datei schreiben",
    )
    answers.set_defaults(handler=_cmd_eval_answers)

    bench = commands.add_parser("bench", help="Leistungsmessungen")
    bench_commands = bench.add_subparsers(title="Messungen", metavar="ART")
    scale = bench_commands.add_parser("scale", help="Import und Suche im großen Maßstab")
    scale.add_argument("corpus", metavar="CORPUS", type=Path, help="corpus.jsonl(.gz)")
    scale.add_argument("--limit", type=count, help="nur die ersten N Einträge")
    scale.add_argument("--questions", type=count, default=100, help="Anzahl Suchanfragen")
    scale.add_argument("--embed-sample", type=count, default=200, help="Abschnitte für die Messung")
    scale.set_defaults(handler=_cmd_bench_scale)
    generation = bench_commands.add_parser(
        "generation", help="Antwortgeschwindigkeit: Onboard gegen llama.cpp direkt"
    )
    generation.add_argument("--rounds", type=count, default=3, help="Wiederholungen")
    generation.add_argument("--model", help="Modelldatei oder -name statt der Einstellung")
    generation.set_defaults(handler=_cmd_bench_generation)


def _cmd_eval_retrieval(args: argparse.Namespace) -> int:
    """onboard eval retrieval BENCH_DIR"""
    bench = evaluation.load_benchmark(args.bench_dir)
    home = evaluation.cache_home(
        paths.resolve_home(args.home),
        bench,
        embedder=args.embedder,
        target=args.chunk_size,
        overlap=args.overlap,
    )
    options = {
        "target_chars": args.chunk_size,
        "overlap_chars": args.overlap,
        "split_compounds": not args.no_compound_split,
    }
    with open_kb(args, home, **options) as kb:
        drive(evaluation.build(kb, bench, scope_key=args.scope_by), quiet=args.json)
        result = evaluation.evaluate(
            kb, bench, split=args.split, mode=args.mode, scope_key=args.scope_by
        )
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _cmd_eval_answers(args: argparse.Namespace) -> int:
    """onboard eval answers BENCH_DIR"""
    bench = evaluation.load_benchmark(args.bench_dir)
    offtopic = (
        evaluation.load_benchmark(args.offtopic, questions_only=True) if args.offtopic else None
    )
    home = evaluation.cache_home(
        paths.resolve_home(args.home),
        bench,
        embedder=args.embedder,
        target=evaluation.DEFAULTS["target"],
        overlap=evaluation.DEFAULTS["overlap"],
    )
    model = load_model(args)
    records: list[dict[str, Any]] = []
    with open_kb(args, home) as kb:
        drive(evaluation.build(kb, bench, scope_key=args.scope_by), quiet=args.json)
        result = evaluate_answers(
            kb,
            bench,
            model=model,
            limit=args.limit,
            scope_key=args.scope_by,
            offtopic=offtopic,
            progress=None if args.json else _progress_line,
            details=records.append if args.details else None,
        )
    if args.details:
        lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        args.details.write_text("".join(lines), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _progress_line(done: int, total: int) -> None:
    """Questions done, on stderr."""
    sys.stderr.write(f"\rFragen: {done}/{total}")
    if done == total:
        sys.stderr.write("\n")


def _cmd_bench_scale(args: argparse.Namespace) -> int:
    """onboard bench scale CORPUS"""
    name = f"{args.corpus.resolve().parent.name}-{args.limit or 'alle'}"
    home = paths.resolve_home(args.home) / "bench-cache" / name
    result = scale.run(
        home,
        args.corpus,
        limit=args.limit,
        questions=args.questions,
        embedder_name=DEFAULT_EMBEDDER if args.embedder == "none" else args.embedder,
        embed_sample=args.embed_sample,
    )
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _cmd_bench_generation(args: argparse.Namespace) -> int:
    """onboard bench generation: on the demo knowledge base, with the active model."""
    from onboard.core import generation_bench
    from onboard.core.models import find_model, require_usable

    root = paths.resolve_home(args.home)
    info = find_model(
        args.model or effective_settings(root)[0].model or None, paths.model_dirs(root)
    )
    if info is None:
        print("Kein Sprachmodell gefunden (onboard models install-default).", file=sys.stderr)
        return 1
    with open_kb(args, root / "bench-cache" / "demo") as kb:
        for folder in paths.demo_folders():
            drive(kb.ingest([folder], collection=folder.name), quiet=True)
        drive(kb.embed_pending(), quiet=True)
        result = generation_bench.run(kb, require_usable(info), rounds=args.rounds)
    print(json.dumps(result, ensure_ascii=False))
    return 0
