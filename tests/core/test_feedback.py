"""Feedback is stored with question, answer, rating, comment and source versions."""

import json
from pathlib import Path

from onboard.core.answer import ask
from onboard.core.collections import Contact, create_collection
from onboard.core.driving import run_to_end
from onboard.core.feedback import gaps, record_declined, record_feedback
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder


def test_feedback_keeps_the_source_versions(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "kantine.md").write_text("# Kantine\n\nDie Kantine öffnet um 11:30 Uhr.\n")
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        for _ in kb.ingest([folder], collection="Organisation"):
            pass
        result = run_to_end(ask(kb, "Wann öffnet die Kantine?", model=None))
        record_feedback(kb.store, result, helpful=False, comment=" Uhrzeit fehlt am Freitag ")
        rows = kb.store.feedback(collection="Organisation")
    assert len(rows) == 1
    row = rows[0]
    assert row["question"] == "Wann öffnet die Kantine?" and row["helpful"] == 0
    assert row["comment"] == "Uhrzeit fehlt am Freitag"
    sources = json.loads(row["sources"])
    assert sources[0]["title"] == "Kantine" and sources[0]["version"] == 1


def test_a_question_nothing_matches_in_one_collection_names_its_contact_and_lands_in_its_gaps(
    tmp_path: Path, fake_embedder: HashingEmbedder
) -> None:
    """Searched only in „Umwelt“ (no documents yet): the decline names Umwelt's contact and
    the question is listed under Umwelt, not under no collection."""
    with KnowledgeBase(tmp_path / "home", embedder=fake_embedder) as kb:
        create_collection(kb, "Umwelt", Contact("Gisela Grün", "Umweltamt", "-4711", ""))
        result = run_to_end(
            ask(kb, "Wann wird die Biotonne geleert?", model=None, collections=["Umwelt"])
        )
        assert result.abstained and not result.sources
        assert result.contact.startswith("Umwelt – Gisela Grün") and "Gisela Grün" in result.answer
        assert record_declined(kb.store, result)
        assert [gap.question for gap in gaps(kb.store, collection="Umwelt")] == [
            "Wann wird die Biotonne geleert?"
        ]
