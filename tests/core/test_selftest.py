"""The installation self-test: demo import, search and answer, and its German failure reports."""

from pathlib import Path

import pytest

from onboard.core import paths, selftest
from onboard.core.embedders import COMPANIONS, EmbedderUnavailable
from onboard.core.models import DEFAULT_MODEL
from onboard.core.selftest import EXPECTED_FILE, run_selftest
from onboard.core.settings import Settings, save_settings
from tests.fakes import HashingEmbedder
from tests.tiny_gguf import write_tiny_gguf

DEMO = paths.demo_dir()
DEMO_FILES = {path.name for path in DEMO.rglob("*") if path.is_file()}


def _home_with_model(tmp_path: Path, name: str, content: bytes | None = None) -> Path:
    """A data folder whose settings choose models/<name> (a tiny GGUF unless content is given)."""
    home = tmp_path / "model-home"
    (home / "models").mkdir(parents=True)
    target = home / "models" / name
    if content is None:
        write_tiny_gguf(target, context_length=4096)
    else:
        target.write_bytes(content)
    save_settings(home, Settings(model=name, threads=1))
    return home


def test_extractive_selftest_reports_real_values(fake_embedder: HashingEmbedder) -> None:
    report = run_selftest(embedder=fake_embedder, use_model=False)
    assert report["ok"] is True and "error" not in report, report
    assert report["frozen"] is False
    assert report["collections"] == 3
    assert report["documents"] > 15 and report["chunks"] > report["documents"]
    assert report["embedder"] == "test-hashing-256"
    assert report["vectors"] == report["chunks"]
    assert report["hits"] == 5
    assert report["top_file"] == EXPECTED_FILE and report["top_file"] in DEMO_FILES
    assert report["top_title"] == "Arbeitszeit und Gleitzeit"
    assert report["answer_mode"] == "extractive" and report["model"] is None
    assert report["first_token_ms"] is None
    assert "Arbeitszeit und Gleitzeit" in report["answer"] and report["citations"] >= 1
    assert report["llama_cpu"]  # the llama.cpp libraries load even without a model
    assert report["import_s"] > 0 and report["search_ms"] > 0 and report["total_s"] > 0


def test_without_vectors_the_full_text_search_carries_it() -> None:
    report = run_selftest(embedder=None, use_model=False)
    assert report["ok"] is True, report
    assert report["embedder"] is None and report["vectors"] == 0
    assert report["top_file"] == EXPECTED_FILE


def test_an_embedder_that_does_not_load_is_a_warning_not_a_failure() -> None:
    report = run_selftest(embedder="gibt-es-nicht", use_model=False)
    assert report["ok"] is True, report
    assert report["embedder"] is None and report["vectors"] == 0
    assert any("ohne Vektorsuche" in warning for warning in report["warnings"])


def test_no_model_found_answers_extractively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "app_root", lambda: tmp_path / "program")  # no models/ beside it
    report = run_selftest(demo=DEMO, embedder=None, model_home=tmp_path / "empty")
    assert report["ok"] is True, report
    assert report["answer_mode"] == "extractive" and report["model"] is None
    assert "Kein Sprachmodell gefunden" in report["model_note"]
    assert str(tmp_path / "program" / "models") in report["model_note"]


def test_the_model_path_runs_through_llama_cpp(tmp_path: Path) -> None:
    home = _home_with_model(tmp_path, "tiny.gguf")
    report = run_selftest(embedder=HashingEmbedder(), model_home=home)
    assert report["ok"] is True, report
    assert report["answer_mode"] == "model" and report["model"].startswith("tiny.gguf")
    assert report["first_token_ms"] > 0 and report["answer_s"] > 0
    # random weights cite nothing: no answer of the model's own, flagged as a warning (the
    # sample question's terms are all in its best passage, so that passage is shown instead)
    assert report["abstained"] is False and report["pointed"] is True
    assert report["answer"].startswith("Das Sprachmodell hat keine belegte Antwort formuliert.")
    assert any("Keine belegte Antwort" in warning for warning in report["warnings"])


def test_a_named_embedder_brings_its_companion_as_in_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    embedders = {
        "haupt": HashingEmbedder(),
        "begleiter": HashingEmbedder(identity="test-companion-64", dim=64),
    }
    monkeypatch.setattr(selftest, "load_embedder", lambda name: embedders[name])
    monkeypatch.setitem(COMPANIONS, "haupt", "begleiter")
    report = run_selftest(embedder="haupt", use_model=False)
    assert report["ok"] is True, report
    assert report["companion"] == "test-companion-64"
    assert report["vectors"] == 2 * report["chunks"]
    assert report["top_file"] == EXPECTED_FILE


def test_a_companion_that_does_not_load_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def load(name: str) -> HashingEmbedder:
        if name == "begleiter":
            raise EmbedderUnavailable("nicht installiert")
        return HashingEmbedder()

    monkeypatch.setattr(selftest, "load_embedder", load)
    monkeypatch.setitem(COMPANIONS, "haupt", "begleiter")
    report = run_selftest(embedder="haupt", use_model=False)
    assert report["ok"] is True, report
    assert report["companion"] is None and report["vectors"] == report["chunks"]
    assert any("nur das erste" in warning for warning in report["warnings"])


def test_missing_demo_fails_with_a_german_reason(tmp_path: Path) -> None:
    report = run_selftest(demo=tmp_path / "fehlt", embedder=None, use_model=False)
    assert report["ok"] is False
    assert report["step"] == "Demo-Unterlagen"
    assert "Die Demo-Unterlagen wurden nicht gefunden" in report["error"]
    assert "documents" not in report


def test_a_file_that_fails_to_import_fails_the_selftest(tmp_path: Path) -> None:
    demo = tmp_path / "demo" / "IT"
    demo.mkdir(parents=True)
    (demo / "gut.md").write_text("# Drucker\n\nDer Drucker steht im Flur.\n", encoding="utf-8")
    (demo / "kaputt.pdf").write_bytes(b"%PDF-1.4 kein echtes PDF")
    report = run_selftest(demo=demo.parent, embedder=None, use_model=False)
    assert report["ok"] is False and report["step"] == "Import"
    assert report["error"].startswith("Import fehlgeschlagen: kaputt.pdf: ")
    assert report["documents"] == 1


def test_a_broken_model_fails_with_the_model_error(tmp_path: Path) -> None:
    home = _home_with_model(tmp_path, "kaputt.gguf", b"kein Modell")
    report = run_selftest(embedder=None, model_home=home)
    assert report["ok"] is False and report["step"] == "Sprachmodell"
    assert "keine lesbare GGUF-Modelldatei" in report["error"]
    assert report["top_file"] == EXPECTED_FILE  # the steps before it ran and are reported


@pytest.mark.model
def test_the_default_model_answers_in_the_selftest(tmp_path: Path) -> None:
    report = run_selftest(embedder=HashingEmbedder(), model_home=tmp_path / "home")
    if report.get("answer_mode") != "model":
        pytest.skip("kein Sprachmodell installiert (onboard models install-default)")
    assert report["ok"] is True, report
    assert report["model"].startswith(DEFAULT_MODEL.file_name)
    assert report["first_token_ms"] > 0 and report["answer"]
