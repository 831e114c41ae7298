"""The llama.cpp chat model: a local GGUF file run greedily through llama-cpp-python."""

import ctypes
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from onboard.core.ingest import CancelFlag
from onboard.core.llm import ContextOverflow, ModelError
from onboard.core.prompt_states import PromptStates
from onboard.core.reasoning import TEMPLATE_OPTIONS, without_thinking

GGUF_MAGIC = b"GGUF"
SEED = 1234
# Tokens evaluated per step when reading ahead: small enough that a cancel (the question was
# sent or changed) takes effect within a fraction of a second.
READ_AHEAD_STEP = 32
# Room left for the answer: a prompt this close to the context size is not read ahead.
MAX_READ_AHEAD_MARGIN = 64

# Used when a GGUF carries no chat template of its own (Qwen and many others speak ChatML).
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
CHATML_END = "<|im_end|>"

# The ctypes log callback must outlive every model, or llama.cpp calls freed memory.
_LOG_CALLBACKS: list[object] = []


def physical_cores() -> int:
    """Physical CPU cores (distinct core ids per package), else logical CPUs; at least 1."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        cpuinfo = ""
    return _cores_in_cpuinfo(cpuinfo) or max(os.cpu_count() or 1, 1)


def _cores_in_cpuinfo(cpuinfo: str) -> int:
    """Number of distinct (physical id, core id) pairs in /proc/cpuinfo text; 0 if none."""
    cores: set[tuple[str, str]] = set()
    package = "0"
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "physical id":
            package = value.strip()
        elif key.strip() == "core id":
            cores.add((package, value.strip()))
    return len(cores)


def _ignore_log(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
    """Drop one line of llama.cpp's C-level log."""


def _silence_llama_logs(llama_cpp: Any) -> None:
    """Route llama.cpp's log output to a no-op callback (once per process)."""
    if not _LOG_CALLBACKS:
        callback = llama_cpp.llama_log_callback(_ignore_log)
        _LOG_CALLBACKS.append(callback)
        llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))


def _import_llama_cpp() -> Any:
    """Import llama_cpp quietly.

    OpenMP's wait policy stays at its default (spinning): on an idle 2-core PC it generates
    30 tokens/s against 20 with OMP_WAIT_POLICY=PASSIVE (bench/RESULTS.md). On a machine
    that is busy with other work, IT can set OMP_WAIT_POLICY=PASSIVE in the environment.
    """
    import llama_cpp

    _silence_llama_logs(llama_cpp)
    return llama_cpp


def _check_model_file(path: Path) -> None:
    """Raise ModelError (German) unless path is a readable file that starts like a GGUF."""
    if not path.is_file():
        raise ModelError(f"Die Modelldatei „{path}“ wurde nicht gefunden.")
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(GGUF_MAGIC))
    except OSError as error:
        raise ModelError(
            f"Die Modelldatei „{path}“ kann nicht gelesen werden ({error.strerror})."
        ) from error
    if magic != GGUF_MAGIC:
        raise ModelError(
            f"Die Datei „{path.name}“ ist keine GGUF-Modelldatei; "
            "benötigt wird ein Sprachmodell im GGUF-Format."
        )


def _load(llama_cpp: Any, path: Path, *, n_ctx: int, threads: int) -> Any:
    """A llama_cpp.Llama for path, or ModelError (German) when llama.cpp refuses the file."""
    try:
        return llama_cpp.Llama(
            model_path=str(path),
            n_ctx=n_ctx,
            n_threads=threads,
            n_threads_batch=threads,
            use_mmap=False,
            seed=SEED,
            verbose=False,
        )
    except (ValueError, RuntimeError, OSError) as error:
        raise ModelError(
            f"Die Modelldatei „{path.name}“ ist beschädigt "
            "oder wird von llama.cpp nicht unterstützt."
        ) from error


def _token_text(llama_cpp: Any, llm: Any, token: int) -> str:
    """The text of a (special) token, empty for -1."""
    if token < 0:
        return ""
    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    text: bytes = llama_cpp.llama_vocab_get_text(vocab, token)
    return text.decode("utf-8", errors="replace")


def _chat_formatter(llama_cpp: Any, llm: Any) -> Any:
    """The model's own chat template as llama-cpp-python applies it, else plain ChatML."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        return Jinja2ChatFormatter(template=CHATML_TEMPLATE, eos_token=CHATML_END, bos_token="")
    eos = int(llm.token_eos())
    return Jinja2ChatFormatter(
        template=template,
        eos_token=_token_text(llama_cpp, llm, eos),
        bos_token=_token_text(llama_cpp, llm, int(llm.token_bos())),
        stop_token_ids=[eos],
    )


def _system_in_first_turn(messages: list[dict[str, str]]) -> list[dict[str, str]] | None:
    """The chat with its system message at the start of the first user message, for chat
    templates that refuse a system role (Gemma, early Mistral); None if it has none."""
    if len(messages) < 2 or messages[0]["role"] != "system" or messages[1]["role"] != "user":
        return None
    first = {"role": "user", "content": f"{messages[0]['content']}\n\n{messages[1]['content']}"}
    return [first, *messages[2:]]


def _common_prefix(first: list[int], second: list[int]) -> int:
    """Length of the common leading run of two token lists."""
    length = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        length += 1
    return length


class LlamaCppModel:
    """A GGUF chat model in llama.cpp: greedy, streamed, with prompt-prefix (KV cache) reuse."""

    def __init__(self, path: Path, *, n_ctx: int = 4096, threads: int | None = None) -> None:
        """Load the model; ModelError (German) for a missing, foreign or broken file."""
        _check_model_file(path)
        llama_cpp = _import_llama_cpp()
        threads = threads or physical_cores()
        llm = _load(llama_cpp, path, n_ctx=n_ctx, threads=threads)
        trained = int(llama_cpp.llama_model_n_ctx_train(llm.model))
        if 0 < trained < n_ctx:
            llm.close()
            llm = _load(llama_cpp, path, n_ctx=trained, threads=threads)
        self._llm: Any = llm
        self._llama_cpp: Any = llama_cpp
        self._kept = PromptStates()
        self._formatter: Any = _chat_formatter(llama_cpp, llm)
        self.identity = f"{path.name} ({path.stat().st_size} Bytes)"
        self.context_length = min(n_ctx, int(llm.n_ctx()))
        self.has_chat_template = bool(llm.metadata.get("tokenizer.chat_template"))
        self.last_prompt_tokens = 0
        self.last_reused_tokens = 0

    def __enter__(self) -> "LlamaCppModel":
        """Use as a context manager that closes the model."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Free the model."""
        self.close()

    def _model(self) -> Any:
        """The loaded llama_cpp.Llama, or ModelError after close()."""
        if self._llm is None:
            raise ModelError("Das Sprachmodell wurde bereits geschlossen.")
        return self._llm

    def count_tokens(self, text: str) -> int:
        """Number of tokens of text (special markers count as one token, no BOS)."""
        tokens = self._model().tokenize(text.encode("utf-8"), add_bos=False, special=True)
        return len(tokens)

    def stream_chat(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        cancel: CancelFlag | None = None,
    ) -> Iterator[str]:
        """Stream the greedy reply; ContextOverflow (raised at once) if it cannot fit."""
        formatted = self._format(messages)
        prompt = self._tokenize_prompt(formatted)
        if len(prompt) + max_tokens > self.context_length:
            raise ContextOverflow(
                f"Die Anfrage ist zu lang für das Sprachmodell: {len(prompt)} Token Frage "
                f"und Kontext plus {max_tokens} Token Antwort passen nicht in sein "
                f"Kontextfenster von {self.context_length} Token. Bitte weniger Kontext "
                "oder eine kürzere Frage verwenden."
            )
        self._note_reuse(prompt, cached=self._restore_kept(prompt))
        return without_thinking(
            self._generate(prompt, formatted, max_tokens=max_tokens, cancel=cancel)
        )

    def read_ahead(
        self,
        messages: list[dict[str, str]],
        *,
        cancel: CancelFlag | None = None,
        keep: bool = False,
    ) -> int:
        """Evaluate the chat's prompt but its last token into the KV cache, in small steps that
        stop on cancel; a following stream_chat only processes what differs from it (nothing
        but the last token if the chat is the same). keep: also save the read state, so the
        chat starts at once even after other prompts were read. Returns the tokens newly
        evaluated."""
        prompt = self._tokenize_prompt(self._format(messages))
        prefix = prompt[:-1]
        if len(prefix) + MAX_READ_AHEAD_MARGIN > self.context_length:
            return 0
        start = min(self._restore_kept(prompt), len(prefix))
        llm = self._model()
        llm.n_tokens = start  # eval() drops the cache from here on
        evaluated = 0
        for step in range(start, len(prefix), READ_AHEAD_STEP):
            if cancel is not None and cancel.cancelled:
                return evaluated
            batch = prefix[step : step + READ_AHEAD_STEP]
            llm.eval(batch)
            evaluated += len(batch)
        if keep:
            self._kept.keep(self._llama_cpp, llm, prefix)
        return evaluated

    def _restore_kept(self, prompt: list[int]) -> int:
        """Load a kept state that covers more of the prompt than the KV cache does now;
        returns how many of the prompt's first tokens the KV cache then holds."""
        cached = _common_prefix(self._cached_tokens(), prompt)
        restored = self._kept.restore(self._llama_cpp, self._model(), prompt, cached)
        return max(cached, restored)

    def _format(self, messages: list[dict[str, str]]) -> Any:
        """The chat rendered by the template (prompt text, stop strings, stop tokens)."""
        from jinja2 import TemplateError

        try:
            return self._formatter(messages=messages, **TEMPLATE_OPTIONS)
        except (TemplateError, ValueError) as error:
            merged = _system_in_first_turn(messages)
            if merged is not None:
                try:
                    return self._formatter(messages=merged, **TEMPLATE_OPTIONS)
                except (TemplateError, ValueError):
                    pass
            raise ModelError(
                f"Die Chat-Vorlage des Sprachmodells lässt sich nicht anwenden: {error}"
            ) from error

    def _tokenize_prompt(self, formatted: Any) -> list[int]:
        """Prompt tokens exactly as llama-cpp-python's chat handler builds them."""
        text: str = formatted.prompt
        tokens: list[int] = self._model().tokenize(
            text.encode("utf-8"), add_bos=not formatted.added_special, special=True
        )
        return tokens

    def _note_reuse(self, prompt: list[int], *, cached: int) -> None:
        """Record prompt size and how much of it (cached tokens) the KV cache already holds."""
        self.last_prompt_tokens = len(prompt)
        self.last_reused_tokens = min(cached, max(len(prompt) - 1, 0))

    def _cached_tokens(self) -> list[int]:
        """The tokens whose state the KV cache holds now."""
        llm = self._model()
        return [int(token) for token in llm.input_ids[: llm.n_tokens]]

    def _generate(
        self,
        prompt: list[int],
        formatted: Any,
        *,
        max_tokens: int,
        cancel: CancelFlag | None,
    ) -> Iterator[str]:
        """Yield text pieces until the end, max_tokens or a cancel request."""
        if cancel is not None and cancel.cancelled:
            return
        chunks = self._model().create_completion(
            prompt=prompt,
            stream=True,
            max_tokens=max_tokens,
            temperature=0.0,
            top_k=1,
            repeat_penalty=1.0,
            stop=formatted.stop,
            stopping_criteria=formatted.stopping_criteria,
        )
        try:
            for chunk in chunks:
                text: str = chunk["choices"][0]["text"]
                if text:
                    yield text
                if cancel is not None and cancel.cancelled:
                    break
        finally:
            chunks.close()

    def reset(self) -> None:
        """Forget the cached prompt and the kept states: the next prompt is evaluated from its
        first token (benchmarks)."""
        self._model().reset()
        self._kept.clear()
        self.last_reused_tokens = 0

    def close(self) -> None:
        """Free the model's memory; further calls raise ModelError."""
        if self._llm is not None:
            self._llm.close()
            self._llm = None
