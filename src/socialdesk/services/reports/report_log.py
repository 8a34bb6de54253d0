"""The log of client reports that left the vault (printed or saved).

``report_log`` keeps the date, the client, the audience, the period and the sections of
each report, never its content; the audit log gets an EXPORT or PRINT event with the same
facts (no case text). A preview is never logged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select

from socialdesk.domain.enums import AuditAction, ReportKind
from socialdesk.domain.reports import ClientReportRequest, ReportRecord
from socialdesk.services.audit import record_event
from socialdesk.services.client_file import load_client
from socialdesk.storage.orm import ReportLog
from socialdesk.storage.uow import UnitOfWork

__all__ = ["client_report_log", "log_client_report"]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _record(row: ReportLog) -> ReportRecord:
    return ReportRecord(
        id=row.id,
        kind=row.kind,
        audience=row.audience,
        client_id=row.client_id,
        period_start=row.period_start,
        period_end=row.period_end,
        sections=tuple(json.loads(row.sections)) if row.sections else (),
        created_at=_aware(row.created_at),
    )


def log_client_report(
    uow: UnitOfWork,
    request: ClientReportRequest,
    *,
    action: AuditAction = AuditAction.PRINT,
    formats: Sequence[str] = ("pdf",),
) -> ReportRecord:
    """Log a report that left the vault (printed: PRINT; saved: pass EXPORT): a
    ``report_log`` row and an audit event, neither holding any case text."""
    request.validate()
    load_client(uow, request.client_id)
    sections = [str(s) for s in request.ordered_sections()]
    row = ReportLog(
        client_id=request.client_id,
        kind=ReportKind.CLIENT_SUMMARY,
        audience=request.audience,
        period_start=request.period_start,
        period_end=request.period_end,
        sections=json.dumps(sections),
    )
    uow.session.add(row)
    uow.session.flush()
    record_event(
        uow,
        action,
        object_type="client",
        object_id=request.client_id,
        details={
            "document": "client_report",
            "report_id": row.id,
            "audience": str(request.audience),
            "period": [request.period_start.isoformat(), request.period_end.isoformat()],
            "sections": sections,
            "notes": len(request.note_ids) if request.note_ids is not None else "period",
            "language": request.language,
            "formats": list(formats),
        },
    )
    return _record(row)


def client_report_log(uow: UnitOfWork, client_id: int) -> list[ReportRecord]:
    """The reports produced about a client, newest first (for the client file)."""
    rows = uow.session.scalars(
        select(ReportLog)
        .where(ReportLog.client_id == client_id)
        .order_by(ReportLog.created_at.desc(), ReportLog.id.desc())
    ).all()
    return [_record(row) for row in rows]
