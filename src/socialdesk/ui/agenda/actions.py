"""What the user does to appointments from any agenda view: open, create, move, resize,
change the status, delete — with the questions these raise (which occurrences of a
series, save despite an overlap, write the case note now).

Every write goes through ``ops.run_db``; the agenda redraws from the ``Changes``
broadcast, never from here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from socialdesk.domain.agenda import (
    AgendaSettings,
    AppointmentConflict,
    AppointmentView,
    EditScope,
)
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.ui.agenda import prompts
from socialdesk.ui.ops import OnError, Operations

Op = Callable[[Any], tuple[Any, Changes]]


def run_with_conflict_prompt(
    ops: Operations,
    owner: QWidget,
    zone: ZoneInfo,
    op_for: Callable[[bool], Op],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_error: OnError | None = None,
    on_cancel: Callable[[], None] | None = None,
) -> None:
    """Run ``op_for(False)``; on an overlap ask "Save anyway?" and run ``op_for(True)``
    (``on_cancel`` when the answer is no)."""

    def failed(error: BaseException) -> bool | None:
        if isinstance(error, AppointmentConflict) and shiboken6.isValid(owner):
            prompts.ask_save_anyway(
                owner,
                error,
                zone,
                lambda: ops.run_db(
                    op_for(True), on_success=on_success, on_error=on_error, owner=owner
                ),
                on_cancel=on_cancel,
            )
            return True
        return on_error(error) if on_error is not None else None

    ops.run_db(op_for(False), on_success=on_success, on_error=failed, owner=owner)


def get_op(appointment_id: int) -> Op:
    def op(uow: Any) -> tuple[AppointmentView, Changes]:
        from socialdesk.services.agenda import get_appointment

        return get_appointment(uow, appointment_id), NO_CHANGES

    return op


class AgendaActions(QObject):
    """Signals: ``note_requested(client_id, appointment_id)`` — write the case note of a
    done appointment; ``dialog_opened(AppointmentDialog)``."""

    note_requested = Signal(int, int)
    dialog_opened = Signal(object)

    def __init__(self, ops: Operations, widget: QWidget) -> None:
        super().__init__(widget)
        self.ops = ops
        self.widget = widget  # owner of the jobs, parent of the questions
        self.settings = AgendaSettings()
        self.dialog: QWidget | None = None
        self.prompt: prompts.Prompt | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def _parent(self) -> QWidget:
        return self.widget.window()

    # ---- the dialog --------------------------------------------------------------------
    def open_new(self, start: datetime | None = None, client_ids: tuple[int, ...] = ()) -> Any:
        from socialdesk.ui.agenda.dialog import AppointmentDialog

        dialog = AppointmentDialog(
            self.ops, self.settings, start=start, client_ids=client_ids, parent=self._parent()
        )
        return self._show(dialog)

    def edit(self, view: AppointmentView) -> Any:
        from socialdesk.ui.agenda.dialog import AppointmentDialog

        dialog = AppointmentDialog(self.ops, self.settings, appointment=view, parent=self._parent())
        return self._show(dialog)

    def open_appointment(self, appointment_id: int) -> None:
        """Read the appointment afresh, then open it in the dialog."""
        self.ops.run_db(get_op(appointment_id), on_success=self.edit, owner=self.widget)

    def _show(self, dialog: Any) -> Any:
        self.close_dialog()
        dialog.marked_done.connect(self.offer_note)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _dialog_closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reject()
        prompt, self.prompt = self.prompt, None
        if prompt is not None and shiboken6.isValid(prompt):
            prompt.done(0)

    # ---- move and resize ---------------------------------------------------------------
    def move(self, view: AppointmentView, starts_at: datetime, ends_at: datetime) -> None:
        """Drag or resize: ``view`` now runs [starts_at, ends_at)."""
        if view.series_id is None:
            self._move(view, starts_at, ends_at, EditScope.THIS)
            return
        self.prompt = prompts.ask_scope(
            self._parent(), lambda scope: self._move(view, starts_at, ends_at, scope)
        )

    def _move(
        self, view: AppointmentView, starts_at: datetime, ends_at: datetime, scope: EditScope
    ) -> None:
        def op_for(allow: bool) -> Op:
            def op(uow: Any) -> tuple[AppointmentView, Changes]:
                from socialdesk.services.agenda import move_appointment

                return move_appointment(
                    uow, view.id, starts_at, ends_at, scope=scope, allow_conflicts=allow
                )

            return op

        run_with_conflict_prompt(self.ops, self.widget, self.zone, op_for)

    # ---- status and deletion -----------------------------------------------------------
    def set_status(self, view: AppointmentView, status: AppointmentStatus) -> None:
        def op(uow: Any) -> tuple[AppointmentView, Changes]:
            from socialdesk.services.agenda import set_status

            return set_status(uow, view.id, status)

        def done(updated: AppointmentView) -> None:
            if status is AppointmentStatus.DONE:
                self.offer_note(updated)

        self.ops.run_db(op, on_success=done, owner=self.widget)

    def delete(self, view: AppointmentView) -> None:
        def run(scope: EditScope) -> None:
            def op(uow: Any) -> tuple[int, Changes]:
                from socialdesk.services.agenda import delete_appointment

                return delete_appointment(uow, view.id, scope=scope)

            self.ops.run_db(op, owner=self.widget)

        if view.series_id is None:
            self.prompt = prompts.ask_delete(self._parent(), lambda: run(EditScope.THIS))
        else:
            self.prompt = prompts.ask_scope(self._parent(), run, deleting=True)

    # ---- the case note of a done appointment -------------------------------------------
    def offer_note(self, view: AppointmentView) -> None:
        """ "Write the case note now?" — then, for a group, whose file."""
        if not view.participants:
            return

        def write() -> None:
            if len(view.participants) == 1:
                self.note_requested.emit(view.participants[0].client_id, view.id)
                return
            self.prompt = prompts.ask_participant(
                self._parent(),
                view.participants,
                lambda client_id: self.note_requested.emit(client_id, view.id),
            )

        self.prompt = prompts.ask_write_note(self._parent(), write)
