"""The command line face of Onboard (German help texts), a thin layer over the core."""

import argparse
import json
import signal
import sys
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from onboard.core import evaluation, paths, scale
from onboard.core.embedders import DEFAULT_EMBEDDER, EMBEDDERS
from onboard.core.ingest import FAILED, CancelFlag, FileOutcome, ImportReport, Progress
from onboard.core.kb import KnowledgeBase

T = TypeVar("T")
DEFAULT_COLLECTION = "Allgemein"
SAMPLE_QUESTION = "Wann ist die Kernzeit?"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `onboard` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    """All commands and options."""
    parser = argparse.ArgumentParser(
        prog="onboard",
        description="Onboard – Wissensdatenbank für die Einarbeitung, komplett offline.",
    )
    parser.add_argument(
        "--home", help="Datenordner der Wissensdatenbank (sonst $ONBOARD_HOME oder Standard)"
    )
    parser.add_argument(
        "--embedder",
        choices=[*sorted(EMBEDDERS), "none"],
        default=DEFAULT_EMBEDDER,
        help="Einbettungsmodell für die Vektorsuche (Standard: %(default)s)",
    )
    commands = parser.add_subparsers(title="Befehle", metavar="BEFEHL")

    ingest = commands.add_parser("ingest", help="Dateien oder Ordner importieren")
    ingest.add_argument("paths", nargs="+", metavar="PFAD", help="Datei oder Ordner")
    ingest.add_argument("--collection", default=DEFAULT_COLLECTION, help="Sammlung")
    ingest.add_argument("--no-embed", action="store_true", help="Vektoren später berechnen")
    ingest.set_defaults(handler=_cmd_ingest)

    sync = commands.add_parser("sync", help="Importierte Ordner abgleichen (neu/geändert/gelöscht)")
    sync.add_argument("--no-embed", action="store_true", help="Vektoren später berechnen")
    sync.set_defaults(handler=_cmd_sync)

    embed = commands.add_parser("embed", help="Fehlende Vektoren berechnen")
    embed.set_defaults(handler=_cmd_embed)

    docs = commands.add_parser("docs", help="Dokumente auflisten")
    docs.add_argument("--collection", help="nur diese Sammlung")
    docs.add_argument("--json", action="store_true", help="als JSON ausgeben")
    docs.set_defaults(handler=_cmd_docs)

    collections = commands.add_parser("collections", help="Sammlungen auflisten")
    collections.add_argument("--json", action="store_true", help="als JSON ausgeben")
    collections.set_defaults(handler=_cmd_collections)

    remove = commands.add_parser("remove", help="Dokument entfernen")
    remove.add_argument("doc", metavar="DOK", help="Dokument-Nummer oder Dateipfad")
    remove.set_defaults(handler=_cmd_remove)

    search = commands.add_parser("search", help="Suchen")
    search.add_argument("query", metavar="SUCHE")
    search.add_argument("--k", type=int, default=5, help="Anzahl Treffer (Standard: 5)")
    search.add_argument("--collection", action="append", help="nur in dieser Sammlung")
    search.add_argument("--mode", choices=["hybrid", "fulltext", "vector"], default="hybrid")
    search.add_argument("--json", action="store_true", help="als JSON ausgeben")
    search.set_defaults(handler=_cmd_search)

    demo = commands.add_parser("demo", help="Demo-Wissensdatenbank importieren und probesuchen")
    demo.add_argument("--question", default=SAMPLE_QUESTION, help="Beispielfrage")
    demo.set_defaults(handler=_cmd_demo)

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

    bench = commands.add_parser("bench", help="Leistungsmessungen")
    bench_commands = bench.add_subparsers(title="Messungen", metavar="ART")
    scale = bench_commands.add_parser("scale", help="Import und Suche im großen Maßstab")
    scale.add_argument("corpus", metavar="CORPUS", type=Path, help="corpus.jsonl(.gz)")
    scale.add_argument("--limit", type=int, help="nur die ersten N Einträge")
    scale.add_argument("--questions", type=int, default=100, help="Anzahl Suchanfragen")
    scale.add_argument("--embed-sample", type=int, default=200, help="Abschnitte für die Messung")
    scale.set_defaults(handler=_cmd_bench_scale)
    return parser


# helpers -----------------------------------------------------------------------
def _open(args: argparse.Namespace, home: Path | None = None, **options: Any) -> KnowledgeBase:
    """The knowledge base selected by --home / $ONBOARD_HOME."""
    embedder = None if args.embedder == "none" else args.embedder
    return KnowledgeBase(home or paths.resolve_home(args.home), embedder=embedder, **options)


def _drive(
    events: Generator[Any, None, T], *, cancel: CancelFlag | None = None, quiet: bool = False
) -> T:
    """Run a core generator: progress on stderr; Ctrl+C sets the cancel flag (clean stop)."""
    previous = signal.getsignal(signal.SIGINT)
    if cancel is not None:
        signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        while True:
            try:
                event = next(events)
            except StopIteration as stop:
                result: T = stop.value
                return result
            if not quiet:
                _show(event)
    finally:
        signal.signal(signal.SIGINT, previous)
        if not quiet:
            sys.stderr.write("\n")


def _show(event: object) -> None:
    """One progress line, or a line per failed file."""
    if isinstance(event, Progress):
        width = 30
        filled = int(width * event.done / event.total) if event.total else width
        name = Path(event.current).name[:40] if event.current else ""
        sys.stderr.write(
            f"\r{event.phase}: [{'#' * filled}{'.' * (width - filled)}] "
            f"{event.done}/{event.total} {name:<40}"
        )
    elif isinstance(event, FileOutcome) and event.status == FAILED:
        sys.stderr.write(f"\n✗ {event.path}: {event.message}\n")


def _print_report(report: ImportReport) -> None:
    """The import report: failures with reasons, warnings, then the summary."""
    for outcome in report.outcomes:
        if outcome.status == FAILED:
            print(f"✗ {outcome.path}\n    {outcome.message}")
        for warning in outcome.warnings:
            print(f"! {outcome.path}\n    {warning}")
    print(f"Import: {report.summary()}")


# commands ----------------------------------------------------------------------
def _cmd_ingest(args: argparse.Namespace) -> int:
    """onboard ingest PATH... [--collection NAME]"""
    with _open(args) as kb:
        cancel = CancelFlag()
        events = kb.ingest([Path(p) for p in args.paths], collection=args.collection, cancel=cancel)
        return _import_then_embed(kb, events, cancel, embed=not args.no_embed)


def _cmd_sync(args: argparse.Namespace) -> int:
    """onboard sync"""
    with _open(args) as kb:
        cancel = CancelFlag()
        return _import_then_embed(kb, kb.sync(cancel=cancel), cancel, embed=not args.no_embed)


def _import_then_embed(
    kb: KnowledgeBase,
    events: Generator[Any, None, ImportReport],
    cancel: CancelFlag,
    *,
    embed: bool,
) -> int:
    """Run an import with progress, print its report, then compute the new vectors."""
    report = _drive(events, cancel=cancel)
    _print_report(report)
    if embed and not report.cancelled:
        _embed(kb)
    return 1 if report.cancelled else 0


def _cmd_embed(args: argparse.Namespace) -> int:
    """onboard embed"""
    with _open(args) as kb:
        _embed(kb)
    return 0


def _embed(kb: KnowledgeBase) -> None:
    """Compute missing vectors with progress."""
    cancel = CancelFlag()
    done = _drive(kb.embed_pending(cancel=cancel), cancel=cancel)
    if done:
        print(f"Vektoren berechnet: {done}")


def _cmd_docs(args: argparse.Namespace) -> int:
    """onboard docs"""
    with _open(args) as kb:
        documents = kb.documents(collection=args.collection)
    if args.json:
        print(json.dumps(documents, ensure_ascii=False, indent=2))
        return 0
    if not documents:
        print("Die Wissensdatenbank ist leer.")
    for doc in documents:
        print(
            f"{doc['id']:>5}  {doc['collection']:<15} {doc['format']:<8} v{doc['version']:<3} "
            f"{doc['chunks']:>4} Abschn.  {doc['title']}"
        )
    return 0


def _cmd_collections(args: argparse.Namespace) -> int:
    """onboard collections"""
    with _open(args) as kb:
        collections = kb.collections()
    if args.json:
        print(json.dumps(collections, ensure_ascii=False, indent=2))
        return 0
    for row in collections:
        print(f"{row['name']:<20} {row['documents']:>5} Dokumente {row['chunks']:>6} Abschnitte")
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    """onboard remove DOC"""
    with _open(args) as kb:
        if args.doc.isdigit():
            document_id = int(args.doc)
        else:
            row = kb.store.document_by_origin(str(Path(args.doc).resolve()))
            document_id = int(row["id"]) if row else -1
        if not kb.remove_document(document_id):
            print(f"Kein Dokument „{args.doc}“ gefunden.", file=sys.stderr)
            return 1
    print(f"Dokument {document_id} entfernt.")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    """onboard search QUERY"""
    with _open(args) as kb:
        hits = kb.search(args.query, k=args.k, collections=args.collection, mode=args.mode)
    if args.json:
        print(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("Keine Treffer.")
    for number, hit in enumerate(hits, 1):
        snippet = " ".join(hit.chunk.text.split())[:220]
        print(f"[{number}] {hit.chunk.title} – {hit.chunk.collection}, {hit.position}")
        print(f"    {snippet}…\n")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    """onboard demo: import the demo knowledge base (one folder a collection) and search."""
    with _open(args) as kb:
        for folder in sorted(p for p in paths.demo_dir().iterdir() if p.is_dir()):
            report = _drive(kb.ingest([folder], collection=folder.name))
            print(f"{folder.name}: {report.summary()}")
        _embed(kb)
        print(f"\nBeispielsuche: „{args.question}“\n")
        for number, hit in enumerate(kb.search(args.question, k=3), 1):
            snippet = " ".join(hit.chunk.text.split())[:220]
            print(f"[{number}] {hit.chunk.title} – {hit.chunk.collection}, {hit.position}")
            print(f"    {snippet}…\n")
        print(f"Datenordner: {kb.home}")
    return 0


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
    with _open(args, home, **options) as kb:
        _drive(evaluation.build(kb, bench, scope_key=args.scope_by), quiet=args.json)
        result = evaluation.evaluate(
            kb, bench, split=args.split, mode=args.mode, scope_key=args.scope_by
        )
    print(json.dumps(result, ensure_ascii=False))
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
