"""Settings → Agenda: working hours and days, default duration and reminder, public
holidays. Saved together with "Save the agenda settings"; a refused value is shown next
to its field and whatever was typed stays in the form.

The time zone is not set here: it is the practitioner profile's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.agenda import MAX_DURATION_MINUTES, AgendaSettings
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import N_, _
from socialdesk.ui.client_file.fields import ErrorForm, StatusLine
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

#: (code, label) of the public-holiday calendars offered; "" shows none.
HOLIDAY_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("FR", N_("France")),
    ("BE", N_("Belgium")),
    ("RO", N_("Romania")),
    ("", N_("None (not shown)")),
)
MAX_REMINDER_MINUTES = 7 * 24 * 60


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())


class AgendaSettingsSection(QGroupBox):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(_("Agenda"), parent)
        self.setObjectName("agendaSettingsGroup")
        self.ops = ops
        self._settings: AgendaSettings | None = None
        self._saving = False
        self._dirty = False
        self._loading_form = False

        intro = QLabel(
            _(
                "Your working hours are highlighted in the agenda. The defaults apply to "
                "new appointments; each appointment can change them."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.form = ErrorForm(self)
        self.day_start_edit = self._time_edit()
        self.day_end_edit = self._time_edit()
        self.form.add_row("day_start", _("Working day starts at"), self.day_start_edit)
        self.form.add_row("day_end", _("Working day ends at"), self.day_end_edit)

        days = QWidget(self)
        days.setObjectName("workDaysField")
        days_layout = QHBoxLayout(days)
        days_layout.setContentsMargins(0, 0, 0, 0)
        self.day_checks: list[QCheckBox] = []
        for weekday in range(7):  # 0 = Monday, as in datetime.weekday()
            name = QLocale().dayName(weekday + 1, QLocale.FormatType.ShortFormat)
            check = QCheckBox(name, days)
            check.setObjectName(f"workDay{weekday}Check")
            check.setToolTip(QLocale().dayName(weekday + 1))
            check.toggled.connect(lambda _on: self._edited("work_days"))
            days_layout.addWidget(check)
            self.day_checks.append(check)
        days_layout.addStretch(1)
        self.form.add_row("work_days", _("Working days"), days)

        self.duration_spin = QSpinBox(self)
        self.duration_spin.setRange(5, MAX_DURATION_MINUTES)
        self.duration_spin.setSingleStep(5)
        self.duration_spin.setSuffix(_(" min"))
        self.duration_spin.valueChanged.connect(lambda _v: self._edited("default_duration_minutes"))
        self.form.add_row(
            "default_duration_minutes", _("Default duration"), self._narrow(self.duration_spin)
        )
        self.reminder_spin = QSpinBox(self)
        self.reminder_spin.setRange(0, MAX_REMINDER_MINUTES)
        self.reminder_spin.setSingleStep(5)
        self.reminder_spin.setSuffix(_(" min before"))
        self.reminder_spin.setSpecialValueText(_("No reminder"))
        self.reminder_spin.valueChanged.connect(lambda _v: self._edited("default_reminder_minutes"))
        self.form.add_row(
            "default_reminder_minutes", _("Default reminder"), self._narrow(self.reminder_spin)
        )
        self.holidays_combo = QComboBox(self)
        for code, label in HOLIDAY_COUNTRIES:
            self.holidays_combo.addItem(_(label), code)
        self.holidays_combo.currentIndexChanged.connect(lambda _i: self._edited("holidays_country"))
        self.form.add_row(
            "holidays_country", _("Public holidays of"), self._narrow(self.holidays_combo)
        )

        for widget in self.form.fields.values():
            cell = widget.parentWidget()
            if cell is not None:
                cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        self.zone_label = QLabel(self)
        self.zone_label.setObjectName("agendaTimezoneLabel")
        self.zone_label.setWordWrap(True)
        self.zone_label.setStyleSheet("color: palette(placeholder-text);")
        self.save_button = QPushButton(_("Save the agenda settings"), self)
        self.save_button.setObjectName("saveAgendaSettingsButton")
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine(self)
        self.status.setObjectName("agendaSettingsStatus")
        save_row = QHBoxLayout()
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.zone_label)
        layout.addLayout(save_row)
        bus.changed.connect(self.on_changes)
        self.clear()

    def _time_edit(self) -> QTimeEdit:
        edit = QTimeEdit(self)
        edit.setDisplayFormat("HH:mm")
        edit.timeChanged.connect(lambda _t: self._edited("day_start", "day_end"))
        return self._narrow(edit)

    @staticmethod
    def _narrow(widget: Any) -> Any:
        """Controls keep their natural width; the row (and its error message) spans the
        form."""
        widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return widget

    def _edited(self, *names: str) -> None:
        if self._loading_form:
            return
        self._dirty = True
        for name in names:
            self.form.hide_error(name)
        self.status.clear()

    # ---- the form --------------------------------------------------------------------
    def settings(self) -> AgendaSettings:
        """What the form says (the time zone is the loaded one: the profile's)."""
        base = self._settings or AgendaSettings()
        return replace(
            base,
            day_start=_time(self.day_start_edit.time()),
            day_end=_time(self.day_end_edit.time()),
            work_days=frozenset(i for i, check in enumerate(self.day_checks) if check.isChecked()),
            default_duration_minutes=self.duration_spin.value(),
            default_reminder_minutes=self.reminder_spin.value(),
            holidays_country=self.holidays_combo.currentData() or "",
        )

    def set_settings(self, settings: AgendaSettings) -> None:
        self._loading_form = True
        try:
            self.day_start_edit.setTime(_qtime(settings.day_start))
            self.day_end_edit.setTime(_qtime(settings.day_end))
            for weekday, check in enumerate(self.day_checks):
                check.setChecked(weekday in settings.work_days)
            self.duration_spin.setValue(settings.default_duration_minutes)
            self.reminder_spin.setValue(settings.default_reminder_minutes)
            index = self.holidays_combo.findData(settings.holidays_country or "")
            self.holidays_combo.setCurrentIndex(max(index, 0))
        finally:
            self._loading_form = False
        self._dirty = False

    # ---- loading ---------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.vault or ((changes.settings or changes.profile) and not self._dirty):
            # Someone else's change never overwrites what is being typed here.
            self.reload()

    def reload(self) -> None:
        def read(uow: Any) -> tuple[AgendaSettings, Changes]:
            from socialdesk.services.agenda import agenda_settings

            return agenda_settings(uow), NO_CHANGES

        self.ops.run_db(read, on_success=self._show, owner=self)

    def _show(self, settings: AgendaSettings) -> None:
        self._settings = settings
        self.set_settings(settings)
        self.form.clear_errors()
        self.zone_label.setText(
            _(
                "Times are shown in the time zone of your profile: {zone}.",
                zone=settings.timezone,
            )
        )

    # ---- saving ----------------------------------------------------------------------
    def save(self) -> None:
        if self._saving or self._settings is None:
            return
        settings = self.settings()
        self.form.clear_errors()
        self.status.clear()
        self._saving = True
        self.save_button.setEnabled(False)

        def write(uow: Any) -> tuple[AgendaSettings, Changes]:
            from socialdesk.services.agenda import save_agenda_settings

            return save_agenda_settings(uow, settings)

        self.ops.run_db(write, on_success=self._saved, on_error=self._failed, owner=self)

    def _saved(self, settings: AgendaSettings) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._show(settings)
        self.status.ok(_("Agenda settings saved."))

    def _failed(self, error: BaseException) -> bool:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(error, ValidationError):
            return False
        elsewhere = self.form.show_errors(error.errors)
        lines = [_("Nothing was saved: correct the fields marked in red.")]
        lines += [f"• {_(error.errors[name])}" for name in elsewhere]
        self.status.error("\n".join(lines))
        return True

    # ---- lock ------------------------------------------------------------------------
    def clear(self) -> None:
        self._settings = None
        self._saving = False
        self.save_button.setEnabled(True)
        self.set_settings(AgendaSettings())
        self.form.clear_errors()
        self.status.clear()
        self.zone_label.clear()

    def holds_vault_data(self) -> bool:
        return self._settings is not None
