"""The Tasks tab: add with Enter, tick as done, late ones in red, edit, and bad input
that keeps what was typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import TaskStatus
from socialdesk.domain.tasks import TaskInput
from socialdesk.services.tasks import create_task, list_client_tasks
from socialdesk.ui.accompaniment.common import OVERDUE_COLOR
from socialdesk.ui.accompaniment.tasks_tab import TasksTab
from socialdesk.ui.ops import Operations
from tests.ui.conftest import type_text
from tests.ui.test_partner_page import make_person

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def tab(qtbot: QtBot, ops: Operations, vault) -> TasksTab:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = TasksTab(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def tasks(vault, client_id: int):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return list_client_tasks(uow, client_id, include_closed=True)


def test_task_added_ticked_and_edited(qtbot: QtBot, tab: TasksTab, ops: Operations, vault) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    with vault.uow() as uow:
        create_task(uow, TaskInput("Envoyer le courrier au bailleur", client_id,
                                   due_date=date.today() - timedelta(days=3)))  # fmt: skip
    tab.set_client(client_id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 1)
    late = tab.tree.topLevelItem(0)
    assert late.foreground(1).color().name() == OVERDUE_COLOR
    assert tab.summary_label.text() == "1 to do · 1 late"

    # When a task is typed and Enter pressed
    type_text(qtbot, tab.title_edit, "Rappeler la CAF")
    type_text(qtbot, tab.due_field, "15/06/2030")
    qtbot.keyClick(tab.due_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 2)
    assert tab.title_edit.text() == ""
    assert {t.title for t in tasks(vault, client_id)} == {
        "Envoyer le courrier au bailleur",
        "Rappeler la CAF",
    }

    # When the late one is ticked: done, and gone from the open list
    tab.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 1)
    done = next(t for t in tasks(vault, client_id) if t.title.startswith("Envoyer"))
    assert done.status == TaskStatus.DONE and done.done_at is not None
    tab.show_closed_box.setChecked(True)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 2)

    # When the other one is edited
    (open_task,) = [t for t in tasks(vault, client_id) if t.is_open]
    tab.show_task(open_task.id)
    dialog = tab.open_edit()
    qtbot.waitExposed(dialog)
    dialog.notes_edit.setPlainText("Demander le numéro de dossier")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))
    assert next(t for t in tasks(vault, client_id) if t.id == open_task.id).notes == (
        "Demander le numéro de dossier"
    )


def test_task_bad_input_shows_the_error_and_keeps_the_text(
    qtbot: QtBot, tab: TasksTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)

    # No title: the service's message, nothing saved
    qtbot.mouseClick(tab.add_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert tab.error_label.isVisible() and tab.error_label.text() == "Say what is to be done."

    # A bad date: the message, and the title kept
    type_text(qtbot, tab.title_edit, "Préparer le dossier MDPH")
    type_text(qtbot, tab.due_field, "30/02/2026")
    qtbot.mouseClick(tab.add_button, LEFT)
    assert tab.error_label.text() == "Enter a date as DD/MM/YYYY."
    assert tab.title_edit.text() == "Préparer le dossier MDPH"
    assert tasks(vault, client_id) == []

    # Edit dialog: an empty title is refused under the field
    tab.due_field.clear()
    qtbot.mouseClick(tab.add_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 1)
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    dialog = tab.open_edit()
    dialog.title_edit.clear()
    dialog.notes_edit.setPlainText("Certificat médical à demander")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert dialog.isVisible() and dialog.form.error_labels["title"].isVisible()
    assert dialog.notes_edit.toPlainText() == "Certificat médical à demander"
