"""Reference data for the invoice tests (P): a complete practitioner profile per country,
a client who pays, an organization that pays, and a ready draft."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from socialdesk.domain.enums import PayerKind
from socialdesk.domain.invoicing import InvoiceDraftInput, InvoiceLineInput
from socialdesk.services.invoices import create_draft
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Client, Organization, PractitionerProfile
from socialdesk.storage.orm.profile import PROFILE_ID

_numbers = count(1)

PROFILES: dict[str, dict[str, Any]] = {
    "FR": {
        "legal_name": "Camille Martin EI",
        "siren": "732829320",
        "siret": "73282932000074",
        "address_line1": "12 rue des Lilas",
        "postal_code": "59000",
        "city": "Lille",
        "late_penalty_text": "Pénalités de retard : trois fois le taux d'intérêt légal",
        "payment_terms_days": 30,
        "invoice_prefix": "F",
    },
    "BE": {
        "legal_name": "Camille Martin",
        "bce_number": "0403019261",
        "address_line1": "Rue Neuve 5",
        "postal_code": "1000",
        "city": "Bruxelles",
        "payment_terms_days": 15,
        "invoice_prefix": "F",
    },
    "RO": {
        "legal_name": "Camelia Marin PFA",
        "cui": "18547290",
        "address_line1": "Strada Lalelelor 3",
        "postal_code": "010101",
        "city": "București",
        "payment_terms_days": 15,
        "invoice_prefix": "F",
    },
}


def set_profile(
    vault: Vault, country: str = "FR", vat_status: str = "franchise", **kw: Any
) -> None:
    values = {**PROFILES[country], "country": country, "vat_status": vat_status, **kw}
    with vault.uow() as uow:
        row = uow.session.get(PractitionerProfile, PROFILE_ID)
        if row is None:
            row = PractitionerProfile(id=PROFILE_ID)
            uow.session.add(row)
        for key, value in values.items():
            setattr(row, key, value)


def new_client(vault: Vault, last_name: str = "Durand", **kw: Any) -> int:
    with vault.uow() as uow:
        values: dict[str, Any] = {
            "file_number": f"P-TEST-{next(_numbers):04d}",
            "civility": "Mme",
            "first_name": "Alice",
            "last_name": last_name,
            "status": "active",
            "intake_date": date(2024, 1, 15),
            "address_line1": "3 place du Marché",
            "postal_code": "59000",
            "city": "Lille",
            "country": "FR",
            **kw,
        }
        client = Client(**values)
        uow.session.add(client)
        uow.session.flush()
        return client.id


def new_org(vault: Vault, name: str = "Mairie de Lille", **kw: Any) -> int:
    with vault.uow() as uow:
        values: dict[str, Any] = {
            "name": name,
            "role": "payer",
            "address_line1": "Place Augustin Laurent",
            "postal_code": "59000",
            "city": "Lille",
            "country": "FR",
            "legal_id": "215903501",
            **kw,
        }
        org = Organization(**values)
        uow.session.add(org)
        uow.session.flush()
        return org.id


def line(
    description: str = "Entretien individuel",
    quantity: str = "1",
    price: int = 6000,
    day: date | None = date(2026, 3, 2),
    **kw: Any,
) -> InvoiceLineInput:
    return InvoiceLineInput(
        description=description,
        quantity=Decimal(quantity),
        unit_price_cents=price,
        service_date=day,
        **kw,
    )


def person_draft(client_id: int, *lines: InvoiceLineInput, **kw: Any) -> InvoiceDraftInput:
    return InvoiceDraftInput(
        payer_kind=PayerKind.PERSON,
        payer_client_id=client_id,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        lines=lines or (line(),),
        **kw,
    )


def org_draft(org_id: int, *lines: InvoiceLineInput, **kw: Any) -> InvoiceDraftInput:
    return InvoiceDraftInput(
        payer_kind=PayerKind.ORGANIZATION,
        payer_organization_id=org_id,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        lines=lines or (line(),),
        **kw,
    )


def make_draft(vault: Vault, data: InvoiceDraftInput, today: date = date(2026, 4, 1)) -> int:
    with vault.uow() as uow:
        view, _ = create_draft(uow, data, today=today)
        return view.id


# ---- a worker process for the gapless-numbering test (importable, so "spawn" finds it) ----
class InjectedFailure(RuntimeError):
    """Raised after the number is taken, to prove the rollback leaves no gap."""


def issue_worker(path: str, raw_key: bytes, invoice_ids: list[int], seed: int) -> list[int]:
    """Try to issue each draft; one attempt in five fails after its number was taken.
    Returns the ids issued.

    A "database is locked" past the busy timeout (a loaded CI machine) is an ordinary
    failure too — rolled back like the injected one — and that draft is tried again.
    """
    import random
    import time
    from pathlib import Path

    from sqlalchemy.exc import OperationalError

    from socialdesk.services import invoice_issue
    from socialdesk.storage.engine import create_vault_engine
    from socialdesk.storage.uow import UnitOfWork, session_factory

    rng = random.Random(seed)
    engine = create_vault_engine(Path(path), raw_key)
    # The connect event reads the schema before it sets the busy timeout: open the one
    # pooled connection now, retrying while another process holds a lock.
    for attempt in range(20):
        try:
            with engine.connect():
                break
        except Exception:
            if attempt == 19:
                raise
            time.sleep(0.05)
    sessions = session_factory(engine)
    real_record = invoice_issue.record_event
    fail = {"now": False}

    def record_or_fail(*args: Any, **kw: Any) -> None:
        real_record(*args, **kw)
        if fail["now"]:
            raise InjectedFailure()

    invoice_issue.record_event = record_or_fail  # type: ignore[assignment]
    issued: list[int] = []
    try:
        for invoice_id in invoice_ids:
            fail["now"] = rng.random() < 0.2
            for attempt in range(20):
                try:
                    with UnitOfWork(sessions) as uow:
                        invoice_issue.issue_invoice(uow, invoice_id, issue_date=date(2026, 4, 1))
                except InjectedFailure:
                    break
                except OperationalError as error:
                    if "locked" not in str(error) or attempt == 19:
                        raise
                    time.sleep(0.05)
                    continue
                issued.append(invoice_id)
                break
    finally:
        invoice_issue.record_event = real_record
        engine.dispose()
    return issued
