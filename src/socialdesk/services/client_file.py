"""Reading one client file: load the row (or say why not) and turn it into a ClientFile.

Shared by the client services, the duplicate check and the merge, so every one of them
returns the same detached DTO.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from socialdesk.domain.clients import (
    ClientErased,
    ClientFile,
    ClientNotFound,
    ConsentDTO,
    ContactDTO,
    HouseholdMemberDTO,
    IssueRef,
    StatusChange,
)
from socialdesk.domain.enums import ConsentScope
from socialdesk.storage.orm import Client, ClientSocialIssue
from socialdesk.storage.uow import UnitOfWork


def _text(value: object) -> str:
    return "" if value is None else str(value)


def load_client(uow: UnitOfWork, client_id: int, *, for_update: bool = False) -> Client:
    """The client row with its file loaded; ClientNotFound if there is none.

    ``for_update``: the caller is about to change the file, so an erased (pseudonymized)
    one is refused with ClientErased.
    """
    client = uow.session.scalar(
        select(Client)
        .where(Client.id == client_id)
        .options(
            selectinload(Client.status_changes),
            selectinload(Client.household_members),
            selectinload(Client.contacts),
            selectinload(Client.consents),
            selectinload(Client.social_issues).joinedload(ClientSocialIssue.social_issue_type),
        )
    )
    if client is None:
        raise ClientNotFound(client_id)
    if for_update and client.pseudonymized_at is not None:
        raise ClientErased()
    return client


def ordered_issues(client: Client) -> list[ClientSocialIssue]:
    """Main issue first, then in the typology's order."""
    return sorted(
        client.social_issues,
        key=lambda i: (
            not i.is_primary,
            i.social_issue_type.sort_order,
            i.social_issue_type.label,
        ),
    )


def to_client_file(client: Client) -> ClientFile:
    issues = ordered_issues(client)
    consents = tuple(
        ConsentDTO(
            id=c.id,
            consent_date=c.consent_date,
            scope=str(c.scope),
            how_obtained=str(c.how_obtained),
            withdrawn_at=c.withdrawn_at,
            notes=_text(c.notes),
        )
        for c in sorted(client.consents, key=lambda c: (c.consent_date, c.id))
    )
    return ClientFile(
        id=client.id,
        file_number=client.file_number,
        status=str(client.status),
        status_history=tuple(
            StatusChange(
                from_status=None if s.from_status is None else str(s.from_status),
                to_status=str(s.to_status),
                changed_at=s.changed_at,
                reason=_text(s.reason),
            )
            for s in sorted(client.status_changes, key=lambda s: (s.changed_at, s.id))
        ),
        closed_date=client.closed_date,
        closing_reason=_text(client.closing_reason),
        created_at=client.created_at,
        civility=_text(client.civility),
        first_name=_text(client.first_name),
        last_name=client.last_name,
        birth_name=_text(client.birth_name),
        birth_date=client.birth_date,
        gender=None if client.gender is None else str(client.gender),
        phone=_text(client.phone),
        email=_text(client.email),
        address_line1=_text(client.address_line1),
        address_line2=_text(client.address_line2),
        postal_code=_text(client.postal_code),
        city=_text(client.city),
        country=client.country,
        referral_source=_text(client.referral_source),
        situation_housing=_text(client.situation_housing),
        situation_resources=_text(client.situation_resources),
        situation_health=_text(client.situation_health),
        situation_employment=_text(client.situation_employment),
        situation_family=_text(client.situation_family),
        situation_administrative=_text(client.situation_administrative),
        intake_date=client.intake_date,
        social_issue_codes=tuple(i.social_issue_type.code for i in issues),
        household=tuple(
            HouseholdMemberDTO(
                id=m.id,
                name=m.name,
                relation=_text(m.relation),
                birth_year=m.birth_year,
                notes=_text(m.notes),
            )
            for m in client.household_members
        ),
        contacts=tuple(
            ContactDTO(
                id=c.id,
                kind=str(c.kind),
                name=c.name,
                organization_id=c.organization_id,
                role=_text(c.role),
                phone=_text(c.phone),
                email=_text(c.email),
                notes=_text(c.notes),
            )
            for c in sorted(client.contacts, key=lambda c: c.id)
        ),
        consents=consents,
        has_active_consent=any(
            c.active and c.scope == ConsentScope.DATA_PROCESSING for c in consents
        ),
        social_issues=tuple(
            IssueRef(i.social_issue_type.code, i.social_issue_type.label) for i in issues
        ),
        pseudonymized=client.pseudonymized_at is not None,
        last_contact_at=client.last_contact_at,
    )


def read_client_file(uow: UnitOfWork, client_id: int) -> ClientFile:
    """A fresh ClientFile from the database (after bulk changes, expire first)."""
    return to_client_file(load_client(uow, client_id))
