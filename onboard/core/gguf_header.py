"""Reading the key-value header of a GGUF file quickly (arrays skipped, not built)."""

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf


@dataclass(frozen=True)
class GgufMetadata:
    """The few GGUF key-value fields Onboard shows."""

    architecture: str
    context_length: int
    file_type: int | None
    has_chat_template: bool


_VT = gguf.GGUFValueType
_SCALAR_FORMATS: dict[gguf.GGUFValueType, str] = {
    _VT.UINT8: "B",
    _VT.INT8: "b",
    _VT.UINT16: "H",
    _VT.INT16: "h",
    _VT.UINT32: "I",
    _VT.INT32: "i",
    _VT.FLOAT32: "f",
    _VT.BOOL: "?",
    _VT.UINT64: "Q",
    _VT.INT64: "q",
    _VT.FLOAT64: "d",
}
_GGUF_VERSIONS = (2, 3)


class HeaderReader:
    """Walks the key-value section of a GGUF file: scalars and strings are read, arrays (the
    vocabulary: 150,000 tokens and merges) only skipped. gguf.GGUFReader builds numpy views
    of every token and takes about 10 s for the default model; this takes a fraction."""

    def __init__(self, data: mmap.mmap) -> None:
        """Start at the beginning, little-endian until the version says otherwise."""
        self.data = data
        self.pos = 0
        self.order = "<"

    def unpack(self, fmt: str) -> Any:
        """One value of a struct format at the cursor."""
        (value,) = struct.unpack_from(self.order + fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return value

    def count(self, min_size: int) -> int:
        """A u64 count of items of at least min_size bytes that must fit into the rest."""
        count = int(self.unpack("Q"))
        if count * min_size > len(self.data) - self.pos:
            raise ValueError("GGUF: Anzahl passt nicht zur Dateigröße")
        return count

    def string(self) -> str:
        """A u64-length-prefixed UTF-8 string."""
        length = self.count(1)
        raw = self.data[self.pos : self.pos + length]
        self.pos += length
        return raw.decode("utf-8")

    def value(self, kind: int) -> Any:
        """A value of a GGUF type; None for a skipped array."""
        value_type = gguf.GGUFValueType(kind)
        if value_type == _VT.STRING:
            return self.string()
        if value_type == _VT.ARRAY:
            self.skip_array()
            return None
        return self.unpack(_SCALAR_FORMATS[value_type])

    def skip_array(self) -> None:
        """Move past an array without building its items."""
        item_type = gguf.GGUFValueType(self.unpack("I"))
        fmt = _SCALAR_FORMATS.get(item_type)
        if fmt is not None:
            size = struct.calcsize(fmt)
            count = self.count(size)  # moves the cursor: not inline in `self.pos += …`
            self.pos += count * size
            return
        count = self.count(8)
        if item_type == _VT.STRING:
            self.skip_strings(count)
            return
        for _ in range(count):
            self.value(item_type)

    def skip_strings(self, count: int) -> None:
        """Move past count strings, reading only their lengths (the hot loop for a vocabulary)."""
        length_at = struct.Struct(self.order + "Q").unpack_from
        pos = self.pos
        for _ in range(count):
            pos += 8 + length_at(self.data, pos)[0]
        if pos > len(self.data):
            raise ValueError("GGUF: Zeichenkette über das Dateiende hinaus")
        self.pos = pos

    def fields(self) -> dict[str, Any]:
        """All key-value fields (arrays as None); ValueError for anything but GGUF v2/v3."""
        if self.unpack("I") != gguf.GGUF_MAGIC:
            raise ValueError("keine GGUF-Datei")
        version = int(self.unpack("I"))
        if version & 0xFFFF == 0:  # written on a machine of the other byte order
            self.order = ">"
            version = int.from_bytes(version.to_bytes(4, "little"), "big")
        if version not in _GGUF_VERSIONS:
            raise ValueError("nicht unterstützte GGUF-Version")
        self.unpack("Q")  # tensor count
        fields: dict[str, Any] = {}
        for _ in range(self.count(12)):
            key = self.string()
            fields[key] = self.value(self.unpack("I"))
        return fields


def _as_int(value: Any) -> int | None:
    """An integer field's value (a bool is none)."""
    return value if type(value) is int else None


def read_metadata(path: Path) -> GgufMetadata:
    """Read the key-value header through a memory map that is closed on return."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        fields = HeaderReader(data).fields()
    architecture = fields.get("general.architecture")
    architecture = architecture if isinstance(architecture, str) else ""
    return GgufMetadata(
        architecture=architecture,
        context_length=_as_int(fields.get(f"{architecture}.context_length")) or 0,
        file_type=_as_int(fields.get("general.file_type")),
        has_chat_template="tokenizer.chat_template" in fields,
    )
