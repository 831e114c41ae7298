"""IT configuration onboard.ini: lookup order, parsing, warnings, data folder, settings."""

import os
import sys
from pathlib import Path

import pytest

from onboard.core import itconfig, paths
from onboard.core.itconfig import (
    IT_CONFIG_ENV,
    ITConfig,
    candidates,
    editor_available,
    load_it_config,
    parse_it_config,
)
from onboard.core.settings import Settings, effective_settings, load_settings, save_settings

EXAMPLE = """\
; Onboard – zentrale Einstellungen
[onboard]
wissensdatenbank = {home}
modell = qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
threads = 4
redaktion = nein
schreibgeschuetzt = ja
"""


def write_ini(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """An onboard.ini with this text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def no_explicit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    """No $ONBOARD_IT_CONFIG; program folder and system folder point into tmp."""
    monkeypatch.delenv(IT_CONFIG_ENV)
    program = tmp_path / "programm"
    system = tmp_path / "system"
    monkeypatch.setattr(paths, "app_root", lambda: program)
    monkeypatch.setattr(
        itconfig.platformdirs, "site_config_dir", lambda name, **_: str(system / name)
    )
    return {"program": program / "onboard.ini", "system": system / "Onboard" / "onboard.ini"}


def test_the_autouse_fixture_keeps_stray_files_out() -> None:
    """Tests run with an explicit, missing file: nothing is fixed, the app starts normally."""
    config = load_it_config()
    assert config.source is None and config.fixed == frozenset()
    assert config.editor_enabled and not config.read_only
    assert config.warnings and "fehlt" in config.warnings[0]


def test_full_example_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ini = write_ini(tmp_path / "onboard.ini", EXAMPLE.format(home=tmp_path / "kb"))
    monkeypatch.setenv(IT_CONFIG_ENV, str(ini))
    config = load_it_config()
    assert config == ITConfig(
        source=ini,
        home=tmp_path / "kb",
        model="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        threads=4,
        editor_enabled=False,
        read_only=True,
        fixed=frozenset({"home", "model", "threads", "editor_enabled", "read_only"}),
    )
    assert config.warnings == ()


def test_lookup_order_program_folder_before_system(no_explicit: dict[str, Path]) -> None:
    write_ini(no_explicit["system"], "[onboard]\nthreads = 2\n")
    assert load_it_config().source == no_explicit["system"]
    write_ini(no_explicit["program"], "[onboard]\nthreads = 3\n")
    config = load_it_config()
    assert (config.source, config.threads) == (no_explicit["program"], 3)
    assert candidates() == [no_explicit["program"], no_explicit["system"]]


def test_explicit_file_wins_and_stands_alone(
    no_explicit: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ini(no_explicit["program"], "[onboard]\nthreads = 3\n")
    explicit = write_ini(tmp_path / "test.ini", "[onboard]\nthreads = 7\n")
    monkeypatch.setenv(IT_CONFIG_ENV, str(explicit))
    assert load_it_config().threads == 7
    monkeypatch.setenv(IT_CONFIG_ENV, str(tmp_path / "fehlt.ini"))
    assert load_it_config().source is None  # never falls through to the program folder


def test_frozen_build_looks_beside_the_executable(
    no_explicit: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bundle" / "Onboard.exe"))
    assert candidates()[0] == tmp_path / "bundle" / "onboard.ini"


def test_no_file_anywhere_is_an_empty_configuration(no_explicit: dict[str, Path]) -> None:
    assert load_it_config() == ITConfig()


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ("threads = 0", "threads", 0),
        ("threads = automatisch", "threads", 0),
        ("threads = 12", "threads", 12),
        ("threads = 3   ; Kommentar der IT", "threads", 3),
        ("redaktion = JA", "editor_enabled", True),
        ("redaktion = Nein", "editor_enabled", False),
        ("schreibgeschützt = ja", "read_only", True),
        ("Schreibgeschuetzt = 1", "read_only", True),
        ("modell = /opt/modelle/eigen.gguf", "model", "/opt/modelle/eigen.gguf"),
    ],
)
def test_values(tmp_path: Path, line: str, field: str, expected: object) -> None:
    config = parse_it_config(write_ini(tmp_path / "onboard.ini", f"[onboard]\n{line}\n"))
    assert getattr(config, field) == expected
    assert config.fixed == {field} and config.warnings == ()


def test_relative_paths_are_relative_to_the_ini_folder(tmp_path: Path) -> None:
    text = "[onboard]\nwissensdatenbank = daten\nmodell = modelle/eigen.gguf\n"
    config = parse_it_config(write_ini(tmp_path / "it" / "onboard.ini", text))
    assert config.home == tmp_path / "it" / "daten"
    assert config.model == str(tmp_path / "it" / "modelle" / "eigen.gguf")


def test_environment_variables_are_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONBOARD_TEST_SHARE", str(tmp_path / "share"))
    text = "[onboard]\nwissensdatenbank = $ONBOARD_TEST_SHARE/kb\n"
    config = parse_it_config(write_ini(tmp_path / "onboard.ini", text))
    assert config.home == tmp_path / "share" / "kb"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("threads = vier", ["vier", "threads", "ganze Zahl"]),
        ("threads = -2", ["-2", "threads"]),
        ("redaktion = jein", ["jein", "redaktion", "ja oder nein"]),
        ("schreibgeschuetzt = jaa", ["jaa", "schreibgeschuetzt", "ja oder nein"]),
        ("farbe = blau", ["Unbekannter Eintrag", "farbe"]),
    ],
)
def test_bad_values_are_ignored_with_a_german_warning(
    tmp_path: Path, line: str, words: list[str]
) -> None:
    text = f"[onboard]\nmodell = gut.gguf\n{line}\n"
    config = parse_it_config(write_ini(tmp_path / "onboard.ini", text))
    assert config.model == "gut.gguf" and config.fixed == {"model"}  # the rest still applies
    assert config.editor_enabled and not config.read_only and config.threads is None
    assert len(config.warnings) == 1
    assert all(word in config.warnings[0] for word in words), config.warnings


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("wissensdatenbank = /x\n", ["fehlerhaft"]),
        ("[andere]\nthreads = 2\n", ["Abschnitt [onboard]"]),
        ("[onboard]\nthreads\n", ["fehlerhaft"]),
    ],
)
def test_broken_files_warn_and_fix_nothing(tmp_path: Path, text: str, words: list[str]) -> None:
    config = parse_it_config(write_ini(tmp_path / "onboard.ini", text))
    assert config.fixed == frozenset() and config.source == tmp_path / "onboard.ini"
    assert len(config.warnings) == 1 and all(w in config.warnings[0] for w in words)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root liest jede Datei")
def test_unreadable_file_warns(tmp_path: Path) -> None:  # pragma: no cover - not as root
    ini = write_ini(tmp_path / "onboard.ini", "[onboard]\nthreads = 2\n")
    ini.chmod(0)
    config = parse_it_config(ini)
    assert config.fixed == frozenset() and "kann nicht gelesen werden" in config.warnings[0]


def test_unreadable_file_warns_whoever_runs_the_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = write_ini(tmp_path / "onboard.ini", "[onboard]\nthreads = 2\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Keine Berechtigung", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    config = parse_it_config(ini)
    assert config.fixed == frozenset() and config.threads is None
    assert "kann nicht gelesen werden" in config.warnings[0]


def test_windows_notepad_files_bom_and_ansi(tmp_path: Path) -> None:
    text = "[onboard]\nwissensdatenbank = /daten/Bürgerbüro\nthreads = 2\n"
    bom = parse_it_config(write_ini(tmp_path / "a.ini", text, encoding="utf-8-sig"))
    ansi = parse_it_config(write_ini(tmp_path / "b.ini", text, encoding="cp1252"))
    for config in (bom, ansi):
        assert config.home == Path("/daten/Bürgerbüro") and config.threads == 2
        assert config.warnings == ()


def test_empty_values_fix_nothing(tmp_path: Path) -> None:
    config = parse_it_config(write_ini(tmp_path / "onboard.ini", "[onboard]\nmodell =\n"))
    assert config.fixed == frozenset() and config.warnings == ()


# --- the data folder ----------------------------------------------------------------------


def test_resolve_home_precedence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    """--home > IT's wissensdatenbank > $ONBOARD_HOME > the platform's data folder."""
    it_home = tmp_path / "it-share" / "wissen"
    ini = write_ini(tmp_path / "onboard.ini", f"[onboard]\nwissensdatenbank = {it_home}\n")
    assert paths.resolve_home() == isolated_home.resolve()  # no IT file: $ONBOARD_HOME
    monkeypatch.setenv(IT_CONFIG_ENV, str(ini))
    assert paths.resolve_home() == it_home.resolve() and it_home.is_dir()
    assert paths.resolve_home(tmp_path / "admin") == (tmp_path / "admin").resolve()
    monkeypatch.delenv("ONBOARD_HOME")
    assert paths.resolve_home() == it_home.resolve()
    monkeypatch.setenv(IT_CONFIG_ENV, str(tmp_path / "fehlt.ini"))
    default = Path(tmp_path / "xdg-data" / "Onboard").resolve()
    assert paths.resolve_home() == default


def test_a_bad_value_does_not_move_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    ini = write_ini(tmp_path / "onboard.ini", "[onboard]\nthreads = viele\n")
    monkeypatch.setenv(IT_CONFIG_ENV, str(ini))
    assert paths.resolve_home() == isolated_home.resolve()
    assert paths.it_home() is None


# --- settings -----------------------------------------------------------------------------


def test_effective_settings_apply_it_values_over_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    save_settings(home, Settings(model="eigen.gguf", threads=1, embedder="use"))
    assert effective_settings(home) == (load_settings(home), frozenset())
    ini = write_ini(tmp_path / "onboard.ini", "[onboard]\nmodell = it.gguf\nthreads = 6\n")
    monkeypatch.setenv(IT_CONFIG_ENV, str(ini))
    settings, fixed = effective_settings(home)
    assert settings == Settings(model="it.gguf", threads=6, embedder="use")
    assert fixed == {"model", "threads"}
    assert load_settings(home).model == "eigen.gguf"  # the user's choice is kept on disk


def test_effective_settings_fix_only_what_the_file_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    save_settings(home, Settings(model="eigen.gguf", threads=1))
    ini = write_ini(tmp_path / "onboard.ini", "[onboard]\nthreads = 0\nredaktion = nein\n")
    monkeypatch.setenv(IT_CONFIG_ENV, str(ini))
    settings, fixed = effective_settings(home)
    assert (settings.model, settings.threads, fixed) == ("eigen.gguf", 0, {"threads"})


def test_runtime_opens_the_model_it_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """open_chat_model looks for IT's model (here: missing, so no model) over the user's."""
    from onboard.core import runtime

    home = tmp_path / "home"
    save_settings(home, Settings(model="eigen.gguf"))
    wanted: list[str | None] = []
    monkeypatch.setattr(runtime, "find_model", lambda name, dirs: wanted.append(name))
    ini = write_ini(tmp_path / "onboard.ini", "[onboard]\nmodell = it.gguf\n")
    monkeypatch.setenv(IT_CONFIG_ENV, str(ini))
    assert runtime.open_chat_model(home) is None
    assert runtime.open_chat_model(home, choice="befehlszeile.gguf") is None
    assert wanted == ["it.gguf", "befehlszeile.gguf"]


# --- the editor ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("editor", "it_read_only", "kb_read_only", "available"),
    [
        (True, False, False, True),
        (False, False, False, False),
        (True, True, False, False),
        (True, False, True, False),
    ],
)
def test_editor_available(
    editor: bool, it_read_only: bool, kb_read_only: bool, available: bool
) -> None:
    config = ITConfig(editor_enabled=editor, read_only=it_read_only)
    assert editor_available(config, kb_read_only) is available
