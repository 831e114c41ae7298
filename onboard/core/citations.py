"""Citation markers [n]: a streaming filter that drops invalid numbers, and a parser."""

import re
from collections.abc import Iterable

_CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_MAX_MARKER = 16


def cited_numbers(text: str, *, valid: Iterable[int]) -> list[int]:
    """The valid source numbers cited in text, in order of first appearance."""
    allowed = set(valid)
    numbers: list[int] = []
    for match in _CITATION.finditer(text):
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
        return "" if _CITATION.match(rest + "]") else rest

    def _checked(self, marker: str) -> str:
        """A complete bracket: keep valid numbers, drop invalid ones, pass non-markers."""
        match = _CITATION.fullmatch(marker)
        if not match:
            return marker
        numbers = _numbers(match.group(1))
        kept = [n for n in numbers if n in self._valid]
        self.removed.extend(n for n in numbers if n not in self._valid)
        return f"[{', '.join(str(n) for n in kept)}]" if kept else ""
