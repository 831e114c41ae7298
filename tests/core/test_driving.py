"""Driving core generators: collecting events, relaying them converted."""

from collections.abc import Generator

from onboard.core.driving import collect, relay


def _numbers() -> Generator[int, None, str]:
    yield 1
    yield 2
    yield 3
    return "fertig"


def test_relay_converts_drops_and_returns_the_value() -> None:
    def outer() -> Generator[str, None, str]:
        result = yield from relay(_numbers(), lambda n: None if n == 2 else f"Schritt {n}")
        return result.upper()

    assert collect(outer()) == (["Schritt 1", "Schritt 3"], "FERTIG")
