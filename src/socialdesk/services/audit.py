"""The audit log of sensitive actions, hash-chained so a removed or edited event shows.

Each event's hash covers the previous hash and the event's own fields in a canonical JSON
form. Details hold ids, counts, file names and formats — never case-note contents or
other case text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from socialdesk.domain.enums import AuditAction
from socialdesk.services.tamper import note_pending_heads
from socialdesk.storage.orm import AuditEvent
from socialdesk.storage.uow import UnitOfWork

_INVOICE_ACTIONS = frozenset({AuditAction.INVOICE_ISSUE, AuditAction.CREDIT_NOTE_ISSUE})


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    action: str
    object_type: str | None
    object_id: int | None
    details: dict[str, Any]


def _event_hash(
    prev_hash: str | None,
    at: datetime,
    action: str,
    object_type: str | None,
    object_id: int | None,
    details: str | None,
) -> str:
    canonical = json.dumps(
        [prev_hash or "", at.astimezone(UTC).isoformat(), action, object_type, object_id, details],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_event(
    uow: UnitOfWork,
    action: AuditAction,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    session = uow.session
    prev_hash = session.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    when = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    details_json = json.dumps(details, sort_keys=True, ensure_ascii=False) if details else None
    event = AuditEvent(
        at=when,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details_json,
        prev_hash=prev_hash,
        hash=_event_hash(prev_hash, when, str(action), object_type, object_id, details_json),
    )
    session.add(event)
    session.flush()
    # The chain heads go to the tamper-evidence file once this transaction commits.
    note_pending_heads(
        session,
        audit=(event.id, event.hash),
        issued_invoice=object_id if action in _INVOICE_ACTIONS else None,
    )


def verify_chain(uow: UnitOfWork) -> int | None:
    """Id of the first event whose hash does not follow from its predecessor, else None."""
    previous: str | None = None
    rows = uow.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
    for event in rows:
        expected = _event_hash(
            previous, event.at, str(event.action), event.object_type, event.object_id, event.details
        )
        if event.prev_hash != previous or event.hash != expected:
            return event.id
        previous = event.hash
    return None


def recent_events(uow: UnitOfWork, limit: int = 100) -> list[AuditEntry]:
    rows = uow.session.execute(
        select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    ).scalars()
    return [
        AuditEntry(
            id=e.id,
            at=e.at,
            action=str(e.action),
            object_type=e.object_type,
            object_id=e.object_id,
            details=json.loads(e.details) if e.details else {},
        )
        for e in rows
    ]
