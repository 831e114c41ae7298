"""Opening the chat model chosen in the settings or by IT (or the default), ready to answer."""

from pathlib import Path

from onboard.core.llm import ChatModel
from onboard.core.models import find_model, require_usable
from onboard.core.paths import model_dirs
from onboard.core.settings import effective_settings

ANSWER_CONTEXT = 2048


def open_chat_model(
    home: Path, *, choice: str | None = None, threads: int | None = None
) -> ChatModel | None:
    """The active chat model, loaded; None when no model is installed.

    Raises ModelError (German) for a model that is broken or fails its checksum.
    """
    settings, _ = effective_settings(home)
    info = find_model(choice or settings.model or None, model_dirs(home))
    if info is None:
        return None
    path = require_usable(info)
    from onboard.core.llama import LlamaCppModel

    return LlamaCppModel(path, n_ctx=ANSWER_CONTEXT, threads=threads or settings.threads or None)
