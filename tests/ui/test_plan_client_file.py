"""The accompaniment tabs inside the real client file of the main window: placed after
the notes, loaded for the person, forgotten at lock."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from socialdesk.domain.plans import ObjectiveInput
from socialdesk.services.plans import create_objective
from socialdesk.ui.accompaniment import wiring
from socialdesk.ui.client_file.widget import unregister_tab_factory
from socialdesk.ui.controller import AppController
from tests.ui.test_partner_page import make_person


@pytest.fixture(autouse=True)
def installed() -> Iterator[None]:
    wiring.install()
    yield
    unregister_tab_factory(wiring.add_client_file_tabs)


def test_plan_and_other_accompaniment_tabs_in_the_client_file(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault
) -> None:  # type: ignore[no-untyped-def]
    client_id = make_person(vault)
    with vault.uow() as uow:
        objective, _c = create_objective(uow, client_id, ObjectiveInput("Retrouver un logement"))
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    qtbot.waitExposed(window)
    window.show_page("clients")
    widget = window.clients_page.open_client(client_id)
    qtbot.waitUntil(lambda: controller.ops.is_idle() and widget.file is not None)

    # (our factory was registered before the notes one: the tabs still land after them)
    titles = [widget.tabs.tabText(i) for i in range(widget.tabs.count())]
    anchor = max(titles.index(t) for t in ("Notes", "Appointments") if t in titles)
    assert titles[anchor + 1 : anchor + 5] == ["Plan", "Démarches", "Tasks", "Referrals"]

    wiring.show_objective(widget, objective.id)
    tab = wiring.plan_tab(widget)
    assert widget.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: controller.ops.is_idle() and tab.current_objective() is not None)
    assert tab.current_objective().id == objective.id
    assert tab.holds_vault_data()

    # Locking forgets what the tabs showed
    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)
    assert not tab.holds_vault_data()
