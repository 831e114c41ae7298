"""onboard it-config and how the CLI follows IT's onboard.ini (data folder, model)."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from onboard.cli import main
from onboard.core import itconfig, paths
from onboard.core.settings import Settings, load_settings, save_settings


def _page(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kantine.md").write_text(
        "# Kantine\n\nDie Kantine im Haus B öffnet werktags von 11:30 bis 14:00 Uhr.\n",
        encoding="utf-8",
    )
    return folder


def test_without_a_file_the_lookup_order_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ONBOARD_IT_CONFIG")
    monkeypatch.setattr(paths, "app_root", lambda: tmp_path / "programm")
    monkeypatch.setattr(
        itconfig.platformdirs, "site_config_dir", lambda name, **_: str(tmp_path / "etc" / name)
    )
    assert main(["it-config"]) == 0
    out = capsys.readouterr().out
    assert "Keine IT-Konfiguration gefunden" in out
    assert f"1. {tmp_path / 'programm' / 'onboard.ini'}" in out
    assert f"2. {tmp_path / 'etc' / 'Onboard' / 'onboard.ini'}" in out


def test_the_effective_configuration_as_german_text(
    it_config: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ini = it_config("threads = 4\nschreibgeschuetzt = ja\nredaktion = jein\n")
    assert main(["it-config"]) == 0
    out = capsys.readouterr().out
    assert f"IT-Konfiguration: {ini}" in out
    lines = {line.split(":")[0]: line for line in out.splitlines() if ":" in line}
    assert lines["Rechenkerne"].split()[-1] == "4"
    assert lines["Schreibgeschützt"].split()[-1] == "ja"
    assert "nicht festgelegt" in lines["Sprachmodell"]
    assert "nicht festgelegt" in lines["Redaktion"]
    assert "Warnungen:" in out and "„jein“" in out and "ja oder nein" in out


def test_the_effective_configuration_as_json(
    it_config: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ini = it_config(
        f"wissensdatenbank = {tmp_path / 'kb'}\nmodell = haus.gguf\nredaktion = nein\n"
        "threads = x\n",
    )
    assert main(["it-config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == str(ini) and data["searched"] == [str(ini)]
    assert data["values"] == {
        "wissensdatenbank": str(tmp_path / "kb"),
        "modell": "haus.gguf",
        "threads": None,
        "redaktion": False,
        "schreibgeschuetzt": False,
    }
    assert data["fixed"] == ["modell", "redaktion", "wissensdatenbank"]
    assert len(data["warnings"]) == 1 and "threads" in data["warnings"][0]


def test_commands_use_the_it_data_folder_unless_home_is_given(
    it_config: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    isolated_home: Path,
) -> None:
    it_home = tmp_path / "netzlaufwerk" / "wissen"
    it_config(f"wissensdatenbank = {it_home}\n")
    folder = _page(tmp_path / "docs")
    assert main(["--embedder", "none", "ingest", str(folder)]) == 0
    assert (it_home / "onboard.db").is_file()
    assert not (isolated_home / "onboard.db").exists()  # $ONBOARD_HOME lost to IT
    admin = tmp_path / "admin"
    assert main(["--home", str(admin), "--embedder", "none", "ingest", str(folder)]) == 0
    assert (admin / "onboard.db").is_file()


def test_models_use_refuses_a_model_fixed_by_it(
    it_config: Callable[[str], Path], capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    save_settings(isolated_home, Settings(model="eigen.gguf"))
    ini = it_config("modell = haus.gguf\n")
    assert main(["models", "use", "anderes.gguf"]) == 1
    err = capsys.readouterr().err
    assert "von der IT festgelegt" in err and str(ini) in err
    assert load_settings(isolated_home).model == "eigen.gguf"


def _snapshot(home: Path) -> dict[str, bytes]:
    """Every file in the data folder with its content (SQLite's own -shm/-wal files aside:
    opening a WAL database creates them, even read-only, where the folder allows it)."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in home.rglob("*")
        if p.is_file() and not p.name.endswith(("-shm", "-wal"))
    }


def test_ingest_into_a_read_only_knowledge_base_is_refused_and_changes_nothing(
    it_config: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    isolated_home: Path,
) -> None:
    """schreibgeschuetzt = ja: onboard ingest exits 1 with the German message; reading works."""
    folder = _page(tmp_path / "docs")
    assert main(["--embedder", "none", "ingest", str(folder)]) == 0
    (folder / "parken.md").write_text("# Parken\n\nHinter Haus C.\n", encoding="utf-8")
    it_config("schreibgeschuetzt = ja\n")
    capsys.readouterr()
    before = _snapshot(isolated_home)
    assert main(["--embedder", "none", "ingest", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "Fehler: Diese Wissensdatenbank ist schreibgeschützt" in captured.err
    assert "Traceback" not in captured.err
    assert main(["--embedder", "none", "sync"]) == 1
    assert "schreibgeschützt" in capsys.readouterr().err
    assert main(["--home", str(isolated_home), "--embedder", "none", "remove", "1"]) == 1
    assert "schreibgeschützt" in capsys.readouterr().err
    for command in (["backup"], ["restore"], ["embed"], ["models", "use", ""]):
        assert main(["--embedder", "none", *command]) == 1, command
        assert "Fehler: Diese Wissensdatenbank ist schreibgeschützt" in capsys.readouterr().err
    assert _snapshot(isolated_home) == before
    assert main(["--embedder", "none", "docs", "--json"]) == 0
    assert [d["title"] for d in json.loads(capsys.readouterr().out)] == ["Kantine"]
    assert (
        main(["--embedder", "none", "ask", "Wann öffnet die Kantine?", "--json", "--no-model"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["sources"]
    assert main(["--embedder", "none", "it-config"]) == 0
    assert "Schreibgeschützt:" in capsys.readouterr().out


def test_a_read_only_it_home_that_does_not_exist_is_reported_in_german(
    it_config: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    it_config(
        f"wissensdatenbank = {tmp_path / 'leer'}\nschreibgeschuetzt = ja\n",
    )
    assert main(["--embedder", "none", "ingest", str(_page(tmp_path / "docs"))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: ") and "Traceback" not in err
    assert not (tmp_path / "leer" / "onboard.db").exists()
