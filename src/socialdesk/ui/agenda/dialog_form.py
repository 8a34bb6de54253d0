"""The appointment dialog's fields and buttons (layout and small conversions only;
:class:`~socialdesk.ui.agenda.dialog.AppointmentDialog` drives them)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.agenda import (
    KIND_LABELS,
    KINDS_WITH_TRAVEL,
    MAX_DURATION_MINUTES,
    MAX_TRAVEL_MINUTES,
    STATUS_LABELS,
    AgendaSettings,
)
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus, GroupBillingMode
from socialdesk.i18n import _
from socialdesk.ui.agenda.client_picker import ClientPicker
from socialdesk.ui.agenda.recurrence_box import RecurrenceBox
from socialdesk.ui.ops import Operations

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: palette(placeholder-text);"
REMINDER_CHOICES = (0, 5, 10, 15, 30, 60, 120, 24 * 60)
FIELDS = (
    "client_ids",
    "kind",
    "title",
    "place",
    "starts_at",
    "duration_minutes",
    "travel_minutes",
    "travel_km",
    "service_id",
    "reminder_minutes",
    "note_short",
    "recurrence",
    "payer_organization_id",
)


def minutes_text(minutes: int) -> str:
    if minutes == 0:
        return _("No reminder")
    if minutes % (24 * 60) == 0:
        return _("{count} day(s) before", count=minutes // (24 * 60))
    if minutes % 60 == 0:
        return _("{count} h before", count=minutes // 60)
    return _("{count} min before", count=minutes)


class AppointmentForm(QWidget):
    def __init__(
        self,
        ops: Operations,
        settings: AgendaSettings,
        *,
        editing: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.editing = editing
        self.picker = ClientPicker(ops, self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("appointmentKind")
        for kind in AppointmentKind:
            self.kind_combo.addItem(_(KIND_LABELS[kind]), kind)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("appointmentTitle")
        self.title_edit.setPlaceholderText(_("Optional, e.g. “Budget workshop”"))
        self.place_edit = QLineEdit(self)
        self.place_edit.setObjectName("appointmentPlace")
        self.place_hint = QLabel(_("Leave empty to use the client's address."), self)
        self.place_hint.setObjectName("appointmentPlaceHint")
        self.place_hint.setStyleSheet(HINT_STYLE)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("appointmentDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.time_edit = QTimeEdit(self)
        self.time_edit.setObjectName("appointmentTime")
        self.time_edit.setDisplayFormat("HH:mm")
        self.duration_spin = QSpinBox(self)
        self.duration_spin.setObjectName("appointmentDuration")
        self.duration_spin.setRange(5, MAX_DURATION_MINUTES)
        self.duration_spin.setSingleStep(15)
        self.duration_spin.setSuffix(_(" min"))
        self.travel_minutes_spin = QSpinBox(self)
        self.travel_minutes_spin.setObjectName("appointmentTravelMinutes")
        self.travel_minutes_spin.setRange(0, MAX_TRAVEL_MINUTES)
        self.travel_minutes_spin.setSingleStep(5)
        self.travel_minutes_spin.setSuffix(_(" min each way"))
        self.travel_km_spin = QDoubleSpinBox(self)
        self.travel_km_spin.setObjectName("appointmentTravelKm")
        self.travel_km_spin.setRange(0, 9999)
        self.travel_km_spin.setDecimals(1)
        self.travel_km_spin.setSuffix(_(" km"))
        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("appointmentService")
        self.service_combo.addItem(_("None"), None)
        self.reminder_combo = QComboBox(self)
        self.reminder_combo.setObjectName("appointmentReminder")
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("appointmentNote")
        self.note_edit.setPlaceholderText(_("A few words to prepare it (not the case note)"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.group_check = QCheckBox(_("Group session"), self)
        self.group_check.setObjectName("appointmentGroup")
        self.billing_combo = QComboBox(self)
        self.billing_combo.setObjectName("appointmentBillingMode")
        self.billing_combo.addItem(_("Billed per person"), GroupBillingMode.PER_PERSON)
        self.billing_combo.addItem(_("Billed once for the group"), GroupBillingMode.GROUP)
        self.recurrence = RecurrenceBox(self)
        self.series_label = QLabel(
            _("Part of a recurring series: saving asks which occurrences to change."), self
        )
        self.series_label.setStyleSheet(HINT_STYLE)
        self.series_label.setWordWrap(True)
        self.series_label.hide()
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("appointmentStatus")
        for status in AppointmentStatus:
            self.status_combo.addItem(_(STATUS_LABELS[status]), status)
        self.done_button = QPushButton(_("Mark done"), self)
        self.done_button.setObjectName("markDoneButton")
        self.done_button.setToolTip(_("Save with the status done, then write the case note"))
        self.general_error = QLabel(self)
        self.general_error.setObjectName("appointmentError")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.delete_button = QPushButton(_("Delete…"), self)
        self.delete_button.setObjectName("deleteAppointmentButton")
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setObjectName("cancelAppointmentButton")
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setObjectName("saveAppointmentButton")
        self.save_button.setDefault(True)
        self.error_labels: dict[str, QLabel] = {}
        for field in FIELDS:
            label = QLabel(self)
            label.setObjectName(f"error_{field}")
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            label.hide()
            self.error_labels[field] = label
        self._build()
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.picker.changed.connect(self._clients_changed)
        self.group_check.toggled.connect(self._clients_changed)
        self._kind_changed()
        self._clients_changed()

    # ---- layout ------------------------------------------------------------------------
    def _with_error(self, widget: QWidget | QHBoxLayout, *fields: str) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(widget, QHBoxLayout):
            layout.addLayout(widget)
        else:
            layout.addWidget(widget)
        for field in fields:
            layout.addWidget(self.error_labels[field])
        return box

    @staticmethod
    def _row(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        if stretch:
            row.addStretch(1)
        return row

    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        group_row = self._row(self.group_check, self.billing_combo)
        form.addRow(_("People:"), self._with_error(self.picker, "client_ids"))
        form.addRow("", self._with_error(group_row))
        form.addRow(_("Kind:"), self._with_error(self.kind_combo, "kind"))
        form.addRow(_("Title:"), self._with_error(self.title_edit, "title"))
        form.addRow(_("Place:"), self._with_error(self.place_edit, "place"))
        form.addRow("", self.place_hint)
        when = self._row(self.date_edit, self.time_edit, QLabel(_("for"), self), self.duration_spin)
        form.addRow(_("When:"), self._with_error(when, "starts_at", "duration_minutes"))
        self.travel_label = QLabel(_("Travel:"), self)
        travel = self._row(self.travel_minutes_spin, self.travel_km_spin)
        self.travel_box = self._with_error(travel, "travel_minutes", "travel_km")
        form.addRow(self.travel_label, self.travel_box)
        form.addRow(_("Billable service:"), self._with_error(self.service_combo, "service_id"))
        form.addRow(_("Reminder:"), self._with_error(self.reminder_combo, "reminder_minutes"))
        form.addRow(_("Short note:"), self._with_error(self.note_edit, "note_short"))
        form.addRow(_("Repeats:"), self._with_error(self.recurrence, "recurrence"))
        form.addRow("", self.series_label)
        self.status_label = QLabel(_("Status:"), self)
        self.status_box = self._with_error(self._row(self.status_combo, self.done_button))
        form.addRow(self.status_label, self.status_box)
        self.status_label.setVisible(self.editing)
        self.status_box.setVisible(self.editing)
        self.delete_button.setVisible(self.editing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(form)
        outer.addWidget(self.error_labels["payer_organization_id"])
        outer.addWidget(self.general_error)
        outer.addLayout(buttons)
        self.field_widgets: dict[str, QWidget] = {
            "client_ids": self.picker.search_edit,
            "kind": self.kind_combo,
            "title": self.title_edit,
            "place": self.place_edit,
            "starts_at": self.time_edit,
            "duration_minutes": self.duration_spin,
            "travel_minutes": self.travel_minutes_spin,
            "travel_km": self.travel_km_spin,
            "service_id": self.service_combo,
            "reminder_minutes": self.reminder_combo,
            "note_short": self.note_edit,
            "recurrence": self.recurrence.mode_combo,
        }

    # ---- values ------------------------------------------------------------------------
    def kind(self) -> AppointmentKind:
        return AppointmentKind(self.kind_combo.currentData())

    def set_kind(self, kind: AppointmentKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def set_start(self, local: datetime) -> None:
        self.date_edit.setDate(QDate(local.year, local.month, local.day))
        self.time_edit.setTime(QTime(local.hour, local.minute))

    def start(self, zone: ZoneInfo) -> datetime:
        day, moment = self.date_edit.date(), self.time_edit.time()
        return datetime(
            day.year(), day.month(), day.day(), moment.hour(), moment.minute(), tzinfo=zone
        )

    def set_reminder(self, minutes: int | None) -> None:
        combo = self.reminder_combo
        combo.clear()
        default = self.settings.default_reminder_minutes
        combo.addItem(_("As in the settings ({when})", when=minutes_text(default)), None)
        choices = sorted({*REMINDER_CHOICES, *(() if minutes is None else (minutes,))})
        for value in choices:
            combo.addItem(minutes_text(value), value)
        combo.setCurrentIndex(combo.findData(minutes) if minutes is not None else 0)

    def set_services(self, services: list[tuple[int, str]]) -> None:
        current = self.service_combo.currentData()
        current_text = self.service_combo.currentText()
        self.service_combo.clear()
        self.service_combo.addItem(_("None"), None)
        for service_id, name in services:
            self.service_combo.addItem(name, service_id)
        index = self.service_combo.findData(current)
        if current is not None and index < 0:
            self.service_combo.addItem(current_text, current)  # no longer offered
            index = self.service_combo.count() - 1
        self.service_combo.setCurrentIndex(max(0, index))

    def set_service(self, service_id: int | None, name: str) -> None:
        if service_id is None:
            return
        if self.service_combo.findData(service_id) < 0:
            self.service_combo.addItem(name or str(service_id), service_id)
        self.service_combo.setCurrentIndex(self.service_combo.findData(service_id))

    def billing_mode(self) -> GroupBillingMode:
        return GroupBillingMode(self.billing_combo.currentData())

    def set_billing_mode(self, mode: GroupBillingMode) -> None:
        self.billing_combo.setCurrentIndex(max(0, self.billing_combo.findData(mode)))

    def status(self) -> AppointmentStatus | None:
        if not self.editing:
            return None
        return AppointmentStatus(self.status_combo.currentData())

    def set_status(self, status: AppointmentStatus) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))
        self.done_button.setVisible(status is not AppointmentStatus.DONE)

    # ---- reactions ---------------------------------------------------------------------
    def _kind_changed(self, *_args: object) -> None:
        kind = self.kind()
        travel = kind in KINDS_WITH_TRAVEL
        self.travel_label.setVisible(travel)
        self.travel_box.setVisible(travel)
        self.place_hint.setVisible(kind is AppointmentKind.HOME_VISIT)

    def _clients_changed(self, *_args: object) -> None:
        several = len(self.picker.client_ids()) > 1
        if several and not self.group_check.isChecked():
            self.group_check.setChecked(True)
            return
        self.billing_combo.setVisible(self.group_check.isChecked())

    # ---- errors ------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()
        self.general_error.clear()
        self.general_error.hide()

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """One message under each field; messages for fields not on screen go below."""
        others: list[str] = []
        for field, message in errors.items():
            label = self.error_labels.get(field)
            if label is None:
                others.append(_(message))
                continue
            label.setText(_(message))
            label.show()
        if others:
            self.show_general_error("\n".join(others))
        first = next((self.field_widgets[f] for f in self.field_widgets if f in errors), None)
        if first is not None:
            first.setFocus()

    def show_general_error(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.show()
