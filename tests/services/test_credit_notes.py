"""Credit notes (avoirs): their own series, a reference to the invoice, full or partial,
issued and chained like invoices, and what they do to the invoice's status."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from socialdesk.domain.enums import InvoiceKind, InvoiceStatus, PaymentMethod
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import InvoiceNotIssued, InvoiceState, PaymentInput
from socialdesk.services.invoices import (
    create_credit_note,
    get_invoice,
    issue_invoice,
    verify_invoice_chain,
)
from socialdesk.services.payments import list_overdue, record_payment
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import AuditEvent

from .invoice_setup import line, make_draft, new_client, person_draft, set_profile

ISSUED = date(2026, 4, 1)
CREDITED = date(2026, 4, 15)


def issued_invoice(vault: Vault) -> int:
    draft = person_draft(new_client(vault), line(price=6000), line("Visite à domicile", "2", 4000))
    invoice_id = make_draft(vault, draft)
    with vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=ISSUED)
    return invoice_id


def test_a_full_credit_note_cancels_the_invoice(vault: Vault) -> None:
    set_profile(vault)
    invoice_id = issued_invoice(vault)

    with vault.uow() as uow:
        note, changes = create_credit_note(
            uow, invoice_id, issue_date=CREDITED, reason="Erreur de destinataire"
        )
    assert changes.billing

    assert note.kind == InvoiceKind.CREDIT_NOTE and note.number == "AV-2026-0001"
    assert note.credited_invoice_id == invoice_id and note.notes == "Erreur de destinataire"
    assert note.total_gross_cents == 14_000
    assert [ln.description for ln in note.lines] == ["Entretien individuel", "Visite à domicile"]
    with vault.uow() as uow:
        original = get_invoice(uow, invoice_id, today=date(2026, 6, 1))
        assert original.status == InvoiceStatus.CANCELLED
        assert original.state == InvoiceState.CANCELLED
        assert original.credit_note_ids == (note.id,) and original.balance_cents == 0
        assert note.payer == original.payer and note.seller == original.seller
        assert note.previous_hash == original.hash
        assert verify_invoice_chain(uow).ok
        actions = uow.session.scalars(select(AuditEvent.action)).all()
        assert "credit_note_issue" in actions and "invoice_issue" in actions
        assert list_overdue(uow, today=date(2026, 6, 1)) == []


def test_a_partial_credit_note_reduces_what_is_owed(vault: Vault) -> None:
    set_profile(vault)
    invoice_id = issued_invoice(vault)

    with vault.uow() as uow:
        note, _ = create_credit_note(
            uow,
            invoice_id,
            issue_date=CREDITED,
            reason="Une visite non effectuée",
            lines=[line("Visite à domicile", "1", 4000)],
        )
    with vault.uow() as uow:
        original, _ = record_payment(
            uow, invoice_id, PaymentInput(CREDITED, 6000, PaymentMethod.CHEQUE), today=CREDITED
        )

    assert note.total_gross_cents == 4000
    assert original.credited_cents == 4000 and original.balance_cents == 4000
    assert original.status == InvoiceStatus.PARTIALLY_PAID

    with vault.uow() as uow:
        final, _ = record_payment(
            uow, invoice_id, PaymentInput(CREDITED, 4000, PaymentMethod.CASH), today=CREDITED
        )
    assert final.status == InvoiceStatus.PAID


def test_a_credit_note_cannot_exceed_what_remains(vault: Vault) -> None:
    set_profile(vault)
    invoice_id = issued_invoice(vault)
    with vault.uow() as uow:
        create_credit_note(
            uow, invoice_id, issue_date=CREDITED, reason="r", lines=[line(price=10_000)]
        )

    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_credit_note(
            uow, invoice_id, issue_date=CREDITED, reason="r", lines=[line(price=5_000)]
        )
    assert "lines" in caught.value.errors
    with pytest.raises(ValidationError), vault.uow() as uow:
        create_credit_note(
            uow, invoice_id, issue_date=CREDITED, reason="r"
        )  # "full" after a partial
    with vault.uow() as uow:
        again, _ = create_credit_note(
            uow, invoice_id, issue_date=CREDITED, reason="r", lines=[line(price=4_000)]
        )
    assert again.number == "AV-2026-0002"
    with vault.uow() as uow:
        assert get_invoice(uow, invoice_id, today=CREDITED).status == InvoiceStatus.CANCELLED


def test_credit_notes_need_an_issued_invoice_and_a_reason(vault: Vault) -> None:
    set_profile(vault)
    draft = make_draft(vault, person_draft(new_client(vault)))
    with pytest.raises(InvoiceNotIssued), vault.uow() as uow:
        create_credit_note(uow, draft, issue_date=CREDITED, reason="r")
    invoice_id = issued_invoice(vault)
    with pytest.raises(ValidationError), vault.uow() as uow:
        create_credit_note(uow, invoice_id, issue_date=CREDITED, reason=" ")
