"""Use cases of case notes: a client's timeline, the editor, drafts, signing, amending.

The database locks a signed note (triggers of migration 0001): its text changes only as
an amendment — a new ``case_note_revision`` row first, then the note updated to match it —
and it cannot be deleted. These services check the same rules first, so the user gets a
clear message instead of a trigger's abort; the triggers remain the guarantee.

A client's ``last_contact_at`` follows its notes: a note dated after it moves it forward;
deleting or re-dating the note it came from recomputes it from the remaining notes and
the appointments done. Notes dated in the future never count.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from sqlalchemy import Date, Integer, func, literal, select, tuple_, update

from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import AppointmentStatus, AttendanceStatus, AuditAction
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import (
    DEFAULT_NOTE_TYPES,
    EXCERPT_LENGTH,
    NoteDetail,
    NoteInput,
    NoteIsSigned,
    NoteNotFound,
    NoteNotSigned,
    NoteRevisionDTO,
    NoteSummary,
    NoteType,
    SignedNoteCannotBeDeleted,
    amendment_errors,
    clean_body,
    clean_title,
    make_excerpt,
    note_errors,
    note_type_errors,
    signature_errors,
)
from socialdesk.i18n import N_, _
from socialdesk.services.attachments import list_attachments
from socialdesk.services.audit import record_event
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    Attachment,
    CaseNote,
    CaseNoteRevision,
    Client,
)
from socialdesk.storage.orm import NoteType as NoteTypeRow
from socialdesk.storage.uow import UnitOfWork

# Read a little more than the excerpt: collapsing blank lines and indentation shortens it.
_EXCERPT_SOURCE = EXCERPT_LENGTH * 2
_NO_CLIENT = N_("This client does not exist.")


def _now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    return date.today()


def _note_row(uow: UnitOfWork, note_id: int) -> CaseNote:
    row = uow.session.get(CaseNote, note_id)
    if row is None:
        raise NoteNotFound()
    return row


# ---- reading ------------------------------------------------------------------------------
def list_notes(
    uow: UnitOfWork,
    client_id: int,
    *,
    before: tuple[date, int] | None = None,
    limit: int = 50,
    include_private: bool = True,
) -> list[NoteSummary]:
    """A page of the client's timeline, newest first (by date, then id).

    Keyset paging: pass the last row's ``cursor`` (``(note_date, id)``) as ``before`` to
    get the next page; rows inserted meanwhile never shift or repeat a page. Bodies stay
    in the database: only their first characters are read for the excerpt.
    """
    n = CaseNote
    page = select(
        n.id,
        n.client_id,
        n.note_date,
        n.note_type_id,
        n.title,
        func.substr(n.body, 1, _EXCERPT_SOURCE).label("head"),
        n.is_private,
        n.is_draft,
        n.signed_at,
        n.current_revision,
    ).where(n.client_id == client_id)
    if not include_private:
        page = page.where(n.is_private.is_(False))
    if before is not None:
        # A row-value comparison walks the (client_id, note_date) index, ties by id.
        page = page.where(
            tuple_(n.note_date, n.id)
            < tuple_(literal(before[0], Date()), literal(before[1], Integer()))
        )
    page_cte = page.order_by(n.note_date.desc(), n.id.desc()).limit(max(0, limit)).cte("page")
    counts = (
        select(Attachment.note_id, func.count().label("attachments"))
        .where(Attachment.note_id.in_(select(page_cte.c.id)))
        .group_by(Attachment.note_id)
        .subquery("counts")
    )
    stmt = (
        select(
            page_cte,
            NoteTypeRow.code,
            NoteTypeRow.label,
            func.coalesce(counts.c.attachments, 0),
        )
        .outerjoin(NoteTypeRow, NoteTypeRow.id == page_cte.c.note_type_id)
        .outerjoin(counts, counts.c.note_id == page_cte.c.id)
        .order_by(page_cte.c.note_date.desc(), page_cte.c.id.desc())
    )
    return [
        NoteSummary(
            id=r.id,
            client_id=r.client_id,
            note_date=r.note_date,
            note_type_code=r.code,
            note_type_label=r.label,
            title=r.title or "",
            excerpt=make_excerpt(r.head or ""),
            is_private=bool(r.is_private),
            is_draft=bool(r.is_draft),
            signed_at=r.signed_at,
            current_revision=r.current_revision,
            attachment_count=int(r[-1]),
        )
        for r in uow.session.execute(stmt)
    ]


def get_note(uow: UnitOfWork, note_id: int) -> NoteDetail:
    """The whole note with its revisions (oldest first) and attached files."""
    row = _note_row(uow, note_id)
    note_type = uow.session.get(NoteTypeRow, row.note_type_id) if row.note_type_id else None
    revisions = uow.session.execute(
        select(CaseNoteRevision)
        .where(CaseNoteRevision.note_id == note_id)
        .order_by(CaseNoteRevision.revision)
    ).scalars()
    attachments = list_attachments(uow, note_id=note_id)
    return NoteDetail(
        id=row.id,
        client_id=row.client_id,
        note_date=row.note_date,
        note_type_code=note_type.code if note_type else None,
        note_type_label=note_type.label if note_type else None,
        title=row.title or "",
        excerpt=make_excerpt(row.body[:_EXCERPT_SOURCE]),
        is_private=row.is_private,
        is_draft=row.is_draft,
        signed_at=row.signed_at,
        current_revision=row.current_revision,
        attachment_count=len(attachments),
        body=row.body,
        signed_by=row.signed_by,
        revisions=tuple(
            NoteRevisionDTO(
                revision=r.revision,
                title=r.title or "",
                body=r.body,
                reason=r.reason,
                author=r.author,
                created_at=r.created_at,
            )
            for r in revisions
        ),
        attachments=tuple(attachments),
        appointment_id=row.appointment_id,
        updated_at=row.updated_at,
    )


# ---- writing ------------------------------------------------------------------------------
def _note_type_id(uow: UnitOfWork, code: str | None) -> int | None:
    if not code:
        return None
    return uow.session.execute(
        select(NoteTypeRow.id).where(NoteTypeRow.code == code)
    ).scalar_one_or_none()


def _reference_errors(uow: UnitOfWork, data: NoteInput) -> tuple[dict[str, str], int | None]:
    """Errors for a client, note type or appointment that does not exist; the type id."""
    errors: dict[str, str] = {}
    if uow.session.get(Client, data.client_id) is None:
        errors["client_id"] = _NO_CLIENT
    type_id = _note_type_id(uow, data.note_type_code)
    if data.note_type_code and type_id is None:
        errors["note_type_code"] = N_("Choose a note type from the list.")
    if (
        data.appointment_id is not None
        and uow.session.get(Appointment, data.appointment_id) is None
    ):
        errors["appointment_id"] = N_("This appointment does not exist.")
    return errors, type_id


def _validated(uow: UnitOfWork, data: NoteInput, *, draft: bool) -> int | None:
    """Raise ValidationError listing every bad field; return the note type id."""
    errors = note_errors(data, draft=draft, today=_today())
    reference_errors, type_id = _reference_errors(uow, data)
    errors = {**reference_errors, **errors}
    if errors:
        raise ValidationError(errors)
    return type_id


def _apply(row: CaseNote, data: NoteInput, type_id: int | None) -> None:
    row.client_id = data.client_id
    row.appointment_id = data.appointment_id
    row.note_date = data.note_date
    row.note_type_id = type_id
    row.title = clean_title(data.title or "") or None
    row.body = clean_body(data.body or "")
    row.is_private = bool(data.is_private)


def create_note(
    uow: UnitOfWork, data: NoteInput, *, draft: bool = False
) -> tuple[NoteDetail, Changes]:
    """A new note (a draft when ``draft``: it may then be empty). Nothing is saved on a
    ValidationError."""
    type_id = _validated(uow, data, draft=draft)
    row = CaseNote(is_draft=draft, current_revision=0)
    _apply(row, data, type_id)
    uow.session.add(row)
    uow.session.flush()
    touched = _after_note_change(uow, row, old=None)
    return get_note(uow, row.id), Changes(notes=True, clients=touched)


def update_note(
    uow: UnitOfWork, note_id: int, data: NoteInput, *, draft: bool = False
) -> tuple[NoteDetail, Changes]:
    """Save an unsigned note (a draft becomes a saved note unless ``draft``). A signed
    note raises NoteIsSigned: amend it instead."""
    row = _note_row(uow, note_id)
    if row.signed_at is not None:
        raise NoteIsSigned()
    type_id = _validated(uow, data, draft=draft)
    old = (row.client_id, row.note_date)
    _apply(row, data, type_id)
    row.is_draft = draft
    uow.session.flush()
    touched = _after_note_change(uow, row, old=old)
    return get_note(uow, row.id), Changes(notes=True, clients=touched)


def autosave_draft(
    uow: UnitOfWork, *, note_id: int | None = None, data: NoteInput
) -> tuple[NoteDetail, Changes]:
    """Save what is being typed, so a crash or a lock loses nothing.

    Creates a draft when ``note_id`` is None, or when that note no longer exists or
    belongs to another client (the text is then kept in a new draft: use the returned
    id). An autosave never moves a note to another client (update_note does). An
    unsigned note being edited becomes a draft again until it is saved with
    update_note. A signed note raises NoteIsSigned.

    Lenient on purpose: a date, type or appointment that is not valid (yet) keeps the
    note's previous value (today / none for a new draft) instead of refusing the text.
    Only a client that does not exist, or a title or body over the limits, is refused.
    """
    row = uow.session.get(CaseNote, note_id) if note_id is not None else None
    if row is not None and row.client_id != data.client_id:
        # Not the note being typed: SQLite gives a deleted note's id to the next new row,
        # so a stale id may point at another client's note. Never write over it.
        row = None
    if row is not None and row.signed_at is not None:
        raise NoteIsSigned()

    errors = note_errors(data, draft=True, today=_today())
    hard = {k: v for k, v in errors.items() if k in ("title", "body")}
    if row is None and uow.session.get(Client, data.client_id) is None:
        hard["client_id"] = _NO_CLIENT
    if hard:
        raise ValidationError(hard)
    reference_errors, type_id = _reference_errors(uow, data)
    fixed = data
    if "note_date" in errors:
        fixed = replace(fixed, note_date=row.note_date if row else _today())
    if "note_type_code" in reference_errors:
        type_id = row.note_type_id if row else None
    if "appointment_id" in reference_errors:
        fixed = replace(fixed, appointment_id=row.appointment_id if row else None)

    if row is None:
        row = CaseNote(is_draft=True, current_revision=0)
        _apply(row, fixed, type_id)
        uow.session.add(row)
        uow.session.flush()
        touched = _after_note_change(uow, row, old=None)
        return get_note(uow, row.id), Changes(notes=True, clients=touched)

    old = (row.client_id, row.note_date)
    _apply(row, fixed, type_id)
    if not uow.session.is_modified(row):
        return get_note(uow, row.id), Changes()  # nothing typed since the last save
    row.is_draft = True
    uow.session.flush()
    touched = _after_note_change(uow, row, old=old)
    return get_note(uow, row.id), Changes(notes=True, clients=touched)


def sign_note(uow: UnitOfWork, note_id: int, *, signed_by: str) -> tuple[NoteDetail, Changes]:
    """Sign the note as it stands: revision 1 keeps the signed text; from now on the note
    only changes by amend_note and cannot be deleted. An empty note is refused."""
    row = _note_row(uow, note_id)
    if row.signed_at is not None:
        raise NoteIsSigned()
    signer = " ".join(signed_by.split())
    errors = signature_errors(body=row.body, signed_by=signer)
    if errors:
        raise ValidationError(errors)
    # Revision first: the CHECK on case_note wants a revision number once signed, and an
    # amendment's trigger looks for the row the note points to.
    uow.session.add(
        CaseNoteRevision(
            note_id=row.id, revision=1, title=row.title, body=row.body, reason=None, author=signer
        )
    )
    uow.session.flush()
    row.signed_at = _now()
    row.signed_by = signer
    row.current_revision = 1
    row.is_draft = False
    uow.session.flush()
    record_event(uow, AuditAction.NOTE_SIGN, object_type="case_note", object_id=row.id)
    return get_note(uow, row.id), Changes(notes=True)


def amend_note(
    uow: UnitOfWork, note_id: int, *, title: str, body: str, reason: str, author: str
) -> tuple[NoteDetail, Changes]:
    """Correct a signed note: a new revision (N+1) with the new text and the reason; every
    earlier revision stays readable. An unsigned note raises NoteNotSigned."""
    row = _note_row(uow, note_id)
    if row.signed_at is None:
        raise NoteNotSigned()
    new_title = clean_title(title or "")
    new_body = clean_body(body or "")
    why = (reason or "").strip()
    signer = " ".join((author or "").split())
    errors = amendment_errors(
        title=new_title,
        body=new_body,
        reason=why,
        author=signer,
        current_title=row.title or "",
        current_body=row.body,
    )
    if errors:
        raise ValidationError(errors)

    last = uow.session.execute(
        select(func.max(CaseNoteRevision.revision)).where(CaseNoteRevision.note_id == row.id)
    ).scalar_one()
    number = max(last or 0, row.current_revision) + 1
    # The trigger accepts the note's new text only if this revision row already exists:
    # flush it before touching the note (the ORM would write the parent's UPDATE first).
    uow.session.add(
        CaseNoteRevision(
            note_id=row.id,
            revision=number,
            title=new_title or None,
            body=new_body,
            reason=why,
            author=signer,
        )
    )
    uow.session.flush()
    row.title = new_title or None
    row.body = new_body
    row.current_revision = number
    uow.session.flush()
    record_event(
        uow,
        AuditAction.NOTE_AMEND,
        object_type="case_note",
        object_id=row.id,
        details={"revision": number},
    )
    return get_note(uow, row.id), Changes(notes=True)


def delete_note(uow: UnitOfWork, note_id: int) -> tuple[None, Changes]:
    """Delete a draft or an unsigned note, with its attached files. A signed note raises
    SignedNoteCannotBeDeleted (the database refuses it too)."""
    row = _note_row(uow, note_id)
    if row.signed_at is not None:
        raise SignedNoteCannotBeDeleted()
    old = (row.client_id, row.note_date)
    uow.session.delete(row)
    uow.session.flush()
    touched = _recompute_if_source(uow, *old)
    return None, Changes(notes=True, clients=touched)


# ---- the client's last contact -----------------------------------------------------------
def _contact_instant(note_date: date, now: datetime) -> datetime | None:
    """When a note dated ``note_date`` says the client was last met: noon UTC of that day
    (the same calendar day in France, Belgium and Romania), never in the future."""
    if note_date > now.date():
        return None
    return min(datetime.combine(note_date, time(12), tzinfo=UTC), now)


def _after_note_change(uow: UnitOfWork, row: CaseNote, *, old: tuple[int, date] | None) -> bool:
    """Keep last_contact_at right after a note was created or changed; True if touched."""
    touched = False
    if old is not None and old != (row.client_id, row.note_date):
        if old[0] != row.client_id:
            _move_note_attachments(uow, row.id, row.client_id)
        touched = _recompute_if_source(uow, *old)
    client = uow.session.get(Client, row.client_id)
    instant = _contact_instant(row.note_date, _now())
    if (
        client is not None
        and instant is not None
        and (client.last_contact_at is None or instant > client.last_contact_at)
    ):
        client.last_contact_at = instant
        uow.session.flush()
        touched = True
    return touched


def _move_note_attachments(uow: UnitOfWork, note_id: int, client_id: int) -> None:
    uow.session.execute(
        update(Attachment).where(Attachment.note_id == note_id).values(client_id=client_id),
        execution_options={"synchronize_session": "fetch"},
    )


def _recompute_if_source(uow: UnitOfWork, client_id: int, old_date: date) -> bool:
    """A note dated ``old_date`` was removed from the client (deleted, moved, re-dated):
    if the client's last contact may have come from it, recompute it from what is left —
    the notes up to today and the appointments done that the client attended."""
    client = uow.session.get(Client, client_id)
    if client is None or client.last_contact_at is None:
        return False
    if old_date < client.last_contact_at.astimezone(UTC).date():
        return False  # an older note: the last contact came from something later
    now = _now()
    candidates: list[datetime] = []
    last_note = uow.session.execute(
        select(func.max(CaseNote.note_date)).where(
            CaseNote.client_id == client_id, CaseNote.note_date <= now.date()
        )
    ).scalar_one()
    if last_note is not None:
        instant = _contact_instant(last_note, now)
        if instant is not None:
            candidates.append(instant)
    last_appointment = uow.session.execute(
        select(func.max(Appointment.starts_at))
        .join(AppointmentParticipant, AppointmentParticipant.appointment_id == Appointment.id)
        .where(
            AppointmentParticipant.client_id == client_id,
            Appointment.status == AppointmentStatus.DONE,
            AppointmentParticipant.attendance.not_in(
                (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
            ),
            Appointment.starts_at <= now,
        )
    ).scalar_one()
    if last_appointment is not None:
        candidates.append(last_appointment.astimezone(UTC))
    latest = max(candidates, default=None)
    if latest == client.last_contact_at:
        return False
    client.last_contact_at = latest
    uow.session.flush()
    return True


# ---- note types ---------------------------------------------------------------------------
def _type_dto(row: NoteTypeRow) -> NoteType:
    return NoteType(
        id=row.id,
        code=row.code,
        label=row.label,
        template=row.template or "",
        active=row.active,
        sort_order=row.sort_order,
    )


def list_note_types(uow: UnitOfWork, *, include_inactive: bool = False) -> list[NoteType]:
    stmt = select(NoteTypeRow).order_by(NoteTypeRow.sort_order, NoteTypeRow.label)
    if not include_inactive:
        stmt = stmt.where(NoteTypeRow.active.is_(True))
    return [_type_dto(row) for row in uow.session.execute(stmt).scalars()]


def save_note_type(
    uow: UnitOfWork, code: str, label: str, template: str = "", active: bool = True
) -> tuple[NoteType, Changes]:
    """Create the type ``code`` or change its label, template and active flag (codes are
    unique and never change: notes and the search filter refer to them)."""
    code = (code or "").strip().lower()
    label = " ".join((label or "").split())
    errors = note_type_errors(code, label)
    if errors:
        raise ValidationError(errors)
    row = uow.session.execute(
        select(NoteTypeRow).where(NoteTypeRow.code == code)
    ).scalar_one_or_none()
    if row is None:
        last = uow.session.execute(select(func.max(NoteTypeRow.sort_order))).scalar_one()
        row = NoteTypeRow(code=code, sort_order=0 if last is None else last + 1)
        uow.session.add(row)
    row.label = label
    row.template = clean_body(template or "") or None
    row.active = bool(active)
    uow.session.flush()
    return _type_dto(row), Changes(settings=True, notes=True)


def ensure_default_note_types(uow: UnitOfWork) -> tuple[list[NoteType], Changes]:
    """On a vault without note types, add the usual ones (interview, phone call, home
    visit…) labelled in the current language. Does nothing once any type exists."""
    if uow.session.execute(select(func.count()).select_from(NoteTypeRow)).scalar_one():
        return list_note_types(uow), Changes()
    for position, (code, label, template) in enumerate(DEFAULT_NOTE_TYPES):
        uow.session.add(
            NoteTypeRow(
                code=code, label=_(label), template=_(template), active=True, sort_order=position
            )
        )
    uow.session.flush()
    return list_note_types(uow), Changes(settings=True, notes=True)
