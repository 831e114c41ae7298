"""`onboard --selftest` as IT runs it: one JSON line on stdout, exit code 0 or 1."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from onboard.core.settings import Settings, save_settings

START = "import sys; from onboard.cli import main; sys.exit(main())"


def _selftest(*options: str) -> tuple[int, list[str], dict[str, Any]]:
    """Run the command in a fresh process; exit code, stdout lines, the parsed JSON line."""
    done = subprocess.run(
        [sys.executable, "-c", START, *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    lines = done.stdout.splitlines()
    return done.returncode, lines, json.loads(lines[0]) if lines else {}


def test_selftest_prints_one_json_line_and_exits_0(isolated_home: Path) -> None:
    code, lines, report = _selftest("--embedder", "none", "--selftest", "--selftest-no-model")
    assert code == 0 and len(lines) == 1, lines
    assert next(iter(report)) == "ok" and report["ok"] is True
    assert report["documents"] > 15 and report["top_title"] == "Arbeitszeit und Gleitzeit"
    assert report["answer_mode"] == "extractive" and report["answer"]
    assert report["model_note"].startswith("Sprachmodell abgeschaltet")
    assert not isolated_home.exists()  # the demo went into a temporary folder, not the home


def test_selftest_failure_is_one_json_line_with_a_german_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / "kaputt.gguf").write_bytes(b"kein Modell")
    save_settings(home, Settings(model="kaputt.gguf"))
    code, lines, report = _selftest("--home", str(home), "--embedder", "none", "--selftest")
    assert code == 1 and len(lines) == 1, lines
    assert list(report)[:2] == ["ok", "error"] and report["ok"] is False
    assert "Sprachmodell" in report["error"] and "keine lesbare GGUF-Modelldatei" in report["error"]
