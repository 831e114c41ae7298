"""German wording shared by the faces: a count with the right noun form, sizes with a comma."""

_UNITS = (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))


def counted(count: int, one: str, many: str) -> str:
    """'1 Dokument', '12 Dokumente' (one and many are the noun's two forms)."""
    return f"{count} {one if count == 1 else many}"


def size_text(size_bytes: float) -> str:
    """A file size as Windows shows it (units of 1024) with a decimal comma: 1 GB, 3,3 MB,
    12 KB, 100 Bytes."""
    for unit, factor in _UNITS:
        if size_bytes >= factor:
            number = f"{size_bytes / factor:.1f}".replace(".", ",").removesuffix(",0")
            return f"{number} {unit}"
    return f"{int(size_bytes)} Bytes"
