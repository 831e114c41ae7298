"""Answers as HTML for the answer view: escaped text, citations as source:n links."""

import html
import re

from onboard.core.answer import (
    EXTRACTIVE_NOTE,
    POINTER_NOTE,
    POINTS_ONLY_NOTE,
    QUOTE_NOTE,
    AnswerResult,
    cited_passages,
)
from onboard.core.answer_text import searched_only
from onboard.core.citations import CITATION
from onboard.gui.style import Tone

CONTACT_LEAD = "Am ehesten weiß es:"
SEARCH_ALL_HINT = "Mit „Alle Sammlungen“ oben sucht Onboard in allen Unterlagen."
_NUMBER = re.compile(r"\d{1,3}")


def source_url(number: int) -> str:
    """The anchor of a citation."""
    return f"source:{number}"


def _anchor(number: int, label: str) -> str:
    """A link to a source."""
    return f'<a href="{source_url(number)}" title="Quelle {number} öffnen">{label}</a>'


def _linked(match: re.Match[str], valid: range) -> str:
    """[1] as one link; in [1, 2] each valid number a link; invalid numbers stay plain."""
    inside = match.group(1)
    if inside.isdigit() and int(inside) in valid:
        return _anchor(int(inside), f"[{inside}]")

    def link(number_match: re.Match[str]) -> str:
        number = int(number_match.group(0))
        return _anchor(number, str(number)) if number in valid else number_match.group(0)

    return "[" + _NUMBER.sub(link, inside) + "]"


def linkify(text: str, source_count: int) -> str:
    """Escape text and turn [n] markers of existing sources into links."""
    valid = range(1, source_count + 1)
    parts: list[str] = []
    last = 0
    for match in CITATION.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        parts.append(_linked(match, valid))
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def _paragraphs(text: str, source_count: int) -> str:
    """Lines as paragraphs, each linkified."""
    lines = [line for line in text.strip().split("\n") if line.strip()]
    return "".join(f"<p>{linkify(line, source_count)}</p>" for line in lines)


def answer_html(text: str, source_count: int) -> str:
    """A (possibly still streaming) answer: paragraphs with citation links, a leading note
    (excerpts without a model, a source shown instead of an answer, a quoted sentence) in
    italics."""
    for lead in (EXTRACTIVE_NOTE, POINTER_NOTE, QUOTE_NOTE):
        if text.startswith(lead):
            note = f"<p><i>{html.escape(lead)}</i></p>"
            return note + _paragraphs(text[len(lead) :], source_count)
    return _paragraphs(text, source_count)


def cited_excerpts_html(result: AnswerResult) -> str:
    """For an answer that only pointed at sources: the excerpts of the cited sources."""
    note = f"<p><i>{html.escape(POINTS_ONLY_NOTE)}</i></p>"
    return note + _paragraphs("\n".join(cited_passages(result)), len(result.sources))


def boxed_html(inner: str, colors: Tone) -> str:
    """Content in a coloured box (a one-cell table: QTextDocument draws borders on tables)."""
    return (
        f'<table width="100%" cellpadding="10" cellspacing="0" border="1" '
        f'style="border-color: {colors.border}; border-style: solid;" '
        f'bgcolor="{colors.background}"><tr><td style="color: {colors.foreground};">'
        f"{inner}</td></tr></table>"
    )


def declined_html(result: AnswerResult, colors: Tone) -> str:
    """The decline text in its box, with the contact in bold."""
    text = result.answer
    lead, _, contact = text.partition(CONTACT_LEAD)
    inner = f"<p><b>Keine Antwort in den Unterlagen</b></p><p>{html.escape(lead.strip())}</p>"
    if contact.strip():
        name = contact.strip().rstrip(".")
        inner += f"<p>{html.escape(CONTACT_LEAD)} <b>{html.escape(name)}</b></p>"
    only = searched_only(result)
    if only:
        inner += f"<p>{html.escape(only)} {SEARCH_ALL_HINT}</p>"
    return boxed_html(inner, colors)


def error_html(message: str, colors: Tone) -> str:
    """A German error message in its box."""
    inner = f"<p><b>Die Antwort konnte nicht erstellt werden.</b></p><p>{html.escape(message)}</p>"
    return boxed_html(inner, colors)


def cancelled_html(partial: str, source_count: int) -> str:
    """What had been streamed before the answer was cancelled, marked as incomplete."""
    note = "<p><i>Die Antwort wurde abgebrochen.</i></p>"
    if not partial.strip():
        return note
    return note + "<p><i>Unvollständiger Entwurf:</i></p>" + _paragraphs(partial, source_count)
