"""Start the GUI: application object, language (ours and Qt's own), private temp dir, and
the session controller (first run or unlock, then the main window)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from socialdesk import i18n
from socialdesk.config import paths

APP_NAME = "SocialDesk"


def install_qt_translator(app: QApplication, language: str) -> QTranslator | None:
    """Qt's own strings (standard buttons, file dialogs) in ``language``."""
    if language == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        return translator
    return None


def create_application(language: str | None = None) -> QApplication:
    """The QApplication as every SocialDesk session needs it: names, language (ours and
    Qt's own), window icon, and an emptied private temp dir."""
    i18n.set_language(language or i18n.system_language())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)  # windows come and go (lock); the controller quits
    QLocale.setDefault(QLocale(i18n.current_language()))
    install_qt_translator(app, i18n.current_language())
    from socialdesk.ui.main_window import icon

    app.setWindowIcon(icon("lock"))
    paths.empty_private_temp_dir()
    return app


def run_gui(vault_path: Path | None = None, demo: bool = False, language: str | None = None) -> int:
    app = create_application(language)
    from socialdesk.ui.controller import AppController

    controller = AppController(vault_path or paths.default_vault_path(), demo=demo)
    controller.quit_requested.connect(app.quit)
    app.aboutToQuit.connect(controller.finish)
    controller.start()
    try:
        return app.exec()
    finally:
        paths.empty_private_temp_dir()
