"""The service catalogue and package offers on a real encrypted vault."""

from __future__ import annotations

from decimal import Decimal

import pytest

from socialdesk.domain.catalogue import (
    PackageDefinitionInput,
    ServiceInput,
    ServiceNotFound,
    VatTreatment,
)
from socialdesk.domain.enums import ServiceUnit
from socialdesk.domain.errors import ValidationError
from socialdesk.services.catalogue import (
    get_service,
    list_package_definitions,
    list_services,
    save_package_definition,
    save_service,
    set_package_definition_active,
    set_service_active,
)
from socialdesk.services.vault import Vault


def service(**kw: object) -> ServiceInput:
    values: dict[str, object] = {
        "code": "VAD",
        "name": "Visite à domicile",
        "unit": ServiceUnit.SESSION,
        "unit_price_cents": 8000,
    }
    values.update(kw)
    return ServiceInput(**values)  # type: ignore[arg-type]


def test_save_list_update_and_deactivate_a_service(vault: Vault) -> None:
    with vault.uow() as uow:
        created, changes = save_service(
            uow,
            service(
                code=" VAD ",
                description="Entretien au domicile.",
                vat_treatment=VatTreatment.EXEMPT,
                vat_exemption_reason="Exonération de TVA, art. 261-7-1° du CGI",
                accounting_account="706100",
                default_duration_minutes=90,
            ),
        )
    assert changes.billing
    assert created.code == "VAD"
    assert created.vat_treatment is VatTreatment.EXEMPT
    assert created.vat_rate_bp is None
    with vault.uow() as uow:
        updated, _ = save_service(
            uow,
            service(vat_treatment=VatTreatment.RATE, vat_rate_bp=2000, vat_exemption_reason="x"),
            service_id=created.id,
        )
    assert updated.vat_treatment is VatTreatment.RATE
    assert updated.vat_rate_bp == 2000
    assert updated.vat_exemption_reason == ""  # a rate has no exemption basis
    with vault.uow() as uow:
        set_service_active(uow, created.id, False)
        assert [s.code for s in list_services(uow)] == ["VAD"]
        assert list_services(uow, include_inactive=False) == []
        assert get_service(uow, created.id).active is False


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "A B"}, "code"),
        ({"code": "X" * 41}, "code"),
        ({"name": "  "}, "name"),
        ({"unit_price_cents": -1}, "unit_price_cents"),
        ({"vat_treatment": VatTreatment.RATE, "vat_rate_bp": None}, "vat_rate_bp"),
        ({"vat_treatment": VatTreatment.RATE, "vat_rate_bp": 10001}, "vat_rate_bp"),
        (
            {"vat_treatment": VatTreatment.EXEMPT, "vat_exemption_reason": " "},
            "vat_exemption_reason",
        ),
        ({"accounting_account": "706 000"}, "accounting_account"),
        ({"default_duration_minutes": 0}, "default_duration_minutes"),
    ],
)
def test_invalid_service_fields_are_refused(
    vault: Vault, kw: dict[str, object], field: str
) -> None:
    with vault.uow() as uow, pytest.raises(ValidationError) as caught:
        save_service(uow, service(**kw))
    assert field in caught.value.errors
    with vault.uow() as uow:
        assert list_services(uow) == []


def test_codes_are_unique(vault: Vault) -> None:
    with vault.uow() as uow:
        first, _ = save_service(uow, service())
        other, _ = save_service(uow, service(code="VAD2"))
    with vault.uow() as uow, pytest.raises(ValidationError) as caught:
        save_service(uow, service(), service_id=other.id)
    assert set(caught.value.errors) == {"code"}
    with vault.uow() as uow:  # saving itself under its own code is fine
        save_service(uow, service(name="Visite"), service_id=first.id)
        with pytest.raises(ServiceNotFound):
            get_service(uow, 999)


def test_package_offers(vault: Vault) -> None:
    with vault.uow() as uow:
        hour, _ = save_service(uow, service(code="ACC", unit=ServiceUnit.HOUR))
        offer, _ = save_package_definition(
            uow,
            PackageDefinitionInput(
                name="Accompagnement — 10 h",
                service_id=hour.id,
                units=Decimal("7.5"),
                price_cents=45000,
                validity_days=180,
            ),
        )
    assert offer.units == Decimal("7.5")
    assert offer.unit is ServiceUnit.HOUR
    with vault.uow() as uow, pytest.raises(ValidationError) as caught:
        save_package_definition(
            uow,
            PackageDefinitionInput(
                name="", service_id=999, units=Decimal("0.0001"), price_cents=-5, validity_days=0
            ),
        )
    assert set(caught.value.errors) == {
        "name",
        "service_id",
        "units",
        "price_cents",
        "validity_days",
    }
    with vault.uow() as uow:
        set_package_definition_active(uow, offer.id, False)
        assert list_package_definitions(uow, include_inactive=False) == []
        assert [d.name for d in list_package_definitions(uow)] == ["Accompagnement — 10 h"]
