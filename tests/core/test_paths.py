"""Paths in a source checkout and in a PyInstaller one-folder bundle (dist/onboard/)."""

import sys
from pathlib import Path

import pytest

from onboard.core import paths

REPO = Path(__file__).resolve().parents[2]


def test_source_checkout_uses_the_repository() -> None:
    assert not paths.is_frozen()
    assert paths.app_root() == REPO
    assert (paths.demo_dir() / "Personalamt").is_dir()
    home = REPO / "some-home"
    assert paths.model_dirs(home) == [REPO / "models", home / "models"]


def test_one_folder_bundle_reads_assets_inside_and_models_beside_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "dist" / "onboard"  # PyInstaller 6: programs here, the rest in _internal
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "onboard"))
    home = tmp_path / "home"
    assert paths.is_frozen()
    assert paths.app_root() == bundle / "_internal"
    assert paths.demo_dir() == bundle / "_internal" / "assets" / "demo"
    assert paths.model_dirs(home) == [bundle / "models", home / "models"]
