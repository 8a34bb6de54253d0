"""The clients list model is lazy: pages of 100 rows read on the DB worker, the total
known from the first page, stale answers of an older filter dropped."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from socialdesk.domain.clients import format_file_number
from socialdesk.services import clients as clients_service
from socialdesk.storage.orm import Client
from socialdesk.ui.models.clients_model import PAGE_SIZE, ClientFilter, ClientsModel
from socialdesk.ui.ops import Operations

COUNT = 500


@pytest.fixture
def filled_vault(vault):  # type: ignore[no-untyped-def]
    # Given 500 clients (inserted in one go: the service's one-by-one checks are tested
    # elsewhere and would make this fixture slow)
    today = date.today()
    with vault.uow() as uow:
        uow.session.add_all(
            Client(
                file_number=format_file_number(today.year, n + 1),
                last_name=f"Person{n:04d}",
                first_name="Test",
                city="Liège",
                intake_date=today,
            )
            for n in range(COUNT)
        )
    return vault


def _model(qtbot: QtBot, ops: Operations, vault) -> ClientsModel:  # type: ignore[no-untyped-def]
    ops.attach_vault(vault)
    model = ClientsModel(ops)
    return model


def test_clients_model_first_page_arrives_without_loading_everything(
    qtbot: QtBot, ops: Operations, filled_vault, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # Record every query the model makes, and on which thread
    calls: list[tuple[int, int, int]] = []
    real = clients_service.list_clients

    def spy(uow, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((kwargs["offset"], kwargs["limit"], threading.get_ident()))
        return real(uow, **kwargs)

    monkeypatch.setattr(clients_service, "list_clients", spy)
    model = _model(qtbot, ops, filled_vault)

    # When the list is first shown
    model.set_filter(ClientFilter())
    assert model.rowCount() == 0  # nothing read on the GUI thread
    with qtbot.waitSignal(model.loaded):
        pass
    # Then one page came, with the total of all matching clients
    assert model.rowCount() == PAGE_SIZE
    assert model.total() == COUNT
    assert model.canFetchMore()
    assert calls == [(0, PAGE_SIZE, calls[0][2])]
    assert calls[0][2] != threading.get_ident()  # on the DB worker

    # When the view asks for more, rows grow page by page
    model.fetchMore()
    assert not model.canFetchMore()  # one page at a time
    ops.wait_idle()
    assert model.rowCount() == 2 * PAGE_SIZE
    for _ in range(3):
        model.fetchMore()
        ops.wait_idle()
    assert model.rowCount() == COUNT
    assert not model.canFetchMore()
    assert [c[:2] for c in calls] == [(n * PAGE_SIZE, PAGE_SIZE) for n in range(5)]
    names = [model.row_at(i).display_name for i in range(COUNT)]
    assert names == sorted(names) and len(set(names)) == COUNT


def test_clients_model_view_scrolling_fetches_the_next_page(
    qtbot: QtBot, ops: Operations, filled_vault
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    model = _model(qtbot, ops, filled_vault)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    model.set_filter(ClientFilter())
    ops.wait_idle()
    assert model.rowCount() == PAGE_SIZE
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE)
    assert model.rowCount() < COUNT


def test_clients_model_drops_the_answer_of_an_older_filter(
    qtbot: QtBot, ops: Operations, filled_vault
) -> None:  # type: ignore[no-untyped-def]
    model = _model(qtbot, ops, filled_vault)
    model.set_filter(ClientFilter(text="person"))
    model.set_filter(ClientFilter(text="person01"))
    model.set_filter(ClientFilter(text="person012"))
    ops.wait_idle()
    assert model.pages_requested == 3
    assert model.total() == 10
    assert [model.row_at(i).display_name for i in range(model.rowCount())] == [
        f"PERSON{n:04d} Test" for n in range(120, 130)
    ]


def test_clients_model_refresh_keeps_the_rows_scrolled_through(
    qtbot: QtBot, ops: Operations, filled_vault
) -> None:  # type: ignore[no-untyped-def]
    model = _model(qtbot, ops, filled_vault)
    model.set_filter(ClientFilter())
    ops.wait_idle()
    model.fetchMore()
    ops.wait_idle()
    model.fetchMore()
    ops.wait_idle()
    assert model.rowCount() == 3 * PAGE_SIZE
    model.reload(keep_loaded=True)
    ops.wait_idle()
    assert model.rowCount() == 3 * PAGE_SIZE
    model.clear()
    assert model.rowCount() == 0 and not model.holds_vault_data()
