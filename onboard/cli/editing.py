"""Commands for department leads: collections with contacts, document metadata, gaps."""

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from typing import Any

from onboard.cli.common import open_kb
from onboard.core.collections import (
    CollectionError,
    Contact,
    contact_of,
    create_collection,
    delete_collection,
    rename_collection,
    require_known,
    set_contact,
)
from onboard.core.feedback import gaps
from onboard.core.kb import KnowledgeBase
from onboard.core.metadata import (
    DATE_FIELDS,
    EDITABLE_FIELDS,
    FIELD_LABELS,
    STATUSES,
    MetadataError,
    document_notes,
    german_date,
)
from onboard.core.store import ReadOnlyError
from onboard.core.wording import counted, documents_text


def register(commands: Any) -> None:
    """Add collections, set and gaps to the parser."""
    collections = commands.add_parser("collections", help="Sammlungen auflisten und verwalten")
    collections.add_argument("--json", action="store_true", help="als JSON ausgeben")
    collections.set_defaults(handler=_cmd_list)
    actions = collections.add_subparsers(title="Aktionen", metavar="AKTION")
    create = actions.add_parser("create", help="Sammlung anlegen")
    create.add_argument("name", metavar="NAME")
    _contact_options(create)
    create.set_defaults(handler=_cmd_create)
    rename = actions.add_parser("rename", help="Sammlung umbenennen")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEUER_NAME")
    rename.set_defaults(handler=_cmd_rename)
    delete = actions.add_parser("delete", help="Sammlung mit allen Dokumenten löschen")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument("--yes", action="store_true", help="ohne Rückfrage löschen")
    delete.set_defaults(handler=_cmd_delete)
    contact = actions.add_parser(
        "contact",
        help="Ansprechperson einer Sammlung setzen oder zeigen (nicht genannte Angaben bleiben)",
    )
    contact.add_argument("name", metavar="NAME")
    _contact_options(contact)
    contact.set_defaults(handler=_cmd_contact)

    change = commands.add_parser("set", help="Metadaten eines Dokuments ändern")
    change.add_argument("doc", metavar="DOK", type=int, help="Dokument-Nummer (siehe docs)")
    change.add_argument("--owner", help="verantwortliche Person")
    change.add_argument("--review-date", help="Wiedervorlage (TT.MM.JJJJ, leer: keine)")
    change.add_argument("--valid-until", help="gültig bis (TT.MM.JJJJ, leer: unbegrenzt)")
    change.add_argument("--audience", help="Zielgruppe, z. B. „alle“ oder „Azubis, Führungskräfte“")
    change.add_argument("--status", choices=[*STATUSES, *[s.lower() for s in STATUSES]])
    change.add_argument("--stand", help="Stand des Inhalts (Datum oder Text, z. B. „März 2026“)")
    change.set_defaults(handler=_cmd_set)

    missing = commands.add_parser("gaps", help="Fragen, die die Unterlagen nicht beantworten")
    missing.add_argument("--collection", help="nur diese Sammlung")
    missing.add_argument("--json", action="store_true", help="als JSON ausgeben")
    missing.set_defaults(handler=_cmd_gaps)


def _contact_options(parser: argparse.ArgumentParser) -> None:
    """--contact-name, --contact-unit, --contact-phone, --contact-email."""
    parser.add_argument("--contact-name", help="Ansprechperson")
    parser.add_argument("--contact-unit", help="Organisationseinheit")
    parser.add_argument("--contact-phone", help="Telefon")
    parser.add_argument("--contact-email", help="E-Mail")


def _contact(args: argparse.Namespace, known: Contact | None = None) -> Contact:
    """The contact given on the command line; a field not given keeps its known value (an
    empty one, --contact-phone "", clears it)."""
    known = known or Contact()
    given = (args.contact_name, args.contact_unit, args.contact_phone, args.contact_email)
    kept = (known.name, known.unit, known.phone, known.email)
    return Contact(
        *(old if value is None else value for value, old in zip(given, kept, strict=True))
    )


def _run(args: argparse.Namespace, action: Any) -> int:
    """Open the knowledge base, run an action; German errors go to stderr with exit code 1."""
    try:
        with open_kb(args) as kb:
            action(kb)
    except (CollectionError, MetadataError, ReadOnlyError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    return 0


def _contact_text(row: dict[str, Any]) -> str:
    """A collection's contact in one line, or a note that there is none yet."""
    keys = ("contact_name", "contact_unit", "contact_phone", "contact_email")
    contact = ", ".join(str(row[key]) for key in keys if row[key])
    return contact or "– (noch nicht eingetragen)"


def _cmd_list(args: argparse.Namespace) -> int:
    """onboard collections"""
    with open_kb(args) as kb:
        rows = kb.collections()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("Noch keine Sammlungen.")
    lines = [
        (
            str(row["name"]),
            documents_text(int(row["documents"]), int(row["drafts"])),
            counted(int(row["chunks"]), "Abschnitt", "Abschnitte"),
            _contact_text(row),
        )
        for row in rows
    ]
    name_w, documents_w, chunks_w = (
        max((len(line[column]) for line in lines), default=0) for column in range(3)
    )
    for name, documents, chunks, contact in lines:
        print(f"{name:<{name_w}}   {documents:<{documents_w}}   {chunks:>{chunks_w}}")
        print(f"{'':<{name_w}}   Ansprechperson: {contact}")
    return 0


def _cmd_create(args: argparse.Namespace) -> int:
    """onboard collections create NAME"""

    def action(kb: KnowledgeBase) -> None:
        name = create_collection(kb, args.name, _contact(args))
        print(f"Sammlung „{name}“ angelegt.")

    return _run(args, action)


def _cmd_rename(args: argparse.Namespace) -> int:
    """onboard collections rename NAME NEUER_NAME"""

    def action(kb: KnowledgeBase) -> None:
        name = rename_collection(kb, args.name, args.new_name)
        print(f"Sammlung „{args.name}“ heißt jetzt „{name}“.")

    return _run(args, action)


def _cmd_delete(args: argparse.Namespace) -> int:
    """onboard collections delete NAME [--yes]"""
    if not args.yes and not _confirmed(f"Sammlung „{args.name}“ mit allen Dokumenten löschen?"):
        print("Nicht gelöscht.")
        return 1

    def action(kb: KnowledgeBase) -> None:
        count = delete_collection(kb, args.name)
        print(f"Sammlung „{args.name}“ gelöscht ({documents_text(count)}).")

    return _run(args, action)


def _confirmed(question: str) -> bool:
    """Ask on the terminal; only 'j' or 'ja' confirms (no terminal: no)."""
    if not sys.stdin.isatty():
        print("Zum Löschen ohne Rückfrage --yes angeben.", file=sys.stderr)
        return False
    return input(f"{question} [j/N] ").strip().lower() in ("j", "ja")


def _cmd_contact(args: argparse.Namespace) -> int:
    """onboard collections contact NAME --contact-…"""

    def action(kb: KnowledgeBase) -> None:
        set_contact(kb, args.name, _contact(args, contact_of(kb, args.name)))
        stored = contact_of(kb, args.name)
        shown = ", ".join(part for part in asdict(stored).values() if part)
        print(f"Ansprechperson für „{args.name}“: {shown or '– (keine)'}")

    return _run(args, action)


def _cmd_set(args: argparse.Namespace) -> int:
    """onboard set DOK --owner … --review-date … --status …"""
    changes = {
        name: value for name in EDITABLE_FIELDS if (value := getattr(args, name)) is not None
    }
    if not changes:
        print("Nichts zu ändern: bitte mindestens eine Option angeben.", file=sys.stderr)
        return 2

    def action(kb: KnowledgeBase) -> None:
        stored = kb.set_metadata(args.doc, changes)
        document = kb.store.document(args.doc) or {}
        print(f"{document.get('title')} (Nr. {args.doc}):")
        for name, value in stored.items():
            shown = german_date(value) if name in DATE_FIELDS else value
            print(f"  {FIELD_LABELS[name]}: {shown or '–'}")
        for note in document_notes(document, date.today()):
            print(f"  ! {note}")

    return _run(args, action)


def _cmd_gaps(args: argparse.Namespace) -> int:
    """onboard gaps [--collection NAME]"""
    with open_kb(args) as kb:
        require_known(kb, [args.collection] if args.collection else None)
        found = gaps(kb.store, collection=args.collection)
    if args.json:
        print(json.dumps([asdict(gap) for gap in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("Keine offenen Fragen: alles Gefragte wurde beantwortet und nicht bemängelt.")
    for gap in found:
        counts = []
        if gap.declined:
            counts.append(f"{gap.declined}× nicht beantwortet")
        if gap.not_helpful:
            counts.append(f"{gap.not_helpful}× „nicht hilfreich“")
        print(f"„{gap.question}“ – {gap.collection or 'ohne Sammlung'}: {', '.join(counts)}")
        for comment in gap.comments:
            print(f"    Kommentar: {comment}")
    return 0
