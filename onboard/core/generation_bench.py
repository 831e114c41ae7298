"""Generation benchmark: Onboard's streaming vs. raw llama.cpp, first token, prompt cache,
reading ahead."""

import statistics
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from onboard.core.answer import ask
from onboard.core.answer_sources import numbered_sources
from onboard.core.citations import CitationFilter
from onboard.core.driving import run_to_end
from onboard.core.follow_up import Question
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.llama import LlamaCppModel, physical_cores
from onboard.core.prompt import build_messages
from onboard.core.read_ahead import read_ahead
from onboard.core.runtime import ANSWER_CONTEXT

DEMO_QUESTIONS = (
    "Wann ist die Kernzeit?",
    "Wie beantrage ich Urlaub?",
    "Was muss ich tun, wenn ich krank bin?",
    "Wie lang muss mein Passwort sein?",
    "Wo kann ich in der Mittagspause essen?",
    "Wer ist für den Datenschutz zuständig?",
    "Wie rechne ich eine Dienstreise ab?",
    "Was mache ich bei einer IT-Störung?",
)
MAX_TOKENS = 96
# Typing as simulated for reading ahead: an office typist's speed, and the moment of Enter
# after the last character (the window starts reading at once after a completed word).
TYPING_MS_PER_CHAR = 250
ENTER_AFTER_MS = 1000


def _timed(stream: Iterator[str]) -> tuple[float, int, float]:
    """Consume a stream: (first-piece seconds, pieces, seconds from the first to the last)."""
    started = time.perf_counter()
    first = last = 0.0
    count = 0
    for _ in stream:
        now = time.perf_counter() - started
        if count == 0:
            first = now
        last = now
        count += 1
    return first, count, last - first


def _raw_stream(llm: Any, messages: list[dict[str, str]]) -> Iterator[str]:
    """llama-cpp-python itself: the same chat, greedy, streamed."""
    for chunk in llm.create_chat_completion(
        messages=messages, stream=True, max_tokens=MAX_TOKENS, temperature=0.0, top_k=1
    ):
        piece = chunk["choices"][0]["delta"].get("content")
        if piece:
            yield piece


def _ours_stream(
    model: LlamaCppModel, messages: list[dict[str, str]], sources: int
) -> Iterator[str]:
    """Onboard's path: the wrapper and the citation filter the answers go through.

    Yields once per model piece, after the filter has dealt with it, so both sides count the
    same pieces: the filter joins a citation's pieces ("[", "3", "]") into one, and counting
    what it shows would make Onboard look ~5 % slower than it is.
    """
    citation_filter = CitationFilter(valid=range(1, sources + 1))
    for piece in model.stream_chat(messages, max_tokens=MAX_TOKENS):
        yield citation_filter.feed(piece)
    citation_filter.flush()


def run(kb: KnowledgeBase, model_path: Path, *, rounds: int = 3) -> dict[str, Any]:
    """Measure streaming rates (ours vs raw, alternating, same prompt and threads), first-token
    latency of full answers, and the prompt cache's effect. Returns one JSON-ready dict."""
    threads = physical_cores()
    ours = LlamaCppModel(model_path, n_ctx=ANSWER_CONTEXT, threads=threads)
    import llama_cpp  # after the wrapper: both use the same OpenMP settings

    raw = llama_cpp.Llama(
        model_path=str(model_path),
        n_ctx=ANSWER_CONTEXT,
        n_threads=threads,
        n_threads_batch=threads,
        use_mmap=False,
        verbose=False,
    )
    chats = [_chat(kb, question) for question in DEMO_QUESTIONS]
    ours_rates: list[float] = []
    raw_rates: list[float] = []
    for _ in range(rounds):
        raw_rate, ours_rate = _streaming_round(raw, ours, chats)
        raw_rates.append(raw_rate)
        ours_rates.append(ours_rate)
    raw.close()
    answers = [run_to_end(ask(kb, q, model=ours)) for q in DEMO_QUESTIONS]
    first_tokens = [r.timings["first_token_ms"] for r in answers if "first_token_ms" in r.timings]
    cache = _prompt_cache_effect(kb, ours)
    typing = _typing_effect(kb, ours)
    ours.close()
    return {
        "model": model_path.name,
        "threads": threads,
        "rounds": rounds,
        "raw_tokens_per_s_median": round(statistics.median(raw_rates), 2),
        "onboard_tokens_per_s_median": round(statistics.median(ours_rates), 2),
        "rate_ratio": round(statistics.median(ours_rates) / statistics.median(raw_rates), 3),
        "rate_ratio_per_round": [
            round(o / r, 3) for o, r in zip(ours_rates, raw_rates, strict=True)
        ],
        "answers": len(answers),
        "answered": sum(not r.abstained for r in answers),
        "first_token_ms_p50": round(statistics.median(first_tokens), 1) if first_tokens else None,
        "first_token_ms_max": round(max(first_tokens), 1) if first_tokens else None,
        **cache,
        **typing,
    }


def _streaming_round(
    raw: Any, ours: LlamaCppModel, chats: list[tuple[list[dict[str, str]], int]]
) -> tuple[float, float]:
    """Tokens/s of raw llama.cpp and of Onboard over all demo prompts, each prompt streamed by
    both in turn from an empty cache (one short answer alone, ~20 tokens, varies by ±10 %)."""
    raw_streams: list[tuple[float, int, float]] = []
    ours_streams: list[tuple[float, int, float]] = []
    for messages, source_count in chats:
        raw.reset()
        raw_streams.append(_timed(_raw_stream(raw, messages)))
        ours.reset()
        ours_streams.append(_timed(_ours_stream(ours, messages, source_count)))
    return _pieces_per_second(raw_streams), _pieces_per_second(ours_streams)


def _pieces_per_second(streams: list[tuple[float, int, float]]) -> float:
    """Pieces per second after each stream's first piece, over all streams."""
    pieces = sum(count - 1 for _, count, _ in streams if count > 1)
    seconds = sum(span for _, count, span in streams if count > 1)
    return pieces / seconds if seconds > 0 else 0.0


def _chat(kb: KnowledgeBase, question: str) -> tuple[list[dict[str, str]], int]:
    """The chat ask() would give the model for a question, and its number of sources."""
    sources, _, asked = numbered_sources(kb, Question(question), None)
    return build_messages(asked.prompt_text, sources), len(sources)


def _prompt_cache_effect(kb: KnowledgeBase, model: LlamaCppModel) -> dict[str, Any]:
    """First-token time of a question right after another one (shared system prompt kept in
    the KV cache), after a cache reset, and after the model read the prompt ahead (the user
    paused before pressing Enter; read_ahead_ms is how long that reading took)."""
    warm: list[float] = []
    cold: list[float] = []
    ahead: list[float] = []
    reading: list[float] = []
    reused: list[int] = []
    for previous, question in pairwise(DEMO_QUESTIONS):
        messages, _ = _chat(kb, question)
        prior, _ = _chat(kb, previous)
        model.reset()
        cold.append(_timed(model.stream_chat(messages, max_tokens=1))[0])
        _timed(model.stream_chat(prior, max_tokens=1))
        warm.append(_timed(model.stream_chat(messages, max_tokens=1))[0])
        reused.append(int(getattr(model, "last_reused_tokens", 0)))
        _timed(model.stream_chat(prior, max_tokens=1))
        started = time.perf_counter()
        read_ahead(kb, question, model=model)
        reading.append(time.perf_counter() - started)
        ahead.append(_timed(model.stream_chat(messages, max_tokens=1))[0])
    return {
        "first_token_ms_cold_p50": _median_ms(cold),
        "first_token_ms_warm_p50": _median_ms(warm),
        "first_token_ms_after_read_ahead_p50": _median_ms(ahead),
        "read_ahead_ms_p50": _median_ms(reading),
        "prompt_tokens_reused_p50": statistics.median(reused) if reused else 0,
    }


class _Deadline(CancelFlag):
    """Counts as cancelled once a moment has passed (the user typed on or pressed Enter)."""

    def __init__(self, seconds: float) -> None:
        """Cancelled seconds from now."""
        super().__init__()
        self._deadline = time.perf_counter() + seconds

    @property
    def cancelled(self) -> bool:
        """Whether the moment has passed."""
        return time.perf_counter() >= self._deadline


def _typing_effect(kb: KnowledgeBase, model: LlamaCppModel) -> dict[str, Any]:
    """First-token time when the question was typed at TYPING_MS_PER_CHAR while the model read
    ahead after every completed word, and Enter came ENTER_AFTER_MS after the last character."""
    firsts: list[float] = []
    for previous, question in pairwise(DEMO_QUESTIONS):
        _timed(model.stream_chat(_chat(kb, previous)[0], max_tokens=1))
        words = question.split()
        for count in range(1, len(words) + 1):
            typed = " ".join(words[:count])
            last = count == len(words)
            next_word_ms = ENTER_AFTER_MS if last else (len(words[count]) + 1) * TYPING_MS_PER_CHAR
            read_ahead(kb, typed, model=model, cancel=_Deadline(next_word_ms / 1000))
        firsts.append(_timed(model.stream_chat(_chat(kb, question)[0], max_tokens=1))[0])
    return {
        "typing_ms_per_char": TYPING_MS_PER_CHAR,
        "enter_after_ms": ENTER_AFTER_MS,
        "first_token_ms_after_typing_p50": _median_ms(firsts),
    }


def _median_ms(seconds: list[float]) -> float:
    """The median of durations in seconds, as milliseconds with one decimal."""
    return round(statistics.median(seconds) * 1000, 1)
