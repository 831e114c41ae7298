"""Commands that build and read the knowledge base: ingest, sync, docs, search, demo."""

import argparse
import json
import os
import sys
from collections.abc import Generator
from datetime import date
from pathlib import Path
from typing import Any

from onboard.cli.common import drive, embed, open_kb, print_hits, print_report
from onboard.core import paths
from onboard.core.collections import CollectionError, check_name, require_known
from onboard.core.command_line import count
from onboard.core.ingest import CancelFlag, ImportReport
from onboard.core.kb import KnowledgeBase
from onboard.core.metadata import document_notes
from onboard.core.sync import comes_back_note, relocate_demo, remembered_sources

DEFAULT_COLLECTION = "Allgemein"
# Exit code of ingest and sync when single files failed and every other file was imported:
# a scheduled job of the IT can tell this from success (0) and from a stop (1).
SOME_FILES_FAILED = 3
EXIT_CODES = (
    "Exit-Code: 0 = alles importiert, 3 = einzelne Dateien fehlgeschlagen (alle anderen "
    "importiert, Gründe im Bericht), 1 = abgebrochen oder Fehler."
)
SAMPLE_QUESTION = "Wann ist die Kernzeit?"


def register(commands: Any) -> None:
    """Add the knowledge-base commands to the parser."""
    ingest = commands.add_parser(
        "ingest", help="Dateien oder Ordner importieren", epilog=EXIT_CODES
    )
    ingest.add_argument("paths", nargs="+", metavar="PFAD", help="Datei oder Ordner")
    ingest.add_argument(
        "--collection", type=collection_name, default=DEFAULT_COLLECTION, help="Sammlung"
    )
    ingest.add_argument("--no-embed", action="store_true", help="Vektoren später berechnen")
    ingest.set_defaults(handler=_cmd_ingest, bulk=True)

    sync = commands.add_parser(
        "sync", help="Importierte Ordner abgleichen (neu/geändert/gelöscht)", epilog=EXIT_CODES
    )
    sync.add_argument("--no-embed", action="store_true", help="Vektoren später berechnen")
    sync.set_defaults(handler=_cmd_sync, bulk=True)

    sources = commands.add_parser(
        "sources", help="Importierte Ordner und Dateien auflisten, die der Abgleich liest"
    )
    sources.add_argument("--json", action="store_true", help="als JSON ausgeben")
    sources.add_argument(
        "--forget",
        metavar="PFAD",
        help="diesen Ordner nicht mehr abgleichen (seine Dokumente bleiben)",
    )
    sources.set_defaults(handler=_cmd_sources)

    vectors = commands.add_parser("embed", help="Fehlende Vektoren berechnen")
    vectors.set_defaults(handler=_cmd_embed, bulk=True)

    docs = commands.add_parser("docs", help="Dokumente auflisten")
    docs.add_argument("--collection", help="nur diese Sammlung")
    docs.add_argument("--json", action="store_true", help="als JSON ausgeben")
    docs.set_defaults(handler=_cmd_docs)

    remove = commands.add_parser("remove", help="Dokument entfernen")
    remove.add_argument("doc", metavar="DOK", help="Dokument-Nummer oder Dateipfad")
    remove.set_defaults(handler=_cmd_remove)

    search = commands.add_parser("search", help="Suchen")
    search.add_argument("query", metavar="SUCHE")
    search.add_argument("--k", type=count, default=5, help="Anzahl Treffer (Standard: 5)")
    search.add_argument("--collection", action="append", help="nur in dieser Sammlung")
    search.add_argument("--mode", choices=["hybrid", "fulltext", "vector"], default="hybrid")
    search.add_argument("--json", action="store_true", help="als JSON ausgeben")
    search.set_defaults(handler=_cmd_search)

    demo = commands.add_parser("demo", help="Demo-Wissensdatenbank importieren und probesuchen")
    demo.add_argument("--question", default=SAMPLE_QUESTION, help="Beispielfrage")
    demo.set_defaults(handler=_cmd_demo, bulk=True)


def _cmd_ingest(args: argparse.Namespace) -> int:
    """onboard ingest PATH... [--collection NAME]"""
    with open_kb(args) as kb:
        cancel = CancelFlag()
        events = kb.ingest([Path(p) for p in args.paths], collection=args.collection, cancel=cancel)
        return _import_then_embed(kb, events, cancel, with_vectors=not args.no_embed)


def _cmd_sync(args: argparse.Namespace) -> int:
    """onboard sync"""
    with open_kb(args) as kb:
        relocate_demo(kb, paths.demo_folders())  # the program may have been installed elsewhere
        cancel = CancelFlag()
        return _import_then_embed(
            kb, kb.sync(cancel=cancel), cancel, with_vectors=not args.no_embed, what="Abgleich"
        )


def _import_then_embed(
    kb: KnowledgeBase,
    events: Generator[Any, None, ImportReport],
    cancel: CancelFlag,
    *,
    with_vectors: bool,
    what: str = "Import",
) -> int:
    """Run an import with progress, print its report, then compute the new vectors; the exit
    code follows EXIT_CODES."""
    report = drive(events, cancel=cancel)
    print_report(report, what)
    if report.cancelled:
        return 1
    if with_vectors and not embed(kb):
        return 1
    return SOME_FILES_FAILED if report.problems() else 0


def _cmd_sources(args: argparse.Namespace) -> int:
    """onboard sources [--json] [--forget PATH]"""
    with open_kb(args) as kb:
        if args.forget:
            path = os.path.abspath(args.forget)
            if path not in {source.path for source in remembered_sources(kb.store)}:
                print(f"„{args.forget}“ wird nicht abgeglichen.", file=sys.stderr)
                return 1
            kb.store.require_writable()
            kb.store.forget_source(path)
            print(f"„{path}“ wird nicht mehr abgeglichen; seine Dokumente bleiben.")
            return 0
        found = remembered_sources(kb.store)
    if args.json:
        print(json.dumps([source.as_dict() for source in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("Es wurden noch keine Ordner oder Dateien importiert.")
    for source in found:
        print(f"{source.collection:<15} {source.documents:>5} Dok.  {source.path}")
    return 0


def _cmd_embed(args: argparse.Namespace) -> int:
    """onboard embed"""
    with open_kb(args) as kb:
        kb.store.require_writable()  # vectors are stored: a read-only base gets none
        return 0 if embed(kb) else 1


def collection_name(text: str) -> str:
    """--collection of an import: a usable name, spaces trimmed (else a German error)."""
    try:
        return check_name(text)
    except CollectionError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _cmd_docs(args: argparse.Namespace) -> int:
    """onboard docs"""
    with open_kb(args) as kb:
        require_known(kb, [args.collection] if args.collection else None)
        documents = kb.documents(collection=args.collection)
    if args.json:
        print(json.dumps(documents, ensure_ascii=False, indent=2))
        return 0
    if not documents:
        print("Die Wissensdatenbank ist leer.")
    today = date.today()
    for doc in documents:
        print(
            f"{doc['id']:>5}  {doc['collection']:<15} {doc['format']:<8} v{doc['version']:<3} "
            f"{doc['chunks']:>4} Abschn.  {doc['title']}"
        )
        for note in document_notes(doc, today):
            print(f"{'':>7}! {note}")
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    """onboard remove DOC"""
    with open_kb(args) as kb:
        if args.doc.isdigit():
            document_id = int(args.doc)
        else:
            row = kb.store.document_by_origin(str(Path(args.doc).resolve()))
            document_id = int(row["id"]) if row else -1
        document = kb.store.document(document_id) or {}
        note = comes_back_note(kb.store, str(document.get("origin") or ""))
        if not kb.remove_document(document_id):
            print(f"Kein Dokument „{args.doc}“ gefunden.", file=sys.stderr)
            return 1
    print(f"Dokument {document_id} entfernt." + (f"\n{note}" if note else ""))
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    """onboard search QUERY"""
    if not args.query.strip():
        print("Fehler: Bitte einen Suchbegriff eingeben.", file=sys.stderr)
        return 2
    with open_kb(args) as kb:
        require_known(kb, args.collection)
        hits = kb.search(args.query, k=args.k, collections=args.collection, mode=args.mode)
        embedder = kb.embedder
        unembedded = kb.store.count_without_vector(embedder.identity) if embedder else 0
    if args.json:
        print(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
        return 0
    print_hits(hits)
    if unembedded and args.mode != "fulltext":
        print(f"Hinweis: {unembedded} Abschnitte haben noch keine Vektoren („onboard embed“).")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    """onboard demo: import the demo knowledge base (one folder a collection) and search."""
    with open_kb(args) as kb:
        for folder in paths.demo_folders():
            report = drive(kb.ingest([folder], collection=folder.name))
            print(f"{folder.name}: {report.summary()}")
        embed(kb)
        print(f"\nBeispielsuche: „{args.question}“\n")
        print_hits(kb.search(args.question, k=3))
        print(f"Datenordner: {kb.home}")
    return 0
