"""The DB worker: one thread, jobs in order, results and errors back on the GUI thread,
Changes broadcast after a successful write, clear error dialogs."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import VaultLocked, WrongPassphrase
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.profile import get_profile, save_profile
from socialdesk.ui.ops import Operations


def test_ops_run_in_order_on_one_worker_thread_and_report_on_the_gui_thread(
    qtbot: QtBot, ops: Operations
) -> None:
    gui_thread = threading.get_ident()
    ran_on: list[int] = []
    delivered: list[tuple[int, int]] = []
    for n in range(5):
        ops.run_task(
            lambda n=n: ran_on.append(threading.get_ident()) or n,
            on_success=lambda n, _t=None: delivered.append((n, threading.get_ident())),
        )
    assert ops.wait_idle()
    assert [n for n, _ in delivered] == [0, 1, 2, 3, 4]
    assert {t for _, t in delivered} == {gui_thread}
    assert len(set(ran_on)) == 1 and ran_on[0] != gui_thread


def test_ops_db_write_commits_and_broadcasts_changes(qtbot: QtBot, ops: Operations, vault) -> None:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    with qtbot.waitSignal(ops.bus.changed) as broadcast:
        ops.run_db(lambda uow: save_profile(uow, PractitionerProfile(legal_name="Cabinet A")))
    assert broadcast.args[0] == Changes(profile=True)
    seen: list[str] = []
    ops.run_db(lambda uow: (get_profile(uow).legal_name, NO_CHANGES), on_success=seen.append)
    assert ops.wait_idle()
    assert seen == ["Cabinet A"]


def test_ops_failed_write_rolls_back_and_shows_the_translated_error(
    qtbot: QtBot, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def write_then_fail(uow):  # type: ignore[no-untyped-def]
        save_profile(uow, PractitionerProfile(legal_name="Should not stay"))
        raise WrongPassphrase()

    ops.run_db(write_then_fail, owner=parent)
    assert ops.wait_idle()
    box = parent.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.text() == "Incorrect passphrase."
    box.accept()
    with vault.uow() as uow:
        assert get_profile(uow).legal_name == ""


def test_ops_unexpected_error_shows_a_generic_message_and_logs_the_traceback(
    qtbot: QtBot, ops: Operations, caplog: pytest.LogCaptureFixture
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def boom() -> None:
        raise ZeroDivisionError("internal detail")

    with caplog.at_level(logging.ERROR, logger="socialdesk.ui.ops"):
        ops.run_task(boom, owner=parent)
        assert ops.wait_idle()
    box = parent.findChild(QMessageBox, "errorDialog")
    assert box is not None
    assert "internal detail" not in box.text()
    assert "unexpected error" in box.text()
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)
    box.accept()


def test_ops_on_error_handler_can_take_over(qtbot: QtBot, ops: Operations) -> None:
    handled: list[BaseException] = []
    ops.run_db(lambda uow: (None, NO_CHANGES), on_error=lambda e: handled.append(e) or True)
    assert ops.wait_idle()
    assert len(handled) == 1 and isinstance(handled[0], VaultLocked)
