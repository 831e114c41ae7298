"""Metadata rules: dates, status, audience, and the freshness warnings."""

from datetime import date

import pytest

from onboard.core.metadata import (
    DRAFT,
    RELEASED,
    MetadataError,
    clean_imported,
    freshness_notes,
    german_date,
    is_expired,
    is_overdue,
    merged_with_file,
    parse_date,
    validate_changes,
)

TODAY = date(2026, 11, 21)


def test_dates_are_read_in_german_and_iso_form() -> None:
    assert parse_date("31.12.2026") == date(2026, 12, 31)
    assert parse_date("2026-12-31") == date(2026, 12, 31)
    assert parse_date("2026-12-31T10:00:00+00:00") == date(2026, 12, 31)
    assert parse_date("31.02.2026") is None
    assert parse_date("bald") is None
    assert parse_date("") is None
    assert german_date("2026-03-01") == "01.03.2026"
    assert german_date("irgendwann") == "irgendwann"


def test_changes_are_normalised() -> None:
    changes = validate_changes(
        {
            "review_date": "01.03.2027",
            "valid_until": "",
            "status": "entwurf",
            "audience": " Azubis , Führungskräfte, Azubis",
            "owner": "  Frau Berg ",
        }
    )
    assert changes == {
        "review_date": "2027-03-01",
        "valid_until": "",
        "status": DRAFT,
        "audience": "Azubis, Führungskräfte",
        "owner": "Frau Berg",
    }
    assert validate_changes({"audience": ""}) == {"audience": "alle"}
    assert validate_changes({"status": "Freigegeben"}) == {"status": RELEASED}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"review_date": "morgen"}, "Wiedervorlage: „morgen“ ist kein Datum"),
        ({"valid_until": "32.01.2027"}, "Gültig bis: „32.01.2027“ ist kein Datum"),
        ({"status": "fertig"}, "Unbekannter Status „fertig“"),
        ({"title": "x"}, "„title“ ist kein Metadatenfeld"),
    ],
)
def test_bad_values_are_refused_in_german(changes: dict[str, str], message: str) -> None:
    with pytest.raises(MetadataError, match=message):
        validate_changes(changes)


def test_expiry_and_review_are_strictly_before_today() -> None:
    assert is_expired("2026-11-20", TODAY)
    assert not is_expired("2026-11-21", TODAY)
    assert not is_expired("", TODAY)
    assert is_overdue("20.11.2026", TODAY)
    assert not is_overdue("2027-01-01", TODAY)


def test_freshness_notes_name_every_problem() -> None:
    notes = freshness_notes(DRAFT, "2026-01-31", "2026-06-30", TODAY)
    assert notes == [
        "Entwurf – für Beschäftigte nicht sichtbar",
        "abgelaufen (gültig bis 31.01.2026)",
        "Wiedervorlage überfällig seit 30.06.2026",
    ]
    assert freshness_notes(RELEASED, "2027-01-31", "2027-06-30", TODAY) == []


def test_imported_front_matter_keeps_good_values_and_warns_about_bad_ones() -> None:
    clean, warnings = clean_imported(
        {"title": "Urlaub", "review_date": "demnächst", "status": "freigegeben", "owner": "A"}
    )
    assert clean == {"title": "Urlaub", "status": RELEASED, "owner": "A"}
    assert len(warnings) == 1 and "demnächst" in warnings[0] and "nicht übernommen" in warnings[0]


def test_a_header_never_recorded_wins_and_a_recorded_one_only_where_it_changed() -> None:
    header = {"status": RELEASED, "owner": "Anna Alt"}
    now = {"status": DRAFT, "owner": "Bernd Neu", "audience": "Azubis"}
    assert merged_with_file(header, None, now) == header  # imported by an older version
    assert merged_with_file(header, header, now) == {"status": DRAFT, "owner": "Bernd Neu"}
    before = {"status": RELEASED, "owner": "Carla Koch"}
    assert merged_with_file(header, before, now) == {"status": DRAFT, "owner": "Anna Alt"}
