"""A reasoning model's thinking is never shown: only what follows its <think> block."""

from collections.abc import Iterator

from onboard.core.reasoning import without_thinking


def _shown(pieces: list[str]) -> str:
    return "".join(without_thinking(iter(pieces)))


def test_a_reply_without_thinking_passes_unchanged() -> None:
    pieces = ["Die", " Kernzeit", " ist", " von", " 9", " bis", " 15", " Uhr", ". [", "1", "]"]
    assert list(without_thinking(iter(pieces)))[1:] == pieces[1:]
    assert _shown(pieces) == "".join(pieces)
    assert _shown(["<", "b>fett</b>"]) == "<b>fett</b>"


def test_the_thinking_block_is_left_out_however_it_is_split() -> None:
    pieces = [
        "\n<th",
        "ink",
        ">\nDie Frage",
        " nach der Kernzeit …\n</th",
        "ink>\n\nDie",
        " Kernzeit",
    ]
    assert _shown(pieces) == "Die Kernzeit"
    assert _shown(["<think>", "\n\n", "</think>", "\n\n", "KEINE_ANTWORT"]) == "KEINE_ANTWORT"


def test_a_reply_that_never_stops_thinking_shows_nothing() -> None:
    assert _shown(["<think>", "Hmm", " …"]) == ""


def test_a_reply_that_is_only_a_beginning_of_the_tag_is_shown() -> None:
    assert _shown(["<th"]) == "<th"


def test_closing_the_reply_stops_the_model() -> None:
    closed: list[bool] = []

    def model() -> Iterator[str]:
        try:
            yield from ["Die", " Kernzeit", " ist", " lang"]
        finally:
            closed.append(True)

    stream = without_thinking(model())
    assert next(stream) == "Die"
    stream.close()
    assert closed == [True]
