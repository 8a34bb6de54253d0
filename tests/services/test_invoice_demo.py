"""The demo's invoices were written by the generator with the same hash function as the
service: the chain check accepts them, and a draft of the demo is issued by the service
right after them (next number of the series, chained to the last demo document)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import groupby

import pytest
from sqlalchemy import select

from socialdesk.domain.enums import InvoiceKind, InvoiceStatus, PayerKind
from socialdesk.domain.invoicing import InvoiceState
from socialdesk.services.demo import generate_demo
from socialdesk.services.invoices import (
    check_mentions,
    issue_invoice,
    list_invoices,
    verify_invoice_chain,
)
from socialdesk.services.payments import list_overdue
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import Invoice
from tests.conftest import CHEAP_KDF, PASSPHRASE

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("invoice-demo") / "demo.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF)
    generate_demo(vault, size="small", seed=11, today=TODAY)
    yield vault
    vault.lock()


def test_the_demo_chain_verifies(demo: Vault) -> None:
    with demo.uow() as uow:
        report = verify_invoice_chain(uow)
        issued = uow.session.scalar(select(Invoice.id).where(Invoice.number.is_not(None)).limit(1))
    assert issued is not None
    assert report.ok and report.checked > 10


def test_demo_lists_and_overdue_read_back(demo: Vault) -> None:
    with demo.uow() as uow:
        drafts = list_invoices(uow, today=TODAY, state=InvoiceState.DRAFT)
        paid = list_invoices(uow, today=TODAY, state=InvoiceState.PAID, limit=5)
        overdue = list_overdue(uow, today=TODAY)
    assert drafts and all(s.number is None for s in drafts)
    assert paid and all(s.balance_cents == 0 for s in paid)
    assert all(s.due_date is not None and s.due_date < TODAY for s in overdue)


def test_a_demo_draft_is_issued_after_the_demo_documents(demo: Vault) -> None:
    with demo.uow() as uow:
        draft_id = uow.session.scalar(
            select(Invoice.id)
            .where(
                Invoice.status == InvoiceStatus.DRAFT,
                Invoice.kind == InvoiceKind.INVOICE,
                Invoice.payer_kind == PayerKind.PERSON,
            )
            .order_by(Invoice.id)
            .limit(1)
        )
        last_number = uow.session.scalar(
            select(Invoice.sequence_number)
            .where(Invoice.number.like("F-2026-%"))
            .order_by(Invoice.sequence_number.desc())
            .limit(1)
        )
    assert draft_id is not None and last_number is not None
    with demo.uow() as uow:
        assert check_mentions(uow, draft_id, issue_date=TODAY) == {}
        view, _ = issue_invoice(uow, draft_id, issue_date=TODAY)

    assert view.sequence_number == last_number + 1
    with demo.uow() as uow:
        assert verify_invoice_chain(uow).ok


def test_demo_numbers_are_gapless_per_series_and_follow_the_dates(demo: Vault) -> None:
    """Issued by the service: each series numbered 1..N with no gap, numbers in the order
    of the issue dates, every credit note referencing a cancelled or credited invoice."""
    with demo.uow() as uow:
        rows = uow.session.execute(
            select(
                Invoice.series_id,
                Invoice.sequence_number,
                Invoice.number,
                Invoice.issue_date,
                Invoice.kind,
                Invoice.credited_invoice_id,
                Invoice.seller_snapshot,
            )
            .where(Invoice.number.is_not(None))
            .order_by(Invoice.series_id, Invoice.sequence_number)
        ).all()
    by_series: dict[int, list[int]] = {}
    for row in rows:
        by_series.setdefault(row.series_id, []).append(row.sequence_number)
        assert row.number.endswith(f"{row.sequence_number:04d}")
        assert row.seller_snapshot and '"vat_mention"' in row.seller_snapshot  # service-made
    assert len(by_series) >= 3  # two years of invoices, credit notes
    for numbers in by_series.values():
        assert numbers == list(range(1, len(numbers) + 1))
    for _series, group in groupby(rows, key=lambda r: r.series_id):
        days = [r.issue_date for r in group]
        assert days == sorted(days)
    notes = [r for r in rows if r.kind == InvoiceKind.CREDIT_NOTE]
    assert notes and all(r.credited_invoice_id is not None for r in notes)
