"""Score fusion of the two halves and the German position labels."""

from onboard.core.chunk_rows import StoredChunk
from onboard.core.fulltext import FullTextHit
from onboard.core.search import describe_position, fuse
from onboard.core.vectors import VectorHit


def test_a_chunk_found_by_both_halves_wins() -> None:
    fulltext = [FullTextHit(1, 12.0), FullTextHit(2, 11.0), FullTextHit(3, 2.0)]
    vector = [VectorHit(2, 0.91), VectorHit(4, 0.90), VectorHit(1, 0.50)]
    ranked = fuse(fulltext, vector)
    assert ranked[0][0] == 2
    assert {r[0] for r in ranked} == {1, 2, 3, 4}
    by_id = {r[0]: r for r in ranked}
    assert by_id[3][3] is None and by_id[4][2] is None
    assert by_id[2][2] == 11.0 and by_id[2][3] == 0.91


def test_a_clear_full_text_winner_is_not_flattened_to_its_rank() -> None:
    fulltext = [FullTextHit(1, 40.0), FullTextHit(2, 5.0), FullTextHit(3, 4.9)]
    vector = [VectorHit(2, 0.80), VectorHit(1, 0.79), VectorHit(3, 0.78)]
    assert fuse(fulltext, vector)[0][0] == 1


def test_one_half_alone_keeps_its_order() -> None:
    fulltext = [FullTextHit(5, 3.0), FullTextHit(6, 2.0)]
    assert [r[0] for r in fuse(fulltext, [])] == [5, 6]
    assert [r[0] for r in fuse([], [VectorHit(7, 0.3), VectorHit(8, 0.2)])] == [7, 8]
    assert fuse([], []) == []


def test_the_companion_ranking_tips_a_close_call_but_not_a_clear_one() -> None:
    fulltext = [FullTextHit(1, 10.0), FullTextHit(2, 9.8), FullTextHit(3, 1.0)]
    vector = [VectorHit(1, 0.85), VectorHit(2, 0.84), VectorHit(3, 0.70)]
    assert fuse(fulltext, vector)[0][0] == 1
    favours_two = [VectorHit(2, 0.9), VectorHit(3, 0.5), VectorHit(1, 0.4)]
    ranked = fuse(fulltext, vector, favours_two)
    assert ranked[0][0] == 2
    assert ranked[0][3] == 0.84  # the shown vector score stays the main embedder's
    clear = [FullTextHit(1, 40.0), FullTextHit(2, 5.0), FullTextHit(3, 4.9)]
    clear_vector = [VectorHit(1, 0.9), VectorHit(2, 0.5), VectorHit(3, 0.49)]
    assert fuse(clear, clear_vector, favours_two)[0][0] == 1


def test_without_a_companion_both_halves_weigh_the_same() -> None:
    fulltext = [FullTextHit(1, 3.0), FullTextHit(2, 1.0)]
    vector = [VectorHit(2, 0.9), VectorHit(1, 0.1)]
    scores = {chunk_id: score for chunk_id, score, *_ in fuse(fulltext, vector)}
    assert scores[1] == scores[2] == 0.0


def _chunk(page: int | None, headings: tuple[str, ...], start: int = 10) -> StoredChunk:
    return StoredChunk(1, 1, 1, "IT", "Passwörter", "Text", headings, page, start, 90)


def test_positions_read_as_german_labels() -> None:
    assert describe_position(_chunk(3, ())) == "Seite 3"
    assert describe_position(_chunk(None, ("Passwörter", "Länge"))) == "Abschnitt „Länge“"
    assert describe_position(_chunk(None, ("Passwörter",))) == "Zeichen 10–90"
    assert describe_position(_chunk(None, ("Passwörter",), start=0)) == "Anfang des Dokuments"
