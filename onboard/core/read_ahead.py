"""Reading ahead: while a question is still being typed, the model processes its prompt."""

from onboard.core.answer_sources import numbered_sources, retrieval_supports
from onboard.core.follow_up import understood
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ChatModel
from onboard.core.prompt import build_messages

# Shorter questions rarely retrieve the sources of the finished question.
MIN_QUESTION_WORDS = 3


def read_ahead(
    kb: KnowledgeBase,
    question: str,
    *,
    model: ChatModel,
    collections: list[str] | None = None,
    cancel: CancelFlag | None = None,
    keep: bool = False,
    previous: str | None = None,
) -> int:
    """Let the model read the prompt that ask() would build for this question: sent unchanged,
    the answer starts at once; with one more word but the same sources, only the question and
    the closing instruction are left to process. keep: the model keeps this state even while
    it reads others (example questions); previous: as for ask(). Returns the tokens read."""
    if len(question.split()) < MIN_QUESTION_WORDS:
        return 0
    asked = understood(question, previous)
    sources, _, asked = numbered_sources(kb, asked, collections)
    if not retrieval_supports(kb, sources) or (cancel is not None and cancel.cancelled):
        return 0
    messages = build_messages(asked.prompt_text, sources)
    return model.read_ahead(messages, cancel=cancel, keep=keep)
