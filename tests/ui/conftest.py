"""UI test helpers: the real worker and change bus, a session controller on a real
temporary encrypted vault, and waits on the worker instead of sleeps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QWidget
from pytestqt.qtbot import QtBot

from socialdesk import i18n
from socialdesk.ui.controller import AppController
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from tests.conftest import CHEAP_KDF


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def ops(qtbot: QtBot) -> Iterator[Operations]:
    bus = ChangeBus()
    operations = Operations(bus)
    yield operations
    operations.wait_idle()
    operations.lock_vault()
    operations.wait_idle()
    operations.shutdown()


@pytest.fixture
def make_controller(qtbot: QtBot) -> Iterator[Callable[..., AppController]]:
    """Build a controller (cheap KDF, no idle lock nor daily backup during the test); ended
    after the test."""
    made: list[AppController] = []

    def make(vault_path: Path, **kwargs: object) -> AppController:
        kwargs.setdefault("kdf_params", CHEAP_KDF)
        kwargs.setdefault("idle_minutes", 60)
        # The daily backup at unlock has its own tests; elsewhere it would only add load.
        kwargs.setdefault("daily_backup", False)
        controller = AppController(vault_path, **kwargs)  # type: ignore[arg-type]
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.finish()
        for widget in (controller.window, controller.unlock_dialog, controller.wizard):
            if widget is not None:
                widget.deleteLater()


def wait_idle(qtbot: QtBot, ops: Operations, timeout: int = 10_000) -> None:
    qtbot.waitUntil(ops.is_idle, timeout=timeout)


def click_checkbox(qtbot: QtBot, box: QCheckBox) -> None:
    """Click on the box itself (the centre of a stretched check box may be empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin warns that it cannot resize to size hints or raise a
    # window; not a problem of ours, and qt_default_raising would fail every test on it.
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    r"This plugin does not support (propagateSizeHints|raise)\(\)"
                )
            )


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` like a keyboard would, accents included (QTest only knows ASCII keys:
    other characters go as key events carrying the text)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
