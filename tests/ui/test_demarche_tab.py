"""The Démarches tab: a new démarche with its documents checklist, deadlines shown in
red when passed, the benefit obtained, and bad input that loses nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.demarches import DemarcheInput
from socialdesk.domain.enums import DemarcheStatus
from socialdesk.services.demarches import (
    create_demarche,
    ensure_default_demarche_kinds,
    list_client_demarches,
    list_demarche_kinds,
)
from socialdesk.ui.accompaniment.common import OVERDUE_COLOR
from socialdesk.ui.accompaniment.demarches_tab import DemarchesTab
from socialdesk.ui.ops import Operations
from tests.ui.conftest import type_text
from tests.ui.test_partner_page import make_partner, make_person

LEFT = Qt.MouseButton.LeftButton


def kind_id(vault, code: str) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return next(k.id for k in list_demarche_kinds(uow) if k.code == code)


def demarches(vault, client_id: int):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return list_client_demarches(uow, client_id)


@pytest.fixture
def tab(qtbot: QtBot, ops: Operations, vault) -> DemarchesTab:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    with vault.uow() as uow:
        ensure_default_demarche_kinds(uow)
    widget = DemarchesTab(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(1150, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_demarche_created_with_its_checklist_and_documents_ticked(
    qtbot: QtBot, tab: DemarchesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a person with no démarche, and the CAF in the directory
    client_id = make_person(vault, "Durand", "Marie")
    caf = make_partner(vault, "CAF du Nord", "income")
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    assert tab.empty_label.isVisible()

    # When a housing benefit démarche is started: its usual documents come with the kind
    qtbot.mouseClick(tab.new_button, LEFT)
    editor = tab.editor
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(kind_id(vault, "fr_apl")))
    assert editor.new_document_labels() == ["Bail", "Attestation de loyer", "RIB"]
    editor.organization_combo.setCurrentIndex(editor.organization_combo.findData(caf))
    type_text(qtbot, editor.dates["next_action_date"], "15/01/2030")
    type_text(qtbot, editor.next_action_edit, "Relancer la CAF")
    type_text(qtbot, editor.dates["deadline"], "31/01/2030")
    type_text(qtbot, editor.document_edit, "Avis d'imposition")
    qtbot.mouseClick(editor.add_document_button, LEFT)
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 1)

    # Then it is saved with its checklist and listed with its next action and deadline
    (saved,) = demarches(vault, client_id)
    assert saved.kind_code == "fr_apl" and saved.organization_id == caf
    assert saved.status == DemarcheStatus.TO_PREPARE
    assert [d.label for d in saved.documents] == [
        "Bail",
        "Attestation de loyer",
        "RIB",
        "Avis d'imposition",
    ]
    item = tab.tree.topLevelItem(0)
    assert item.text(0) == "Aide personnalisée au logement (APL) — CAF du Nord"
    assert "Relancer la CAF" in item.text(2)
    assert not editor.is_dirty() and editor.demarche.id == saved.id

    # When two documents are ticked as received (saved at once)
    qtbot.waitUntil(lambda: editor.documents_list.count() == 4)
    editor.documents_list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: ops.is_idle() and demarches(vault, client_id)[0].documents_received == 1
    )
    editor.documents_list.item(2).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: ops.is_idle() and demarches(vault, client_id)[0].documents_received == 2
    )
    qtbot.waitUntil(lambda: editor.documents_summary.text() == "2 of 4 received")

    # When it is granted with the benefit obtained
    editor.status_combo.setCurrentIndex(editor.status_combo.findData("granted"))
    editor.dates["submitted_date"].setText("02/01/2025")
    editor.dates["decision_date"].setText("20/02/2025")
    type_text(qtbot, editor.benefit_edit, "245,50")
    tab.activateWindow()
    editor.benefit_edit.setFocus()
    qtbot.keyClick(editor.benefit_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(ops.is_idle)
    assert not editor.is_dirty(), editor.status_line.text()
    (saved,) = demarches(vault, client_id)
    assert saved.status == DemarcheStatus.GRANTED and saved.benefit_monthly_cents == 24550
    assert tab.summary_label.text().startswith("0 in progress · 1 right obtained")


def test_demarche_overdue_deadline_is_red(
    qtbot: QtBot, tab: DemarchesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    today = date.today()
    with vault.uow() as uow:
        create_demarche(
            uow,
            DemarcheInput(client_id, kind_id(vault, "fr_rsa"), deadline=today - timedelta(days=2)),
        )
        create_demarche(
            uow,
            DemarcheInput(client_id, kind_id(vault, "fr_css"), deadline=today + timedelta(days=40)),
        )
    tab.set_client(client_id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 2)
    late = next(
        tab.tree.topLevelItem(i)
        for i in range(2)
        if tab.tree.topLevelItem(i).text(0).startswith("Revenu de solidarité")
    )
    later = next(tab.tree.topLevelItem(i) for i in range(2) if tab.tree.topLevelItem(i) is not late)
    assert late.foreground(3).color().name() == OVERDUE_COLOR
    assert late.toolTip(3) == "Overdue"
    assert later.foreground(3).color().name() != OVERDUE_COLOR


def test_demarche_bad_input_shows_field_errors_and_loses_nothing(
    qtbot: QtBot, tab: DemarchesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    tab.start_new()
    editor = tab.editor

    # Without a kind, with an amount that is not one and a date that does not exist
    type_text(qtbot, editor.reference_edit, "DOSSIER-4512")
    type_text(qtbot, editor.benefit_edit, "deux cents")
    type_text(qtbot, editor.dates["deadline"], "32/01/2026")
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    errors = editor.form.error_labels
    assert errors["kind_id"].isVisible()
    assert errors["benefit_monthly_cents"].text() == "Enter an amount in euros, e.g. 245,50."
    assert errors["deadline"].text() == "Enter a date as DD/MM/YYYY."
    assert editor.reference_edit.text() == "DOSSIER-4512"
    assert demarches(vault, client_id) == []

    # A decision before the submission: the service says so under the field
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(kind_id(vault, "fr_aah")))
    editor.benefit_edit.clear()
    editor.dates["deadline"].clear()
    editor.dates["submitted_date"].setText("10/03/2025")
    editor.dates["decision_date"].setText("01/03/2025")
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert errors["decision_date"].text() == "The decision cannot be dated before the submission."
    assert editor.is_dirty() and editor.is_new()
    assert editor.reference_edit.text() == "DOSSIER-4512"
    assert demarches(vault, client_id) == []

    # Corrected: saved
    editor.dates["decision_date"].clear()
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 1)
    (saved,) = demarches(vault, client_id)
    assert saved.reference == "DOSSIER-4512"
    assert saved.submitted_date == date(2025, 3, 10)


def test_demarche_unsaved_changes_keep_the_selection(
    qtbot: QtBot, tab: DemarchesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    with vault.uow() as uow:
        for code in ("fr_rsa", "fr_css"):
            create_demarche(uow, DemarcheInput(client_id, kind_id(vault, code)))
    tab.set_client(client_id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 2)
    first = tab.editor.demarche
    type_text(qtbot, tab.editor.next_action_edit, "Appeler le conseiller")
    tab.tree.setCurrentItem(tab.tree.topLevelItem(1))
    assert tab.editor.demarche.id == first.id
    assert tab.editor.next_action_edit.text() == "Appeler le conseiller"
    assert tab.hint_label.isVisible()


def test_demarche_changes_are_saved_when_the_tab_is_left(
    qtbot: QtBot, tab: DemarchesTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    with vault.uow() as uow:
        create_demarche(uow, DemarcheInput(client_id, kind_id(vault, "fr_css")))
    tab.set_client(client_id)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.editor.demarche is not None)
    type_text(qtbot, tab.editor.next_action_edit, "Envoyer l'avis d'imposition")
    tab.hide()  # another tab of the file, or the file closed
    qtbot.waitUntil(ops.is_idle)
    (saved,) = demarches(vault, client_id)
    assert saved.next_action == "Envoyer l'avis d'imposition"
