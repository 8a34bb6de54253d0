"""The service catalogue and package offers: value types and their validation rules.

A service's VAT treatment is one of three: it follows the practitioner's VAT status (no
rate stored: under the franchise no VAT is charged), it is exempt on a stated legal basis
(no rate, a reason), or it carries a rate (basis points, 2000 = 20 %). Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from socialdesk.domain.enums import ServiceUnit
from socialdesk.domain.errors import NotFound
from socialdesk.i18n import N_

CODE_MAX = 40
NAME_MAX = 200
ACCOUNT_MAX = 20
MAX_PRICE_CENTS = 100_000_000  # one million, a typing error beyond
MAX_VAT_RATE_BP = 10_000
MAX_DURATION_MINUTES = 24 * 60
MAX_PACKAGE_UNITS = Decimal(10_000)
MAX_VALIDITY_DAYS = 3660
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]+$")


class VatTreatment(StrEnum):
    PROFILE = "profile"  # the practitioner's VAT status decides (franchise: no VAT)
    EXEMPT = "exempt"  # exempt on a legal basis, stated on the invoice
    RATE = "rate"


UNIT_LABELS: dict[ServiceUnit, str] = {
    ServiceUnit.HOUR: N_("Hour"),
    ServiceUnit.SESSION: N_("Session"),
    ServiceUnit.FLAT: N_("Flat fee"),
    ServiceUnit.KM: N_("Kilometre"),
}

VAT_TREATMENT_LABELS: dict[VatTreatment, str] = {
    VatTreatment.PROFILE: N_("According to my VAT status"),
    VatTreatment.EXEMPT: N_("Exempt (legal basis)"),
    VatTreatment.RATE: N_("VAT rate"),
}


class ServiceNotFound(NotFound):
    message = "This service does not exist (it may have been deleted)."


class PackageDefinitionNotFound(NotFound):
    message = "This package offer does not exist (it may have been deleted)."


@dataclass(frozen=True, slots=True)
class ServiceInput:
    code: str
    name: str
    unit: ServiceUnit
    unit_price_cents: int
    description: str = ""
    vat_treatment: VatTreatment = VatTreatment.PROFILE
    vat_rate_bp: int | None = None  # only with VatTreatment.RATE
    vat_exemption_reason: str = ""  # only with VatTreatment.EXEMPT (required there)
    accounting_account: str = ""
    default_duration_minutes: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class ServiceView:
    id: int
    code: str
    name: str
    description: str
    unit: ServiceUnit
    unit_price_cents: int
    vat_treatment: VatTreatment
    vat_rate_bp: int | None
    vat_exemption_reason: str
    accounting_account: str
    default_duration_minutes: int | None
    active: bool


@dataclass(frozen=True, slots=True)
class PackageDefinitionInput:
    name: str
    service_id: int
    units: Decimal
    price_cents: int
    validity_days: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class PackageDefinitionView:
    id: int
    name: str
    service_id: int
    service_name: str
    unit: ServiceUnit
    units: Decimal
    price_cents: int
    validity_days: int | None
    active: bool


def clean(text: str | None) -> str:
    """One line, single spaces."""
    return " ".join((text or "").split())


def vat_treatment_of(vat_rate_bp: int | None, vat_exemption_reason: str | None) -> VatTreatment:
    if vat_rate_bp is not None:
        return VatTreatment.RATE
    return VatTreatment.EXEMPT if clean(vat_exemption_reason) else VatTreatment.PROFILE


def to_milli(value: Decimal | int | str) -> int | None:
    """Thousandths of a unit, or None when not a number with at most 3 decimals."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    milli = number * 1000
    if milli != milli.to_integral_value():
        return None
    return int(milli)


def from_milli(milli: int) -> Decimal:
    return (Decimal(milli) / 1000).normalize() if milli % 1000 else Decimal(milli // 1000)


def service_errors(data: ServiceInput) -> dict[str, str]:
    """Field → message id for every invalid field of a service ({} when valid)."""
    errors: dict[str, str] = {}
    code = clean(data.code)
    if not code:
        errors["code"] = N_("Enter a code for this service.")
    elif len(code) > CODE_MAX or not _CODE.match(code):
        errors["code"] = N_(
            "A service code has up to 40 letters, digits, dots, dashes or slashes, no spaces."
        )
    name = clean(data.name)
    if not name:
        errors["name"] = N_("Enter the name of the service.")
    elif len(name) > NAME_MAX:
        errors["name"] = N_("The name is too long (200 characters at most).")
    try:
        ServiceUnit(data.unit)
    except ValueError:
        errors["unit"] = N_("Choose a unit: hour, session, flat fee or kilometre.")
    if not isinstance(data.unit_price_cents, int) or not (
        0 <= data.unit_price_cents <= MAX_PRICE_CENTS
    ):
        errors["unit_price_cents"] = N_("The unit price must be between 0 and 1,000,000.")
    treatment = VatTreatment(data.vat_treatment)
    if treatment is VatTreatment.RATE:
        rate = data.vat_rate_bp
        if rate is None or not isinstance(rate, int) or not 0 <= rate <= MAX_VAT_RATE_BP:
            errors["vat_rate_bp"] = N_("The VAT rate must be between 0 % and 100 %.")
    elif treatment is VatTreatment.EXEMPT and not clean(data.vat_exemption_reason):
        errors["vat_exemption_reason"] = N_(
            "An exempt service needs its legal basis (it is printed on the invoice)."
        )
    account = clean(data.accounting_account)
    if account and (len(account) > ACCOUNT_MAX or not _ACCOUNT.match(account)):
        errors["accounting_account"] = N_(
            "An accounting account has up to 20 digits or letters, no spaces (e.g. 706000)."
        )
    minutes = data.default_duration_minutes
    if minutes is not None and not 0 < minutes <= MAX_DURATION_MINUTES:
        errors["default_duration_minutes"] = N_(
            "The usual duration must be between 1 minute and 24 hours."
        )
    return errors


def package_definition_errors(data: PackageDefinitionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = clean(data.name)
    if not name:
        errors["name"] = N_("Enter the name of the package.")
    elif len(name) > NAME_MAX:
        errors["name"] = N_("The name is too long (200 characters at most).")
    milli = to_milli(data.units)
    if milli is None or milli <= 0 or milli > MAX_PACKAGE_UNITS * 1000:
        errors["units"] = N_(
            "The quantity must be a positive number (3 decimals at most, 10,000 at most)."
        )
    if not isinstance(data.price_cents, int) or not 0 <= data.price_cents <= MAX_PRICE_CENTS:
        errors["price_cents"] = N_("The price must be between 0 and 1,000,000.")
    days = data.validity_days
    if days is not None and not 0 < days <= MAX_VALIDITY_DAYS:
        errors["validity_days"] = N_("The validity must be between 1 and 3,660 days.")
    return errors
