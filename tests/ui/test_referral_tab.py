"""Referrals: a person oriented to a partner from their file shows on the partner's
page; the outcome is recorded later; bad input keeps what was typed."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import ReferralOutcome
from socialdesk.services.partners import list_client_referrals
from socialdesk.ui.accompaniment.partners_page import PartnersPage
from socialdesk.ui.accompaniment.referrals_tab import ReferralsTab
from socialdesk.ui.ops import Operations
from tests.ui.conftest import type_text
from tests.ui.test_partner_page import make_contact, make_partner, make_person

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def tab(qtbot: QtBot, ops: Operations, vault) -> ReferralsTab:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = ReferralsTab(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def referrals(vault, client_id: int):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return list_client_referrals(uow, client_id)


def test_referral_recorded_from_the_client_is_visible_on_the_partner(
    qtbot: QtBot, tab: ReferralsTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a person and a partner with a contact person
    client_id = make_person(vault, "Durand", "Marie")
    pcb = make_partner(vault, "Point Conseil Budget", "debt", city="Tourcoing")
    contact = make_contact(vault, pcb, "Nadia Ouali", "Conseillère budget")
    make_partner(vault, "Mission locale", "employment")
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    assert tab.empty_label.isVisible()

    # When the social worker orients her there from her file
    qtbot.mouseClick(tab.new_button, LEFT)
    dialog = tab.dialog
    qtbot.waitExposed(dialog)
    dialog.partner_combo.setCurrentIndex(dialog.partner_combo.findData(pcb))
    qtbot.waitUntil(lambda: ops.is_idle() and dialog.contact_combo.findData(contact) >= 0)
    dialog.contact_combo.setCurrentIndex(dialog.contact_combo.findData(contact))
    dialog.reason_edit.setFocus()
    type_text(qtbot, dialog.reason_edit, "Dettes de loyer et d'énergie : plan d'apurement")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    # Then the referral is saved and listed in her file ...
    (saved,) = referrals(vault, client_id)
    assert saved.organization_id == pcb and saved.contact_id == contact
    assert saved.outcome == ReferralOutcome.PENDING
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1)
    item = tab.tree.topLevelItem(0)
    assert item.text(1) == "Point Conseil Budget\nNadia Ouali"
    assert item.text(3) == "Pending"
    assert tab.summary_label.text() == "1 referral · 1 waiting for an answer"

    # ... and on the partner's page, with the person's name
    page = PartnersPage(ops, ops.bus)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    page.show_organization(pcb)
    qtbot.waitUntil(lambda: ops.is_idle() and page.panel.organization is not None)
    qtbot.waitUntil(lambda: ops.is_idle() and page.panel.organization.id == pcb)
    (person,) = page.panel.referral_people()
    assert person == "DURAND Marie"
    assert page.panel.referrals_table.item(0, 3).text() == "Pending"

    # When the outcome is recorded in the file
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    qtbot.mouseClick(tab.outcome_button, LEFT)
    outcome = tab.dialog
    assert outcome.outcome_combo.currentData() == ReferralOutcome.TAKEN_UP.value
    qtbot.mouseClick(outcome.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(outcome))

    # Then both places show it
    (saved,) = referrals(vault, client_id)
    assert saved.outcome == ReferralOutcome.TAKEN_UP and saved.outcome_date is not None
    qtbot.waitUntil(lambda: tab.tree.topLevelItem(0).text(3).startswith("Taken up"))
    qtbot.waitUntil(
        lambda: (
            ops.is_idle() and page.panel.referrals_table.item(0, 3).text().startswith("Taken up")
        )
    )
    assert "1 taken up" in page.panel.referrals_label.text()


def test_referral_bad_input_shows_field_errors_and_loses_nothing(
    qtbot: QtBot, tab: ReferralsTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    pcb = make_partner(vault, "Point Conseil Budget", "debt")
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    dialog = tab.open_new_referral()
    qtbot.waitExposed(dialog)

    # When sent without a partner, with a date that does not exist
    dialog.reason_edit.setPlainText("Surendettement")
    dialog.date_field.setText("31/02/2025")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert dialog.isVisible()
    assert dialog.form.error_labels["organization_id"].isVisible()
    assert dialog.form.error_labels["referral_date"].text() == "Enter a date as DD/MM/YYYY."
    assert dialog.reason_edit.toPlainText() == "Surendettement"

    # When the date is in the future (the service refuses it)
    dialog.partner_combo.setCurrentIndex(dialog.partner_combo.findData(pcb))
    dialog.date_field.setText("01/01/2099")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert dialog.isVisible()
    assert dialog.form.error_labels["referral_date"].text() == "The date cannot be in the future."
    assert not dialog.form.error_labels["organization_id"].isVisible()
    assert dialog.reason_edit.toPlainText() == "Surendettement"
    assert referrals(vault, client_id) == []

    # When corrected
    dialog.date_field.setText("02/03/2025")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))
    (saved,) = referrals(vault, client_id)
    assert saved.reason == "Surendettement" and saved.referral_date.isoformat() == "2025-03-02"
