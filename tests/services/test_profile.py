"""Practitioner profile: validated legal ids per country; bad input saves nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from socialdesk.domain.errors import ValidationError
from socialdesk.domain.profile import PractitionerProfile
from socialdesk.i18n import set_language
from socialdesk.services.profile import get_profile, save_profile
from socialdesk.services.vault import Vault

GOOD_FR = PractitionerProfile(
    country="FR",
    legal_name="Claire Martin",
    display_name="Claire Martin, assistante sociale",
    address_line1="12 rue des Lilas",
    postal_code="69003",
    city="Lyon",
    siren="732 829 320",
    siret="732 829 320 00074",
    iban="FR14 2004 1010 0505 0001 3M02 606",
    email="claire@example.org",
)


def test_profile_defaults_when_nothing_saved(vault: Vault) -> None:
    with vault.uow() as uow:
        profile = get_profile(uow)
    assert profile.country == "FR" and profile.legal_name == ""


def test_profile_save_normalizes_ids_and_round_trips(vault: Vault) -> None:
    with vault.uow() as uow:
        saved, changes = save_profile(uow, GOOD_FR)
    assert changes.profile
    assert saved.siret == "73282932000074" and saved.iban == "FR1420041010050500013M02606"
    with vault.uow() as uow:
        assert get_profile(uow) == saved
    assert saved.is_complete_for_invoicing


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siren", "123456789"),
        ("siret", "73282932000075"),
        ("iban", "FR14 2004 1010 0505 0001 3M02 607"),
        ("bce_number", "0403.170.702"),
        ("cui", "18547291"),
        ("email", "not-an-email"),
        ("payment_terms_days", 365),
    ],
)
def test_profile_bad_field_is_reported_and_nothing_saved(
    vault: Vault, field: str, value: object
) -> None:
    with vault.uow() as uow:
        save_profile(uow, GOOD_FR)
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_profile(uow, replace(GOOD_FR, city="Paris", **{field: value}))
    assert field in caught.value.errors
    with vault.uow() as uow:
        assert get_profile(uow).city == "Lyon"


def test_profile_siret_must_belong_to_siren_and_registered_needs_vat_number(vault: Vault) -> None:
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_profile(uow, replace(GOOD_FR, siren="552100554", vat_status="registered"))
    assert set(caught.value.errors) == {"siret", "vat_number"}


def test_profile_belgian_and_romanian_ids(vault: Vault) -> None:
    be = replace(GOOD_FR, country="BE", siren="", siret="", bce_number="0403.170.701", iban="")
    with vault.uow() as uow:
        saved, _ = save_profile(uow, be)
    assert saved.bce_number == "0403170701" and saved.is_complete_for_invoicing
    ro = replace(GOOD_FR, country="RO", siren="", siret="", cui="RO 18547290", iban="")
    with vault.uow() as uow:
        saved, _ = save_profile(uow, ro)
    assert saved.cui == "18547290"


def test_profile_errors_are_translated(vault: Vault) -> None:
    set_language("fr")
    try:
        with pytest.raises(ValidationError) as caught, vault.uow() as uow:
            save_profile(uow, replace(GOOD_FR, siret="73282932000075"))
        assert "SIRET" in str(caught.value) and "valide" in str(caught.value)
    finally:
        set_language("en")


def test_a_new_vault_starts_with_the_usual_typology_and_note_types_in_its_language(
    vault_path, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from socialdesk.services.clients import list_social_issue_types
    from socialdesk.services.notes import list_note_types
    from socialdesk.services.vault import create_vault
    from tests.conftest import CHEAP_KDF, PASSPHRASE

    set_language("fr")
    try:
        vault, _ = create_vault(vault_path, PASSPHRASE, kdf_params=CHEAP_KDF)
    finally:
        set_language("en")
    with vault.uow() as uow:
        issues = {t.code: t.label for t in list_social_issue_types(uow)}
        types = {t.code: t.label for t in list_note_types(uow)}
    vault.lock()
    assert issues["housing"] == "Logement" and len(issues) == 10
    assert "interview" in types and len(types) >= 6
