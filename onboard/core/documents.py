"""What a parser returns: a document's sections with their positions, and import problems."""

from dataclasses import dataclass, field

FORMATS = ("markdown", "text", "html", "pdf", "docx", "odt")

# Front-matter keys (German or English) mapped to the store's metadata fields.
METADATA_ALIASES: dict[str, str] = {
    "titel": "title",
    "title": "title",
    "verantwortlich": "owner",
    "owner": "owner",
    "ansprechpartner": "owner",
    "wiedervorlage": "review_date",
    "review_date": "review_date",
    "stand": "stand",
    "gueltig_bis": "valid_until",
    "gültig_bis": "valid_until",
    "valid_until": "valid_until",
    "zielgruppe": "audience",
    "audience": "audience",
    "status": "status",
}


@dataclass(frozen=True)
class Section:
    """One structural block of a document: a paragraph run under a heading, or a page."""

    text: str
    heading_path: tuple[str, ...] = ()
    page: int | None = None


@dataclass
class ParsedDocument:
    """A parsed file: title, format, ordered sections, front-matter metadata, German warnings."""

    title: str
    format: str
    sections: list[Section]
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """The document's plain text as stored: sections joined by blank lines."""
        return "\n\n".join(section.text for section in self.sections)


class ImportProblem(Exception):
    """A file that cannot be imported; the message is German and meant for the import report."""
