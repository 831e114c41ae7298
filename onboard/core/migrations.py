"""Numbered schema steps of the knowledge-base store."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("onboard")
# Steps a read-only knowledge base can do without: only what writing (import, sync) uses.
NOT_NEEDED_FOR_READING = {"0004_file_times", "0005_content_index", "0006_file_metadata"}


def blocks_reading(db: Database) -> bool:
    """Whether the schema lacks a step that reading needs (a read-only store cannot add it)."""
    return any(step.name not in NOT_NEEDED_FOR_READING for step in migrations.pending(db))


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    """Collections, documents, chunks with positions, embeddings, settings, import sources."""
    _run_statements(
        db,
        """
        CREATE TABLE collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL DEFAULT '',
            contact_name TEXT NOT NULL DEFAULT '',
            contact_unit TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            contact_email TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            origin TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            size_bytes INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            review_date TEXT NOT NULL DEFAULT '',
            stand TEXT NOT NULL DEFAULT '',
            valid_until TEXT NOT NULL DEFAULT '',
            audience TEXT NOT NULL DEFAULT 'alle',
            status TEXT NOT NULL DEFAULT 'Freigegeben',
            text TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX documents_collection ON documents(collection_id);
        CREATE TABLE chunks (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            heading_path TEXT NOT NULL DEFAULT '',
            page INTEGER,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            UNIQUE(document_id, seq)
        );
        CREATE TABLE embeddings (
            chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            embedder TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (chunk_id, embedder)
        );
        CREATE INDEX embeddings_embedder ON embeddings(embedder);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE
        );
        """,
    )


def _run_statements(db: Database, script: str) -> None:
    """Run semicolon-separated DDL inside the migration's transaction (executescript commits)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0002_feedback")
def m0002_feedback(db: Database) -> None:
    """Feedback on answers: the question, the answer, the source versions, helpful or not."""
    _run_statements(
        db,
        """
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            abstained INTEGER NOT NULL DEFAULT 0,
            collection TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '[]',
            model TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX feedback_collection ON feedback(collection);
        """,
    )


@migrations(name="0003_editor")
def m0003_editor(db: Database) -> None:
    """Pages written in the app with their earlier versions; questions the documents missed."""
    _run_statements(
        db,
        """
        CREATE TABLE pages (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            markdown TEXT NOT NULL,
            saved_at TEXT NOT NULL
        );
        CREATE TABLE page_versions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            markdown TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}',
            saved_at TEXT NOT NULL
        );
        CREATE INDEX page_versions_document ON page_versions(document_id);
        CREATE TABLE declined_questions (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            question TEXT NOT NULL,
            collection TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX declined_questions_collection ON declined_questions(collection);
        CREATE INDEX documents_status ON documents(status);
        """,
    )


@migrations(name="0004_file_times")
def m0004_file_times(db: Database) -> None:
    """The modification time of an imported file, so that a sync need not read unchanged
    files again (size and time as stored)."""
    db.execute("ALTER TABLE documents ADD COLUMN file_mtime_ns INTEGER")


@migrations(name="0005_content_index")
def m0005_content_index(db: Database) -> None:
    """Documents by content, so that a moved file finds the document it was imported as."""
    db.execute("CREATE INDEX IF NOT EXISTS documents_content_hash ON documents(content_hash)")


@migrations(name="0006_file_metadata")
def m0006_file_metadata(db: Database) -> None:
    """The metadata in an imported file's header as last imported, so that a re-import only
    overwrites what the header changed, not what was set in Onboard since."""
    db.execute("ALTER TABLE documents ADD COLUMN file_metadata TEXT")
