"""The due date chosen in a draft: kept at issue (hashed like the rest), never before
the issue date; empty, it comes from the payment terms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from socialdesk.domain.errors import ValidationError
from socialdesk.services.invoices import (
    create_draft,
    get_invoice,
    issue_invoice,
    update_draft,
    verify_invoice_chain,
)
from socialdesk.services.vault import Vault
from tests.services.invoice_setup import make_draft, new_client, person_draft, set_profile

TODAY = date(2026, 4, 1)


def test_a_chosen_due_date_is_kept_at_issue(vault: Vault) -> None:
    set_profile(vault)  # 30 days of payment terms
    client = new_client(vault)
    draft = make_draft(vault, replace(person_draft(client), due_date=date(2026, 4, 15)))
    default = make_draft(vault, person_draft(client))
    with vault.uow() as uow:
        assert get_invoice(uow, draft, today=TODAY).due_date == date(2026, 4, 15)
        view, _ = issue_invoice(uow, draft, issue_date=TODAY)
        other, _ = issue_invoice(uow, default, issue_date=TODAY)
    assert view.due_date == date(2026, 4, 15)
    assert other.due_date == date(2026, 5, 1)
    with vault.uow() as uow:
        assert verify_invoice_chain(uow).ok


def test_a_due_date_before_the_issue_date_is_refused(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    with pytest.raises(ValidationError) as refused, vault.uow() as uow:
        create_draft(uow, replace(person_draft(client), due_date=date(2026, 3, 31)), today=TODAY)
    assert set(refused.value.errors) == {"due_date"}
    draft = make_draft(vault, replace(person_draft(client), due_date=date(2026, 4, 2)))
    with pytest.raises(ValidationError) as refused, vault.uow() as uow:
        update_draft(uow, draft, replace(person_draft(client), due_date=date(2026, 3, 1)),
                     today=TODAY)  # fmt: skip
    assert set(refused.value.errors) == {"due_date"}
    # Issued later than the due date it was given: refused, nothing issued.
    with pytest.raises(ValidationError) as refused, vault.uow() as uow:
        issue_invoice(uow, draft, issue_date=date(2026, 4, 3))
    assert set(refused.value.errors) == {"due_date"}
    with vault.uow() as uow:
        view = get_invoice(uow, draft, today=TODAY)
    assert view.number is None and view.due_date == date(2026, 4, 2)
