"""Invoices — the one import place for the invoice use cases.

- drafts, lines, reading, series: :mod:`socialdesk.services.invoice_drafts`;
- issue (mentions check, gapless number, snapshots, hash chain), credit notes and the
  chain check: :mod:`socialdesk.services.invoice_issue`;
- payments and the overdue list: :mod:`socialdesk.services.payments`.
"""

from __future__ import annotations

from socialdesk.services.invoice_drafts import (
    create_draft,
    delete_draft,
    due_date_for,
    ensure_series,
    get_invoice,
    list_invoices,
    update_draft,
)
from socialdesk.services.invoice_issue import (
    IssuedNumber,
    IssueRequest,
    check_mentions,
    create_credit_note,
    issue_invoice,
    issue_invoices,
    verify_invoice_chain,
)

__all__ = [
    "IssueRequest",
    "IssuedNumber",
    "check_mentions",
    "create_credit_note",
    "create_draft",
    "delete_draft",
    "due_date_for",
    "ensure_series",
    "get_invoice",
    "issue_invoice",
    "issue_invoices",
    "list_invoices",
    "update_draft",
    "verify_invoice_chain",
]
