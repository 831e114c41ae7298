"""The chat-model seam: a small protocol, its errors, and the llama.cpp implementation."""

from collections.abc import Iterator
from typing import Protocol

from onboard.core.ingest import CancelFlag


class ModelError(RuntimeError):
    """A model that cannot be used (missing, broken, not a GGUF, too small a context); German."""


class ContextOverflow(ModelError):
    """The prompt does not fit into the model's context window."""


class ChatModel(Protocol):
    """A loaded chat model that streams its answer token by token."""

    identity: str
    context_length: int

    def count_tokens(self, text: str) -> int:
        """Number of tokens of a text in this model's vocabulary."""
        ...

    def stream_chat(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        cancel: CancelFlag | None = None,
    ) -> Iterator[str]:
        """Stream the assistant's reply to a chat as text pieces; greedy, deterministic."""
        ...

    def read_ahead(
        self,
        messages: list[dict[str, str]],
        *,
        cancel: CancelFlag | None = None,
        keep: bool = False,
    ) -> int:
        """Process the chat's prompt ahead of time (while the question is still being typed) so
        that stream_chat with the same chat starts at once; keep: keep that state even while
        other prompts are read. Returns the tokens processed now."""
        ...
