"""The answer column: sources above, the answer with its state and the feedback bar below."""

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from onboard.core.answer import AnswerResult, Source
from onboard.core.answer_sources import expired_note
from onboard.core.answer_text import answer_as_text
from onboard.core.search import SearchHit
from onboard.gui import rendering
from onboard.gui.announce import announce
from onboard.gui.background import ModelState
from onboard.gui.follow_up_bar import FollowUpBar
from onboard.gui.style import DECLINED, ERROR, box_style, tone
from onboard.gui.widgets import (
    BUSY,
    CANCELLED,
    INFO,
    ROLE_PARTS,
    AnswerView,
    FeedbackBar,
    SourcesList,
    StateLabel,
    ask_link,
    heading_font,
)

# The model found no cited answer; whether the sources hold one is not known, so say so.
DECLINED_STATE = (
    "Keine belegte Antwort gefunden – bitte prüfen Sie die Quellen oben selbst "
    "oder fragen Sie die genannte Ansprechperson."
)
POINTED_STATE = (
    "Keine Antwort des Sprachmodells – unten die passendste Stelle; [1] öffnet sie im Dokument."
)
COPIED_NOTE = (
    "Frage, Antwort und Quellen sind kopiert – einfügen mit Strg+V (z. B. in eine E-Mail)."
)
EXAMPLES = (
    "Was brauche ich am ersten Arbeitstag?",
    "Wie melde ich mich krank?",
    "Wie beantrage ich Urlaub?",
)
EXTRACTIVE_NOTES = {
    ModelState.PREPARING: "Sprachmodell wird geladen … Bis es bereit ist, zeigt Onboard "
    "passende Auszüge aus den Unterlagen (ohne Sprachmodell).",
    ModelState.MISSING: "Kein Sprachmodell installiert: Onboard zeigt passende Auszüge aus den "
    "Unterlagen (ohne Sprachmodell).",
    ModelState.FAILED: "Das Sprachmodell ist nicht verfügbar: Onboard zeigt passende Auszüge "
    "aus den Unterlagen (ohne Sprachmodell).",
}
TOO_LONG_STATE = (
    "Die Frage ist zu lang für das Sprachmodell: Onboard zeigt passende Auszüge aus den Unterlagen."
)


@dataclass
class HistoryEntry:
    """One question of this session and what came of it."""

    question: str
    asked_at: datetime
    result: AnswerResult | None = None
    partial: str = ""
    cancelled: bool = False
    error: str = ""
    feedback: str = ""
    model_state: str = ModelState.READY
    follow_up_of: str | None = None  # the previous question, when this one follows it up


def heading(text: str, buddy: QWidget) -> QLabel:
    """A section heading (a little larger than the system font) that focuses its widget."""
    label = QLabel(text)
    label.setFont(heading_font(label.font(), 1.15))
    label.setBuddy(buddy)
    return label


class AnswerPanel(QSplitter):
    """Sources (hidden until a question is asked) over the answer; the user can resize both."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the sources pane and the answer pane."""
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setChildrenCollapsible(False)
        self.sources = SourcesList()
        self.answer_state = StateLabel()
        self.answer = AnswerView()
        self.feedback = FeedbackBar()
        self.feedback.hide()
        self.follow_up = FollowUpBar()
        self.copy_button = QPushButton("Antwort &kopieren")
        self.copy_button.setAccessibleName("Antwort kopieren")
        self.copy_button.setToolTip("Frage, Antwort und Quellen als Text in die Zwischenablage")
        self.copy_button.clicked.connect(self.copy_answer)
        self.copy_button.setEnabled(False)
        self._shown: AnswerResult | None = None
        self.expired_note = QLabel()
        self.expired_note.setWordWrap(True)
        self.expired_note.setAccessibleName("Abgelaufene Unterlagen")
        self.expired_note.hide()
        self.respelt_note = QLabel()
        self.respelt_note.setWordWrap(True)
        self.respelt_note.setAccessibleName("Schreibweise der Suche")
        self.respelt_note.hide()
        self.sources_pane = self._pane(
            heading("&Quellen", self.sources),
            self.respelt_note,
            self.sources,
            self.expired_note,
        )
        self.addWidget(self.sources_pane)
        self.addWidget(
            self._pane(
                self._answer_header(),
                self.follow_up,
                self.answer_state,
                self.answer,
                self.feedback,
            )
        )
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self.sources_pane.hide()

    def _answer_header(self) -> QWidget:
        """The heading 'Antwort' with the copy button at its right."""
        header = QWidget()
        row = QHBoxLayout(header)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(heading("&Antwort", self.answer))
        row.addStretch(1)
        row.addWidget(self.copy_button)
        return header

    def copy_answer(self) -> None:
        """Antwort kopieren: question, answer and sources as text to paste elsewhere."""
        if self._shown is not None:
            QGuiApplication.clipboard().setText(answer_as_text(self._shown))
            self.answer_state.set_state(INFO, COPIED_NOTE)

    @staticmethod
    def _pane(*widgets: QWidget) -> QWidget:
        """Widgets stacked without margins; the largest (list or view) stretches."""
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            stretch = 1 if isinstance(widget, SourcesList | AnswerView) else 0
            layout.addWidget(widget, stretch)
        return pane

    def show_welcome(self) -> None:
        """First view: what Onboard is and some example questions."""
        examples = "".join(
            f'<li><a href="{ask_link(question)}">{question}</a></li>' for question in EXAMPLES
        )
        self.answer.setHtml(
            "<p><b>Willkommen!</b> Stellen Sie oben Ihre Frage zu Ihrem Arbeitsbeginn. "
            "Onboard sucht in den freigegebenen Unterlagen Ihrer Verwaltung, antwortet kurz "
            "und nennt die Quellen – ein Klick auf [1] öffnet die Stelle.</p>"
            f"<p>Zum Beispiel:</p><ul>{examples}</ul>"
        )
        self.answer_state.set_state(INFO, "")
        self.follow_up.show_follow_up(None)
        self._offer_copy(None)

    def begin(self, follow_up_of: str | None = None) -> None:
        """A new question: empty sources and answer, searching; follow_up_of: the previous
        question it is understood with."""
        self.follow_up.show_follow_up(follow_up_of, offer_standalone=False)
        self.sources.clear()
        self.sources_pane.show()
        self.answer.clear()
        self.feedback.hide()
        self._offer_copy(None)
        self.answer_state.set_state(BUSY, "Quellen werden gesucht …")

    def sources_found(
        self,
        sources: list[Source],
        model_state: str,
        expired: list[SearchHit] | None = None,
        respelt: str | None = None,
    ) -> None:
        """Show the sources at once and say what happens next."""
        self.show_sources(sources)
        self.show_expired(expired or [])
        self.show_respelt(respelt)
        if not sources:
            self.answer_state.set_state(BUSY, "Keine passenden Stellen gefunden …")
        elif model_state == ModelState.READY:
            self.answer_state.set_state(BUSY, "Antwort wird erstellt …")
        else:
            self.answer_state.set_state(BUSY, EXTRACTIVE_NOTES[model_state])

    def show_sources(self, sources: list[Source]) -> None:
        """The sources list, each source with its document's warnings as text ("⚠ …")."""
        self.sources.show_sources(sources)
        for row, source in enumerate(sources):
            notes = source_notes(source)
            item = self.sources.item(row)
            if not notes or item is None:
                continue
            title, meta, excerpt = item.data(ROLE_PARTS)
            meta = f"{meta} · {notes}"
            item.setData(ROLE_PARTS, (title, meta, excerpt))
            item.setText(f"{title}\n{meta}\n{excerpt}")
            item.setToolTip(f"{notes}\n{item.toolTip()}")

    def show_expired(self, expired: list[SearchHit]) -> None:
        """Name expired documents that matched: they exist, but no longer count."""
        self.expired_note.setText(expired_note(expired))
        self.expired_note.setStyleSheet(box_style(DECLINED, self.palette()) if expired else "")
        self.expired_note.setVisible(bool(expired))

    def show_respelt(self, respelt: str | None) -> None:
        """Say how a question with misspelt words was searched („Gesucht als: …“)."""
        self.respelt_note.setText(f"Gesucht als: „{respelt}“" if respelt else "")
        self.respelt_note.setVisible(bool(respelt))

    def stream(self, text: str, source_count: int) -> None:
        """The answer so far, with its citations already clickable."""
        self.answer.setHtml(rendering.answer_html(text, source_count))

    def show_entry(self, entry: HistoryEntry, *, sources: list[Source] | None = None) -> None:
        """Show a question's answer, sources and state (also for history entries)."""
        result = entry.result
        shown_sources = result.sources if result is not None else (sources or [])
        self.show_sources(shown_sources)
        self.show_expired(result.expired if result is not None else [])
        self.show_respelt(result.respelt if result is not None else None)
        self.sources_pane.setVisible(bool(shown_sources))
        count = len(shown_sources)
        self.follow_up.show_follow_up(entry.follow_up_of)
        if entry.error:
            self.answer_state.set_state(ERROR, "Fehler beim Erstellen der Antwort")
            self.answer.setHtml(rendering.error_html(entry.error, tone(ERROR, self.palette())))
        elif entry.cancelled or result is None:
            self.answer_state.set_state(CANCELLED, "Antwort abgebrochen.")
            self.answer.setHtml(rendering.cancelled_html(entry.partial, count))
        elif result.abstained:
            self.answer_state.set_state(DECLINED, DECLINED_STATE)
            self.answer.setHtml(rendering.declined_html(result, tone(DECLINED, self.palette())))
        elif result.pointed:
            self.answer_state.set_state(INFO, POINTED_STATE)
            self.answer.setHtml(rendering.answer_html(result.answer, count))
        elif result.extractive:
            missing = EXTRACTIVE_NOTES[ModelState.MISSING]
            note = (
                TOO_LONG_STATE
                if result.too_long
                else EXTRACTIVE_NOTES.get(entry.model_state, missing)
            )
            self.answer_state.set_state(INFO, note)
            self.answer.setHtml(rendering.answer_html(result.answer, count))
        elif result.points_only:  # the model wrote only "[1] [2]"
            self.answer_state.set_state(INFO, cited_note(result))
            self.answer.setHtml(rendering.cited_excerpts_html(result))
        else:
            self.answer_state.set_state(INFO, cited_note(result))
            self.answer.setHtml(rendering.answer_html(result.answer, count))
        announce(self.answer, self.answer.toPlainText())
        complete = result is not None and not entry.cancelled and not entry.error
        self.feedback.setVisible(complete)
        self.feedback.reset(done_text=entry.feedback)
        self._offer_copy(result if complete else None)

    def _offer_copy(self, result: AnswerResult | None) -> None:
        """Antwort kopieren is there for a complete answer only."""
        self._shown = result
        self.copy_button.setEnabled(result is not None)


def cited_note(result: AnswerResult) -> str:
    """The state line of a generated answer; its example link is one the answer cites."""
    count = len(result.citations)
    sources = "einer Quelle" if count == 1 else f"{count} Quellen"
    first = min((citation.n for citation in result.citations), default=1)
    return f"Antwort aus {sources} – ein Klick auf [{first}] öffnet die Stelle im Dokument."


def source_notes(source: Source) -> str:
    """A source's warnings in one line ("⚠ Wiedervorlage überfällig seit …"), '' if none."""
    notes = source.hit.notes()
    return "⚠ " + "; ".join(notes) if notes else ""
