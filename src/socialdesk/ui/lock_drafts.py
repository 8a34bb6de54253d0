"""What the user was doing when the vault locked comes back after unlock.

At lock, after every :class:`~socialdesk.ui.pages.base.SavesBeforeLock` widget queued its
save (the case note editor's draft, the client file's and démarche editor's forms), the
controller calls :func:`keep_for_unlock`. It queues — on the worker, before the lock job —
the write of a small "resume point" into the vault's ``app_setting`` table, so it is
encrypted like everything else:

- the page on screen and the client file that was open;
- the case note being written (its id is read on the worker, after the draft save
  that may have just created it);
- an appointment dialog's typed fields (new or edited appointment, not saved yet), and
  the new-client dialog's: the dialog is closed at lock and reopened with the same
  fields after unlock.

After unlock :func:`resume_after_unlock` reads and deletes the resume point and reopens
all of it. Other dialogs (invoice, plan, partner…) are closed at lock; what they hold is
saved only if the widget implements ``before_lock`` — see the report of issue 7.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import shiboken6
from PySide6.QtWidgets import QApplication, QDialog, QWidget, QWizard

from socialdesk.domain.agenda import (
    AppointmentInput,
    AppointmentKind,
    GroupBillingMode,
    Recurrence,
    RecurrenceFrequency,
)
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.ui.ops import Operations

log = logging.getLogger(__name__)


# ---- appointment input <-> JSON ------------------------------------------------------------
def encode_appointment(data: AppointmentInput) -> dict[str, Any]:
    values = asdict(data)
    values["starts_at"] = data.starts_at.isoformat()
    values["kind"] = str(data.kind.value)
    values["client_ids"] = list(data.client_ids)
    values["travel_km"] = str(data.travel_km) if data.travel_km is not None else None
    values["billing_mode"] = str(data.billing_mode.value)
    if data.recurrence is not None:
        recurrence = asdict(data.recurrence)
        recurrence["frequency"] = str(data.recurrence.frequency.value)
        until = data.recurrence.until
        recurrence["until"] = until.isoformat() if until else None
        values["recurrence"] = recurrence
    return values


def decode_appointment(values: dict[str, Any]) -> AppointmentInput:
    values = dict(values)
    values["starts_at"] = datetime.fromisoformat(values["starts_at"])
    values["kind"] = AppointmentKind(values["kind"])
    values["client_ids"] = tuple(values["client_ids"])
    if values.get("travel_km") is not None:
        values["travel_km"] = Decimal(values["travel_km"])
    values["billing_mode"] = GroupBillingMode(values["billing_mode"])
    recurrence = values.get("recurrence")
    if recurrence is not None:
        recurrence = dict(recurrence)
        recurrence["frequency"] = RecurrenceFrequency(recurrence["frequency"])
        if recurrence.get("until"):
            recurrence["until"] = date.fromisoformat(recurrence["until"])
        values["recurrence"] = Recurrence(**recurrence)
    return AppointmentInput(**values)


# ---- at lock --------------------------------------------------------------------------------
def _appointment_dialogs(window: QWidget) -> list[Any]:
    from socialdesk.ui.agenda.dialog import AppointmentDialog

    return [d for d in window.findChildren(AppointmentDialog) if d.isVisible()]


def _open_note_handle(window: QWidget) -> tuple[int | None, Any]:
    """(client id, note handle) of the case note being written, if any."""
    from socialdesk.ui.notes.editor import NoteEditor

    for editor in window.findChildren(NoteEditor):
        if editor.is_open() and editor.client_id is not None:
            return editor.client_id, getattr(editor, "_handle", None)
    return None, None


def _new_client_fields(window: QWidget) -> dict[str, str] | None:
    from socialdesk.ui.dialogs.new_client import NewClientDialog

    for dialog in window.findChildren(NewClientDialog):
        if dialog.isVisible():
            texts = {name: edit.text() for name, edit in dialog.edits.items()}
            return texts if any(texts.values()) else None
    return None


def keep_for_unlock(window: Any, ops: Operations) -> None:
    """Queue the resume point's write (GUI thread, before the lock job); close the
    appointment dialogs and every other dialog of the window."""
    page = window.current_page().key
    current = window.clients_page.current_client() if hasattr(window, "clients_page") else None
    client_id = current[0] if current else None
    note_client, handle = _open_note_handle(window)
    appointment: dict[str, Any] | None = None
    for dialog in _appointment_dialogs(window):
        try:
            appointment = {
                "id": dialog.appointment.id if dialog.appointment is not None else None,
                "input": encode_appointment(dialog.appointment_input()),
            }
        except Exception:  # a half-typed field must not stop the lock
            log.warning("The appointment being typed could not be kept", exc_info=True)
    new_client = _new_client_fields(window)
    close_dialogs(window)

    def write(uow: Any) -> tuple[None, Changes]:
        from socialdesk.services.lock_resume import save_resume_point

        state = {
            "page": page,
            "client_id": client_id or note_client,
            "note_id": handle.note_id if handle is not None else None,
            "appointment": appointment,
            "new_client": new_client,
        }
        save_resume_point(uow, state)
        return None, NO_CHANGES

    ops.run_db(write)


def close_dialogs(window: QWidget) -> None:
    """Close every visible dialog of the window, and any parentless one: none may show
    vault data while locked. Wizards (first run, restore) and unlock dialogs are left
    alone: they work on files, not on the open vault."""
    from socialdesk.ui.dialogs.unlock import UnlockDialog

    dialogs = list(window.findChildren(QDialog))
    dialogs += [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
    for dialog in dialogs:
        if not shiboken6.isValid(dialog) or isinstance(dialog, QWizard | UnlockDialog):
            continue
        if dialog.isVisible():
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.hide()


# ---- after unlock ---------------------------------------------------------------------------
def _read_resume_point(uow: Any) -> tuple[dict[str, Any] | None, Changes]:
    from socialdesk.services.lock_resume import take_resume_point

    state = take_resume_point(uow)
    if state is None:
        return None, NO_CHANGES
    appointment = state.get("appointment")
    if appointment:
        from socialdesk.services.agenda import agenda_settings, get_appointment

        state["agenda_settings"] = agenda_settings(uow)
        state["appointment_view"] = (
            get_appointment(uow, appointment["id"]) if appointment.get("id") else None
        )
    return state, NO_CHANGES


def resume_after_unlock(window: Any, ops: Operations) -> None:
    """Read (and forget) the resume point, then reopen what was open at lock."""

    def apply(state: dict[str, Any] | None) -> None:
        if state is None or not shiboken6.isValid(window):
            return
        try:
            _apply(window, ops, state)
        except Exception:
            log.warning("What was open at lock could not be reopened", exc_info=True)

    ops.run_db(_read_resume_point, on_success=apply, owner=window)


def _apply(window: Any, ops: Operations, state: dict[str, Any]) -> None:
    page = state.get("page")
    client_id = state.get("client_id")
    if client_id:  # the file reopens on the Clients page, at the note being written
        window.open_search_result(int(client_id), state.get("note_id"))
    if isinstance(page, str) and page in getattr(window, "pages", {}):
        window.show_page(page)  # the page on screen at lock (a file may wait behind it)
    new_client = state.get("new_client")
    if isinstance(new_client, dict) and hasattr(window, "clients_page"):
        window.show_page("clients")
        dialog = window.clients_page.open_new_client()
        for name, text in new_client.items():
            if name in dialog.edits and isinstance(text, str):
                dialog.edits[name].setText(text)
    appointment = state.get("appointment")
    if appointment:
        reopen_appointment(
            window,
            ops,
            state["agenda_settings"],
            state.get("appointment_view"),
            decode_appointment(appointment["input"]),
        )


def reopen_appointment(
    window: QWidget, ops: Operations, settings: Any, view: Any, data: AppointmentInput
) -> Any:
    """The appointment dialog again, with what was typed before the lock."""
    from PySide6.QtCore import Qt

    from socialdesk.ui.agenda.dialog import AppointmentDialog

    dialog = AppointmentDialog(
        ops,
        settings,
        appointment=view,
        start=data.starts_at,
        client_ids=data.client_ids if view is None else (),
        parent=window,
    )
    form = dialog.form
    form.set_start(data.starts_at.astimezone(dialog.zone))
    form.duration_spin.setValue(data.duration_minutes)
    form.set_kind(data.kind)
    form.title_edit.setText(data.title)
    form.place_edit.setText(data.place)
    form.travel_minutes_spin.setValue(data.travel_minutes or 0)
    form.travel_km_spin.setValue(float(data.travel_km or 0))
    form.note_edit.setPlainText(data.note_short)
    form.set_reminder(data.reminder_minutes)
    form.group_check.setChecked(data.is_group)
    form.set_billing_mode(data.billing_mode)
    form.recurrence.set_recurrence(data.recurrence, data.starts_at.astimezone(dialog.zone).date())
    if data.service_id is not None:
        form.set_service(data.service_id, "")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
