"""A tiny synthetic vault for the smoke test (the report always uses the demo generator).

Only the tables the workload reads are filled, with plausible distributions and every
constraint of the schema respected (issued invoices have their number, hash and snapshots;
totals add up). Core inserts, deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from socialdesk.domain.enums import (
    AppointmentKind,
    AppointmentStatus,
    ClientStatus,
    InvoiceStatus,
    OrganizationKind,
    OrganizationRole,
    PayerKind,
    ServiceUnit,
)
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    BillableItem,
    CaseNote,
    Client,
    Invoice,
    InvoiceSeries,
    Organization,
    Service,
    name_sort_key,
)

_LAST = ("Martin", "Dubois", "Ștefan", "Lefèvre", "Peeters", "Popescu", "Moreau", "Janssens")
_FIRST = ("Élise", "Karim", "Ioana", "Lucas", "Amina", "Jean", "Chloé", "Mihai", "Sofia")
_STATUSES = (ClientStatus.ACTIVE,) * 5 + (ClientStatus.INTAKE, ClientStatus.PAUSED)
_STATUSES += (ClientStatus.CLOSED,) * 3


def fill_synthetic(
    engine: Engine,
    *,
    clients: int = 40,
    appointments_per_client: int = 4,
    notes_per_client: int = 5,
    invoices: int = 30,
    seed: int = 7,
    today: date | None = None,
) -> dict[str, int]:
    """Insert a small practice into an empty, migrated vault; returns row counts."""
    rng = random.Random(seed)
    today = today or date(2026, 6, 15)
    start = today - timedelta(days=730)
    counts: dict[str, int] = {}
    with engine.begin() as connection:

        def add(model: Any, rows: list[dict[str, Any]]) -> None:
            if rows:
                connection.execute(insert(model), rows)
            counts[model.__tablename__] = counts.get(model.__tablename__, 0) + len(rows)

        add(
            Organization,
            [
                {
                    "id": 1,
                    "name": "CCAS de Roubaix",
                    "role": OrganizationRole.PAYER,
                    "kind": OrganizationKind.TOWN,
                }
            ],
        )
        add(
            Service,
            [
                {
                    "id": 1,
                    "code": "interview",
                    "name": "Entretien",
                    "unit": ServiceUnit.HOUR,
                    "unit_price_cents": 5500,
                }
            ],
        )
        add(InvoiceSeries, [{"id": 1, "code": "F", "prefix": "F-"}])
        client_rows = []
        for cid in range(1, clients + 1):
            last, first = rng.choice(_LAST), rng.choice(_FIRST)
            intake = start + timedelta(days=rng.randrange(700))
            status = rng.choice(_STATUSES)
            client_rows.append(
                {
                    "id": cid,
                    "file_number": f"D-{cid:05d}",
                    "last_name": last,
                    "first_name": first,
                    "name_sort_key": name_sort_key(last, first),
                    "status": status,
                    "intake_date": intake,
                    "closed_date": today if status == ClientStatus.CLOSED else None,
                    "city": "Roubaix",
                    "default_payer_kind": PayerKind.PERSON,
                }
            )
        add(Client, client_rows)
        appointments, participants, items = [], [], []
        for aid in range(1, clients * appointments_per_client + 1):
            when = datetime.combine(
                start + timedelta(days=rng.randrange(760)), datetime.min.time(), UTC
            ) + timedelta(hours=rng.randrange(8, 17))
            done = when.date() < today
            appointments.append(
                {
                    "id": aid,
                    "starts_at": when,
                    "ends_at": when + timedelta(hours=1),
                    "kind": rng.choice(list(AppointmentKind)),
                    "status": AppointmentStatus.DONE if done else AppointmentStatus.PLANNED,
                    "service_id": 1,
                }
            )
            cid = rng.randrange(1, clients + 1)
            participants.append({"appointment_id": aid, "client_id": cid})
            if done:
                items.append(
                    {
                        "client_id": cid,
                        "appointment_id": aid,
                        "service_id": 1,
                        "item_date": when.date(),
                        "quantity_milli": 1000,
                        "unit_price_cents": 5500,
                    }
                )
        add(Appointment, appointments)
        add(AppointmentParticipant, participants)
        add(BillableItem, items)
        notes = []
        for cid in range(1, clients + 1):
            for _ in range(notes_per_client):
                notes.append(
                    {
                        "client_id": cid,
                        "note_date": start + timedelta(days=rng.randrange(730)),
                        "title": "Entretien",
                        "body": "Situation stable. " * rng.randrange(5, 40),
                    }
                )
        add(CaseNote, notes)
        invoice_rows = []
        previous = None
        for number in range(1, invoices + 1):
            issued = start + timedelta(days=number * 700 // max(invoices, 1))
            net = rng.randrange(5500, 60000, 5500)
            digest = hashlib.sha256(f"{previous}{number}".encode()).hexdigest()
            invoice_rows.append(
                {
                    "series_id": 1,
                    "sequence_number": number,
                    "number": f"F-{number:04d}",
                    "status": InvoiceStatus.ISSUED,
                    "issue_date": issued,
                    "due_date": issued + timedelta(days=30),
                    "payer_kind": PayerKind.ORGANIZATION,
                    "payer_organization_id": 1,
                    "seller_snapshot": "{}",
                    "payer_snapshot": "{}",
                    "total_net_cents": net,
                    "total_vat_cents": 0,
                    "total_gross_cents": net,
                    "paid_cents": net if rng.random() < 0.8 else 0,
                    "previous_hash": previous,
                    "hash": digest,
                    "issued_at": datetime.combine(issued, datetime.min.time(), UTC),
                }
            )
            previous = digest
        add(Invoice, invoice_rows)
    return counts
