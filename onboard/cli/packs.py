"""Commands for knowledge packs: export approved collections to one file, import it elsewhere."""

import argparse
import sys
from pathlib import Path
from typing import Any

from onboard.cli.common import drive, embed, open_kb
from onboard.core.ingest import CancelFlag
from onboard.core.packs import PackError, PackInfo, export_pack, import_pack
from onboard.core.wording import counted, size_text


def register(commands: Any) -> None:
    """Add `onboard pack export` and `onboard pack import` to the parser."""
    pack = commands.add_parser(
        "pack", help="Wissenspakete: freigegebene Sammlungen exportieren und importieren"
    )
    actions = pack.add_subparsers(title="Aktionen", metavar="AKTION")
    pack.set_defaults(handler=lambda _args: _usage(pack))

    export = actions.add_parser(
        "export", help="Sammlungen mit Dokumenten, Abschnitten und Vektoren in eine Datei schreiben"
    )
    export.add_argument("collections", nargs="+", metavar="SAMMLUNG", help="Name der Sammlung")
    export.add_argument(
        "-o", "--output", required=True, metavar="DATEI", help="Zieldatei, z. B. wissen.zip"
    )
    export.set_defaults(handler=_cmd_export)

    load = actions.add_parser(
        "import",
        help="Wissenspaket prüfen und übernehmen (ersetzt die Sammlungen des Pakets)",
    )
    load.add_argument("file", metavar="DATEI", help="das Wissenspaket (.zip)")
    load.add_argument("--no-embed", action="store_true", help="fehlende Vektoren später berechnen")
    load.set_defaults(handler=_cmd_import, bulk=True)


def _usage(parser: argparse.ArgumentParser) -> int:
    """`onboard pack` without an action: show its help."""
    parser.print_help()
    return 2


def _cmd_export(args: argparse.Namespace) -> int:
    """onboard pack export COLLECTION... -o FILE"""
    output = Path(args.output)
    replaced = output.is_file()
    with open_kb(args) as kb:
        try:
            info = export_pack(kb, args.collections, output)
        except PackError as error:
            print(f"Fehler: {error}", file=sys.stderr)
            return 1
    _print_export(info)
    if replaced:
        print("Die vorhandene Datei gleichen Namens wurde dabei ersetzt.")
    return 0


def _print_export(info: PackInfo) -> None:
    """What went into the pack, and a hint if vectors are missing."""
    counts = info.manifest.counts
    print(f"Wissenspaket geschrieben: {info.path} ({size_text(info.size_bytes)})")
    documents = counted(counts["documents"], "Dokument", "Dokumente")
    chunks = counted(counts["chunks"], "Abschnitt", "Abschnitte")
    print(f"Sammlungen: {', '.join(info.manifest.collections)} – {documents}, {chunks}")
    for entry in info.manifest.embedders:
        print(f"Vektoren {entry['identity']}: {entry['count']}")
    if counts.get("images"):
        print(f"Bilder der Seiten: {counts['images']}")
    for name in info.manifest.missing_images:
        print(f"Hinweis: Das Bild „{name}“ einer Seite fehlt im Datenordner und fehlt im Paket.")
    if counts["chunks"] and not any(
        entry["count"] == counts["chunks"] for entry in info.manifest.embedders
    ):
        print("Hinweis: Nicht alle Abschnitte haben Vektoren – vorher `onboard embed` ausführen.")


def _cmd_import(args: argparse.Namespace) -> int:
    """onboard pack import FILE"""
    with open_kb(args) as kb:
        cancel = CancelFlag()
        try:
            result = drive(import_pack(kb, Path(args.file), cancel=cancel), cancel=cancel)
        except PackError as error:
            print(f"Fehler: {error}\nDie Wissensdatenbank wurde nicht verändert.", file=sys.stderr)
            return 1
        print(result.summary())
        if result.cancelled:
            return 1
        if not args.no_embed:
            embed(kb)
    return 0
