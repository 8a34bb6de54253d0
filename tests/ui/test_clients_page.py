"""Clients page: create a file from the keyboard, find it while typing, open it, edit it
(inline errors, household, consent, status), duplicates, merge, erase, lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from socialdesk.domain.clients import ClientInput, ConsentDTO
from socialdesk.services.clients import (
    create_client,
    get_client_file,
    list_clients,
    save_consents,
    save_social_issue_type,
)
from socialdesk.services.vault import unlock_with_passphrase
from socialdesk.ui.controller import AppController
from socialdesk.ui.pages.clients import ClientsPage
from tests.conftest import PASSPHRASE
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def _open(qtbot: QtBot, make_controller: Callable[..., AppController], vault):  # type: ignore[no-untyped-def]
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    assert window is not None
    qtbot.waitExposed(window)
    window.show_page("clients")
    qtbot.waitUntil(controller.ops.is_idle)
    page: ClientsPage = window.clients_page
    return controller, window, page


def _activate(qtbot: QtBot, window: QWidget) -> None:
    """The offscreen platform does not give the focus back to the window when a dialog
    closes (a window manager does)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _idle(qtbot: QtBot, controller: AppController) -> None:
    qtbot.waitUntil(controller.ops.is_idle, timeout=10_000)


def _add(vault, **fields: object) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        file, _changes = create_client(uow, ClientInput(**fields), allow_duplicate=True)  # type: ignore[arg-type]
    return file.id


def _file(vault, client_id: int):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return get_client_file(uow, client_id)


def _typed_filter(qtbot: QtBot, controller: AppController, page: ClientsPage, text: str) -> None:
    page.search_edit.clear()
    type_text(qtbot, page.search_edit, text)
    qtbot.waitUntil(lambda: page.model.filter().text == text.strip(), timeout=2_000)
    _idle(qtbot, controller)


def test_clients_create_with_ctrl_n_find_while_typing_and_open_with_enter(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given an empty vault on the clients page
    controller, window, page = _open(qtbot, make_controller, vault)
    assert page.search_edit.hasFocus()
    assert page.count_label.text() == "No one"
    assert "No client files yet" in page.empty_label.text()

    # When Ctrl+N is pressed and the essentials are typed
    qtbot.keyClick(page.search_edit, Qt.Key.Key_N, CTRL)
    dialog = page.new_client_dialog
    assert dialog is not None and dialog.isVisible()
    type_text(qtbot, dialog.edits["last_name"], "Lefèvre")
    type_text(qtbot, dialog.edits["first_name"], "Éloïse")
    qtbot.keyClicks(dialog.birth_date, "12/03/1985")
    qtbot.keyClicks(dialog.edits["phone"], "06 12 34 56 78")
    qtbot.mouseClick(dialog.create_button, LEFT)
    _idle(qtbot, controller)

    # Then the new file is open, with its number and status
    widget = page.file_widget
    assert widget is not None and widget.file is not None
    assert widget.name_label.text() == "LEFÈVRE Éloïse"
    assert widget.number_label.text().startswith("D-")
    assert widget.status_badge.text() == "Intake"
    assert widget.consent_banner.isVisible()  # no consent recorded yet

    # When going back with Esc, the list shows the person
    _activate(qtbot, window)
    qtbot.keyClick(widget.identity.edits["city"], Qt.Key.Key_Escape)
    assert page.file_widget is None
    _idle(qtbot, controller)
    assert page.model.rowCount() == 1
    assert page.count_label.text() == "1 person"
    _add(vault, last_name="Martin", first_name="Paul")
    page.refresh()
    _idle(qtbot, controller)
    assert page.model.rowCount() == 2

    # When typing without accents and in lower case, the filter finds her while typing
    page.search_edit.setFocus()
    _typed_filter(qtbot, controller, page, "lefev")
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).display_name == "LEFÈVRE Éloïse"
    _typed_filter(qtbot, controller, page, "eloise")
    assert page.model.rowCount() == 1
    _typed_filter(qtbot, controller, page, "0612 34")  # a piece of the phone number
    assert page.model.rowCount() == 1

    # Nobody matches: the empty state says so
    _typed_filter(qtbot, controller, page, "zzz")
    assert page.results.currentWidget() is page.empty_label
    assert "No one matches" in page.empty_label.text()

    # Enter opens the selected file
    _typed_filter(qtbot, controller, page, "éloïse LEF")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    _idle(qtbot, controller)
    assert page.file_widget is not None
    assert page.file_widget.file.last_name == "Lefèvre"


def test_clients_keyboard_typing_on_the_list_goes_to_the_filter_and_arrows_move(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    for name in ("Adam", "Bernard", "Chevalier"):
        _add(vault, last_name=name)
    controller, _window, page = _open(qtbot, make_controller, vault)
    assert page.model.rowCount() == 3
    assert page.selected_client_id() == page.model.row_at(0).id

    # Down in the search field moves the selection in the list, focus stays in the field
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.search_edit.hasFocus()
    assert page.selected_client_id() == page.model.row_at(1).id

    # Letters typed on the list go into the search field
    page.table.setFocus()
    qtbot.keyClicks(page.table, "chev")
    assert page.search_edit.text() == "chev"
    qtbot.waitUntil(lambda: page.model.filter().text == "chev")
    _idle(qtbot, controller)
    assert [page.model.row_at(i).display_name for i in range(page.model.rowCount())] == [
        "CHEVALIER"
    ]


def test_clients_status_chips_and_sorting(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    from socialdesk.services.clients import change_status

    first = _add(vault, last_name="Zola")
    _add(vault, last_name="Aubert")
    with vault.uow() as uow:
        change_status(uow, first, status="active")
    controller, _window, page = _open(qtbot, make_controller, vault)
    names = lambda: [page.model.row_at(i).display_name for i in range(page.model.rowCount())]  # noqa: E731
    assert names() == ["AUBERT", "ZOLA"]

    qtbot.mouseClick(page.status_chips["active"], LEFT)
    _idle(qtbot, controller)
    assert names() == ["ZOLA"]
    assert page.count_label.text() == "1 person"
    qtbot.mouseClick(page.status_chips[""], LEFT)
    _idle(qtbot, controller)

    page.sort_by("name", descending=True)
    _idle(qtbot, controller)
    assert names() == ["ZOLA", "AUBERT"]
    assert page.model.filter().sort == "name" and page.model.filter().descending


def test_clients_identity_bad_email_shows_inline_error_and_saves_nothing(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Durand", first_name="Léa")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)

    # When a bad email and a new city are typed and saved with Ctrl+S
    qtbot.keyClicks(widget.identity.edits["email"], "lea.durand@")
    qtbot.keyClicks(widget.identity.edits["city"], "Lyon")
    assert widget.save_button.isEnabled()
    assert widget.tabs.tabText(0).endswith("•")
    qtbot.keyClick(widget.identity.edits["city"], Qt.Key.Key_S, CTRL)
    _idle(qtbot, controller)

    # Then the message stands under the email field, the typing stays, nothing is saved
    error = widget.identity.contact_form.error_labels["email"]
    assert error.isVisible()
    assert error.text() == "The email address is not valid."
    assert "Nothing was saved" in widget.save_status.text()
    assert widget.identity.edits["email"].text() == "lea.durand@"
    assert _file(vault, client_id).city == ""
    assert QApplication.activeModalWidget() is None  # no error dialog

    # When corrected, it is saved
    widget.identity.edits["email"].clear()
    qtbot.keyClicks(widget.identity.edits["email"], "lea.durand@example.org")
    qtbot.mouseClick(widget.save_button, LEFT)
    _idle(qtbot, controller)
    assert widget.save_status.text() == "Saved."
    assert not error.isVisible()
    saved = _file(vault, client_id)
    assert (saved.email, saved.city) == ("lea.durand@example.org", "Lyon")
    assert not widget.save_button.isEnabled()
    assert widget.info_label.text().count("Lyon") == 1


def test_clients_bad_birth_date_is_refused_before_saving(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Petit")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    qtbot.keyClicks(widget.identity.birth_date, "31/02/1990")
    qtbot.mouseClick(widget.save_button, LEFT)
    _idle(qtbot, controller)
    assert widget.identity.identity_form.error_labels["birth_date"].text() == (
        "Enter a date as DD/MM/YYYY."
    )
    assert _file(vault, client_id).birth_date is None


def test_clients_situation_and_social_issues_are_saved_together(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        save_social_issue_type(uow, "housing", "Housing")
        save_social_issue_type(uow, "debt", "Debt")
    client_id = _add(vault, last_name="Roux")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)

    housing = widget.situation.sections["situation_housing"]
    assert not housing.is_expanded()  # empty sections are folded
    widget.show_tab("situation")
    qtbot.mouseClick(housing.toggle, LEFT)
    assert housing.is_expanded()
    type_text(qtbot, housing.edit, "Hébergée chez sa sœur")
    widget.show_tab("issues")
    widget.issues.check("housing")
    widget.issues.check("debt")
    widget.issues.main_combo.setCurrentIndex(widget.issues.main_combo.findData("debt"))
    qtbot.mouseClick(widget.save_button, LEFT)
    _idle(qtbot, controller)

    saved = _file(vault, client_id)
    assert saved.situation_housing == "Hébergée chez sa sœur"
    assert saved.social_issue_codes == ("debt", "housing")

    # The list shows and filters by the issues
    qtbot.keyClick(widget.issues.list, Qt.Key.Key_Escape)
    _idle(qtbot, controller)
    assert page.model.row_at(0).social_issues == ("Debt", "Housing")
    page.issue_combo.setCurrentIndex(page.issue_combo.findData("housing"))
    _idle(qtbot, controller)
    assert page.model.rowCount() == 1


def test_clients_household_member_and_consent_then_the_warning_disappears(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Moreau", first_name="Inès")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    assert widget.consent_banner.isVisible()

    # A household member typed in the table
    widget.show_tab("household")
    household = widget.household.household
    qtbot.mouseClick(household.add_button, LEFT)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not household.table
    qtbot.keyClicks(editor, "Yanis Moreau")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    household.set_cell(0, "relation", "son")
    household.set_cell(0, "birth_year", "2012")

    # A consent recorded from the banner
    qtbot.mouseClick(widget.consent_button, LEFT)
    dialog = widget.dialog
    assert dialog is not None and dialog.objectName() == "addConsentDialog"
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert widget.consents.table.rowCount() == 1
    assert "not saved yet" in widget.consent_text.text()

    qtbot.mouseClick(widget.save_button, LEFT)
    _idle(qtbot, controller)

    # Then both are saved and the warning is gone
    saved = _file(vault, client_id)
    assert [(m.name, m.relation, m.birth_year) for m in saved.household] == [
        ("Yanis Moreau", "son", 2012)
    ]
    assert saved.has_active_consent
    assert not widget.consent_banner.isVisible()

    # Withdrawing it brings the warning back once saved
    widget.show_tab("consents")
    widget.consents.table.selectRow(0)
    qtbot.mouseClick(widget.consents.withdraw_button, LEFT)
    qtbot.mouseClick(widget.save_button, LEFT)
    _idle(qtbot, controller)
    assert not _file(vault, client_id).has_active_consent
    assert widget.consent_banner.isVisible()


def test_clients_household_error_is_shown_on_the_row(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Blanc")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    widget.household.household.add_row({"relation": "daughter"})  # no name
    qtbot.mouseClick(widget.save_button, LEFT)
    _idle(qtbot, controller)
    assert widget.tabs.currentWidget() is widget.tab_page("household")
    assert widget.household.household.error.text() == (
        "Row 1: Enter the name of each household member."
    )
    assert _file(vault, client_id).household == ()


def test_clients_close_the_file_with_a_reason_and_see_it_in_the_history(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Garnier")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    widget.show_tab("status")
    qtbot.mouseClick(widget.status_tab.change_button, LEFT)
    dialog = widget.dialog
    assert dialog is not None and dialog.objectName() == "changeStatusDialog"
    dialog.select_status("closed")

    # Without a reason: refused next to the field
    qtbot.mouseClick(dialog.ok_button, LEFT)
    _idle(qtbot, controller)
    assert dialog.isVisible()
    assert dialog.form.error_labels["reason"].text() == "Give the reason for closing the file."

    # With a reason: closed, and the history says so
    qtbot.keyClicks(dialog.reason_edit, "Objectifs atteints")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    _idle(qtbot, controller)
    assert _file(vault, client_id).status == "closed"
    assert widget.status_badge.text() == "Closed"
    rows = widget.status_tab.history_rows()
    assert rows[0][1:] == ("Intake", "Closed", "Objectifs atteints")
    assert rows[-1][1:3] == ("New file", "Intake")
    assert "Objectifs atteints" in widget.status_tab.closing_label.text()


def test_clients_duplicate_warning_open_existing_or_create_anyway(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    existing = _add(vault, last_name="Dubois", first_name="Marc", birth_date=date(1970, 5, 4))
    controller, _window, page = _open(qtbot, make_controller, vault)

    def fill():  # type: ignore[no-untyped-def]
        dialog = page.open_new_client()
        qtbot.keyClicks(dialog.edits["last_name"], "DUBOIS")
        qtbot.keyClicks(dialog.edits["first_name"], "marc")
        qtbot.keyClicks(dialog.birth_date, "04/05/1970")
        qtbot.mouseClick(dialog.create_button, LEFT)
        _idle(qtbot, controller)
        return dialog

    # The same person again: a warning with the existing file, nothing created
    dialog = fill()
    assert dialog.duplicate_panel.isVisible()
    assert dialog.candidates.count() == 1
    assert "DUBOIS Marc, born 04/05/1970 (same name and birth date)" in (
        dialog.candidates.item(0).text()
    )
    assert not dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, LEFT)
    _idle(qtbot, controller)
    assert page.file_widget is not None and page.file_widget.client_id == existing
    with vault.uow() as uow:
        assert list_clients(uow).total == 1

    # "Create anyway" when it is someone else
    page.show_list()
    dialog = fill()
    qtbot.mouseClick(dialog.create_anyway_button, LEFT)
    _idle(qtbot, controller)
    with vault.uow() as uow:
        assert list_clients(uow).total == 2
    assert page.file_widget is not None and page.file_widget.client_id != existing


def test_clients_merge_two_duplicates(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    keep = _add(vault, last_name="Lambert", first_name="Sophie", phone="0611223344")
    other = _add(vault, last_name="Lambert", first_name="Sophie", email="sophie@example.org")
    _add(vault, last_name="Perrin")
    with vault.uow() as uow:
        save_consents(uow, other, [ConsentDTO(consent_date=date.today())])
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(keep)
    _idle(qtbot, controller)
    assert widget.consent_banner.isVisible()

    # From the file's menu, find the other file (the search starts with the last name)
    widget.merge_action.trigger()
    dialog = widget.dialog
    assert dialog is not None and dialog.objectName() == "mergeClientsDialog"
    assert dialog.search_edit.text() == "Lambert"
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5_000)
    assert dialog.other().id == other  # this file itself is not offered
    assert not dialog.stack.currentIndex()
    qtbot.mouseClick(dialog.next_button, LEFT)
    summary = dialog.summary.text()
    file_numbers = (_file(vault, keep).file_number, _file(vault, other).file_number)
    assert f"{file_numbers[1]} (LAMBERT Sophie) will be merged into {file_numbers[0]}" in summary
    assert "cannot be undone" in summary

    qtbot.mouseClick(dialog.merge_button, LEFT)
    _idle(qtbot, controller)

    # Then one file remains, completed, with the consent of the other
    with vault.uow() as uow:
        assert {r.id for r in list_clients(uow, text="lambert").rows} == {keep}
    kept = _file(vault, keep)
    assert kept.email == "sophie@example.org" and kept.phone == "0611223344"
    assert kept.has_active_consent
    assert page.file_widget is widget and not widget.consent_banner.isVisible()


def test_clients_erase_asks_for_the_file_number(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Renard", first_name="Alice")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    number = widget.file.file_number
    widget.erase_action.trigger()
    dialog = widget.dialog
    assert dialog is not None and dialog.objectName() == "eraseClientDialog"
    text = " ".join(label.text() for label in dialog.findChildren(type(widget.name_label)))
    assert "pseudonymized" in text and "Invoices already issued" in text
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, "D-1999-0001")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.confirm_edit, number.lower())
    assert dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.erase_button, LEFT)
    _idle(qtbot, controller)

    assert page.file_widget is None
    assert page.message_label.isVisible() and "was erased" in page.message_label.text()
    with vault.uow() as uow:
        assert list_clients(uow).total == 0


def test_clients_export_writes_the_files(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Fontaine")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    widget.export_data(tmp_path / "export")
    _idle(
        qtbot,
        controller,
    )
    box = widget.dialog
    assert isinstance(box, QMessageBox) and "exported" in box.text()
    assert sorted(p.suffix for p in (tmp_path / "export").iterdir()) == [".json", ".pdf"]
    box.close()


def test_clients_back_with_unsaved_changes_asks(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Leroy")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    qtbot.keyClicks(widget.identity.edits["city"], "Namur")
    box = widget.request_back()
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert page.file_widget is widget
    box = widget.request_back()
    box.button(QMessageBox.StandardButton.Save).click()
    _idle(qtbot, controller)
    assert page.file_widget is None
    assert _file(vault, client_id).city == "Namur"


def test_clients_lock_clears_the_page(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Secret", first_name="Person")
    controller, window, page = _open(qtbot, make_controller, vault)
    page.search_edit.setText("secr")
    _idle(qtbot, controller)
    page.open_client(client_id)
    _idle(qtbot, controller)
    assert page.holds_vault_data()

    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)
    assert not page.holds_vault_data()
    assert page.file_widget is None
    assert page.model.rowCount() == 0
    assert page.search_edit.text() == ""
    assert page.count_label.text() == ""


def test_clients_typed_changes_are_saved_when_the_vault_locks(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = _add(vault, last_name="Vidal")
    controller, _window, page = _open(qtbot, make_controller, vault)
    widget = page.open_client(client_id)
    _idle(qtbot, controller)
    qtbot.keyClicks(widget.identity.edits["city"], "Charleroi")

    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)

    reopened = unlock_with_passphrase(vault.path, PASSPHRASE)
    try:
        with reopened.uow() as uow:
            assert get_client_file(uow, client_id).city == "Charleroi"
    finally:
        reopened.lock()
