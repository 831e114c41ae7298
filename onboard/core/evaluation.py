"""Retrieval benchmark: build a cached knowledge base from a benchmark folder and score it."""

import gzip
import hashlib
import json
import statistics
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onboard.core.chunking import DEFAULT_OVERLAP_CHARS, DEFAULT_TARGET_CHARS
from onboard.core.ingest import Progress, Record
from onboard.core.kb import KnowledgeBase
from onboard.core.parsers.plaintext import parse_text
from onboard.core.search import CANDIDATES
from onboard.core.text import normalize_text

BENCH_COLLECTION = "Benchmark"
# Rank documents from as many chunks as each half of the search contributes in the product
# (a deeper k would widen the candidate lists and measure a ranking no user ever sees).
CHUNK_DEPTH = CANDIDATES


@dataclass
class Benchmark:
    """A benchmark folder: corpus, questions, relevance judgements."""

    folder: Path
    corpus: list[dict[str, Any]]
    queries: list[dict[str, Any]]
    qrels: dict[str, set[str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The folder name."""
        return self.folder.name


class BenchmarkError(ValueError):
    """A benchmark folder that cannot be read; the message says what is wrong, in German."""


def load_benchmark(folder: Path, *, questions_only: bool = False) -> Benchmark:
    """Read corpus.jsonl (or corpus.jsonl.gz), queries.jsonl and qrels.tsv (FORMAT.md);
    questions_only: just the questions (off-topic questions for another corpus)."""
    if not folder.is_dir():
        raise BenchmarkError(f"Den Benchmark-Ordner {folder} gibt es nicht.")
    queries = list(jsonl_records(_required(folder, "queries.jsonl"), ("qid", "question")))
    if questions_only:
        return Benchmark(folder, [], queries)
    corpus_file = folder / "corpus.jsonl"
    if not corpus_file.is_file() and (folder / "corpus.jsonl.gz").is_file():
        corpus_file = folder / "corpus.jsonl.gz"
    corpus = list(jsonl_records(_required(folder, corpus_file.name), ("doc_id", "text")))
    qrels: dict[str, set[str]] = {}
    for line in _text(_required(folder, "qrels.tsv")).splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2 and (len(parts) < 3 or parts[2].strip() != "0"):
            qrels.setdefault(parts[0], set()).add(parts[1])
    return Benchmark(folder, corpus, queries, qrels)


def jsonl_records(path: Path, required: tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
    """The records of a JSON-lines file (gzip if it ends in .gz), each with the required
    fields; BenchmarkError names the file and line of the first that is not."""
    for number, line in enumerate(_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BenchmarkError(
                f"{path.name}, Zeile {number}: kein gültiges JSON ({error.msg})."
            ) from error
        missing = [key for key in required if not isinstance(record, dict) or key not in record]
        if missing:
            raise BenchmarkError(f"{path.name}, Zeile {number}: Feld „{missing[0]}“ fehlt.")
        yield record


def _required(folder: Path, name: str) -> Path:
    """A file the benchmark format asks for; BenchmarkError if it is missing."""
    path = folder / name
    if not path.is_file():
        raise BenchmarkError(
            f"Im Benchmark-Ordner {folder} fehlt {name} (ein Benchmark besteht aus "
            "corpus.jsonl, queries.jsonl und qrels.tsv)."
        )
    return path


def _text(path: Path) -> str:
    """A benchmark file's text, unpacked if gzip; BenchmarkError if it is not UTF-8."""
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        return data.decode("utf-8")
    except (UnicodeDecodeError, OSError, EOFError) as error:
        raise BenchmarkError(f"{path.name} ist keine lesbare UTF-8-Textdatei.") from error


def scope_of(doc_id: str, scopes: set[str]) -> str:
    """The scope (e.g. the city) named inside a document id, or the default collection."""
    for scope in scopes:
        if f"-{scope}-" in doc_id:
            return scope
    return BENCH_COLLECTION


def bench_records(bench: Benchmark, *, scope_key: str | None) -> Iterator[Record]:
    """Corpus entries as records, parsed exactly like an imported text file."""
    scopes = {
        str(q["meta"][scope_key])
        for q in bench.queries
        if scope_key and (q.get("meta") or {}).get(scope_key)
    }
    for entry in bench.corpus:
        text = str(entry.get("text", ""))
        title = str(entry.get("title", "")) or str(entry["doc_id"])
        parsed = parse_text(text.encode("utf-8"), Path(f"{entry['doc_id']}.txt"))
        parsed.title = normalize_text(title)
        digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
        collection = scope_of(str(entry["doc_id"]), scopes) if scope_key else BENCH_COLLECTION
        yield Record(f"bench:{entry['doc_id']}", collection, parsed, digest, len(text))


def cache_home(
    home: Path,
    bench: Benchmark,
    *,
    embedder: str,
    target: int,
    overlap: int,
) -> Path:
    """A home folder per benchmark and chunking/embedder configuration, reused between runs.

    Scoping only moves documents between collections, which keeps chunks and vectors.
    """
    stat = (bench.folder / "corpus.jsonl").stat()
    key = f"{bench.folder.resolve()}|{stat.st_size}|{embedder}|{target}|{overlap}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return home / "bench-cache" / f"{bench.name}-{digest}"


def build(
    kb: KnowledgeBase, bench: Benchmark, *, scope_key: str | None
) -> Generator[Progress, None, None]:
    """Import the corpus (skipping what is cached) and embed what is missing."""
    records = bench_records(bench, scope_key=scope_key)
    events = kb.import_records(records, total=len(bench.corpus))
    for event in events:
        if isinstance(event, Progress):
            yield event
    yield from kb.embed_pending()


def evaluate(
    kb: KnowledgeBase,
    bench: Benchmark,
    *,
    split: str | None = None,
    mode: str = "hybrid",
    scope_key: str | None = None,
) -> dict[str, Any]:
    """Document-level Recall@1/5/10 and MRR@10 over answerable questions, with search times."""
    origins = {int(row["id"]): str(row["origin"]) for row in kb.documents()}
    hits_at = {1: 0, 5: 0, 10: 0}
    reciprocal_ranks: list[float] = []
    times_ms: list[float] = []
    for query in bench.queries:
        relevant = bench.qrels.get(query["qid"])
        meta = query.get("meta") or {}
        if not relevant or (split and meta.get("split") != split):
            continue
        collections = [str(meta[scope_key])] if scope_key and meta.get(scope_key) else None
        started = time.perf_counter()
        hits = kb.search(query["question"], k=CHUNK_DEPTH, collections=collections, mode=mode)
        times_ms.append((time.perf_counter() - started) * 1000)
        ranking = list(dict.fromkeys(hit.chunk.document_id for hit in hits))
        doc_ids = [origins[i].removeprefix("bench:") for i in ranking[:10] if i in origins]
        rank = next((i + 1 for i, doc in enumerate(doc_ids) if doc in relevant), None)
        for cutoff in hits_at:
            if rank is not None and rank <= cutoff:
                hits_at[cutoff] += 1
        reciprocal_ranks.append(1.0 / rank if rank else 0.0)
    count = len(reciprocal_ranks)
    return {
        "benchmark": bench.name,
        "mode": mode,
        "split": split or "alle",
        "scope": scope_key,
        "queries": count,
        "recall@1": share(hits_at[1], count),
        "recall@5": share(hits_at[5], count),
        "recall@10": share(hits_at[10], count),
        "mrr@10": round(sum(reciprocal_ranks) / count, 4) if count else 0.0,
        "search_ms_p50": round(statistics.median(times_ms), 2) if times_ms else 0.0,
        "search_ms_p95": round(_percentile(times_ms, 95), 2) if times_ms else 0.0,
    }


def share(hits: int, count: int) -> float:
    """hits / count, rounded (0 when count is 0)."""
    return round(hits / count, 4) if count else 0.0


def _percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]


DEFAULTS = {"target": DEFAULT_TARGET_CHARS, "overlap": DEFAULT_OVERLAP_CHARS}
