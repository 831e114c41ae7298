"""Drafts never reach employees; expired documents stay out of answers but show in search."""

from datetime import date
from pathlib import Path

import pytest

from onboard.core.answer import ask
from onboard.core.driving import collect, run_to_end
from onboard.core.ingest import IMPORTED
from onboard.core.kb import KnowledgeBase
from tests.fakes import HashingEmbedder, ScriptedChatModel

PAGES = {
    "kantine.md": "---\ntitel: Kantine\nwiedervorlage: 2026-06-30\n---\n# Kantine\n\n"
    "Die Kantine im Kreishaus öffnet um 11.30 Uhr. Das Mittagessen kostet 4,20 Euro.\n",
    "parken.md": "---\ntitel: Parken\nstatus: Entwurf\n---\n# Parken\n\n"
    "Der Parkplatz hinter dem Kreishaus ist für Beschäftigte mit Parkausweis.\n",
    "corona.md": "---\ntitel: Corona-Regeln\ngueltig_bis: 2023-03-31\n---\n# Corona-Regeln\n\n"
    "Im Kreishaus gilt Maskenpflicht in den Fluren und im Aufzug.\n",
}
TODAY = date(2026, 11, 21)


@pytest.fixture
def kb(tmp_path: Path, fake_embedder: HashingEmbedder) -> KnowledgeBase:
    folder = tmp_path / "seiten"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    knowledge_base = KnowledgeBase(tmp_path / "home", embedder=fake_embedder)
    report = run_to_end(knowledge_base.ingest([folder], collection="Organisation"))
    assert report.count(IMPORTED) == 3
    run_to_end(knowledge_base.embed_pending())
    yield knowledge_base  # type: ignore[misc]
    knowledge_base.close()


def _titles(kb: KnowledgeBase, question: str, **options: object) -> list[str]:
    return [hit.chunk.title for hit in kb.search(question, k=5, today=TODAY, **options)]  # type: ignore[arg-type]


def test_front_matter_status_is_stored(kb: KnowledgeBase) -> None:
    statuses = {row["title"]: row["status"] for row in kb.documents()}
    assert statuses == {
        "Kantine": "Freigegeben",
        "Parken": "Entwurf",
        "Corona-Regeln": "Freigegeben",
    }


@pytest.mark.parametrize("mode", ["hybrid", "fulltext", "vector"])
def test_drafts_never_appear_in_search(kb: KnowledgeBase, mode: str) -> None:
    assert "Parken" not in _titles(kb, "Parkplatz Parkausweis Kreishaus", mode=mode)
    assert "Parken" in _titles(kb, "Parkplatz Parkausweis", mode=mode, include_drafts=True)


def test_a_released_draft_appears_at_once_without_reindexing(kb: KnowledgeBase) -> None:
    parking = next(row for row in kb.documents() if row["title"] == "Parken")
    kb.set_metadata(parking["id"], {"status": "Freigegeben"})
    assert _titles(kb, "Parkplatz Parkausweis")[0] == "Parken"
    kb.set_metadata(parking["id"], {"status": "Entwurf"})
    assert "Parken" not in _titles(kb, "Parkplatz Parkausweis")


def test_a_status_set_in_onboard_survives_a_changed_file_whose_header_did_not_change(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    """The header says „Freigegeben“; the lead sets „Entwurf“: editing the text keeps the
    draft hidden, only a changed header value (here the owner) replaces what was set."""
    page = tmp_path / "seiten" / "schluessel.md"
    header = "---\ntitel: Schlüssel\nverantwortlich: Anna Alt\nstatus: Freigegeben\n---\n"
    body = "# Schlüssel\n\nSchlüssel gibt die Hausmeisterei im Raum 0.12 aus.\n"
    page.write_text(header + body, encoding="utf-8")
    run_to_end(kb.sync())
    keys = next(row for row in kb.documents() if row["title"] == "Schlüssel")
    kb.set_metadata(keys["id"], {"status": "Entwurf", "owner": "Bernd Neu"})
    page.write_text(header + body + "Verlust bitte sofort melden.\n", encoding="utf-8")
    run_to_end(kb.sync())
    row = kb.store.document(keys["id"]) or {}
    assert (row["version"], row["status"], row["owner"]) == (2, "Entwurf", "Bernd Neu")
    assert "Schlüssel" not in _titles(kb, "Schlüssel Hausmeisterei Verlust")
    page.write_text(header.replace("Anna Alt", "Carla Koch") + body, encoding="utf-8")
    run_to_end(kb.sync())
    row = kb.store.document(keys["id"]) or {}
    assert (row["status"], row["owner"]) == ("Entwurf", "Carla Koch")


def test_a_header_change_replaces_a_status_set_in_onboard(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    page = tmp_path / "seiten" / "parken.md"
    parking = next(row for row in kb.documents() if row["title"] == "Parken")
    kb.set_metadata(parking["id"], {"status": "Freigegeben"})
    page.write_text(PAGES["parken.md"] + "Neu: Ladesäulen.\n", encoding="utf-8")
    run_to_end(kb.sync())  # header unchanged (Entwurf): the release stays
    assert (kb.store.document(parking["id"]) or {})["status"] == "Freigegeben"
    page.write_text(
        page.read_text(encoding="utf-8")
        .replace("status: Entwurf", "status: Freigegeben")
        .replace("# Parken", "# Parken\n\nStand: Juli"),
        encoding="utf-8",
    )
    kb.set_metadata(parking["id"], {"status": "Entwurf"})
    run_to_end(kb.sync())  # the header now says Freigegeben: the author released it
    assert (kb.store.document(parking["id"]) or {})["status"] == "Freigegeben"


def test_expired_documents_show_in_search_with_a_note(kb: KnowledgeBase) -> None:
    hits = kb.search("Maskenpflicht Flure Aufzug", k=3, today=TODAY)
    assert hits[0].chunk.title == "Corona-Regeln"
    assert hits[0].notes(TODAY) == ["abgelaufen (gültig bis 31.03.2023)"]
    assert hits[0].as_dict()["notes"] == ["abgelaufen (gültig bis 31.03.2023)"]
    assert "Corona-Regeln" not in _titles(kb, "Maskenpflicht Flure Aufzug", include_expired=False)


def test_answers_leave_out_drafts_and_expired_documents(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Es gilt Maskenpflicht [1].")
    events, result = collect(ask(kb, "Gilt im Kreishaus Maskenpflicht?", model=model))
    titles = {source.hit.chunk.title for source in result.sources}
    assert "Corona-Regeln" not in titles and "Parken" not in titles
    prompt = model.prompts[0][1]["content"]
    assert "Fluren und im Aufzug" not in prompt and "Parkausweis" not in prompt
    assert events[0].expired == result.expired  # type: ignore[attr-defined]
    assert [hit.chunk.title for hit in result.expired] == ["Corona-Regeln"]
    expired = result.as_dict()["expired_sources"]
    assert expired[0]["title"] == "Corona-Regeln"
    assert expired[0]["notes"] == ["abgelaufen (gültig bis 31.03.2023)"]


def test_overdue_source_carries_its_warning_into_the_answer(kb: KnowledgeBase) -> None:
    model = ScriptedChatModel("Die Kantine öffnet um 11.30 Uhr [1].")
    result = run_to_end(ask(kb, "Wann öffnet die Kantine?", model=model))
    canteen = next(s for s in result.sources if s.hit.chunk.title == "Kantine")
    assert "Wiedervorlage überfällig seit 30.06.2026" in canteen.hit.notes(TODAY)
    assert "Wiedervorlage überfällig seit 30.06.2026" in canteen.as_dict()["notes"]
    assert not result.abstained
