"""Feedback on answers ("hilfreich" / "nicht hilfreich") and the gaps it reveals."""

import json
from dataclasses import dataclass
from typing import Any

from onboard.core.answer import AnswerResult
from onboard.core.store import Store, now_iso


def record_feedback(store: Store, result: AnswerResult, *, helpful: bool, comment: str = "") -> int:
    """Save a rating of an answer with its question, answer text and cited source versions."""
    sources = [
        {
            "n": source.number,
            "doc_id": source.hit.chunk.document_id,
            "version": source.hit.chunk.version,
            "title": source.hit.chunk.title,
            "position": source.position,
        }
        for source in result.sources
    ]
    collection = result.sources[0].hit.chunk.collection if result.sources else ""
    row: dict[str, Any] = {
        "question": result.question_in_context,
        "answer": result.answer,
        "helpful": int(helpful),
        "comment": comment.strip(),
        "abstained": int(result.abstained),
        "collection": collection,
        "sources": json.dumps(sources, ensure_ascii=False),
        "model": result.model or "",
    }
    return store.add_feedback(row)


@dataclass(frozen=True)
class Gap:
    """A question the documents did not answer well: how often, why, what people said."""

    question: str
    collection: str
    declined: int
    not_helpful: int
    comments: tuple[str, ...]
    last_asked: str


def record_declined(store: Store, result: AnswerResult) -> bool:
    """Log a question the documents did not answer, or that the model answered only by showing
    the best source (no user is recorded); True if logged."""
    unanswered = result.abstained or result.pointed
    if not unanswered or result.cancelled or not result.question.strip():
        return False
    store.require_writable()
    store.db.table("declined_questions").insert(
        {
            "created_at": now_iso(),
            "question": result.question_in_context.strip(),
            "collection": result.topic_collection,
        }
    )
    return True


def gaps(store: Store, *, collection: str | None = None) -> list[Gap]:
    """Declined questions and answers rated 'nicht hilfreich', grouped by question, most
    frequent first (the pages a department lead should write next)."""
    where, params = ("WHERE collection = ?", [collection]) if collection is not None else ("", [])
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    declined = store.db.query(
        f"SELECT question, collection, created_at FROM declined_questions {where}", params
    )
    for row in declined:
        _group(groups, row)["declined"] += 1
    condition = f"{where} AND helpful = 0" if where else "WHERE helpful = 0"
    rated = store.db.query(
        f"SELECT question, collection, created_at, comment FROM feedback {condition}", params
    )
    for row in rated:
        group = _group(groups, row)
        group["not_helpful"] += 1
        if row["comment"]:
            group["comments"].append(str(row["comment"]))
    result = [
        Gap(
            question=str(group["question"]),
            collection=str(group["collection"]),
            declined=int(group["declined"]),
            not_helpful=int(group["not_helpful"]),
            comments=tuple(dict.fromkeys(group["comments"])),
            last_asked=str(group["last"]),
        )
        for group in groups.values()
    ]
    result.sort(key=lambda gap: gap.last_asked, reverse=True)
    result.sort(key=lambda gap: gap.declined + gap.not_helpful, reverse=True)
    return result


def _group(groups: dict[tuple[str, str], dict[str, Any]], row: dict[str, Any]) -> dict[str, Any]:
    """The group of a question (same wording, case and spacing ignored) in a collection."""
    question = " ".join(str(row["question"]).split())
    key = (question.casefold().rstrip("?!. "), str(row["collection"]))
    group = groups.setdefault(
        key,
        {
            "question": question,
            "collection": row["collection"],
            "declined": 0,
            "not_helpful": 0,
            "comments": [],
            "last": "",
        },
    )
    group["last"] = max(group["last"], str(row["created_at"]))
    return group
