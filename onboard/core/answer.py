"""Answering: sources first, a support check, a streamed German answer with checked citations."""

import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

from onboard.core.answer_numbers import invented_numbers
from onboard.core.answer_sources import Source as Source  # part of the answer's results
from onboard.core.answer_sources import numbered_sources, retrieval_supports
from onboard.core.answer_words import invented_wording
from onboard.core.citations import (
    cited_numbers,
    may_become_a_quote,
    quotes_sources,
    reattribute,
    says_something,
    without_repeats,
)
from onboard.core.excerpts import names_enough_of_the_question, names_the_question
from onboard.core.follow_up import Question, understood
from onboard.core.ingest import CancelFlag
from onboard.core.kb import KnowledgeBase
from onboard.core.llm import ChatModel, ContextOverflow
from onboard.core.model_reply import NO_ANSWER_MARKER, Reply, stream_reply
from onboard.core.model_reply import AnswerToken as AnswerToken  # part of the answer's events
from onboard.core.prompt import REMINDER, SECOND_LOOK_REMINDER, build_messages
from onboard.core.search import SearchHit

DECLINE_TEXT = "Dazu steht nichts in den freigegebenen Unterlagen."
EXTRACTIVE_NOTE = "Auszüge aus den Unterlagen (ohne Sprachmodell):"
# After the excerpts when even the question with one source is too long for the model.
TOO_LONG_NOTE = "Die Frage ist zu lang für das Sprachmodell. Bitte fassen Sie sie kürzer."
QUOTE_NOTE = "Wörtlich aus den Unterlagen:"  # before a sentence found on the second look
UNCITED_NOTE = "(Der Antwortentwurf nannte keine Quelle und wird deshalb nicht angezeigt.)"
INVENTED_NUMBER_NOTE = (
    "(Der Antwortentwurf nannte {numbers}, was nicht in seinen Quellen steht, und wird "
    "deshalb nicht angezeigt.)"
)
INVENTED_WORDING_NOTE = (
    "(Der Antwortentwurf enthielt Wörter wie {words}, die weder in seinen Quellen noch in der "
    "Frage stehen, und wird deshalb nicht angezeigt.)"
)
# Shown instead of a decline when the model found no answer but the best source names every
# term of the question: the small model declines such questions often (bench/RESULTS.md).
POINTER_NOTE = (
    "Das Sprachmodell hat keine belegte Antwort formuliert. Am besten passt diese Stelle – "
    "bitte prüfen Sie selbst, ob sie Ihre Frage beantwortet:"
)
# Shown above the cited passages when the model only named sources or repeated the question.
POINTS_ONLY_NOTE = "Das Sprachmodell hat nur auf diese Stellen verwiesen:"


@dataclass(frozen=True)
class SourcesFound:
    """Emitted right after retrieval, before any generation; expired: documents that matched
    better than a source but are no longer valid (named to the user, never used)."""

    sources: list[Source]
    retrieval_ms: float
    expired: list[SearchHit] = field(default_factory=list)
    follow_up_of: str | None = None  # the previous question, when this one follows it up
    respelt: str | None = None  # the question with misspelt words respelt, if it had any


@dataclass(frozen=True)
class Citation:
    """A valid citation of the answer."""

    n: int
    doc_id: int
    title: str
    collection: str
    position: str


@dataclass
class AnswerResult:
    """The outcome of one question."""

    question: str
    answer: str
    abstained: bool
    supported: bool
    extractive: bool
    citations: list[Citation]
    sources: list[Source]
    timings: dict[str, float]
    model: str | None
    contact: str = ""
    expired: list[SearchHit] = field(default_factory=list)
    invalid_citations: list[int] = field(default_factory=list)
    reattributed: list[tuple[int, int]] = field(default_factory=list)
    cancelled: bool = False
    points_only: bool = False  # the model only pointed at sources or repeated the question
    pointed: bool = False  # no answer from the model: the best source is shown instead
    second_look: bool = False  # the answer came after the model first declined
    invented_numbers: list[str] = field(default_factory=list)  # why a draft was not shown
    invented_wording: list[str] = field(default_factory=list)  # or why (answer_words)
    dropped_draft: str = ""  # that draft, for evaluation (never shown)
    follow_up_of: str | None = None  # the previous question, when this one follows it up
    too_long: bool = False  # the question did not fit the model: excerpts instead
    searched: list[str] | None = None  # the collections searched (None: all)
    respelt: str | None = None  # the question with misspelt words respelt, if it had any

    @property
    def question_in_context(self) -> str:
        """The question as the editors' lists show it: a follow-up names its previous one."""
        if not self.follow_up_of:
            return self.question
        return f"{self.question} (Nachfrage zu „{self.follow_up_of}“)"

    @property
    def topic_collection(self) -> str:
        """The collection the question belongs to: that of the best source, else the one
        collection searched, else ''."""
        if self.sources:
            return self.sources[0].hit.chunk.collection
        return self.searched[0] if self.searched and len(self.searched) == 1 else ""

    @property
    def conversation(self) -> str:
        """The previous question(s) and this one: what a further follow-up refers to."""
        return f"{self.follow_up_of} {self.question}" if self.follow_up_of else self.question

    @property
    def asked_about(self) -> str:
        """What the question is about: with the previous one for a follow-up."""
        return Question(self.respelt or self.question, self.follow_up_of).search_text

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of `onboard ask --json`."""
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "supported": self.supported,
            "extractive": self.extractive,
            "citations": [citation.__dict__ for citation in self.citations],
            "sources": [source.as_dict() for source in self.sources],
            "timings": self.timings,
            "model": self.model,
            "contact": self.contact,
            "expired_sources": [
                {"doc_id": hit.chunk.document_id, "title": hit.chunk.title, "notes": hit.notes()}
                for hit in self.expired
            ],
            "invalid_citations_removed": len(self.invalid_citations),
            "citations_reattributed": len(self.reattributed),
            "cancelled": self.cancelled,
            "points_only": self.points_only,
            "pointed": self.pointed,
            "second_look": self.second_look,
            "invented_numbers": self.invented_numbers,
            "invented_wording": self.invented_wording,
            "follow_up_of": self.follow_up_of,
            "respelt_question": self.respelt,
            "too_long": self.too_long,
        }


AnswerEvent = SourcesFound | AnswerToken


def ask(
    kb: KnowledgeBase,
    question: str,
    *,
    model: ChatModel | None,
    collections: list[str] | None = None,
    cancel: CancelFlag | None = None,
    previous: str | None = None,
) -> Generator[AnswerEvent, None, AnswerResult]:
    """Answer a question from the knowledge base; yields sources first, then answer pieces.

    previous: the question asked just before; a follow-up of it („Und wie lange?“) is searched
    and answered together with it (onboard.core.follow_up).
    """
    started = time.perf_counter()
    asked = understood(question, previous)
    sources, expired, asked = numbered_sources(kb, asked, collections)
    retrieval_ms = _ms(started)
    result = AnswerResult(
        question=question,
        answer="",
        abstained=False,
        supported=False,
        extractive=model is None,
        citations=[],
        sources=sources,
        timings={"retrieval_ms": retrieval_ms},
        model=model.identity if model else None,
        expired=expired,
        follow_up_of=asked.previous,
        searched=collections,
        respelt=asked.text if asked.text != question.strip() else None,
    )
    yield SourcesFound(sources, retrieval_ms, expired, asked.previous, result.respelt)
    result.contact = _contact(kb, result)
    if not retrieval_supports(kb, sources):
        _decline_or_point(result)
    elif model is None:
        yield from _answer_from_excerpts(result)
    else:
        yield from _generate(model, asked, sources, result, cancel)
    result.timings["total_ms"] = _ms(started)
    return result


def _generate(
    model: ChatModel,
    asked: Question,
    sources: list[Source],
    result: AnswerResult,
    cancel: CancelFlag | None,
) -> Generator[AnswerToken, None, None]:
    """Stream the model's answer; if it declines, ask once more for the answering sentence
    and show it only if it stands word for word in the source it cites."""
    started = time.perf_counter()
    question, about = asked.prompt_text, asked.search_text
    try:
        reply = yield from _reply(model, question, sources, REMINDER, cancel)
    except ContextOverflow:  # even with one source: the question itself is too long
        result.extractive = result.too_long = True
        yield from _answer_from_excerpts(result)
        return
    if reply.first_token_ms is not None:
        result.timings["first_token_ms"] = reply.first_token_ms
    tokens = reply.tokens
    second_look = (
        reply.declined
        and not (cancel and cancel.cancelled)
        and _may_hold_a_fitting_quote(sources, about)
    )
    if second_look:
        reply = yield from _reply(
            model, question, sources, SECOND_LOOK_REMINDER, cancel, quoting=True
        )
        tokens += reply.tokens
        if not _is_a_fitting_quote(reply, sources, about):
            reply = Reply(declined=True)
        else:
            reply.text = f"{QUOTE_NOTE}\n{reply.text}"
            yield AnswerToken(reply.text)
    seconds = time.perf_counter() - started
    result.timings["generation_ms"] = round(seconds * 1000, 1)
    result.timings["tokens_per_s"] = round(tokens / seconds, 1) if seconds > 0 else 0.0
    result.cancelled = bool(cancel and cancel.cancelled)
    if reply.declined or not reply.text or NO_ANSWER_MARKER in reply.text:
        _decline_or_point(result)
        return
    _finish(result, reply.text, reply.removed)
    result.second_look = second_look and result.supported


def _reply(
    model: ChatModel,
    question: str,
    sources: list[Source],
    reminder: str,
    cancel: CancelFlag | None,
    *,
    quoting: bool = False,
) -> Generator[AnswerToken, None, Reply]:
    """One pass of the model over the numbered sources, ending with the given reminder;
    quoting: nothing is shown, and the model is stopped once it leaves the sources' words."""
    chunks = [source.hit.chunk.text for source in sources]
    return (
        yield from stream_reply(
            model,
            lambda count: build_messages(question, sources[:count], reminder),
            len(sources),
            cancel,
            show=not quoting,
            keeps_to=(lambda start: may_become_a_quote(start, chunks)) if quoting else None,
        )
    )


def _may_hold_a_fitting_quote(sources: list[Source], question: str) -> bool:
    """Whether the sources together name enough of the question for a quote from them to do
    so (_is_a_fitting_quote); if not, a second look cannot find an answer."""
    return names_enough_of_the_question(
        " ".join(source.hit.chunk.text for source in sources), question
    )


def _is_a_fitting_quote(reply: Reply, sources: list[Source], question: str) -> bool:
    """Whether a second look found a sentence: quoted word for word from the sources it cites,
    more than their titles, and itself naming two terms of the question."""
    chunks = {source.number: source.hit.chunk.text for source in sources}
    titles = [source.hit.chunk.title for source in sources]
    return (
        not reply.declined
        and not reply.stopped
        and quotes_sources(reply.text, chunks)
        and says_something(reply.text, titles, question=question)
        and names_enough_of_the_question(reply.text, question)
    )


def _finish(result: AnswerResult, text: str, removed: list[int]) -> None:
    """Record the answer and its valid citations; no citation means not supported."""
    if not result.extractive:
        excerpts = {source.number: source.hit.chunk.text for source in result.sources}
        text, result.reattributed = reattribute(without_repeats(text), excerpts)
    numbers = cited_numbers(text, valid=range(1, len(result.sources) + 1))
    result.invalid_citations = removed
    result.citations = [_citation(result.sources[n - 1]) for n in numbers]
    if not result.citations:
        _decline_or_point(result, note=UNCITED_NOTE)
        return
    if not result.extractive:
        full_texts = _full_texts(result)
        result.invented_numbers = invented_numbers(text, full_texts, result.question)
        if not result.invented_numbers:
            result.invented_wording = invented_wording(text, full_texts, result.question)
        note = _invention_note(result)
        if note:
            result.dropped_draft = text
            # the model found something in the source it cited: not "nothing", but check it
            cited_first = result.sources[numbers[0] - 1]
            _decline_or_point(result, note=note, otherwise=cited_first)
            return
    result.supported = True
    result.answer = text
    titles = [source.hit.chunk.title for source in result.sources]
    result.points_only = not says_something(text, titles, question=result.question)


def _invention_note(result: AnswerResult) -> str:
    """Why a draft is not shown: numbers or wording that its sources lack; "" if none."""
    if result.invented_numbers:
        return INVENTED_NUMBER_NOTE.format(numbers=_quoted(result.invented_numbers))
    if result.invented_wording:
        return INVENTED_WORDING_NOTE.format(words=_quoted(result.invented_wording[:3]))
    return ""


def _quoted(words: list[str]) -> str:
    """„a“, „b“ und „c“."""
    marked = [f"„{word}“" for word in words]
    if len(marked) < 3:
        return " und ".join(marked)
    return ", ".join(marked[:-1]) + f" und {marked[-1]}"


def _decline_or_point(
    result: AnswerResult, *, note: str = "", otherwise: Source | None = None
) -> None:
    """No cited answer (the model gave none, or no passage came close in meaning): show the
    best source if it names the question's terms (the answer may well be in it), else the
    source given as otherwise, else decline. A cancelled answer is declined."""
    best = result.sources[0] if result.sources else None
    shown_note = note if result.invented_numbers or result.invented_wording else ""
    if result.cancelled or best is None:
        _decline(result, note=note)
    elif names_the_question(_shown(best), result.asked_about):
        _point(result, best, note=shown_note)
    elif otherwise is not None:
        _point(result, otherwise, note=shown_note)
    else:
        _decline(result, note=note)


def _full_texts(result: AnswerResult) -> dict[int, str]:
    """Each source's title, headings and whole passage, by number."""
    return {source.number: _labelled(source, source.hit.chunk.text) for source in result.sources}


def _shown(source: Source) -> str:
    """What the user sees of a source: title, headings and the excerpt."""
    return _labelled(source, source.excerpt)


def _labelled(source: Source, text: str) -> str:
    """A source's title and headings, then text."""
    chunk = source.hit.chunk
    return " ".join([chunk.title, *chunk.heading_path, text])


def _point(result: AnswerResult, source: Source, *, note: str = "") -> None:
    """Answer with the source itself, marked as such, why a draft was dropped (if it was
    streamed and then dropped for an invented number), and who to ask."""
    result.abstained = False
    result.supported = False
    result.pointed = True
    result.citations = [_citation(source)]
    lines = [POINTER_NOTE, f"[{source.number}] {source.hit.chunk.title}: {source.excerpt}"]
    if note:
        lines.append(note)
    if result.contact:
        lines.append(f"Im Zweifel weiß es: {result.contact}.")
    result.answer = "\n".join(lines)


def _decline(result: AnswerResult, *, note: str = "") -> None:
    """Say that the documents do not answer (and why a draft was dropped), and who to ask."""
    result.abstained = True
    result.supported = False
    result.citations = []
    parts = [DECLINE_TEXT]
    if note:
        parts.append(note)
    if result.contact:
        parts.append(f"Am ehesten weiß es: {result.contact}.")
    result.answer = " ".join(parts)


def cited_passages(result: AnswerResult) -> list[str]:
    """Each cited source as „[n] Titel: Auszug“: what an answer that only pointed at sources
    (points_only) is shown as."""
    return [
        f"[{s.number}] {s.hit.chunk.title}: {s.excerpt}"
        for s in (
            result.sources[c.n - 1] for c in result.citations if 1 <= c.n <= len(result.sources)
        )
    ]


def _answer_from_excerpts(result: AnswerResult) -> Generator[AnswerToken, None, None]:
    """Without a model (or when the question is too long for it): the best excerpts,
    numbered like citations."""
    lines = [EXTRACTIVE_NOTE]
    lines.extend(f"[{s.number}] {s.hit.chunk.title}: {s.excerpt}" for s in result.sources[:2])
    if result.too_long:
        lines.append(TOO_LONG_NOTE)
    text = "\n".join(lines)
    yield AnswerToken(text)
    _finish(result, text, [])


def _citation(source: Source) -> Citation:
    """A citation record for a source."""
    chunk = source.hit.chunk
    return Citation(
        source.number, chunk.document_id, chunk.title, chunk.collection, source.position
    )


def _contact(kb: KnowledgeBase, result: AnswerResult) -> str:
    """The contact of the question's collection, else the owner of the best document, else
    who looks after the collection."""
    collection = result.topic_collection
    if not collection:
        return ""
    contact = kb.store.collection_contact(collection)
    if contact:
        return f"{collection} – {contact}"
    best = result.sources[0].hit.chunk if result.sources else None
    document = kb.store.document(best.document_id) if best else None
    owner = str(document["owner"]) if document else ""
    return owner or f"wer die Sammlung „{collection}“ betreut"


def _ms(started: float) -> float:
    """Milliseconds since started."""
    return round((time.perf_counter() - started) * 1000, 1)
