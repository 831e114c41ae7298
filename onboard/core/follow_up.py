"""Follow-up questions: „Und wie viele Tage stehen mir zu?“ right after „Wie beantrage ich
Urlaub?“ is searched and answered together with the question before it.

A question counts as a follow-up only by its words: it begins with „und“ or „was ist mit“, it
refers back with a da-word („dafür“, „dabei“ …) or „dort“, or a pronoun stands for something
said before („Wie rechne ich das ab?“, „Was kostet es mich?“). Everything else stands alone.
"""

import re
from dataclasses import dataclass

from onboard.core.respelling import respelt

_OPENINGS = ("und", "was ist mit", "wie ist es mit", "wie sieht es mit", "gilt das")
_REFERRING_WORDS = frozenset(
    [
        "dafür",
        "dafuer",
        "dazu",
        "dabei",
        "davon",
        "damit",
        "daran",
        "darauf",
        "darüber",
        "darueber",
        "darin",
        "daraus",
        "dort",
        "dorthin",
        "dran",
        "drauf",
        "drin",
        "drüber",
    ]
)
# A pronoun refers back unless it is an article (a noun follows within two words: „das
# Formular“, „das erste Plastom“), the „es“ of „gibt es“, or a noun before it is what it means.
_PRONOUNS = frozenset(["das", "dies", "diese", "dieses", "es", "ihn", "ihm"])
_ARTICLES = frozenset(["das", "diese", "dieses"])
_ARTICLE_REACH = 2
_EXPLETIVE_BEFORE_ES = frozenset(["gibt", "gab", "geht", "ging"])
_WORD = re.compile(r"\w+", re.UNICODE)
# The first letter of a sentence is capitalised whatever the word: „Was nun?“ names no noun.
_SENTENCE_START = re.compile(r"(^|[.?!:]\s+)(\w)")
_POLITE = frozenset(["Sie", "Ihr", "Ihre", "Ihnen", "Ihren", "Ihrem", "Ihrer"])
# „…, damit er heute noch rausgeht“: a conjunction, not a reference.
_CONJUNCTION = re.compile(r",\s*(damit|dabei|darauf|davon)\b", re.IGNORECASE)
# How much of the previous question (or chain of questions) is kept: the topic comes first.
PREVIOUS_CHARS = 200
# A follow-up rarely names more than one thing; a question with more stands alone.
MAX_NOUNS = 1


@dataclass(frozen=True)
class Question:
    """What was asked, and the question before it when this one follows it up."""

    text: str
    previous: str | None = None

    @property
    def search_text(self) -> str:
        """What the search and the excerpts look for: for a follow-up, the question with the
        things the previous one named (its nouns; all of it if it names none). Its other words
        would pull the search back to the previous answer („beantrage“ in „Wie beantrage ich
        Urlaub?“ for „Und wie viele Tage stehen mir zu?“; bench/RESULTS.md)."""
        if not self.previous:
            return self.text
        named = _nouns(_words(self.previous))
        return f"{self.text} {' '.join(named) if named else self.previous}"

    def respelt(self, found: dict[str, str]) -> "Question":
        """The question with its misspelt words respelt (onboard.core.respelling)."""
        return Question(respelt(self.text, found), self.previous) if found else self

    @property
    def prompt_text(self) -> str:
        """The question as the model reads it."""
        if not self.previous:
            return self.text
        return f"{self.text} (Nachfrage zur vorigen Frage: {self.previous})"


def understood(text: str, previous: str | None) -> Question:
    """The question, tied to the previous one when it reads as a follow-up of it (the previous
    one cut to PREVIOUS_CHARS at a word's end: a chain of follow-ups keeps its beginning)."""
    text = text.strip()
    previous = " ".join((previous or "").split())
    if len(previous) > PREVIOUS_CHARS:
        previous = previous[:PREVIOUS_CHARS].rsplit(" ", 1)[0] + " …"
    if previous and previous != text and is_follow_up(text):
        return Question(text, previous)
    return Question(text)


def is_follow_up(question: str) -> bool:
    """Whether the question only makes sense with the one before it (see the module)."""
    words = _words(question)
    lowered = [word.lower() for word in words]
    if not lowered:
        return False
    phrase = " ".join(lowered)
    if any(phrase == opening or phrase.startswith(opening + " ") for opening in _OPENINGS):
        return True
    if len(_nouns(words)) > MAX_NOUNS:
        return False  # a question that names its subject stands alone
    if any(word in _REFERRING_WORDS for word in lowered) and not _CONJUNCTION.search(question):
        return True
    return any(_refers_back(words, position) for position in range(len(words)))


def _words(text: str) -> list[str]:
    """The words of a text, each sentence's first word in lower case."""
    marked = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).lower(), text.strip())
    return _WORD.findall(marked)


def _nouns(words: list[str]) -> list[str]:
    """The capitalised words (German nouns; see _words), without the polite „Sie“."""
    return [word for word in words if word[:1].isupper() and word not in _POLITE]


def _refers_back(words: list[str], position: int) -> bool:
    """Whether the word at position is a pronoun for something said before."""
    word = words[position].lower()
    if word not in _PRONOUNS:
        return False
    following = words[position + 1 : position + 1 + _ARTICLE_REACH]
    if word in _ARTICLES and any(later[:1].isupper() for later in following):
        return False  # an article: „das Formular“, „das erste Plastom“
    if word == "es" and position > 0 and words[position - 1].lower() in _EXPLETIVE_BEFORE_ES:
        return False  # „Gibt es …“
    return not _nouns(words[: position + 1])  # „… ein Bürger … über ihn“ refers inside
