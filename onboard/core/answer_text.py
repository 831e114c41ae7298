"""An answer as plain text to pass on (an e-mail, a note) and what it says about its search."""

from datetime import date

from onboard.core.answer import AnswerResult, Source, cited_passages


def source_line(source: Source) -> str:
    """'[1] Titel – Sammlung, Abschnitt „…“': a source and where it is in its document."""
    chunk = source.hit.chunk
    return f"[{source.number}] {chunk.title} – {chunk.collection}, {source.position}"


def sources_behind(result: AnswerResult) -> list[Source]:
    """The sources an answer rests on: the cited ones; all, for passages shown without a
    model; none for a declined question."""
    if result.abstained:
        return []
    cited = {citation.n for citation in result.citations}
    if not cited and result.extractive:
        return list(result.sources)
    return [source for source in result.sources if source.number in cited]


def answer_as_text(result: AnswerResult, *, today: date | None = None) -> str:
    """The question, the answer as shown, its sources with their places, and the date."""
    body = "\n".join(cited_passages(result)) if result.points_only else result.answer
    lines = [f"Frage: {result.question}", "", body.strip()]
    sources = sources_behind(result)
    if sources:
        lines += ["", "Quellen:", *(source_line(source) for source in sources)]
    day = today or date.today()
    lines += ["", f"Auskunft von Onboard am {day:%d.%m.%Y}; maßgeblich sind die Unterlagen selbst."]
    return "\n".join(lines) + "\n"


def searched_only(result: AnswerResult) -> str:
    """'Gesucht wurde nur in der Sammlung „IT“.' when a declined question was searched in
    some collections only (the answer may be in another), else ''."""
    if not result.abstained or not result.searched:
        return ""
    names = ", ".join(f"„{name}“" for name in result.searched)
    where = "der Sammlung" if len(result.searched) == 1 else "den Sammlungen"
    return f"Gesucht wurde nur in {where} {names}."
