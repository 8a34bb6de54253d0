"""The mandatory-mentions check, per country and VAT status: a complete invoice passes,
and removing any one mandatory item is refused with exactly that item (parametrized);
then the same on real vaults through issue_invoice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from socialdesk.domain.invoicing import MissingMentions
from socialdesk.domain.legal_mentions import (
    DEFAULT_LATE_PENALTY_WORDING,
    RECOVERY_INDEMNITY_WORDING,
    VAT_FRANCHISE_WORDING,
    MentionContext,
    missing_mentions,
    printed_mentions,
)
from socialdesk.services.invoices import issue_invoice
from socialdesk.services.vault import Vault

from .invoice_setup import (
    PROFILES,
    line,
    make_draft,
    new_client,
    new_org,
    org_draft,
    person_draft,
    set_profile,
)

DAY = date(2026, 4, 1)
PERSON = {
    "kind": "person", "name": "Mme Alice Durand", "address_line1": "3 place du Marché",
    "postal_code": "59000", "city": "Lille", "country": "FR",
}  # fmt: skip
ORG = {
    "kind": "organization", "name": "Mairie de Lille", "address_line1": "Place A. Laurent",
    "postal_code": "59000", "city": "Lille", "country": "FR", "legal_id": "215903501",
    "vat_number": "FR12215903501",
}  # fmt: skip


def context(
    country: str = "FR", vat: str = "franchise", payer: dict[str, Any] | None = None, **kw: Any
) -> MentionContext:
    seller = {**PROFILES[country], "country": country, "vat_status": vat}
    if vat == "registered":
        seller["vat_number"] = "FR40732829320"
    rates = frozenset({0})
    reasons = (
        frozenset({VAT_FRANCHISE_WORDING[country]})
        if vat == "franchise"
        else frozenset({"Art. 261-4-4° CGI"})
    )
    base = MentionContext(
        country=country,
        vat_status=vat,
        seller=seller,
        payer=payer or PERSON,
        issue_date=DAY,
        due_date=date(2026, 5, 1),
        has_service_dates=True,
        vat_rates=rates,
        exemption_reasons=reasons,
    )
    return replace(base, **kw)


def without(mapping: dict[str, Any], *keys: str, **values: Any) -> dict[str, Any]:
    return {**{k: v for k, v in mapping.items() if k not in keys}, **values}


@pytest.mark.parametrize(
    ("country", "vat", "payer"),
    [
        (c, v, p)
        for c in ("FR", "BE", "RO")
        for v in ("franchise", "registered")
        for p in ("person", "org")
    ],
)
def test_a_complete_invoice_lacks_nothing(country: str, vat: str, payer: str) -> None:
    assert missing_mentions(context(country, vat, ORG if payer == "org" else PERSON)) == {}


def _seller(ctx: MentionContext, *keys: str, **values: Any) -> MentionContext:
    return replace(ctx, seller=without(dict(ctx.seller), *keys, **values))


CASES: list[tuple[str, MentionContext, str]] = [
    # France
    ("FR", _seller(context(), legal_name="Camille Martin"), "seller_name_ei"),
    ("FR", _seller(context(), "siren", "siret"), "seller_siren"),
    ("FR", _seller(context(), "address_line1"), "seller_address"),
    ("FR", _seller(context(), "city"), "seller_address"),
    ("FR", context(payer=without(PERSON, "name")), "payer_name"),
    ("FR", context(payer=without(PERSON, "address_line1")), "payer_address"),
    ("FR", context(issue_date=None), "issue_date"),
    ("FR", context(has_service_dates=False), "service_date"),
    ("FR", context(exemption_reasons=frozenset({""})), "vat_franchise_wording"),
    ("FR", context(vat_rates=frozenset({0, 2000})), "vat_franchise_wording"),
    ("FR", context(payer=ORG, due_date=None), "due_date"),
    ("FR", _seller(context(payer=ORG), "late_penalty_text"), "late_penalty"),
    ("FR", context(payer=without(ORG, "legal_id")), "payer_siren"),
    ("FR", _seller(context(vat="registered"), "vat_number"), "seller_vat_number"),
    ("FR", context(vat="registered", exemption_reasons=frozenset({""})), "vat_exemption_reason"),
    # Belgium
    ("BE", _seller(context("BE"), "legal_name"), "seller_name"),
    ("BE", _seller(context("BE"), "bce_number"), "seller_enterprise_number"),
    ("BE", _seller(context("BE"), "postal_code"), "seller_address"),
    ("BE", context("BE", payer=without(PERSON, "city")), "payer_address"),
    ("BE", context("BE", has_service_dates=False), "service_date"),
    (
        "BE",
        context("BE", exemption_reasons=frozenset({"", VAT_FRANCHISE_WORDING["BE"]})),
        "vat_franchise_wording",
    ),
    (
        "BE",
        context("BE", "registered", payer=without(ORG, "legal_id", "vat_number")),
        "payer_vat_number",
    ),
    ("BE", _seller(context("BE", "registered"), "vat_number"), "seller_vat_number"),
    # Romania
    ("RO", _seller(context("RO"), "legal_name"), "seller_name"),
    ("RO", _seller(context("RO"), "cui"), "seller_cui"),
    ("RO", context("RO", payer=without(ORG, "legal_id", "vat_number")), "payer_cui"),
    ("RO", context("RO", exemption_reasons=frozenset({""})), "vat_franchise_wording"),
    ("RO", context("RO", issue_date=None), "issue_date"),
]


@pytest.mark.parametrize(("country", "ctx", "key"), CASES, ids=[f"{c}-{k}" for c, _x, k in CASES])
def test_each_missing_item_is_refused_alone(country: str, ctx: MentionContext, key: str) -> None:
    assert ctx.country == country
    assert list(missing_mentions(ctx)) == [key]


def test_business_only_items_are_not_asked_of_a_person() -> None:
    ctx = _seller(context(payer=without(PERSON, "legal_id")), "late_penalty_text")
    assert missing_mentions(replace(ctx, due_date=None)) == {}


def test_printed_mentions_follow_country_status_and_payer() -> None:
    assert printed_mentions(context()) == ("TVA non applicable, art. 293 B du CGI",)
    business = printed_mentions(context(payer=ORG))
    assert RECOVERY_INDEMNITY_WORDING["FR"] in business
    assert PROFILES["FR"]["late_penalty_text"] in business
    assert printed_mentions(context("BE")) == (
        "Régime particulier de franchise des petites entreprises",
    )
    assert printed_mentions(context("RO", "registered")) == ()


# ---- through the service, on real vaults ------------------------------------------------------
@pytest.mark.parametrize("country", ["FR", "BE", "RO"])
def test_a_complete_invoice_is_issued_in_each_country(vault: Vault, country: str) -> None:
    set_profile(vault, country)
    invoice_id = make_draft(vault, org_draft(new_org(vault), line()))

    with vault.uow() as uow:
        view, _ = issue_invoice(uow, invoice_id, issue_date=DAY)

    assert view.number == "F-2026-0001"
    assert view.lines[0].vat_exemption_reason == VAT_FRANCHISE_WORDING[country]
    assert VAT_FRANCHISE_WORDING[country] in view.mentions


@pytest.mark.parametrize(
    ("country", "profile_change", "key"),
    [
        ("FR", {"siren": None, "siret": None}, "seller_siren"),
        ("FR", {"legal_name": "Camille Martin"}, "seller_name_ei"),
        ("BE", {"bce_number": None}, "seller_enterprise_number"),
        ("RO", {"cui": None}, "seller_cui"),
        ("RO", {"address_line1": None}, "seller_address"),
    ],
)
def test_issue_refuses_a_missing_profile_item(
    vault: Vault, country: str, profile_change: dict[str, Any], key: str
) -> None:
    set_profile(vault, country, **profile_change)
    invoice_id = make_draft(vault, org_draft(new_org(vault), line()))

    with pytest.raises(MissingMentions) as caught, vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=DAY)

    assert list(caught.value.errors) == [key]


def test_a_person_without_an_address_and_no_service_date_is_refused_with_both(vault: Vault) -> None:
    set_profile(vault)
    client = new_client(vault, address_line1=None, city=None)
    data = replace(person_draft(client, line(day=None)), period_start=None, period_end=None)
    invoice_id = make_draft(vault, data)

    with pytest.raises(MissingMentions) as caught, vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=DAY)

    assert set(caught.value.errors) == {"payer_address", "service_date"}


def test_a_franchise_line_may_state_another_exemption() -> None:
    social = context(exemption_reasons=frozenset({"Exonération, art. 261-7-1° du CGI"}))
    assert missing_mentions(social) == {}
    assert printed_mentions(social) == ("TVA non applicable, art. 293 B du CGI",)


def test_without_a_penalty_text_the_statutory_minimum_is_stated(vault: Vault) -> None:
    set_profile(vault, late_penalty_text=None)
    invoice_id = make_draft(vault, org_draft(new_org(vault), line()))

    with vault.uow() as uow:
        view, _ = issue_invoice(uow, invoice_id, issue_date=DAY)

    assert view.seller is not None
    assert view.seller["late_penalty_text"] == DEFAULT_LATE_PENALTY_WORDING["FR"]
    assert DEFAULT_LATE_PENALTY_WORDING["FR"] in view.mentions
    assert RECOVERY_INDEMNITY_WORDING["FR"] in view.mentions
