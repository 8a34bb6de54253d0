"""The clients list: one page, filtered and sorted, with how many clients match.

The list never loads rows it does not show: one page of plain columns, a COUNT when the
page does not tell the total, then the next appointments and the social issues of that
page's ids only — 4 queries at most, whatever the vault's size. ``last_contact_at`` is the
column stored on the client (indexed), kept up to date by the notes and agenda services.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from socialdesk.domain.clients import ClientPage, ClientRow, display_name, fold, phone_digits
from socialdesk.domain.enums import AppointmentStatus, ClientStatus
from socialdesk.services.duplicates import national_phone_sql, phone_digits_in_order
from socialdesk.storage.orm import Appointment, AppointmentParticipant, Client, ClientSocialIssue
from socialdesk.storage.orm import SocialIssueType as IssueTypeRow
from socialdesk.storage.uow import UnitOfWork

SORTS = ("name", "file_number", "status", "last_contact", "next_appointment")
MAX_PAGE_SIZE = 500
# Workflow order for the status column (not alphabetical).
_STATUS_ORDER = {s.value: i for i, s in enumerate(ClientStatus)}
# Text typed in the filter that is a phone number (or a piece of one).
_PHONE_QUERY = re.compile(r"\+?[\d\s.\-/()]+")


def _phone_condition(digits: str) -> ColumnElement[bool]:
    """The stored number, as national digits, contains the typed digits ("06 12" finds
    "06.12.34.56.78" and "+33 6 12 34 56 78"); the cheap LIKE goes first."""
    return and_(
        phone_digits_in_order(Client.phone, digits),
        national_phone_sql(Client.phone).contains(digits),
    )


def _text_condition(text: str) -> ColumnElement[bool] | None:
    text = text.strip()
    if not text:
        return None
    if _PHONE_QUERY.fullmatch(text) and sum(c.isdigit() for c in text) >= 2:
        # Digits (and phone separators) only: a phone number or a piece of a file number.
        return or_(
            _phone_condition(phone_digits(text)),
            Client.file_number.contains(text.replace(" ", ""), autoescape=True),
        )
    words: list[ColumnElement[bool]] = []
    for token in text.split():
        key = fold(token)
        alternatives = [
            Client.name_sort_key.contains(key, autoescape=True),
            func.lower(Client.file_number).contains(key, autoescape=True),
            func.lower(Client.email).contains(key, autoescape=True),
        ]
        digits = "".join(c for c in token if c.isdigit())
        if len(digits) >= 2 and len(digits) == len(token):
            alternatives.append(_phone_condition(digits))
        words.append(or_(*alternatives))
    return and_(*words)


def _list_conditions(
    text: str, statuses: Sequence[str], issue_code: str | None
) -> list[ColumnElement[bool]]:
    # Erased files kept only for their invoices (pseudonymized) are not listed.
    conditions: list[ColumnElement[bool]] = [Client.pseudonymized_at.is_(None)]
    if statuses:
        conditions.append(Client.status.in_([ClientStatus(s) for s in statuses]))
    if issue_code:
        issue_id = select(IssueTypeRow.id).where(IssueTypeRow.code == issue_code)
        conditions.append(
            exists().where(
                ClientSocialIssue.client_id == Client.id,
                ClientSocialIssue.social_issue_type_id == issue_id.scalar_subquery(),
            )
        )
    matched = _text_condition(text)
    if matched is not None:
        conditions.append(matched)
    return conditions


def _upcoming(now: datetime) -> Select[int, datetime]:
    """Per client, the start of the next planned appointment, for sorting on it: reads
    the planned appointments only (ix_appointment_status, or the starts_at range once
    SQLite has statistics), grouped, then joined to the page's clients."""
    return (
        select(
            AppointmentParticipant.client_id.label("client_id"),
            func.min(Appointment.starts_at).label("next_at"),
        )
        .join(Appointment, Appointment.id == AppointmentParticipant.appointment_id)
        .where(Appointment.starts_at >= now, Appointment.status == AppointmentStatus.PLANNED)
        .group_by(AppointmentParticipant.client_id)
    )


def list_clients(
    uow: UnitOfWork,
    *,
    text: str = "",
    statuses: Sequence[str] = (),
    issue_code: str | None = None,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> ClientPage:
    """One page of the clients list and how many clients match the filter.

    ``text``: every word must match the name (accent- and case-free), the file number or
    the email; digits alone match phone numbers whatever their spacing. ``sort`` is one of
    :data:`SORTS`; clients without a last contact or next appointment come last.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    session = uow.session
    now = datetime.now(UTC)
    offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE_SIZE))
    conditions = _list_conditions(text, statuses, issue_code)
    query = select(
        Client.id,
        Client.file_number,
        Client.last_name,
        Client.first_name,
        Client.status,
        Client.last_contact_at,
        Client.phone,
        Client.email,
        Client.city,
    ).where(*conditions)
    name_order: list[Any] = [Client.name_sort_key, Client.id]
    key: Any
    if sort == "next_appointment":
        upcoming = _upcoming(now).subquery()
        query = query.add_columns(upcoming.c.next_at).outerjoin(
            upcoming, upcoming.c.client_id == Client.id
        )
        key = upcoming.c.next_at
    elif sort == "last_contact":
        key = Client.last_contact_at
    elif sort == "status":
        key = case(_STATUS_ORDER, value=Client.status, else_=len(_STATUS_ORDER))
    elif sort == "file_number":
        key, name_order = Client.file_number, []
    else:
        key, name_order = Client.name_sort_key, [Client.id]
    first = key.desc() if descending else key.asc()
    if sort in ("last_contact", "next_appointment"):
        first = first.nulls_last()
    if sort == "name" and descending:
        name_order = [Client.id.desc()]
    rows = session.execute(query.order_by(first, *name_order).offset(offset).limit(limit)).all()

    if limit and len(rows) < limit and (rows or offset == 0):
        total = offset + len(rows)
    else:
        total = session.execute(
            select(func.count()).select_from(Client).where(*conditions)
        ).scalar_one()
    ids = [row.id for row in rows]
    if sort == "next_appointment":
        next_at = {row.id: row.next_at for row in rows}
    else:
        next_at = _next_appointments(session, ids, now)
    issues = _issue_labels(session, ids)
    return ClientPage(
        rows=tuple(
            ClientRow(
                id=row.id,
                file_number=row.file_number,
                display_name=display_name(row.last_name, row.first_name),
                status=str(row.status),
                last_contact_at=row.last_contact_at,
                next_appointment_at=next_at.get(row.id),
                social_issues=tuple(issues.get(row.id, ())),
                phone=row.phone or "",
                email=row.email or "",
                city=row.city or "",
            )
            for row in rows
        ),
        total=total,
    )


def _next_appointments(session: Session, ids: list[int], now: datetime) -> dict[int, datetime]:
    """Next planned appointment of each client of the page.

    Driven by the participants' client_id index (about 20 rows a client, each joined to
    its appointment by primary key). The status is checked here rather than in SQL: a
    ``status = 'planned'`` term tempts SQLite, without ANALYZE statistics, to walk every
    planned appointment through ix_appointment_status and probe each page id (seconds on
    the large vault instead of milliseconds).
    """
    if not ids:
        return {}
    query = (
        select(AppointmentParticipant.client_id, Appointment.starts_at, Appointment.status)
        .join(Appointment, Appointment.id == AppointmentParticipant.appointment_id)
        .where(AppointmentParticipant.client_id.in_(ids), Appointment.starts_at >= now)
    )
    upcoming: dict[int, datetime] = {}
    for client_id, starts_at, status in session.execute(query):
        if status == AppointmentStatus.PLANNED and (
            client_id not in upcoming or starts_at < upcoming[client_id]
        ):
            upcoming[client_id] = starts_at
    return upcoming


def _issue_labels(session: Session, ids: list[int]) -> dict[int, list[str]]:
    if not ids:
        return {}
    query = (
        select(ClientSocialIssue.client_id, IssueTypeRow.label)
        .join(IssueTypeRow, IssueTypeRow.id == ClientSocialIssue.social_issue_type_id)
        .where(ClientSocialIssue.client_id.in_(ids))
        .order_by(
            ClientSocialIssue.client_id,
            ClientSocialIssue.is_primary.desc(),
            IssueTypeRow.sort_order,
            IssueTypeRow.label,
        )
    )
    labels: dict[int, list[str]] = {}
    for client_id, label in session.execute(query):
        labels.setdefault(client_id, []).append(label)
    return labels
