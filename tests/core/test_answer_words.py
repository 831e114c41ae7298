"""An answer sentence made of wording that its sources and the question lack is flagged."""

from onboard.core.answer_words import MIN_NEW_TERMS, invented_wording
from onboard.core.excerpts import analysed_terms, terms_not_in

SOURCES = {
    1: "Zwei-Faktor-Anmeldung\nDie Authenticator-App wird nur auf dem Diensthandy installiert. "
    "Private Smartphones werden für die Zwei-Faktor-Anmeldung nicht verwendet.",
    2: "Kennwort vergessen\nRufen Sie den Service-Desk unter 1234 an.",
}
QUESTION = "Kann ich die Authenticator-App auf meinem eigenen Smartphone installieren?"


def test_a_made_up_sentence_is_flagged_with_its_new_words() -> None:
    answer = (
        "Ja, Sie können die Authenticator-App auf Ihrem Smartphone installieren [1]. "
        "Dies geht in der Regel über den App-Store oder Google Play [1]."
    )
    assert invented_wording(answer, SOURCES, QUESTION) == [
        "geht",
        "Regel",
        "Store",
        "Google",
        "Play",
    ]


def test_inflected_words_compounds_and_the_question_count_as_known() -> None:
    """'installiert' for 'installieren', 'Anmeldung' inside 'Zwei-Faktor-Anmeldung', words of
    the question: nothing new, even in a long sentence."""
    answer = (
        "Die Authenticator-App installieren Sie auf dem Diensthandy, private Smartphones "
        "werden für die Anmeldung nicht verwendet [1]."
    )
    assert invented_wording(answer, SOURCES, QUESTION) == []


def test_connecting_words_and_few_new_words_do_not_count() -> None:
    """The model's joining words claim nothing; fewer than MIN_NEW_TERMS new words in every
    sentence is an ordinary paraphrase."""
    joined = "Außerdem finden Sie weitere Informationen in den angegebenen Quellen [2]."
    assert invented_wording(joined, SOURCES, QUESTION) == []
    three = "Rufen Sie bitte freundlich sofort den Service-Desk an [2]."
    assert len(terms_not_in(three, analysed_terms(SOURCES[2]))) == MIN_NEW_TERMS - 1
    assert invented_wording(three, SOURCES, QUESTION) == []


def test_the_sentence_with_the_most_new_words_is_reported() -> None:
    answer = (
        "Bitte sofort Kollegen fragen [2]. Dafür gibt es Formulare, Lehrgänge, Broschüren, "
        "Webinare und Zertifikate [1]."
    )
    words = invented_wording(answer, SOURCES, QUESTION)
    assert words == ["Dafür", "Formulare", "Lehrgänge", "Broschüren", "Webinare", "Zertifikate"]
