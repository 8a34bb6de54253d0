"""What the note editor asks of the worker: one builder per user action.

Each builder returns ``op(uow) -> (result, Changes)`` for :meth:`Operations.run_db`; the
op runs on the worker thread and never touches widgets.

The note being typed is identified by a :class:`NoteHandle` shared with the worker:
each operation reads the note id when it *runs* and records the id it saved to, so an
autosave queued right behind the one that created the draft updates that draft instead
of creating a second one, even when the first result never reached the GUI (a lock
drops results of jobs submitted before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.notes import NoteDetail, NoteInput, NoteType


class NoteHandle:
    """The id of the note being typed (None until its first save), read and written by
    the operations on the worker, in submission order."""

    __slots__ = ("note_id",)

    def __init__(self, note_id: int | None = None) -> None:
        self.note_id = note_id


@dataclass(frozen=True, slots=True)
class EditorContext:
    note_types: list[NoteType]
    signer: str


def context_op(uow: Any) -> tuple[EditorContext, Changes]:
    from socialdesk.services.notes import ensure_default_note_types, list_note_types
    from socialdesk.services.profile import get_profile

    _types, changes = ensure_default_note_types(uow)  # a new vault has none yet
    profile = get_profile(uow)
    signer = profile.display_name or profile.legal_name
    return EditorContext(list_note_types(uow, include_inactive=True), signer), changes


def load_op(note_id: int) -> Any:
    def op(uow: Any) -> tuple[NoteDetail, Changes]:
        from socialdesk.services.notes import get_note

        return get_note(uow, note_id), NO_CHANGES

    return op


def autosave_op(handle: NoteHandle, data: NoteInput) -> Any:
    def op(uow: Any) -> tuple[NoteDetail, Changes]:
        from socialdesk.services.notes import autosave_draft

        detail, changes = autosave_draft(uow, note_id=handle.note_id, data=data)
        handle.note_id = detail.id
        return detail, changes

    return op


def _save(uow: Any, handle: NoteHandle, data: NoteInput) -> tuple[NoteDetail, Changes]:
    from socialdesk.services.notes import create_note, update_note

    if handle.note_id is None:
        return create_note(uow, data)
    return update_note(uow, handle.note_id, data)


def save_op(handle: NoteHandle, data: NoteInput) -> Any:
    def op(uow: Any) -> tuple[NoteDetail, Changes]:
        detail, changes = _save(uow, handle, data)
        handle.note_id = detail.id
        return detail, changes

    return op


def sign_op(handle: NoteHandle, data: NoteInput, signer: str) -> Any:
    def op(uow: Any) -> tuple[NoteDetail, Changes]:
        from socialdesk.services.notes import sign_note

        # One transaction: the text is saved and signed together, or not at all.
        saved, changes = _save(uow, handle, data)
        detail, signed = sign_note(uow, saved.id, signed_by=signer)
        handle.note_id = detail.id
        return detail, changes | signed

    return op


def amend_op(note_id: int, title: str, body: str, reason: str, author: str) -> Any:
    def op(uow: Any) -> tuple[NoteDetail, Changes]:
        from socialdesk.services.notes import amend_note

        return amend_note(uow, note_id, title=title, body=body, reason=reason, author=author)

    return op


def delete_op(note_id: int) -> Any:
    def op(uow: Any) -> tuple[None, Changes]:
        from socialdesk.services.notes import delete_note

        return delete_note(uow, note_id)

    return op


def delete_handle_op(handle: NoteHandle) -> Any:
    """Delete the note ``handle`` points to when the op runs (a draft being created by
    an autosave queued just before gets deleted too)."""

    def op(uow: Any) -> tuple[None, Changes]:
        if handle.note_id is None:
            return None, NO_CHANGES
        return delete_op(handle.note_id)(uow)

    return op
