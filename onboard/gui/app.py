"""onboard-gui: start the desktop window (options: --home DIR; $ONBOARD_HOME)."""

import argparse
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from onboard.core import paths
from onboard.core.command_line import GermanArgumentParser, folder
from onboard.core.store import StoreDamagedError
from onboard.gui.focus_style import VisibleFocusStyle
from onboard.gui.german_qt import install_german_qt_texts
from onboard.gui.recovery import offer_restore
from onboard.gui.settings_dialog import HOME_KEY
from onboard.gui.style import readable_palette
from onboard.gui.tasks import describe_error

ORGANISATION = "Onboard"
APPLICATION = "Onboard"


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options; everything else is passed on to Qt (e.g. -platform offscreen)."""
    parser = GermanArgumentParser(
        prog="onboard-gui", description="Onboard – Wissensdatenbank für den Einstieg (Fenster)"
    )
    parser.add_argument(
        "--home",
        metavar="DIR",
        type=folder,
        help="Datenordner (Vorrang vor onboard.ini der IT, $ONBOARD_HOME und Einstellungen)",
    )
    return parser.parse_known_args(argv)


def choose_home(explicit: str | None, app_settings: QSettings) -> Path:
    """--home, else IT's onboard.ini, else $ONBOARD_HOME, else the chosen folder, else default."""
    if explicit or paths.it_home() is not None or os.environ.get(paths.HOME_ENV):
        return paths.resolve_home(explicit)
    stored = app_settings.value(HOME_KEY, "")
    return paths.resolve_home(str(stored) if stored else None)


def main(argv: list[str] | None = None) -> int:
    """Run the window until it is closed; returns the exit code."""
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Onboard")
    install_german_qt_texts(app)
    QApplication.setStyle(VisibleFocusStyle())  # before the palette: a new style resets it
    QApplication.setPalette(readable_palette(QApplication.palette()))
    app_settings = QSettings(ORGANISATION, APPLICATION)
    try:
        home = choose_home(args.home, app_settings)
        from onboard.gui.main_window import MainWindow

        try:
            window = MainWindow(home, app_settings=app_settings)
        except StoreDamagedError:
            if not offer_restore(home):
                raise
            window = MainWindow(home, app_settings=app_settings)
    except Exception as error:  # shown to the user in German; the traceback goes to stderr
        traceback.print_exc()
        QMessageBox.critical(
            None,
            "Onboard kann nicht starten",
            f"Die Wissensdatenbank konnte nicht geöffnet werden.\n\n{describe_error(error)}",
        )
        return 1
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
