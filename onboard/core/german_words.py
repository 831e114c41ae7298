"""Words of a German dictionary, to tell a real word from a typing error („gelehrt“ is a word,
„Kantiene“ is not).

The word list is the German frequency list of pyspellchecker (MIT licence, about 340,000 word
forms). Loading it takes about a second and 40 MB, so it happens once, on first use.
"""

import logging
import threading
from functools import lru_cache

from spellchecker import SpellChecker

from onboard.core.typos import MIN_WORD

_LOADING = threading.Lock()
LOGGER = logging.getLogger("onboard.core")


def is_german_word(word: str) -> bool:
    """Whether the word (any case) is a German word form of the dictionary; words shorter than
    MIN_WORD letters are not looked up and count as not known."""
    return word.lower() in german_words()


def german_words() -> frozenset[str]:
    """The dictionary's word forms of MIN_WORD letters or more, lowercase (loaded once)."""
    with _LOADING:
        return _loaded()


@lru_cache(maxsize=1)
def _loaded() -> frozenset[str]:
    """Read the word list of the German dictionary; without it (a damaged installation) no
    word counts as known, and typing errors are corrected as before the list came."""
    try:
        dictionary = SpellChecker(language="de")
    except (OSError, ValueError) as error:
        LOGGER.warning("Deutsche Wortliste nicht lesbar: %s", error)
        return frozenset()
    return frozenset(word for word in dictionary if len(word) >= MIN_WORD)
