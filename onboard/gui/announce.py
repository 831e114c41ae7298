"""Screen readers hear what changes on screen: state lines, results, finished answers."""

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel

# A finished answer is said up to this length (an extract of passages can be long).
ANNOUNCED_UP_TO = 1000


def announce(source: QObject, message: str) -> None:
    """Have a screen reader say message once it has finished what it is saying (nothing when
    the message is empty)."""
    message = " ".join(message.split())
    if not message:
        return
    if len(message) > ANNOUNCED_UP_TO:
        message = message[:ANNOUNCED_UP_TO].rsplit(" ", 1)[0] + " …"
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(source, message))


class LiveLabel(QLabel):
    """A label whose new text a screen reader says, like a live region on a web page."""

    def setText(self, text: str) -> None:
        """Show text; say it when it is new."""
        changed = text != self.text()
        super().setText(text)
        if changed:
            announce(self, text)
