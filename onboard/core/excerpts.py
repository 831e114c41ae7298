"""Compact excerpts: the sentences of a passage that matter most for a question."""

import re
from functools import lru_cache

from whoosh.analysis import Analyzer

from onboard.core.fulltext import german_analyzer

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def best_excerpt(text: str, question: str, *, max_chars: int) -> str:
    """The contiguous run of sentences (at most max_chars) that shares most question terms."""
    if len(text) <= max_chars:
        return text.strip()
    analyzer = _analyzer()
    wanted = {token.text for token in analyzer(question)}
    sentences = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    weights = [len(wanted & {t.text for t in analyzer(s)}) for s in sentences]
    best_start, best_end, best_score = 0, 0, -1
    for start in range(len(sentences)):
        length, score, end = 0, 0, start
        while end < len(sentences) and length + len(sentences[end]) <= max_chars:
            length += len(sentences[end])
            score += weights[end]
            end += 1
        if end == start:
            continue
        if score > best_score:
            best_start, best_end, best_score = start, end, score
    if best_end == best_start:
        return text[:max_chars].rsplit(" ", 1)[0].strip() + " …"
    excerpt = " ".join(s.strip() for s in sentences[best_start:best_end])
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if best_end < len(sentences) else ""
    return f"{prefix}{excerpt}{suffix}"


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    """One shared German analyzer."""
    return german_analyzer()
