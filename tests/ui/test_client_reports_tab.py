"""The client file's "Reports" tab inside the real main window: "New report…" opens the
Reports page with the person chosen, a saved report is then listed on the file, and the
lock leaves neither the list nor any PDF bytes on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from socialdesk.domain.enums import Gender
from socialdesk.domain.reports import ReportSection
from socialdesk.storage.orm import Client
from socialdesk.ui.client_file.widget import unregister_tab_factory
from socialdesk.ui.controller import AppController
from socialdesk.ui.reports import wiring
from socialdesk.ui.reports.client_tab import ReportsTab
from tests.pdf import pdf_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def installed() -> Iterator[None]:
    wiring.install()
    yield
    unregister_tab_factory(wiring.add_reports_tab)


def new_person(vault) -> int:  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        client = Client(
            file_number="R-2026-0042",
            last_name="Moreau",
            first_name="Léa",
            gender=Gender.FEMALE,
            birth_date=date(1990, 4, 12),
            status="active",
            intake_date=date(date.today().year - 1, 9, 1),
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


def test_new_report_from_the_file_is_listed_after_saving_and_forgotten_at_lock(
    qtbot: QtBot, make_controller: Callable[..., AppController], vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Given the file of a person with no report yet
    client_id = new_person(vault)
    controller = make_controller(vault.path)
    controller.open_vault(vault)
    window = controller.window
    ops = controller.ops
    qtbot.waitExposed(window)
    window.show_page("clients")
    widget = window.clients_page.open_client(client_id)
    qtbot.waitUntil(lambda: ops.is_idle() and widget.file is not None)
    tab = wiring.show_reports(widget)
    assert tab is not None
    assert widget.tabs.tabText(widget.tabs.indexOf(tab)) == "Reports"
    qtbot.waitUntil(ops.is_idle)
    assert tab.empty_label.isVisible()

    # When "New report…" is clicked
    qtbot.mouseClick(tab.new_button, LEFT)

    # Then the Reports page shows this person's report
    page = window.reports_page
    assert window.current_page() is page
    qtbot.waitUntil(lambda: page.client_form.picker.client_id() == client_id)
    assert page.client_form.picker.client_name() == "MOREAU Léa"
    qtbot.waitUntil(page.preview_is_current, timeout=20_000)
    assert page.preview.page_count() > 0

    # When it is saved for a partner, identity and plan only
    page.client_form.audience_buttons[page.client_form.audience().PARTNER].click()
    page.client_form.set_sections((ReportSection.IDENTITY, ReportSection.PLAN))
    out = tmp_path / "rapport-partenaire.pdf"
    assert page.save_to(out)
    qtbot.waitUntil(ops.is_idle)
    assert "MOREAU" in pdf_text(out, squeeze=True).upper()

    # Then, back on the file, the Reports tab lists it (date, audience, period, sections)
    window.show_page("clients")
    window.clients_page.open_client(client_id)
    tab = wiring.show_reports(widget)
    assert tab is not None
    qtbot.waitUntil(lambda: ops.is_idle() and tab.tree.topLevelItemCount() == 1)
    row = tab.tree.topLevelItem(0)
    assert row.text(0).startswith(date.today().strftime("%d/%m/%Y"))
    assert row.text(1) == "A partner institution"
    year = date.today().year
    assert row.text(2) == f"01/01/{year} to 31/12/{year}"
    assert row.text(3) == "Identity, Accompaniment plan"
    assert not tab.empty_label.isVisible()

    # When the vault locks, the page and the tab forget everything, the PDF bytes too
    window.show_page("reports")
    qtbot.waitUntil(page.preview_is_current, timeout=20_000)
    assert page.preview.byte_count() > 0
    controller.lock()
    qtbot.waitUntil(lambda: vault.locked)
    assert page.preview.byte_count() == 0
    assert page.preview.document.pageCount() == 0
    assert not page.holds_vault_data()
    # (the file itself is discarded: no Reports tab on screen still lists a report)
    assert all(not t.records for t in window.findChildren(ReportsTab))
