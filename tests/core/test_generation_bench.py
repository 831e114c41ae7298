"""The generation benchmark: both streaming paths over all demo prompts, on the tiny GGUF."""

from pathlib import Path

from onboard.core import generation_bench
from tests.core.test_answer_llama import _demo_kb
from tests.fakes import HashingEmbedder
from tests.tiny_gguf import write_tiny_gguf


def test_pieces_per_second_pools_all_streams_after_their_first_piece() -> None:
    # (first-piece seconds, pieces, seconds from first to last piece)
    streams = [(0.5, 11, 1.0), (0.4, 31, 2.0), (0.3, 1, 0.0)]
    # 10 + 30 pieces after the first in 3 s; a one-piece stream adds nothing
    assert generation_bench._pieces_per_second(streams) == 40 / 3
    assert generation_bench._pieces_per_second([(0.2, 1, 0.0)]) == 0.0


def test_benchmark_streams_every_demo_prompt_through_both_paths(tmp_path: Path) -> None:
    model_path = write_tiny_gguf(tmp_path / "tiny.gguf", context_length=4096)
    with _demo_kb(tmp_path / "home", HashingEmbedder()) as kb:
        result = generation_bench.run(kb, model_path, rounds=2)
    assert result["raw_tokens_per_s_median"] > 0 and result["onboard_tokens_per_s_median"] > 0
    assert len(result["rate_ratio_per_round"]) == 2
    expected = result["onboard_tokens_per_s_median"] / result["raw_tokens_per_s_median"]
    assert abs(result["rate_ratio"] - expected) < 0.01
    assert result["answers"] == len(generation_bench.DEMO_QUESTIONS)
    assert result["prompt_tokens_reused_p50"] > 0  # the system prompt came from the cache
