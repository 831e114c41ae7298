"""Measure saving a page in a large knowledge base: only that page is re-indexed and embedded.

Usage: .venv/bin/python scripts/measure_page_save.py KNOWLEDGE_BASE_HOME [--no-vectors]
The home is copied to a temporary folder first; it is not changed. Prints one JSON object.
--no-vectors: for a home whose chunks have no vectors (only the full-text side is measured).
"""

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from onboard.core.collections import create_collection
from onboard.core.driving import run_to_end
from onboard.core.embedders import DEFAULT_EMBEDDER
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import save_page

PAGE = """## Anmeldung

Die Anmeldung zum Betriebsausflug der Kreisverwaltung Lindenau läuft bis zum 15. Mai über das
Intranet. Treffpunkt ist um 8 Uhr am Kreishaus, die Rückkehr ist gegen 18 Uhr geplant.

## Kosten

Die Busfahrt zahlt der Kreis; Eintritt und Essen tragen die Teilnehmenden selbst.
"""
EDITED = PAGE.replace("15. Mai", "22. Mai")


def main(source: Path, *, vectors: bool) -> dict[str, object]:
    """Copy the home, then time a new page and an edit of it."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        shutil.copytree(source, home)
        with KnowledgeBase(home, embedder=DEFAULT_EMBEDDER if vectors else None) as kb:
            chunks_before = kb.store.count_chunks()
            create_collection(kb, "Redaktion-Messung")
            report: dict[str, object] = {"chunks_in_knowledge_base": chunks_before}
            document_id = None
            for step, text in (("new", PAGE), ("edit", EDITED)):
                started = time.perf_counter()
                saved = save_page(
                    kb,
                    collection="Redaktion-Messung",
                    title="Betriebsausflug",
                    markdown=text,
                    metadata={"status": "Freigegeben"},
                    document_id=document_id,
                )
                document_id = saved.document_id
                saved_s = time.perf_counter() - started
                hits = kb.search("Betriebsausflug Anmeldung Mai", k=1, mode="fulltext")
                found = bool(hits) and hits[0].chunk.document_id == document_id
                started = time.perf_counter()
                embedded = run_to_end(kb.embed_pending())
                report[step] = {
                    "save_and_fulltext_s": round(saved_s, 3),
                    "found_by_fulltext_right_after": found,
                    "chunks_embedded_after_save": embedded,
                    "embed_s": round(time.perf_counter() - started, 3),
                    "version": saved.version,
                }
            report["chunks_after"] = kb.store.count_chunks()
    return report


if __name__ == "__main__":
    report = main(Path(sys.argv[1]), vectors="--no-vectors" not in sys.argv[2:])
    print(json.dumps(report, ensure_ascii=False))
