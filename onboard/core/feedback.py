"""Feedback on answers ("hilfreich" / "nicht hilfreich"), stored with the source versions."""

import json
from typing import Any

from onboard.core.answer import AnswerResult
from onboard.core.store import Store


def record_feedback(store: Store, result: AnswerResult, *, helpful: bool, comment: str = "") -> int:
    """Save a rating of an answer with its question, answer text and cited source versions."""
    sources = [
        {
            "n": source.number,
            "doc_id": source.hit.chunk.document_id,
            "version": source.hit.chunk.version,
            "title": source.hit.chunk.title,
            "position": source.hit.position,
        }
        for source in result.sources
    ]
    collection = result.sources[0].hit.chunk.collection if result.sources else ""
    row: dict[str, Any] = {
        "question": result.question,
        "answer": result.answer,
        "helpful": int(helpful),
        "comment": comment.strip(),
        "abstained": int(result.abstained),
        "collection": collection,
        "sources": json.dumps(sources, ensure_ascii=False),
        "model": result.model or "",
    }
    return store.add_feedback(row)
