"""Create or edit one appointment.

Everything typed stays when saving fails: a field's problem shows under that field, an
overlap asks "Save anyway?", and the dialog only closes once the appointment is saved.
Editing an occurrence of a series asks, when saving, which occurrences the change is for.
The status of an existing appointment is changed here too; marking it done offers to
write the case note (``marked_done``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from socialdesk.domain.agenda import (
    KINDS_WITH_TRAVEL,
    AgendaSettings,
    AppointmentInput,
    AppointmentView,
    EditScope,
)
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.domain.errors import SocialDeskError, ValidationError
from socialdesk.i18n import _
from socialdesk.ui.agenda import prompts
from socialdesk.ui.agenda.actions import run_with_conflict_prompt
from socialdesk.ui.agenda.dialog_form import AppointmentForm
from socialdesk.ui.agenda.grid_layout import SNAP_MINUTES
from socialdesk.ui.ops import Operations, error_text


def services_op(uow: Any) -> tuple[list[tuple[int, str]], Changes]:
    """The active entries of the service catalogue (it may be empty: no billing yet)."""
    from socialdesk.services.catalogue import list_services

    views = list_services(uow, include_inactive=False)
    return [(v.id, v.name) for v in sorted(views, key=lambda v: v.name)], NO_CHANGES


def next_quarter(now: datetime) -> datetime:
    minutes = (now.minute // SNAP_MINUTES + 1) * SNAP_MINUTES
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minutes)


class AppointmentDialog(QDialog):
    """Signals: ``saved(AppointmentView)``, ``marked_done(AppointmentView)`` (saved with
    the status done, from another status), ``deleted(int)``."""

    saved = Signal(object)
    marked_done = Signal(object)
    deleted = Signal(int)

    def __init__(
        self,
        ops: Operations,
        settings: AgendaSettings,
        *,
        appointment: AppointmentView | None = None,
        start: datetime | None = None,
        client_ids: tuple[int, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentDialog")
        self.ops = ops
        self.settings = settings
        self.zone = ZoneInfo(settings.timezone)
        self.appointment = appointment
        self.prompt: prompts.Prompt | None = None
        self._saving = False
        self.setWindowTitle(_("Appointment") if appointment else _("New appointment"))
        self.form = AppointmentForm(ops, settings, editing=appointment is not None, parent=self)
        form = self.form
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        self.setMinimumWidth(580)
        form.save_button.clicked.connect(self.save)
        form.cancel_button.clicked.connect(self.reject)
        form.delete_button.clicked.connect(self.delete)
        form.done_button.clicked.connect(self.mark_done)
        if appointment is not None:
            self._fill(appointment)
        else:
            self._fill_new(start, client_ids)
        self.ops.run_db(services_op, on_success=self._services_loaded, owner=self)

    # ---- filling -----------------------------------------------------------------------
    def _fill_new(self, start: datetime | None, client_ids: tuple[int, ...]) -> None:
        form = self.form
        local = (start or next_quarter(datetime.now(self.zone))).astimezone(self.zone)
        form.set_start(local)
        form.duration_spin.setValue(self.settings.default_duration_minutes)
        form.set_kind(AppointmentKind.OFFICE)
        form.set_reminder(None)
        form.recurrence.set_recurrence(None, local.date())
        if client_ids:
            self._load_names(client_ids)
        form.picker.search_edit.setFocus()

    def _fill(self, view: AppointmentView) -> None:
        form = self.form
        local = view.starts_at.astimezone(self.zone)
        form.set_start(local)
        form.duration_spin.setValue(view.duration_minutes)
        form.set_kind(view.kind)
        form.title_edit.setText(view.title)
        form.place_edit.setText(view.place)
        form.travel_minutes_spin.setValue(view.travel_minutes or 0)
        form.travel_km_spin.setValue(float(view.travel_km or 0))
        form.note_edit.setPlainText(view.note_short)
        form.set_reminder(view.reminder_minutes)
        form.group_check.setChecked(view.is_group)
        form.set_billing_mode(view.billing_mode)
        form.recurrence.set_recurrence(view.recurrence, local.date())
        form.set_status(view.status)
        for participant in view.participants:
            form.picker.add_client(participant.client_id, participant.display_name)
        form.set_service(view.service_id, view.service_name)
        form.series_label.setVisible(view.series_id is not None)
        if view.status is AppointmentStatus.DONE:
            form.delete_button.setEnabled(False)
            form.delete_button.setToolTip(
                _("A done appointment stays in the files; change its status to cancel it.")
            )

    def _load_names(self, client_ids: tuple[int, ...]) -> None:
        def op(uow: Any) -> tuple[list[tuple[int, str]], Changes]:
            from socialdesk.services.clients import get_client_file

            return [(i, get_client_file(uow, i).display_name) for i in client_ids], NO_CHANGES

        def loaded(names: list[tuple[int, str]]) -> None:
            for client_id, name in names:
                self.form.picker.add_client(client_id, name)

        self.ops.run_db(op, on_success=loaded, owner=self)

    def _services_loaded(self, services: list[tuple[int, str]]) -> None:
        self.form.set_services(services)

    # ---- reading -----------------------------------------------------------------------
    def appointment_input(self) -> AppointmentInput:
        form = self.form
        kind = form.kind()
        travel = kind in KINDS_WITH_TRAVEL
        clients = form.picker.client_ids()
        km = form.travel_km_spin.value()
        base = self.appointment
        return AppointmentInput(
            starts_at=form.start(self.zone),
            duration_minutes=form.duration_spin.value(),
            kind=kind,
            client_ids=clients,
            title=form.title_edit.text().strip(),
            place=form.place_edit.text().strip(),
            service_id=form.service_combo.currentData(),
            travel_minutes=form.travel_minutes_spin.value() if travel else None,
            travel_km=Decimal(str(round(km, 1))).normalize() if travel and km else None,
            note_short=form.note_edit.toPlainText().strip(),
            reminder_minutes=form.reminder_combo.currentData(),
            is_group=form.group_check.isChecked() or len(clients) > 1,
            billing_mode=form.billing_mode(),
            payer_organization_id=base.payer_organization_id if base else None,
            recurrence=form.recurrence.recurrence(),
        )

    # ---- saving ------------------------------------------------------------------------
    def save(self) -> None:
        if self._saving:
            return
        self.form.clear_errors()
        base = self.appointment
        data = self.appointment_input()
        if base is not None and base.series_id is not None and self._fields_changed(data):
            self.prompt = prompts.ask_scope(self, lambda scope: self._save(data, scope))
            return
        self._save(data, EditScope.THIS)

    def _fields_changed(self, data: AppointmentInput) -> bool:
        base = self.appointment
        return base is None or data != base.to_input()

    def _save(self, data: AppointmentInput, scope: EditScope) -> None:
        base = self.appointment
        status = self.form.status()
        changed = self._fields_changed(data)

        def op_for(allow: bool) -> Any:
            def op(uow: Any) -> tuple[AppointmentView, Changes]:
                from socialdesk.services import agenda

                if base is None:
                    return agenda.create_appointment(uow, data, allow_conflicts=allow)
                view, changes = base, NO_CHANGES
                if changed:
                    view, changes = agenda.update_appointment(
                        uow, base.id, data, scope=scope, allow_conflicts=allow
                    )
                if status is not None and status != view.status:
                    view, more = agenda.set_status(uow, view.id, status)
                    changes = changes | more
                return view, changes

            return op

        self._saving = True
        self.form.save_button.setEnabled(False)
        run_with_conflict_prompt(
            self.ops,
            self,
            self.zone,
            op_for,
            on_success=self._saved,
            on_error=self._failed,
            on_cancel=self._save_cancelled,
        )

    def _save_cancelled(self) -> None:
        self._saving = False
        self.form.save_button.setEnabled(True)

    def _saved(self, view: AppointmentView) -> None:
        self._saving = False
        before = self.appointment.status if self.appointment else None
        self.saved.emit(view)
        self.accept()
        if view.status is AppointmentStatus.DONE and before is not AppointmentStatus.DONE:
            self.marked_done.emit(view)

    def _failed(self, error: BaseException) -> bool:
        self._saving = False
        self.form.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.show_errors(error.errors)
        else:
            self.form.show_general_error(error_text(error))
            if not isinstance(error, SocialDeskError):
                return False  # logged and shown by the usual error box
        return True

    def done(self, result: int) -> None:
        prompt, self.prompt = self.prompt, None
        if prompt is not None and shiboken6.isValid(prompt):
            prompt.done(0)
        super().done(result)

    def mark_done(self) -> None:
        self.form.set_status(AppointmentStatus.DONE)
        self.save()

    # ---- deleting ----------------------------------------------------------------------
    def delete(self) -> None:
        base = self.appointment
        if base is None:
            return

        def run(scope: EditScope) -> None:
            def op(uow: Any) -> tuple[int, Changes]:
                from socialdesk.services.agenda import delete_appointment

                return delete_appointment(uow, base.id, scope=scope)

            def deleted(_count: int) -> None:
                self.deleted.emit(base.id)
                self.accept()

            self.ops.run_db(op, on_success=deleted, on_error=self._failed, owner=self)

        if base.series_id is None:
            self.prompt = prompts.ask_delete(self, lambda: run(EditScope.THIS))
        else:
            self.prompt = prompts.ask_scope(self, run, deleting=True)

    # ---- for tests and the page --------------------------------------------------------
    def error_of(self, field: str) -> QLabel:
        return self.form.error_labels[field]

    def start_date(self) -> date:
        q: QDate = self.form.date_edit.date()
        return date(q.year(), q.month(), q.day())

    def start_time(self) -> time:
        q: QTime = self.form.time_edit.time()
        return time(q.hour(), q.minute())
