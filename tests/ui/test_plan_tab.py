"""The Plan tab: objectives agreed with the person, actions, an evaluation on the
progress scale, the history, and the accompaniment agreement PDF read back."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import ObjectiveStatus
from socialdesk.services.clients import save_social_issue_type
from socialdesk.services.plans import get_plan
from socialdesk.ui.accompaniment import common
from socialdesk.ui.accompaniment.plan_tab import PlanTab
from socialdesk.ui.ops import Operations
from tests.pdf import pdf_text as read_pdf_text
from tests.ui.conftest import type_text
from tests.ui.test_partner_page import make_person

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def tab(qtbot: QtBot, ops: Operations, vault) -> PlanTab:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    with vault.uow() as uow:
        save_social_issue_type(uow, "housing", "Logement")
        save_social_issue_type(uow, "debt", "Endettement")
    widget = PlanTab(ops, ops.bus)
    qtbot.addWidget(widget)
    widget.resize(1150, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def plan(vault, client_id: int):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return get_plan(uow, client_id)


def add_objective(qtbot: QtBot, tab: PlanTab, ops: Operations, title: str, issue: str,
                  target: str) -> None:  # fmt: skip
    qtbot.mouseClick(tab.new_button, LEFT)
    dialog = tab.dialog
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.title_edit, title)
    dialog.issue_combo.setCurrentIndex(dialog.issue_combo.findData(issue))
    type_text(qtbot, dialog.target_field, target)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))


def test_plan_two_objectives_an_evaluation_and_the_agreement_pdf(
    qtbot: QtBot, tab: PlanTab, ops: Operations, vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Given a person without a plan
    client_id = make_person(vault, "Durand", "Marie")
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    assert tab.empty_label.isVisible()

    # When two objectives are agreed and added
    add_objective(qtbot, tab, ops, "Accéder à un logement décent", "housing", "30/06/2026")
    add_objective(qtbot, tab, ops, "Résorber la dette de loyer", "debt", "31/12/2026")

    # Then both are listed and saved, the last one chosen
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 2)
    assert tab.objective_titles() == ["Accéder à un logement décent", "Résorber la dette de loyer"]
    saved = plan(vault, client_id).objectives
    assert [o.social_issue_code for o in saved] == ["housing", "debt"]
    assert saved[0].target_date.isoformat() == "2026-06-30"
    assert tab.current_objective().title == "Résorber la dette de loyer"
    assert tab.summary_label.text() == "2 open · 0 achieved"

    # When an action is added to the first objective and ticked
    tab.show_objective(saved[0].id)
    panel = tab.panel
    type_text(qtbot, panel.action_edit, "Déposer la demande de logement social")
    qtbot.keyClick(panel.action_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ops.is_idle() and panel.actions_list.count() == 1)
    assert panel.action_edit.text() == ""
    item = panel.actions_list.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: ops.is_idle() and plan(vault, client_id).objectives[0].actions[0].is_done
    )

    # And evaluated: halfway, with a comment
    qtbot.mouseClick(panel.evaluate_button, LEFT)
    dialog = tab.dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.scale.buttons[50], LEFT)
    dialog.comment_edit.setFocus()
    type_text(qtbot, dialog.comment_edit, "Dossier déposé, attente de la commission.")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    # Then the evaluation is saved and shown, with the history of the objective
    first = plan(vault, client_id).objectives[0]
    (evaluation,) = first.evaluations
    assert evaluation.progress_percent == 50
    assert evaluation.comment == "Dossier déposé, attente de la commission."
    qtbot.waitUntil(lambda: panel.evaluations_table.rowCount() == 1)
    assert panel.evaluations_table.item(0, 1).text() == "50 % · Halfway"
    assert tab.current_objective().id == first.id
    history = [panel.history_list.item(i).text() for i in range(panel.history_list.count())]
    assert any("Objective created" in line for line in history)
    assert any("Action done" in line for line in history)

    # When the status changes from the panel
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("partial"))
    panel.status_combo.activated.emit(panel.status_combo.currentIndex())
    qtbot.waitUntil(
        lambda: (
            ops.is_idle() and plan(vault, client_id).objectives[0].status == ObjectiveStatus.PARTIAL
        )
    )

    # When the agreement PDF is asked for
    target = tmp_path / "contrat.pdf"
    monkeypatch.setattr(common, "ask_save_path", lambda *_a: target)
    qtbot.mouseClick(tab.agreement_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and tab.status_line.isVisible())

    # Then it is written, and names the objectives
    assert target.exists(), tab.status_line.text()
    assert target.read_bytes().startswith(b"%PDF")
    assert "contrat.pdf" in tab.status_line.text()
    text = pdf_text(target)
    assert "Résorber la dette de loyer" in text


def pdf_text(path: Path) -> str:
    return read_pdf_text(path, squeeze=True)


def test_plan_agreement_lists_every_open_objective(
    qtbot: QtBot, tab: PlanTab, ops: Operations, vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault, "Petit", "Jean")
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)
    add_objective(qtbot, tab, ops, "Ouvrir les droits à la complémentaire santé", "debt", "")
    add_objective(qtbot, tab, ops, "Trouver une formation qualifiante", "housing", "")
    target = tmp_path / "agreement.pdf"
    monkeypatch.setattr(common, "ask_save_path", lambda *_a: target)
    tab.save_agreement()
    qtbot.waitUntil(lambda: ops.is_idle() and target.exists())
    text = pdf_text(target)
    assert "Ouvrir les droits à la complémentaire santé" in text
    assert "Trouver une formation qualifiante" in text


def test_plan_bad_input_shows_field_errors_and_loses_nothing(
    qtbot: QtBot, tab: PlanTab, ops: Operations, vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    tab.set_client(client_id)
    qtbot.waitUntil(ops.is_idle)

    # An objective without a title, with a date that does not exist
    dialog = tab.open_new_objective()
    qtbot.waitExposed(dialog)
    dialog.description_edit.setPlainText("Avec l'aide du CCAS")
    type_text(qtbot, dialog.target_field, "31/02/2026")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert dialog.isVisible()
    assert dialog.form.error_labels["title"].isVisible()
    assert dialog.form.error_labels["target_date"].text() == "Enter a date as DD/MM/YYYY."
    assert dialog.description_edit.toPlainText() == "Avec l'aide du CCAS"

    # A date the service refuses (too far ahead)
    type_text(qtbot, dialog.title_edit, "Retrouver un emploi")
    dialog.target_field.setText("01/01/2090")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert dialog.isVisible()
    assert dialog.form.error_labels["target_date"].isVisible()
    assert not dialog.form.error_labels["title"].isVisible()
    assert dialog.title_edit.text() == "Retrouver un emploi"
    assert plan(vault, client_id).objectives == ()
    dialog.target_field.clear()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: ops.is_idle() and not shiboken6.isValid(dialog))

    # An evaluation with neither progress nor comment is refused, the date kept
    qtbot.waitUntil(lambda: tab.current_objective() is not None)
    evaluation = tab.open_evaluation()
    qtbot.waitExposed(evaluation)
    evaluation.date_field.setText("01/03/2025")
    qtbot.mouseClick(evaluation.ok_button, LEFT)
    qtbot.waitUntil(ops.is_idle)
    assert evaluation.isVisible()
    assert evaluation.form.error_labels["comment"].isVisible()
    assert evaluation.date_field.text() == "01/03/2025"

    # An action with a bad due date: the message, and the text kept
    panel = tab.panel
    type_text(qtbot, panel.action_edit, "Appeler France Travail")
    panel.action_due.setText("99/99/2025")
    qtbot.mouseClick(panel.add_action_button, LEFT)
    assert panel.action_error.isVisible()
    assert panel.action_edit.text() == "Appeler France Travail"
    assert plan(vault, client_id).objectives[0].actions == ()
