"""Packages sold to clients: the balance falls as appointments are done, no-shows per the
policy, manual entries, running out, closing early (settle or carry over)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from socialdesk.domain.enums import AppointmentStatus, PackageStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.packages import BillingPolicy, CloseMode, PackageClosed, PackageSaleInput
from socialdesk.services.packages import (
    billing_policy,
    client_packages,
    close_package,
    consume_package,
    get_package,
    save_billing_policy,
    sell_package,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import BillableItem
from tests.services.billing_fixtures import (
    MONDAY,
    at,
    mark,
    new_appointment,
    new_client,
    new_offer,
    new_org,
    new_service,
)

TODAY = MONDAY + timedelta(days=10)


def sold(vault: Vault, client_id: int, offer_id: int, **kw: object) -> int:
    with vault.uow() as uow:
        view, changes = sell_package(
            uow,
            PackageSaleInput(client_id=client_id, definition_id=offer_id, sold_date=MONDAY, **kw),  # type: ignore[arg-type]
            today=TODAY,
        )
    assert changes.billing
    return view.id


def package(vault: Vault, package_id: int, today: date = TODAY):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return get_package(uow, package_id, today=today)


def test_done_appointments_consume_the_package_and_undo_gives_back(vault: Vault) -> None:
    # Given a client with a "5 entretiens" package (5 hours) paid by the town
    service = new_service(vault)
    town = new_org(vault)
    client = new_client(vault)
    pkg = sold(vault, client, new_offer(vault, service), payer_organization_id=town)
    view = package(vault, pkg)
    assert (view.units_total, view.units_remaining, view.percent_remaining) == (5, 5, 100)
    assert view.valid_until == MONDAY + timedelta(days=120)
    assert view.payer_name == "Mairie de Lille"
    # When two one-hour appointments and a 90-minute one are done
    first = new_appointment(vault, at(MONDAY, 9), (client,), service)
    second = new_appointment(vault, at(MONDAY, 11), (client,), service)
    long = new_appointment(vault, at(MONDAY, 14), (client,), service, duration_minutes=90)
    for appointment_id in (first, second, long):
        assert mark(vault, appointment_id, AppointmentStatus.DONE)
    # Then the balance falls, and nothing is left to bill
    view = package(vault, pkg)
    assert view.units_used == Decimal("3.5")
    assert view.units_remaining == Decimal("1.5")
    assert view.percent_remaining == 30
    assert [c.appointment_id for c in view.consumptions] == [first, second, long]
    with vault.uow() as uow:
        assert uow.session.query(BillableItem).count() == 0
    # When one goes back to planned, its hour comes back
    assert mark(vault, second, AppointmentStatus.PLANNED)
    assert package(vault, pkg).units_remaining == Decimal("2.5")
    # And when more is done than is left, the rest becomes an item to bill
    more = new_appointment(vault, at(MONDAY, 16), (client,), service, duration_minutes=180)
    mark(vault, more, AppointmentStatus.DONE)
    view = package(vault, pkg)
    assert view.units_remaining == 0
    assert view.status is PackageStatus.EXHAUSTED
    with vault.uow() as uow:
        items = uow.session.query(BillableItem).all()
        assert [(i.quantity_milli, i.appointment_id) for i in items] == [(500, more)]
        assert items[0].payer_organization_id is None  # the client pays what the town did not
    mark(vault, more, AppointmentStatus.CANCELLED)
    assert package(vault, pkg).status is PackageStatus.OPEN


def test_no_show_consumes_only_when_the_policy_says_so(vault: Vault) -> None:
    service = new_service(vault)
    client = new_client(vault)
    pkg = sold(vault, client, new_offer(vault, service))
    with vault.uow() as uow:
        assert billing_policy(uow) == BillingPolicy()
    missed = new_appointment(vault, at(MONDAY, 9), (client,), service)
    assert not mark(vault, missed, AppointmentStatus.NO_SHOW)
    assert package(vault, pkg).units_used == 0
    # The practitioner now charges no-shows and late cancellations
    mark(vault, missed, AppointmentStatus.PLANNED)
    with vault.uow() as uow:
        save_billing_policy(uow, BillingPolicy(charge_no_show=True, charge_late_cancellation=True))
    with vault.uow() as uow:
        assert billing_policy(uow).charge_no_show
    assert mark(vault, missed, AppointmentStatus.NO_SHOW)
    late = new_appointment(vault, at(MONDAY, 11), (client,), service)
    mark(vault, late, AppointmentStatus.LATE_CANCELLED)
    view = package(vault, pkg)
    assert view.units_used == 2
    assert [c.reason for c in view.consumptions] == ["No-show", "Late cancellation"]
    # Done after all: the no-show consumption is replaced by the done one
    mark(vault, missed, AppointmentStatus.DONE)
    view = package(vault, pkg)
    assert view.units_used == 2
    assert [c.reason for c in view.consumptions] == ["Late cancellation", ""]


def test_manual_entries_running_out_and_expiry(vault: Vault) -> None:
    service = new_service(vault)
    client = new_client(vault)
    pkg = sold(vault, client, new_offer(vault, service))
    with vault.uow() as uow, pytest.raises(ValidationError) as caught:
        consume_package(uow, pkg, Decimal("6"), reason="", day=MONDAY, today=TODAY)
    assert set(caught.value.errors) == {"units", "reason"}
    with vault.uow() as uow:
        view, _ = consume_package(
            uow, pkg, Decimal("4"), reason="Rédaction d'un dossier", day=MONDAY, today=TODAY
        )
    assert view.running_out and view.percent_remaining == 20
    with vault.uow() as uow:
        view, _ = consume_package(uow, pkg, Decimal("-1"), reason="Erreur", day=MONDAY, today=TODAY)
    assert not view.running_out and view.units_remaining == 2
    with vault.uow() as uow, pytest.raises(ValidationError):
        consume_package(uow, pkg, Decimal("-4"), reason="Trop", day=MONDAY, today=TODAY)
    # Within 30 days of its end the package is running out; after it, expired
    end = view.valid_until
    assert end is not None
    assert package(vault, pkg, end - timedelta(days=30)).running_out
    assert package(vault, pkg, end + timedelta(days=1)).status is PackageStatus.EXPIRED
    with vault.uow() as uow:
        assert [p.id for p in client_packages(uow, client, today=TODAY)] == [pkg]


def test_close_early_settle_or_carry_over(vault: Vault) -> None:
    service = new_service(vault)
    client = new_client(vault)
    offer = new_offer(vault, service)
    settled = sold(vault, client, offer)
    carried = sold(vault, client, offer)
    with vault.uow() as uow:
        consume_package(uow, settled, Decimal("2"), reason="Entretien", day=MONDAY, today=TODAY)
        view, _ = close_package(
            uow, settled, CloseMode.SETTLE, reason="Fin d'accompagnement", today=TODAY
        )
    assert view.status is PackageStatus.CLOSED
    assert view.close_mode is CloseMode.SETTLE
    assert view.settle_credit_cents == 16200  # 3/5 of 270 €
    assert view.closed_reason == "Fin d'accompagnement"
    with vault.uow() as uow, pytest.raises(PackageClosed):
        consume_package(uow, settled, Decimal("1"), reason="x", day=MONDAY, today=TODAY)
    with vault.uow() as uow:
        consume_package(uow, carried, Decimal("1"), reason="Entretien", day=MONDAY, today=TODAY)
        old, _ = close_package(uow, carried, CloseMode.CARRY_OVER, reason="", today=TODAY)
    assert old.carried_to_package_id is not None
    new = package(vault, old.carried_to_package_id)
    assert (new.units_total, new.price_cents, new.sold_date) == (4, 0, TODAY)
    assert new.status is PackageStatus.OPEN
