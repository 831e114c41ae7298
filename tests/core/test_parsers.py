"""Parsers: real municipal documents, generated good files and every import-problem path."""

import io
import random
import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from odf import dc, table, text
from odf.opendocument import OpenDocumentText
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from onboard.core.documents import ImportProblem, ParsedDocument
from onboard.core.parsers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, parse_file
from onboard.core.parsers.pdf import join_lines

BAD_BOLL = Path(__file__).resolve().parents[2].parent / "shared" / "docs" / "bad_boll"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def real_docs() -> Path:
    """The real Bad Boll documents, or skip where ../shared is absent."""
    if not BAD_BOLL.is_dir():
        pytest.skip("../shared/docs/bad_boll fehlt: Tests mit echten Dokumenten übersprungen")
    return BAD_BOLL


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def problem(path: Path, **kwargs: int) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        parse_file(path, **kwargs)
    return caught.value


def random_bytes(size: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def pdf_bytes(
    pages: list[list[str]],
    *,
    title: str | None = None,
    encrypt: str | None = None,
    draw: Callable[[canvas.Canvas], None] | None = None,
) -> bytes:
    """A PDF with one text line per entry (an empty entry leaves a blank line)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        y = 760.0
        for line in lines:
            if line:
                pdf.drawString(72, y, line)
            y -= 14
        if draw is not None:
            draw(pdf)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Handbuch Bürgerbüro", level=0)
    document.add_paragraph("Willkommen im Team der Gemeindeverwaltung.")
    document.add_heading("Meldewesen", level=1)
    document.add_paragraph("Anmeldungen werden innerhalb von zwei Wochen bearbeitet.")
    document.add_heading("Ausweise", level=2)
    document.add_paragraph("Personalausweise sind sechs Wochen nach Antrag abholbereit.")
    document.add_heading("Kontakte", level=1)
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "Name", "Telefon"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "Frau Müller", "07164 123"
    document.add_paragraph("Nach der Tabelle geht es weiter.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(*, title: str = "Einarbeitung Kämmerei") -> bytes:
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=title))
    document.text.addElement(text.H(outlinelevel=1, text="Kämmerei"))
    document.text.addElement(text.P(text="Die Kämmerei verwaltet den Haushalt."))
    document.text.addElement(text.H(outlinelevel=2, text="Rechnungen"))
    items = text.List()
    for entry in ("Rechnung prüfen", "Sachlich richtig zeichnen"):
        item = text.ListItem()
        item.addElement(text.P(text=entry))
        items.addElement(item)
    document.text.addElement(items)
    grid = table.Table(name="Fristen")
    for cells in (("Vorgang", "Frist"), ("Zahlung", "30 Tage")):
        grid.addElement(odt_row(cells))
    document.text.addElement(grid)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def odt_row(values: tuple[str, ...]) -> table.TableRow:
    """An ODT table row with one paragraph per cell."""
    row = table.TableRow()
    for value in values:
        cell = table.TableCell()
        cell.addElement(text.P(text=value))
        row.addElement(cell)
    return row


def zip_bytes(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def paths(document: ParsedDocument) -> set[tuple[str, ...]]:
    return {section.heading_path for section in document.sections}


def section_with(document: ParsedDocument, phrase: str) -> tuple[str, tuple[str, ...], int | None]:
    for section in document.sections:
        if phrase in section.text:
            return section.text, section.heading_path, section.page
    raise AssertionError(f"{phrase!r} not found")


def assert_clean(document: ParsedDocument) -> None:
    assert document.sections
    for section in document.sections:
        assert section.text.strip() == section.text and section.text
        assert unicodedata.normalize("NFC", section.text) == section.text
        assert "\u00ad" not in section.text and "\ufffe" not in section.text
    assert unicodedata.normalize("NFC", document.title) == document.title


# --- real documents ------------------------------------------------------------------------


@pytest.mark.shared
def test_real_markdown_bylaw(real_docs: Path) -> None:
    path = real_docs / "Regelungsmodul-GEM-BBO/Satzungen-und-Ordnungen/BBO_Satzung_Streupflicht.md"
    document = parse_file(path)
    assert document.format == "markdown"
    assert document.title.startswith("Satzung über die Verpflichtung der Straßenanlieger")
    assert document.title.endswith("(Streupflichtsatzung)")
    assert document.metadata["status"] == "published"
    assert all(section.heading_path for section in document.sections)
    body, heading_path, _ = section_with(document, "Schnee- und Eisglätte zu bestreuen")
    assert heading_path == (
        "GEMEINDE BAD BOLL",
        "§ 1 Übertragung der Reinigungs-, Räum- und Streupflicht",
    )
    assert body.startswith("(1) Den Straßenanliegern obliegt es")
    assert_clean(document)
    assert not any("**" in s.text or s.text.startswith("#") for s in document.sections)


@pytest.mark.shared
def test_real_pdf_law_has_numbered_pages(real_docs: Path) -> None:
    path = real_docs / "Regelungsmodul-BUND/Bundesgesetze/ArbSchG.pdf"
    document = parse_file(path)
    assert document.format == "pdf"
    assert document.title.startswith("Gesetz über die Durchführung von Maßnahmen")
    pages = [section.page or 0 for section in document.sections]
    assert pages == sorted(pages) and pages[0] == 1
    assert set(pages) == set(range(1, 14))
    assert section_with(document, "§ 2 Begriffsbestimmungen")[2] == 2
    assert section_with(document, "§ 5 Beurteilung der Arbeitsbedingungen")[2] == 3
    # The running header of gesetze-im-internet.de is dropped, paragraphs stay apart.
    assert not any("Seite 2 von 13" in s.text for s in document.sections)
    assert section_with(document, "(3) Arbeitgeber im Sinne")[0].startswith("(3) Arbeitgeber")
    assert_clean(document)


FEE_ROW = "Nr.: 1.1; Leistung: Bestattungsordner; Gebühr: 70,00 €"


@pytest.mark.shared
def test_real_docx(real_docs: Path) -> None:
    document = parse_file(real_docs / "rendered/docx/BBO_Satzung_Friedhof.docx")
    assert document.format == "docx"
    assert document.title == "GEMEINDE BAD BOLL - Friedhofsatzung"
    _, heading_path, _ = section_with(document, "Friedhöfe der Gemeinde Bad Boll werden")
    assert heading_path == (
        "GEMEINDE BAD BOLL - Friedhofsatzung",
        "I. Allgemeine Vorschriften",
        "§ 1 Widmung",
    )
    assert FEE_ROW in [s.text for s in document.sections]  # the header row names the columns
    assert_clean(document)


@pytest.mark.shared
def test_real_odt(real_docs: Path) -> None:
    document = parse_file(real_docs / "rendered/odt/BBO_Satzung_Friedhof.odt")
    assert document.format == "odt"
    assert document.title == "GEMEINDE BAD BOLL - Friedhofsatzung"
    _, heading_path, _ = section_with(document, "Friedhof darf nur während")
    assert heading_path[-2:] == ("II. Ordnungsvorschriften", "§ 2 Öffnungszeiten")
    assert FEE_ROW in [s.text for s in document.sections]  # the header row names the columns
    assert_clean(document)


@pytest.mark.shared
def test_real_html(real_docs: Path) -> None:
    document = parse_file(real_docs / "rendered/html/BBO_Satzung_Streupflicht.html")
    assert document.format == "html"
    assert document.title == "BBO Satzung Streupflicht"
    body, heading_path, _ = section_with(document, "Schnee- und Eisglätte zu bestreuen")
    assert heading_path == (
        "GEMEINDE BAD BOLL",
        "§ 1 Übertragung der Reinigungs-, Räum- und Streupflicht",
    )
    assert "\n" not in body  # source line breaks inside <p> are folded
    assert not any("line-height" in s.text for s in document.sections)  # <style> dropped
    assert_clean(document)


# --- generated good files ------------------------------------------------------------------


def test_supported_suffixes_and_limit() -> None:
    assert SUPPORTED_SUFFIXES[".md"] == SUPPORTED_SUFFIXES[".markdown"] == "markdown"
    assert SUPPORTED_SUFFIXES[".htm"] == "html" and SUPPORTED_SUFFIXES[".odt"] == "odt"
    assert set(SUPPORTED_SUFFIXES) == {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"} | {
        ".docx",
        ".odt",
    }
    assert DEFAULT_MAX_BYTES == 100 * 1024 * 1024


MARKDOWN = """---
titel: Dienstanweisung Posteingang
Verantwortlich: Hauptamt, Frau Weiß
wiedervorlage: 2025-03-01
zielgruppe: [Auszubildende, Neue Mitarbeitende]
tags: [intern]
---

# Posteingang

Die Post wird täglich um 9 Uhr geöffnet. Siehe [Aktenplan](https://example.org/plan).
![Logo](logo.png)

<!-- interner Kommentar,
über zwei Zeilen -->

## Eingangsstempel

- Datum stempeln
- **Zuständigkeit** prüfen

| Art | Fach |
|-----|------|
| Rechnung | Kämmerei |

### Sonderfälle

```
# kein Überschrift
Code bleibt
```

## Verteilung

Text unter Verteilung.

Abschnitt B
---

Inhalt B.
"""


def test_markdown_front_matter_headings_and_blocks(tmp_path: Path) -> None:
    document = parse_file(write(tmp_path, "dienstanweisung.md", MARKDOWN))
    assert document.title == "Dienstanweisung Posteingang"
    assert document.metadata == {
        "title": "Dienstanweisung Posteingang",
        "owner": "Hauptamt, Frau Weiß",
        "review_date": "2025-03-01",
        "audience": "Auszubildende, Neue Mitarbeitende",
    }
    assert document.warnings == []
    texts = [(s.heading_path, s.text) for s in document.sections]
    assert texts[0] == (
        ("Posteingang",),
        "Die Post wird täglich um 9 Uhr geöffnet. Siehe Aktenplan.",
    )
    assert (("Posteingang", "Eingangsstempel"), "- Datum stempeln\n- Zuständigkeit prüfen") in texts
    assert (("Posteingang", "Eingangsstempel"), "Art: Rechnung; Fach: Kämmerei") in texts
    assert (
        ("Posteingang", "Eingangsstempel", "Sonderfälle"),
        "# kein Überschrift\nCode bleibt",
    ) in texts
    assert (("Posteingang", "Verteilung"), "Text unter Verteilung.") in texts
    assert (("Posteingang", "Abschnitt B"), "Inhalt B.") in texts  # setext heading
    full = document.full_text
    assert "Kommentar" not in full and "logo.png" not in full and "https://" not in full


def test_markdown_without_front_matter_uses_h1_then_stem(tmp_path: Path) -> None:
    with_h1 = parse_file(write(tmp_path, "a.md", "Vorspann\n\n# Haupttitel\n\nText."))
    assert with_h1.title == "Haupttitel"
    assert with_h1.sections[0].heading_path == ()
    assert with_h1.metadata == {}
    without = parse_file(write(tmp_path, "Leitfaden_neue-Kollegen.markdown", "Nur Text."))
    assert without.title == "Leitfaden neue Kollegen"


def test_markdown_bad_yaml_is_a_warning(tmp_path: Path) -> None:
    source = "---\ntitel: [kaputt\nstatus: ok\n---\n# Titel\n\nInhalt bleibt erhalten.\n"
    document = parse_file(write(tmp_path, "kaputt.md", source))
    assert document.title == "Titel"
    assert document.metadata == {}
    assert len(document.warnings) == 1 and "fehlerhaft" in document.warnings[0]
    assert document.sections[0].text == "Inhalt bleibt erhalten."


def test_markdown_with_bom_and_decomposed_umlauts_is_nfc(tmp_path: Path) -> None:
    source = "\ufeff# Gebu\u0308hren\n\nA\u0308nderung der Satzung.\n"
    document = parse_file(write(tmp_path, "nfd.md", source))
    assert document.title == "Gebühren"
    assert document.sections[0].text == "Änderung der Satzung."
    assert document.warnings == []


def test_plain_text_paragraphs_and_title(tmp_path: Path) -> None:
    source = "Telefonliste Rathaus\n\nZentrale: 100\r\nBürgerbüro: 200\n  \nEnde."
    document = parse_file(write(tmp_path, "liste.txt", source))
    assert document.format == "text"
    assert document.title == "Telefonliste Rathaus"
    assert [s.text for s in document.sections] == [
        "Telefonliste Rathaus",
        "Zentrale: 100\nBürgerbüro: 200",
        "Ende.",
    ]
    long_first_line = parse_file(write(tmp_path, "notiz_2024.txt", "x" * 121 + "\n\nmehr"))
    assert long_first_line.title == "notiz 2024"


HTML = """<!DOCTYPE html><html><head><title>Intranet: Urlaub</title>
<style>p { color: red; }</style><script>var geheim = 1;</script></head>
<body><nav><a href="/">Startseite</a></nav><header><h1>Kopfzeile</h1></header>
<h1>Urlaubsantrag</h1>
<p>Anträge   stellen Sie
im <b>Personalportal</b>.<br>Bitte rechtzeitig.</p>
<h2>Fristen</h2>
<ul><li>Sommer: bis März</li><li>Winter: bis <i>September</i></li></ul>
<table><tr><th>Tage</th><th>Vertretung</th></tr><tr><td>1–5</td><td>Team</td></tr></table>
<footer>Impressum</footer></body></html>"""


def test_html_blocks_under_headings(tmp_path: Path) -> None:
    document = parse_file(write(tmp_path, "urlaub.html", HTML))
    assert document.title == "Intranet: Urlaub"
    texts = [(s.heading_path, s.text) for s in document.sections]
    assert texts == [
        (("Urlaubsantrag",), "Anträge stellen Sie im Personalportal.\nBitte rechtzeitig."),
        (("Urlaubsantrag", "Fristen"), "Sommer: bis März"),
        (("Urlaubsantrag", "Fristen"), "Winter: bis September"),
        (("Urlaubsantrag", "Fristen"), "Tage: 1–5; Vertretung: Team"),
    ]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (  # each row names its columns; an empty cell is left out; ** and \\| are resolved
            "| Priorität | Reaktion | Hinweis |\n|:--|--:|---|\n"
            "| 1 – **kritisch** | 30 Minuten | |\n| 2 \\| hoch | 2 Stunden | per Portal |",
            "Priorität: 1 – kritisch; Reaktion: 30 Minuten\n"
            "Priorität: 2 | hoch; Reaktion: 2 Stunden; Hinweis: per Portal",
        ),
        ("Vorher.\n| Nur | Kopf |\n|---|---|", "Vorher.\n| Nur | Kopf |"),  # no rows: kept
        ("| a | b |\n| c | d |", "| a | b |\n| c | d |"),  # no rule line: not a table
    ],
)
def test_markdown_table_rows_name_their_columns(tmp_path: Path, table: str, expected: str) -> None:
    """An excerpt of one row stays readable: the model and the sources list see "Reaktion:
    30 Minuten", not "| 30 Minuten |" under a header that did not fit."""
    document = parse_file(write(tmp_path, "tabelle.md", f"# Störungen\n\n{table}\n\nDanach.\n"))
    assert [s.text for s in document.sections] == [expected, "Danach."]


def test_html_table_without_a_header_row_keeps_its_cells(tmp_path: Path) -> None:
    page = "<h1>Telefon</h1><table><tr><th>Service</th><td>3333</td></tr></table>"
    document = parse_file(write(tmp_path, "telefon.html", page))
    assert [s.text for s in document.sections] == ["Service | 3333"]


def test_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    document = parse_file(write(tmp_path, "seite.htm", "<h1>Müllabfuhr</h1><p>Dienstags.</p>"))
    assert document.title == "Müllabfuhr"


@pytest.mark.parametrize("name", ["gespeichert.md", "gespeichert.txt"])
def test_a_web_page_saved_as_markdown_or_text_is_read_as_a_web_page(
    tmp_path: Path, name: str
) -> None:
    """Its style sheet and tags are no words of the document; a warning names the mix-up."""
    page = (
        "<!DOCTYPE html><html><head><title>Müllabfuhr</title>"
        "<style>body { font-family: Georgia; }</style></head>"
        "<body><h1>Müllabfuhr</h1><p>Die Tonnen werden dienstags geleert.</p></body></html>"
    )
    document = parse_file(write(tmp_path, name, page))
    text = " ".join(section.text for section in document.sections)
    assert "dienstags geleert" in text and "Georgia" not in text and "<p>" not in text
    assert document.title == "Müllabfuhr"
    assert document.warnings == [
        f"Die Datei endet auf {Path(name).suffix}, ist aber eine Webseite (HTML); sie wurde "
        "als Webseite gelesen."
    ]
    markdown = parse_file(
        write(tmp_path, "html-erklaert.md", "# HTML\n\nSeiten beginnen mit <html>.")
    )
    assert markdown.warnings == [] and markdown.format == "markdown"


def test_html_that_looks_like_a_url_or_xhtml_is_still_html(tmp_path: Path) -> None:
    url_like = parse_file(write(tmp_path, "link.html", "https://example.org/seite"))
    assert url_like.sections[0].text == "https://example.org/seite"
    xhtml = '<?xml version="1.0"?><html><body><p>Hallo Welt</p></body></html>'
    assert parse_file(write(tmp_path, "x.html", xhtml)).sections[0].text == "Hallo Welt"


def test_docx_headings_and_tables_in_document_order(tmp_path: Path) -> None:
    document = parse_file(write(tmp_path, "handbuch.docx", docx_bytes()))
    assert document.format == "docx"
    assert document.title == "Handbuch Bürgerbüro"
    texts = [(s.heading_path, s.text) for s in document.sections]
    assert texts == [
        (("Handbuch Bürgerbüro",), "Willkommen im Team der Gemeindeverwaltung."),
        (
            ("Handbuch Bürgerbüro", "Meldewesen"),
            "Anmeldungen werden innerhalb von zwei Wochen bearbeitet.",
        ),
        (
            ("Handbuch Bürgerbüro", "Meldewesen", "Ausweise"),
            "Personalausweise sind sechs Wochen nach Antrag abholbereit.",
        ),
        (("Handbuch Bürgerbüro", "Kontakte"), "Name | Telefon"),
        (("Handbuch Bürgerbüro", "Kontakte"), "Frau Müller | 07164 123"),
        (("Handbuch Bürgerbüro", "Kontakte"), "Nach der Tabelle geht es weiter."),
    ]


def test_docx_header_row_names_the_columns(tmp_path: Path) -> None:
    source = docx.Document()
    grid = source.add_table(rows=3, cols=2)
    for row, values in zip(
        grid.rows,
        (("Name", "Telefon"), ("Frau Müller", "07164 123"), ("Herr Roth", "")),
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = values
    grid.rows[0]._tr.get_or_add_trPr().append(
        OxmlElement("w:tblHeader")
    )  # "Überschrift wiederholen"
    buffer = io.BytesIO()
    source.save(buffer)
    document = parse_file(write(tmp_path, "kontakte.docx", buffer.getvalue()))
    assert [s.text for s in document.sections] == [
        "Name: Frau Müller; Telefon: 07164 123",
        "Name: Herr Roth",
    ]


def test_docx_core_title_wins(tmp_path: Path) -> None:
    source = docx.Document(io.BytesIO(docx_bytes()))
    source.core_properties.title = "Offizieller Titel"
    buffer = io.BytesIO()
    source.save(buffer)
    document = parse_file(write(tmp_path, "t.docx", buffer.getvalue()))
    assert document.title == "Offizieller Titel"


def test_odt_headings_lists_and_tables(tmp_path: Path) -> None:
    document = parse_file(write(tmp_path, "kaemmerei.odt", odt_bytes()))
    assert document.format == "odt"
    assert document.title == "Einarbeitung Kämmerei"
    texts = [(s.heading_path, s.text) for s in document.sections]
    assert texts == [
        (("Kämmerei",), "Die Kämmerei verwaltet den Haushalt."),
        (("Kämmerei", "Rechnungen"), "Rechnung prüfen"),
        (("Kämmerei", "Rechnungen"), "Sachlich richtig zeichnen"),
        (("Kämmerei", "Rechnungen"), "Vorgang | Frist"),
        (("Kämmerei", "Rechnungen"), "Zahlung | 30 Tage"),
    ]
    untitled = parse_file(write(tmp_path, "k.odt", odt_bytes(title="")))
    assert untitled.title == "Kämmerei"


def test_odt_header_rows_name_the_columns(tmp_path: Path) -> None:
    source = OpenDocumentText()
    grid = table.Table(name="Fristen")
    header = table.TableHeaderRows()
    grid.addElement(header)
    header.addElement(odt_row(("Vorgang", "Frist")))
    grid.addElement(odt_row(("Zahlung", "30 Tage")))
    source.text.addElement(grid)
    buffer = io.BytesIO()
    source.write(buffer)
    document = parse_file(write(tmp_path, "fristen.odt", buffer.getvalue()))
    assert [s.text for s in document.sections] == ["Vorgang: Zahlung; Frist: 30 Tage"]


def test_pdf_pages_paragraphs_and_hyphenation(tmp_path: Path) -> None:
    data = pdf_bytes(
        [
            ["Dienstanweisung", "", "Die Verwal-", "tung prüft Schnee-", "und Eisglätte."],
            ["Zweite Seite mit Baden-", "Württemberg.", "", "Neuer Absatz."],
        ],
        title="Dienstanweisung Winterdienst",
    )
    document = parse_file(write(tmp_path, "winter.pdf", data))
    assert document.format == "pdf"
    assert document.title == "Dienstanweisung Winterdienst"
    assert [(s.page, s.text) for s in document.sections] == [
        (1, "Dienstanweisung"),
        (1, "Die Verwaltung prüft Schnee- und Eisglätte."),
        (2, "Zweite Seite mit Baden-Württemberg."),
        (2, "Neuer Absatz."),
    ]
    assert document.warnings == []


def test_pdf_title_from_first_line_when_metadata_is_meaningless(tmp_path: Path) -> None:
    data = pdf_bytes([["Merkblatt Datenschutz", "", "Personenbezogene Daten schützen."]])
    assert parse_file(write(tmp_path, "m.pdf", data)).title == "Merkblatt Datenschutz"


def test_join_lines_keeps_real_hyphens() -> None:
    assert join_lines(["Verwal-", "tung"]) == "Verwaltung"
    assert join_lines(["Bau- oder", "Planungsamt"]) == "Bau- oder Planungsamt"
    assert join_lines(["Schnee-", "und Eis"]) == "Schnee- und Eis"
    assert join_lines(["Baden-", "Württemberg"]) == "Baden-Württemberg"
    assert join_lines(["Verwal\ufffetung"]) == "Verwaltung"


def test_pdf_scanned_page_gives_a_warning(tmp_path: Path) -> None:
    picture = ImageReader(Image.new("RGB", (40, 40), "gray"))
    calls: list[int] = []

    def image_on_second_page(pdf: canvas.Canvas) -> None:
        calls.append(1)
        if len(calls) == 2:
            pdf.drawImage(picture, 72, 72, 200, 200)

    lines = ["Diese Seite hat genug echten Text für den Import."]
    data = pdf_bytes([lines, [], lines], draw=image_on_second_page)
    document = parse_file(write(tmp_path, "gemischt.pdf", data))
    assert {s.page for s in document.sections} == {1, 3}
    assert len(document.warnings) == 1
    assert "Seite 2" in document.warnings[0] and "eingescannt" in document.warnings[0]


def test_300_page_pdf_parses_in_seconds(tmp_path: Path) -> None:
    page = [f"Zeile {n} der Dienstanweisung über die Aktenführung." for n in range(40)]
    path = write(tmp_path, "lang.pdf", pdf_bytes([page] * 300))
    started = time.perf_counter()
    document = parse_file(path)
    assert time.perf_counter() - started < 10
    assert document.sections[-1].page == 300


# --- import problems -----------------------------------------------------------------------


def test_unsupported_suffix(tmp_path: Path) -> None:
    message = str(problem(write(tmp_path, "daten.xyz", "abc")))
    assert message.startswith("Das Dateiformat „.xyz“ wird nicht unterstützt. Unterstützt werden:")
    assert ".docx" in message and ".odt" in message
    assert "als DOCX" in str(problem(write(tmp_path, "alt.doc", "abc")))
    assert "keine Dateiendung" in str(problem(write(tmp_path, "README", "abc")))


def test_missing_file(tmp_path: Path) -> None:
    assert "nicht gefunden" in str(problem(tmp_path / "fehlt.pdf"))


def test_empty_file(tmp_path: Path) -> None:
    for name in ("leer.pdf", "leer.md", "leer.docx"):
        assert "ist leer" in str(problem(write(tmp_path, name, b"")))


def test_whitespace_only_text_has_no_content(tmp_path: Path) -> None:
    assert "keinen Text" in str(problem(write(tmp_path, "leer.txt", " \n\n \t\n")))


def test_too_large(tmp_path: Path) -> None:
    message = str(problem(write(tmp_path, "gross.txt", "x" * 100), max_bytes=10))
    assert "zu groß" in message and "100 Bytes" in message and "höchstens 10 Bytes" in message
    large = write(tmp_path, "gross.md", b"x" * (3 * 1024 * 1024))
    message = str(problem(large, max_bytes=2 * 1024 * 1024))
    assert "3 MB" in message and "höchstens 2 MB" in message


def test_corrupt_pdf(tmp_path: Path) -> None:
    message = str(problem(write(tmp_path, "kaputt.pdf", random_bytes())))
    assert "beschädigt" in message and "„kaputt.pdf“" in message


def test_truncated_pdf(tmp_path: Path) -> None:
    data = pdf_bytes([["Ein Text, der nie ganz ankommt, weil die Datei abbricht."]] * 3)
    caught = problem(write(tmp_path, "halb.pdf", data[: len(data) // 2]))
    assert "beschädigt oder unvollständig" in str(caught)
    assert caught.__cause__ is not None


def test_encrypted_pdf(tmp_path: Path) -> None:
    data = pdf_bytes([["Vertrauliche Personalakte mit genug Text."]], encrypt="geheim")
    assert "passwortgeschützt" in str(problem(write(tmp_path, "geheim.pdf", data)))


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    data = pdf_bytes([[]], draw=lambda pdf: pdf.rect(100, 100, 200, 200, fill=1))
    message = str(problem(write(tmp_path, "scan.pdf", data)))
    assert "vermutlich eingescannt ohne Texterkennung" in message


def test_mislabeled_files(tmp_path: Path) -> None:
    pdf = pdf_bytes([["Eine echte PDF-Datei mit ausreichend Text."]])
    message = str(problem(write(tmp_path, "bericht.docx", pdf)))
    assert "endet auf .docx, ist aber eine PDF-Datei" in message and "„bericht.pdf“" in message
    message = str(problem(write(tmp_path, "satzung.pdf", docx_bytes())))
    assert "endet auf .pdf, ist aber ein Word-Dokument (DOCX)" in message
    assert "„satzung.docx“" in message
    message = str(problem(write(tmp_path, "notiz.pdf", "Nur eine Notiz, kein PDF.\n")))
    assert "ist aber eine Textdatei" in message
    message = str(problem(write(tmp_path, "plan.odt", docx_bytes())))
    assert "ist aber ein Word-Dokument (DOCX)" in message
    message = str(problem(write(tmp_path, "plan.docx", odt_bytes())))
    assert "ist aber ein OpenDocument-Text (ODT)" in message
    message = str(problem(write(tmp_path, "liste.txt", pdf)))
    assert "endet auf .txt, ist aber eine PDF-Datei" in message


def test_legacy_word_document(tmp_path: Path) -> None:
    legacy = OLE_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
    message = str(problem(write(tmp_path, "alt.docx", legacy)))
    assert "alten Word-Format (.doc)" in message and "als DOCX" in message


def test_encrypted_docx_and_odt(tmp_path: Path) -> None:
    encrypted = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    assert "passwortgeschützt" in str(problem(write(tmp_path, "geheim.docx", encrypted)))
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    odt = zip_bytes(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": manifest,
            "content.xml": random_bytes(200),
        }
    )
    assert "passwortgeschützt" in str(problem(write(tmp_path, "geheim.odt", odt)))


def test_corrupt_docx(tmp_path: Path) -> None:
    no_document = zip_bytes({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"})
    assert "beschädigt" in str(problem(write(tmp_path, "leer.docx", no_document)))
    assert "beschädigt" in str(problem(write(tmp_path, "zufall.docx", random_bytes())))
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(broken, "w") as out:
        for item in source.infolist():
            content = source.read(item)
            out.writestr(
                item, b"<w:document><kaputt" if item.filename.endswith("document.xml") else content
            )
    caught = problem(write(tmp_path, "xml.docx", broken.getvalue()))
    assert "kein gültiges Word-Dokument" in str(caught) and caught.__cause__ is not None


def test_corrupt_odt(tmp_path: Path) -> None:
    assert "beschädigt" in str(problem(write(tmp_path, "zufall.odt", random_bytes())))
    mimetype = "application/vnd.oasis.opendocument.text"
    no_content = zip_bytes({"mimetype": mimetype, "styles.xml": "<x/>"})
    assert "content.xml" in str(problem(write(tmp_path, "leer.odt", no_content)))
    bad_xml = zip_bytes({"mimetype": mimetype, "content.xml": "<office:document-content"})
    caught = problem(write(tmp_path, "xml.odt", bad_xml))
    assert "kein gültiger OpenDocument-Text" in str(caught) and caught.__cause__ is not None


def test_cp1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    source = "Grüße aus dem Rathaus – Öffnungszeiten ändern sich.\n\nMaß und Ziel."
    document = parse_file(write(tmp_path, "alt.txt", source.encode("cp1252")))
    assert [s.text for s in document.sections] == [
        "Grüße aus dem Rathaus – Öffnungszeiten ändern sich.",
        "Maß und Ziel.",
    ]
    assert document.warnings == [
        "Die Datei ist nicht UTF-8-kodiert und wurde als Windows-1252 gelesen."
    ]
    html = parse_file(write(tmp_path, "alt.html", "<p>Bürgerbüro</p>".encode("cp1252")))
    assert html.sections[0].text == "Bürgerbüro" and len(html.warnings) == 1


def test_utf16_text_with_bom_is_read(tmp_path: Path) -> None:
    document = parse_file(write(tmp_path, "notepad.txt", "Straße\n\nÜbung".encode("utf-16")))
    assert [s.text for s in document.sections] == ["Straße", "Übung"]


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_utf32_text_with_bom_is_read(tmp_path: Path, encoding: str) -> None:
    """FF FE 00 00 begins like UTF-16; read as UTF-16 it gave NUL characters in the title."""
    data = "\ufeffStraße\n\nÜbung".encode(encoding) if encoding.endswith("be") else None
    data = data or "Straße\n\nÜbung".encode(encoding)
    document = parse_file(write(tmp_path, "notepad.txt", data))
    assert [s.text for s in document.sections] == ["Straße", "Übung"]


def test_wide_text_with_nul_characters_is_refused(tmp_path: Path) -> None:
    data = "Kopf\x00\x00Rest".encode("utf-16")
    assert "Binärdaten" in str(problem(write(tmp_path, "daten.txt", data)))


def test_binary_text_is_refused(tmp_path: Path) -> None:
    message = str(problem(write(tmp_path, "daten.txt", b"Kopf\x00\x01\x02\x00Rest")))
    assert "Binärdaten" in message
    assert "Binärdaten" in str(problem(write(tmp_path, "daten.md", random_bytes())))


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_damaged_files_only_ever_raise_import_problem(tmp_path: Path, suffix: str) -> None:
    """Truncated and bit-flipped versions of good files either parse or give ImportProblem."""
    good = {
        ".pdf": pdf_bytes([["Ein Absatz mit genügend Text für den Test."]] * 2),
        ".docx": docx_bytes(),
        ".odt": odt_bytes(),
    }.get(suffix, MARKDOWN.encode("utf-8"))
    rng = random.Random(suffix)
    variants = [good[: len(good) * n // 8] for n in range(1, 8)]
    for _ in range(6):
        flipped = bytearray(good)
        for _ in range(20):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        variants.append(bytes(flipped))
    for number, data in enumerate(variants):
        path = write(tmp_path, f"v{number}{suffix}", data)
        try:
            document = parse_file(path)
        except ImportProblem as caught:
            assert str(caught).startswith(("Die ", "Das ", "Keine "))
        else:
            assert document.sections
