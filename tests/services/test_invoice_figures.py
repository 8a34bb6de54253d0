"""Dashboard figures on a real vault: invoiced (net of credit notes) and paid this month
and year, overdue, revenue per month, the VAT-franchise threshold watch."""

from __future__ import annotations

from datetime import date

import pytest

from socialdesk.domain.enums import PaymentMethod
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import PaymentInput
from socialdesk.services.invoice_figures import (
    DEFAULT_FRANCHISE_THRESHOLD_CENTS,
    billing_figures,
    save_franchise_threshold,
)
from socialdesk.services.invoices import create_credit_note, issue_invoice
from socialdesk.services.payments import record_payment
from socialdesk.services.vault import Vault

from .invoice_setup import line, make_draft, new_client, person_draft, set_profile

TODAY = date(2026, 4, 20)


def issued(vault: Vault, client: int, price: int, day: date) -> int:
    invoice_id = make_draft(vault, person_draft(client, line(price=price)))
    with vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=day)
    return invoice_id


def test_figures_of_a_small_practice(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    february = issued(vault, client, 10_000, date(2026, 2, 10))  # due 2026-03-12: overdue
    march = issued(vault, client, 20_000, date(2026, 3, 5))
    april = issued(vault, client, 30_000, date(2026, 4, 2))
    make_draft(vault, person_draft(client))
    with vault.uow() as uow:
        record_payment(
            uow, march, PaymentInput(date(2026, 4, 3), 20_000, PaymentMethod.TRANSFER), today=TODAY
        )
        record_payment(
            uow, april, PaymentInput(date(2026, 4, 10), 5_000, PaymentMethod.CASH), today=TODAY
        )
        create_credit_note(
            uow, april, issue_date=date(2026, 4, 12), reason="r", lines=[line(price=1_000)]
        )

    with vault.uow() as uow:
        figures = billing_figures(uow, today=TODAY)

    assert figures.invoiced_month_cents == 29_000
    assert figures.invoiced_year_cents == 59_000
    assert figures.year_turnover_cents == 59_000  # franchise: no VAT
    assert figures.paid_month_cents == figures.paid_year_cents == 25_000
    assert (figures.overdue_count, figures.overdue_cents) == (1, 10_000)
    assert figures.draft_count == 1
    assert len(figures.revenue_by_month) == 12
    assert [(m.month, m.net_cents) for m in figures.revenue_by_month[-3:]] == [
        (2, 10_000),
        (3, 20_000),
        (4, 29_000),
    ]
    assert figures.revenue_by_month[0].month == 5 and figures.revenue_by_month[0].year == 2025
    assert figures.franchise_threshold_cents == DEFAULT_FRANCHISE_THRESHOLD_CENTS["FR"]
    assert figures.threshold_percent == 59_000 * 100 // 3_750_000
    assert february


def test_the_threshold_is_configurable(vault: Vault) -> None:
    set_profile(vault, "BE")
    with vault.uow() as uow:
        assert billing_figures(uow, today=TODAY).franchise_threshold_cents == 2_500_000
        save_franchise_threshold(uow, 1_000_000)
    with vault.uow() as uow:
        assert billing_figures(uow, today=TODAY).franchise_threshold_cents == 1_000_000
        save_franchise_threshold(uow, None)
    with vault.uow() as uow:
        assert billing_figures(uow, today=TODAY).franchise_threshold_cents == 2_500_000
    with pytest.raises(ValidationError), vault.uow() as uow:
        save_franchise_threshold(uow, 0)
