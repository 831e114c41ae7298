"""Document parsers: turn an imported file into a ParsedDocument or a German ImportProblem."""

from collections.abc import Callable
from pathlib import Path

from onboard.core.documents import ImportProblem, ParsedDocument
from onboard.core.parsers.common import quoted
from onboard.core.parsers.html import parse_html
from onboard.core.parsers.markdown import parse_markdown
from onboard.core.parsers.opendocument import parse_odt
from onboard.core.parsers.pdf import parse_pdf
from onboard.core.parsers.plaintext import parse_text
from onboard.core.parsers.sniff import Sniffed, sniff
from onboard.core.parsers.word import parse_docx
from onboard.core.wording import size_text

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "parse_file"]

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
}
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
_MAX_UNPACK_FACTOR = 10  # a DOCX/ODT may unpack to at most this multiple of max_bytes

Parser = Callable[[bytes, Path], ParsedDocument]
_PARSERS: dict[str, Parser] = {
    "markdown": parse_markdown,
    "text": parse_text,
    "html": parse_html,
    "pdf": parse_pdf,
    "docx": parse_docx,
    "odt": parse_odt,
}
_SUPPORTED_LIST = (
    "Markdown (.md, .markdown), Text (.txt), HTML (.html, .htm), PDF (.pdf), "
    "Word (.docx) und OpenDocument-Text (.odt)"
)
_TEXT_KINDS = frozenset({"text", "html", "binary"})
_PLAIN = ("markdown", "text")  # formats whose files may really be web pages
# What a file really is, as the end of a sentence "…, ist aber …", and its proper suffix.
_KIND_LABELS: dict[str, tuple[str, str | None]] = {
    "pdf": ("eine PDF-Datei", ".pdf"),
    "docx": ("ein Word-Dokument (DOCX)", ".docx"),
    "odt": ("ein OpenDocument-Text (ODT)", ".odt"),
    "text": ("eine Textdatei", ".txt"),
    "html": ("eine HTML-Seite", ".html"),
    "doc": ("ein Dokument im alten Word-Format (.doc)", None),
    "rtf": ("ein RTF-Dokument", None),
    "xls": ("eine Tabelle im alten Excel-Format (.xls)", None),
    "xlsx": ("eine Excel-Tabelle (XLSX)", None),
    "ppt": ("eine Präsentation im alten PowerPoint-Format (.ppt)", None),
    "pptx": ("eine PowerPoint-Präsentation (PPTX)", None),
    "ods": ("eine OpenDocument-Tabelle (ODS)", None),
    "odp": ("eine OpenDocument-Präsentation (ODP)", None),
    "odf": ("ein OpenDocument-Dokument, aber kein Textdokument", None),
    "ole": ("ein Dokument in einem alten Microsoft-Office-Format", None),
    "zip": ("ein ZIP-Archiv", None),
    "png": ("ein Bild (PNG)", None),
    "jpeg": ("ein Bild (JPEG)", None),
    "gif": ("ein Bild (GIF)", None),
    "tiff": ("ein Bild (TIFF)", None),
}
_SAVE_AS_DOCX = "Bitte öffnen Sie sie in Word oder LibreOffice und speichern Sie sie als DOCX."
_KIND_ADVICE = {
    "doc": _SAVE_AS_DOCX,
    "rtf": _SAVE_AS_DOCX,
    "ole": _SAVE_AS_DOCX,
    "zip": "Bitte entpacken Sie das Archiv und importieren Sie die enthaltenen Dateien einzeln.",
    "png": "Bilder enthalten keinen durchsuchbaren Text.",
    "jpeg": "Bilder enthalten keinen durchsuchbaren Text.",
    "gif": "Bilder enthalten keinen durchsuchbaren Text.",
    "tiff": "Bilder enthalten keinen durchsuchbaren Text.",
}
_SUFFIX_HINTS = {
    ".doc": " Dateien im alten Word-Format (.doc) bitte in Word oder LibreOffice als DOCX "
    "speichern.",
    ".rtf": " RTF-Dateien bitte in Word oder LibreOffice als DOCX speichern.",
    ".odm": " Bitte speichern Sie das Dokument in LibreOffice als ODT.",
}
_CORRUPT = {
    "pdf": "ist beschädigt oder keine gültige PDF-Datei. Bitte öffnen Sie sie in einem "
    "PDF-Programm, speichern Sie sie erneut und importieren Sie sie noch einmal.",
    "docx": "ist beschädigt oder kein gültiges Word-Dokument (DOCX). Bitte öffnen Sie sie in "
    "Word oder LibreOffice und speichern Sie sie erneut als DOCX.",
    "odt": "ist beschädigt oder kein gültiger OpenDocument-Text (ODT). Bitte öffnen Sie sie in "
    "LibreOffice und speichern Sie sie erneut als ODT.",
}
_CORRUPT_TEXT = "konnte nicht gelesen werden; ihr Inhalt ist fehlerhaft."


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Parse a supported file; raise ImportProblem with a German message if it cannot be read."""
    document_format = format_for(path)
    data = _read(path, max_bytes=max_bytes)
    _check_content(path, document_format, sniff(data), max_bytes=max_bytes)
    read_as = "html" if document_format in _PLAIN and _is_web_page(data) else document_format
    try:
        document = _PARSERS[read_as](data, path)
    except ImportProblem:
        raise
    except Exception as exc:  # any library error on bad input becomes an import problem
        raise corrupt_problem(path, document_format) from exc
    if read_as != document_format:  # a web page saved as .md or .txt
        document.warnings.append(
            f"Die Datei endet auf {path.suffix.lower()}, ist aber eine Webseite (HTML); sie "
            "wurde als Webseite gelesen."
        )
    if not document.sections:
        raise ImportProblem(
            f"Die Datei {quoted(path)} enthält keinen Text, der importiert werden kann."
        )
    return document


def _is_web_page(data: bytes) -> bool:
    """Whether a file starts like an HTML page (a page saved from the browser under .md)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def format_for(path: Path) -> str:
    """Return the document format for the file's suffix, or raise ImportProblem if unsupported."""
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    if not suffix:
        raise ImportProblem(
            f"Die Datei {quoted(path)} hat keine Dateiendung, ihr Format ist daher unbekannt. "
            f"Unterstützt werden: {_SUPPORTED_LIST}."
        )
    raise ImportProblem(
        f"Das Dateiformat „{suffix}“ wird nicht unterstützt. Unterstützt werden: "
        f"{_SUPPORTED_LIST}.{_SUFFIX_HINTS.get(suffix, '')}"
    )


def corrupt_problem(path: Path, document_format: str) -> ImportProblem:
    """Return the problem for a damaged file of the given format."""
    return ImportProblem(f"Die Datei {quoted(path)} {_CORRUPT.get(document_format, _CORRUPT_TEXT)}")


def _read(path: Path, *, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportProblem(f"{quoted(path)} ist ein Ordner und keine Datei.")
        _check_size(path, size, max_bytes)
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ImportProblem(f"Die Datei {quoted(path)} wurde nicht gefunden.") from exc
    except PermissionError as exc:
        raise ImportProblem(f"Keine Berechtigung, die Datei {quoted(path)} zu lesen.") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ImportProblem(
            f"Die Datei {quoted(path)} konnte nicht gelesen werden ({reason})."
        ) from exc
    _check_size(path, len(data), max_bytes)
    return data


def _check_size(path: Path, size: int, max_bytes: int) -> None:
    if size == 0:
        raise ImportProblem(f"Die Datei {quoted(path)} ist leer (0 Bytes).")
    if size > max_bytes:
        raise ImportProblem(
            f"Die Datei {quoted(path)} ist zu groß: {size_text(size)}; erlaubt sind höchstens "
            f"{size_text(max_bytes)}. Bitte teilen Sie sie auf oder verkleinern Sie sie."
        )


def _check_content(path: Path, document_format: str, sniffed: Sniffed, *, max_bytes: int) -> None:
    """Refuse encrypted containers, mislabeled files and files that cannot be of their format."""
    kind = sniffed.kind
    if kind in ("ole-encrypted", "odt-encrypted"):
        raise ImportProblem(
            f"Die Datei {quoted(path)} ist passwortgeschützt (verschlüsselt) und kann nicht "
            "gelesen werden. Bitte speichern Sie eine Fassung ohne Kennwort und importieren Sie "
            "diese."
        )
    if kind == document_format or (document_format not in _CORRUPT and kind in _TEXT_KINDS):
        _check_unpacked(path, sniffed, max_bytes=max_bytes)
        return
    damaged_container = kind == "zip" and document_format in ("docx", "odt")
    if kind in _KIND_LABELS and not damaged_container:
        raise _mislabeled(path, kind)
    raise corrupt_problem(path, document_format)


def _mislabeled(path: Path, kind: str) -> ImportProblem:
    label, suffix = _KIND_LABELS[kind]
    if suffix is not None:
        advice = (
            f"Bitte benennen Sie sie in „{path.stem}{suffix}“ um und importieren Sie sie erneut."
        )
    else:
        advice = _KIND_ADVICE.get(kind, "Dieses Format wird nicht unterstützt.")
    ending = path.suffix.lower()
    return ImportProblem(f"Die Datei {quoted(path)} endet auf {ending}, ist aber {label}. {advice}")


def _check_unpacked(path: Path, sniffed: Sniffed, *, max_bytes: int) -> None:
    limit = _MAX_UNPACK_FACTOR * max_bytes
    if sniffed.unpacked_bytes > limit:
        raise ImportProblem(
            f"Die Datei {quoted(path)} wäre entpackt {size_text(sniffed.unpacked_bytes)} groß; "
            f"erlaubt sind höchstens {size_text(limit)}. Die Datei ist vermutlich beschädigt."
        )
