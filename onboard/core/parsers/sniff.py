"""Recognizes what a file really is from its first bytes, whatever its name says."""

import zipfile
from dataclasses import dataclass
from io import BytesIO

from onboard.core.parsers.common import looks_binary

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF-"
_PDF_SEARCH_BYTES = 1024
_TEXT_SAMPLE_BYTES = 8192
_ODF_PREFIX = "application/vnd.oasis.opendocument."
_ODF_KINDS = {"text": "odt", "spreadsheet": "ods", "presentation": "odp"}
_IMAGE_MAGICS = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}
_OLE_STREAMS = {
    "EncryptedPackage": "ole-encrypted",
    "WordDocument": "doc",
    "Workbook": "xls",
    "PowerPoint Document": "ppt",
}


@dataclass(frozen=True)
class Sniffed:
    """What the content of a file is ("pdf", "docx", "text", …) and its unpacked size if zipped."""

    kind: str
    unpacked_bytes: int = 0


def sniff(data: bytes) -> Sniffed:
    """Return the kind of content in data, judged from magic bytes and container contents."""
    if _is_pdf(data):
        return Sniffed("pdf")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        return Sniffed(_sniff_ole(data))
    if data.startswith(b"{\\rtf"):
        return Sniffed("rtf")
    for magic, kind in _IMAGE_MAGICS.items():
        if data.startswith(magic):
            return Sniffed(kind)
    return Sniffed(_sniff_text(data[:_TEXT_SAMPLE_BYTES]))


def _is_pdf(data: bytes) -> bool:
    """A PDF header at the start, or within the first KB behind binary junk (as readers allow)."""
    position = data.find(_PDF_MAGIC, 0, _PDF_SEARCH_BYTES)
    if position < 0:
        return False
    prefix = data[:position]
    return not prefix.strip() or b"\x00" in prefix or looks_binary(prefix.decode("latin-1"))


def _sniff_ole(data: bytes) -> str:
    for stream, kind in _OLE_STREAMS.items():
        if stream.encode("utf-16-le") in data:
            return kind
    return "ole"


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            kind = _zip_kind(archive, names)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return Sniffed("zip-broken")
    return Sniffed(kind, unpacked)


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" not in names:
        return "zip"
    mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
    if not mimetype.startswith(_ODF_PREFIX):
        return "zip"
    kind = _ODF_KINDS.get(mimetype.removeprefix(_ODF_PREFIX).removesuffix("-template"), "odf")
    if kind == "odt" and _odf_encrypted(archive, names):
        return "odt-encrypted"
    return kind


def _odf_encrypted(archive: zipfile.ZipFile, names: set[str]) -> bool:
    manifest = "META-INF/manifest.xml"
    return manifest in names and b"encryption-data" in archive.read(manifest)


def _sniff_text(sample: bytes) -> str:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in sample or looks_binary(sample.decode("latin-1")):
        return "binary"
    head = sample[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    return "text"
