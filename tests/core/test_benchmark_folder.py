"""Reading a benchmark folder: gzip corpora, and a clear German message for what is wrong."""

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from onboard.cli import main
from onboard.core.evaluation import BenchmarkError, load_benchmark

CORPUS = [{"doc_id": "d1", "title": "Kantine", "text": "Die Kantine öffnet um 11:30 Uhr."}]
QUERIES = [{"qid": "q1", "question": "Wann öffnet die Kantine?", "meta": {}}]
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\n"


def _lines(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _folder(tmp_path: Path, *, gz: bool = False) -> Path:
    folder = tmp_path / "bench"
    folder.mkdir()
    if gz:
        (folder / "corpus.jsonl.gz").write_bytes(gzip.compress(_lines(CORPUS).encode()))
    else:
        (folder / "corpus.jsonl").write_text(_lines(CORPUS), encoding="utf-8")
    (folder / "queries.jsonl").write_text(_lines(QUERIES), encoding="utf-8")
    (folder / "qrels.tsv").write_text(QRELS, encoding="utf-8")
    return folder


@pytest.mark.parametrize("gz", [False, True])
def test_a_corpus_may_be_plain_or_gzip(tmp_path: Path, gz: bool) -> None:
    bench = load_benchmark(_folder(tmp_path, gz=gz))
    assert [entry["doc_id"] for entry in bench.corpus] == ["d1"]
    assert bench.qrels == {"q1": {"d1"}} and bench.queries[0]["qid"] == "q1"


def test_questions_only_needs_nothing_but_the_questions(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "corpus.jsonl").unlink()
    (folder / "qrels.tsv").unlink()
    bench = load_benchmark(folder, questions_only=True)
    assert bench.queries == QUERIES and not bench.corpus and not bench.qrels


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / "qrels.tsv").unlink(), "fehlt qrels.tsv"),
        (lambda f: (f / "corpus.jsonl").unlink(), "fehlt corpus.jsonl"),
        (
            lambda f: (f / "queries.jsonl").write_text(_lines(QUERIES) + "{kaputt\n"),
            "queries.jsonl, Zeile 2: kein gültiges JSON",
        ),
        (
            lambda f: (f / "corpus.jsonl").write_text(_lines([{"doc_id": "d1"}])),
            "corpus.jsonl, Zeile 1: Feld „text“ fehlt",
        ),
        (
            lambda f: (f / "queries.jsonl").write_bytes("Größe".encode("latin-1")),
            "queries.jsonl ist keine lesbare UTF-8-Textdatei",
        ),
    ],
)
def test_a_broken_folder_is_named_in_german(
    tmp_path: Path, damage: Callable[[Path], object], message: str
) -> None:
    folder = _folder(tmp_path)
    damage(folder)
    with pytest.raises(BenchmarkError, match=message):
        load_benchmark(folder)


def test_the_cli_says_what_is_wrong_instead_of_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    missing = str(tmp_path / "nirgends")
    assert main(["--home", home, "eval", "retrieval", missing, "--json"]) == 1
    assert "Fehler: Den Benchmark-Ordner" in capsys.readouterr().err
    folder = _folder(tmp_path)
    (folder / "qrels.tsv").unlink()
    assert main(["--home", home, "eval", "answers", str(folder), "--no-model"]) == 1
    assert "fehlt qrels.tsv" in capsys.readouterr().err
    assert main(["--home", home, "bench", "scale", missing + ".jsonl.gz"]) == 1
    assert "Fehler: Die Korpusdatei" in capsys.readouterr().err
