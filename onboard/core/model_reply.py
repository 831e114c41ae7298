"""One pass of the chat model: streamed through the citation filter, a leading no-answer
marker recognised, sources dropped from the end until the prompt fits."""

import re
import time
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field

from onboard.core.citations import CitationFilter
from onboard.core.ingest import CancelFlag
from onboard.core.llm import ChatModel, ContextOverflow

NO_ANSWER_MARKER = "KEINE_ANTWORT"
# How the start of a reply relates to the marker (marker_verdict).
PENDING, DECLINED, ANSWERING = "pending", "declined", "answering"
_MARKER_GAP = re.compile(r"[\s_]+")
MAX_ANSWER_TOKENS = 220

# The chat with the first n sources (n from all down to 1).
MessagesFor = Callable[[int], list[dict[str, str]]]


@dataclass(frozen=True)
class AnswerToken:
    """A piece of the streamed answer (invalid citations already removed)."""

    text: str


@dataclass
class Reply:
    """What one pass of the model produced: the text shown, whether it declined or was
    stopped for leaving what it had to write, the citations the filter removed, the tokens and
    when the first one came."""

    text: str = ""
    declined: bool = False
    stopped: bool = False
    removed: list[int] = field(default_factory=list)
    tokens: int = 0
    first_token_ms: float | None = None


def stream_reply(
    model: ChatModel,
    messages_for: MessagesFor,
    source_count: int,
    cancel: CancelFlag | None,
    *,
    show: bool = True,
    keeps_to: Callable[[str], bool] | None = None,
) -> Generator[AnswerToken, None, Reply]:
    """Yield the visible pieces of one reply (only if show) and return the whole of it;
    keeps_to: a rule the visible text must keep to, else the model is stopped at once."""
    started = time.perf_counter()
    citation_filter = CitationFilter(valid=range(1, source_count + 1))
    reply = Reply()
    shown: list[str] = []
    held = ""
    deciding = True
    late_marker = LateMarker()
    with closing(_open_stream(model, messages_for, source_count, cancel)) as pieces:
        for piece in pieces:
            reply.tokens += 1
            if reply.tokens == 1:
                reply.first_token_ms = round((time.perf_counter() - started) * 1000, 1)
            if deciding:
                held += piece
                verdict = marker_verdict(held)
                if verdict == PENDING:
                    continue
                deciding = False
                if verdict == DECLINED:
                    reply.declined = True
                    return reply
                piece, held = held, ""
            visible = late_marker.feed(citation_filter.feed(piece))
            if late_marker.seen:  # the reply is dropped anyway (answer._generate)
                shown.append(visible + NO_ANSWER_MARKER)
                break
            if visible:
                shown.append(visible)
                if keeps_to is not None and not keeps_to("".join(shown)):
                    reply.stopped = True
                    return reply
                if show:
                    yield AnswerToken(visible)
    if deciding and held.strip():
        if marker_verdict(held) == ANSWERING:
            shown.append(citation_filter.feed(held))
        else:  # the end of the reply ends the marker as a line break would
            reply.declined = marker_verdict(held + "\n") == DECLINED
    tail = "" if late_marker.seen else late_marker.flush() + citation_filter.flush()
    if tail:
        shown.append(tail)
        if show:
            yield AnswerToken(tail)
    reply.text = "".join(shown).strip()
    reply.removed = citation_filter.removed
    return reply


class LateMarker:
    """Holds back streamed text that may be the start of the no-answer marker after an answer
    has begun ("… 4 Wochen. KEINE_ANTWORT"), so that the marker is never shown; seen once it
    is complete (the text before it is passed on)."""

    def __init__(self) -> None:
        """Nothing held, no marker seen."""
        self._held = ""
        self.seen = False

    def feed(self, text: str) -> str:
        """The part of held text plus text that can be shown now (nothing after the marker)."""
        if self.seen:
            return ""
        text = self._held + text
        found = text.find(NO_ANSWER_MARKER)
        if found >= 0:
            self.seen, self._held = True, ""
            return text[:found]
        keep = next(
            (
                n
                for n in range(len(NO_ANSWER_MARKER) - 1, 0, -1)
                if text.endswith(NO_ANSWER_MARKER[:n])
            ),
            0,
        )
        self._held = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep]

    def flush(self) -> str:
        """What is still held at the end of the reply."""
        held, self._held = self._held, ""
        return held


def marker_verdict(start: str) -> str:
    """Whether the start of a reply is the no-answer marker (also spelt "Keine Antwort." or
    "Keine_antwort", as small models do), may still become it, or is an answer."""
    head = _MARKER_GAP.sub("_", start.lstrip()).upper()
    if head.startswith(NO_ANSWER_MARKER):
        rest = head[len(NO_ANSWER_MARKER) :]
        if not rest:
            return PENDING  # "Keine Antwort" may still become "Keine Antwortfrist …"
        return ANSWERING if rest[0].isalnum() else DECLINED
    return PENDING if NO_ANSWER_MARKER.startswith(head) else ANSWERING


def _open_stream(
    model: ChatModel, messages_for: MessagesFor, source_count: int, cancel: CancelFlag | None
) -> Generator[str, None, None]:
    """Start the reply with as many sources as fit into the model's context window; closing
    this stream stops the model."""
    for count in range(source_count, 0, -1):
        try:  # llama.cpp's wrapper refuses a prompt at once, others when it starts streaming
            stream = iter(
                model.stream_chat(messages_for(count), max_tokens=MAX_ANSWER_TOKENS, cancel=cancel)
            )
            first = next(stream)
        except StopIteration:
            return
        except ContextOverflow:
            if count == 1:
                raise
            continue
        try:
            yield first
            yield from stream
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        return
