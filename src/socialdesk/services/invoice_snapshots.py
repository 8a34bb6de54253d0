"""The seller and payer data frozen into an invoice at issue, and the facts the
mandatory-mentions check reads from them.

Snapshots are plain JSON (keys sorted) so the hash chain covers them byte for byte. The
seller keys are those of the demo's snapshot plus the Belgian/Romanian ids; readers (the
PDF, the exports) use ``.get`` so older snapshots stay readable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from socialdesk.domain.legal_mentions import (
    DEFAULT_LATE_PENALTY_WORDING,
    VAT_FRANCHISE_WORDING,
    MentionContext,
    printed_mentions,
)
from socialdesk.storage.orm import Client, Invoice, InvoiceLine, Organization, PractitionerProfile
from socialdesk.storage.orm.profile import PROFILE_ID

SELLER_KEYS = (
    "legal_name", "display_name", "profession_title", "address_line1", "address_line2",
    "postal_code", "city", "country", "email", "phone", "siren", "siret", "bce_number",
    "cui", "vat_status", "vat_number", "iban", "bic", "payment_terms_days",
    "late_penalty_text", "document_language",
)  # fmt: skip


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def seller_snapshot(session: Session) -> dict[str, Any]:
    """The practitioner's identity as it is now (an empty profile gives empty values)."""
    profile = session.get(PractitionerProfile, PROFILE_ID)
    seller: dict[str, Any] = {
        key: (_plain(getattr(profile, key)) if profile is not None else None) for key in SELLER_KEYS
    }
    seller["country"] = seller["country"] or "FR"
    seller["vat_status"] = seller["vat_status"] or "franchise"
    seller["payment_terms_days"] = seller["payment_terms_days"] or 0
    # The profile screen does not edit this text yet: the statutory minimum rate is stated
    # rather than refusing every business invoice (the practitioner may set their own).
    if not (seller["late_penalty_text"] or "").strip():
        seller["late_penalty_text"] = DEFAULT_LATE_PENALTY_WORDING.get(seller["country"])
    seller["vat_mention"] = (
        VAT_FRANCHISE_WORDING.get(seller["country"])
        if seller["vat_status"] == "franchise"
        else None
    )
    return seller


def payer_snapshot(session: Session, invoice: Invoice) -> dict[str, Any]:
    """Who pays, as it is now: an organization or a person (the client)."""
    if invoice.payer_organization_id is not None:
        org = session.get(Organization, invoice.payer_organization_id)
        if org is None:
            return {"kind": "organization", "name": None}
        return {
            "kind": "organization",
            "name": org.name,
            "address_line1": org.address_line1,
            "address_line2": org.address_line2,
            "postal_code": org.postal_code,
            "city": org.city,
            "country": org.country,
            "legal_id": org.legal_id,
            "vat_number": org.vat_number,
        }
    client = session.get(Client, invoice.payer_client_id) if invoice.payer_client_id else None
    if client is None:
        return {"kind": "person", "name": None}
    name = " ".join(p for p in (client.civility, client.first_name, client.last_name) if p)
    return {
        "kind": "person",
        "name": name,
        "address_line1": client.address_line1,
        "address_line2": client.address_line2,
        "postal_code": client.postal_code,
        "city": client.city,
        "country": client.country,
        "legal_id": None,
    }


def dumps(snapshot: Mapping[str, Any]) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


def mention_context(
    invoice: Invoice,
    seller: Mapping[str, Any],
    payer: Mapping[str, Any],
    *,
    issue_date: date | None,
    due_date: date | None,
    lines: Sequence[InvoiceLine],
) -> MentionContext:
    has_period = invoice.period_start is not None and invoice.period_end is not None
    dated_lines = bool(lines) and all(line.service_date is not None for line in lines)
    return MentionContext(
        country=str(seller.get("country") or "FR"),
        vat_status=str(seller.get("vat_status") or "franchise"),
        seller=seller,
        payer=payer,
        issue_date=issue_date,
        due_date=due_date,
        has_service_dates=has_period or dated_lines,
        vat_rates=frozenset(line.vat_rate_bp for line in lines),
        exemption_reasons=frozenset(
            (line.vat_exemption_reason or "") for line in lines if line.vat_rate_bp == 0
        ),
    )


def printed_mentions_for(
    invoice: Invoice, seller: Mapping[str, Any] | None, payer: Mapping[str, Any] | None
) -> tuple[str, ...]:
    """The legal sentences printed on an issued invoice (none for a draft)."""
    if seller is None or payer is None:
        return ()
    context = mention_context(
        invoice,
        seller,
        payer,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        lines=list(invoice.lines),
    )
    return printed_mentions(context)
