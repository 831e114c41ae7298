"""Citation markers [n]: a streaming filter that drops invalid numbers, and a parser."""

import itertools
import re
from collections.abc import Iterable

CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_MAX_MARKER = 16


def cited_numbers(text: str, *, valid: Iterable[int]) -> list[int]:
    """The valid source numbers cited in text, in order of first appearance."""
    allowed = set(valid)
    numbers: list[int] = []
    for match in CITATION.finditer(text):
        for number in _numbers(match.group(1)):
            if number in allowed and number not in numbers:
                numbers.append(number)
    return numbers


def _numbers(inside: str) -> list[int]:
    """'1, 2' → [1, 2]."""
    return [int(part) for part in re.split(r"\s*[,;]\s*", inside) if part.strip()]


class CitationFilter:
    """Passes streamed text on, holding back a '[' until its marker is complete.

    A marker whose numbers are all valid passes; invalid numbers are removed from it (the whole
    marker disappears if none is valid); text in brackets that is no marker passes unchanged.
    """

    def __init__(self, *, valid: Iterable[int]) -> None:
        """valid: the numbers of the sources actually given to the model."""
        self._valid = set(valid)
        self._pending = ""
        self.removed: list[int] = []

    def feed(self, piece: str) -> str:
        """Add streamed text; returns what can be shown now."""
        self._pending += piece
        output: list[str] = []
        while self._pending:
            start = self._pending.find("[")
            if start < 0:
                output.append(self._pending)
                self._pending = ""
                break
            output.append(self._pending[:start])
            self._pending = self._pending[start:]
            end = self._pending.find("]")
            if end < 0:
                if len(self._pending) > _MAX_MARKER:
                    output.append(self._pending[0])
                    self._pending = self._pending[1:]
                    continue
                break
            output.append(self._checked(self._pending[: end + 1]))
            self._pending = self._pending[end + 1 :]
        return "".join(output)

    def flush(self) -> str:
        """The rest at the end of the stream (an unfinished marker is dropped)."""
        rest, self._pending = self._pending, ""
        return "" if CITATION.match(rest + "]") else rest

    def _checked(self, marker: str) -> str:
        """A complete bracket: keep valid numbers, drop invalid ones, pass non-markers."""
        match = CITATION.fullmatch(marker)
        if not match:
            return marker
        numbers = _numbers(match.group(1))
        kept = [n for n in numbers if n in self._valid]
        self.removed.extend(n for n in numbers if n not in self._valid)
        return f"[{', '.join(str(n) for n in kept)}]" if kept else ""


MIN_CONTENT_WORDS = 2
# A sentence ends at . ! ? after a word (not after the 3 in "3. Lebensjahr") or at a line end.
# Where an answer sentence ends: after . ! ? that does not follow a digit ("1. Antrag"), or lines.
SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?])\s+|\n+")
_CONTENT = re.compile(r"\d+|\w{4,}")
_SENTENCE_AFTER_WORD = re.compile(r"(?<=[^\d\s][.!?])\s+")
MIN_SUPPORT = 0.5
CLEAR_SUPPORT = 0.6


def _content_words(text: str) -> set[str]:
    """Numbers and words of four letters or more, lowercased: what a claim is made of."""
    return {match.lower() for match in _CONTENT.findall(text)}


def support(claim: str, source: str) -> float:
    """Share of the claim's content words that occur in the source."""
    words = _content_words(CITATION.sub(" ", claim))
    return len(words & _content_words(source)) / len(words) if words else 0.0


def reattribute(text: str, sources: dict[int, str]) -> tuple[str, list[tuple[int, int]]]:
    """Point each sentence's citation at the source that actually supports it.

    A sentence that cites [n] although n shares little of its wording (under MIN_SUPPORT)
    while another source clearly does (at least CLEAR_SUPPORT) gets that source's number; if
    only two sources together clearly do, it cites both. Returns the new text and the
    (old, new) replacements made.
    """
    changes: list[tuple[int, int]] = []
    sentences = SENTENCE_END.split(text)
    separators = SENTENCE_END.findall(text)
    fixed: list[str] = []
    previous = ""
    for sentence in sentences:
        markers = list(CITATION.finditer(sentence))
        claim = sentence if _content_words(CITATION.sub(" ", sentence)) else previous
        previous = sentence
        if len(markers) == 1 and len(_numbers(markers[0].group(1))) == 1:
            cited = _numbers(markers[0].group(1))[0]
            scores = {n: support(claim, source) for n, source in sources.items()}
            best = max(scores, key=lambda n: scores[n]) if scores else cited
            weak = scores.get(cited, 0.0) < MIN_SUPPORT
            if weak and best != cited and scores[best] >= CLEAR_SUPPORT:
                sentence = sentence.replace(markers[0].group(0), f"[{best}]")
                changes.append((cited, best))
            elif weak and (pair := _supporting_pair(claim, sources)):
                sentence = sentence.replace(markers[0].group(0), f"[{pair[0]}, {pair[1]}]")
                changes += [(cited, number) for number in pair if number != cited]
        fixed.append(sentence)
    rebuilt = "".join(
        s + (separators[i] if i < len(separators) else "") for i, s in enumerate(fixed)
    )
    return rebuilt, changes


def _supporting_pair(claim: str, sources: dict[int, str]) -> tuple[int, int] | None:
    """The two sources that together clearly support a claim no single one does (a sentence
    that joins what two sources say), best first by their joint support; None if no pair."""
    pairs = [
        (support(claim, f"{sources[first]} {sources[second]}"), (first, second))
        for first, second in itertools.combinations(sorted(sources), 2)
    ]
    joint, pair = max(pairs, default=(0.0, (0, 0)))
    return pair if joint >= CLEAR_SUPPORT else None


def without_repeats(text: str) -> str:
    """Drop sentences that repeat an earlier one word for word (small models loop)."""
    seen: set[str] = set()
    kept: list[str] = []
    for line in text.split("\n"):
        sentences = []
        for sentence in _SENTENCE_AFTER_WORD.split(line):
            key = " ".join(CITATION.sub(" ", sentence).lower().split()).strip(" .-0123456789")
            if key and key in seen:
                continue
            seen.add(key)
            sentences.append(sentence)
        if sentences or not line.strip():
            kept.append(" ".join(sentences))
    return "\n".join(kept).strip()


def says_something(text: str, titles: Iterable[str], *, question: str = "") -> bool:
    """Whether an answer has content beyond citation markers, the sources' titles and the
    question's own words (a reply like "[1] Urlaub und Arbeitsbefreiung [2]" only lists
    sources; "Die Öffnungszeiten von JiBB sind [1]." only repeats the question)."""
    rest = text
    for title in sorted(titles, key=len, reverse=True):
        if title.strip():
            rest = re.sub(CITATION.pattern + r"\s*:?\s*" + re.escape(title.strip()), " ", rest)
    words = _content_words(CITATION.sub(" ", rest))
    return len(words) >= MIN_CONTENT_WORDS and bool(words - _content_words(question))


# A quote must be at least this many words long to count as an answer (a bare "[1]" or a
# two-word fragment says nothing the source excerpt would not say better).
MIN_QUOTE_WORDS = 4
_QUOTE_MARKS = re.compile(r"[„“”\"«»‚‘’]")
_EDGE_PUNCTUATION = " .,;:!?…-–"
_SENTENCE_ENDS = ".!?;:\n"
_LINE_BREAK = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"[^\S\n]+")


def _comparable(text: str) -> str:
    """Lower case, without quotation marks, one space between words, line breaks kept."""
    return _LINE_BREAK.sub("\n", _SPACES.sub(" ", _QUOTE_MARKS.sub("", text).lower())).strip()


def _quotes_a_sentence(passage: str, source: str) -> bool:
    """Whether passage stands in source word for word and ends where a sentence or line of it
    ends (a quote cut off mid-sentence may say the opposite of the source)."""
    flat = source.replace("\n", " ")  # same length: positions stay comparable
    start = flat.find(passage)
    while start >= 0:
        end = start + len(passage)
        if end == len(source) or source[end] in _SENTENCE_ENDS:
            return True
        start = flat.find(passage, start + 1)
    return False


def quotes_sources(text: str, sources: dict[int, str]) -> bool:
    """Whether text is nothing but whole sentences quoted word for word from the sources it
    cites (numbers before or after them), at least one of them MIN_QUOTE_WORDS long."""
    numbers = [n for match in CITATION.finditer(text) for n in _numbers(match.group(1))]
    cited = [_comparable(sources[n]) for n in dict.fromkeys(numbers) if n in sources]
    passages = _passages(CITATION.split(text)[::2])  # split also returns the numbers
    return (
        bool(cited)
        and all(
            any(_quotes_a_sentence(passage, source) for source in cited) for passage in passages
        )
        and any(len(passage.split()) >= MIN_QUOTE_WORDS for passage in passages)
    )


def may_become_a_quote(start: str, sources: Iterable[str]) -> bool:
    """Whether the start of a reply still stands word for word in the sources, so that it
    may end as what quotes_sources accepts (a last word not yet followed by a space may still
    grow and does not count)."""
    *finished, last = CITATION.split(start)[::2]
    words = last.split()
    if words and not last[-1].isspace():
        last = last[: last.rindex(words[-1])]
    flat = [_comparable(source).replace("\n", " ") for source in sources]
    return all(any(part in source for source in flat) for part in _passages([*finished, last]))


def _passages(parts: list[str]) -> list[str]:
    """The parts of a reply between its citation markers, comparable, on one line and without
    the punctuation at their edges; empty ones left out."""
    return [
        passage
        for part in parts
        if (passage := _comparable(part).replace("\n", " ").strip(_EDGE_PUNCTUATION))
    ]
