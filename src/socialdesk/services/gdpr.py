"""GDPR rights of a person accompanied: access (export everything) and erasure.

Right of access — :func:`export_client_data` writes, in the chosen folder:

- ``gdpr-export-<file number>.json``: the complete document (layout and version in
  :mod:`socialdesk.services.gdpr_data`, JSON Schema in
  ``resources/schemas/gdpr-export-1.schema.json``), private notes included;
- ``gdpr-export-<file number>.pdf``: the same, readable (:mod:`~.gdpr_pdf`);
- ``attachments/<id>-<name>``: a copy of every attached document.

Every file is written privately (0600) and atomically (temporary file, fsync, rename);
the folder is created 0700. The audit log records the export with the client id and
the formats only.

Right to erasure — :func:`erase_client`:

- a client never billed (no invoice as payer, no billable item, no package) is deleted
  with everything linked to it, by the database's ``ON DELETE CASCADE`` (signed notes
  included: see the triggers of migration 0001); appointments where the person was the
  only participant go too (their title or place may name them);
- a billed client is pseudonymized: the invoices and the billable items and packages
  they rely on must be kept (accounting law), and they reference the client row. Its
  identity and contact data are replaced by the file number, every other personal
  record is deleted (notes and their revisions, attachments, household, contacts,
  consents, social issues, status history, the plan's objectives with their actions,
  evaluations and history of changes, démarches with their checklists, tasks,
  referrals, appointment participations); issued invoices are not touched (they are
  immutable and hold a frozen copy of the payer's name and address, which the law
  requires keeping).

The full-text index follows by its triggers, with FTS5 ``secure-delete`` on, so no word
of the person stays in it. The audit entry (ERASE or PSEUDONYMIZE) holds counts only.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, exists, func, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, aliased

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import ClientNotFound
from socialdesk.domain.enums import AuditAction, ClientStatus
from socialdesk.domain.gdpr import ErasureReport, GdprExport
from socialdesk.services.audit import record_event
from socialdesk.services.gdpr_data import (
    client_attachments,
    collect_client_data,
    safe_file_name,
)
from socialdesk.services.gdpr_pdf import render_access_pdf
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    AttachmentBlob,
    BillableItem,
    CaseNote,
    Client,
    ClientContact,
    ClientPackage,
    ClientSocialIssue,
    ClientStatusChange,
    Consent,
    Demarche,
    HouseholdMember,
    Invoice,
    Objective,
    PractitionerProfile,
    Referral,
    Task,
)
from socialdesk.storage.orm.notes import Attachment
from socialdesk.storage.orm.profile import PROFILE_ID
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

EXPORT_FORMATS = ("json", "pdf")
ERASURE_CHANGES = Changes(clients=True, notes=True, agenda=True, plans=True, partners=True)

# Client columns cleared by pseudonymization (the file number replaces the last name).
_IDENTITY_COLUMNS = (
    "civility",
    "first_name",
    "birth_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "country",
    "referral_source",
    "referred_by_organization_id",
    "situation_housing",
    "situation_resources",
    "situation_health",
    "situation_employment",
    "situation_family",
    "situation_administrative",
    "closing_reason",
    "last_contact_at",
)


# --- right of access ----------------------------------------------------------------------
def export_client_data(uow: UnitOfWork, client_id: int, out_dir: Path) -> GdprExport:
    """Write everything about client ``client_id`` into ``out_dir`` (JSON, PDF, files).

    Raises ClientNotFound. Nothing is left behind when writing fails half-way.
    """
    session = uow.session
    document = collect_client_data(uow, client_id)
    profile = session.get(PractitionerProfile, PROFILE_ID)
    language = str(profile.document_language) if profile is not None else "fr"
    timezone = profile.timezone if profile is not None else "Europe/Paris"
    pdf = render_access_pdf(document, language=language, timezone=timezone)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    out_dir = _private_folder(Path(out_dir))
    stem = "gdpr-export-" + safe_file_name(document["person"]["file_number"], fallback="client")
    json_path, pdf_path = out_dir / f"{stem}.json", out_dir / f"{stem}.pdf"
    # Recorded first: an export that cannot be audited is not written. If writing fails,
    # the caller's rollback removes the entry.
    record_event(
        uow,
        AuditAction.EXPORT,
        object_type="client",
        object_id=client_id,
        details={"formats": list(EXPORT_FORMATS)},
    )
    written: list[Path] = []
    try:
        attachment_paths = []
        for item in document["attachments"]:
            data = session.execute(
                select(AttachmentBlob.data).where(AttachmentBlob.attachment_id == item["id"])
            ).scalar_one()
            target = out_dir / item["file"]
            _private_folder(target.parent)
            write_private_atomic(target, data)
            written.append(target)
            attachment_paths.append(target)
        for path, data in ((json_path, text.encode("utf-8")), (pdf_path, pdf)):
            write_private_atomic(path, data)
            written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return GdprExport(
        json_path=json_path, pdf_path=pdf_path, attachment_paths=tuple(attachment_paths)
    )


def _private_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


# --- right to erasure -----------------------------------------------------------------------
def erase_client(
    uow: UnitOfWork, client_id: int, *, keep_file: bool = False
) -> tuple[ErasureReport, Changes]:
    """Erase client ``client_id``: delete the file, or pseudonymize it when billing
    records must be kept. ``keep_file`` pseudonymizes even a file never billed (the
    retention view's choice: the file stays under its number for the statistics).
    Raises ClientNotFound. All in the caller's transaction."""
    session = uow.session
    session.flush()
    client = session.get(Client, client_id)
    if client is None:
        raise ClientNotFound(client_id)
    file_number = client.file_number
    kept_invoices = _count(session, Invoice, Invoice.payer_client_id == client_id)
    kept_items = _count(session, BillableItem, BillableItem.client_id == client_id)
    kept_packages = _count(session, ClientPackage, ClientPackage.client_id == client_id)
    pseudonymize = keep_file or bool(kept_invoices or kept_items or kept_packages)

    deleted = _count_personal_records(session, client_id)
    deleted["appointment"] = _delete_solo_appointments(session, client_id)
    if pseudonymize:
        _pseudonymize(session, client, deleted)
    else:
        _run(session, delete(Client).where(Client.id == client_id))
        session.expunge(client)
        deleted["client"] = 1
    deleted = {table: n for table, n in deleted.items() if n}
    record_event(
        uow,
        AuditAction.PSEUDONYMIZE if pseudonymize else AuditAction.ERASE,
        object_type="client",
        object_id=client_id,
        details={"deleted": deleted},
    )
    report = ErasureReport(
        client_id=client_id,
        file_number=file_number,
        pseudonymized=pseudonymize,
        deleted=deleted,
        kept_invoices=kept_invoices,
        kept_billable_items=kept_items,
        kept_packages=kept_packages,
    )
    return report, ERASURE_CHANGES


def _run(session: Session, statement: Any) -> int:
    result = cast(CursorResult[Any], session.execute(statement))
    return int(result.rowcount or 0)


def _count(session: Session, table: Any, condition: Any) -> int:
    query = select(func.count()).select_from(table).where(condition)
    return int(session.execute(query).scalar_one())


def _count_personal_records(session: Session, client_id: int) -> dict[str, int]:
    """Rows about the person that erasure removes (for the report; counts only)."""
    note_ids = list(session.scalars(select(CaseNote.id).where(CaseNote.client_id == client_id)))
    demarche_ids = list(session.scalars(select(Demarche.id).where(Demarche.client_id == client_id)))
    tasks = Task.client_id == client_id
    if demarche_ids:
        tasks = tasks | Task.demarche_id.in_(demarche_ids)
    counts = {
        "case_note": len(note_ids),
        "attachment": len(client_attachments(session, client_id, note_ids, demarche_ids)),
        "demarche": len(demarche_ids),
        "task": _count(session, Task, tasks),
    }
    for model in (
        HouseholdMember,
        ClientContact,
        Consent,
        ClientSocialIssue,
        ClientStatusChange,
        Objective,
        Referral,
        AppointmentParticipant,
    ):
        table = cast(Table, model.__table__)
        counts[table.name] = _count(session, table, table.c.client_id == client_id)
    return counts


def _delete_solo_appointments(session: Session, client_id: int) -> int:
    """Delete the appointments whose only participant is the client."""
    mine = aliased(AppointmentParticipant)
    other = aliased(AppointmentParticipant)
    solo = (
        select(mine.appointment_id)
        .where(mine.client_id == client_id)
        .where(
            ~exists().where(
                other.appointment_id == mine.appointment_id, other.client_id != client_id
            )
        )
    )
    return _run(session, delete(Appointment).where(Appointment.id.in_(solo)))


def _pseudonymize(session: Session, client: Client, deleted: dict[str, int]) -> None:
    client_id = client.id
    today = date.today()
    # First, and flushed: the signed-note trigger lets a pseudonymized file's notes go.
    # (Erasing an erased file again keeps its date: pseudonymization is final.)
    if client.pseudonymized_at is None:
        client.pseudonymized_at = datetime.now(UTC)
    client.last_name = client.file_number
    for column in _IDENTITY_COLUMNS:
        setattr(client, column, None)
    if client.status != ClientStatus.CLOSED:
        client.status = ClientStatus.CLOSED
        client.closed_date = max(today, client.intake_date or today)
    client.retention_until = None
    session.flush()

    _run(session, delete(CaseNote).where(CaseNote.client_id == client_id))  # + revisions
    demarche_ids = select(Demarche.id).where(Demarche.client_id == client_id)
    _run(
        session,
        delete(Attachment).where(
            (Attachment.client_id == client_id) | Attachment.demarche_id.in_(demarche_ids)
        ),
    )
    for model in (
        Demarche,  # + its documents and tasks
        HouseholdMember,
        ClientContact,
        Consent,
        ClientSocialIssue,
        ClientStatusChange,
        Objective,  # + actions, evaluations and history (objective_event)
        Task,
        Referral,
        AppointmentParticipant,
    ):
        table = cast(Table, model.__table__)
        _run(session, delete(table).where(table.c.client_id == client_id))
    # The ORM's view of the client's collections is stale after the bulk deletes.
    session.expire(client)
