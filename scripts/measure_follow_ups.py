"""Are follow-up questions understood, and does the section they ask about come first?

Usage: .venv/bin/python scripts/measure_follow_ups.py HOME [PAIRS]
HOME is a data folder for the demo (as for scripts/measure_demo_sections.py). PAIRS defaults to
bench/demo_follow_ups.tsv (previous question, follow-up, document title, heading of the section
that answers the follow-up); bench/demo_follow_ups_holdout.tsv holds 12 more, written after the
way of searching was chosen. For each follow-up the sources are searched three ways: the
follow-up alone, as Onboard understands it (with the previous question only when it reads as
a follow-up), and always with the previous question. The standalone demo questions and the
integreat, XQuAD and MLQA questions (where ../shared/bench holds them) count how often a
question that stands alone would be taken for a follow-up. Prints one JSON object.
"""

import json
import sys
from pathlib import Path

from measure_demo_sections import answers, demo_kb, section_starts

from onboard.core.follow_up import Question, is_follow_up, understood
from onboard.core.kb import KnowledgeBase

BENCH = Path(__file__).resolve().parent.parent / "bench"
PAIRS = BENCH / "demo_follow_ups.tsv"
STANDALONE = [BENCH / "demo_questions.tsv", BENCH / "demo_questions_holdout.tsv"]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"


def ranks(kb: KnowledgeBase, asked: Question, title: str, heading: str) -> list[bool]:
    """For the three sources of an answer: whether each is the expected section."""
    starts = section_starts()
    return [answers(hit, title, heading, starts) for hit in kb.search(asked.search_text, k=3)]


def main(home: Path, pairs: Path = PAIRS) -> dict[str, object]:
    """Search every pair three ways; count detections on questions that stand alone."""
    rows = [line.rstrip("\n").split("\t") for line in pairs.open(encoding="utf-8")]
    ways = {"alone": [], "as_understood": [], "always_with_previous": []}
    with demo_kb(home) as kb:
        for previous, follow_up, title, heading in rows:
            for way, asked in (
                ("alone", Question(follow_up)),
                ("as_understood", understood(follow_up, previous)),
                ("always_with_previous", Question(follow_up, previous)),
            ):
                ways[way].append(ranks(kb, asked, title, heading))
    result: dict[str, object] = {
        "pairs": len(rows),
        "detected": sum(is_follow_up(row[1]) for row in rows),
        "not_detected": [row[1] for row in rows if not is_follow_up(row[1])],
    }
    for way, found in ways.items():
        result[f"{way}_section_at_1"] = round(sum(bool(f) and f[0] for f in found) / len(rows), 3)
        result[f"{way}_section_in_3"] = round(sum(any(f) for f in found) / len(rows), 3)
    taken: dict[str, object] = {}
    for path in STANDALONE:
        questions = [line.split("\t")[0] for line in path.open(encoding="utf-8")]
        taken[path.stem] = [len(questions), [q for q in questions if is_follow_up(q)]]
    for name in ("integreat_de_dev", "xquad_de", "mlqa_de_dev"):
        path = SHARED / name / "queries.jsonl"
        if path.exists():
            questions = [json.loads(line)["question"] for line in path.open(encoding="utf-8")]
            taken[name] = [len(questions), [q for q in questions if is_follow_up(q)]]
    result["standalone_taken_for_follow_ups"] = taken
    return result


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    chosen = Path(sys.argv[2]) if len(sys.argv) == 3 else PAIRS
    print(json.dumps(main(Path(sys.argv[1]), chosen), ensure_ascii=False, indent=1))
