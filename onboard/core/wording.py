"""German wording shared by the faces: a count with the right noun form, sizes with a comma."""

_UNITS = (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))


def counted(count: int, one: str, many: str) -> str:
    """'1 Dokument', '12 Dokumente' (one and many are the noun's two forms)."""
    return f"{count} {one if count == 1 else many}"


def documents_text(count: int, drafts: int = 0, *, dative: bool = False) -> str:
    """'12 Dokumente', 'mit 12 Dokumenten' (dative), and ', davon 2 Entwürfe' when some are
    drafts (which employees do not see)."""
    text = counted(count, "Dokument", "Dokumenten" if dative else "Dokumente")
    return f"{text}, davon {counted(drafts, 'Entwurf', 'Entwürfe')}" if drafts else text


def size_text(size_bytes: float) -> str:
    """A file size as Windows shows it (units of 1024) with a decimal comma: 1 GB, 3,3 MB,
    12 KB, 100 Bytes."""
    for unit, factor in _UNITS:
        if size_bytes >= factor:
            number = f"{size_bytes / factor:.1f}".replace(".", ",").removesuffix(",0")
            return f"{number} {unit}"
    return f"{int(size_bytes)} Bytes"
