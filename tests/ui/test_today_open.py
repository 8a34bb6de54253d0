"""Today in the main window: its items open their place (a démarche in the client's file,
an appointment in the agenda)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from socialdesk.domain.agenda import AppointmentInput
from socialdesk.domain.demarches import DemarcheInput
from socialdesk.domain.enums import AppointmentKind
from socialdesk.domain.today import TodaySectionKey
from socialdesk.services.agenda import create_appointment
from socialdesk.services.demarches import (
    create_demarche,
    ensure_default_demarche_kinds,
    list_demarche_kinds,
)
from socialdesk.ui.accompaniment import wiring as accompaniment_wiring
from socialdesk.ui.accompaniment.demarches_tab import ID_ROLE
from socialdesk.ui.controller import AppController
from tests.ui.test_partner_page import make_person


def test_today_demarche_item_opens_the_demarche_in_the_client_file(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    # Given a client with a démarche whose deadline is tomorrow
    client_id = make_person(vault, "Lefebvre", "Anaïs")
    today = datetime.now(UTC).date()
    with vault.uow() as uow:
        ensure_default_demarche_kinds(uow)
        kind = list_demarche_kinds(uow)[0].id
        saved, _c = create_demarche(
            uow, DemarcheInput(client_id, kind, deadline=today + timedelta(days=1)), today=today
        )
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    sections = window.today_sections
    qtbot.waitUntil(lambda: len(sections.rows(TodaySectionKey.DEMARCHES_DUE)) == 1, timeout=10_000)

    # When its row on Today is activated
    sections.activate(sections.rows(TodaySectionKey.DEMARCHES_DUE)[0].item)

    # Then the client's file shows the Démarches tab with that démarche open
    def shown() -> bool:
        widget = window.clients_page.file_widget
        if widget is None or widget.client_id != client_id:
            return False
        tab = accompaniment_wiring.demarches_tab(widget)
        return (
            tab is not None
            and widget.tabs.currentWidget() is tab
            and tab.tree.currentItem() is not None
            and tab.tree.currentItem().data(0, ID_ROLE) == saved.id
        )

    qtbot.waitUntil(shown, timeout=10_000)
    assert window.current_page() is window.clients_page


def test_today_appointment_opens_in_the_agenda(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault, "Moreau", "Ilies")
    start = (datetime.now(UTC) + timedelta(hours=2)).replace(second=0, microsecond=0)
    with vault.uow() as uow:
        view, _c = create_appointment(
            uow,
            AppointmentInput(start, 45, AppointmentKind.OFFICE, (client_id,)),
            allow_conflicts=True,
        )
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)

    # When the appointment of Today is activated
    window.open_today_item("appointment", client_id, view.id)

    # Then the agenda shows it, opened in its dialog
    assert window.current_page() is window.agenda_page
    actions = window.agenda_page.actions
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=10_000)
    assert actions.dialog.appointment.id == view.id
    actions.close_dialog()
