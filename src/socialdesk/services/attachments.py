"""Use cases of attached files: kept encrypted inside the vault, never beside it in clear.

A file's bytes live in ``attachment_blob``, apart from its metadata, so lists never read
them. Opening a file writes a copy, readable by the user only, into a fresh folder of the
private temp dir, which the app empties at lock and exit; "save as" writes where the user
chose. Both are recorded in the audit log by id only: file names can name a person, and
the log must hold nothing that an erasure has to remove.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path

from sqlalchemy import delete, select

from socialdesk.config.paths import private_temp_dir
from socialdesk.domain.changes import Changes
from socialdesk.domain.enums import AuditAction
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.notes import (
    DEFAULT_MIME,
    MAX_ATTACHMENT_BYTES,
    AttachmentDamaged,
    AttachmentInfo,
    AttachmentNotFound,
    AttachmentOfSignedNote,
    AttachmentTooLarge,
    clean_mime,
    sanitize_filename,
)
from socialdesk.i18n import N_
from socialdesk.services.audit import record_event
from socialdesk.storage.orm import Attachment, AttachmentBlob, CaseNote, Client
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "add_attachment",
    "delete_attachment",
    "list_attachments",
    "open_attachment_copy",
    "read_attachment",
    "save_attachment_copy",
]

_FALLBACK_NAME = "attachment"


def _info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id,
        client_id=row.client_id,
        note_id=row.note_id,
        filename=row.filename,
        mime=row.mime or DEFAULT_MIME,
        size_bytes=row.size_bytes,
        created_at=row.created_at,
    )


def _row(uow: UnitOfWork, attachment_id: int) -> Attachment:
    row = uow.session.get(Attachment, attachment_id)
    if row is None:
        raise AttachmentNotFound()
    return row


def add_attachment(
    uow: UnitOfWork,
    *,
    client_id: int | None = None,
    note_id: int | None = None,
    filename: str,
    data: bytes,
    mime: str | None = None,
) -> tuple[AttachmentInfo, Changes]:
    """Keep ``data`` encrypted in the vault, attached to a client or to one of its notes
    (the note's client is then recorded too). Files over 50 MB raise AttachmentTooLarge;
    an empty file, a name with nothing usable, or a missing client/note raise
    ValidationError. The file name is reduced to a safe one; the type is guessed from the
    name when not given."""
    size = len(data)
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentTooLarge(size)
    errors: dict[str, str] = {}
    if size == 0:
        errors["data"] = N_("This file is empty: there is nothing to attach.")
    name = sanitize_filename(filename or "")
    if not name:
        errors["filename"] = N_("The file needs a name.")

    owner_id = client_id
    if note_id is not None:
        note = uow.session.get(CaseNote, note_id)
        if note is None:
            errors["note_id"] = N_("This case note does not exist (it may have been deleted).")
        elif client_id is not None and client_id != note.client_id:
            errors["note_id"] = N_("This note belongs to another client.")
        else:
            owner_id = note.client_id
    elif client_id is None:
        errors["client_id"] = N_("Choose the client or the note the file belongs to.")
    if client_id is not None and uow.session.get(Client, client_id) is None:
        errors["client_id"] = N_("This client does not exist.")
    if errors:
        raise ValidationError(errors)

    payload = bytes(data)
    row = Attachment(
        client_id=owner_id,
        note_id=note_id,
        filename=name,
        mime=clean_mime(mime) or mimetypes.guess_type(name, strict=False)[0] or DEFAULT_MIME,
        size_bytes=size,
        sha256=hashlib.sha256(payload).hexdigest(),
    )
    uow.session.add(row)
    uow.session.flush()
    blob = AttachmentBlob(attachment_id=row.id, data=payload)
    uow.session.add(blob)
    uow.session.flush()
    # Do not keep up to 50 MB alive in the session until it closes.
    uow.session.expunge(blob)
    return _info(row), Changes(clients=True, notes=note_id is not None)


def list_attachments(
    uow: UnitOfWork, *, client_id: int | None = None, note_id: int | None = None
) -> list[AttachmentInfo]:
    """Newest first. ``client_id`` lists every file of the client (its notes' files
    included: ``note_id`` tells them apart); ``note_id`` only that note's. Never reads
    the files' bytes."""
    if client_id is None and note_id is None:
        raise ValueError("list_attachments needs client_id or note_id")
    stmt = select(Attachment).order_by(Attachment.created_at.desc(), Attachment.id.desc())
    if client_id is not None:
        stmt = stmt.where(Attachment.client_id == client_id)
    if note_id is not None:
        stmt = stmt.where(Attachment.note_id == note_id)
    return [_info(row) for row in uow.session.execute(stmt).scalars()]


def read_attachment(uow: UnitOfWork, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    """The file's metadata and bytes, checked against the checksum taken when added."""
    row = _row(uow, attachment_id)
    data = uow.session.execute(
        select(AttachmentBlob.data).where(AttachmentBlob.attachment_id == attachment_id)
    ).scalar_one_or_none()
    if data is None or hashlib.sha256(data).hexdigest() != row.sha256:
        raise AttachmentDamaged()
    return _info(row), bytes(data)


def delete_attachment(uow: UnitOfWork, attachment_id: int) -> tuple[None, Changes]:
    """Remove the file from the vault (its bytes are overwritten: secure_delete). A file
    of a signed note raises AttachmentOfSignedNote: it is part of the signed record."""
    row = _row(uow, attachment_id)
    if row.note_id is not None:
        signed_at = uow.session.execute(
            select(CaseNote.signed_at).where(CaseNote.id == row.note_id)
        ).scalar_one_or_none()
        if signed_at is not None:
            raise AttachmentOfSignedNote()
    note_id = row.note_id
    uow.session.expunge(row)
    # The blob goes with it (ON DELETE CASCADE); a Core delete never loads the bytes.
    uow.session.execute(delete(Attachment).where(Attachment.id == attachment_id))
    return None, Changes(clients=True, notes=note_id is not None)


def open_attachment_copy(uow: UnitOfWork, attachment_id: int) -> Path:
    """Write a copy for the system's viewer: the original name, mode 0600, in a new
    folder of the private temp dir (emptied at lock and exit). Returns its path."""
    info, data = read_attachment(uow, attachment_id)
    record_event(uow, AuditAction.ATTACHMENT_OPEN, object_type="attachment", object_id=info.id)
    folder = Path(tempfile.mkdtemp(prefix="open-", dir=private_temp_dir()))  # 0700
    path = folder / (sanitize_filename(info.filename) or _FALLBACK_NAME)
    try:
        _write_new_private_file(path, data)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
            folder.rmdir()
        raise
    return path


def save_attachment_copy(uow: UnitOfWork, attachment_id: int, *, target: Path) -> Path:
    """ "Save as": write the file in clear at ``target`` (atomically, mode 0600). This is
    an export out of the vault, so the audit log records it (by id)."""
    _info_, data = read_attachment(uow, attachment_id)
    record_event(
        uow,
        AuditAction.EXPORT,
        object_type="attachment",
        object_id=attachment_id,
        details={"format": "attachment"},
    )
    target = Path(target)
    write_private_atomic(target, data)
    return target


def _write_new_private_file(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as handle:
        if os.name == "posix":
            os.fchmod(handle.fileno(), 0o600)
        handle.write(data)
