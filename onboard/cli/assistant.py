"""Commands of the assistant: ask a question, list and prepare models."""

import argparse
import json
import sys
from typing import Any

from onboard.cli.common import drive, open_kb, writable_home
from onboard.core import paths
from onboard.core.answer import (
    POINTS_ONLY_NOTE,
    AnswerResult,
    AnswerToken,
    SourcesFound,
    ask,
    cited_passages,
)
from onboard.core.answer_sources import expired_note
from onboard.core.answer_text import searched_only, source_line
from onboard.core.collections import require_known
from onboard.core.feedback import record_declined
from onboard.core.ingest import CancelFlag
from onboard.core.itconfig import load_it_config
from onboard.core.llm import ChatModel, ModelError
from onboard.core.models import install_default, install_hint, model_path, read_info, scan
from onboard.core.paths import is_frozen
from onboard.core.runtime import open_chat_model
from onboard.core.settings import effective_settings, load_settings, save_settings
from onboard.core.wording import size_text

WITHOUT_MODEL_NOTE = "Die Antwort besteht deshalb aus Auszügen der Unterlagen."


def register(commands: Any) -> None:
    """Add ask and models to the parser."""
    question = commands.add_parser("ask", help="Eine Frage an die Unterlagen stellen")
    question.add_argument("question", metavar="FRAGE")
    question.add_argument("--collection", action="append", help="nur in dieser Sammlung")
    question.add_argument("--json", action="store_true", help="als JSON ausgeben")
    question.add_argument("--no-model", action="store_true", help="ohne Sprachmodell (Auszüge)")
    question.add_argument("--model", help="Modelldatei oder -name statt der Einstellung")
    question.add_argument(
        "--previous",
        metavar="FRAGE",
        help="die Frage davor: eine Nachfrage wie „Und wie lange?“ wird mit ihr verstanden",
    )
    question.set_defaults(handler=_cmd_ask)

    models = commands.add_parser("models", help="Sprachmodelle anzeigen und einrichten")
    models.add_argument("--json", action="store_true", help="als JSON ausgeben")
    models.set_defaults(handler=_cmd_models)
    actions = models.add_subparsers(title="Aktionen", metavar="AKTION")
    install = actions.add_parser("install-default", help="Standardmodell zusammensetzen, prüfen")
    install.set_defaults(handler=_cmd_install_default)
    use = actions.add_parser("use", help="Modell als aktives Modell einstellen")
    use.add_argument("name", metavar="NAME", help="Dateiname oder Pfad (leer: Standard)")
    use.set_defaults(handler=_cmd_use)


def load_model(args: argparse.Namespace) -> ChatModel | None:
    """The model for answering, or None (no model, or --no-model); German error on failure."""
    if getattr(args, "no_model", False):
        return None
    return open_chat_model(paths.resolve_home(args.home), choice=getattr(args, "model", None))


def _cmd_ask(args: argparse.Namespace) -> int:
    """onboard ask FRAGE"""
    if not args.question.strip():
        print("Fehler: Bitte eine Frage eingeben.", file=sys.stderr)
        return 2
    with open_kb(args) as kb:
        require_known(kb, args.collection)
        try:
            model = load_model(args)
        except ModelError as error:  # as in the window: the passages still answer
            print(f"Hinweis: {error}\n{WITHOUT_MODEL_NOTE}", file=sys.stderr)
            model = None
        cancel = CancelFlag()
        events = ask(
            kb,
            args.question,
            model=model,
            collections=args.collection,
            cancel=cancel,
            previous=args.previous,
        )
        result = _stream(events, quiet=args.json, cancel=cancel)
        if not kb.read_only:
            record_declined(kb.store, result)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    _print_sources(result)
    return 0


def _stream(events: Any, *, quiet: bool, cancel: CancelFlag) -> AnswerResult:
    """Print the answer as it streams (unless quiet) and return the result."""
    streamed: list[str] = []

    def print_event(event: object) -> None:
        if isinstance(event, SourcesFound):
            if event.follow_up_of:
                print(f"Verstanden als Nachfrage zu „{event.follow_up_of}“.")
            if event.respelt:
                print(f"Gesucht als: „{event.respelt}“")
            print(f"Quellen gefunden ({len(event.sources)}, {event.retrieval_ms:.0f} ms).\n")
        elif isinstance(event, AnswerToken):
            print(event.text, end="", flush=True)
            streamed.append(event.text)

    result: AnswerResult = drive(events, cancel=cancel, quiet=quiet, on_event=print_event)
    if not quiet:
        replaced = result.abstained or result.pointed
        if streamed and result.answer and replaced:
            print("\n\n(Verworfen: nicht durch die Quellen belegt.)")
        print("\n" if streamed else "", end="")
        if not streamed or replaced:
            print(result.answer)
        elif result.points_only:
            print(f"\n{POINTS_ONLY_NOTE}\n" + "\n".join(cited_passages(result)))
        elif result.answer.strip() != "".join(streamed).strip():
            print(f"\nGeprüfte Fassung (Quellenangaben berichtigt):\n{result.answer}")
        if where := searched_only(result):
            print(f"{where} Ohne --collection sucht Onboard in allen Sammlungen.")
    return result


def _print_sources(result: AnswerResult) -> None:
    """Numbered sources with positions; cited ones marked."""
    cited = {citation.n for citation in result.citations}
    if result.sources:
        print("\nQuellen:")
    for source in result.sources:
        mark = "*" if source.number in cited else " "
        print(f"{mark}{source_line(source)}")
    if result.expired:
        print(f"\n{expired_note(result.expired)}")
    if result.model is None and result.sources:
        print("\n(Ohne Sprachmodell: Es werden nur Auszüge gezeigt.)")


def _cmd_models(args: argparse.Namespace) -> int:
    """onboard models: installed GGUF files and which is active."""
    home = paths.resolve_home(args.home)
    active = effective_settings(home)[0].model
    found = scan(paths.model_dirs(home))
    if args.json:
        print(json.dumps([_model_row(info, active) for info in found], ensure_ascii=False))
        return 0
    if not found:
        setup = (
            f"Bitte {install_hint()}."
            if is_frozen()
            else "Standardmodell einrichten: onboard models install-default"
        )
        print(f"Kein Sprachmodell gefunden. {setup}")
    names = [info.name for info in found]
    for info in found:
        row = _model_row(info, active)
        state = {True: "geprüft", False: "PRÜFSUMME FALSCH", None: "unbekannt"}[info.verified]
        print(
            f"{'*' if row['active'] else ' '} {info.name}  {size_text(info.size_bytes)}  "
            f"{info.quantization}  Kontext {info.context_length}  "
            f"Vorlage {'ja' if info.has_chat_template else 'nein'}  {state}"
            + (f"  – im Ordner {info.path.parent}" if names.count(info.name) > 1 else "")
            + (f"  – {info.problem}" if info.problem else "")
        )
    return 0


def _model_row(info: Any, active: str) -> dict[str, Any]:
    """One model as a JSON-ready dict."""
    from onboard.core.models import DEFAULT_MODEL

    chosen = active or DEFAULT_MODEL.file_name
    return {
        "name": info.name,
        "path": str(info.path),
        "size_bytes": info.size_bytes,
        "quantization": info.quantization,
        "context_length": info.context_length,
        "chat_template": info.has_chat_template,
        "verified": info.verified,
        "problem": info.problem,
        "active": chosen in (info.name, str(info.path)),
    }


def _cmd_install_default(args: argparse.Namespace) -> int:
    """onboard models install-default"""
    cancel = CancelFlag()
    home = paths.resolve_home(args.home)
    error: ModelError | None = None
    for target in paths.model_dirs(home):
        try:
            path = drive(install_default(target, cancel=cancel), cancel=cancel)
            break
        except ModelError as failure:
            error = failure
    else:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(f"Standardmodell bereit und geprüft: {path}")
    return 0


def _cmd_use(args: argparse.Namespace) -> int:
    """onboard models use NAME"""
    it_config = load_it_config()
    if it_config.model is not None:
        print(
            f"Fehler: Das Sprachmodell ist von der IT festgelegt ({it_config.source}): "
            f"{it_config.model}. Bitte wenden Sie sich an die IT.",
            file=sys.stderr,
        )
        return 1
    home = writable_home(args)  # the choice is saved in the data folder
    dirs = paths.model_dirs(home)
    chosen = model_path(args.name, dirs) if args.name else None
    if args.name and chosen is None:
        names = ", ".join(info.name for info in scan(dirs, verify=False)) or "keine"
        print(
            f"Fehler: Ein Sprachmodell „{args.name}“ gibt es nicht. Vorhandene Modelle: "
            f"{names}. Die Einstellung bleibt unverändert.",
            file=sys.stderr,
        )
        return 1
    problem = read_info(chosen, verify=False).problem if chosen else ""
    if problem:
        print(f"Fehler: {problem} Die Einstellung bleibt unverändert.", file=sys.stderr)
        return 1
    settings = load_settings(home)
    settings.model = args.name
    save_settings(home, settings)
    print(f"Aktives Modell: {args.name or 'Standardmodell'}")
    return 0
