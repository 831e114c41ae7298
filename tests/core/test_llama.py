"""The llama.cpp chat model on a tiny random-weight GGUF: loading, streaming, limits, errors."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from onboard.core.driving import collect
from onboard.core.ingest import CancelFlag
from onboard.core.llama import LlamaCppModel, _cores_in_cpuinfo, physical_cores
from onboard.core.llm import ChatModel, ContextOverflow, ModelError
from onboard.core.model_reply import stream_reply
from tests.tiny_gguf import CHATML_TEMPLATE, write_tiny_gguf

QUESTION = [
    {"role": "system", "content": "Du beantwortest Fragen zur Einarbeitung in der Stadt."},
    {"role": "user", "content": "Wie stelle ich einen Antrag auf Urlaub?"},
]


@pytest.fixture(scope="module")
def tiny_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with a ChatML chat template and 256 tokens of trained context."""
    return write_tiny_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf")


@pytest.fixture(scope="module")
def model(tiny_path: Path) -> Iterator[LlamaCppModel]:
    """The tiny model, loaded once for the module."""
    with LlamaCppModel(tiny_path, threads=1) as loaded:
        yield loaded


def _answer(model: ChatModel, messages: list[dict[str, str]], max_tokens: int = 12) -> list[str]:
    return list(model.stream_chat(messages, max_tokens=max_tokens))


def test_physical_cores_counts_core_ids_per_package() -> None:
    cpuinfo = "".join(
        f"processor\t: {cpu}\nphysical id\t: {cpu // 4}\ncore id\t\t: {cpu % 2}\n\n"
        for cpu in range(8)
    )
    assert _cores_in_cpuinfo(cpuinfo) == 4
    assert _cores_in_cpuinfo("processor : 0\n") == 0
    assert physical_cores() >= 1


def test_loads_with_identity_and_capped_context(model: LlamaCppModel, tiny_path: Path) -> None:
    assert model.identity == f"tiny.gguf ({tiny_path.stat().st_size} Bytes)"
    assert model.context_length == 256
    assert model.has_chat_template
    assert model.count_tokens("der Antrag") > 0
    assert model.count_tokens("<|im_start|>") == 1


def test_streams_deterministic_text(model: LlamaCppModel) -> None:
    first = _answer(model, QUESTION)
    second = _answer(model, QUESTION)
    assert first
    assert all(first)
    assert "".join(first).strip()
    assert first == second


def test_matches_llama_cpp_python_chat_completion(model: LlamaCppModel) -> None:
    reference = model._model().create_chat_completion(
        messages=QUESTION, max_tokens=12, temperature=0.0, top_k=1, repeat_penalty=1.0
    )
    assert "".join(_answer(model, QUESTION)) == reference["choices"][0]["message"]["content"]


def test_max_tokens_is_respected(model: LlamaCppModel) -> None:
    text = "".join(_answer(model, QUESTION, max_tokens=5))
    assert 0 < model.count_tokens(text) <= 5 + 1


def test_cancel_stops_the_stream(model: LlamaCppModel) -> None:
    full = _answer(model, QUESTION, max_tokens=20)
    flag = CancelFlag()
    pieces = []
    for piece in model.stream_chat(QUESTION, max_tokens=20, cancel=flag):
        pieces.append(piece)
        flag.cancel()
    assert len(pieces) == 1
    assert len(pieces) < len(full)
    assert list(model.stream_chat(QUESTION, max_tokens=20, cancel=flag)) == []


def test_context_overflow_is_raised_in_german(model: LlamaCppModel) -> None:
    long_question = [{"role": "user", "content": "der Antrag auf Urlaub " * 200}]
    with pytest.raises(ContextOverflow, match="Kontextfenster von 256 Token"):
        model.stream_chat(long_question, max_tokens=10)
    short = [{"role": "user", "content": "Hallo"}]
    with pytest.raises(ContextOverflow, match="zu lang"):
        model.stream_chat(short, max_tokens=250)


def test_prompt_prefix_is_reused(model: LlamaCppModel) -> None:
    system = {"role": "system", "content": "Du bist die Wissensdatenbank der Stadt. " * 3}
    _answer(model, [system, {"role": "user", "content": "Wo ist das Amt?"}])
    _answer(model, [system, {"role": "user", "content": "Wann ist die Frist?"}])
    system_tokens = model.count_tokens(system["content"])
    assert model.last_prompt_tokens > system_tokens
    assert system_tokens < model.last_reused_tokens < model.last_prompt_tokens
    model.reset()
    _answer(model, [system, {"role": "user", "content": "Wann ist die Frist?"}])
    assert model.last_reused_tokens == 0


SOURCES = "Quellen:\n\n[1] Urlaub\nUrlaub beantragen Sie im Zeitportal, zwei Wochen vorher."
ASKED = [
    {"role": "system", "content": "Du bist die Wissensdatenbank der Stadt."},
    {"role": "user", "content": SOURCES + "\n\nFrage: Wie beantrage ich Urlaub?\n\nKurz."},
]


def _cold_answer(model: LlamaCppModel) -> tuple[list[str], int]:
    """The answer to ASKED and its prompt size from an empty cache; the cache is empty again."""
    model.reset()
    expected = _answer(model, ASKED)
    full_prompt = model.last_prompt_tokens
    model.reset()
    return expected, full_prompt


def test_read_ahead_leaves_only_the_last_token_and_keeps_the_answer(
    model: LlamaCppModel,
) -> None:
    expected, full_prompt = _cold_answer(model)
    assert model.read_ahead(ASKED) == full_prompt - 1
    assert model.read_ahead(ASKED) == 0  # already in the cache
    assert _answer(model, ASKED) == expected
    assert model.last_reused_tokens == full_prompt - 1


def test_read_ahead_of_a_changed_question_reuses_the_shared_beginning(
    model: LlamaCppModel,
) -> None:
    model.reset()
    model.read_ahead(ASKED)
    changed = [ASKED[0], {"role": "user", "content": SOURCES + "\n\nFrage: Wann?\n\nKurz."}]
    read = model.read_ahead(changed)
    assert 0 < read < model.count_tokens(changed[1]["content"])


def test_a_kept_read_ahead_starts_its_answer_at_once_after_other_prompts(
    model: LlamaCppModel,
) -> None:
    expected, full_prompt = _cold_answer(model)
    other = [ASKED[0], {"role": "user", "content": "Wo parke ich mein Fahrrad?"}]
    assert model.read_ahead(ASKED, keep=True) == full_prompt - 1
    _answer(model, other)  # the KV cache now holds another prompt
    assert model.read_ahead(ASKED) == 0  # restored, nothing left to read
    _answer(model, other)
    assert _answer(model, ASKED) == expected
    assert model.last_reused_tokens == full_prompt - 1
    model.reset()  # forgets kept states too
    _answer(model, other)
    _answer(model, ASKED)
    assert model.last_reused_tokens < full_prompt - 1


def test_read_ahead_stops_on_cancel(model: LlamaCppModel) -> None:
    model.reset()
    flag = CancelFlag()
    flag.cancel()
    assert model.read_ahead(ASKED, cancel=flag) == 0
    expected = _answer(model, ASKED)
    assert model.last_reused_tokens == 0
    assert expected


def test_without_chat_template_falls_back_to_chatml(tmp_path: Path) -> None:
    path = write_tiny_gguf(tmp_path / "plain.gguf", with_chat_template=False)
    with LlamaCppModel(path, n_ctx=128, threads=1) as plain:
        assert not plain.has_chat_template
        assert plain.context_length == 128
        pieces = _answer(plain, QUESTION)
    assert "".join(pieces).strip()


# Like Gemma's template: a system message is refused.
NO_SYSTEM_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% endif %}"
    "{% for message in messages %}"
    "{{ '<start_of_turn>' + message['role'] + '\\n' + message['content'] + '<end_of_turn>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)


def test_a_template_without_system_role_gets_the_system_text_in_the_first_turn(
    tmp_path: Path,
) -> None:
    path = write_tiny_gguf(tmp_path / "gemma-art.gguf", chat_template=NO_SYSTEM_TEMPLATE)
    with LlamaCppModel(path, threads=1) as model:
        pieces = _answer(model, QUESTION)
        both = QUESTION[0]["content"] + "\n\n" + QUESTION[1]["content"]
        assert model.last_prompt_tokens > model.count_tokens(both)
    assert "".join(pieces).strip()


# Like Qwen3's template, which thinks unless enable_thinking is false (here: refuses to).
THINKING_TEMPLATE = (
    "{% if enable_thinking is not defined or enable_thinking %}"
    "{{ raise_exception('würde nachdenken') }}{% endif %}" + CHATML_TEMPLATE
)


def test_a_reasoning_models_template_is_told_not_to_think(tmp_path: Path) -> None:
    path = write_tiny_gguf(tmp_path / "denkt.gguf", chat_template=THINKING_TEMPLATE)
    with LlamaCppModel(path, threads=1) as model:
        pieces = _answer(model, QUESTION)
    assert "".join(pieces).strip()


def test_a_template_that_refuses_every_chat_is_a_german_error(tmp_path: Path) -> None:
    broken = "{{ raise_exception('Vorlage kaputt') }}"
    path = write_tiny_gguf(tmp_path / "kaputt.gguf", chat_template=broken)
    with (
        LlamaCppModel(path, threads=1) as model,
        pytest.raises(ModelError, match="Chat-Vorlage des Sprachmodells"),
    ):
        _answer(model, QUESTION)


def test_closed_model_refuses_work(tiny_path: Path) -> None:
    closed = LlamaCppModel(tiny_path, threads=1)
    closed.close()
    closed.close()
    with pytest.raises(ModelError, match="geschlossen"):
        closed.count_tokens("Hallo")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="wurde nicht gefunden"):
        LlamaCppModel(tmp_path / "fehlt.gguf")


def test_text_file_is_not_a_gguf(tmp_path: Path) -> None:
    path = tmp_path / "notiz.gguf"
    path.write_text("Das ist kein Modell, nur eine Notiz.", encoding="utf-8")
    with pytest.raises(ModelError, match="keine GGUF-Modelldatei"):
        LlamaCppModel(path)


@pytest.mark.parametrize("fraction", [0.5, 0.01])
def test_truncated_gguf_is_reported_as_broken(
    tiny_path: Path, tmp_path: Path, fraction: float
) -> None:
    data = tiny_path.read_bytes()
    path = tmp_path / "kaputt.gguf"
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(ModelError, match=r"beschädigt oder wird von llama\.cpp nicht unterstützt"):
        LlamaCppModel(path, threads=1)


def test_a_reply_leaves_out_sources_until_its_prompt_fits(model: LlamaCppModel) -> None:
    """llama.cpp refuses a prompt that is too long at once; the reply then tries again with
    one source fewer, and so on."""
    unit = "Urlaub "
    per_source = max(1, 12 // model.count_tokens(unit))
    tried: list[int] = []

    def messages_for(count: int) -> list[dict[str, str]]:
        tried.append(count)
        return [{"role": "user", "content": unit * (per_source * count)}]

    _, reply = collect(stream_reply(model, messages_for, 3, None))
    assert tried[0] == 3 and 1 <= tried[-1] < 3
    assert reply.tokens > 0
