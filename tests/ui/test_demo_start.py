"""Starting on the demo: no passphrase asked, "Demo" in the title; a clear message when the
demo is not part of this build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from socialdesk.services.vault import create_vault, unlock_with_passphrase, vault_exists
from socialdesk.ui import controller as controller_module
from socialdesk.ui.controller import AppController, demo_vault_path
from tests.conftest import CHEAP_KDF

DEMO_PASSPHRASE = "demo passphrase of the tests"


def _stand_in_demo_module() -> SimpleNamespace:
    """services.demo's contract, on a real (empty) encrypted vault."""

    def open_or_create_demo_vault(path: Path):  # type: ignore[no-untyped-def]
        if vault_exists(path):
            return unlock_with_passphrase(path, DEMO_PASSPHRASE)
        vault, _key = create_vault(path, DEMO_PASSPHRASE, kdf_params=CHEAP_KDF)
        return vault

    return SimpleNamespace(
        DEMO_PASSPHRASE=DEMO_PASSPHRASE, open_or_create_demo_vault=open_or_create_demo_vault
    )


def test_demo_start_opens_without_passphrase_and_says_demo(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(controller_module, "_demo_module", _stand_in_demo_module)
    controller = make_controller(tmp_path / "unused.sdvault", demo=True)
    controller.start()
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    assert controller.window.windowTitle() == "SocialDesk — Demo"
    assert controller.vault.path == demo_vault_path()
    assert controller.unlock_dialog is None

    # After a lock, the demo passphrase is filled in for the user
    controller.lock()
    dialog = controller.unlock_dialog
    assert dialog.passphrase_edit.text() == DEMO_PASSPHRASE
    assert dialog.note_label.isVisible()


def test_demo_start_explains_when_the_demo_is_missing(
    qtbot: QtBot,
    make_controller: Callable[..., AppController],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(controller_module, "_demo_module", lambda: None)
    controller = make_controller(tmp_path / "unused.sdvault", demo=True)
    with qtbot.waitSignal(controller.quit_requested):
        controller.start()
        box = controller.info_box
        assert isinstance(box, QMessageBox)
        assert box.text() == "The demo is not available in this version of SocialDesk."
        box.accept()
    assert controller.window is None
