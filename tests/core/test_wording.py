"""German counts and sizes as the user reads them."""

from onboard.core.wording import counted, size_text


def test_a_count_takes_the_right_form_of_its_noun() -> None:
    assert counted(1, "Dokument", "Dokumente") == "1 Dokument"
    assert counted(0, "Dokument", "Dokumente") == "0 Dokumente"
    assert counted(12, "Sammlung", "Sammlungen") == "12 Sammlungen"


def test_sizes_use_units_of_1024_and_a_decimal_comma() -> None:
    assert size_text(100) == "100 Bytes"
    assert size_text(12 * 1024) == "12 KB"
    assert size_text(3.3 * 1024**2) == "3,3 MB"
    assert size_text(100 * 1024**2) == "100 MB"
    assert size_text(1_117_320_768) == "1 GB"
    assert size_text(2.5 * 1024**3) == "2,5 GB"
