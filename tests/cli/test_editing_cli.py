"""CLI for department leads: collections with contacts, `set` for metadata, `gaps`."""

import json
from pathlib import Path

import pytest

from onboard.cli import main
from onboard.core.answer import ask
from onboard.core.driving import run_to_end
from onboard.core.feedback import record_declined
from onboard.core.kb import KnowledgeBase
from tests.fakes import ScriptedChatModel


@pytest.fixture
def base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "kantine.md").write_text(
        "# Kantine\n\nDie Kantine im Haus B öffnet werktags um 11:30 Uhr.\n", encoding="utf-8"
    )
    options = ["--home", str(tmp_path / "home"), "--embedder", "none"]
    assert main([*options, "ingest", str(folder), "--collection", "Organisation"]) == 0
    capsys.readouterr()
    return options


def test_collections_lifecycle(base: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    contact = ["--contact-name", "Jana Krüger", "--contact-phone", "02551 69-1010"]
    assert main([*base, "collections", "create", "Hauptamt", *contact]) == 0
    assert "„Hauptamt“ angelegt" in capsys.readouterr().out
    assert main([*base, "collections", "create", "Hauptamt"]) == 1
    assert "gibt es schon" in capsys.readouterr().err
    assert main([*base, "collections", "contact", "Organisation", "--contact-unit", "Amt 10"]) == 0
    assert "Amt 10" in capsys.readouterr().out
    assert main([*base, "collections", "rename", "Organisation", "Zentrale Dienste"]) == 0
    capsys.readouterr()
    assert main([*base, "collections"]) == 0
    listing = capsys.readouterr().out
    assert "Zentrale Dienste" in listing and "Jana Krüger, 02551 69-1010" in listing
    assert main([*base, "search", "Kantine", "--json", "--collection", "Zentrale Dienste"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["collection"] == "Zentrale Dienste"
    assert main([*base, "collections", "delete", "Zentrale Dienste"]) == 1
    assert "--yes" in capsys.readouterr().err
    assert main([*base, "collections", "delete", "Zentrale Dienste", "--yes"]) == 0
    assert "gelöscht (1 Dokument)." in capsys.readouterr().out
    assert main([*base, "search", "Kantine", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_collections_list_lines_up_its_columns(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Counts of different lengths and a long collection name keep the columns in line."""
    assert main([*base, "collections", "create", "Amt für Digitalisierung und IT"]) == 0
    assert main([*base, "set", "1", "--status", "entwurf"]) == 0
    capsys.readouterr()
    assert main([*base, "collections"]) == 0
    lines = capsys.readouterr().out.splitlines()
    counts, contacts = lines[0::2], lines[1::2]
    assert [line.split("   ")[0].strip() for line in counts] == [
        "Amt für Digitalisierung und IT",
        "Organisation",
    ]
    assert counts[1].index("1 Dokument") == counts[0].index("0 Dokumente")
    assert len({len(line) for line in counts}) == 1  # chunk counts end in one column
    assert {line.index("Ansprechperson") for line in contacts} == {counts[0].index("0 Dok")}


def test_set_changes_metadata_and_draft_hides_the_document(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*base, "set", "1", "--owner", "Herr Koch", "--review-date", "30.06.2026"]) == 0
    out = capsys.readouterr().out
    assert "Verantwortlich: Herr Koch" in out and "Wiedervorlage überfällig seit 30.06.2026" in out
    assert "Wiedervorlage: 30.06.2026" in out  # as entered, not as stored
    assert main([*base, "set", "1", "--status", "entwurf"]) == 0
    capsys.readouterr()
    assert main([*base, "search", "Kantine", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main([*base, "collections"]) == 0
    assert "1 Dokument, davon 1 Entwurf" in capsys.readouterr().out
    assert main([*base, "set", "1", "--valid-until", "bald"]) == 1
    assert "Gültig bis: „bald“ ist kein Datum" in capsys.readouterr().err
    assert main([*base, "set", "99", "--owner", "x"]) == 1
    assert "kein Dokument mit der Nummer 99" in capsys.readouterr().err


def test_gaps_lists_declined_questions(
    base: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with KnowledgeBase(tmp_path / "home", embedder=None) as kb:
        result = run_to_end(
            ask(
                kb,
                "Gibt es in der Kantine vegane Gerichte?",
                model=ScriptedChatModel("KEINE_ANTWORT"),
            )
        )
        record_declined(kb.store, result)
    assert main([*base, "gaps"]) == 0
    out = capsys.readouterr().out
    assert "„Gibt es in der Kantine vegane Gerichte?“ – Organisation: 1× nicht beantwortet" in out
    assert main([*base, "collections", "create", "IT"]) == 0
    capsys.readouterr()
    assert main([*base, "gaps", "--json", "--collection", "IT"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_declined_question_from_ask_appears_in_gaps(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*base, "ask", "Wer erklärt mir Quantenchromodynamik?", "--no-model"]) == 0
    assert "Dazu steht nichts in den freigegebenen Unterlagen" in capsys.readouterr().out
    assert main([*base, "ask", "Wann öffnet die Kantine?", "--no-model"]) == 0
    capsys.readouterr()
    assert main([*base, "gaps", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(gap["question"], gap["declined"]) for gap in found] == [
        ("Wer erklärt mir Quantenchromodynamik?", 1)
    ]


def test_contact_changes_only_what_is_given(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Adding a phone number keeps the name and unit; without options the contact is shown;
    an empty value clears that one field."""
    command = [*base, "collections", "contact", "Organisation"]
    assert main([*command, "--contact-name", "Frau Ünal", "--contact-unit", "Personalamt"]) == 0
    assert main([*command, "--contact-phone", "07164 123"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Ansprechperson für „Organisation“: Frau Ünal, Personalamt, 07164 123"
    )
    assert main(command) == 0
    assert "Frau Ünal, Personalamt, 07164 123" in capsys.readouterr().out
    assert main([*command, "--contact-unit", ""]) == 0
    assert capsys.readouterr().out.strip() == (
        "Ansprechperson für „Organisation“: Frau Ünal, 07164 123"
    )
