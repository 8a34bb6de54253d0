"""The profile's late-payment penalty text: saved with the profile, frozen into the
invoices of business payers, printed on their PDF; empty, the statutory rate is stated."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from socialdesk.domain.errors import ValidationError
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.services.invoice_pdf import render_invoice_pdf
from socialdesk.services.invoices import issue_invoice
from socialdesk.services.profile import get_profile, save_profile
from socialdesk.services.vault import Vault
from tests.pdf import pdf_text
from tests.services.invoice_setup import make_draft, new_org, org_draft

PENALTY = "Pénalités de retard : 12 % l'an, exigibles dès le lendemain de l'échéance"
PROFILE = PractitionerProfile(
    legal_name="Camille Martin EI", siren="732829320", siret="73282932000074",
    address_line1="12 rue des Lilas", postal_code="59000", city="Lille",
)  # fmt: skip


def test_the_penalty_text_is_saved_and_printed_for_a_business_payer(vault: Vault) -> None:
    with vault.uow() as uow:
        saved, _c = save_profile(uow, replace(PROFILE, late_penalty_text=f"  {PENALTY} "))
    assert saved.late_penalty_text == PENALTY
    with vault.uow() as uow:
        assert get_profile(uow).late_penalty_text == PENALTY
    draft = make_draft(vault, org_draft(new_org(vault)))
    with vault.uow() as uow:
        view, _c = issue_invoice(uow, draft, issue_date=date(2026, 4, 2))
        text = pdf_text(render_invoice_pdf(uow, view.id), squeeze=True)
    assert view.seller is not None and view.seller["late_penalty_text"] == PENALTY
    assert any(PENALTY in mention for mention in view.mentions)
    assert "12 % l'an" in text


def test_without_text_the_statutory_rate_is_stated(vault: Vault) -> None:
    with vault.uow() as uow:
        save_profile(uow, PROFILE)
    draft = make_draft(vault, org_draft(new_org(vault)))
    with vault.uow() as uow:
        view, _c = issue_invoice(uow, draft, issue_date=date(2026, 4, 2))
    assert view.seller is not None and view.seller["late_penalty_text"]
    assert view.seller["late_penalty_text"] != PENALTY


def test_a_too_long_penalty_text_is_refused(vault: Vault) -> None:
    with pytest.raises(ValidationError) as refused, vault.uow() as uow:
        save_profile(uow, replace(PROFILE, late_penalty_text="x" * 301))
    assert set(refused.value.errors) == {"late_penalty_text"}
    with vault.uow() as uow:
        assert get_profile(uow).legal_name == ""  # nothing saved
