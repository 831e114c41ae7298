"""Colours of the few distinct states (declined, error) for light and dark palettes, checked."""

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

DECLINED = "declined"
ERROR = "error"


@dataclass(frozen=True)
class Tone:
    """Text, background and border colour of a highlighted box (hex strings)."""

    foreground: str
    background: str
    border: str


# The only hard-coded colours of the GUI: each text is checked for WCAG AA contrast (4.5:1)
# and each border for 3:1 against its background in tests.
TONES: dict[tuple[str, bool], Tone] = {
    (DECLINED, False): Tone("#3d2e00", "#fff4ce", "#8f6d00"),
    (DECLINED, True): Tone("#ffe7a3", "#3b3000", "#b08800"),
    (ERROR, False): Tone("#5f0b12", "#fde7e9", "#c4314b"),
    (ERROR, True): Tone("#ffd7d9", "#4a1c20", "#d36a74"),
}


# The source viewer's boxes: a warning about the document, a note about what is shown.
VIEWER_TONES = {
    "warning": Tone("#4d3800", "#fff4ce", "#8f6d00"),
    "note": Tone("#0b3a66", "#e8f1fb", "#3d78b8"),
}


def viewer_box_style(kind: str) -> str:
    """The style sheet of a source viewer box ("warning" or "note")."""
    return _label_style(VIEWER_TONES[kind], padding="4px 8px")


def _label_style(colors: Tone, *, padding: str) -> str:
    """A QLabel style sheet: a box in the colours of a tone."""
    return (
        f"QLabel {{ color: {colors.foreground}; background-color: {colors.background}; "
        f"border: 1px solid {colors.border}; border-radius: 4px; padding: {padding}; }}"
    )


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark one (light text on a dark window)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(kind: str, palette: QPalette) -> Tone:
    """The colours of a state for this palette."""
    return TONES[(kind, is_dark(palette))]


def _channel(value: float) -> float:
    """sRGB channel to linear light (WCAG 2.x)."""
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """Relative luminance of a colour."""
    return (
        0.2126 * _channel(color.redF())
        + 0.7152 * _channel(color.greenF())
        + 0.0722 * _channel(color.blueF())
    )


def contrast_ratio(first: QColor | str, second: QColor | str) -> float:
    """WCAG contrast ratio of two colours (1 to 21; 4.5 is AA for body text)."""
    a, b = sorted((luminance(QColor(first)), luminance(QColor(second))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _mix(first: QColor, second: QColor, share: float) -> QColor:
    """An opaque colour: share of second (0 to 1) mixed into first."""
    channels = zip(
        (first.redF(), first.greenF(), first.blueF()),
        (second.redF(), second.greenF(), second.blueF()),
        strict=True,
    )
    return QColor.fromRgbF(*((1 - share) * own + share * other for own, other in channels))


def _towards(color: QColor, target: QColor, against: QColor, ratio: float) -> QColor:
    """color moved towards target in small steps until it has ratio to against."""
    for step in range(21):
        moved = _mix(color, target, step / 20)
        if contrast_ratio(moved, against) >= ratio:
            return moved
    return target


def readable_palette(palette: QPalette) -> QPalette:
    """The palette with greyed hint text (placeholders) and selected rows at 4.5:1 contrast
    (WCAG AA); colours that have it already are kept."""
    readable = QPalette(palette)
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    placeholder = palette.color(QPalette.ColorRole.PlaceholderText)
    hint = _mix(base, placeholder, placeholder.alphaF())  # translucent: as it shows on base
    if contrast_ratio(hint, base) < 4.5:
        readable.setColor(QPalette.ColorRole.PlaceholderText, _towards(hint, text, base, 4.5))
    selected = palette.color(QPalette.ColorRole.Highlight)
    selected_text = palette.color(QPalette.ColorRole.HighlightedText)
    if contrast_ratio(selected, selected_text) < 4.5:
        away = QColor("#000000") if luminance(selected_text) > 0.5 else QColor("#ffffff")
        readable.setColor(
            QPalette.ColorRole.Highlight, _towards(selected, away, selected_text, 4.5)
        )
    return readable


def box_style(kind: str, palette: QPalette) -> str:
    """A style sheet for a QLabel showing a state in its tone."""
    return _label_style(tone(kind, palette), padding="6px")


def focus_frame_color(palette: QPalette, *, selected: bool) -> QColor:
    """The colour of the keyboard focus frame on a list entry: 3:1 against what it is drawn on
    (WCAG 1.4.11), the selected text colour on a selected entry."""
    if selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    base = palette.color(QPalette.ColorRole.Base)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    if contrast_ratio(highlight, base) >= 3:
        return highlight
    return _towards(highlight, palette.color(QPalette.ColorRole.Text), base, 3)
