"""The Today page: everything that needs the practitioner, read in one unit of work.

Each section is one or two indexed queries: at most ``limit`` items, plus the number of
every matching one (and the amount, for money). The rules and thresholds are in
:mod:`socialdesk.domain.today`; ``today`` and ``now`` are arguments, never the clock, so
the page, the CLI and the tests see the same day.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from socialdesk.domain.agenda import KIND_LABELS
from socialdesk.domain.clients import display_name
from socialdesk.domain.demarches import due_date
from socialdesk.domain.enums import (
    AuditAction,
    ClientStatus,
    InvoiceKind,
    InvoiceStatus,
    ObjectiveStatus,
    PackageStatus,
    PayerKind,
    TaskStatus,
)
from socialdesk.domain.plans import EVALUATION_INTERVAL_DAYS
from socialdesk.domain.today import (
    DEMARCHE_HORIZON_DAYS,
    PACKAGE_EXPIRY_DAYS,
    PACKAGE_LOW_SHARE_PERCENT,
    SECTION_LIMIT,
    TASK_HORIZON_DAYS,
    BackupStatus,
    TodayItem,
    TodayOverview,
    TodayReason,
    TodaySection,
    TodaySectionKey,
    TodayTarget,
    backup_status,
    package_reason,
)
from socialdesk.i18n import _
from socialdesk.services.agenda import agenda_zone, appointments_for_days
from socialdesk.services.demarches import count_due_demarches, due_demarche_ids, due_order
from socialdesk.services.tasks import list_due_tasks
from socialdesk.storage.orm import (
    AuditEvent,
    BillableItem,
    CaseNote,
    Client,
    ClientPackage,
    Demarche,
    DemarcheKind,
    Evaluation,
    Invoice,
    NoteType,
    Objective,
    Organization,
    PackageConsumption,
    PackageDefinition,
    Service,
    Task,
)
from socialdesk.storage.uow import UnitOfWork

__all__ = ["today_overview"]

_ACTIVE_CLIENTS = (ClientStatus.INTAKE, ClientStatus.ACTIVE)
_UNPAID = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


def today_overview(
    uow: UnitOfWork, today: date, now: datetime, *, limit: int = SECTION_LIMIT
) -> TodayOverview:
    """Every section of the Today page for the day ``today`` (local) at ``now``."""
    limit = max(0, limit)
    session = uow.session
    today_items, tomorrow_items = _appointments(uow, today)
    backup = _backup(session, today)
    sections = (
        TodaySection(TodaySectionKey.APPOINTMENTS_TODAY, today_items[:limit], len(today_items)),
        TodaySection(
            TodaySectionKey.APPOINTMENTS_TOMORROW, tomorrow_items[:limit], len(tomorrow_items)
        ),
        _demarches(uow, today, limit),
        _objectives(session, today, limit),
        _unsigned_notes(session, today, limit),
        _tasks(uow, today, limit),
        _unbilled(session, today, limit),
        _overdue_invoices(session, today, limit),
        _packages(session, today, limit),
        TodaySection(TodaySectionKey.BACKUP, (_backup_item(backup),), 1),
    )
    return TodayOverview(today=today, generated_at=now, sections=sections, backup=backup)


def _count(session: Session, stmt: Any) -> int:
    return int(session.execute(stmt).scalar_one())


# ---- appointments ---------------------------------------------------------------------------
def _appointments(uow: UnitOfWork, today: date) -> tuple[tuple[TodayItem, ...], ...]:
    zone = agenda_zone(uow)
    days: dict[date, list[TodayItem]] = {today: [], today + timedelta(days=1): []}
    for view in appointments_for_days(uow, today, 2):
        if view.frees_slot:
            continue
        day = view.starts_at.astimezone(zone).date()
        if day not in days:
            continue
        single = view.participants[0] if len(view.participants) == 1 else None
        if len(view.participants) > 1:
            detail = ", ".join(p.display_name for p in view.participants)
        else:
            detail = view.place
        days[day].append(
            TodayItem(
                target=TodayTarget.APPOINTMENT,
                object_id=view.id,
                client_id=single.client_id if single else None,
                client_name=single.display_name if single else "",
                file_number=single.file_number if single else "",
                title=view.title or _(KIND_LABELS[view.kind]),
                detail=detail,
                day=day,
                at=view.starts_at,
                ends_at=view.ends_at,
                status=str(view.status),
                category=str(view.kind),
            )
        )
    return tuple(tuple(items) for items in days.values())


# ---- démarches ------------------------------------------------------------------------------
def _demarches(uow: UnitOfWork, today: date, limit: int) -> TodaySection:
    d = Demarche
    rows = uow.session.execute(
        select(
            d.id, d.client_id, d.status, d.next_action_date, d.next_action, d.deadline,
            Client.last_name, Client.first_name, Client.file_number,
            DemarcheKind.code, DemarcheKind.label, Organization.name.label("organization"),
        )
        .join(Client, Client.id == d.client_id)
        .join(DemarcheKind, DemarcheKind.id == d.kind_id)
        .outerjoin(Organization, Organization.id == d.organization_id)
        .where(d.id.in_(due_demarche_ids(today, DEMARCHE_HORIZON_DAYS, limit=limit)))
        .order_by(*due_order())
    )  # fmt: skip
    items = []
    for r in rows:
        day = due_date(r.next_action_date, r.deadline)
        reason = TodayReason.DEADLINE if r.deadline == day else TodayReason.NEXT_ACTION
        detail = r.next_action if reason == TodayReason.NEXT_ACTION and r.next_action else None
        items.append(
            TodayItem(
                target=TodayTarget.DEMARCHE,
                object_id=r.id,
                client_id=r.client_id,
                client_name=display_name(r.last_name, r.first_name),
                file_number=r.file_number,
                title=r.label,
                detail=detail or r.organization or "",
                day=day,
                reason=reason,
                overdue=day is not None and day < today,
                status=str(r.status),
                category=r.code,
            )
        )
    total = count_due_demarches(uow, today, horizon_days=DEMARCHE_HORIZON_DAYS)
    return TodaySection(TodaySectionKey.DEMARCHES_DUE, tuple(items), total)


# ---- objectives -----------------------------------------------------------------------------
def _objectives(session: Session, today: date, limit: int) -> TodaySection:
    cutoff = today - timedelta(days=EVALUATION_INTERVAL_DAYS)
    # Created on or before the cutoff day (UTC): the first instant of the next day.
    created_before = datetime.combine(cutoff + timedelta(days=1), time(0), tzinfo=UTC)
    o = Objective
    # Per objective, on the (objective_id, evaluation_date) index.
    last = (
        select(func.max(Evaluation.evaluation_date))
        .where(Evaluation.objective_id == o.id)
        .correlate(o)
        .scalar_subquery()
    )
    active = select(Client.id).where(Client.status.in_(_ACTIVE_CLIENTS))
    candidates = session.execute(
        select(o.id, o.target_date, o.created_at, last.label("last")).where(
            o.status == ObjectiveStatus.OPEN, o.client_id.in_(active)
        )
    )
    found = []
    for r in candidates:
        if r.target_date is not None and r.target_date <= today:
            found.append((r.target_date, r.id, TodayReason.TARGET_PASSED))
        elif r.last is not None and r.last <= cutoff:
            found.append((r.last + timedelta(days=EVALUATION_INTERVAL_DAYS), r.id,
                          TodayReason.NOT_EVALUATED))  # fmt: skip
        elif r.last is None and r.created_at < created_before:
            day = r.created_at.date() + timedelta(days=EVALUATION_INTERVAL_DAYS)
            found.append((day, r.id, TodayReason.NOT_EVALUATED))
    found.sort(key=lambda f: (f[0], f[1]))
    shown = found[:limit]
    rows = {
        r.id: r
        for r in session.execute(
            select(o.id, o.client_id, o.title, Client.last_name, Client.first_name,
                   Client.file_number)
            .join(Client, Client.id == o.client_id)
            .where(o.id.in_([object_id for _day, object_id, _reason in shown]))
        )
    }  # fmt: skip
    items = tuple(
        TodayItem(
            target=TodayTarget.OBJECTIVE,
            object_id=object_id,
            client_id=rows[object_id].client_id,
            client_name=display_name(rows[object_id].last_name, rows[object_id].first_name),
            file_number=rows[object_id].file_number,
            title=rows[object_id].title,
            day=day,
            reason=reason,
            overdue=day < today,
        )
        for day, object_id, reason in shown
    )
    return TodaySection(TodaySectionKey.OBJECTIVES_TO_EVALUATE, items, len(found))


# ---- notes ----------------------------------------------------------------------------------
def _unsigned_notes(session: Session, today: date, limit: int) -> TodaySection:
    n = CaseNote
    unsigned = (n.signed_at.is_(None), n.note_date <= today)
    total = _count(session, select(func.count()).select_from(n).where(*unsigned))
    rows = session.execute(
        select(
            n.id, n.client_id, n.note_date, n.title, n.is_draft, NoteType.label,
            Client.last_name, Client.first_name, Client.file_number,
        )
        .join(Client, Client.id == n.client_id)
        .outerjoin(NoteType, NoteType.id == n.note_type_id)
        .where(*unsigned)
        .order_by(n.note_date, n.id)
        .limit(limit)
    )  # fmt: skip
    items = tuple(
        TodayItem(
            target=TodayTarget.NOTE,
            object_id=r.id,
            client_id=r.client_id,
            client_name=display_name(r.last_name, r.first_name),
            file_number=r.file_number,
            title=r.title or r.label or "",
            detail=(r.label or "") if r.title else "",
            day=r.note_date,
            reason=TodayReason.DRAFT if r.is_draft else TodayReason.NOT_SIGNED,
            overdue=r.note_date < today,
        )
        for r in rows
    )
    return TodaySection(TodaySectionKey.UNSIGNED_NOTES, items, total)


# ---- tasks ----------------------------------------------------------------------------------
def _tasks(uow: UnitOfWork, today: date, limit: int) -> TodaySection:
    last = today + timedelta(days=TASK_HORIZON_DAYS)
    total = _count(
        uow.session,
        select(func.count())
        .select_from(Task)
        .where(Task.status == TaskStatus.OPEN, Task.due_date <= last),
    )
    items = tuple(
        TodayItem(
            target=TodayTarget.TASK,
            object_id=t.id,
            client_id=t.client_id,
            client_name=t.client_name,
            file_number=t.file_number,
            title=t.title,
            detail=t.demarche_label,
            day=t.due_date,
            overdue=t.due_date is not None and t.due_date < today,
        )
        for t in list_due_tasks(uow, today, horizon_days=TASK_HORIZON_DAYS, limit=limit)
    )
    return TodaySection(TodaySectionKey.TASKS_DUE, items, total)


# ---- billing --------------------------------------------------------------------------------
def _unbilled(session: Session, today: date, limit: int) -> TodaySection:
    b = BillableItem
    # Rounded to the cent per item, as an invoice line would be.
    amount = (b.quantity_milli * b.unit_price_cents + 500) / 1000
    unbilled = (b.invoice_line_id.is_(None), b.item_date <= today)
    total, cents = session.execute(
        select(func.count(), func.coalesce(func.sum(amount), 0)).where(*unbilled)
    ).one()
    rows = session.execute(
        select(
            b.id, b.client_id, b.item_date, b.description, amount.label("amount"), Service.name,
            Client.last_name, Client.first_name, Client.file_number,
        )
        .join(Service, Service.id == b.service_id)
        .outerjoin(Client, Client.id == b.client_id)
        .where(*unbilled)
        .order_by(b.item_date, b.id)
        .limit(limit)
    )  # fmt: skip
    items = tuple(
        TodayItem(
            target=TodayTarget.BILLABLE_ITEM,
            object_id=r.id,
            client_id=r.client_id,
            client_name=display_name(r.last_name, r.first_name) if r.client_id else "",
            file_number=r.file_number or "",
            title=r.name,
            detail=r.description or "",
            day=r.item_date,
            amount_cents=int(r.amount),
        )
        for r in rows
    )
    return TodaySection(TodaySectionKey.UNBILLED_SESSIONS, items, int(total), int(cents))


def _overdue_invoices(session: Session, today: date, limit: int) -> TodaySection:
    i = Invoice
    # All four terms and both totals are in the covering index on (status, due_date, …).
    overdue = (i.status.in_(_UNPAID), i.due_date < today, i.kind == InvoiceKind.INVOICE)
    due = i.total_gross_cents - i.paid_cents
    total, cents = session.execute(
        select(func.count(), func.coalesce(func.sum(due), 0)).where(*overdue)
    ).one()
    rows = session.execute(
        select(
            i.id, i.number, i.due_date, i.status, i.payer_kind, i.payer_client_id,
            due.label("due"), Organization.name,
            Client.last_name, Client.first_name, Client.file_number,
        )
        .outerjoin(Organization, Organization.id == i.payer_organization_id)
        .outerjoin(Client, Client.id == i.payer_client_id)
        .where(*overdue)
        .order_by(i.due_date, i.id)
        .limit(limit)
    )  # fmt: skip
    items = []
    for r in rows:
        person = r.payer_kind == PayerKind.PERSON and r.payer_client_id is not None
        name = display_name(r.last_name, r.first_name) if person else ""
        items.append(
            TodayItem(
                target=TodayTarget.INVOICE,
                object_id=r.id,
                client_id=r.payer_client_id if person else None,
                client_name=name,
                file_number=(r.file_number or "") if person else "",
                title=r.number or "",
                detail="" if person else (r.name or ""),
                day=r.due_date,
                overdue=True,
                amount_cents=int(r.due),
                status=str(r.status),
            )
        )
    return TodaySection(TodaySectionKey.OVERDUE_INVOICES, tuple(items), int(total), int(cents))


def _packages(session: Session, today: date, limit: int) -> TodaySection:
    used = (
        select(
            PackageConsumption.client_package_id,
            func.sum(PackageConsumption.units_milli).label("used"),
        )
        .group_by(PackageConsumption.client_package_id)
        .subquery("used")
    )
    p = ClientPackage
    remaining = p.units_total_milli - func.coalesce(used.c.used, 0)
    expiring = today + timedelta(days=PACKAGE_EXPIRY_DAYS)
    rows = session.execute(
        select(
            p.id, p.client_id, p.valid_until, p.units_total_milli, remaining.label("remaining"),
            Service.name, PackageDefinition.name.label("package_name"),
            Client.last_name, Client.first_name, Client.file_number,
        )
        .join(Service, Service.id == p.service_id)
        .outerjoin(PackageDefinition, PackageDefinition.id == p.definition_id)
        .join(Client, Client.id == p.client_id)
        .outerjoin(used, used.c.client_package_id == p.id)
        .where(
            p.status == PackageStatus.OPEN,
            or_(
                remaining * 100 <= p.units_total_milli * PACKAGE_LOW_SHARE_PERCENT,
                p.valid_until <= expiring,
            ),
        )
    ).all()  # fmt: skip
    found = []
    for r in rows:
        reason = package_reason(
            remaining_milli=int(r.remaining),
            total_milli=r.units_total_milli,
            valid_until=r.valid_until,
            today=today,
        )
        found.append((r.valid_until or date.max, r.id, reason, r))
    found.sort(key=lambda f: (f[0], f[1]))
    items = tuple(
        TodayItem(
            target=TodayTarget.CLIENT_PACKAGE,
            object_id=r.id,
            client_id=r.client_id,
            client_name=display_name(r.last_name, r.first_name),
            file_number=r.file_number,
            title=r.package_name or r.name,
            detail=r.name if r.package_name else "",
            day=r.valid_until,
            reason=reason,
            overdue=reason == TodayReason.EXPIRED,
            remaining_milli=int(r.remaining),
            total_milli=r.units_total_milli,
        )
        for _end, _id, reason, r in found[:limit]
    )
    return TodaySection(TodaySectionKey.PACKAGES_RUNNING_OUT, items, len(found))


# ---- backup ---------------------------------------------------------------------------------
def _backup(session: Session, today: date) -> BackupStatus:
    """The last encrypted backup the vault knows of: a backup made from the app or the
    CLI, or the automatic one before a schema upgrade (both in the audit log)."""
    rows = session.execute(
        select(AuditEvent.at, AuditEvent.action, AuditEvent.details)
        .where(AuditEvent.action.in_((AuditAction.BACKUP, AuditAction.MIGRATE)))
        .order_by(AuditEvent.id.desc())
        .limit(20)
    )
    for at, action, details in rows:
        info = json.loads(details) if details else {}
        if not isinstance(info, dict):
            continue
        name = info.get("file") if action == AuditAction.BACKUP else info.get("backup")
        if action == AuditAction.BACKUP or name:
            return backup_status(at, str(name or "").rsplit("/", 1)[-1], today=today)
    return backup_status(None, "", today=today)


def _backup_item(backup: BackupStatus) -> TodayItem:
    return TodayItem(
        target=TodayTarget.BACKUP,
        object_id=0,
        client_id=None,
        client_name="",
        file_number="",
        title=backup.file_name,
        day=backup.last_backup_at.date() if backup.last_backup_at else None,
        at=backup.last_backup_at,
        reason=backup.reason,
        overdue=backup.overdue,
    )
