"""The partner network: organizations by domain of intervention, the people working
there, and referrals (orientations) of clients towards them, with their outcome.

An organization's domains are kept in one text column as comma-separated entries: a code
of PARTNER_DOMAINS (shown translated, used by the directory filter) or free text (a
specialty, kept as written: "Prestations familiales", "FSL").

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from socialdesk.domain.client_rules import BAD_EMAIL, BAD_PHONE
from socialdesk.domain.enums import (
    Country,
    OrganizationKind,
    OrganizationRole,
    ReferralOutcome,
)
from socialdesk.domain.errors import NotFound
from socialdesk.domain.plans import (
    MAX_TEXT_LENGTH,
    check_date,
    check_length,
    clean_line,
    clean_text,
)
from socialdesk.i18n import N_

MAX_REASON_LENGTH = 2_000

DOMAIN_LABELS: dict[str, str] = {
    "housing": N_("Housing"),
    "health": N_("Health"),
    "debt": N_("Debt and budget"),
    "employment": N_("Employment and training"),
    "legal": N_("Legal aid"),
    "childcare": N_("Childcare"),
    "income": N_("Income and benefits"),
    "family": N_("Family and parenting"),
    "food": N_("Food aid"),
    "disability": N_("Disability"),
    "elderly": N_("Older people"),
    "education": N_("Education"),
    "mobility": N_("Mobility"),
    "administration": N_("Administrative procedures"),
}
PARTNER_DOMAINS: tuple[str, ...] = tuple(DOMAIN_LABELS)

ORGANIZATION_ROLE_LABELS: dict[OrganizationRole, str] = {
    OrganizationRole.PARTNER: N_("Partner"),
    OrganizationRole.PAYER: N_("Payer"),
    OrganizationRole.BOTH: N_("Partner and payer"),
}
ORGANIZATION_KIND_LABELS: dict[OrganizationKind, str] = {
    OrganizationKind.EMPLOYER: N_("Employer"),
    OrganizationKind.TOWN: N_("Town / social action centre"),
    OrganizationKind.ASSOCIATION: N_("Association"),
    OrganizationKind.AGENCY: N_("Social security or employment agency"),
    OrganizationKind.ADMINISTRATION: N_("Administration"),
    OrganizationKind.HEALTH: N_("Health"),
    OrganizationKind.HOUSING: N_("Housing"),
    OrganizationKind.JUSTICE: N_("Justice"),
    OrganizationKind.EDUCATION: N_("Education"),
    OrganizationKind.COMPANY: N_("Company"),
    OrganizationKind.OTHER: N_("Other"),
}
REFERRAL_OUTCOME_LABELS: dict[ReferralOutcome, str] = {
    ReferralOutcome.PENDING: N_("Pending"),
    ReferralOutcome.TAKEN_UP: N_("Taken up"),
    ReferralOutcome.DECLINED_BY_CLIENT: N_("Declined by the person"),
    ReferralOutcome.REFUSED_BY_PARTNER: N_("Refused by the partner"),
    ReferralOutcome.NO_RESPONSE: N_("No response"),
}
PARTNER_ROLES = frozenset({OrganizationRole.PARTNER, OrganizationRole.BOTH})

# Database column widths (PostgreSQL enforces them; SQLite does not, so we do).
ORGANIZATION_LIMITS: dict[str, int] = {
    "name": 200,
    "address_line1": 200,
    "address_line2": 200,
    "postal_code": 20,
    "city": 100,
    "phone": 40,
    "email": 254,
    "website": 300,
    "legal_id": 40,
    "vat_number": 20,
}
CONTACT_LIMITS: dict[str, int] = {"name": 200, "role": 100, "phone": 40, "email": 254}
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE_CHARS = re.compile(r"\+?[\d\s./()\-]+")
_WEBSITE = re.compile(r"(https?://)?[^\s/]+\.[^\s]+", re.IGNORECASE)


# ---- values ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OrganizationInput:
    name: str
    role: OrganizationRole = OrganizationRole.PARTNER
    kind: OrganizationKind = OrganizationKind.OTHER
    domain_codes: tuple[str, ...] = ()
    domains_text: str = ""
    address_line1: str = ""
    address_line2: str = ""
    postal_code: str = ""
    city: str = ""
    country: str | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""
    legal_id: str = ""
    vat_number: str = ""
    notes: str = ""


ORGANIZATION_TEXT_FIELDS: tuple[str, ...] = (
    "name",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
    "legal_id",
    "vat_number",
)


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    """A line of the partner directory."""

    id: int
    name: str
    role: OrganizationRole
    kind: OrganizationKind
    domain_codes: tuple[str, ...]
    domains_text: str
    city: str
    phone: str
    email: str
    active: bool
    referral_count: int


@dataclass(frozen=True, slots=True)
class ContactInput:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class ContactDTO:
    id: int
    organization_id: int
    name: str
    role: str
    phone: str
    email: str
    notes: str
    active: bool

    def to_input(self) -> ContactInput:
        return ContactInput(self.name, self.role, self.phone, self.email, self.notes, self.active)


@dataclass(frozen=True, slots=True)
class ReferralInput:
    client_id: int
    organization_id: int
    referral_date: date
    contact_id: int | None = None
    reason: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ReferralDTO:
    id: int
    client_id: int
    client_name: str
    file_number: str
    organization_id: int
    organization_name: str
    contact_id: int | None
    contact_name: str
    referral_date: date
    reason: str
    outcome: ReferralOutcome
    outcome_date: date | None
    notes: str

    def to_input(self) -> ReferralInput:
        return ReferralInput(
            client_id=self.client_id,
            organization_id=self.organization_id,
            referral_date=self.referral_date,
            contact_id=self.contact_id,
            reason=self.reason,
            notes=self.notes,
        )


@dataclass(frozen=True, slots=True)
class OrganizationDetail:
    id: int
    name: str
    role: OrganizationRole
    kind: OrganizationKind
    domain_codes: tuple[str, ...]
    domains_text: str
    address_line1: str
    address_line2: str
    postal_code: str
    city: str
    country: str | None
    phone: str
    email: str
    website: str
    opening_hours: str
    legal_id: str
    vat_number: str
    notes: str
    active: bool
    created_at: datetime
    updated_at: datetime
    contacts: tuple[ContactDTO, ...] = ()
    referrals: tuple[ReferralDTO, ...] = ()
    referral_count: int = 0
    referrals_taken_up: int = 0

    def to_input(self) -> OrganizationInput:
        return OrganizationInput(
            name=self.name,
            role=self.role,
            kind=self.kind,
            domain_codes=self.domain_codes,
            domains_text=self.domains_text,
            address_line1=self.address_line1,
            address_line2=self.address_line2,
            postal_code=self.postal_code,
            city=self.city,
            country=self.country,
            phone=self.phone,
            email=self.email,
            website=self.website,
            opening_hours=self.opening_hours,
            legal_id=self.legal_id,
            vat_number=self.vat_number,
            notes=self.notes,
        )


# ---- errors ---------------------------------------------------------------------------------
class OrganizationNotFound(NotFound):
    message = "This organization does not exist (it may have been deleted)."


class ContactNotFound(NotFound):
    message = "This contact person does not exist (it may have been deleted)."


class ReferralNotFound(NotFound):
    message = "This referral does not exist (it may have been deleted)."


# ---- domains column -------------------------------------------------------------------------
def split_domains(stored: str | None) -> tuple[tuple[str, ...], str]:
    """``"housing, debt, FSL"`` → ``(("housing", "debt"), "FSL")``."""
    codes: list[str] = []
    free: list[str] = []
    for entry in (stored or "").split(","):
        value = entry.strip()
        if not value:
            continue
        if value in DOMAIN_LABELS:
            if value not in codes:
                codes.append(value)
        else:
            free.append(value)
    return tuple(codes), ", ".join(free)


def join_domains(codes: tuple[str, ...], text: str) -> str | None:
    entries = list(dict.fromkeys(codes))
    entries += [e.strip() for e in text.split(",") if e.strip()]
    return ", ".join(entries) or None


# ---- rules ----------------------------------------------------------------------------------
def _check_email(errors: dict[str, str], field: str, value: str) -> None:
    if value and not _EMAIL.fullmatch(value) and field not in errors:
        errors[field] = BAD_EMAIL


def _check_phone(errors: dict[str, str], field: str, value: str) -> None:
    if not value or field in errors:
        return
    digits = sum(c.isdigit() for c in value)
    if not _PHONE_CHARS.fullmatch(value) or not 8 <= digits <= 15:
        errors[field] = BAD_PHONE


def clean_organization(data: OrganizationInput) -> tuple[OrganizationInput, dict[str, str]]:
    """The input trimmed, and the errors of its fields (empty when valid)."""
    values: dict[str, object] = {
        name: clean_line(getattr(data, name)) for name in ORGANIZATION_TEXT_FIELDS
    }
    values["opening_hours"] = clean_text(data.opening_hours)
    values["notes"] = clean_text(data.notes)
    values["domains_text"] = clean_line(data.domains_text)
    values["domain_codes"] = tuple(dict.fromkeys(c.strip() for c in data.domain_codes if c.strip()))
    values["country"] = clean_line(data.country).upper() or None
    clean = replace(data, **values)  # type: ignore[arg-type]
    errors: dict[str, str] = {}
    if not clean.name:
        errors["name"] = N_("Enter the name of the organization.")
    for name, limit in ORGANIZATION_LIMITS.items():
        check_length(errors, name, getattr(clean, name), limit)
    check_length(errors, "notes", clean.notes, MAX_TEXT_LENGTH)
    check_length(errors, "opening_hours", clean.opening_hours, MAX_REASON_LENGTH)
    check_length(errors, "domains_text", clean.domains_text, MAX_REASON_LENGTH)
    if any(code not in DOMAIN_LABELS for code in clean.domain_codes):
        errors["domain_codes"] = N_("Choose domains from the list.")
    if not isinstance(clean.role, OrganizationRole):
        try:
            clean = replace(clean, role=OrganizationRole(clean.role))
        except ValueError:
            errors["role"] = N_("Choose a role from the list.")
    if not isinstance(clean.kind, OrganizationKind):
        try:
            clean = replace(clean, kind=OrganizationKind(clean.kind))
        except ValueError:
            errors["kind"] = N_("Choose a kind of organization from the list.")
    if clean.country is not None and clean.country not in Country.__members__:
        errors["country"] = N_("Choose France, Belgium or Romania.")
    _check_email(errors, "email", clean.email)
    _check_phone(errors, "phone", clean.phone)
    if clean.website and not _WEBSITE.fullmatch(clean.website) and "website" not in errors:
        errors["website"] = N_("The website address is not valid.")
    return clean, errors


def clean_contact(data: ContactInput) -> tuple[ContactInput, dict[str, str]]:
    clean = ContactInput(
        name=clean_line(data.name),
        role=clean_line(data.role),
        phone=clean_line(data.phone),
        email=clean_line(data.email),
        notes=clean_text(data.notes),
        active=bool(data.active),
    )
    errors: dict[str, str] = {}
    if not clean.name:
        errors["name"] = N_("Enter the name of the contact person.")
    for name, limit in CONTACT_LIMITS.items():
        check_length(errors, name, getattr(clean, name), limit)
    check_length(errors, "notes", clean.notes, MAX_TEXT_LENGTH)
    _check_email(errors, "email", clean.email)
    _check_phone(errors, "phone", clean.phone)
    return clean, errors


def referral_errors(data: ReferralInput, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.referral_date is None:
        errors["referral_date"] = N_("Enter the date of the referral.")
    else:
        check_date(errors, "referral_date", data.referral_date, today=today, not_after_today=True)
    check_length(errors, "reason", clean_text(data.reason), MAX_REASON_LENGTH)
    check_length(errors, "notes", clean_text(data.notes), MAX_TEXT_LENGTH)
    return errors
