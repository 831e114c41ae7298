"""German full-text index of chunks (Whoosh): stemming, OR queries of terms and compounds."""

import math
import re
import shutil
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index, scoring
from whoosh.analysis import Analyzer, LanguageAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Or, Query, Term
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL

from onboard.core.chunk_rows import StoredChunk
from onboard.core.compounds import split_compound
from onboard.core.fulltext_files import (
    SEARCH_DAMAGE_ERRORS,
    FullTextDamagedError,
    create,
    damaged_message,
    exists,
    mark_damaged,
    open_undamaged,
)
from onboard.core.german_words import is_german_word
from onboard.core.store import ReadOnlyError
from onboard.core.text import normalize_text
from onboard.core.typos import MIN_WORD, corrected_term, german_stem, with_umlauts
from onboard.core.word_endings import WordEndings

MAX_QUERY_TERMS = 24
COMMON_SHARE = 0.02
COMMON_MIN_CHUNKS = 1000
INDEX_NAME = "chunks"
# Question words, some of them missing from the Whoosh stop list („wer“, „wann“, „woher“): they
# say nothing about the topic but match FAQ pages that happen to use them.
INTERROGATIVES = (
    "wer wen wem wessen was wann wo woran worauf wohin woher wie warum weshalb wieso wozu womit "
    "welche welcher welches welchen"
)
LONGER_WORD_WEIGHT = 0.3
LONGER_WORDS_PER_TERM = 5
LONGER_WORDS_PER_QUESTION = 10
LONGER_WORD_MIN_TERM = 5
LONGER_WORD_MIN_EXTRA = 4
# At 40,233 chunks of federal law the lookup took full-text search from 13.5 to 35.9 ms p50.
LONGER_WORDS_UP_TO_CHUNKS = 40_000
# Words that end with a term cost as much again: at 40,233 chunks p50 35 → 61 ms, at 18,244
# chunks 33 → 51 ms (bench/RESULTS.md); they are looked up in collections up to this size.
ENDING_WORDS_UP_TO_CHUNKS = 20_000
# Whoosh keeps deleted chunks in its statistics (document frequencies, field lengths) until their
# segment is rewritten. A segment with more than this share deleted is rewritten without them at
# the next commit, so that a search ranks as on a freshly built index (integreat after
# collection moves: MRR@10 0.719 with 68 % deleted entries, 0.717 without = fresh build;
# bench/RESULTS.md).
MAX_DELETED_SHARE = 0.2
# Misspelt words („Kantiene“) are looked up one edit away, in the index's own words, for this
# many words of a question (about 5 ms each on the demo, bench/RESULTS.md).
MAX_CORRECTED_WORDS = 3
# Words with ae, oe or ue, perhaps typed on a keyboard without umlauts („Buero“).
TYPED_WITHOUT_UMLAUTS = re.compile(r"\b[^\W\d_]*(?:[AaOoUu]e)[^\W\d_]*\b")
# Another Onboard on the same knowledge base (a second window, a scheduled `onboard sync`) holds
# the write lock only while it commits a batch: wait for it this long, asking this often.
LOCK_WAIT_SECONDS = 60.0
LOCK_POLL_SECONDS = 0.25
BUSY_MESSAGE = (
    "Ein anderes Onboard-Programm ändert gerade diese Wissensdatenbank (zum Beispiel ein Import "
    "in einem zweiten Fenster). Bitte versuchen Sie es später noch einmal. Was schon "
    "gespeichert ist, bleibt erhalten; der Volltextindex wird beim nächsten Öffnen nachgeführt."
)


class FullTextBusyError(Exception):
    """Another program kept the full-text index locked for writing; the message is German."""


def german_analyzer() -> Analyzer:
    """Tokenise, lowercase, drop German stop words, stem (Snowball German)."""
    analyzer: Analyzer = LanguageAnalyzer("de")
    return analyzer


def _schema() -> Schema:
    """Fields: chunk id (stored), document-version key, collection, headings, body."""
    analyzer = german_analyzer()
    return Schema(
        chunk_id=ID(stored=True, unique=True),
        doc_key=ID(),
        collection=ID(),
        heading=TEXT(analyzer=analyzer, field_boost=1.5),
        body=TEXT(analyzer=analyzer),
    )


@dataclass(frozen=True)
class FullTextHit:
    """A chunk id with its BM25 score."""

    chunk_id: int
    score: float


class FullTextIndex:
    """The Whoosh index in a folder; writes come in batches tied to document versions."""

    def __init__(
        self, folder: Path, *, split_compounds: bool = True, read_only: bool = False
    ) -> None:
        """Open the index in folder, creating it if it does not exist (unless read-only).

        A damaged index is replaced by an empty one (`replaced_damaged` is then True), which
        the knowledge base refills from its store; read-only, it raises FullTextDamagedError.
        """
        self.folder = folder
        self.read_only = read_only
        self.replaced_damaged = False
        if not exists(folder, INDEX_NAME):
            if read_only:
                raise ReadOnlyError(f"Im Ordner „{folder}“ fehlt der Volltextindex.")
            self._index = create(folder, _schema(), INDEX_NAME)
        else:
            opened = open_undamaged(folder, INDEX_NAME)
            if opened is not None:
                self._index = opened
            elif read_only:
                raise FullTextDamagedError(damaged_message(folder, read_only=True))
            else:
                shutil.rmtree(folder)
                self._index = create(folder, _schema(), INDEX_NAME)
                self.replaced_damaged = True
        self._analyzer = german_analyzer()
        self._question_terms = frozenset(token.text for token in self._analyzer(INTERROGATIVES))
        self._searcher: Searcher | None = None
        self._endings: tuple[Searcher, WordEndings] | None = None
        self.split_compounds = split_compounds

    def close(self) -> None:
        """Release the searcher and the index."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._index.close()

    def replace(self, *, add: Iterable[StoredChunk], remove_keys: Iterable[str]) -> None:
        """In one commit: drop all chunks of the given document versions, add new chunks."""
        try:
            writer = self._index.writer(
                limitmb=256, timeout=LOCK_WAIT_SECONDS, delay=LOCK_POLL_SECONDS
            )
        except index.LockError as error:
            raise FullTextBusyError(BUSY_MESSAGE) from error
        try:
            for key in remove_keys:
                writer.delete_by_term("doc_key", key)
            for chunk in add:
                writer.add_document(
                    chunk_id=str(chunk.chunk_id),
                    doc_key=chunk.doc_key,
                    collection=chunk.collection,
                    heading=" ".join((chunk.title, *chunk.heading_path)),
                    body=chunk.text,
                )
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=_merge_small_and_mostly_deleted)

    def keys(self) -> set[str]:
        """The document-version keys with live (not deleted) chunks in the index."""
        with self._index.reader() as reader:
            return {
                _as_text(term)
                for term in reader.lexicon("doc_key")
                if reader.postings("doc_key", term).is_active()
            }

    def doc_count(self) -> int:
        """Number of chunks in the index."""
        return int(self._index.doc_count())

    def searcher(self) -> Searcher:
        """A shared searcher, reopened when anyone (another thread or process) committed."""
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self._index.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
        return self._searcher

    def search(
        self,
        question: str,
        *,
        limit: int,
        collections: list[str] | None = None,
        exclude_keys: Collection[str] = (),
    ) -> list[FullTextHit]:
        """Chunks ranked by BM25 for an OR query of the question's informative terms, without
        the chunks of excluded document versions.

        Raises FullTextDamagedError when the index cannot be read; the next opening of a
        writable knowledge base then rebuilds it.
        """
        try:
            return self._search(question, limit, collections, exclude_keys)
        except SEARCH_DAMAGE_ERRORS as error:
            if not self.read_only:
                mark_damaged(self.folder)
            raise FullTextDamagedError(
                damaged_message(self.folder, read_only=self.read_only)
            ) from error

    def _search(
        self,
        question: str,
        limit: int,
        collections: list[str] | None,
        exclude_keys: Collection[str],
    ) -> list[FullTextHit]:
        """The search itself (see search)."""
        searcher = self.searcher()
        query = self.build_query(question, searcher)
        if query is None:
            return []
        filter_query = (
            Or([Term("collection", name) for name in collections]) if collections else None
        )
        mask = Or([Term("doc_key", key) for key in exclude_keys]) if exclude_keys else None
        results = searcher.search(query, limit=limit, filter=filter_query, mask=mask)
        return [FullTextHit(int(hit["chunk_id"]), float(hit.score)) for hit in results]

    def build_query(self, question: str, searcher: Searcher) -> Query | None:
        """Analyse the question like the index, keep the rarest terms, OR them across fields;
        in an index of moderate size, add what misspelt words meant, and the compounds that
        begin or end with a term (weighted less)."""
        question = self._with_umlauts(question, searcher)
        words = [token.text for token in self._analyzer(normalize_text(question))]
        terms = dict.fromkeys(word for word in words if word not in self._question_terms)
        if self.split_compounds:
            for word in _raw_words(question):
                for part in split_compound(word, lambda t: _known(searcher, t), self._stem):
                    terms.setdefault(part)
        if self.split_compounds and searcher.doc_count() <= ENDING_WORDS_UP_TO_CHUNKS:
            for term in self._corrections(question, searcher):
                terms.setdefault(term)
        weighted = [(term, 1.0) for term in _most_informative(list(terms), searcher)]
        if self.split_compounds and searcher.doc_count() <= LONGER_WORDS_UP_TO_CHUNKS:
            longer = self._compounds(list(terms), searcher)
            weighted += [(word, LONGER_WORD_WEIGHT) for word in longer]
        if not weighted:
            return None
        clauses: list[Query] = []
        for term, boost in weighted:
            clauses.append(Term("body", term, boost=boost))
            clauses.append(Term("heading", term, boost=boost))
        return Or(clauses)

    def _compounds(self, terms: list[str], searcher: Searcher) -> list[str]:
        """Index words that begin with a question term („datenschutz“ →
        „datenschutzbeauftragt“) and words that end with one, a compound's last part naming
        what it is („urlaub“ → „erholungsurlaub“, „sonderurlaub“).

        Only the question side is split into compounds; this finds a term inside the compounds
        of the documents. Whoosh pays per query term, so big indexes go without the endings
        (ENDING_WORDS_UP_TO_CHUNKS) and bigger ones without both (bench/RESULTS.md).
        """
        reader = searcher.reader()

        def beginning_with(term: str) -> list[str]:
            words = (_as_text(text) for text, _ in reader.iter_prefix("body", term))
            return [word for word in words if len(word) >= len(term) + LONGER_WORD_MIN_EXTRA]

        beginning = _most_frequent(terms, searcher, beginning_with)
        if searcher.doc_count() > ENDING_WORDS_UP_TO_CHUNKS:
            return beginning
        endings = self._vocabulary(searcher)
        ending = _most_frequent(
            terms, searcher, lambda term: endings.ending_with(term, extra=LONGER_WORD_MIN_EXTRA)
        )
        return beginning + [word for word in ending if word not in beginning]

    def knows(self, word: str) -> bool:
        """Whether the index has the word's term (a stop word counts as known)."""
        return self._known_word(normalize_text(word), self.searcher())

    def _corrections(self, question: str, searcher: Searcher) -> list[str]:
        """For the first few words of the question that neither the index nor the German
        dictionary knows, the index term one typing error away that most chunks have
        („kantiene“ → „kantin“; „gelehrt“ stays, although the index has „geleert“)."""
        vocabulary = self._vocabulary(searcher)

        def frequency(term: str) -> int:
            return int(searcher.doc_frequency("body", term)) if term in vocabulary else 0

        unknown = [
            word
            for word in dict.fromkeys(_raw_words(question, MIN_WORD))
            if (own := self._stem(word)) is not None
            and own not in vocabulary
            and own not in self._question_terms
            and not is_german_word(word)
        ]
        found = (
            corrected_term(word, german_stem, frequency) for word in unknown[:MAX_CORRECTED_WORDS]
        )
        return [term for term in found if term is not None]

    def _with_umlauts(self, question: str, searcher: Searcher) -> str:
        """The question with words typed without umlauts written with them, where only that
        spelling is known to the index or the German dictionary („Uebersetzer“ → „Übersetzer“,
        „Buero“ → „Büro“; „Steuer“ and „Michael“ stay)."""

        def meant(match: re.Match[str]) -> str:
            word = match.group(0)
            if self._known_word(word, searcher) or is_german_word(word):
                return word
            umlauted = with_umlauts(word)  # differs: the pattern found an ae, oe or ue
            return (
                umlauted
                if is_german_word(umlauted) or self._known_word(umlauted, searcher)
                else word
            )

        return TYPED_WITHOUT_UMLAUTS.sub(meant, question)

    def _known_word(self, word: str, searcher: Searcher) -> bool:
        """knows(word), with the searcher at hand."""
        term = self._stem(word.lower())
        return term is None or _known(searcher, term)

    def _vocabulary(self, searcher: Searcher) -> WordEndings:
        """The body field's words (a set, and by their endings), read once per searcher, after each
        change of the index (58 ms for 10,494 words, 333 ms for 41,231)."""
        if self._endings is None or self._endings[0] is not searcher:
            words = (_as_text(term) for term in searcher.reader().lexicon("body"))
            self._endings = (searcher, WordEndings(words))
        return self._endings[1]

    def _stem(self, word: str) -> str | None:
        """The index term for one word, or None for a stop word."""
        tokens = [token.text for token in self._analyzer(word)]
        return tokens[0] if len(tokens) == 1 else None


def _merge_small_and_mostly_deleted(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge policy (small segments into one) after rewriting every segment that is
    more than MAX_DELETED_SHARE deleted without its deleted entries; a segment with nothing
    left is dropped. Returns the segments kept as they are."""
    kept = []
    for segment in segments:
        stored, deleted = segment.doc_count_all(), segment.deleted_count()
        if deleted <= MAX_DELETED_SHARE * stored:
            kept.append(segment)
        elif deleted < stored:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    merged: list[Any] = MERGE_SMALL(writer, kept)
    return merged


def _known(searcher: Searcher, term: str) -> bool:
    """Whether the term occurs in the body field."""
    return bool(searcher.doc_frequency("body", term) > 0)


def _most_frequent(
    terms: list[str], searcher: Searcher, found_for: Callable[[str], list[str]]
) -> list[str]:
    """Of the words found for each question term (found_for), the most frequent few per term
    and a few more per question; terms shorter than LONGER_WORD_MIN_TERM find nothing."""
    asked = set(terms)
    chosen: list[str] = []
    for term in terms:
        if len(term) < LONGER_WORD_MIN_TERM:
            continue
        found = [
            (searcher.doc_frequency("body", word), word)
            for word in found_for(term)
            if word not in asked
        ]
        found.sort(reverse=True)
        chosen += [word for _, word in found[:LONGER_WORDS_PER_TERM] if word not in chosen]
    return chosen[:LONGER_WORDS_PER_QUESTION]


def _raw_words(question: str, min_length: int = 8) -> list[str]:
    """Lowercased words of a question, by default those long enough to be compounds."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in normalize_text(question).lower())
    return [word for word in cleaned.split() if len(word) >= min_length]


def _most_informative(terms: list[str], searcher: Searcher) -> list[str]:
    """Terms that occur in the index, rarest first, at most MAX_QUERY_TERMS of them.

    In a large index, terms found in very many chunks (over COMMON_SHARE of them, and at
    least COMMON_MIN_CHUNKS) are dropped when rarer ones remain: they barely change the
    ranking but make Whoosh score tens of thousands of chunks.
    """
    total = max(1, searcher.doc_count())
    common = max(COMMON_MIN_CHUNKS, COMMON_SHARE * total)
    weighted: list[tuple[str, float, int]] = []
    for term in terms:
        frequency = searcher.doc_frequency("body", term) + searcher.doc_frequency("heading", term)
        if frequency:
            weighted.append((term, 1.0 + math.log(total / frequency), frequency))
    weighted.sort(key=lambda item: -item[1])
    rare = [term for term, _, frequency in weighted if frequency <= common]
    chosen = rare if rare else [term for term, _, _ in weighted]
    return chosen[:MAX_QUERY_TERMS]


def _as_text(term: Any) -> str:
    """Lexicon terms come as bytes."""
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)
