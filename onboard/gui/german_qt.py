"""Qt's own texts in German: context menus, standard buttons, file dialogs, key names."""

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
# Qt's catalogues for the widgets we use (qtbase holds menus, dialogs and key names).
CATALOGUES = ("qtbase",)


def install_german_qt_texts(app: QCoreApplication) -> int:
    """Make German the default locale and load Qt's German catalogues into the application
    (once); returns how many are installed (0 leaves Qt's English texts, nothing breaks)."""
    QLocale.setDefault(GERMAN)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = {translator.objectName() for translator in app.findChildren(QTranslator)}
    for catalogue in CATALOGUES:
        if catalogue in installed:
            continue
        translator = QTranslator(app)  # kept alive by its parent
        translator.setObjectName(catalogue)
        if translator.load(GERMAN, catalogue, "_", folder) and app.installTranslator(translator):
            installed.add(catalogue)
        else:
            translator.deleteLater()
    return len(installed & set(CATALOGUES))
