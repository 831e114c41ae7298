"""How the default model answers the demo questions: answered, passage shown, or declined.

Usage: .venv/bin/python scripts/measure_demo_answers.py HOME [QUESTIONS] [--details FILE]
HOME is a data folder for the demo (imported and embedded there on the first run, reused after);
QUESTIONS defaults to bench/demo_questions_holdout.tsv (format: scripts/measure_demo_sections.py).
An answer "cites the document" when one of its citations is the question's document, "cites the
section" when that citation is the answering section; "says the answer" when the answer phrase
stands in the answer (spaces and case ignored). Prints one JSON object; --details writes one JSON
line per question.
"""

import json
import sys
from pathlib import Path

from measure_demo_sections import answers, demo_kb, section_starts

from onboard.core.answer import AnswerResult, ask
from onboard.core.driving import run_to_end
from onboard.core.runtime import open_chat_model

QUESTIONS = Path(__file__).resolve().parent.parent / "bench" / "demo_questions_holdout.tsv"


def outcome(result: AnswerResult) -> str:
    """answered / second_look / pointed / declined."""
    if result.abstained:
        return "declined"
    if result.pointed:
        return "pointed"
    return "second_look" if result.second_look else "answered"


def flat(text: str) -> str:
    """Lower case, one space between words."""
    return " ".join(text.lower().split())


def main(home: Path, questions: Path, details: Path | None) -> dict[str, object]:
    """Ask every question with the active model; count outcomes and citations."""
    model = open_chat_model(home)
    if model is None:
        sys.exit("Kein Sprachmodell installiert (make install).")
    starts = section_starts()
    rows = [line.rstrip("\n").split("\t") for line in questions.open(encoding="utf-8")]
    counts: dict[str, int] = {}
    cites_document = cites_section = says_answer = 0
    lines: list[str] = []
    with demo_kb(home) as kb:
        for question, title, heading, phrase in rows:
            result = run_to_end(ask(kb, question, model=model))
            kind = outcome(result)
            counts[kind] = counts.get(kind, 0) + 1
            cited = [result.sources[c.n - 1] for c in result.citations]
            document = any(source.hit.chunk.title == title for source in cited)
            section = any(answers(source.hit, title, heading, starts) for source in cited)
            said = bool(phrase) and kind != "pointed" and flat(phrase) in flat(result.answer)
            cites_document += document
            cites_section += section
            says_answer += said
            lines.append(
                json.dumps(
                    {
                        "question": question,
                        "outcome": kind,
                        "cites_document": document,
                        "cites_section": section,
                        "says_answer": said,
                        "answer": result.answer,
                        "invented_numbers": result.invented_numbers,
                        "invented_wording": result.invented_wording,
                        "dropped_draft": result.dropped_draft,
                        "sources": [
                            f"{s.hit.chunk.title} › {' › '.join(s.hit.chunk.heading_path)}"
                            for s in result.sources
                        ],
                        "first_token_ms": result.timings.get("first_token_ms"),
                    },
                    ensure_ascii=False,
                )
            )
    if details is not None:
        details.write_text("\n".join(lines) + "\n", encoding="utf-8")
    total = len(rows)
    return {
        "questions": total,
        "outcomes": counts,
        "cites_document": cites_document,
        "cites_section": cites_section,
        "says_answer": says_answer,
        "model": model.identity,
    }


if __name__ == "__main__":
    arguments = sys.argv[1:]
    details_path = None
    if "--details" in arguments:
        at = arguments.index("--details")
        details_path = Path(arguments[at + 1])
        del arguments[at : at + 2]
    if not arguments or len(arguments) > 2 or any(a.startswith("-") for a in arguments):
        sys.exit(__doc__)
    question_file = Path(arguments[1]) if len(arguments) > 1 else QUESTIONS
    print(json.dumps(main(Path(arguments[0]), question_file, details_path), ensure_ascii=False))
