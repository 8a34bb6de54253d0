"""Settings → Social issues: add issues, take one out of use; the client file and the
clients list follow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.clients import ClientInput
from socialdesk.services.clients import create_client, list_social_issue_types
from socialdesk.ui.controller import AppController
from socialdesk.ui.pages.settings_typology import IN_USE, code_for

LEFT = Qt.MouseButton.LeftButton


def test_clients_typology_code_from_label() -> None:
    assert code_for("Santé mentale", set()) == "sante_mentale"
    assert code_for("Santé mentale", {"sante_mentale"}) == "sante_mentale_2"
    assert code_for("!!!", set()) == "issue"


def test_clients_typology_is_edited_in_settings_and_used_by_the_file_and_the_list(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _changes = create_client(uow, ClientInput(last_name="Colin"))
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    window.show_page("settings")
    qtbot.waitUntil(controller.ops.is_idle)
    section = window.settings_page.typology

    # A new vault has no issues: the usual list is offered
    assert section.table.rowCount() == 0
    assert section.usual_button.isVisible()
    qtbot.mouseClick(section.usual_button, LEFT)
    qtbot.waitUntil(controller.ops.is_idle)
    assert section.table.rowCount() == 10
    assert not section.usual_button.isVisible()

    # Add one by its label
    qtbot.keyClicks(section.new_edit, "Violences conjugales")
    qtbot.keyClick(section.new_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(controller.ops.is_idle)
    assert section.new_edit.text() == ""
    with vault.uow() as uow:
        codes = {t.code: t.label for t in list_social_issue_types(uow)}
    assert codes["violences_conjugales"] == "Violences conjugales"

    # Take "Mobility" out of use
    row = next(
        r for r in range(section.table.rowCount()) if section.table.item(r, 0).text() == "Mobility"
    )
    section.table.item(row, IN_USE).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(controller.ops.is_idle)
    with vault.uow() as uow:
        assert "mobility" not in {t.code for t in list_social_issue_types(uow)}

    # The client file offers the issues in use; the list filter has them all
    window.show_page("clients")
    page = window.clients_page
    qtbot.waitUntil(controller.ops.is_idle)
    labels = [page.issue_combo.itemText(i) for i in range(page.issue_combo.count())]
    assert "Violences conjugales" in labels and "Mobility (no longer used)" in labels
    widget = page.open_client(file.id)
    qtbot.waitUntil(controller.ops.is_idle)
    offered = [widget.issues.list.item(i).text() for i in range(widget.issues.list.count())]
    assert "Violences conjugales" in offered and "Mobility" not in offered
    widget.issues.check("violences_conjugales")
    qtbot.mouseClick(widget.save_button, LEFT)
    qtbot.waitUntil(controller.ops.is_idle)
    assert widget.file.social_issue_codes == ("violences_conjugales",)
