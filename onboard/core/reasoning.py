"""Reasoning models (Qwen3, DeepSeek-R1 distills) think aloud before they answer: that part
is switched off where the chat template allows it and never shown otherwise."""

from collections.abc import Iterator

# Passed to every chat template: Qwen3's then writes an empty thinking block itself, so the
# model answers at once; templates that do not know the option ignore it.
TEMPLATE_OPTIONS = {"enable_thinking": False}
THINK_START, THINK_END = "<think>", "</think>"


def without_thinking(pieces: Iterator[str]) -> Iterator[str]:
    """The streamed reply without a leading <think>…</think> block; closing this stream
    closes pieces."""
    held = ""
    answering = thinking = trimming = False  # trimming: the space after the block
    try:
        for piece in pieces:
            if answering:
                if trimming:
                    piece = piece.lstrip()
                    trimming = not piece
                if piece:
                    yield piece
                continue
            held += piece
            if not thinking:
                head = held.lstrip()
                if THINK_START.startswith(head):
                    continue  # may still become <think>
                if not head.startswith(THINK_START):
                    answering = True
                    yield held
                    continue
                thinking = True
            end = held.find(THINK_END)
            if end >= 0:
                answering = True
                rest = held[end + len(THINK_END) :].lstrip()
                trimming = not rest
                if rest:
                    yield rest
        if held and not answering and not thinking:
            yield held  # the whole reply was a beginning of "<think>"
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()
