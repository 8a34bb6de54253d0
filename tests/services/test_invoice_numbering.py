"""Gapless numbering under failure, across processes: 4 processes × 100 issue attempts on
the same encrypted vault file, one attempt in five failing AFTER its number was taken →
the issued numbers are exactly 1..N, the series counter is N + 1, the chain verifies."""

from __future__ import annotations

import multiprocessing
from datetime import date

from sqlalchemy import select

from socialdesk.domain.enums import InvoiceStatus, PayerKind
from socialdesk.domain.invoicing import InvoiceDraftInput
from socialdesk.services.invoices import create_draft, verify_invoice_chain
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Invoice, InvoiceSeries

from .invoice_setup import issue_worker, line, new_client, set_profile

PROCESSES = 4
ATTEMPTS = 100


def test_numbers_stay_gapless_when_issues_fail_in_concurrent_processes(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    data = InvoiceDraftInput(
        payer_kind=PayerKind.PERSON,
        payer_client_id=client,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        lines=(line(),),
    )
    with vault.uow() as uow:
        ids = [
            create_draft(uow, data, today=date(2026, 4, 1))[0].id
            for _ in range(PROCESSES * ATTEMPTS)
        ]
    shares = [ids[k::PROCESSES] for k in range(PROCESSES)]

    # "spawn": no SQLCipher connection inherited by a forked child.
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        results = pool.starmap(
            issue_worker,
            [(str(vault.path), vault.raw_key(), share, seed) for seed, share in enumerate(shares)],
        )

    issued = sorted(i for result in results for i in result)
    with vault.uow() as uow:
        rows = uow.session.execute(
            select(Invoice.id, Invoice.sequence_number, Invoice.number, Invoice.status)
        ).all()
        series = uow.session.scalars(select(InvoiceSeries)).one()
        report = verify_invoice_chain(uow)

    numbered = sorted(r.sequence_number for r in rows if r.sequence_number is not None)
    n = len(issued)
    assert 0.65 * len(ids) < n < 0.95 * len(ids)  # about one in five failed
    assert numbered == list(range(1, n + 1))
    assert sorted(r.id for r in rows if r.number is not None) == issued
    assert {r.number for r in rows if r.number} == {f"F-2026-{k:04d}" for k in range(1, n + 1)}
    assert all(r.status == InvoiceStatus.DRAFT for r in rows if r.id not in set(issued))
    assert series.next_number == n + 1
    assert report.ok and report.checked == n
