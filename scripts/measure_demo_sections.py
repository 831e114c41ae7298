"""Does search find the section that answers each demo question, and does the model see the answer?

Usage: .venv/bin/python scripts/measure_demo_sections.py HOME [QUESTIONS]
HOME is a data folder for the demo (imported and embedded there on the first run, reused after).
QUESTIONS defaults to bench/demo_questions.tsv (question, document title, heading of the answering
section, a phrase of that section that is the answer, empty where no single phrase is);
bench/demo_questions_holdout.tsv holds 40 questions in the same form that were written apart from
the search work and never tuned on.
A hit counts when a source of that document is labelled with the heading or contains the
section's first line; "labelled" counts only the label, which the user sees as the position of a
citation. "answer_in_excerpts" counts questions whose answer phrase is in the excerpts the model
reads (the sources of `ask` without a model), "answer_in_first_excerpt" only in source 1.
Prints one JSON object.
"""

import json
import sys
from pathlib import Path

from onboard.core import paths
from onboard.core.answer import Source, ask
from onboard.core.driving import run_to_end
from onboard.core.kb import KnowledgeBase
from onboard.core.parsers import parse_file
from onboard.core.search import SearchHit

QUESTIONS = Path(__file__).resolve().parent.parent / "bench" / "demo_questions.tsv"


def section_starts() -> dict[tuple[str, str], str]:
    """(document title, heading) → the first 60 characters of the section's first block."""
    starts: dict[tuple[str, str], str] = {}
    for path in sorted(paths.demo_dir().rglob("*.md")):
        document = parse_file(path)
        for section in document.sections:
            if section.heading_path:
                key = (document.title, section.heading_path[-1])
                starts.setdefault(key, section.text[:60])
    return starts


def answers(hit: SearchHit, title: str, heading: str, starts: dict[tuple[str, str], str]) -> bool:
    """Whether a hit is the section (by its label) or contains the section's first line."""
    chunk = hit.chunk
    start = starts.get((title, heading), "\0")
    return chunk.title == title and (heading in chunk.heading_path or start in chunk.text)


def demo_kb(home: Path) -> KnowledgeBase:
    """The demo knowledge base in home, imported and embedded on the first call."""
    fresh = not (home / "onboard.db").exists()
    kb = KnowledgeBase(home)
    if fresh:
        for folder in paths.demo_folders():
            run_to_end(kb.ingest([folder], collection=folder.name))
        run_to_end(kb.embed_pending())
    return kb


def main(home: Path, questions: Path = QUESTIONS) -> dict[str, object]:
    """Import the demo if needed, search every question, count section hits."""
    with demo_kb(home) as kb:
        starts = section_starts()
        rows = [line.rstrip("\n").split("\t") for line in questions.open(encoding="utf-8")]
        first = top3 = labelled = phrased = in_first = in_any = 0
        misses: list[str] = []
        unseen: list[str] = []
        for question, title, heading, phrase in rows:
            hits = kb.search(question, k=3)
            found = [answers(hit, title, heading, starts) for hit in hits]
            first += bool(found) and found[0]
            top3 += any(found)
            labelled += (
                bool(hits)
                and hits[0].chunk.title == title
                and (heading in hits[0].chunk.heading_path)
            )
            if not any(found):
                misses.append(question)
            if phrase:
                excerpts = [" ".join(s.excerpt.split()) for s in answer_sources(kb, question)]
                seen = any(phrase in excerpt for excerpt in excerpts)
                phrased += 1
                in_first += bool(excerpts) and phrase in excerpts[0]
                in_any += seen
                if not seen:
                    unseen.append(question)
        chunks = kb.store.count_chunks()
    count = len(rows)
    return {
        "questions": count,
        "chunks": chunks,
        "section_at_1": round(first / count, 3),
        "section_in_3": round(top3 / count, 3),
        "first_hit_labelled_with_the_section": round(labelled / count, 3),
        "missed": misses,
        "with_answer_phrase": phrased,
        "answer_in_first_excerpt": round(in_first / phrased, 3),
        "answer_in_excerpts": round(in_any / phrased, 3),
        "answer_not_seen": unseen,
    }


def answer_sources(kb: KnowledgeBase, question: str) -> list[Source]:
    """The numbered sources with the excerpts the model would read for a question."""
    return run_to_end(ask(kb, question, model=None)).sources


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    chosen = Path(sys.argv[2]) if len(sys.argv) == 3 else QUESTIONS
    print(json.dumps(main(Path(sys.argv[1]), chosen), ensure_ascii=False))
