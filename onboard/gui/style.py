"""Colours of the few distinct states (declined, error) for light and dark palettes, checked."""

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

DECLINED = "declined"
ERROR = "error"
# The source viewer's boxes: a warning about the document, a note about what is shown.
VIEWER_WARNING = (
    "QLabel { background: #fff4ce; color: #4d3800; border: 1px solid #c99a00; "
    "border-radius: 4px; padding: 4px 8px; }"
)
VIEWER_NOTE = (
    "QLabel { background: #e8f1fb; color: #0b3a66; border: 1px solid #7aa7d6; "
    "border-radius: 4px; padding: 4px 8px; }"
)


@dataclass(frozen=True)
class Tone:
    """Text, background and border colour of a highlighted box (hex strings)."""

    foreground: str
    background: str
    border: str


# The only hard-coded colours of the GUI: each pair is checked for WCAG AA contrast in tests.
TONES: dict[tuple[str, bool], Tone] = {
    (DECLINED, False): Tone("#3d2e00", "#fff4ce", "#b08800"),
    (DECLINED, True): Tone("#ffe7a3", "#3b3000", "#b08800"),
    (ERROR, False): Tone("#5f0b12", "#fde7e9", "#c4314b"),
    (ERROR, True): Tone("#ffd7d9", "#4a1c20", "#d36a74"),
}


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


def box_style(kind: str, palette: QPalette) -> str:
    """A style sheet for a QLabel showing a state in its tone."""
    colors = tone(kind, palette)
    return (
        f"QLabel {{ color: {colors.foreground}; background-color: {colors.background}; "
        f"border: 1px solid {colors.border}; border-radius: 4px; padding: 6px; }}"
    )
