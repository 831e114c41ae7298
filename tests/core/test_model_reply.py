"""One pass of the model: a reply that is given up stops the model at once."""

from collections.abc import Iterator

from onboard.core.driving import run_to_end
from onboard.core.model_reply import stream_reply
from tests.fakes import ScriptedChatModel

MESSAGES = [{"role": "user", "content": "Frage"}]


class ClosingModel(ScriptedChatModel):
    """Counts the streams closed before their end (the model stopped)."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.closed = 0

    def stream_chat(
        self, messages: list[dict[str, str]], *, max_tokens: int, cancel: object = None
    ) -> Iterator[str]:
        """The scripted stream, noting a close."""
        try:
            yield from super().stream_chat(messages, max_tokens=max_tokens, cancel=cancel)
        except GeneratorExit:
            self.closed += 1
            raise


def test_a_reply_leaving_its_rule_is_stopped_there() -> None:
    model = ClosingModel("Das steht so in der Quelle und dann folgt etwas Eigenes dazu.")
    own_words = lambda text: "Eigenes" not in text  # noqa: E731
    reply = run_to_end(stream_reply(model, lambda _: MESSAGES, 1, None, keeps_to=own_words))
    assert reply.stopped and not reply.declined and not reply.text
    assert model.streamed == [11] and model.closed == 1  # stopped at "Eigenes"


def test_a_decline_stops_the_model_and_an_answer_runs_to_its_end() -> None:
    declined = ClosingModel("KEINE_ANTWORT – die Quellen sagen dazu nichts.")
    assert run_to_end(stream_reply(declined, lambda _: MESSAGES, 1, None)).declined
    assert declined.closed == 1 and declined.streamed == [1]
    answered = ClosingModel("Die Kantine öffnet um 11:30 Uhr. [1]")
    reply = run_to_end(stream_reply(answered, lambda _: MESSAGES, 1, None, keeps_to=bool))
    assert reply.text == "Die Kantine öffnet um 11:30 Uhr. [1]" and not reply.stopped
    assert answered.closed == 0
