"""Use cases of the partner network: the directory of organizations and their contact
persons, and referrals (orientations) of clients towards partners with their outcome.

Organizations referenced by business records cannot be deleted (foreign keys
``RESTRICT``): they are deactivated instead, and an inactive one takes no new referral.
Every write returns ``Changes(partners=True)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import display_name, fold
from socialdesk.domain.enums import OrganizationRole, ReferralOutcome
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.partners import (
    PARTNER_ROLES,
    ContactDTO,
    ContactInput,
    ContactNotFound,
    OrganizationDetail,
    OrganizationInput,
    OrganizationNotFound,
    OrganizationRow,
    ReferralDTO,
    ReferralInput,
    ReferralNotFound,
    clean_contact,
    clean_organization,
    join_domains,
    referral_errors,
    split_domains,
)
from socialdesk.domain.plans import check_date, clean_text
from socialdesk.i18n import N_
from socialdesk.storage.orm import Client, Organization, OrganizationContact, Referral
from socialdesk.storage.uow import UnitOfWork

__all__ = [
    "create_organization",
    "create_referral",
    "delete_contact",
    "delete_referral",
    "get_organization",
    "get_referral",
    "list_client_referrals",
    "list_organizations",
    "list_partner_referrals",
    "save_contact",
    "set_organization_active",
    "set_referral_outcome",
    "update_organization",
    "update_referral",
]

PARTNERS_CHANGED = Changes(partners=True)
_NO_CLIENT = N_("This client does not exist.")
_NO_ORGANIZATION = N_("Choose an organization from the directory.")


def _today(today: date | None) -> date:
    return today or date.today()


# ---- organizations --------------------------------------------------------------------------
def _org_row(session: Session, organization_id: int) -> Organization:
    row = session.get(Organization, organization_id)
    if row is None:
        raise OrganizationNotFound()
    return row


def _referral_counts(session: Session, ids: Iterable[int] | None = None) -> dict[int, int]:
    stmt = select(Referral.organization_id, func.count()).group_by(Referral.organization_id)
    if ids is not None:
        stmt = stmt.where(Referral.organization_id.in_(list(ids)))
    return {org_id: int(n) for org_id, n in session.execute(stmt)}


def list_organizations(
    uow: UnitOfWork,
    *,
    text: str = "",
    domain: str | None = None,
    role: OrganizationRole | None = None,
    partners_only: bool = False,
    include_inactive: bool = False,
    limit: int = 500,
) -> list[OrganizationRow]:
    """The directory, by name. ``text`` matches name, city, domains, notes and contact
    names, ignoring case and accents; ``domain`` is a code of PARTNER_DOMAINS.

    A practice knows tens to a few hundred organizations: the filter on text runs in
    Python (accent folding) over the rows the SQL filters leave.
    """
    session = uow.session
    o = Organization
    stmt = select(
        o.id, o.name, o.role, o.kind, o.domains, o.city, o.phone, o.email, o.active, o.notes
    ).order_by(func.lower(o.name), o.id)
    if not include_inactive:
        stmt = stmt.where(o.active.is_(True))
    if role is not None:
        stmt = stmt.where(o.role == OrganizationRole(role))
    elif partners_only:
        stmt = stmt.where(o.role.in_(sorted(PARTNER_ROLES)))
    if domain:
        stmt = stmt.where(o.domains.contains(domain))  # narrowed; exact check below
    rows = session.execute(stmt).all()
    needle = fold(text.strip())
    contact_names: dict[int, str] = {}
    if needle:
        for org_id, name in session.execute(
            select(OrganizationContact.organization_id, OrganizationContact.name)
        ):
            contact_names[org_id] = contact_names.get(org_id, "") + " " + name
    found: list[OrganizationRow] = []
    for r in rows:
        codes, free = split_domains(r.domains)
        if domain and domain not in codes:
            continue
        if needle:
            haystack = " ".join(
                (r.name, r.city or "", r.domains or "", r.notes or "", contact_names.get(r.id, ""))
            )
            if needle not in fold(haystack):
                continue
        found.append(
            OrganizationRow(
                id=r.id,
                name=r.name,
                role=OrganizationRole(r.role),
                kind=r.kind,
                domain_codes=codes,
                domains_text=free,
                city=r.city or "",
                phone=r.phone or "",
                email=r.email or "",
                active=bool(r.active),
                referral_count=0,
            )
        )
        if len(found) >= limit:
            break
    counts = _referral_counts(session, [row.id for row in found])
    return [replace(row, referral_count=counts.get(row.id, 0)) for row in found]


def _contact_dto(c: OrganizationContact) -> ContactDTO:
    return ContactDTO(
        id=c.id,
        organization_id=c.organization_id,
        name=c.name,
        role=c.role or "",
        phone=c.phone or "",
        email=c.email or "",
        notes=c.notes or "",
        active=bool(c.active),
    )


def get_organization(
    uow: UnitOfWork, organization_id: int, *, referral_limit: int = 200
) -> OrganizationDetail:
    """An organization with its contact persons (active first, by name) and its most
    recent referrals."""
    session = uow.session
    row = _org_row(session, organization_id)
    contacts = sorted(row.contacts, key=lambda c: (not c.active, fold(c.name), c.id))
    total, taken_up = session.execute(
        select(
            func.count(),
            func.coalesce(
                func.sum(case((Referral.outcome == ReferralOutcome.TAKEN_UP, 1), else_=0)), 0
            ),
        ).where(Referral.organization_id == organization_id)
    ).one()
    codes, free = split_domains(row.domains)
    return OrganizationDetail(
        id=row.id,
        name=row.name,
        role=OrganizationRole(row.role),
        kind=row.kind,
        domain_codes=codes,
        domains_text=free,
        address_line1=row.address_line1 or "",
        address_line2=row.address_line2 or "",
        postal_code=row.postal_code or "",
        city=row.city or "",
        country=row.country,
        phone=row.phone or "",
        email=row.email or "",
        website=row.website or "",
        opening_hours=row.opening_hours or "",
        legal_id=row.legal_id or "",
        vat_number=row.vat_number or "",
        notes=row.notes or "",
        active=bool(row.active),
        created_at=row.created_at,
        updated_at=row.updated_at,
        contacts=tuple(_contact_dto(c) for c in contacts),
        referrals=tuple(list_partner_referrals(uow, organization_id, limit=referral_limit)),
        referral_count=int(total),
        referrals_taken_up=int(taken_up),
    )


def _apply_organization(row: Organization, data: OrganizationInput) -> None:
    row.name = data.name
    row.role = data.role
    row.kind = data.kind
    row.domains = join_domains(data.domain_codes, data.domains_text)
    for name in (
        "address_line1",
        "address_line2",
        "postal_code",
        "city",
        "phone",
        "email",
        "website",
        "opening_hours",
        "legal_id",
        "vat_number",
        "notes",
    ):
        setattr(row, name, getattr(data, name) or None)
    row.country = data.country


def _validated_organization(data: OrganizationInput) -> OrganizationInput:
    clean, errors = clean_organization(data)
    if errors:
        raise ValidationError(errors)
    return clean


def create_organization(
    uow: UnitOfWork, data: OrganizationInput
) -> tuple[OrganizationDetail, Changes]:
    clean = _validated_organization(data)
    row = Organization(active=True)
    _apply_organization(row, clean)
    uow.session.add(row)
    uow.session.flush()
    return get_organization(uow, row.id), PARTNERS_CHANGED


def update_organization(
    uow: UnitOfWork, organization_id: int, data: OrganizationInput
) -> tuple[OrganizationDetail, Changes]:
    row = _org_row(uow.session, organization_id)
    clean = _validated_organization(data)
    _apply_organization(row, clean)
    uow.session.flush()
    return get_organization(uow, organization_id), PARTNERS_CHANGED


def set_organization_active(
    uow: UnitOfWork, organization_id: int, active: bool
) -> tuple[OrganizationDetail, Changes]:
    """Deactivate instead of deleting: the organization keeps its history."""
    row = _org_row(uow.session, organization_id)
    row.active = bool(active)
    uow.session.flush()
    return get_organization(uow, organization_id), PARTNERS_CHANGED


# ---- contact persons ------------------------------------------------------------------------
def save_contact(
    uow: UnitOfWork,
    organization_id: int,
    data: ContactInput,
    *,
    contact_id: int | None = None,
) -> tuple[OrganizationDetail, Changes]:
    """Add a contact person (``contact_id`` None) or change one of this organization."""
    session = uow.session
    _org_row(session, organization_id)
    clean, errors = clean_contact(data)
    if contact_id is None:
        row = OrganizationContact(organization_id=organization_id)
    else:
        found = session.get(OrganizationContact, contact_id)
        if found is None or found.organization_id != organization_id:
            raise ContactNotFound()
        row = found
    if errors:
        raise ValidationError(errors)
    row.name = clean.name
    row.role = clean.role or None
    row.phone = clean.phone or None
    row.email = clean.email or None
    row.notes = clean.notes or None
    row.active = clean.active
    if contact_id is None:
        session.add(row)
    session.flush()
    return get_organization(uow, organization_id), PARTNERS_CHANGED


def delete_contact(uow: UnitOfWork, contact_id: int) -> tuple[OrganizationDetail, Changes]:
    """Remove a contact person; referrals made to them keep the organization."""
    session = uow.session
    row = session.get(OrganizationContact, contact_id)
    if row is None:
        raise ContactNotFound()
    organization_id = row.organization_id
    session.delete(row)
    session.flush()
    session.expire_all()
    return get_organization(uow, organization_id), PARTNERS_CHANGED


# ---- referrals ------------------------------------------------------------------------------
def _referral_query():  # type: ignore[no-untyped-def]
    return (
        select(
            Referral,
            Client.last_name,
            Client.first_name,
            Client.file_number,
            Organization.name.label("organization_name"),
            OrganizationContact.name.label("contact_name"),
        )
        .join(Client, Client.id == Referral.client_id)
        .join(Organization, Organization.id == Referral.organization_id)
        .outerjoin(OrganizationContact, OrganizationContact.id == Referral.organization_contact_id)
    )


def _referral_dtos(session: Session, stmt) -> list[ReferralDTO]:  # type: ignore[no-untyped-def]
    result: list[ReferralDTO] = []
    for ref, last, first, number, org_name, contact_name in session.execute(stmt):
        result.append(
            ReferralDTO(
                id=ref.id,
                client_id=ref.client_id,
                client_name=display_name(last, first),
                file_number=number,
                organization_id=ref.organization_id,
                organization_name=org_name,
                contact_id=ref.organization_contact_id,
                contact_name=contact_name or "",
                referral_date=ref.referral_date,
                reason=ref.reason or "",
                outcome=ReferralOutcome(ref.outcome),
                outcome_date=ref.outcome_date,
                notes=ref.notes or "",
            )
        )
    return result


def get_referral(uow: UnitOfWork, referral_id: int) -> ReferralDTO:
    found = _referral_dtos(uow.session, _referral_query().where(Referral.id == referral_id))
    if not found:
        raise ReferralNotFound()
    return found[0]


def list_client_referrals(uow: UnitOfWork, client_id: int) -> list[ReferralDTO]:
    """The client's referrals, newest first."""
    stmt = (
        _referral_query()
        .where(Referral.client_id == client_id)
        .order_by(Referral.referral_date.desc(), Referral.id.desc())
    )
    return _referral_dtos(uow.session, stmt)


def list_partner_referrals(
    uow: UnitOfWork, organization_id: int, *, limit: int = 200
) -> list[ReferralDTO]:
    """The referrals made to an organization, newest first."""
    stmt = (
        _referral_query()
        .where(Referral.organization_id == organization_id)
        .order_by(Referral.referral_date.desc(), Referral.id.desc())
        .limit(max(0, limit))
    )
    return _referral_dtos(uow.session, stmt)


def _validated_referral(
    session: Session, data: ReferralInput, *, today: date, current: Referral | None = None
) -> None:
    errors = referral_errors(data, today=today)
    if session.get(Client, data.client_id) is None:
        errors["client_id"] = _NO_CLIENT
    org = session.get(Organization, data.organization_id)
    if org is None:
        errors["organization_id"] = _NO_ORGANIZATION
    elif not org.active and (current is None or current.organization_id != org.id):
        errors["organization_id"] = N_("This organization is no longer active.")
    if data.contact_id is not None:
        contact = session.get(OrganizationContact, data.contact_id)
        if contact is None or contact.organization_id != data.organization_id:
            errors["contact_id"] = N_("Choose a contact person of this organization.")
    if (
        current is not None
        and current.outcome_date is not None
        and data.referral_date is not None
        and "referral_date" not in errors
        and data.referral_date > current.outcome_date
    ):
        errors["referral_date"] = N_("The referral cannot be dated after its outcome.")
    if errors:
        raise ValidationError(errors)


def _apply_referral(row: Referral, data: ReferralInput) -> None:
    row.client_id = data.client_id
    row.organization_id = data.organization_id
    row.organization_contact_id = data.contact_id
    row.referral_date = data.referral_date
    row.reason = clean_text(data.reason) or None
    row.notes = clean_text(data.notes) or None


def create_referral(
    uow: UnitOfWork, data: ReferralInput, *, today: date | None = None
) -> tuple[ReferralDTO, Changes]:
    """Orient a client towards a partner (outcome pending)."""
    session = uow.session
    _validated_referral(session, data, today=_today(today))
    row = Referral(outcome=ReferralOutcome.PENDING)
    _apply_referral(row, data)
    session.add(row)
    session.flush()
    return get_referral(uow, row.id), PARTNERS_CHANGED


def update_referral(
    uow: UnitOfWork, referral_id: int, data: ReferralInput, *, today: date | None = None
) -> tuple[ReferralDTO, Changes]:
    session = uow.session
    row = session.get(Referral, referral_id)
    if row is None:
        raise ReferralNotFound()
    _validated_referral(session, data, today=_today(today), current=row)
    _apply_referral(row, data)
    session.flush()
    return get_referral(uow, referral_id), PARTNERS_CHANGED


def set_referral_outcome(
    uow: UnitOfWork,
    referral_id: int,
    outcome: ReferralOutcome,
    *,
    on: date | None = None,
    notes: str | None = None,
    today: date | None = None,
) -> tuple[ReferralDTO, Changes]:
    """Record what came of a referral. Pending clears the outcome date; any other outcome
    is dated ``on`` (default today), not before the referral."""
    session = uow.session
    row = session.get(Referral, referral_id)
    if row is None:
        raise ReferralNotFound()
    day = _today(today)
    errors: dict[str, str] = {}
    try:
        outcome = ReferralOutcome(outcome)
    except ValueError:
        raise ValidationError({"outcome": N_("Choose an outcome from the list.")}) from None
    when = None if outcome == ReferralOutcome.PENDING else (on or day)
    check_date(errors, "outcome_date", when, today=day, not_after_today=True)
    if when is not None and "outcome_date" not in errors and when < row.referral_date:
        errors["outcome_date"] = N_("The outcome cannot be dated before the referral.")
    if errors:
        raise ValidationError(errors)
    row.outcome = outcome
    row.outcome_date = when
    if notes is not None:
        row.notes = clean_text(notes) or None
    session.flush()
    return get_referral(uow, referral_id), PARTNERS_CHANGED


def delete_referral(uow: UnitOfWork, referral_id: int) -> tuple[int, Changes]:
    """Remove a referral recorded by mistake; returns its client's id."""
    row = uow.session.get(Referral, referral_id)
    if row is None:
        raise ReferralNotFound()
    client_id = row.client_id
    uow.session.delete(row)
    uow.session.flush()
    return client_id, PARTNERS_CHANGED
