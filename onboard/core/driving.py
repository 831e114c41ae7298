"""Running a core generator (events, then a return value) to its end without a face."""

from collections.abc import Callable, Generator
from typing import Any, TypeVar

T = TypeVar("T")
E = TypeVar("E")
U = TypeVar("U")


def each(events: Generator[E, None, T], handle: Callable[[E], object]) -> T:
    """Hand every event of a generator to handle; return the generator's value."""
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            result: T = stop.value
            return result
        handle(event)


def collect(events: Generator[Any, None, T]) -> tuple[list[Any], T]:
    """All events a generator yields, and the value it returns."""
    seen: list[Any] = []
    return seen, each(events, seen.append)


def run_to_end(events: Generator[Any, None, T]) -> T:
    """The value a generator returns, its events discarded."""
    return each(events, lambda _event: None)


def relay(events: Generator[E, None, T], convert: Callable[[E], U | None]) -> Generator[U, None, T]:
    """Pass a generator's events on, each converted (None drops it); return its value."""
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            result: T = stop.value
            return result
        converted = convert(event)
        if converted is not None:
            yield converted
