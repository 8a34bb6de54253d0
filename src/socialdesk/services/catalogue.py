"""Settings → Billing: the service catalogue and the package offers.

Services and offers are never deleted once used (invoices, packages and appointments
refer to them): they are deactivated, which hides them from new choices.
"""

from __future__ import annotations

from sqlalchemy import select

from socialdesk.domain.catalogue import (
    PackageDefinitionInput,
    PackageDefinitionNotFound,
    PackageDefinitionView,
    ServiceInput,
    ServiceNotFound,
    ServiceView,
    VatTreatment,
    clean,
    from_milli,
    package_definition_errors,
    service_errors,
    to_milli,
    vat_treatment_of,
)
from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import ServiceUnit
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_
from socialdesk.storage.orm import PackageDefinition, Service
from socialdesk.storage.uow import UnitOfWork

CHANGED = Changes(billing=True)


def service_view(row: Service) -> ServiceView:
    return ServiceView(
        id=row.id,
        code=row.code,
        name=row.name,
        description=row.description or "",
        unit=ServiceUnit(row.unit),
        unit_price_cents=row.unit_price_cents,
        vat_treatment=vat_treatment_of(row.vat_rate_bp, row.vat_exemption_reason),
        vat_rate_bp=row.vat_rate_bp,
        vat_exemption_reason=row.vat_exemption_reason or "",
        accounting_account=row.accounting_account or "",
        default_duration_minutes=row.default_duration_minutes,
        active=row.active,
    )


def _service_row(uow: UnitOfWork, service_id: int) -> Service:
    row = uow.session.get(Service, service_id)
    if row is None:
        raise ServiceNotFound()
    return row


def list_services(uow: UnitOfWork, *, include_inactive: bool = True) -> list[ServiceView]:
    query = select(Service).order_by(Service.sort_order, Service.code)
    if not include_inactive:
        query = query.where(Service.active.is_(True))
    return [service_view(row) for row in uow.session.scalars(query)]


def get_service(uow: UnitOfWork, service_id: int) -> ServiceView:
    return service_view(_service_row(uow, service_id))


def save_service(
    uow: UnitOfWork, data: ServiceInput, *, service_id: int | None = None
) -> tuple[ServiceView, Changes]:
    """Create (``service_id`` None) or update a catalogue entry."""
    errors = service_errors(data)
    code = clean(data.code)
    if "code" not in errors:
        clash = uow.session.scalar(select(Service.id).where(Service.code == code))
        if clash is not None and clash != service_id:
            errors["code"] = N_("Another service already has this code.")
    if errors:
        raise ValidationError(errors)
    row = _service_row(uow, service_id) if service_id is not None else Service()
    treatment = VatTreatment(data.vat_treatment)
    row.code = code
    row.name = clean(data.name)
    row.description = (data.description or "").strip() or None
    row.unit = ServiceUnit(data.unit)
    row.unit_price_cents = data.unit_price_cents
    row.vat_rate_bp = data.vat_rate_bp if treatment is VatTreatment.RATE else None
    row.vat_exemption_reason = (
        clean(data.vat_exemption_reason) if treatment is VatTreatment.EXEMPT else None
    )
    row.accounting_account = clean(data.accounting_account) or None
    row.default_duration_minutes = data.default_duration_minutes
    row.active = data.active
    if service_id is None:
        uow.session.add(row)
    uow.session.flush()
    return service_view(row), CHANGED


def set_service_active(
    uow: UnitOfWork, service_id: int, active: bool
) -> tuple[ServiceView, Changes]:
    """Deactivate (hide from new choices) or reactivate a service."""
    row = _service_row(uow, service_id)
    row.active = active
    uow.session.flush()
    return service_view(row), CHANGED


# ---- package offers ---------------------------------------------------------------------
def _definition_view(row: PackageDefinition, service: Service) -> PackageDefinitionView:
    return PackageDefinitionView(
        id=row.id,
        name=row.name,
        service_id=row.service_id,
        service_name=service.name,
        unit=ServiceUnit(service.unit),
        units=from_milli(row.units_milli),
        price_cents=row.price_cents,
        validity_days=row.validity_days,
        active=row.active,
    )


def _definition_row(uow: UnitOfWork, definition_id: int) -> PackageDefinition:
    row = uow.session.get(PackageDefinition, definition_id)
    if row is None:
        raise PackageDefinitionNotFound()
    return row


def list_package_definitions(
    uow: UnitOfWork, *, include_inactive: bool = True
) -> list[PackageDefinitionView]:
    query = (
        select(PackageDefinition, Service)
        .join(Service, Service.id == PackageDefinition.service_id)
        .order_by(PackageDefinition.name, PackageDefinition.id)
    )
    if not include_inactive:
        query = query.where(PackageDefinition.active.is_(True))
    return [_definition_view(d, s) for d, s in uow.session.execute(query).all()]


def get_package_definition(uow: UnitOfWork, definition_id: int) -> PackageDefinitionView:
    row = _definition_row(uow, definition_id)
    return _definition_view(row, _service_row(uow, row.service_id))


def save_package_definition(
    uow: UnitOfWork, data: PackageDefinitionInput, *, definition_id: int | None = None
) -> tuple[PackageDefinitionView, Changes]:
    """Create or update a package offer ("5 entretiens", "10 h d'accompagnement").
    Packages already sold keep the terms copied at sale."""
    errors = package_definition_errors(data)
    service = uow.session.get(Service, data.service_id)
    if service is None:
        errors["service_id"] = N_("Choose the service this package is made of.")
    if errors:
        raise ValidationError(errors)
    assert service is not None
    row = _definition_row(uow, definition_id) if definition_id is not None else PackageDefinition()
    row.name = clean(data.name)
    row.service_id = service.id
    milli = to_milli(data.units)
    assert milli is not None
    row.units_milli = milli
    row.price_cents = data.price_cents
    row.validity_days = data.validity_days
    row.active = data.active
    if definition_id is None:
        uow.session.add(row)
    uow.session.flush()
    return _definition_view(row, service), CHANGED


def set_package_definition_active(
    uow: UnitOfWork, definition_id: int, active: bool
) -> tuple[PackageDefinitionView, Changes]:
    row = _definition_row(uow, definition_id)
    row.active = active
    uow.session.flush()
    return _definition_view(row, _service_row(uow, row.service_id)), CHANGED
