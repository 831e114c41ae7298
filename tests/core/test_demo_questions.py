"""The demo benchmark questions point at sections and phrases that exist in the demo documents."""

from pathlib import Path

import pytest

from onboard.core import paths
from onboard.core.parsers import parse_file

BENCH = Path(__file__).resolve().parents[2] / "bench"
QUESTION_FILES = ("demo_questions.tsv", "demo_questions_holdout.tsv")


def read_lines(name: str) -> list[str]:
    """The lines of a question file in bench/."""
    return (BENCH / name).read_text(encoding="utf-8").splitlines()


def demo_sections() -> dict[tuple[str, str], list[str]]:
    """(document title, deepest heading) → the whitespace-collapsed texts of those sections."""
    sections: dict[tuple[str, str], list[str]] = {}
    for path in sorted(paths.demo_dir().rglob("*.md")):
        document = parse_file(path)
        for section in document.sections:
            if section.heading_path:
                key = (document.title, section.heading_path[-1])
                sections.setdefault(key, []).append(" ".join(section.text.split()))
    return sections


@pytest.mark.parametrize("name", QUESTION_FILES)
def test_every_question_names_an_existing_section_and_phrase(name: str) -> None:
    sections = demo_sections()
    rows = [line.split("\t") for line in read_lines(name)]
    assert len(rows) >= 40
    broken = []
    for row in rows:
        assert len(row) == 4, row
        question, title, heading, phrase = row
        texts = sections.get((title, heading))
        if texts is None or (phrase and not any(phrase in text for text in texts)):
            broken.append(question)
    assert broken == []


def test_the_two_question_sets_do_not_share_questions() -> None:
    first, second = ({line.split("\t")[0] for line in read_lines(name)} for name in QUESTION_FILES)
    assert first.isdisjoint(second)
