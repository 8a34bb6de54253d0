"""Use cases of démarches: the configurable catalogue of kinds, a client's démarches with
their checklist of documents, status changes, the démarches due, and the rights
obtained over a period (for the activity report).

Writes return ``Changes(plans=True)``; the catalogue ``Changes(settings=True, plans=True)``.
The checklist a kind proposes for a new démarche is kept in the ``app_setting``
``demarches.kind_documents`` (code → labels); seeded kinds fall back to their defaults.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import display_name
from socialdesk.domain.demarches import (
    DECIDED_STATUSES,
    DEFAULT_DEMARCHE_KINDS,
    DEFAULT_KIND_DOCUMENTS,
    DUE_HORIZON_DAYS,
    OPEN_DEMARCHE_STATUSES,
    DemarcheDocumentDTO,
    DemarcheDocumentNotFound,
    DemarcheDTO,
    DemarcheInput,
    DemarcheKindDTO,
    DemarcheKindInput,
    DemarcheKindNotFound,
    DemarcheNotFound,
    RightsObtained,
    demarche_errors,
    document_label_errors,
    kind_errors,
)
from socialdesk.domain.enums import ClientStatus, DemarcheStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.plans import clean_line, clean_text
from socialdesk.i18n import N_
from socialdesk.storage.orm import (
    AppSetting,
    Client,
    Demarche,
    DemarcheDocument,
    DemarcheKind,
    Organization,
)
from socialdesk.storage.uow import UnitOfWork

__all__ = [
    "add_demarche_document",
    "count_due_demarches",
    "create_demarche",
    "delete_demarche",
    "ensure_default_demarche_kinds",
    "get_demarche",
    "list_client_demarches",
    "list_demarche_kinds",
    "list_due_demarches",
    "remove_demarche_document",
    "rename_demarche_document",
    "rights_obtained",
    "save_demarche_kind",
    "set_demarche_status",
    "set_document_received",
    "update_demarche",
]

PLANS_CHANGED = Changes(plans=True)
CATALOGUE_CHANGED = Changes(settings=True, plans=True)
KIND_DOCUMENTS_KEY = "demarches.kind_documents"


def _today(today: date | None) -> date:
    return today or date.today()


# ---- catalogue of kinds ---------------------------------------------------------------------
def _kind_documents(session: Session) -> dict[str, list[str]]:
    setting = session.scalar(select(AppSetting).where(AppSetting.key == KIND_DOCUMENTS_KEY))
    if setting is None:
        return {}
    value = json.loads(setting.value)
    return value if isinstance(value, dict) else {}


def _save_kind_documents(session: Session, documents: dict[str, list[str]]) -> None:
    setting = session.scalar(select(AppSetting).where(AppSetting.key == KIND_DOCUMENTS_KEY))
    text = json.dumps(documents, ensure_ascii=False, sort_keys=True)
    if setting is None:
        session.add(AppSetting(key=KIND_DOCUMENTS_KEY, value=text))
    else:
        setting.value = text


def _kind_dto(row: DemarcheKind, documents: dict[str, list[str]]) -> DemarcheKindDTO:
    suggested = documents.get(row.code)
    return DemarcheKindDTO(
        id=row.id,
        code=row.code,
        label=row.label,
        country=str(row.country) if row.country else None,
        active=bool(row.active),
        sort_order=row.sort_order,
        suggested_documents=tuple(
            suggested if suggested is not None else DEFAULT_KIND_DOCUMENTS.get(row.code, ())
        ),
    )


def list_demarche_kinds(
    uow: UnitOfWork, *, country: str | None = None, include_inactive: bool = False
) -> list[DemarcheKindDTO]:
    """The catalogue, by sort order then label. With ``country``, that country's kinds
    and those valid anywhere."""
    session = uow.session
    stmt = select(DemarcheKind).order_by(
        DemarcheKind.sort_order, func.lower(DemarcheKind.label), DemarcheKind.id
    )
    if not include_inactive:
        stmt = stmt.where(DemarcheKind.active.is_(True))
    if country:
        stmt = stmt.where(or_(DemarcheKind.country.is_(None), DemarcheKind.country == country))
    documents = _kind_documents(session)
    return [_kind_dto(row, documents) for row in session.scalars(stmt)]


def save_demarche_kind(
    uow: UnitOfWork, data: DemarcheKindInput, *, kind_id: int | None = None
) -> tuple[DemarcheKindDTO, Changes]:
    """Add a kind (``kind_id`` None) or change one. Its code is its stable identifier:
    unique, and used by the default checklists and imports."""
    session = uow.session
    row: DemarcheKind | None = None
    if kind_id is not None:
        row = session.get(DemarcheKind, kind_id)
        if row is None:
            raise DemarcheKindNotFound()
    code = (data.code or "").strip()
    country = (data.country or "").strip().upper() or None
    errors = kind_errors(DemarcheKindInput(code, data.label, country, data.active,
                                           data.sort_order, data.suggested_documents))  # fmt: skip
    if "code" not in errors:
        other = session.scalar(select(DemarcheKind.id).where(DemarcheKind.code == code))
        if other is not None and other != kind_id:
            errors["code"] = N_("Another kind of démarche already has this code.")
    if errors:
        raise ValidationError(errors)
    documents = _kind_documents(session)
    if row is None:
        row = DemarcheKind(code=code)
        session.add(row)
    elif row.code != code and row.code in documents:
        documents[code] = documents.pop(row.code)
    row.code = code
    row.label = clean_line(data.label)
    row.country = country  # type: ignore[assignment]
    row.active = bool(data.active)
    row.sort_order = int(data.sort_order)
    suggested = [clean_line(d) for d in data.suggested_documents if clean_line(d)]
    if suggested or code in documents or code in DEFAULT_KIND_DOCUMENTS:
        documents[code] = suggested
        _save_kind_documents(session, documents)
    session.flush()
    return _kind_dto(row, documents), CATALOGUE_CHANGED


def ensure_default_demarche_kinds(uow: UnitOfWork) -> Changes:
    """Add the usual kinds of France, Belgium and Romania to a vault that has none."""
    session = uow.session
    if session.execute(select(func.count()).select_from(DemarcheKind)).scalar_one():
        return Changes()
    for position, kind in enumerate(DEFAULT_DEMARCHE_KINDS):
        session.add(
            DemarcheKind(
                code=kind.code,
                label=kind.label,
                country=kind.country,
                active=True,
                sort_order=position,
            )
        )
    session.flush()
    return CATALOGUE_CHANGED


# ---- reading démarches ----------------------------------------------------------------------
def _query() -> Select:  # type: ignore[type-arg]
    return (
        select(
            Demarche,
            Client.last_name,
            Client.first_name,
            Client.file_number,
            DemarcheKind.code,
            DemarcheKind.label,
            Organization.name,
        )
        .join(Client, Client.id == Demarche.client_id)
        .join(DemarcheKind, DemarcheKind.id == Demarche.kind_id)
        .outerjoin(Organization, Organization.id == Demarche.organization_id)
        .options(selectinload(Demarche.documents))
    )


def _due_column():  # type: ignore[no-untyped-def]
    """The earlier of next action and deadline, in portable SQL."""
    d = Demarche
    return case(
        (d.next_action_date.is_(None), d.deadline),
        (d.deadline.is_(None), d.next_action_date),
        (d.next_action_date < d.deadline, d.next_action_date),
        else_=d.deadline,
    )


def _dtos(session: Session, stmt: Select) -> list[DemarcheDTO]:  # type: ignore[type-arg]
    result = []
    for row, last, first, number, kind_code, kind_label, org_name in session.execute(stmt):
        documents = sorted(row.documents, key=lambda d: (d.position, d.id))
        result.append(
            DemarcheDTO(
                id=row.id,
                client_id=row.client_id,
                client_name=display_name(last, first),
                file_number=number,
                kind_id=row.kind_id,
                kind_code=kind_code,
                kind_label=kind_label,
                organization_id=row.organization_id,
                organization_name=org_name or "",
                reference=row.reference or "",
                status=DemarcheStatus(row.status),
                submitted_date=row.submitted_date,
                next_action_date=row.next_action_date,
                next_action=row.next_action or "",
                deadline=row.deadline,
                decision_date=row.decision_date,
                outcome=row.outcome or "",
                benefit_monthly_cents=row.benefit_monthly_cents,
                notes=row.notes or "",
                documents=tuple(
                    DemarcheDocumentDTO(
                        id=doc.id,
                        demarche_id=doc.demarche_id,
                        label=doc.label,
                        received=bool(doc.received),
                        received_date=doc.received_date,
                        position=doc.position,
                    )
                    for doc in documents
                ),
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )
    return result


def get_demarche(uow: UnitOfWork, demarche_id: int) -> DemarcheDTO:
    found = _dtos(uow.session, _query().where(Demarche.id == demarche_id))
    if not found:
        raise DemarcheNotFound()
    return found[0]


def list_client_demarches(uow: UnitOfWork, client_id: int) -> list[DemarcheDTO]:
    """Open démarches first, the soonest due first (undated last); then the decided
    ones, the latest decision first."""
    session = uow.session
    stmt = _query().where(Demarche.client_id == client_id)
    due = _due_column()
    open_rows = _dtos(
        session,
        stmt.where(Demarche.status.in_(sorted(OPEN_DEMARCHE_STATUSES))).order_by(
            due.is_(None), due, Demarche.id
        ),
    )
    closed = _dtos(
        session,
        stmt.where(Demarche.status.in_(sorted(DECIDED_STATUSES))).order_by(
            func.coalesce(Demarche.decision_date, Demarche.submitted_date).desc(),
            Demarche.id.desc(),
        ),
    )
    return open_rows + closed


def _due_conditions(today: date, horizon_days: int) -> tuple:  # type: ignore[type-arg]
    last = today + timedelta(days=max(0, horizon_days))
    # Written as "not a closed client" (ids from the client status index, no client row
    # read) so SQLite starts from the open démarches, not from every client's démarches.
    closed = select(Client.id).where(Client.status == ClientStatus.CLOSED)
    return (
        Demarche.status.in_(sorted(OPEN_DEMARCHE_STATUSES)),
        or_(Demarche.next_action_date <= last, Demarche.deadline <= last),
        Demarche.client_id.not_in(closed),
    )


def due_demarche_ids(
    today: date, horizon_days: int = DUE_HORIZON_DAYS, *, limit: int = 200
) -> Select:  # type: ignore[type-arg]
    """Ids of the ``limit`` open démarches of clients not closed whose next action or
    deadline falls on or before ``today + horizon_days``, the soonest first (chosen on
    the démarche rows alone; shared with Today)."""
    return (
        select(Demarche.id)
        .where(*_due_conditions(today, horizon_days))
        .order_by(_due_column(), Demarche.id)
        .limit(max(0, limit))
    )


def due_order():  # type: ignore[no-untyped-def]
    """ORDER BY terms of the due démarches: the earlier date first, then the id."""
    return (_due_column(), Demarche.id)


def count_due_demarches(
    uow: UnitOfWork, today: date, *, horizon_days: int = DUE_HORIZON_DAYS
) -> int:
    stmt = select(func.count()).select_from(Demarche).where(*_due_conditions(today, horizon_days))
    return int(uow.session.execute(stmt).scalar_one())


def list_due_demarches(
    uow: UnitOfWork, today: date, *, horizon_days: int = DUE_HORIZON_DAYS, limit: int = 200
) -> list[DemarcheDTO]:
    """Open démarches of clients not closed whose next action or deadline falls on or
    before ``today + horizon_days``, the soonest first (Today's section)."""
    ids = due_demarche_ids(today, horizon_days, limit=limit)
    return _dtos(uow.session, _query().where(Demarche.id.in_(ids)).order_by(*due_order()))


# ---- writing démarches ----------------------------------------------------------------------
def _validated(
    session: Session, data: DemarcheInput, *, today: date, current: Demarche | None = None
) -> None:
    errors = demarche_errors(data, today=today)
    client = session.get(Client, data.client_id)
    if client is None:
        errors["client_id"] = N_("This client does not exist.")
    kind = session.get(DemarcheKind, data.kind_id)
    if kind is None or (not kind.active and (current is None or current.kind_id != kind.id)):
        errors["kind_id"] = N_("Choose a kind of démarche from the list.")
    if data.organization_id is not None:
        org = session.get(Organization, data.organization_id)
        if org is None or (
            not org.active and (current is None or current.organization_id != org.id)
        ):
            errors["organization_id"] = N_("Choose an organization from the directory.")
    if errors:
        raise ValidationError(errors)


def _apply(row: Demarche, data: DemarcheInput) -> None:
    row.client_id = data.client_id
    row.kind_id = data.kind_id
    row.organization_id = data.organization_id
    row.reference = clean_line(data.reference) or None
    row.status = DemarcheStatus(data.status)
    row.submitted_date = data.submitted_date
    row.next_action_date = data.next_action_date
    row.next_action = clean_line(data.next_action) or None
    row.deadline = data.deadline
    row.decision_date = data.decision_date
    row.outcome = clean_text(data.outcome) or None
    row.benefit_monthly_cents = data.benefit_monthly_cents
    row.notes = clean_text(data.notes) or None


def create_demarche(
    uow: UnitOfWork, data: DemarcheInput, *, today: date | None = None
) -> tuple[DemarcheDTO, Changes]:
    """A new démarche with its initial checklist (``data.documents``)."""
    session = uow.session
    _validated(session, data, today=_today(today))
    row = Demarche()
    _apply(row, data)
    row.documents = [
        DemarcheDocument(label=clean_line(label), received=False, position=position)
        for position, label in enumerate(data.documents)
    ]
    session.add(row)
    session.flush()
    return get_demarche(uow, row.id), PLANS_CHANGED


def _row(session: Session, demarche_id: int) -> Demarche:
    row = session.get(Demarche, demarche_id)
    if row is None:
        raise DemarcheNotFound()
    return row


def update_demarche(
    uow: UnitOfWork, demarche_id: int, data: DemarcheInput, *, today: date | None = None
) -> tuple[DemarcheDTO, Changes]:
    """Change every field but the checklist (``data.documents`` is ignored)."""
    session = uow.session
    row = _row(session, demarche_id)
    _validated(session, data, today=_today(today), current=row)
    _apply(row, data)
    session.flush()
    return get_demarche(uow, demarche_id), PLANS_CHANGED


def set_demarche_status(
    uow: UnitOfWork,
    demarche_id: int,
    status: DemarcheStatus,
    *,
    today: date | None = None,
    outcome: str | None = None,
    benefit_monthly_cents: int | None = None,
) -> tuple[DemarcheDTO, Changes]:
    """Move the démarche on. Submitted (or later) dates an empty submission today;
    granted and refused date an empty decision today and clear the next action."""
    session = uow.session
    row = _row(session, demarche_id)
    day = _today(today)
    try:
        status = DemarcheStatus(status)
    except ValueError:
        raise ValidationError({"status": N_("Choose a status from the list.")}) from None
    submitted = row.submitted_date
    if status != DemarcheStatus.TO_PREPARE and submitted is None:
        submitted = day
    decision = row.decision_date
    next_action_date, next_action = row.next_action_date, row.next_action
    if status in DECIDED_STATUSES:
        decision = decision or day
        next_action_date = next_action = None
    data = DemarcheInput(
        client_id=row.client_id,
        kind_id=row.kind_id,
        organization_id=row.organization_id,
        reference=row.reference or "",
        status=status,
        submitted_date=submitted,
        next_action_date=next_action_date,
        next_action=next_action or "",
        deadline=row.deadline,
        decision_date=decision,
        outcome=(row.outcome or "") if outcome is None else outcome,
        benefit_monthly_cents=(
            row.benefit_monthly_cents if benefit_monthly_cents is None else benefit_monthly_cents
        ),
        notes=row.notes or "",
    )
    errors = demarche_errors(data, today=day)
    if errors:
        raise ValidationError(errors)
    _apply(row, data)
    session.flush()
    return get_demarche(uow, demarche_id), PLANS_CHANGED


def delete_demarche(uow: UnitOfWork, demarche_id: int) -> tuple[int, Changes]:
    """Remove a démarche entered by mistake (its checklist and tasks go with it);
    returns the client's id."""
    session = uow.session
    row = _row(session, demarche_id)
    client_id = row.client_id
    session.delete(row)
    session.flush()
    return client_id, PLANS_CHANGED


# ---- the checklist of documents -------------------------------------------------------------
def _document(session: Session, document_id: int) -> DemarcheDocument:
    document = session.get(DemarcheDocument, document_id)
    if document is None:
        raise DemarcheDocumentNotFound()
    return document


def add_demarche_document(
    uow: UnitOfWork, demarche_id: int, label: str
) -> tuple[DemarcheDTO, Changes]:
    session = uow.session
    row = _row(session, demarche_id)
    errors = document_label_errors(label)
    if errors:
        raise ValidationError(errors)
    position = max((d.position for d in row.documents), default=-1) + 1
    row.documents.append(DemarcheDocument(label=clean_line(label), position=position))
    session.flush()
    return get_demarche(uow, demarche_id), PLANS_CHANGED


def set_document_received(
    uow: UnitOfWork, document_id: int, received: bool, *, today: date | None = None
) -> tuple[DemarcheDTO, Changes]:
    """Tick (dated today) or untick a document of the checklist."""
    session = uow.session
    document = _document(session, document_id)
    if received and not document.received:
        document.received_date = _today(today)
    elif not received:
        document.received_date = None
    document.received = bool(received)
    session.flush()
    return get_demarche(uow, document.demarche_id), PLANS_CHANGED


def rename_demarche_document(
    uow: UnitOfWork, document_id: int, label: str
) -> tuple[DemarcheDTO, Changes]:
    session = uow.session
    document = _document(session, document_id)
    errors = document_label_errors(label)
    if errors:
        raise ValidationError(errors)
    document.label = clean_line(label)
    session.flush()
    return get_demarche(uow, document.demarche_id), PLANS_CHANGED


def remove_demarche_document(uow: UnitOfWork, document_id: int) -> tuple[DemarcheDTO, Changes]:
    session = uow.session
    document = _document(session, document_id)
    demarche_id = document.demarche_id
    session.delete(document)
    session.flush()
    session.expire_all()
    return get_demarche(uow, demarche_id), PLANS_CHANGED


# ---- rights obtained ------------------------------------------------------------------------
def rights_obtained(uow: UnitOfWork, first: date, last: date) -> RightsObtained:
    """Démarches granted with a decision dated in ``[first, last]``: how many, for how
    many persons, the monthly amounts obtained, by kind."""
    d = Demarche
    granted = (
        d.status == DemarcheStatus.GRANTED,
        d.decision_date >= first,
        d.decision_date <= last,
    )
    session = uow.session
    count, cents, clients = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(d.benefit_monthly_cents), 0),
            func.count(func.distinct(d.client_id)),
        ).where(*granted)
    ).one()
    rows: Sequence = session.execute(  # type: ignore[type-arg]
        select(
            DemarcheKind.label,
            func.count(),
            func.coalesce(func.sum(d.benefit_monthly_cents), 0),
        )
        .join(DemarcheKind, DemarcheKind.id == d.kind_id)
        .where(*granted)
        .group_by(DemarcheKind.label)
        .order_by(func.count().desc(), DemarcheKind.label)
    ).all()
    return RightsObtained(
        first=first,
        last=last,
        granted_count=int(count),
        monthly_benefit_cents=int(cents or 0),
        clients=int(clients),
        by_kind=tuple((str(label), int(n), int(total)) for label, n, total in rows),
    )
