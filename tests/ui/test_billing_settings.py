"""Settings → Billing: the service catalogue and package offers, edited with field errors
that lose nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.catalogue import ServiceInput, VatTreatment
from socialdesk.domain.enums import ServiceUnit
from socialdesk.services.catalogue import list_package_definitions, list_services, save_service
from socialdesk.services.invoice_figures import franchise_threshold_cents
from socialdesk.services.packages import billing_policy
from socialdesk.ui.billing.common import money_text
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.settings_billing import BillingSettingsSection
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


def make_service(vault, code: str = "ENT", name: str = "Entretien", price: int = 6000,  # type: ignore[no-untyped-def]
                 unit: ServiceUnit = ServiceUnit.HOUR) -> int:  # fmt: skip
    with vault.uow() as uow:
        view, _c = save_service(
            uow, ServiceInput(code=code, name=name, unit=unit, unit_price_cents=price)
        )
    return view.id


@pytest.fixture
def section(qtbot: QtBot, ops: Operations, vault) -> BillingSettingsSection:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = BillingSettingsSection(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(760, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.reload()
    qtbot.waitUntil(ops.is_idle)
    return widget


def rows(tree) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_new_service_with_errors_keeps_what_was_typed_then_saves(
    qtbot: QtBot, section: BillingSettingsSection, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given an empty catalogue
    assert rows(section.services_tree) == []
    assert not section.new_offer_button.isEnabled()

    # When a service is typed with a bad price, an exempt VAT without legal basis and no code
    dialog = section.open_service(None)
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.name_edit, "Visite à domicile")
    type_text(qtbot, dialog.price_edit, "70,5x")
    dialog.ok_button.click()
    # Then the price is refused under its field before anything is asked of the service
    assert dialog.isVisible()
    assert dialog.form.error_labels["unit_price_cents"].isVisible()
    assert dialog.name_edit.text() == "Visite à domicile"

    dialog.price_edit.clear()
    type_text(qtbot, dialog.price_edit, "70,50")
    dialog.vat_combo.setCurrentIndex(dialog.vat_combo.findData(VatTreatment.EXEMPT))
    assert dialog.reason_edit.isEnabled() and not dialog.rate_edit.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(ops.is_idle)
    # Then the service's own checks show under the code and the legal basis; all is kept
    assert dialog.isVisible()
    assert dialog.form.error_labels["code"].text() == "Enter a code for this service."
    assert dialog.form.error_labels["vat_exemption_reason"].isVisible()
    assert dialog.price_edit.text() == "70,50"

    # When the missing fields are filled
    type_text(qtbot, dialog.code_edit, "VAD")
    type_text(qtbot, dialog.reason_edit, "Art. 261-4-4° du CGI")
    type_text(qtbot, dialog.account_edit, "706100")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(ServiceUnit.SESSION))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    # Then it is saved and listed
    with vault.uow() as uow:
        (saved,) = list_services(uow)
    assert (saved.code, saved.name, saved.unit_price_cents) == ("VAD", "Visite à domicile", 7050)
    assert saved.vat_treatment is VatTreatment.EXEMPT
    assert saved.vat_exemption_reason == "Art. 261-4-4° du CGI"
    assert saved.accounting_account == "706100"
    assert rows(section.services_tree) == [
        ["VAD", "Visite à domicile", "Session", "€70.50", "Exempt", "706100"]
    ]
    assert section.new_offer_button.isEnabled()


def test_edit_service_rate_and_deactivate(
    qtbot: QtBot, section: BillingSettingsSection, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    make_service(vault)
    section.reload()
    qtbot.waitUntil(ops.is_idle)
    section.services_tree.setCurrentItem(section.services_tree.topLevelItem(0))

    dialog = section.edit_service()
    assert dialog is not None
    assert dialog.code_edit.text() == "ENT"
    assert dialog.price_edit.text() == "60.00"
    dialog.vat_combo.setCurrentIndex(dialog.vat_combo.findData(VatTreatment.RATE))
    type_text(qtbot, dialog.rate_edit, "120")
    dialog.ok_button.click()
    assert dialog.form.error_labels["vat_rate_bp"].isVisible()

    dialog.rate_edit.clear()
    type_text(qtbot, dialog.rate_edit, "5,5")
    dialog.active_check.setChecked(False)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    with vault.uow() as uow:
        (saved,) = list_services(uow)
    assert (saved.vat_rate_bp, saved.active) == (550, False)
    # A deactivated service is hidden unless asked for
    assert rows(section.services_tree) == []
    section.show_inactive_check.setChecked(True)
    assert rows(section.services_tree)[0][1:5] == [
        "Entretien (deactivated)",
        "Hour",
        "€60.00",
        "5.5 %",
    ]


def test_new_package_offer(
    qtbot: QtBot, section: BillingSettingsSection, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    service_id = make_service(vault)
    section.reload()
    qtbot.waitUntil(ops.is_idle)

    dialog = section.open_offer(None)
    type_text(qtbot, dialog.name_edit, "Accompagnement — 10 h")
    type_text(qtbot, dialog.units_edit, "dix")
    type_text(qtbot, dialog.price_edit, "550")
    dialog.ok_button.click()
    assert dialog.form.error_labels["units"].isVisible()

    dialog.units_edit.clear()
    type_text(qtbot, dialog.units_edit, "10")
    dialog.validity_spin.setValue(365)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    with vault.uow() as uow:
        (offer,) = list_package_definitions(uow)
    assert (offer.name, offer.service_id, offer.units, offer.price_cents, offer.validity_days) == (
        "Accompagnement — 10 h",
        service_id,
        Decimal(10),
        55000,
        365,
    )
    assert rows(section.offers_tree) == [
        ["Accompagnement — 10 h", "Entretien", "10 × Hour", "€550.00", "365 days"]
    ]


def test_missed_appointments_policy_is_saved_at_once(
    qtbot: QtBot, section: BillingSettingsSection, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    assert not section.no_show_check.isChecked()
    section.no_show_check.setChecked(True)
    qtbot.waitUntil(ops.is_idle)
    with vault.uow() as uow:
        policy = billing_policy(uow)
    assert policy.charge_no_show and not policy.charge_late_cancellation
    section.clear()
    assert not section.no_show_check.isChecked()
    section.reload()
    qtbot.waitUntil(lambda: ops.is_idle() and section.no_show_check.isChecked())


def test_vat_franchise_threshold(
    qtbot: QtBot, section: BillingSettingsSection, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # The country's ceiling is shown until another is saved; bad amounts stay typed
    assert section.threshold_edit.text() == money_text(3_750_000)
    section.threshold_edit.setText("trente mille")
    section.save_threshold()
    assert section.threshold_form.error_labels["threshold"].isVisible()
    assert section.threshold_edit.text() == "trente mille"
    section.threshold_edit.setText("30000")
    section.save_threshold()
    qtbot.waitUntil(
        lambda: ops.is_idle() and section.threshold_edit.text() == money_text(3_000_000)
    )
    with vault.uow() as uow:
        assert franchise_threshold_cents(uow) == 3_000_000
