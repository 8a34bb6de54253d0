"""Main window navigation: every entry shows its page; unfinished parts say so plainly."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.ui.controller import AppController
from socialdesk.ui.main_window import PAGE_KEYS
from socialdesk.ui.pages.base import ComingSoonPage


def test_navigation_every_entry_shows_its_page(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given the main window open on a vault
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    assert window is not None
    qtbot.waitExposed(window)
    assert window.current_page().objectName() == "todayPage"
    assert window.size().width() >= 1000

    # When each navigation entry is clicked, Then its page is the one shown
    nav = window.navigation
    assert nav.count() == len(PAGE_KEYS) == 7
    for row, key in enumerate(PAGE_KEYS):
        rect = nav.visualItemRect(nav.item(row))
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        page = window.current_page()
        assert page.objectName() == f"{key}Page"
        assert page.isVisible()
        assert window.findChild(type(page), f"{key}Page") is page
        if key not in ("today", "clients", "agenda", "billing", "reports", "partners", "settings"):
            assert isinstance(page, ComingSoonPage)
            texts = [label.text() for label in page.findChildren(type(window.vault_label))]
            assert "This part of SocialDesk arrives in a coming version." in texts


def test_navigation_shortcuts_and_status_bar(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    window.show_page("settings")
    assert window.current_page().objectName() == "settingsPage"
    assert window.vault_label.text() == f"Vault: {vault.path.name}"
    assert window.lock_button.isVisible()
