"""Merge two client files of the same person: every linked record moves to the kept file,
then the merged file is deleted, in one transaction, with an audit entry.

The records to move are found from the schema itself (every foreign key to ``client.id``
in ``Base.metadata``), so a table added later moves too. Two cases need care:

- a unique constraint that includes the client column (one participant per appointment,
  one row per social issue): when both files have the row, the kept file's row stays
  and the merged file's row is dropped;
- a signed case note cannot change client (database trigger): it is copied to the kept
  file with its signature, dates and every revision, its attachments and other
  references are pointed at the copy, and the original goes with the merged file. The
  audit entry records the old and new note ids.

Issued invoices are frozen, so a merged file named as payer on one cannot be moved:
the merge is refused and the user is told to keep that file instead.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    Column,
    Table,
    UniqueConstraint,
    and_,
    delete,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Delete, Insert, Update

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import SITUATION_FIELDS, ClientFile, MergeRefused
from socialdesk.domain.enums import AuditAction, PayerKind
from socialdesk.i18n import N_
from socialdesk.services.audit import record_event
from socialdesk.services.client_file import load_client, read_client_file
from socialdesk.storage.orm import Base, CaseNote, CaseNoteRevision, Client, Invoice
from socialdesk.storage.uow import UnitOfWork

MERGE_AUDIT_ACTION = AuditAction.CLIENT_MERGE

MERGE_CHANGES = Changes(
    clients=True, notes=True, agenda=True, billing=True, plans=True, partners=True
)
_IDENTITY_FIELDS = (
    "civility",
    "first_name",
    "birth_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "referral_source",
    "referred_by_organization_id",
)
_ADDRESS_FIELDS = ("address_line1", "address_line2", "postal_code", "city", "country")


CLIENT = cast(Table, Client.__table__)
NOTE = cast(Table, CaseNote.__table__)
REVISION = cast(Table, CaseNoteRevision.__table__)


def _run(session: Session, statement: Insert | Update | Delete) -> CursorResult[Any]:
    return cast(CursorResult[Any], session.execute(statement))


def references_to(table: Table) -> list[Column[Any]]:
    """Every column of the schema that is a foreign key to ``table.id``."""
    return [
        fk.parent
        for other in Base.metadata.sorted_tables
        for fk in other.foreign_keys
        if fk.column.table is table and fk.column.name == "id"
    ]


def _unique_column_sets(column: Column[Any]) -> list[list[Column[Any]]]:
    """For each unique constraint or index of the column's table that includes the
    column, the other columns of it (empty: one row per client at most)."""
    table = column.table
    sets: list[list[Column[Any]]] = []
    groups = [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    groups += [list(i.columns) for i in table.indexes if i.unique]
    for columns in groups:
        if any(c is column for c in columns):
            sets.append([c for c in columns if c is not column])
    return sets


def _refuse_frozen_payers(session: Session, keep: Client, merged: Client) -> None:
    issued = {
        client_id
        for client_id in session.scalars(
            select(Invoice.payer_client_id)
            .where(
                Invoice.payer_client_id.in_([keep.id, merged.id]),
                Invoice.number.is_not(None),
            )
            .distinct()
        )
    }
    if merged.id not in issued:
        return
    if keep.id in issued:
        raise MergeRefused(
            N_(
                "Both files are named on issued invoices, which can no longer change: "
                "they cannot be merged."
            )
        )
    raise MergeRefused(
        N_(
            "The file {file_number} is named on issued invoices, which can no longer "
            "change: keep that file and merge the other one into it."
        ),
        file_number=merged.file_number,
    )


def _complete_identity(keep: Client, merged: Client) -> None:
    """The kept file keeps its values; blanks are filled from the merged file, and the
    situation texts of both are kept."""
    for name in _IDENTITY_FIELDS:
        if getattr(keep, name) in (None, "") and getattr(merged, name) not in (None, ""):
            setattr(keep, name, getattr(merged, name))
    if not any(getattr(keep, n) for n in _ADDRESS_FIELDS):
        for name in _ADDRESS_FIELDS:
            setattr(keep, name, getattr(merged, name))
    for name in SITUATION_FIELDS:
        kept_text, merged_text = getattr(keep, name) or "", getattr(merged, name) or ""
        if merged_text and merged_text != kept_text:
            setattr(keep, name, f"{kept_text}\n\n{merged_text}" if kept_text else merged_text)
    if (
        keep.default_payer_kind == PayerKind.PERSON
        and merged.default_payer_kind == PayerKind.ORGANIZATION
    ):
        keep.default_payer_kind = merged.default_payer_kind
        keep.default_payer_organization_id = merged.default_payer_organization_id
    keep.intake_date = min(keep.intake_date, merged.intake_date)
    if merged.last_contact_at and (
        keep.last_contact_at is None or merged.last_contact_at > keep.last_contact_at
    ):
        keep.last_contact_at = merged.last_contact_at


def _drop_conflicting(session: Session, column: Column[Any], keep_id: int, merge_id: int) -> int:
    """Delete the merged file's rows that would break a unique constraint once moved."""
    dropped = 0
    table = column.table
    for others in _unique_column_sets(column):
        kept = table.alias("kept")
        clash = exists().where(
            kept.c[column.name] == keep_id,
            *(kept.c[c.name] == table.c[c.name] for c in others),
        )
        result = _run(session, delete(table).where(column == merge_id, clash))
        dropped += result.rowcount or 0
    return dropped


def _copy_signed_notes(session: Session, keep_id: int, merge_id: int) -> dict[int, int]:
    """Copy the merged file's signed notes (a trigger forbids changing their client) to
    the kept file, revisions included; point every reference at the copies."""
    notes, revisions = NOTE, REVISION
    note_refs = [c for c in references_to(notes) if c.table is not revisions]
    renumbered: dict[int, int] = {}
    signed = session.execute(
        select(notes)
        .where(notes.c.client_id == merge_id, notes.c.signed_at.is_not(None))
        .order_by(notes.c.id)
    ).mappings()
    for row in list(signed):
        values = {k: v for k, v in row.items() if k != "id"}
        values["client_id"] = keep_id
        key = _run(session, insert(notes).values(values)).inserted_primary_key
        assert key is not None
        new_id = int(key[0])
        copies = [
            {k: v for k, v in rev.items() if k != "id"} | {"note_id": new_id}
            for rev in session.execute(
                select(revisions).where(revisions.c.note_id == row["id"])
            ).mappings()
        ]
        if copies:
            session.execute(insert(revisions), copies)
        for column in note_refs:
            session.execute(
                update(column.table).where(column == row["id"]).values({column.name: new_id})
            )
        renumbered[row["id"]] = new_id
    return renumbered


def _remaining_references(session: Session, merge_id: int) -> dict[str, int]:
    """What would still go with the merged file (must be only its copied signed notes)."""
    notes = NOTE
    left: dict[str, int] = {}
    for column in references_to(CLIENT):
        condition = column == merge_id
        if column.table is notes:
            condition = and_(condition, notes.c.signed_at.is_(None))
        count = session.scalar(select(func.count()).select_from(column.table).where(condition))
        if count:
            left[f"{column.table.name}.{column.name}"] = count
    return left


def merge_clients(uow: UnitOfWork, *, keep_id: int, merge_id: int) -> tuple[ClientFile, Changes]:
    """Move everything of file ``merge_id`` to file ``keep_id`` and delete ``merge_id``.

    The kept file keeps its identity, completed from the merged one where blank.
    Raises ClientNotFound, ClientErased or MergeRefused (nothing changed then).
    """
    if keep_id == merge_id:
        raise MergeRefused(N_("A client file cannot be merged into itself."))
    session = uow.session
    keep = load_client(uow, keep_id, for_update=True)
    merged = load_client(uow, merge_id, for_update=True)
    _refuse_frozen_payers(session, keep, merged)
    kept_number, merged_number = keep.file_number, merged.file_number
    keep_has_primary = any(issue.is_primary for issue in keep.social_issues)
    _complete_identity(keep, merged)
    session.flush()
    session.expire_all()  # bulk statements follow: no stale ORM state may be flushed

    notes = NOTE
    moved: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for column in references_to(CLIENT):
        name = f"{column.table.name}.{column.name}"
        if column.table.name == "client_social_issue" and keep_has_primary:
            session.execute(update(column.table).where(column == merge_id).values(is_primary=False))
        count = _drop_conflicting(session, column, keep_id, merge_id)
        if count:
            dropped[name] = count
        condition = column == merge_id
        if column.table is notes:
            condition = and_(condition, notes.c.signed_at.is_(None))
        result = _run(session, update(column.table).where(condition).values({column.name: keep_id}))
        if result.rowcount:
            moved[name] = result.rowcount
    renumbered = _copy_signed_notes(session, keep_id, merge_id)
    left = _remaining_references(session, merge_id)
    if left:  # a protected record we do not know how to move: never lose it silently
        raise RuntimeError(f"merge would delete records still linked to the file: {left}")
    _run(session, delete(CLIENT).where(CLIENT.c.id == merge_id))
    session.expire_all()
    record_event(
        uow,
        MERGE_AUDIT_ACTION,
        object_type="client",
        object_id=merge_id,
        details={
            "operation": "merge",
            "kept_client_id": keep_id,
            "kept_file_number": kept_number,
            "merged_client_id": merge_id,
            "merged_file_number": merged_number,
            "moved": moved,
            "dropped_duplicates": dropped,
            "signed_notes_copied": {str(old): new for old, new in renumbered.items()},
        },
    )
    return read_client_file(uow, keep_id), MERGE_CHANGES
