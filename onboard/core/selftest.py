"""Self-test of an installation: import the demo, search, answer; one dict with the timings."""

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from onboard.core import paths
from onboard.core.answer import AnswerResult, ask
from onboard.core.driving import run_to_end
from onboard.core.embedders import COMPANIONS, DEFAULT_EMBEDDER, Embedder, load_embedder
from onboard.core.ingest import FAILED
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ChatModel
from onboard.core.runtime import open_chat_model

SEARCH_QUESTION = "Wann ist die Kernzeit?"
ANSWER_QUESTION = "Wann ist die Kernzeit am Freitag?"
EXPECTED_FILE = "arbeitszeit-und-gleitzeit.md"
SEARCH_K = 5
EXCERPT_CHARS = 300

T = TypeVar("T")


class SelftestFailure(RuntimeError):
    """A step of the self-test failed; the message is German and meant for IT."""


@contextmanager
def _home(explicit: Path | None) -> Iterator[Path]:
    """The given folder, or a temporary one that is removed afterwards."""
    if explicit is not None:
        yield explicit
        return
    with tempfile.TemporaryDirectory(prefix="onboard-selbsttest-") as folder:
        yield Path(folder)


def _step(report: dict[str, Any], name: str, action: Callable[[], T]) -> T:
    """Run one step; any error becomes a SelftestFailure that names the step."""
    report["step"] = name
    try:
        return action()
    except SelftestFailure:
        raise
    except Exception as error:  # the self-test reports every failure instead of crashing
        detail = str(error) or type(error).__name__
        raise SelftestFailure(f"Schritt „{name}“ fehlgeschlagen: {detail}") from error


def run_selftest(
    *,
    home: Path | None = None,
    demo: Path | None = None,
    embedder: Embedder | str | None = DEFAULT_EMBEDDER,
    use_model: bool = True,
    model_home: Path | None = None,
) -> dict[str, Any]:
    """Import the demo into a (temporary) home, search, answer; ok False with a German error."""
    report: dict[str, Any] = {"ok": False, "frozen": paths.is_frozen(), "warnings": []}
    started = time.perf_counter()
    try:
        with _home(home) as folder:
            _run(report, folder, demo or paths.demo_dir(), embedder, use_model, model_home)
        report["ok"] = True
        report.pop("step", None)
    except SelftestFailure as failure:
        report["error"] = str(failure)
    report["total_s"] = _seconds(started)
    return report


def _run(
    report: dict[str, Any],
    home: Path,
    demo: Path,
    embedder: Embedder | str | None,
    use_model: bool,
    model_home: Path | None,
) -> None:
    """All steps in order; each adds its results to the report."""
    folders = _step(report, "Demo-Unterlagen", lambda: _demo_folders(demo))
    loaded = _step(report, "Einbettungsmodell", lambda: _embedder(report, embedder))
    companion = _companion(report, embedder) if loaded is not None else None
    with KnowledgeBase(home, embedder=loaded, companion=companion) as kb:
        _step(report, "Import", lambda: _import(report, kb, folders))
        _step(report, "Vektoren", lambda: _embed(report, kb))
        expect = any((folder / EXPECTED_FILE).is_file() for folder in folders)
        _step(report, "Suche", lambda: _search(report, kb, expect=expect))
        _step(report, "llama.cpp", lambda: _llama(report))
        model = _step(report, "Sprachmodell", lambda: _model(report, model_home or home, use_model))
        try:
            _step(report, "Antwort", lambda: _answer(report, kb, model))
        finally:
            close = getattr(model, "close", None)
            if callable(close):
                close()


def _demo_folders(demo: Path) -> list[Path]:
    """The collection folders of the demo knowledge base."""
    if not demo.is_dir():
        raise SelftestFailure(f"Die Demo-Unterlagen wurden nicht gefunden: {demo}")
    folders = paths.demo_folders(demo)
    if not folders:
        raise SelftestFailure(f"Die Demo-Unterlagen enthalten keine Sammlung: {demo}")
    return folders


def _embedder(report: dict[str, Any], spec: Embedder | str | None) -> Embedder | None:
    """The embedder to use; one that fails to load means no vectors, with a warning."""
    if spec is None or not isinstance(spec, str):
        report["embedder"] = spec.identity if spec is not None else None
        return spec
    started = time.perf_counter()
    loaded = _load_or_warn(report, spec, "Einbettungsmodell", "weiter ohne Vektorsuche")
    report["embedder"] = loaded.identity if loaded is not None else None
    if loaded is not None:
        report["embedder_load_s"] = _seconds(started)
    return loaded


def _companion(report: dict[str, Any], spec: Embedder | str | None) -> Embedder | None:
    """The companion the app adds to a named embedder; without it search uses the first."""
    name = COMPANIONS.get(spec) if isinstance(spec, str) else None
    if name is None:
        return None
    return _load_or_warn(report, name, "Zweites Einbettungsmodell", "die Suche nutzt nur das erste")


def _load_or_warn(report: dict[str, Any], name: str, what: str, fallback: str) -> Embedder | None:
    """Load an embedder by name; a missing or broken engine is a warning, not a failure."""
    try:
        return load_embedder(name)
    except Exception as error:  # the other steps must still run
        report["warnings"].append(f"{what} „{name}“ nicht verfügbar ({error}); {fallback}.")
        return None


def _import(report: dict[str, Any], kb: KnowledgeBase, folders: list[Path]) -> None:
    """Import one collection per folder; a file that fails to import fails the test."""
    started = time.perf_counter()
    failed: list[str] = []
    for folder in folders:
        outcomes = run_to_end(kb.ingest([folder], collection=folder.name)).outcomes
        failed += [f"{Path(o.path).name}: {o.message}" for o in outcomes if o.status == FAILED]
    report["import_s"] = _seconds(started)
    report["collections"] = len(folders)
    report["documents"] = len(kb.documents())
    report["chunks"] = kb.store.count_chunks()
    if failed:
        raise SelftestFailure("Import fehlgeschlagen: " + "; ".join(failed))
    if not report["chunks"]:
        raise SelftestFailure("Der Import ergab keine Abschnitte.")


def _embed(report: dict[str, Any], kb: KnowledgeBase) -> None:
    """Compute the vectors of the imported chunks (nothing without an embedder)."""
    started = time.perf_counter()
    report["vectors"] = run_to_end(kb.embed_pending()) if kb.embedder is not None else 0
    report["companion"] = kb.companion.identity if kb.companion is not None else None
    report["embed_s"] = _seconds(started)


def _search(report: dict[str, Any], kb: KnowledgeBase, *, expect: bool) -> None:
    """Search the sample question; the demo's page on working hours must be among the hits."""
    started = time.perf_counter()
    hits = kb.search(SEARCH_QUESTION, k=SEARCH_K)
    report["search_question"] = SEARCH_QUESTION
    report["search_ms"] = round((time.perf_counter() - started) * 1000, 1)
    report["hits"] = len(hits)
    if not hits:
        raise SelftestFailure(f"Die Suche nach „{SEARCH_QUESTION}“ fand nichts.")
    files = [_file_name(kb, hit.chunk.document_id) for hit in hits]
    report["top_title"] = hits[0].chunk.title
    report["top_file"] = files[0]
    if not expect or files[0] == EXPECTED_FILE:
        return
    if EXPECTED_FILE not in files:
        raise SelftestFailure(
            f"Die Suche nach „{SEARCH_QUESTION}“ fand die Seite „{EXPECTED_FILE}“ nicht."
        )
    report["warnings"].append(f"„{EXPECTED_FILE}“ steht in der Suche nicht auf Platz 1.")


def _file_name(kb: KnowledgeBase, document_id: int) -> str:
    """The file name a document was imported from."""
    document = kb.store.document(document_id) or {}
    return Path(str(document.get("origin", ""))).name


def _llama(report: dict[str, Any]) -> None:
    """Load the llama.cpp libraries (even without a model) and note the CPU features used."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    report["llama_cpu"] = " ".join(info.replace("|", " ").split())


def _model(report: dict[str, Any], model_home: Path, use_model: bool) -> ChatModel | None:
    """The chat model the installation would use, loaded; None without one (or if switched off)."""
    if not use_model:
        report["model_note"] = "Sprachmodell abgeschaltet (--selftest-no-model)."
        return None
    started = time.perf_counter()
    model = open_chat_model(model_home)
    if model is None:
        dirs = ", ".join(str(d) for d in paths.model_dirs(model_home))
        report["model_note"] = f"Kein Sprachmodell gefunden (gesucht in: {dirs})."
        return None
    report["model_load_s"] = _seconds(started)
    return model


def _answer(report: dict[str, Any], kb: KnowledgeBase, model: ChatModel | None) -> None:
    """Answer the sample question with the model, else extractively."""
    started = time.perf_counter()
    result: AnswerResult = run_to_end(ask(kb, ANSWER_QUESTION, model=model))
    report["answer_question"] = ANSWER_QUESTION
    report["answer_mode"] = "extractive" if model is None else "model"
    report["model"] = result.model
    report["first_token_ms"] = result.timings.get("first_token_ms")
    report["tokens_per_s"] = result.timings.get("tokens_per_s")
    report["answer_s"] = _seconds(started)
    report["answer"] = " ".join(result.answer.split())[:EXCERPT_CHARS]
    report["citations"] = len(result.citations)
    report["abstained"] = result.abstained
    report["pointed"] = result.pointed
    if not result.answer.strip():
        raise SelftestFailure("Die Antwort ist leer.")
    if model is not None and report["first_token_ms"] is None:
        raise SelftestFailure("Das Sprachmodell hat keine Antwort erzeugt.")
    if result.abstained or result.pointed:  # the model gave no cited answer of its own
        report["warnings"].append(f"Keine belegte Antwort auf „{ANSWER_QUESTION}“.")


def _seconds(started: float) -> float:
    """Seconds since started, rounded to milliseconds."""
    return round(time.perf_counter() - started, 3)
