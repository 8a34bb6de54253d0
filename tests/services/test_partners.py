"""Partner directory and referrals: organizations by domain, contact persons, referrals
with their outcome, seen from the client and from the partner — on real encrypted vaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from socialdesk.domain.enums import OrganizationKind, OrganizationRole, ReferralOutcome
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.partners import (
    ContactInput,
    OrganizationInput,
    OrganizationNotFound,
    ReferralInput,
    ReferralNotFound,
    split_domains,
)
from socialdesk.services.partners import (
    create_organization,
    create_referral,
    delete_contact,
    delete_referral,
    get_organization,
    list_client_referrals,
    list_organizations,
    list_partner_referrals,
    save_contact,
    set_organization_active,
    set_referral_outcome,
    update_organization,
    update_referral,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Organization, OrganizationContact, Referral
from tests.services.accomp_fixtures import new_client, row_count

TODAY = date(2026, 3, 10)


def caf_input(**changes: object) -> OrganizationInput:
    base = OrganizationInput(
        name="CAF du Nord — Agence de Roubaix",
        role=OrganizationRole.PARTNER,
        kind=OrganizationKind.AGENCY,
        domain_codes=("income", "housing"),
        domains_text="Prestations familiales, RSA",
        city="Roubaix",
        postal_code="59100",
        country="fr",
        phone="03 20 00 00 00",
        email="accueil@caf.example.org",
        opening_hours="Du lundi au vendredi, 8 h 30 – 12 h",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# ---- organizations --------------------------------------------------------------------------
def test_partner_created_with_domains_and_read_back(vault: Vault) -> None:
    with vault.uow() as uow:
        detail, changes = create_organization(uow, caf_input())
    assert changes.partners
    assert detail.domain_codes == ("income", "housing")
    assert detail.domains_text == "Prestations familiales, RSA"
    assert detail.country == "FR"
    with vault.uow() as uow:
        again = get_organization(uow, detail.id)
    assert again.to_input() == replace(caf_input(), country="FR")
    assert again.opening_hours.startswith("Du lundi")


def test_partner_bad_input_gives_field_errors_and_writes_nothing(vault: Vault) -> None:
    bad = caf_input(name="  ", email="not-an-email", domain_codes=("housing", "astrology"),
                    country="DE", website="nothing here")  # fmt: skip
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_organization(uow, bad)
    assert set(caught.value.errors) == {"name", "email", "domain_codes", "country", "website"}
    assert row_count(vault, Organization) == 0


def test_partner_directory_filters_by_domain_text_and_role(vault: Vault) -> None:
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        bank, _ = create_organization(
            uow, caf_input(name="Banque alimentaire de Roubaix", domain_codes=("food",),
                           domains_text="", kind=OrganizationKind.ASSOCIATION),
        )  # fmt: skip
        payer, _ = create_organization(
            uow, caf_input(name="Transports Delmotte", role=OrganizationRole.PAYER,
                           domain_codes=(), domains_text="", city="Tourcoing"),
        )  # fmt: skip
        save_contact(uow, bank.id, ContactInput(name="Hélène Vandamme", role="Bénévole"))
    with vault.uow() as uow:
        assert [r.id for r in list_organizations(uow, domain="housing")] == [caf.id]
        assert [r.id for r in list_organizations(uow, domain="food")] == [bank.id]
        # accent- and case-insensitive, on contact names too
        assert [r.id for r in list_organizations(uow, text="helene")] == [bank.id]
        assert [r.id for r in list_organizations(uow, text="TOURCOING")] == [payer.id]
        partners = list_organizations(uow, partners_only=True)
        assert {r.id for r in partners} == {caf.id, bank.id}
        assert [r.id for r in list_organizations(uow, role=OrganizationRole.PAYER)] == [payer.id]
        # sorted by name
        assert [r.name for r in list_organizations(uow)] == sorted(
            [caf.name, bank.name, payer.name], key=str.lower
        )


def test_partner_deactivated_leaves_the_directory_but_keeps_its_file(vault: Vault) -> None:
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        set_organization_active(uow, caf.id, False)
    with vault.uow() as uow:
        assert list_organizations(uow) == []
        rows = list_organizations(uow, include_inactive=True)
        assert [(r.id, r.active) for r in rows] == [(caf.id, False)]
        assert get_organization(uow, caf.id).active is False


def test_partner_update_and_unknown_id(vault: Vault) -> None:
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        updated, _ = update_organization(uow, caf.id, caf_input(domain_codes=("debt",)))
    assert updated.domain_codes == ("debt",)
    with pytest.raises(OrganizationNotFound), vault.uow() as uow:
        update_organization(uow, 999, caf_input())


def test_partner_contacts_added_changed_removed(vault: Vault) -> None:
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        detail, _ = save_contact(uow, caf.id, ContactInput(name="Mme Lefebvre", role="Conseillère"))
        contact = detail.contacts[0]
        detail, _ = save_contact(
            uow, caf.id, replace(contact.to_input(), phone="0320000001"), contact_id=contact.id
        )
    assert detail.contacts[0].phone == "0320000001"
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_contact(uow, caf.id, ContactInput(name="", email="x@"))
    assert set(caught.value.errors) == {"name", "email"}
    with vault.uow() as uow:
        detail, _ = delete_contact(uow, contact.id)
    assert detail.contacts == ()
    assert row_count(vault, OrganizationContact) == 0


# ---- referrals ------------------------------------------------------------------------------
def test_referral_recorded_is_visible_on_the_partner_and_the_client(vault: Vault) -> None:
    client_id = new_client(vault, "Martin", "Loïc")
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        detail, _ = save_contact(uow, caf.id, ContactInput(name="Mme Lefebvre"))
        referral, changes = create_referral(
            uow,
            ReferralInput(client_id, caf.id, date(2026, 3, 2), contact_id=detail.contacts[0].id,
                          reason="Ouverture des droits RSA"),
            today=TODAY,
        )  # fmt: skip
    assert changes.partners
    assert referral.outcome == ReferralOutcome.PENDING
    assert referral.client_name == "MARTIN Loïc"
    assert referral.contact_name == "Mme Lefebvre"
    with vault.uow() as uow:
        partner = get_organization(uow, caf.id)
        assert [r.id for r in partner.referrals] == [referral.id]
        assert partner.referral_count == 1
        assert [r.id for r in list_client_referrals(uow, client_id)] == [referral.id]
        assert list_organizations(uow)[0].referral_count == 1


def test_referral_outcome_dated_and_cleared(vault: Vault) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        ref, _ = create_referral(
            uow, ReferralInput(client_id, caf.id, date(2026, 3, 2)), today=TODAY
        )
        taken, _ = set_referral_outcome(uow, ref.id, ReferralOutcome.TAKEN_UP, today=TODAY)
    assert (taken.outcome, taken.outcome_date) == (ReferralOutcome.TAKEN_UP, TODAY)
    with vault.uow() as uow:
        assert get_organization(uow, caf.id).referrals_taken_up == 1
        pending, _ = set_referral_outcome(uow, ref.id, ReferralOutcome.PENDING, today=TODAY)
    assert pending.outcome_date is None
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        set_referral_outcome(uow, ref.id, ReferralOutcome.NO_RESPONSE, on=date(2026, 2, 1),
                             today=TODAY)  # fmt: skip
    assert set(caught.value.errors) == {"outcome_date"}
    with vault.uow() as uow:
        assert list_partner_referrals(uow, caf.id)[0].outcome == ReferralOutcome.PENDING


def test_referral_bad_input_writes_nothing(vault: Vault) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        other, _ = create_organization(uow, caf_input(name="CPAM"))
        contact = save_contact(uow, other.id, ContactInput(name="M. Roux"))[0].contacts[0]
        closed, _ = create_organization(uow, caf_input(name="Ancienne mission locale"))
        set_organization_active(uow, closed.id, False)
    cases = [
        (ReferralInput(client_id, caf.id, date(2026, 4, 1)), {"referral_date"}),
        (ReferralInput(999, caf.id, TODAY), {"client_id"}),
        (ReferralInput(client_id, 999, TODAY), {"organization_id"}),
        (ReferralInput(client_id, closed.id, TODAY), {"organization_id"}),
        (ReferralInput(client_id, caf.id, TODAY, contact_id=contact.id), {"contact_id"}),
        (ReferralInput(client_id, caf.id, TODAY, reason="x" * 2001), {"reason"}),
    ]
    for data, fields in cases:
        with pytest.raises(ValidationError) as caught, vault.uow() as uow:
            create_referral(uow, data, today=TODAY)
        assert set(caught.value.errors) == fields, data
    assert row_count(vault, Referral) == 0


def test_referral_updated_and_deleted(vault: Vault) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        caf, _ = create_organization(uow, caf_input())
        ref, _ = create_referral(
            uow, ReferralInput(client_id, caf.id, date(2026, 3, 2)), today=TODAY
        )
        changed, _ = update_referral(
            uow, ref.id, replace(ref.to_input(), reason="Dossier APL"), today=TODAY
        )
    assert changed.reason == "Dossier APL"
    with vault.uow() as uow:
        assert delete_referral(uow, ref.id)[0] == client_id
    with pytest.raises(ReferralNotFound), vault.uow() as uow:
        delete_referral(uow, ref.id)


def test_partner_domains_column_keeps_free_text() -> None:
    assert split_domains("housing, Prestations familiales, debt, housing") == (
        ("housing", "debt"),
        "Prestations familiales",
    )
    assert split_domains(None) == ((), "")
