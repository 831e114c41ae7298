"""German full-text queries: stems, compounds on both sides, typing errors, question words,
the size limits."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from onboard.core import fulltext
from onboard.core.chunk_rows import StoredChunk
from onboard.core.fulltext import FullTextIndex

PASSAGES = {
    1: ("Ansprechpartner", "Ihre Datenschutzbeauftragte erreichen Sie unter Durchwahl 4711."),
    2: ("Urlaub", "Anträge auf Erholungsurlaub stellen Sie im Personalportal."),
    3: ("Kantine", "Die Kantine öffnet um 11:30 Uhr; Vegetarisches gibt es täglich."),
    4: ("Dienstreisen", "Reisekosten rechnen Sie mit dem Formular ab."),
    5: ("Fragen", "Wer wann wohin reist, trägt die Abteilung in den Kalender ein."),
}


def _chunk(chunk_id: int, title: str, text: str) -> StoredChunk:
    """A one-chunk document in the collection „Personalamt“."""
    return StoredChunk(chunk_id, chunk_id, 1, "Personalamt", title, text, (title,), None, 0, 99)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[FullTextIndex]:
    """An index of the five passages."""
    built = FullTextIndex(tmp_path / "fulltext")
    built.replace(add=[_chunk(i, *PASSAGES[i]) for i in PASSAGES], remove_keys=[])
    yield built
    built.close()


def _found(index: FullTextIndex, question: str) -> list[int]:
    """Chunk ids in ranked order."""
    return [hit.chunk_id for hit in index.search(question, limit=5)]


def test_inflected_words_meet_through_their_stem(index: FullTextIndex) -> None:
    assert _found(index, "Wann öffnen die Kantinen?")[0] == 3


def test_a_question_word_finds_the_compounds_of_the_documents(index: FullTextIndex) -> None:
    assert _found(index, "Wer kümmert sich um den Datenschutz?") == [1]


SONDERURLAUB = _chunk(6, "Tage", "Sonderurlaub gibt es zur Hochzeit.")


def test_a_question_word_finds_the_compounds_that_end_with_it(index: FullTextIndex) -> None:
    """A German compound's last part names what it is: Sonderurlaub is Urlaub."""
    assert _found(index, "Urlaub") == [2]  # by its title
    index.replace(add=[SONDERURLAUB], remove_keys=[])
    assert _found(index, "Urlaub") == [2, 6]  # the index changed: its words are read anew


def test_a_compound_of_the_question_finds_its_parts_in_the_documents(
    index: FullTextIndex,
) -> None:
    assert _found(index, "Wo finde ich das Reisekostenformular?") == [4]
    index.split_compounds = False
    assert _found(index, "Wo finde ich das Reisekostenformular?") == []


def test_words_inside_compounds_weigh_less_than_whole_words(index: FullTextIndex) -> None:
    index.replace(add=[_chunk(6, "Regeln", "Datenschutz geht alle an.")], remove_keys=[])
    assert _found(index, "Datenschutz") == [6, 1]


def test_bigger_indexes_look_up_only_the_compounds_that_begin_with_a_term(
    index: FullTextIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    index.replace(add=[SONDERURLAUB], remove_keys=[])
    monkeypatch.setattr(fulltext, "ENDING_WORDS_UP_TO_CHUNKS", 5)
    assert _found(index, "Urlaub") == [2]
    assert _found(index, "Wer kümmert sich um den Datenschutz?") == [1]


def test_big_indexes_skip_the_compound_lookup(
    index: FullTextIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fulltext, "LONGER_WORDS_UP_TO_CHUNKS", 4)
    assert _found(index, "Wer kümmert sich um den Datenschutz?") == []


def test_question_words_do_not_match_on_their_own(index: FullTextIndex) -> None:
    assert _found(index, "Wer wann wohin?") == []
    assert _found(index, "Wer reist wann?") == [5]


def test_a_misspelt_word_finds_what_it_meant(index: FullTextIndex) -> None:
    """One typing error: a letter left out, swapped, doubled or replaced, also in an ending."""
    assert _found(index, "Wo ist die Kantiene?") == [3]
    assert _found(index, "Wie rechne ich Reiesekosten ab?") == [4]
    assert _found(index, "Was gibt es Vegetarsches?") == [3]
    assert _found(index, "Wo stelle ich Anträge auf Erholungsurlaaub?") == [2]


def test_short_and_far_off_words_are_not_corrected(
    index: FullTextIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Short words have too many neighbours; two errors are too many."""
    assert _found(index, "Wann riest man?") == []  # „reist“, but five letters
    monkeypatch.setattr(fulltext, "MIN_WORD", 5)
    assert _found(index, "Wann riest man?") == [5]
    assert _found(index, "Wo ist die Kanntiene?") == []  # two errors


def test_words_of_the_german_dictionary_are_not_taken_for_misspelt_words(
    index: FullTextIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """„belästigt“ is one edit from „belastigt“, stemmed „belast“ as „Belastung“, but means
    something else."""
    index.replace(add=[_chunk(6, "Arbeit", "Eine hohe Belastung melden Sie.")], remove_keys=[])
    assert _found(index, "An wen wende ich mich, wenn ich belästigt werde?") == []
    monkeypatch.setattr(fulltext, "is_german_word", lambda word: False)
    assert _found(index, "An wen wende ich mich, wenn ich belästigt werde?") == [6]


def test_words_typed_without_umlauts_find_what_they_meant(index: FullTextIndex) -> None:
    """„ae“, „oe“, „ue“ for ä, ö, ü, also twice in a word and where only a compound of the
    word is indexed; words that are right as typed stay („Steuer“ is not „Stür“)."""
    index.replace(
        add=[
            _chunk(6, "Büro", "Heizlüfter sind im Büro nicht erlaubt."),
            _chunk(7, "Gebühren", "Die Gebührenerhöhung gilt ab Mai."),
            _chunk(
                8, "Sprache", "Übersetzungsportale dürfen nur ohne Personendaten genutzt werden."
            ),
        ],
        remove_keys=[],
    )
    assert _found(index, "Wo ist mein Buero?") == [6]  # five letters: no typing error
    assert _found(index, "Wie hoch ist die Gebuehrenerhoehung?") == [7]
    assert _found(index, "Darf ich einen Online-Uebersetzer nutzen?") == [8]
    assert _found(index, "Was ist mit der Steuer?") == []


def test_question_words_are_not_taken_for_misspelt_words(index: FullTextIndex) -> None:
    """„Worauf“ is one edit from „woraus“ but asks, it names no topic."""
    index.replace(add=[_chunk(6, "Bau", "Woraus die Wände sind, steht im Plan.")], remove_keys=[])
    assert _found(index, "Woraus sind die Wände?") == [6]
    assert _found(index, "Worauf achte ich?") == []


def test_big_indexes_skip_the_spelling_correction(
    index: FullTextIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fulltext, "ENDING_WORDS_UP_TO_CHUNKS", 4)
    assert _found(index, "Wo ist die Kantiene?") == []


def _scores(index: FullTextIndex, question: str) -> dict[int, float]:
    """Chunk id → BM25 score."""
    return {hit.chunk_id: round(hit.score, 6) for hit in index.search(question, limit=5)}


def test_replaced_versions_leave_no_trace_in_the_ranking(
    index: FullTextIndex, tmp_path: Path
) -> None:
    # every document gets a new version (as when a collection is renamed or moved)
    renewed = [
        StoredChunk(10 + i, i, 2, "Personalamt", title, text, (title,), None, 0, 99)
        for i, (title, text) in PASSAGES.items()
    ]
    index.replace(add=renewed, remove_keys=[_chunk(i, *PASSAGES[i]).doc_key for i in PASSAGES])
    fresh = FullTextIndex(tmp_path / "fresh")
    fresh.replace(add=renewed, remove_keys=[])
    question = "Wie stelle ich Anträge auf Urlaub in der Kantine?"
    assert _scores(index, question) == _scores(fresh, question) != {}
    fresh.close()


def test_only_segments_with_many_deleted_entries_are_rewritten(
    index: FullTextIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    rewritten: list[int] = []
    add_reader = SegmentWriter.add_reader
    monkeypatch.setattr(
        SegmentWriter,
        "add_reader",
        lambda writer, reader: rewritten.append(reader.doc_count()) or add_reader(writer, reader),
    )
    index.replace(add=[], remove_keys=[_chunk(1, *PASSAGES[1]).doc_key])  # 1 of 5: 20 %
    assert rewritten == []
    index.replace(add=[], remove_keys=[_chunk(2, *PASSAGES[2]).doc_key])  # 2 of 5
    assert rewritten == [3]  # the three live entries, written anew
    assert _found(index, "Kantine") == [3]
