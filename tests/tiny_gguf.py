"""A tiny random-weight llama-architecture GGUF with a SentencePiece-style vocab, for tests."""

from pathlib import Path

import gguf
import numpy as np

EMBEDDING = 64
HEADS = 4
FEED_FORWARD = 128
LAYERS = 2

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

WORD_TEXT = (
    "der die das und ist nicht ein eine zu in den von mit sich des auf für im dem als auch es an "
    "werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum "
    "war haben nur oder aber vor zur bis mehr durch man sein wurde sei antrag amt frist stadt "
    "gemeinde bürger formular urlaub dienst stelle leitung team frage antwort hallo danke bitte"
)
WORDS = WORD_TEXT.split()

UNKNOWN, BOS, EOS = 0, 1, 2


def _vocab() -> tuple[list[str], list[float], list[int]]:
    """Tokens, scores and types: specials, 256 byte tokens, ChatML markers, letters, word pieces."""
    tokens = ["<unk>", "<s>", "</s>"]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
    tokens += [f"<0x{byte:02X}>" for byte in range(256)]
    types += [gguf.TokenType.BYTE] * 256
    tokens += ["<|im_start|>", "<|im_end|>"]
    types += [gguf.TokenType.CONTROL] * 2
    pieces = ["▁", *"abcdefghijklmnopqrstuvwxyzäöüß.,?!:\n"]
    for word in WORDS:
        pieces += [("▁" + word)[:end] for end in range(2, len(word) + 2)]
    pieces = list(dict.fromkeys(pieces))
    tokens += pieces
    types += [gguf.TokenType.NORMAL] * len(pieces)
    scores = [0.0] * (len(tokens) - len(pieces)) + [float(len(piece)) for piece in pieces]
    return tokens, scores, [int(kind) for kind in types]


def _add_hyperparameters(writer: gguf.GGUFWriter, context_length: int) -> None:
    """The llama.* keys llama.cpp needs to build the graph."""
    writer.add_name("onboard-tiny-test")
    writer.add_context_length(context_length)
    writer.add_embedding_length(EMBEDDING)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FEED_FORWARD)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(EMBEDDING // HEADS)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)


def _add_tokenizer(writer: gguf.GGUFWriter, chat_template: str | None) -> int:
    """The SentencePiece-style tokenizer; returns the vocabulary size."""
    tokens, scores, types = _vocab()
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(UNKNOWN)
    writer.add_bos_token_id(BOS)
    writer.add_eos_token_id(EOS)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    if chat_template:
        writer.add_chat_template(chat_template)
    return len(tokens)


def _output_weights(rng: np.random.Generator, vocab: list[str]) -> np.ndarray:
    """Random logits for word pieces only, so greedy decoding yields readable text and no EOS."""
    weights = rng.normal(0.0, 1.0, (len(vocab), EMBEDDING)).astype(np.float32)
    for index, token in enumerate(vocab):
        if token.startswith("<") and token.endswith(">"):
            weights[index] = 0.0
    return weights


def _add_tensors(writer: gguf.GGUFWriter, n_vocab: int) -> None:
    """F32 weights; numpy shapes are (rows, columns) = ggml ne reversed."""
    rng = np.random.default_rng(1234)

    def matrix(rows: int, columns: int) -> np.ndarray:
        return rng.normal(0.0, 0.02 * 8, (rows, columns)).astype(np.float32)

    ones = np.ones(EMBEDDING, dtype=np.float32)
    writer.add_tensor("token_embd.weight", matrix(n_vocab, EMBEDDING))
    for layer in range(LAYERS):
        prefix = f"blk.{layer}."
        writer.add_tensor(prefix + "attn_norm.weight", ones)
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(prefix + name + ".weight", matrix(EMBEDDING, EMBEDDING))
        writer.add_tensor(prefix + "ffn_norm.weight", ones)
        writer.add_tensor(prefix + "ffn_gate.weight", matrix(FEED_FORWARD, EMBEDDING))
        writer.add_tensor(prefix + "ffn_up.weight", matrix(FEED_FORWARD, EMBEDDING))
        writer.add_tensor(prefix + "ffn_down.weight", matrix(EMBEDDING, FEED_FORWARD))
    writer.add_tensor("output_norm.weight", ones)
    writer.add_tensor("output.weight", _output_weights(rng, _vocab()[0]))


def write_tiny_gguf(
    path: Path,
    *,
    with_chat_template: bool = True,
    chat_template: str = CHATML_TEMPLATE,
    context_length: int = 256,
) -> Path:
    """Write the tiny model to path (deterministic, a few hundred KB) and return path."""
    writer = gguf.GGUFWriter(str(path), "llama")
    _add_hyperparameters(writer, context_length)
    n_vocab = _add_tokenizer(writer, chat_template if with_chat_template else None)
    _add_tensors(writer, n_vocab)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
