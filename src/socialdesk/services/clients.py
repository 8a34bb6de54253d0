"""Use cases of the client file: identity, status, household, contacts, consents and the
social-issue typology.

Every function takes an entered unit of work and returns detached DTOs; writes return
``(result, Changes)``. The list is in :mod:`services.clients_list`, duplicates in
:mod:`services.duplicates`, the merge in :mod:`services.clients_merge`: all re-exported
here, so ``services.clients`` is the one entry point of the contract.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from socialdesk.domain.changes import Changes
from socialdesk.domain.client_rules import (
    normalize_issue_codes,
    validate_client_input,
    validate_consents,
    validate_contacts,
    validate_household,
    validate_issue_type,
    validate_status_change,
)
from socialdesk.domain.clients import (
    TEXT_FIELDS,
    ClientFile,
    ClientInput,
    ConsentDTO,
    ContactDTO,
    HouseholdMemberDTO,
    PossibleDuplicate,
    SocialIssueType,
    file_number_prefix,
    format_file_number,
)
from socialdesk.domain.enums import (
    ClientStatus,
    ConsentMethod,
    ConsentScope,
    ContactKind,
    Gender,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_
from socialdesk.services.client_file import (
    load_client,
    read_client_file,
    to_client_file,
)
from socialdesk.services.clients_list import SORTS, list_clients
from socialdesk.services.clients_merge import merge_clients
from socialdesk.services.duplicates import find_duplicates
from socialdesk.storage.orm import (
    AppSetting,
    Client,
    ClientContact,
    ClientSocialIssue,
    ClientStatusChange,
    Consent,
    HouseholdMember,
    Organization,
)
from socialdesk.storage.orm import SocialIssueType as IssueTypeRow
from socialdesk.storage.uow import UnitOfWork

__all__ = [
    "SORTS",
    "change_status",
    "create_client",
    "find_duplicates",
    "get_client_file",
    "list_clients",
    "list_social_issue_types",
    "merge_clients",
    "save_consents",
    "save_contacts",
    "save_household",
    "save_social_issue_type",
    "update_client",
]

CLIENTS_CHANGED = Changes(clients=True)
_STALE_ENTRY = N_("This entry no longer exists: reload the file.")


# ---- the client file -------------------------------------------------------------------------
def get_client_file(uow: UnitOfWork, client_id: int) -> ClientFile:
    """The client file (without notes). ClientNotFound if it does not exist."""
    return read_client_file(uow, client_id)


def _at(on: date, *, today: date, now: datetime) -> datetime:
    """The instant recorded for something that happened ``on`` a day: now for today,
    noon UTC for an earlier day (the same calendar day in every European zone)."""
    return now if on == today else datetime.combine(on, time(12), tzinfo=UTC)


def _checked_issue_types(
    session: Session, codes: Sequence[str], current: Sequence[str]
) -> dict[str, IssueTypeRow]:
    """Rows of ``codes``; an unknown code, or an inactive one the client does not
    already have, is an error on ``social_issue_codes``."""
    if not codes:
        return {}
    rows = session.scalars(select(IssueTypeRow).where(IssueTypeRow.code.in_(codes))).all()
    types = {row.code: row for row in rows}
    for code in codes:
        row = types.get(code)
        if row is None or (not row.active and code not in current):
            raise ValidationError({"social_issue_codes": N_("Choose social issues from the list.")})
    return types


def _validated(
    session: Session, data: ClientInput, *, today: date, current_codes: Sequence[str] = ()
) -> tuple[ClientInput, dict[str, IssueTypeRow]]:
    """Field rules and issue codes together, so the form shows every error at once."""
    errors: dict[str, str] = {}
    clean: ClientInput | None = None
    try:
        clean = validate_client_input(data, today=today)
    except ValidationError as exc:
        errors.update(exc.errors)
    types: dict[str, IssueTypeRow] = {}
    if clean is not None or "social_issue_codes" not in errors:
        codes = normalize_issue_codes(data.social_issue_codes)
        try:
            types = _checked_issue_types(session, codes, current_codes)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors or clean is None:
        raise ValidationError(errors)
    return clean, types


def _apply_input(client: Client, data: ClientInput) -> None:
    for name in TEXT_FIELDS:
        value = getattr(data, name)
        setattr(client, name, value if name == "last_name" else (value or None))
    client.birth_date = data.birth_date
    client.gender = Gender(data.gender) if data.gender else None
    client.country = data.country
    if data.intake_date is not None:
        client.intake_date = data.intake_date


def _apply_issues(client: Client, codes: Sequence[str], types: dict[str, IssueTypeRow]) -> None:
    current = {issue.social_issue_type.code: issue for issue in client.social_issues}
    kept: list[ClientSocialIssue] = []
    for position, code in enumerate(codes):
        issue = current.get(code) or ClientSocialIssue(social_issue_type=types[code])
        issue.is_primary = position == 0
        kept.append(issue)
    client.social_issues = kept  # delete-orphan removes the others


def _next_file_number(session: Session, year: int) -> str:
    """``D-YYYY-NNNN``: the next number of the year, in the caller's transaction.

    A counter per year in ``app_setting`` makes sure the number of an erased or merged
    file is never given to someone else; the highest existing number covers vaults filled
    without the counter (imports, demo data).
    """
    prefix = file_number_prefix(year)
    key = f"clients.last_file_number.{year}"
    setting = session.scalar(select(AppSetting).where(AppSetting.key == key))
    counted = int(json.loads(setting.value)) if setting is not None else 0
    # A range on the unique index of file_number: "D-2026-" < number < "D-2026." .
    highest = session.scalar(
        select(func.max(cast(func.substr(Client.file_number, len(prefix) + 1), Integer))).where(
            Client.file_number > prefix, Client.file_number < prefix[:-1] + "."
        )
    )
    sequence = max(counted, highest or 0) + 1
    if setting is None:
        session.add(AppSetting(key=key, value=json.dumps(sequence)))
    else:
        setting.value = json.dumps(sequence)
    return format_file_number(year, sequence)


def create_client(
    uow: UnitOfWork, data: ClientInput, *, allow_duplicate: bool = False
) -> tuple[ClientFile, Changes]:
    """A new client file with status "intake" and its file number.

    Raises ValidationError (nothing saved), or PossibleDuplicate with the candidates
    unless ``allow_duplicate`` (the user confirmed it is someone else).
    """
    session = uow.session
    now = datetime.now(UTC)
    today = date.today()
    clean, types = _validated(session, data, today=today)
    if not allow_duplicate:
        candidates = find_duplicates(uow, clean)
        if candidates:
            raise PossibleDuplicate(candidates)
    intake = clean.intake_date or today
    client = Client(
        file_number=_next_file_number(session, intake.year),
        status=ClientStatus.INTAKE,
        intake_date=intake,
    )
    _apply_input(client, clean)
    client.status_changes = [
        ClientStatusChange(
            from_status=None,
            to_status=ClientStatus.INTAKE,
            changed_at=_at(intake, today=today, now=now),
        )
    ]
    client.household_members = []
    client.contacts = []
    client.consents = []
    client.social_issues = []
    _apply_issues(client, clean.social_issue_codes, types)
    session.add(client)
    session.flush()
    return to_client_file(client), CLIENTS_CHANGED


def update_client(uow: UnitOfWork, client_id: int, data: ClientInput) -> tuple[ClientFile, Changes]:
    """Save identity, contact, situation and social issues. ``data.intake_date`` None
    keeps the intake date; a new one also dates the first line of the status history."""
    session = uow.session
    client = load_client(uow, client_id, for_update=True)
    today = date.today()
    current_codes = [i.social_issue_type.code for i in client.social_issues]
    clean, types = _validated(session, data, today=today, current_codes=current_codes)
    intake = clean.intake_date
    history = sorted(client.status_changes, key=lambda s: (s.changed_at, s.id))
    if intake is not None and intake != client.intake_date:
        if client.closed_date is not None and intake > client.closed_date:
            raise ValidationError(
                {"intake_date": N_("The intake date cannot be after the closing date.")}
            )
        later = [s for s in history if s.from_status is not None]
        if later and intake > later[0].changed_at.date():
            raise ValidationError(
                {"intake_date": N_("The intake date cannot be after a later status change.")}
            )
        if history and history[0].from_status is None:
            history[0].changed_at = _at(intake, today=today, now=datetime.now(UTC))
    _apply_input(client, clean)
    _apply_issues(client, clean.social_issue_codes, types)
    session.flush()
    return to_client_file(client), CLIENTS_CHANGED


def change_status(
    uow: UnitOfWork,
    client_id: int,
    *,
    status: str,
    reason: str = "",
    on: date | None = None,
) -> tuple[ClientFile, Changes]:
    """Move the file to ``status`` ``on`` a day (today by default), with a history line.

    Closing needs a reason and sets the closing date; leaving "closed" (reopening) clears
    the closing date, reason and retention deadline.
    """
    client = load_client(uow, client_id, for_update=True)
    now = datetime.now(UTC)
    today = date.today()
    day = on or today
    history = sorted(client.status_changes, key=lambda s: (s.changed_at, s.id))
    last = history[-1] if history else None
    validate_status_change(
        current=str(client.status),
        new=status,
        reason=reason,
        on=day,
        today=today,
        intake_date=client.intake_date,
        last_change=last.changed_at.date() if last else None,
    )
    new = ClientStatus(status)
    changed_at = _at(day, today=today, now=now)
    if last is not None and changed_at <= last.changed_at:
        changed_at = last.changed_at + timedelta(seconds=1)  # keep the history in order
    client.status_changes.append(
        ClientStatusChange(
            from_status=client.status,
            to_status=new,
            changed_at=changed_at,
            reason=reason.strip() or None,
        )
    )
    if new == ClientStatus.CLOSED:
        client.closed_date = day
        client.closing_reason = reason.strip()
    elif client.status == ClientStatus.CLOSED:
        client.closed_date = None
        client.closing_reason = None
        client.retention_until = None
    client.status = new
    uow.session.flush()
    return to_client_file(client), CLIENTS_CHANGED


# ---- lists of the file: replace-the-list semantics -------------------------------------------
def _by_id(rows: Sequence[object], wanted: Sequence[int | None], prefix: str) -> dict[int, object]:
    existing = {row.id: row for row in rows}  # type: ignore[attr-defined]
    errors = {
        f"{prefix}.{i}": _STALE_ENTRY
        for i, row_id in enumerate(wanted)
        if row_id is not None and row_id not in existing
    }
    if errors:
        raise ValidationError(errors)
    return existing


def save_household(
    uow: UnitOfWork, client_id: int, members: Sequence[HouseholdMemberDTO]
) -> tuple[ClientFile, Changes]:
    """Replace the household by ``members`` (in this order): entries with an id are
    updated, without one added, missing ones removed."""
    client = load_client(uow, client_id, for_update=True)
    clean = validate_household(members, today=date.today())
    existing = _by_id(client.household_members, [m.id for m in clean], "household")
    kept: list[HouseholdMember] = []
    for position, member in enumerate(clean):
        row = existing.get(member.id) if member.id is not None else None
        row = row if isinstance(row, HouseholdMember) else HouseholdMember()
        row.name = member.name
        row.relation = member.relation or None
        row.birth_year = member.birth_year
        row.notes = member.notes or None
        row.position = position
        kept.append(row)
    client.household_members = kept
    uow.session.flush()
    return to_client_file(client), CLIENTS_CHANGED


def save_contacts(
    uow: UnitOfWork, client_id: int, contacts: Sequence[ContactDTO]
) -> tuple[ClientFile, Changes]:
    """Replace the relatives, professionals and partners' workers around the client."""
    session = uow.session
    client = load_client(uow, client_id, for_update=True)
    clean = validate_contacts(contacts)
    existing = _by_id(client.contacts, [c.id for c in clean], "contacts")
    org_ids = {c.organization_id for c in clean if c.organization_id is not None}
    known = set(session.scalars(select(Organization.id).where(Organization.id.in_(org_ids))))
    missing = {
        f"contacts.{i}.organization_id": N_("This organization does not exist.")
        for i, c in enumerate(clean)
        if c.organization_id is not None and c.organization_id not in known
    }
    if missing:
        raise ValidationError(missing)
    kept: list[ClientContact] = []
    for contact in clean:
        row = existing.get(contact.id) if contact.id is not None else None
        row = row if isinstance(row, ClientContact) else ClientContact()
        row.kind = ContactKind(contact.kind)
        row.name = contact.name
        row.organization_id = contact.organization_id
        row.role = contact.role or None
        row.phone = contact.phone or None
        row.email = contact.email or None
        row.notes = contact.notes or None
        kept.append(row)
    client.contacts = kept
    session.flush()
    return to_client_file(client), CLIENTS_CHANGED


def save_consents(
    uow: UnitOfWork, client_id: int, consents: Sequence[ConsentDTO]
) -> tuple[ClientFile, Changes]:
    """Replace the GDPR consent records. Withdraw a consent by setting ``withdrawn_at``
    (the record stays); removing a record is for entries made by mistake."""
    client = load_client(uow, client_id, for_update=True)
    clean = validate_consents(consents, today=date.today(), now=datetime.now(UTC))
    existing = _by_id(client.consents, [c.id for c in clean], "consents")
    kept: list[Consent] = []
    for consent in clean:
        row = existing.get(consent.id) if consent.id is not None else None
        row = row if isinstance(row, Consent) else Consent()
        row.consent_date = consent.consent_date  # type: ignore[assignment]  # validated
        row.scope = ConsentScope(consent.scope)
        row.how_obtained = ConsentMethod(consent.how_obtained)
        row.withdrawn_at = consent.withdrawn_at
        row.notes = consent.notes or None
        kept.append(row)
    client.consents = kept
    uow.session.flush()
    return to_client_file(client), CLIENTS_CHANGED


# ---- social issue typology (Settings) ----------------------------------------------------------
def _issue_type_dto(row: IssueTypeRow) -> SocialIssueType:
    return SocialIssueType(
        id=row.id, code=row.code, label=row.label, active=row.active, sort_order=row.sort_order
    )


def list_social_issue_types(
    uow: UnitOfWork, *, include_inactive: bool = False
) -> list[SocialIssueType]:
    query = select(IssueTypeRow).order_by(IssueTypeRow.sort_order, IssueTypeRow.label)
    if not include_inactive:
        query = query.where(IssueTypeRow.active.is_(True))
    return [_issue_type_dto(row) for row in uow.session.scalars(query)]


def save_social_issue_type(
    uow: UnitOfWork,
    code: str,
    label: str,
    active: bool = True,
    *,
    sort_order: int | None = None,
) -> tuple[SocialIssueType, Changes]:
    """Add a social issue to the typology, or change the label and activity of the one
    with this ``code`` (codes are unique, lower case). A used issue is deactivated, never
    deleted: files keep it, new files cannot pick it."""
    session = uow.session
    code, label = validate_issue_type(code, label)
    row = session.scalar(select(IssueTypeRow).where(IssueTypeRow.code == code))
    if row is None:
        if sort_order is None:
            highest = session.scalar(select(func.max(IssueTypeRow.sort_order)))
            sort_order = 0 if highest is None else highest + 1
        row = IssueTypeRow(code=code, label=label, active=active, sort_order=sort_order)
        session.add(row)
    else:
        row.label, row.active = label, active
        if sort_order is not None:
            row.sort_order = sort_order
    session.flush()
    return _issue_type_dto(row), Changes(settings=True, clients=True)
