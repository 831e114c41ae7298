"""The command line: German help, ingest/search/docs/remove/sync, retrieval evaluation."""

import json
import signal
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

import onboard.cli as cli
from onboard.cli import build_parser, main
from onboard.cli.library import SOME_FILES_FAILED
from onboard.core import paths
from onboard.core.kb import KnowledgeBase
from onboard.core.settings import load_settings
from tests.fakes import deny_writing


def _pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kantine.md").write_text(
        "---\ntitel: Kantine\nverantwortlich: Herr Koch\n---\n# Kantine\n\n"
        "Die Kantine im Haus B öffnet werktags von 11:30 bis 14:00 Uhr.\n",
        encoding="utf-8",
    )
    (folder / "parken.txt").write_text(
        "Parken\n\nDer Mitarbeiterparkplatz liegt hinter Haus C. Parkausweise gibt die Poststelle "
        "aus.\n",
        encoding="utf-8",
    )
    return folder


def _imported_without_vectors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The pages imported into Organisation without an embedder; the arguments to reuse it."""
    base = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    assert (
        main([*base, "ingest", str(_pages(tmp_path / "docs")), "--collection", "Organisation"]) == 0
    )
    capsys.readouterr()
    return base


def test_help_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "Dateien oder Ordner importieren" in out and "Suchen" in out
    assert out.startswith("Aufruf: onboard") and "Optionen:" in out
    assert "diese Hilfe zeigen" in out and "show this help" not in out


@pytest.mark.parametrize(
    ("arguments", "german"),
    [
        (["search", "Urlaub", "--k", "viele"], "--k: „viele“ ist keine ganze Zahl"),
        (["search", "Urlaub", "--k", "0"], "--k: 0 ist zu klein (mindestens 1)"),
        (["search"], "Es fehlt: SUCHE"),
        (["search", "Urlaub", "--mode", "raten"], "--mode: 'raten' gibt es nicht (möglich:"),
        (["suchen"], "BEFEHL: 'suchen' gibt es nicht"),
        (["docs", "--alle"], "Unbekannte Angaben: --alle"),
        (["eval", "answers", "b", "--limit"], "--limit: Hier fehlt ein Wert"),
        (["--home", "", "docs"], "--home: ein leerer Ordnername geht nicht"),
        (["ingest", "a.md", "--collection", "  "], "--collection: Bitte einen Namen für die"),
    ],
)
def test_wrong_arguments_are_named_in_german(
    arguments: list[str], german: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("Aufruf: onboard")
    assert f"Fehler: {german}" in error


def test_a_file_name_that_looks_like_an_option_gets_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-liste.md").write_text("# Liste\n\nText.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["--home", str(tmp_path / "home"), "ingest", "-liste.md"])
    assert stopped.value.code == 2
    assert "„-liste.md“ ist eine Datei oder ein Ordner" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--home", "./-liste.md", "docs"])  # a file is no data folder
    assert "--home: „./-liste.md“ ist eine Datei, kein Ordner" in capsys.readouterr().err
    assert (
        main(["--home", str(tmp_path / "home"), "--embedder", "use", "ingest", "./-liste.md"]) == 0
    )


def test_ingest_search_docs_remove_sync(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    folder = _pages(tmp_path / "docs")
    base = ["--home", str(home), "--embedder", "use"]
    assert main([*base, "ingest", str(folder), "--collection", "Organisation"]) == 0
    assert "2 importiert" in capsys.readouterr().out

    assert main([*base, "search", "Wann öffnet die Kantine?", "--json", "--k", "1"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["title"] == "Kantine" and hits[0]["collection"] == "Organisation"
    assert hits[0]["fulltext_score"] is not None and hits[0]["vector_score"] is not None

    assert main([*base, "docs", "--json"]) == 0
    documents = json.loads(capsys.readouterr().out)
    assert {d["title"] for d in documents} == {"Kantine", "Parken"}
    kantine = next(d for d in documents if d["title"] == "Kantine")
    assert kantine["owner"] == "Herr Koch"

    assert main([*base, "remove", str(kantine["id"])]) == 0
    assert "der nächste Abgleich importiert sie wieder" in capsys.readouterr().out
    assert main([*base, "remove", "9999"]) == 1
    capsys.readouterr()
    assert main([*base, "sync"]) == 0
    assert "1 importiert" in capsys.readouterr().out
    assert main([*base, "sync"]) == 0
    assert "2 unverändert" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "bulk"),
    [
        (["ingest", "ordner"], True),
        (["sync"], True),
        (["embed"], True),
        (["demo"], True),
        (["pack", "import", "wissen.zip"], True),
        (["search", "Urlaub"], False),
        (["ask", "Wann ist die Kernzeit?"], False),
        (["docs"], False),
    ],
)
def test_only_imports_and_embedding_give_way_to_the_window(
    arguments: list[str], bulk: bool
) -> None:
    assert getattr(build_parser().parse_args(arguments), "bulk", False) is bulk


def test_an_import_lowers_its_priority_before_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(cli, "give_way_to_interactive_work", lambda: calls.append(1))
    base = _imported_without_vectors(tmp_path, capsys)
    assert calls == [1]
    assert main([*base, "search", "Kantine"]) == 0
    assert calls == [1]


def test_a_mistyped_collection_or_an_empty_question_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--home", str(tmp_path / "home"), "--embedder", "use"]
    assert main([*base, "ingest", str(_pages(tmp_path / "docs")), "--collection", "IT"]) == 0
    capsys.readouterr()
    assert main([*base, "search", "Kantine", "--collection", "Organisaton"]) == 1
    error = capsys.readouterr().err
    assert "keine Sammlung „Organisaton“" in error and "Vorhandene Sammlungen: IT." in error
    assert main([*base, "ask", "Wann öffnet die Kantine?", "--collection", "it", "--no-model"]) == 1
    assert "keine Sammlung „it“" in capsys.readouterr().err
    for listing in ("docs", "gaps"):
        assert main([*base, listing, "--collection", "Organisaton"]) == 1
        assert "keine Sammlung „Organisaton“" in capsys.readouterr().err
    assert main([*base, "ask", "  ", "--no-model"]) == 2
    assert "Bitte eine Frage eingeben" in capsys.readouterr().err
    assert main([*base, "search", " "]) == 2
    assert "Bitte einen Suchbegriff eingeben" in capsys.readouterr().err
    assert main([*base, "ask", "Wann öffnet die Kantine?", "--collection", "IT", "--no-model"]) == 0
    assert "11:30" in capsys.readouterr().out


def test_ingest_reports_bad_files_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _pages(tmp_path / "docs")
    (folder / "leer.pdf").write_bytes(b"")
    code = main(["--home", str(tmp_path / "h"), "--embedder", "none", "ingest", str(folder)])
    assert code == SOME_FILES_FAILED  # the rest is imported; a scheduled job can tell
    out = capsys.readouterr().out
    assert "leer.pdf" in out and "leer" in out and "2 importiert, 1 fehlgeschlagen" in out
    (folder / "leer.pdf").unlink()
    assert main(["--home", str(tmp_path / "h"), "--embedder", "none", "sync"]) == 0


def _imported_pages(tmp_path: Path) -> tuple[Path, list[str]]:
    """The test pages imported into Organisation: their folder and the common arguments."""
    folder = _pages(tmp_path / "docs")
    base = ["--home", str(tmp_path / "h"), "--embedder", "none"]
    assert main([*base, "ingest", str(folder), "--collection", "Organisation"]) == 0
    return folder, base


def test_sync_keeps_an_unreachable_folder_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, base = _imported_pages(tmp_path)
    folder.rename(tmp_path / "getrennt")  # e.g. a network drive not connected
    capsys.readouterr()
    assert main([*base, "sync"]) == SOME_FILES_FAILED
    out = capsys.readouterr().out
    assert "nicht erreichbar" in out and "Seine 2 Dokumente bleiben" in out
    assert "Abgleich: 1 nicht erreichbar" in out
    assert main([*base, "docs", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_home_comes_from_the_environment(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _pages(tmp_path / "docs")
    assert main(["--embedder", "none", "ingest", str(folder)]) == 0
    assert (isolated_home / "onboard.db").is_file()


def _mini_bench(bench: Path) -> Path:
    """Three documents, two answerable questions and one without an answer."""
    bench.mkdir()
    corpus = [
        ("d1", "Urlaub", "Den Urlaubsantrag stellen Sie im Personalportal."),
        ("d2", "Kantine", "Die Kantine öffnet um halb zwölf."),
        ("d3", "Passwort", "Das Passwort hat mindestens zwölf Zeichen."),
    ]
    (bench / "corpus.jsonl").write_text(
        "".join(
            json.dumps({"doc_id": d, "title": t, "text": x}, ensure_ascii=False) + "\n"
            for d, t, x in corpus
        ),
        encoding="utf-8",
    )
    queries = [
        ("q1", "Wo stelle ich den Urlaubsantrag?"),
        ("q2", "Wie lang muss das Passwort sein?"),
        ("q3", "Was kostet ein Parkplatz?"),
    ]
    (bench / "queries.jsonl").write_text(
        "".join(
            json.dumps({"qid": q, "question": t, "meta": {}}, ensure_ascii=False) + "\n"
            for q, t in queries
        ),
        encoding="utf-8",
    )
    (bench / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\n")
    return bench


def test_eval_retrieval_on_a_small_benchmark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _mini_bench(tmp_path / "mini")
    args = ["--home", str(tmp_path / "h"), "--embedder", "use", "eval", "retrieval", str(bench)]
    assert main([*args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["queries"] == 2
    assert result["recall@1"] == 1.0 and result["mrr@10"] == 1.0
    assert set(result) >= {"recall@5", "recall@10", "search_ms_p50", "search_ms_p95"}


def test_ask_without_model_prints_json_with_sources_and_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _imported_without_vectors(tmp_path, capsys)
    assert main([*base, "ask", "Wann öffnet die Kantine?", "--no-model", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"answer", "abstained", "citations", "sources", "timings", "model"}
    assert result["model"] is None and not result["abstained"]
    assert result["sources"][0]["title"] == "Kantine"
    assert result["citations"][0]["n"] == 1 and result["citations"][0]["position"]
    assert "retrieval_ms" in result["timings"]


def test_ask_and_docs_name_an_expired_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the expired page matches: the terminal says it exists and why it did not count,
    and does not claim that excerpts are shown when there are none."""
    base = _imported_without_vectors(tmp_path, capsys)
    assert main([*base, "set", "1", "--valid-until", "01.01.2026"]) == 0
    capsys.readouterr()
    assert main([*base, "ask", "Wann öffnet die Kantine?", "--no-model"]) == 0
    out = capsys.readouterr().out
    assert "Dazu steht nichts" in out
    assert "Nicht berücksichtigt, weil abgelaufen: „Kantine“ (gültig bis 01.01.2026)." in out
    assert "Es werden nur Auszüge gezeigt" not in out
    assert main([*base, "set", "2", "--status", "Entwurf"]) == 0
    capsys.readouterr()
    assert main([*base, "docs"]) == 0  # the list shows it too, under each document
    lines = capsys.readouterr().out.splitlines()
    assert lines[lines.index(next(x for x in lines if x.endswith("Kantine"))) + 1].endswith(
        "! abgelaufen (gültig bis 01.01.2026)"
    )
    assert lines[lines.index(next(x for x in lines if x.endswith("Parken"))) + 1].endswith(
        "! Entwurf – für Beschäftigte nicht sichtbar"
    )


def test_ask_says_how_it_respelt_a_misspelt_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _imported_without_vectors(tmp_path, capsys)
    assert main([*base, "ask", "Wann öffnet die Kantiene?", "--no-model"]) == 0
    out = capsys.readouterr().out
    assert "Gesucht als: „Wann öffnet die Kantine?“" in out and "11:30" in out
    assert main([*base, "ask", "Wann öffnet die Kantine?", "--no-model"]) == 0
    assert "Gesucht als" not in capsys.readouterr().out


def test_ask_understands_a_follow_up_with_the_previous_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _imported_without_vectors(tmp_path, capsys)
    follow_up = ["ask", "Und wer gibt die Ausweise dafür aus?", "--no-model"]
    assert main([*base, *follow_up, "--previous", "Wo kann ich parken?"]) == 0
    out = capsys.readouterr().out
    assert "Verstanden als Nachfrage zu „Wo kann ich parken?“." in out and "Poststelle" in out
    assert main([*base, *follow_up, "--previous", "Wo kann ich parken?", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["follow_up_of"] == "Wo kann ich parken?"
    assert main([*base, *follow_up, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["follow_up_of"] is None


def test_models_lists_gguf_files_with_their_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.tiny_gguf import write_tiny_gguf

    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    write_tiny_gguf(home / "models" / "klein.gguf")
    assert main(["--home", str(home), "models", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["klein.gguf"]["chat_template"] is True
    assert rows["klein.gguf"]["verified"] is None and rows["klein.gguf"]["problem"] == ""
    assert main(["--home", str(home), "models", "use", "klein.gguf"]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "models", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["klein.gguf"]["active"] is True
    assert main(["--home", str(home), "models", "use", "kleinn.gguf"]) == 1  # a typo
    error = capsys.readouterr().err
    assert "„kleinn.gguf“ gibt es nicht" in error and "Vorhandene Modelle: klein.gguf" in error
    assert main(["--home", str(home), "models", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["klein.gguf"]["active"] is True  # the setting stayed
    (home / "models" / "text.gguf").write_text("kein Modell", encoding="utf-8")
    assert main(["--home", str(home), "models", "use", "text.gguf"]) == 1  # known to be unusable
    assert "„text.gguf“" in capsys.readouterr().err
    assert load_settings(home).model == "klein.gguf"
    other = tmp_path / "programm" / "models"
    other.mkdir(parents=True)
    write_tiny_gguf(other / "klein.gguf")
    monkeypatch.setattr(paths, "model_dirs", lambda _home: [other, home / "models"])
    assert main(["--home", str(home), "models"]) == 0
    listing = capsys.readouterr().out
    assert f"im Ordner {other}" in listing and f"im Ordner {home / 'models'}" in listing


def test_ask_with_an_unusable_model_answers_from_the_passages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the window does: the model's problem is named, the passages still answer."""
    home = tmp_path / "home"
    base = ["--home", str(home), "--embedder", "none"]
    assert main([*base, "ingest", str(_pages(tmp_path / "docs")), "--collection", "IT"]) == 0
    (home / "models").mkdir()
    (home / "models" / "text.gguf").write_text("kein Modell", encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "ask", "Wann öffnet die Kantine?", "--model", "text.gguf", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Hinweis: " in captured.err and "aus Auszügen" in captured.err
    answer = json.loads(captured.out)
    assert answer["model"] is None and answer["sources"] and "Kantine" in answer["answer"]


def _ask_scripted(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    reply: str,
    question: str,
) -> str:
    """`onboard ask` over the two pages with a model that gives reply; the terminal output."""
    from onboard.cli import assistant
    from tests.fakes import ScriptedChatModel

    base = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    assert (
        main([*base, "ingest", str(_pages(tmp_path / "docs")), "--collection", "Organisation"]) == 0
    )
    monkeypatch.setattr(assistant, "load_model", lambda args: ScriptedChatModel(reply))
    capsys.readouterr()
    assert main([*base, "ask", question]) == 0
    return capsys.readouterr().out


def test_ask_shows_the_checked_answer_when_a_citation_was_corrected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream shows what the model wrote; if the check moved a citation to the source
    that holds the words, the corrected text follows so the numbers match the source list."""
    reply = "Der Mitarbeiterparkplatz liegt hinter Haus C, Parkausweise gibt die Poststelle. [1]"
    question = "Wann öffnet die Kantine und wo parke ich?"
    out = _ask_scripted(tmp_path, capsys, monkeypatch, reply, question)
    sources = out[out.index("Quellen:") :]
    parking = next(line for line in sources.splitlines() if "Parken" in line)
    number = parking.split("]")[0].lstrip("* [")
    assert parking.startswith("*") and number != "1"
    assert f"Geprüfte Fassung (Quellenangaben berichtigt):\n{reply[:-3]}[{number}]" in out


def test_ask_replaces_an_uncited_draft_by_the_best_matching_passage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed draft without a valid citation is marked as dropped; the passage follows."""
    from onboard.core.answer import POINTER_NOTE

    draft = "Die Kantine öffnet um 11:30 Uhr."
    out = _ask_scripted(tmp_path, capsys, monkeypatch, draft, "Wann öffnet die Kantine?")
    assert "(Verworfen: nicht durch die Quellen belegt.)" in out
    assert f"{POINTER_NOTE}\n[1] Kantine: Die Kantine im Haus B öffnet werktags" in out
    assert "Geprüfte Fassung" not in out


def test_ask_follows_an_answer_that_only_repeats_the_question_with_the_cited_passage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in the window: „Die Kantine öffnet [1].“ says nothing, so the passage follows."""
    from onboard.core.answer import POINTS_ONLY_NOTE

    reply = "Die Kantine öffnet [1]."
    out = _ask_scripted(tmp_path, capsys, monkeypatch, reply, "Wann öffnet die Kantine?")
    assert f"{reply}\n\n{POINTS_ONLY_NOTE}\n[1] Kantine: Die Kantine im Haus B öffnet" in out


def test_eval_answers_writes_one_detail_line_per_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _mini_bench(tmp_path / "mini")
    details = tmp_path / "details.jsonl"
    args = ["--home", str(tmp_path / "h"), "--embedder", "use", "eval", "answers", str(bench)]
    assert main([*args, "--no-model", "--json", "--details", str(details)]) == 0
    summary = json.loads(capsys.readouterr().out)
    records = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert len(records) == summary["answerable_questions"] + summary["unanswerable_questions"]
    urlaub = next(r for r in records if r["qid"] == "q1")
    assert urlaub["relevant"] == ["d1"] and urlaub["sources"][0]["doc"] == "d1"
    assert urlaub["cites_relevant"] is True


def test_sources_are_listed_and_can_be_forgotten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, base = _imported_pages(tmp_path)
    capsys.readouterr()
    assert main([*base, "sources", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [{"path": str(folder), "collection": "Organisation", "documents": 2}]
    assert main([*base, "sources", "--forget", str(tmp_path / "anders")]) == 1
    assert "wird nicht abgeglichen" in capsys.readouterr().err
    assert main([*base, "sources", "--forget", str(folder)]) == 0
    assert "seine Dokumente bleiben" in capsys.readouterr().out
    assert main([*base, "sources"]) == 0
    assert "noch keine Ordner" in capsys.readouterr().out
    assert main([*base, "docs", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_an_import_trims_the_collection_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """„Personalamt “ with a stray space is the existing collection, not a look-alike."""
    base = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    folder = _pages(tmp_path / "docs")
    assert main([*base, "ingest", str(folder / "kantine.md"), "--collection", "Personalamt"]) == 0
    assert main([*base, "ingest", str(folder), "--collection", " Personalamt  "]) == 0
    capsys.readouterr()
    assert main([*base, "collections"]) == 0
    listing = capsys.readouterr().out
    assert listing.count("Personalamt") == 1 and "2 Dokumente" in listing


def test_a_data_folder_without_write_access_is_searched_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A share mounted read-only: search works, an import says why it cannot."""
    home = tmp_path / "home"
    base = ["--home", str(home), "--embedder", "none"]
    assert main([*base, "ingest", str(_pages(tmp_path / "docs")), "--collection", "IT"]) == 0
    capsys.readouterr()
    deny_writing(monkeypatch, home)
    assert main([*base, "search", "Kantine"]) == 0
    assert "Kantine" in capsys.readouterr().out
    assert main([*base, "ingest", str(tmp_path / "docs")]) == 1
    assert "schreibgeschützt" in capsys.readouterr().err


def test_sync_follows_the_demo_folders_when_the_program_was_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduled sync after IT moved the installation: no „nicht erreichbar“."""
    base = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    _pages(tmp_path / "Onboard-alt" / "demo" / "IT")
    assert (
        main([*base, "ingest", str(tmp_path / "Onboard-alt" / "demo" / "IT"), "--collection", "IT"])
        == 0
    )
    (tmp_path / "Onboard-alt").rename(tmp_path / "Onboard-neu")
    monkeypatch.setattr(paths, "demo_dir", lambda: tmp_path / "Onboard-neu" / "demo")
    capsys.readouterr()
    assert main([*base, "sync"]) == 0
    out = capsys.readouterr().out
    assert "nicht erreichbar" not in out and "unverändert" in out


def test_progress_in_a_log_file_is_one_line_per_step_without_carriage_returns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scheduled task writes stderr to a file: readable lines, not one rewritten line."""
    base = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    folder = _pages(tmp_path / "docs")
    for number in range(30):
        (folder / f"seite{number}.md").write_text(f"# Seite {number}\n\nText {number}.\n")
    assert main([*base, "ingest", str(folder), "--collection", "IT"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert "\r" not in "".join(lines)
    progress = [line for line in lines if line.startswith("Import: ")]
    assert progress[0].startswith("Import: 0/32 ") and progress[-1].startswith("Import: 32/32")
    assert 10 <= len(progress) <= 12  # a line per tenth, not per file


def test_on_a_full_drive_the_knowledge_base_is_still_searched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite cannot even create the file it needs to read in WAL mode when the drive is full
    (seen: „disk I/O error“ on `docs` and `search`); it is then opened read-only."""
    home = tmp_path / "home"
    base = ["--home", str(home), "--embedder", "none"]
    assert main([*base, "ingest", str(_pages(tmp_path / "docs")), "--collection", "IT"]) == 0
    capsys.readouterr()
    real = paths.shutil.disk_usage

    def full(folder: Any) -> Any:
        return real(folder)._replace(free=1000)

    monkeypatch.setattr(paths.shutil, "disk_usage", full)
    assert main([*base, "search", "Kantine"]) == 0
    assert "Kantine" in capsys.readouterr().out
    assert main([*base, "ingest", str(tmp_path / "docs")]) == 1
    assert "weil das Laufwerk voll ist" in capsys.readouterr().err


def test_a_file_moved_to_another_collection_stays_there_and_is_counted_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    folder = _pages(tmp_path / "docs")
    assert main([*base, "ingest", str(folder), "--collection", "Alt"]) == 0
    assert main([*base, "ingest", str(folder / "kantine.md"), "--collection", "Neu"]) == 0
    assert main([*base, "sync"]) == 0
    capsys.readouterr()
    assert main([*base, "docs", "--json"]) == 0
    collections = {d["title"]: d["collection"] for d in json.loads(capsys.readouterr().out)}
    assert collections["Kantine"] == "Neu" and set(collections.values()) == {"Alt", "Neu"}
    assert main([*base, "sources", "--json"]) == 0
    counts = {row["collection"]: row["documents"] for row in json.loads(capsys.readouterr().out)}
    assert counts == {"Alt": len(collections) - 1, "Neu": 1}


def test_a_removed_file_that_was_imported_by_itself_stays_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Imported as a single file, removed on purpose: the next sync does not bring it back."""
    base = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    single = _pages(tmp_path / "docs") / "kantine.md"
    assert main([*base, "ingest", str(single), "--collection", "IT"]) == 0
    assert main([*base, "remove", str(single)]) == 0
    assert "Abgleich" not in capsys.readouterr().out
    assert main([*base, "sync"]) == 0
    capsys.readouterr()
    assert main([*base, "docs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_ctrl_c_while_vectors_are_computed_says_so_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import is kept and searchable; the output says the vectors were cut short and how
    to finish them, and the exit code tells a scheduled task that something is left."""
    real = KnowledgeBase.embed_pending

    def interrupted(self: KnowledgeBase, **options: Any) -> Generator[Any, None, int]:
        signal.raise_signal(signal.SIGINT)  # Ctrl+C as the vectors start
        return (yield from real(self, **options))

    monkeypatch.setattr(KnowledgeBase, "embed_pending", interrupted)
    base = ["--home", str(tmp_path / "home"), "--embedder", "use"]
    assert main([*base, "ingest", str(_pages(tmp_path / "docs")), "--collection", "IT"]) == 1
    out = capsys.readouterr().out
    assert "2 importiert" in out and "Vektoren: abgebrochen" in out and "onboard embed" in out
    monkeypatch.setattr(KnowledgeBase, "embed_pending", real)
    assert main([*base, "embed"]) == 0
    assert "Vektoren berechnet" in capsys.readouterr().out


def test_search_says_when_vectors_are_still_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--home", str(tmp_path / "home"), "--embedder", "use"]
    folder = str(_pages(tmp_path / "docs"))
    assert main([*base, "ingest", folder, "--collection", "IT", "--no-embed"]) == 0
    capsys.readouterr()
    assert main([*base, "search", "Kantine", "--mode", "vector"]) == 0
    assert "2 Abschnitte haben noch keine Vektoren („onboard embed“)" in capsys.readouterr().out
    assert main([*base, "embed"]) == 0
    assert main([*base, "search", "Kantine", "--mode", "vector"]) == 0
    assert "noch keine Vektoren" not in capsys.readouterr().out
