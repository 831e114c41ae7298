"""Demo questions with one typing error each, to measure how search copes with misspellings.

Usage: .venv/bin/python scripts/make_typo_questions.py [--umlauts] QUESTIONS OUT
QUESTIONS is a question file of scripts/measure_demo_sections.py; OUT gets the same rows with
one error in the question's longest word (at least six letters), taking turns: a letter left
out, two neighbours swapped, a letter doubled, a letter replaced by its neighbour on a German
keyboard. The error sits in the middle of the word; capitals stay as they were.
With --umlauts, every question is written as on a keyboard without umlauts instead („Büro“ →
„Buero“, „außen“ → „aussen“).
"""

import re
import sys
from pathlib import Path

KEYBOARD_ROWS = ("qwertzuiopü", "asdfghjklöä", "yxcvbnm")


def keyboard_neighbour(letter: str) -> str:
    """The key right of letter on a German keyboard (left of the last key in a row)."""
    for row in KEYBOARD_ROWS:
        at = row.find(letter.lower())
        if at >= 0:
            neighbour = row[at + 1] if at + 1 < len(row) else row[at - 1]
            return neighbour.upper() if letter.isupper() else neighbour
    return letter


def misspelt(word: str, kind: int) -> str:
    """word with one error of the given kind (0 left out, 1 swapped, 2 doubled, 3 replaced)."""
    middle = len(word) // 2
    if kind == 0:
        return word[:middle] + word[middle + 1 :]
    if kind == 1:
        return word[:middle] + word[middle + 1] + word[middle] + word[middle + 2 :]
    if kind == 2:
        return word[: middle + 1] + word[middle] + word[middle + 1 :]
    return word[:middle] + keyboard_neighbour(word[middle]) + word[middle + 1 :]


def with_typo(question: str, kind: int) -> str:
    """The question with its longest word misspelt (unchanged when no word has six letters)."""
    words = list(re.finditer(r"[^\W\d_]+", question))
    longest = max(words, key=lambda match: len(match.group()), default=None)
    if longest is None or len(longest.group()) < 6:
        return question
    return question[: longest.start()] + misspelt(longest.group(), kind) + question[longest.end() :]


def without_umlauts(question: str) -> str:
    """The question as typed on a keyboard without umlauts and ß."""
    for letter, typed in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        question = question.replace(letter, typed).replace(letter.upper(), typed.capitalize())
    return question


def main(source: Path, target: Path, *, umlauts: bool = False) -> None:
    """Write the questions of source with one typing error each (or typed without umlauts)
    to target."""
    rows = [line.rstrip("\n").split("\t") for line in source.open(encoding="utf-8")]
    lines = [
        "\t".join([without_umlauts(row[0]) if umlauts else with_typo(row[0], at % 4), *row[1:]])
        for at, row in enumerate(rows)
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--umlauts"]
    if len(arguments) != 2:
        sys.exit(__doc__)
    main(Path(arguments[0]), Path(arguments[1]), umlauts="--umlauts" in sys.argv)
