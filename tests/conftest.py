"""Shared fixtures: an isolated home for every test, the shared benchmark data, a fake embedder."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.fakes import HashingEmbedder

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real data folder: ONBOARD_HOME points into tmp; no IT config."""
    home = tmp_path / "onboard-home"
    monkeypatch.setenv("ONBOARD_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # No stray onboard.ini (beside the program, /etc/xdg) leaks into a test.
    monkeypatch.setenv("ONBOARD_IT_CONFIG", str(tmp_path / "keine-it-konfiguration.ini"))
    return home


@pytest.fixture(autouse=True)
def normal_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands that import run in the test process: it keeps its priority (the lowering
    itself is tested in fresh processes, tests/core/test_priority.py)."""
    import onboard.cli

    monkeypatch.setattr(onboard.cli, "give_way_to_interactive_work", lambda: None)


@pytest.fixture
def it_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Put an onboard.ini with the given [onboard] lines in effect for this test."""

    def write(lines: str) -> Path:
        ini = tmp_path / "it" / "onboard.ini"
        ini.parent.mkdir(parents=True, exist_ok=True)
        ini.write_text(f"[onboard]\n{lines}", encoding="utf-8")
        monkeypatch.setenv("ONBOARD_IT_CONFIG", str(ini))
        return ini

    return write


@pytest.fixture
def shared() -> Path:
    """../shared, or skip with a clear message where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared fehlt: Tests mit echten Dokumenten werden übersprungen")
    return SHARED


@pytest.fixture
def bad_boll(shared: Path) -> Path:
    """The real municipal documents in MD/PDF/DOCX/ODT/HTML."""
    folder = shared / "docs" / "bad_boll"
    if not folder.is_dir():
        pytest.skip("../shared/docs/bad_boll fehlt")
    return folder


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    """A deterministic bag-of-words embedder for fast unit tests."""
    return HashingEmbedder()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/gui is marked gui."""
    for item in items:
        if "tests/gui/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)
