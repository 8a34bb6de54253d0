"""Deleting a recurring series takes the charges of its charged no-shows with it (as
deleting one appointment does); an invoiced one stops the deletion."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from socialdesk.domain.agenda import EditScope, Recurrence, RecurrenceFrequency
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.domain.packages import BillingPolicy
from socialdesk.services.agenda import create_appointment, delete_appointment
from socialdesk.services.agenda_series import delete_series_charged
from socialdesk.services.billable import AlreadyInvoiced, to_bill
from socialdesk.services.billable_drafts import draft_invoices_from_items
from socialdesk.services.packages import save_billing_policy
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Appointment, BillableItem
from tests.services.billing_fixtures import at, mark, new_client, new_service
from tests.services.test_agenda import appointment

FIRST = date(2026, 3, 17)


def _series_with_two_no_shows(vault: Vault) -> list[int]:
    service = new_service(vault)
    client = new_client(vault)
    with vault.uow() as uow:
        save_billing_policy(uow, BillingPolicy(charge_no_show=True))
        create_appointment(
            uow,
            appointment(at(FIRST, 10), (client,), service_id=service,
                        recurrence=Recurrence(RecurrenceFrequency.WEEKLY, count=4)),
            allow_conflicts=True,
        )  # fmt: skip
        ids = list(uow.session.scalars(select(Appointment.id).order_by(Appointment.starts_at)))
    assert len(ids) == 4
    for appointment_id in ids[:2]:
        assert mark(vault, appointment_id, AppointmentStatus.NO_SHOW)
    return ids


def _items(vault: Vault) -> int:
    with vault.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(BillableItem)) or 0)


def test_deleting_the_series_removes_its_no_show_charges(vault: Vault) -> None:
    ids = _series_with_two_no_shows(vault)
    assert _items(vault) == 2
    with vault.uow() as uow:
        row = uow.session.get(Appointment, ids[0])
        assert row is not None
        deleted, charged = delete_series_charged(uow, row, EditScope.ALL)
    assert (deleted, charged) == (4, True)
    assert _items(vault) == 0
    with vault.uow() as uow:
        assert to_bill(uow) == []


def test_an_invoiced_no_show_stops_the_series_deletion(vault: Vault) -> None:
    ids = _series_with_two_no_shows(vault)
    with vault.uow() as uow:
        first_item = uow.session.scalar(select(BillableItem.id).order_by(BillableItem.id))
        draft_invoices_from_items(uow, [f"item:{first_item}"], today=date(2026, 4, 1))
    with pytest.raises(AlreadyInvoiced), vault.uow() as uow:
        delete_appointment(uow, ids[2], scope=EditScope.ALL)
    with vault.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Appointment)) == 4
    assert _items(vault) == 2


def test_deleting_the_series_through_the_agenda_tells_billing_to_refresh(vault: Vault) -> None:
    from socialdesk.services.agenda import delete_appointment

    ids = _series_with_two_no_shows(vault)
    with vault.uow() as uow:
        deleted, changes = delete_appointment(uow, ids[0], scope=EditScope.ALL)
    assert deleted == 4
    assert changes.billing and changes.agenda
    assert _items(vault) == 0
