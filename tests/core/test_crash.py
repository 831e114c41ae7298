"""A killed import (kill -9) leaves store and index consistent; the next import resumes."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from onboard.core.driving import run_to_end
from onboard.core.ingest import IMPORTED, UNCHANGED
from onboard.core.kb import KnowledgeBase

IMPORTER = """
import sys
from pathlib import Path
from onboard.core.kb import KnowledgeBase
from onboard.core.ingest import Progress
kb = KnowledgeBase(Path(sys.argv[1]), embedder=None)
for event in kb.ingest([Path(sys.argv[2])], collection="Massen"):
    if isinstance(event, Progress):
        print(event.done, flush=True)
"""


def test_kill_during_import_then_resume(tmp_path: Path) -> None:
    folder = tmp_path / "massen"
    folder.mkdir()
    total = 900
    for number in range(total):
        (folder / f"seite-{number:04}.md").write_text(
            f"# Seite {number}\n\nDienstanweisung Nummer {number} zur Aktenführung.\n"
        )
    home = tmp_path / "home"
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(home), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None
    for line in process.stdout:
        if int(line) >= 450:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    with KnowledgeBase(home, embedder=None) as kb:
        stored_before = len(kb.documents())
        assert stored_before < total
        assert kb.store.doc_keys() == kb.fulltext.keys()
        assert kb.fulltext.doc_count() == kb.store.count_chunks()
        report = run_to_end(kb.ingest([folder], collection="Massen"))
        assert report.count(UNCHANGED) == stored_before
        assert report.count(IMPORTED) == total - stored_before
        documents = kb.documents()
        assert len(documents) == total == len({d["origin"] for d in documents})
        assert kb.fulltext.doc_count() == kb.store.count_chunks()
        assert kb.search("Dienstanweisung Nummer 899", k=1, mode="fulltext")[0].chunk.title == (
            "Seite 899"
        )
