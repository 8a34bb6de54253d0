"""Issuing a batch of drafts (the demo's path): same rules as one by one — gapless numbers
in date order, the hash chain, the mentions check — and a refusal anywhere in the batch
leaves every draft of it unissued."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import InvoiceNotDraft, MissingMentions
from socialdesk.services.invoices import (
    IssueRequest,
    get_invoice,
    issue_invoices,
    verify_invoice_chain,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import AuditEvent, Invoice
from tests.services.invoice_setup import (
    make_draft,
    new_client,
    new_org,
    org_draft,
    person_draft,
    set_profile,
)


def _numbers(vault: Vault) -> list[str | None]:
    with vault.uow() as uow:
        return list(uow.session.scalars(select(Invoice.number).order_by(Invoice.id)))


def test_a_batch_is_numbered_in_order_and_chained(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    org = new_org(vault)
    ids = [make_draft(vault, person_draft(client)) for _ in range(3)]
    ids.append(make_draft(vault, org_draft(org)))
    days = [date(2025, 12, 30), date(2026, 1, 5), date(2026, 1, 5), date(2026, 1, 9)]
    requests = [
        IssueRequest(i, day, datetime(day.year, day.month, day.day, 9, n, tzinfo=UTC))
        for n, (i, day) in enumerate(zip(ids, days, strict=True))
    ]
    with vault.uow() as uow:
        issued, changes = issue_invoices(uow, requests)
    assert changes.billing
    assert [n.number for n in issued] == [
        "F-2025-0001",
        "F-2026-0001",
        "F-2026-0002",
        "F-2026-0003",
    ]
    with vault.uow() as uow:
        assert verify_invoice_chain(uow).ok
        views = [get_invoice(uow, i, today=date(2026, 1, 9)) for i in ids]
        events = list(uow.session.scalars(select(AuditEvent.details)))
    assert views[1].previous_hash == views[0].hash and views[3].previous_hash == views[2].hash
    assert views[3].due_date == date(2026, 2, 8)  # the profile's 30 days
    assert views[3].payer is not None and views[3].payer["legal_id"] == "215903501"
    assert any('"count": 4' in (d or "") for d in events)


def test_a_refusal_in_a_batch_issues_none_of_it(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault)
    no_address = new_client(vault, "Petit", address_line1=None)
    good = make_draft(vault, person_draft(client))
    bad = make_draft(vault, person_draft(no_address))
    other = make_draft(vault, person_draft(client))
    day = date(2026, 4, 2)
    with pytest.raises(MissingMentions) as refused, vault.uow() as uow:
        issue_invoices(uow, [IssueRequest(good, day), IssueRequest(bad, day)])
    assert refused.value.errors
    assert _numbers(vault) == [None, None, None]
    # Dates going backwards, or the same draft twice, are refused the same way.
    with pytest.raises(ValidationError), vault.uow() as uow:
        issue_invoices(uow, [IssueRequest(good, day), IssueRequest(other, date(2026, 4, 1))])
    with pytest.raises(InvoiceNotDraft), vault.uow() as uow:
        issue_invoices(uow, [IssueRequest(good, day), IssueRequest(good, day)])
    assert _numbers(vault) == [None, None, None]
    with vault.uow() as uow:
        issued, _ = issue_invoices(uow, [IssueRequest(good, day)])
    assert [n.number for n in issued] == ["F-2026-0001"]
    assert _numbers(vault) == ["F-2026-0001", None, None]
