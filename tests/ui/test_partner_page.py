"""The Partners page: the directory filtered by domain and text, an organization's
details with its contacts, and editing with field errors that lose nothing."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.clients import ClientInput
from socialdesk.domain.enums import OrganizationRole
from socialdesk.domain.partners import ContactInput, OrganizationInput
from socialdesk.services.clients import create_client
from socialdesk.services.partners import (
    create_organization,
    get_organization,
    list_organizations,
    save_contact,
)
from socialdesk.ui.accompaniment.partners_page import PartnersPage
from socialdesk.ui.ops import Operations
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


def make_partner(vault, name: str, *codes: str, city: str = "Roubaix", **values) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        detail, _c = create_organization(
            uow, OrganizationInput(name=name, domain_codes=codes, city=city, **values)
        )
    return detail.id


def make_contact(vault, organization_id: int, name: str, role: str = "") -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        detail, _c = save_contact(uow, organization_id, ContactInput(name=name, role=role))
    return next(c.id for c in detail.contacts if c.name == name)


def make_person(vault, last: str = "Durand", first: str = "Marie") -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _c = create_client(uow, ClientInput(first_name=first, last_name=last))
    return file.id


def tree_names(page: PartnersPage) -> list[str]:
    return [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]


@pytest.fixture
def page(qtbot: QtBot, ops: Operations, vault) -> PartnersPage:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    widget = PartnersPage(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    return widget


def show(qtbot: QtBot, page: PartnersPage, ops: Operations) -> None:
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: ops.is_idle() and not page._stale)


def test_partner_directory_filters_by_domain_and_text(
    qtbot: QtBot, page: PartnersPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given three partners in different domains, and a payer only
    make_partner(vault, "Agence départementale d'information sur le logement", "housing",
                 city="Lille")  # fmt: skip
    caf = make_partner(vault, "CAF du Nord", "income", "family", city="Roubaix")
    make_partner(vault, "Point Conseil Budget", "debt", city="Tourcoing",
                 notes="Aide au dossier de surendettement")  # fmt: skip
    make_contact(vault, caf, "Sophie Lemaire", "Conseillère")
    make_partner(vault, "Transports Delmotte", role=OrganizationRole.PAYER)

    # When the page is shown: every partner, by name; the first one's details
    show(qtbot, page, ops)
    assert page.key == "partners" and page.objectName() == "partnersPage"
    assert tree_names(page) == [
        "Agence départementale d'information sur le logement",
        "CAF du Nord",
        "Point Conseil Budget",
    ]
    assert page.count_label.text() == "3 organizations"

    # Then a domain narrows the list ...
    page.domain_combo.setCurrentIndex(page.domain_combo.findData("debt"))
    qtbot.waitUntil(lambda: ops.is_idle() and tree_names(page) == ["Point Conseil Budget"])
    # ... text too, accents and case ignored, contact names included
    page.domain_combo.setCurrentIndex(0)
    type_text(qtbot, page.search_edit, "lemaire")
    qtbot.waitUntil(lambda: ops.is_idle() and tree_names(page) == ["CAF du Nord"], timeout=3000)
    qtbot.waitUntil(lambda: page.panel.organization is not None and ops.is_idle())
    assert page.panel.organization.id == caf
    assert page.panel.contacts_table.item(0, 0).text() == "Sophie Lemaire"
    page.search_edit.clear()
    type_text(qtbot, page.search_edit, "SURENDETTEMENT")
    qtbot.waitUntil(
        lambda: ops.is_idle() and tree_names(page) == ["Point Conseil Budget"], timeout=3000
    )
    # ... and payers come with "Payers too"
    page.search_edit.clear()
    qtbot.waitUntil(lambda: ops.is_idle() and len(tree_names(page)) == 3, timeout=3000)
    page.payers_box.setChecked(True)
    qtbot.waitUntil(lambda: ops.is_idle() and "Transports Delmotte" in tree_names(page))


def test_partner_new_organization_with_bad_input_shows_errors_and_loses_nothing(
    qtbot: QtBot, page: PartnersPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    show(qtbot, page, ops)
    assert page.message_label.isVisible()  # the empty directory says what to do
    dialog = page.open_new_organization()
    qtbot.waitExposed(dialog)

    # When the form is sent with no name and a bad email
    type_text(qtbot, dialog.city_edit, "Mouscron")
    type_text(qtbot, dialog.email_edit, "accueil-at-cpas")
    dialog.domains.boxes["food"].setChecked(True)
    dialog.hours_edit.setPlainText("Lundi au vendredi, 9 h – 12 h")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)

    # Then each field says what is wrong, and what was typed is still there
    assert dialog.isVisible()
    assert dialog.form.error_labels["name"].isVisible()
    assert dialog.form.error_labels["name"].text() == "Enter the name of the organization."
    assert dialog.form.error_labels["email"].isVisible()
    assert dialog.city_edit.text() == "Mouscron"
    assert dialog.domains.codes() == ("food",)
    assert dialog.hours_edit.toPlainText() == "Lundi au vendredi, 9 h – 12 h"
    with vault.uow() as uow:
        assert list_organizations(uow, include_inactive=True) == []

    # When corrected and sent again
    type_text(qtbot, dialog.name_edit, "CPAS de Mouscron")
    dialog.email_edit.setText("accueil@cpas-mouscron.be")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    # Then it is saved, listed and shown
    qtbot.waitUntil(lambda: ops.is_idle() and tree_names(page) == ["CPAS de Mouscron"])
    qtbot.waitUntil(lambda: page.panel.organization is not None)
    panel = page.panel
    assert panel.name_label.text() == "CPAS de Mouscron"
    assert "Food aid" in panel.domains_label.text()
    assert "9 h" in panel.hours_label.text()


def test_partner_contact_added_and_organization_deactivated(
    qtbot: QtBot, page: PartnersPage, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    org = make_partner(vault, "Mission locale", "employment")
    show(qtbot, page, ops)
    qtbot.mouseClick(page.panel.add_contact_button, LEFT)
    dialog = page.dialog
    type_text(qtbot, dialog.name_edit, "Karim Benali")
    type_text(qtbot, dialog.role_edit, "Conseiller jeunes")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and page.panel.contacts_table.rowCount() == 1)
    assert page.panel.contacts_table.item(0, 1).text() == "Conseiller jeunes"

    qtbot.mouseClick(page.panel.active_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and tree_names(page) == [])
    with vault.uow() as uow:
        assert not get_organization(uow, org).active
    page.inactive_box.setChecked(True)
    qtbot.waitUntil(lambda: ops.is_idle() and tree_names(page) == ["Mission locale"])
    qtbot.waitUntil(lambda: page.panel.organization is not None)
    assert page.panel.active_button.text() == "Reactivate"
