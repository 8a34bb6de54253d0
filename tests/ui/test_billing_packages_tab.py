"""The client file's Packages tab: sell a package, watch the balance fall as appointments
are done, record units by hand (bad input keeps what was typed), close early."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import AppointmentStatus, PackageStatus
from socialdesk.services.packages import client_packages
from socialdesk.ui.billing import wiring
from socialdesk.ui.billing.packages_tab import PackagesTab
from socialdesk.ui.client_file import ClientFileWidget
from socialdesk.ui.client_file.widget import unregister_tab_factory
from socialdesk.ui.ops import Operations
from tests.services.billing_fixtures import (
    at,
    mark,
    new_appointment,
    new_client,
    new_offer,
    new_org,
    new_service,
)
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


def packages(vault, client_id: int):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return client_packages(uow, client_id, today=date.today())


@pytest.fixture
def tab(qtbot: QtBot, ops: Operations, vault) -> PackagesTab:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = PackagesTab(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(900, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def sell(qtbot: QtBot, tab: PackagesTab, ops: Operations, payer: str | None = None) -> None:
    dialog = tab.open_sell()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    if payer is not None:
        dialog.payer_combo.setCurrentIndex(dialog.payer_combo.findText(payer))
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))


def test_sell_a_package_and_see_the_balance_fall(
    qtbot: QtBot, tab: PackagesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a client, a "5 entretiens" offer (5 hours) and a paying town
    service = new_service(vault)
    new_offer(vault, service)
    new_org(vault)
    client = new_client(vault)
    tab.set_client(client)
    qtbot.waitUntil(ops.is_idle)
    assert tab.empty_label.isVisible()

    # When the package is sold, paid by the town, with a bad price first
    dialog = tab.open_sell()
    assert dialog is not None
    assert dialog.payer_combo.itemText(0) == "The person"
    dialog.payer_combo.setCurrentIndex(dialog.payer_combo.findText("Mairie de Lille"))
    type_text(qtbot, dialog.price_edit, "deux cents")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.form.error_labels["price_cents"].isVisible()
    assert dialog.payer_combo.currentText() == "Mairie de Lille"
    dialog.price_edit.clear()
    type_text(qtbot, dialog.price_edit, "250")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    # Then it is listed, full
    (sold,) = packages(vault, client)
    assert (sold.price_cents, sold.payer_name, sold.units_remaining) == (
        25000,
        "Mairie de Lille",
        5,
    )
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1)
    bar = tab.bar_of(sold.id)
    assert bar is not None
    assert bar.value() == bar.maximum() == 5000
    assert bar.format() == "5 of 5 left"
    assert tab.tree.topLevelItem(0).text(2) == "Mairie de Lille"

    # When appointments of today are marked done in the agenda
    today = date.today()
    for hour in (8, 10, 12, 14):
        appointment = new_appointment(vault, at(today, hour), (client,), service)
        assert mark(vault, appointment, AppointmentStatus.DONE)
    ops.bus.publish(Changes(agenda=True))
    qtbot.waitUntil(lambda: ops.is_idle() and tab.bar_of(sold.id) is not None
                    and tab.bar_of(sold.id).value() == 1000)  # fmt: skip

    # Then the balance fell and the package says it is running out
    bar = tab.bar_of(sold.id)
    assert bar is not None and bar.format() == "1 of 5 left"
    assert tab.uses_tree.topLevelItemCount() == 4
    assert packages(vault, client)[0].running_out

    # When a unit is recorded by hand, first without a reason, then with one
    dialog = tab.open_use()
    assert dialog is not None
    type_text(qtbot, dialog.units_edit, "2")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert dialog.isVisible()
    assert dialog.form.error_labels["units"].text() == (
        "This is more than what is left on the package."
    )
    assert dialog.form.error_labels["reason"].isVisible()
    dialog.units_edit.clear()
    type_text(qtbot, dialog.units_edit, "0,5")
    type_text(qtbot, dialog.reason_edit, "Appel au bailleur")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))
    assert packages(vault, client)[0].units_remaining == Decimal("0.5")

    # When it is closed early, the remainder carried over to a new package
    qtbot.waitUntil(lambda: tab.use_button.isEnabled())
    dialog = tab.open_close()
    assert dialog is not None
    dialog.mode_combo.setCurrentIndex(1)
    dialog.reason_edit.setPlainText("Fin de l'année")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))
    statuses = sorted((p.status, p.units_total) for p in packages(vault, client))
    assert statuses == [(PackageStatus.CLOSED, 5), (PackageStatus.OPEN, Decimal("0.5"))]
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1)
    tab.show_closed_box.setChecked(True)
    assert tab.tree.topLevelItemCount() == 2


def test_the_client_file_has_a_packages_tab(qtbot: QtBot, ops: Operations, vault) -> None:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    client = new_client(vault)
    wiring.install()
    try:
        widget = ClientFileWidget(ops, ops.bus, client)
    finally:
        unregister_tab_factory(wiring.add_packages_tab)
    qtbot.addWidget(widget)
    qtbot.waitUntil(ops.is_idle)
    tab = wiring.show_packages(widget)
    assert tab is not None and tab.client_id == client
    assert widget.tabs.tabText(widget.tabs.indexOf(tab)) == "Packages"
