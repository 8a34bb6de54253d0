"""Shared set-up of the accompaniment tests (plans, démarches, partners, tasks, Today):
clients and organizations written straight to a real encrypted vault."""

from __future__ import annotations

from datetime import date
from itertools import count

from sqlalchemy import func, select

from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client, Organization

_numbers = count(1)


def new_client(
    vault: Vault, last_name: str = "Durand", first_name: str = "Élise", status: str = "active"
) -> int:
    with vault.uow() as uow:
        client = Client(
            file_number=f"D-TEST-{next(_numbers):04d}",
            last_name=last_name,
            first_name=first_name,
            status=status,
            intake_date=date(2024, 1, 15),
        )
        uow.session.add(client)
        uow.session.flush()
        return client.id


def new_organization(vault: Vault, name: str = "CAF du Nord", **values: object) -> int:
    with vault.uow() as uow:
        org = Organization(name=name, **values)
        uow.session.add(org)
        uow.session.flush()
        return org.id


def row_count(vault: Vault, model: type) -> int:
    with vault.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(model)).scalar_one()
