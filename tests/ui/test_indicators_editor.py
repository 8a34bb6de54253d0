"""The indicators editor on a real vault: add an indicator (a field error first, nothing
typed lost), enter values by hand and see the progress, edit it (errors under their
fields), delete it."""

from __future__ import annotations

from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import IndicatorSource
from socialdesk.services.indicators import list_indicators
from socialdesk.storage.orm import Organization
from socialdesk.ui.ops import Operations
from socialdesk.ui.reports.indicator_dialog import IndicatorDialog
from socialdesk.ui.reports.indicators import IndicatorsDialog
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton
YEAR = date.today().year


def stored(vault):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return list_indicators(uow)


@pytest.fixture
def editor(qtbot: QtBot, ops: Operations, vault) -> IndicatorsDialog:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    dialog = IndicatorsDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(ops.is_idle)
    return dialog


def save(qtbot: QtBot, ops: Operations, dialog: IndicatorDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)


def test_add_with_a_field_error_first_then_values_by_hand(
    qtbot: QtBot, editor: IndicatorsDialog, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    assert editor.empty_label.isVisible()

    # When an indicator is added with a target that is not a number
    dialog = editor.open_add()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(ops.is_idle)
    type_text(qtbot, dialog.name_edit, "Ateliers collectifs réalisés")
    type_text(qtbot, dialog.target_edit, "trois")
    type_text(qtbot, dialog.unit_edit, "ateliers")
    save(qtbot, ops, dialog)

    # Then the error is under the target, nothing is saved and nothing typed is lost
    assert dialog.isVisible()
    error = dialog.form.error_labels["target"]
    assert error.isVisible() and error.text() == "Enter a target between 0 and 100,000,000."
    assert dialog.name_edit.text() == "Ateliers collectifs réalisés"
    assert stored(vault) == []

    # When the target is fixed
    dialog.target_edit.clear()
    type_text(qtbot, dialog.target_edit, "3")
    save(qtbot, ops, dialog)

    # Then it is saved (entered by hand, this year) and listed with no progress yet
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    qtbot.waitUntil(lambda: editor.tree.topLevelItemCount() == 1)
    (indicator,) = stored(vault)
    assert indicator.source == IndicatorSource.MANUAL
    assert (indicator.period_start, indicator.period_end) == (date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert indicator.target == 3
    item = editor.tree.topLevelItem(0)
    assert item.text(3) == "3 ateliers"
    assert item.text(4) == "0"

    # When two workshops are entered by hand (a bad value first)
    editor.tree.setCurrentItem(item)
    qtbot.waitUntil(ops.is_idle)
    assert editor.values_panel.isVisible()
    type_text(qtbot, editor.value_edit, "deux")
    qtbot.mouseClick(editor.add_value_button, LEFT)
    assert editor.value_status.text() == "Enter a value between 0 and 100,000,000."
    editor.value_edit.clear()
    editor.value_date_edit.set_value(date(YEAR, 3, 14))
    type_text(qtbot, editor.value_edit, "2")
    qtbot.mouseClick(editor.add_value_button, LEFT)
    qtbot.waitUntil(ops.is_idle)

    # Then the actual and the progress bar follow
    qtbot.waitUntil(lambda: editor.tree.topLevelItemCount() == 1)
    item = editor.tree.topLevelItem(0)
    assert item.text(4) == "2"
    bar = editor.tree.itemWidget(item, 5)
    assert isinstance(bar, QProgressBar) and bar.value() == 66
    qtbot.waitUntil(lambda: editor.values_tree.topLevelItemCount() == 1)
    assert editor.values_tree.topLevelItem(0).text(1) == "2"


def test_edit_with_field_errors_then_delete(
    qtbot: QtBot, editor: IndicatorsDialog, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a computed indicator
    dialog = editor.open_add()
    qtbot.waitUntil(ops.is_idle)
    type_text(qtbot, dialog.name_edit, "Personnes accompagnées")
    dialog.source_combo.setCurrentIndex(
        dialog.source_combo.findData(IndicatorSource.CLIENTS_ACCOMPANIED.value)
    )
    type_text(qtbot, dialog.target_edit, "100")
    save(qtbot, ops, dialog)
    qtbot.waitUntil(lambda: editor.tree.topLevelItemCount() == 1)
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    assert not editor.values_panel.isVisible()  # counted from the data: no values by hand

    # When it is edited with an empty name and a reversed period
    dialog = editor.open_edit()
    assert dialog is not None
    qtbot.waitUntil(ops.is_idle)
    assert dialog.name_edit.text() == "Personnes accompagnées"
    dialog.name_edit.clear()
    dialog.end_edit.clear()
    type_text(qtbot, dialog.end_edit, f"01/01/{YEAR - 1}")
    save(qtbot, ops, dialog)

    # Then both errors are under their fields and nothing changed
    assert dialog.isVisible()
    assert dialog.form.error_labels["name"].text() == "Enter the indicator's name."
    assert dialog.form.error_labels["period_end"].text() == "The period ends before it starts."
    assert stored(vault)[0].name == "Personnes accompagnées"

    # When they are fixed
    type_text(qtbot, dialog.name_edit, "Personnes accompagnées (convention)")
    dialog.end_edit.clear()
    type_text(qtbot, dialog.end_edit, f"31/12/{YEAR}")
    save(qtbot, ops, dialog)
    qtbot.waitUntil(lambda: editor.tree.topLevelItemCount() == 1)
    qtbot.waitUntil(
        lambda: editor.tree.topLevelItem(0).text(0) == "Personnes accompagnées (convention)"
    )
    assert stored(vault)[0].target == 100

    # When it is deleted (confirmed)
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    box = editor.ask_delete()
    assert isinstance(box, QMessageBox)
    confirm = box.findChild(QPushButton, "confirmButton")
    qtbot.mouseClick(confirm, LEFT)
    qtbot.waitUntil(ops.is_idle)

    # Then it is gone from the vault and the list
    assert stored(vault) == []
    qtbot.waitUntil(lambda: editor.tree.topLevelItemCount() == 0)
    assert editor.empty_label.isVisible()


def test_a_funder_deleted_meanwhile_is_refused_under_its_field(
    qtbot: QtBot, editor: IndicatorsDialog, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a funder chosen in the dialog, deleted elsewhere before the indicator is saved
    with vault.uow() as uow:
        funder = Organization(name="CCAS de Lille", role="payer")
        uow.session.add(funder)
        uow.session.flush()
        funder_id = funder.id
    dialog = editor.open_add()
    qtbot.waitUntil(lambda: dialog.funder_combo.findData(funder_id) >= 0)
    dialog.funder_combo.setCurrentIndex(dialog.funder_combo.findData(funder_id))
    type_text(qtbot, dialog.name_edit, "Personnes accompagnées")
    with vault.uow() as uow:
        uow.session.delete(uow.session.get(Organization, funder_id))

    # When it is saved, Then the service's error is under the funder, nothing is saved
    save(qtbot, ops, dialog)
    assert dialog.isVisible()
    error = dialog.form.error_labels["funder_organization_id"]
    assert error.isVisible() and error.text() == "Choose the funder among the organizations."
    assert dialog.ok_button.isEnabled()
    assert dialog.name_edit.text() == "Personnes accompagnées"
    assert stored(vault) == []
