"""The chat the model reads: a fixed system prompt (the cacheable prefix), the numbered
sources, the question and a closing reminder."""

from onboard.core.answer_sources import Source
from onboard.core.model_reply import NO_ANSWER_MARKER

SYSTEM_PROMPT = (
    "Du bist der Onboarding-Assistent einer deutschen Verwaltung. Beantworte die Frage "
    "ausschließlich mit den nummerierten Quellen. Antworte kurz und sachlich auf Deutsch "
    "(höchstens vier Sätze). Setze hinter jede Aussage die Nummer ihrer Quelle in eckigen "
    "Klammern, zum Beispiel [1]. Erfinde nichts. Wenn die Quellen die Frage nicht "
    f"beantworten, antworte nur: {NO_ANSWER_MARKER}"
)


# Repeated after the question: the small models follow an instruction at the end far more
# reliably than one in the system prompt (measured on the demo questions).
REMINDER = (
    "Antworte in höchstens drei Sätzen mit der Quelle nach jedem Satz, z. B. [1]. "
    f"Steht es nicht in den Quellen: {NO_ANSWER_MARKER}"
)
# Asked once more when the model declined (same sources and question, so only this reminder is
# new to the model): the small model declines some questions whose answer it was given, but
# quotes the sentence when asked for it. Only a word-for-word quote of whole sentences that
# names two terms of the question is shown (_is_a_fitting_quote, bench/RESULTS.md); the model
# is stopped as soon as its words leave those of the sources.
SECOND_LOOK_REMINDER = (
    "Zitiere wörtlich den Satz der Quellen, der die Frage beantwortet, und setze seine Nummer "
    f"dahinter, z. B. [1]. Passt keiner: {NO_ANSWER_MARKER}"
)


def build_messages(
    question: str, sources: list[Source], reminder: str = REMINDER
) -> list[dict[str, str]]:
    """The chat: a fixed system prompt (cacheable prefix), then the sources and the question."""
    blocks = [f"[{s.number}] {s.hit.chunk.title}\n{s.excerpt}" for s in sources]
    user = "Quellen:\n\n" + "\n\n".join(blocks) + f"\n\nFrage: {question}\n\n{reminder}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]
