"""Reference data for Q's billing tests (catalogue, packages, billable items)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from socialdesk.domain.agenda import AppointmentInput
from socialdesk.domain.catalogue import PackageDefinitionInput, ServiceInput
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus, PayerKind, ServiceUnit
from socialdesk.services.agenda import create_appointment, set_status
from socialdesk.services.catalogue import save_package_definition, save_service
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client, Organization

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 2, 2)
_numbers = count(1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def new_org(vault: Vault, name: str = "Mairie de Lille") -> int:
    with vault.uow() as uow:
        org = Organization(name=name, role="payer")
        uow.session.add(org)
        uow.session.flush()
        return org.id


def new_client(vault: Vault, last_name: str = "Durand", payer_org: int | None = None) -> int:
    with vault.uow() as uow:
        client = Client(
            file_number=f"Q-TEST-{next(_numbers):04d}",
            last_name=last_name,
            first_name="Alice",
            status="active",
            intake_date=date(2024, 1, 15),
            default_payer_kind=PayerKind.ORGANIZATION if payer_org else PayerKind.PERSON,
            default_payer_organization_id=payer_org,
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


def new_service(
    vault: Vault,
    code: str = "ENT-1H",
    unit: ServiceUnit = ServiceUnit.HOUR,
    price: int = 6000,
    **kw: Any,
) -> int:
    with vault.uow() as uow:
        view, _changes = save_service(
            uow,
            ServiceInput(
                code=code, name=f"Service {code}", unit=unit, unit_price_cents=price, **kw
            ),
        )
        return view.id


def new_offer(vault: Vault, service_id: int, units: str = "5", price: int = 27000) -> int:
    with vault.uow() as uow:
        view, _changes = save_package_definition(
            uow,
            PackageDefinitionInput(
                name="5 entretiens",
                service_id=service_id,
                units=Decimal(units),
                price_cents=price,
                validity_days=120,
            ),
        )
        return view.id


def new_appointment(
    vault: Vault, start: datetime, client_ids: tuple[int, ...], service_id: int, **kw: Any
) -> int:
    values: dict[str, Any] = {
        "starts_at": start,
        "duration_minutes": 60,
        "kind": AppointmentKind.OFFICE,
        "client_ids": client_ids,
        "service_id": service_id,
    }
    values.update(kw)
    with vault.uow() as uow:
        view, _changes = create_appointment(uow, AppointmentInput(**values), allow_conflicts=True)
        return view.id


def mark(vault: Vault, appointment_id: int, status: AppointmentStatus) -> bool:
    """set_status through the agenda; returns whether billing changed."""
    with vault.uow() as uow:
        _view, changes = set_status(uow, appointment_id, status)
        return changes.billing
