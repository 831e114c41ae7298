"""Kept prompt states: the KV cache of prompts read ahead, restored when that prompt is asked."""

import ctypes
from collections import OrderedDict
from typing import Any

# States kept at once (least recently used dropped): a read demo prompt of ~350 tokens takes
# ~10 MB with the default model.
KEPT_STATES = 4
# llama.cpp's only sequence as llama-cpp-python uses it.
SEQUENCE = 0


class PromptStates:
    """A few saved KV states of read prompts, each with its tokens."""

    def __init__(self, capacity: int = KEPT_STATES) -> None:
        """Keep at most capacity states."""
        self._capacity = capacity
        self._states: OrderedDict[tuple[int, ...], bytes] = OrderedDict()

    def keep(self, llama_cpp: Any, llm: Any, tokens: list[int]) -> None:
        """Save the KV state of these tokens, the first ones the KV cache holds now (cells past
        them, e.g. of an earlier answer, are dropped first)."""
        if not tokens:
            return
        llama_cpp.llama_memory_seq_rm(
            llama_cpp.llama_get_memory(llm.ctx), SEQUENCE, len(tokens), -1
        )
        size = int(llama_cpp.llama_state_seq_get_size(llm.ctx, SEQUENCE))
        buffer = (ctypes.c_uint8 * size)()
        written = int(llama_cpp.llama_state_seq_get_data(llm.ctx, buffer, size, SEQUENCE))
        if written <= 0:
            return
        key = tuple(tokens)
        self._states[key] = bytes(buffer[:written])
        self._states.move_to_end(key)
        while len(self._states) > self._capacity:
            self._states.popitem(last=False)

    def restore(self, llama_cpp: Any, llm: Any, prompt: list[int], cached: int) -> int:
        """Load the kept state that begins the prompt, if it covers more than the `cached`
        tokens the KV cache shares with it now and leaves at least one token to evaluate.
        Returns the tokens restored (0: nothing changed)."""
        best: tuple[int, ...] = ()
        for tokens in self._states:
            longer = cached < len(tokens) < len(prompt) and len(tokens) > len(best)
            if longer and list(tokens) == prompt[: len(tokens)]:
                best = tokens
        if not best:
            return 0
        data = self._states[best]
        self._states.move_to_end(best)
        llama_cpp.llama_memory_seq_rm(llama_cpp.llama_get_memory(llm.ctx), SEQUENCE, 0, -1)
        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        if int(llama_cpp.llama_state_seq_set_data(llm.ctx, buffer, len(data), SEQUENCE)) == 0:
            llm.n_tokens = 0
            del self._states[best]
            return 0
        llm.input_ids[: len(best)] = best
        llm.n_tokens = len(best)
        return len(best)

    def clear(self) -> None:
        """Forget every kept state."""
        self._states.clear()
