"""Collections as department leads manage them: create, rename, delete, responsible contact."""

from dataclasses import dataclass

from onboard.core.kb import KnowledgeBase
from onboard.core.store import now_iso

MAX_NAME_CHARS = 80
CONTACT_COLUMNS = {
    "name": "contact_name",
    "unit": "contact_unit",
    "phone": "contact_phone",
    "email": "contact_email",
}


class CollectionError(ValueError):
    """A collection operation that cannot be done; the message is German."""


@dataclass(frozen=True)
class Contact:
    """Who answers questions about a collection's subject."""

    name: str = ""
    unit: str = ""
    phone: str = ""
    email: str = ""

    def columns(self) -> dict[str, str]:
        """The collection columns this contact is stored in."""
        return {column: getattr(self, field).strip() for field, column in CONTACT_COLUMNS.items()}


def contact_of(kb: KnowledgeBase, name: str) -> Contact:
    """The stored contact of a collection."""
    row = _existing(kb, name)
    return Contact(**{field: str(row[column]) for field, column in CONTACT_COLUMNS.items()})


def check_name(name: str) -> str:
    """A usable collection name (trimmed) or a German error."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CollectionError("Bitte einen Namen für die Sammlung eingeben.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise CollectionError(f"Der Name ist zu lang (höchstens {MAX_NAME_CHARS} Zeichen).")
    return cleaned


def create_collection(
    kb: KnowledgeBase, name: str, contact: Contact | None = None, description: str = ""
) -> str:
    """Create an empty collection with its contact; returns the name as stored."""
    kb.store.require_writable()
    name = check_name(name)
    _refuse_taken(kb, name)
    values = {"name": name, "description": description.strip(), "created_at": now_iso()}
    values.update((contact or Contact()).columns())
    kb.store.db.table("collections").insert(values)
    return name


def set_contact(kb: KnowledgeBase, name: str, contact: Contact) -> None:
    """Store the responsible contact of a collection."""
    kb.store.require_writable()
    _existing(kb, name)
    kb.store.set_collection_fields(name, contact.columns())


def rename_collection(kb: KnowledgeBase, old: str, new: str) -> str:
    """Rename a collection; its chunks are re-indexed under the new name (vectors stay)."""
    kb.store.require_writable()
    _existing(kb, old)
    new = check_name(new)
    if new == old:
        return new
    _refuse_taken(kb, new, renaming=old)
    document_ids = kb.store.document_ids_of_collection(old)
    with kb.store.transaction():
        kb.mark_fulltext_pending()
        kb.store.set_collection_fields(old, {"name": new})
    chunks = kb.store.chunks_of_documents(document_ids)
    kb.update_fulltext(chunks, {chunk.doc_key for chunk in chunks})
    return new


def delete_collection(kb: KnowledgeBase, name: str) -> int:
    """Delete a collection, its documents and their chunks from both indexes; returns how
    many documents went."""
    kb.store.require_writable()
    _existing(kb, name)
    with kb.store.transaction():
        kb.mark_fulltext_pending()
        keys = kb.store.delete_collection(name)
    kb.update_fulltext([], keys)
    return len(keys)


def require_known(kb: KnowledgeBase, names: list[str] | None) -> None:
    """A German error naming the existing collections if one of the names is not among them
    (a mistyped --collection would otherwise look like documents that say nothing)."""
    known = [str(row["name"]) for row in kb.collections()]
    for name in names or []:
        if name in known:
            continue
        alike = _spelled_alike(known, name)
        if alike:
            raise CollectionError(f"Es gibt keine Sammlung „{name}“. Gemeint ist „{alike}“?")
        listed = ", ".join(known) or "noch keine"
        raise CollectionError(f"Es gibt keine Sammlung „{name}“. Vorhandene Sammlungen: {listed}.")


def _refuse_taken(kb: KnowledgeBase, name: str, *, renaming: str = "") -> None:
    """A German error if another collection has this name, also in other capitals („bauamt“
    beside „Bauamt“ would split one department's material in two)."""
    others = [str(row["name"]) for row in kb.collections() if row["name"] != renaming]
    taken = name if name in others else _spelled_alike(others, name)
    if taken:
        raise CollectionError(f"Eine Sammlung „{taken}“ gibt es schon.")


def _spelled_alike(names: list[str], name: str) -> str:
    """The name among names that differs from name only in capitals, else ''."""
    return next((known for known in names if known.casefold() == name.casefold()), "")


def _existing(kb: KnowledgeBase, name: str) -> dict[str, object]:
    """The collection row, or a German error if there is none."""
    row = kb.store.collection(name)
    if row is None:
        raise CollectionError(f"Es gibt keine Sammlung „{name}“.")
    return row
