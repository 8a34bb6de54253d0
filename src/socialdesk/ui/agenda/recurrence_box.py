"""The "Repeats" part of the appointment dialog: none, every N weeks, or every N months
on the same date or the same weekday; until a date or a number of times."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from socialdesk.domain.agenda import MAX_OCCURRENCES, Recurrence, RecurrenceFrequency
from socialdesk.i18n import _

NONE, WEEKLY, MONTHLY_DATE, MONTHLY_WEEKDAY = "none", "weekly", "monthly_date", "monthly_weekday"
DEFAULT_COUNT = 10


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class RecurrenceBox(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentRecurrence")
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("recurrenceMode")
        self.mode_combo.addItem(_("Does not repeat"), NONE)
        self.mode_combo.addItem(_("Every week or every few weeks"), WEEKLY)
        self.mode_combo.addItem(_("Monthly, on the same date"), MONTHLY_DATE)
        self.mode_combo.addItem(_("Monthly, on the same weekday"), MONTHLY_WEEKDAY)
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setObjectName("recurrenceInterval")
        self.interval_spin.setRange(1, 52)
        self.interval_label = QLabel(self)
        self.until_radio = QRadioButton(_("Until"), self)
        self.until_radio.setObjectName("recurrenceUntilRadio")
        self.until_edit = QDateEdit(self)
        self.until_edit.setObjectName("recurrenceUntil")
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("d MMM yyyy")
        self.count_radio = QRadioButton(_("Number of times"), self)
        self.count_radio.setObjectName("recurrenceCountRadio")
        self.count_spin = QSpinBox(self)
        self.count_spin.setObjectName("recurrenceCount")
        self.count_spin.setRange(2, MAX_OCCURRENCES)
        self.count_spin.setValue(DEFAULT_COUNT)
        self.end_group = QButtonGroup(self)
        self.end_group.addButton(self.until_radio)
        self.end_group.addButton(self.count_radio)
        self.count_radio.setChecked(True)

        every = QHBoxLayout()
        every.setContentsMargins(0, 0, 0, 0)
        self.every_label = QLabel(_("Interval:"), self)
        every.addWidget(self.every_label)
        every.addWidget(self.interval_spin)
        every.addWidget(self.interval_label)
        every.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.mode_combo, 0, 0, 1, 2)
        grid.addLayout(every, 0, 2, 1, 2)
        grid.addWidget(self.count_radio, 1, 0)
        grid.addWidget(self.count_spin, 1, 1)
        grid.addWidget(self.until_radio, 1, 2)
        grid.addWidget(self.until_edit, 1, 3)
        grid.setColumnStretch(4, 1)

        self.mode_combo.currentIndexChanged.connect(self._update)
        self.interval_spin.valueChanged.connect(self._update)
        for widget in (self.until_radio, self.count_radio):
            widget.toggled.connect(self._update)
        self.until_edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.count_spin.valueChanged.connect(lambda _v: self.changed.emit())
        self._update()

    def set_recurrence(self, recurrence: Recurrence | None, first_day: date) -> None:
        self.until_edit.setDate(_qdate(first_day + timedelta(days=90)))
        if recurrence is None:
            self.mode_combo.setCurrentIndex(0)
            return
        if recurrence.frequency is RecurrenceFrequency.WEEKLY:
            mode = WEEKLY
        else:
            mode = MONTHLY_WEEKDAY if recurrence.monthly_by_weekday else MONTHLY_DATE
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))
        self.interval_spin.setValue(recurrence.interval)
        if recurrence.until is not None:
            self.until_radio.setChecked(True)
            self.until_edit.setDate(_qdate(recurrence.until))
        else:
            self.count_radio.setChecked(True)
            self.count_spin.setValue(recurrence.count or DEFAULT_COUNT)
        self._update()

    def recurrence(self) -> Recurrence | None:
        mode = self.mode_combo.currentData()
        if mode == NONE:
            return None
        until = None
        count = None
        if self.until_radio.isChecked():
            q = self.until_edit.date()
            until = date(q.year(), q.month(), q.day())
        else:
            count = self.count_spin.value()
        return Recurrence(
            frequency=RecurrenceFrequency.WEEKLY if mode == WEEKLY else RecurrenceFrequency.MONTHLY,
            interval=self.interval_spin.value(),
            until=until,
            count=count,
            monthly_by_weekday=mode == MONTHLY_WEEKDAY,
        )

    def _update(self, *_args: object) -> None:
        mode = self.mode_combo.currentData()
        repeats = mode != NONE
        for widget in (
            self.every_label,
            self.interval_spin,
            self.interval_label,
            self.until_radio,
            self.until_edit,
            self.count_radio,
            self.count_spin,
        ):
            widget.setVisible(repeats)
        self.until_edit.setEnabled(self.until_radio.isChecked())
        self.count_spin.setEnabled(self.count_radio.isChecked())
        self.interval_label.setText(_("week(s)") if mode == WEEKLY else _("month(s)"))
        self.changed.emit()
