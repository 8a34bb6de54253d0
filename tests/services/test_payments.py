"""Payments on real vaults: full and partial (transfer, cheque, cash, card), the stored
status that follows, overdue computed for a fixed day, the overdue list, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from socialdesk.domain.enums import InvoiceStatus, PaymentMethod
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import InvoiceNotIssued, InvoiceState, PaymentInput
from socialdesk.services.invoices import issue_invoice, list_invoices
from socialdesk.services.payments import delete_payment, list_overdue, record_payment
from socialdesk.services.vault import Vault

from .invoice_setup import line, make_draft, new_client, person_draft, set_profile

ISSUED = date(2026, 4, 1)  # due 2026-05-01 (30 days)
BEFORE_DUE = date(2026, 4, 20)
AFTER_DUE = date(2026, 5, 10)


def issued_invoice(vault: Vault, price: int = 10_000) -> int:
    invoice_id = make_draft(vault, person_draft(new_client(vault), line(price=price)))
    with vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=ISSUED)
    return invoice_id


def pay(
    vault: Vault,
    invoice_id: int,
    cents: int,
    method: PaymentMethod,
    day: date = BEFORE_DUE,
    today: date = BEFORE_DUE,
):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        view, changes = record_payment(
            uow, invoice_id, PaymentInput(day, cents, method, reference="ref"), today=today
        )
    assert changes.billing
    return view


def test_partial_then_full_payment(vault: Vault) -> None:
    set_profile(vault)
    invoice_id = issued_invoice(vault)

    partial = pay(vault, invoice_id, 4_000, PaymentMethod.CHEQUE)
    assert partial.status == InvoiceStatus.PARTIALLY_PAID
    assert partial.state == InvoiceState.PARTIALLY_PAID
    assert (partial.paid_cents, partial.balance_cents) == (4_000, 6_000)

    full = pay(vault, invoice_id, 6_000, PaymentMethod.CASH)
    assert full.status == InvoiceStatus.PAID and full.balance_cents == 0
    assert [p.method for p in full.payments] == [PaymentMethod.CHEQUE, PaymentMethod.CASH]


@pytest.mark.parametrize(
    "method", [PaymentMethod.TRANSFER, PaymentMethod.CHEQUE, PaymentMethod.CASH, PaymentMethod.CARD]
)
def test_a_full_payment_by_each_method(vault: Vault, method: PaymentMethod) -> None:
    set_profile(vault)
    view = pay(vault, issued_invoice(vault), 10_000, method)
    assert view.state == InvoiceState.PAID and view.payments[0].method == method


def test_overdue_is_computed_for_the_given_day_and_listed(vault: Vault) -> None:
    set_profile(vault)
    unpaid = issued_invoice(vault, 10_000)
    partly = issued_invoice(vault, 20_000)
    paid = issued_invoice(vault, 5_000)
    pay(vault, partly, 5_000, PaymentMethod.TRANSFER)
    pay(vault, paid, 5_000, PaymentMethod.CARD)

    with vault.uow() as uow:
        before = {s.id: s.state for s in list_invoices(uow, today=BEFORE_DUE)}
        after = {s.id: s.state for s in list_invoices(uow, today=AFTER_DUE)}
        overdue = list_overdue(uow, today=AFTER_DUE)
        none_yet = list_overdue(uow, today=BEFORE_DUE)
        filtered = list_invoices(uow, today=AFTER_DUE, state=InvoiceState.OVERDUE)
        still_partly = list_invoices(uow, today=BEFORE_DUE, state=InvoiceState.PARTIALLY_PAID)

    assert before == {
        unpaid: InvoiceState.ISSUED,
        partly: InvoiceState.PARTIALLY_PAID,
        paid: InvoiceState.PAID,
    }
    assert after == {
        unpaid: InvoiceState.OVERDUE,
        partly: InvoiceState.OVERDUE,
        paid: InvoiceState.PAID,
    }
    assert [(s.id, s.balance_cents) for s in overdue] == [(unpaid, 10_000), (partly, 15_000)]
    assert none_yet == []
    assert {s.id for s in filtered} == {unpaid, partly}
    assert [s.id for s in still_partly] == [partly]


def test_deleting_a_payment_reopens_the_invoice(vault: Vault) -> None:
    set_profile(vault)
    invoice_id = issued_invoice(vault)
    view = pay(vault, invoice_id, 10_000, PaymentMethod.TRANSFER)

    with vault.uow() as uow:
        again, _ = delete_payment(uow, view.payments[0].id, today=AFTER_DUE)

    assert again.status == InvoiceStatus.ISSUED and again.state == InvoiceState.OVERDUE


@pytest.mark.parametrize(
    ("cents", "day", "field"),
    [
        (0, BEFORE_DUE, "amount_cents"),
        (10_001, BEFORE_DUE, "amount_cents"),
        (-1, BEFORE_DUE, "amount_cents"),
        (100, date(2026, 3, 31), "payment_date"),
        (100, date(2026, 4, 21), "payment_date"),  # after "today"
    ],
)
def test_bad_payments_are_refused(vault: Vault, cents: int, day: date, field: str) -> None:
    set_profile(vault)
    invoice_id = issued_invoice(vault)

    with pytest.raises(ValidationError) as caught:
        pay(vault, invoice_id, cents, PaymentMethod.TRANSFER, day=day)

    assert field in caught.value.errors


def test_a_draft_cannot_be_paid(vault: Vault) -> None:
    set_profile(vault)
    draft = make_draft(vault, person_draft(new_client(vault)))
    with pytest.raises(InvoiceNotIssued):
        pay(vault, draft, 100, PaymentMethod.CASH)
