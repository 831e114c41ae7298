"""German compound splitting against the knowledge base's own vocabulary (no word list needed)."""

from collections.abc import Callable

MIN_PART = 4
LINKING_ELEMENTS = ("", "s", "es", "n", "en")


def split_compound(
    word: str,
    is_known: Callable[[str], bool],
    stem: Callable[[str], str | None],
) -> list[str]:
    """Index terms of the two parts of a compound when both parts occur in the index, else []."""
    best: tuple[int, list[str]] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        tail_term = stem(tail)
        if not tail_term or not is_known(tail_term):
            continue
        for link in LINKING_ELEMENTS:
            if link and not head.endswith(link):
                continue
            bare_head = head[: len(head) - len(link)] if link else head
            if len(bare_head) < MIN_PART:
                continue
            head_term = stem(bare_head)
            if head_term and is_known(head_term):
                balance = min(len(bare_head), len(tail))
                if best is None or balance > best[0]:
                    best = (balance, [head_term, tail_term])
                break
    return best[1] if best else []
