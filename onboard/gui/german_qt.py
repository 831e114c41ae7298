"""Qt's own texts in German: context menus, standard buttons, file dialogs, key names."""

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
# Qt's catalogues for the widgets we use (qtbase holds menus, dialogs and key names).
CATALOGUES = ("qtbase",)


def install_german_qt_texts(app: QCoreApplication) -> int:
    """Make German the default locale and load Qt's German catalogues into the application
    (once); returns how many are installed (0 leaves Qt's English texts, nothing breaks)."""
    QLocale.setDefault(GERMAN)
    installed = {translator.objectName() for translator in app.findChildren(QTranslator)}
    for catalogue in CATALOGUES:
        if catalogue in installed:
            continue
        translator = QTranslator(app)  # kept alive by its parent
        translator.setObjectName(catalogue)
        found = any(translator.load(GERMAN, catalogue, "_", folder) for folder in _folders())
        if found and app.installTranslator(translator):
            installed.add(catalogue)
        else:
            translator.deleteLater()
    return len(installed & set(CATALOGUES))


def _folders() -> list[str]:
    """Where Qt's catalogues are: Qt's own answer, else beside the PySide6 package (the
    layout of the packaged program)."""
    beside = Path(PySide6.__file__).parent / "Qt" / "translations"
    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(beside)]
