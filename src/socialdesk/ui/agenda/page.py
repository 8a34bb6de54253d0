"""The Agenda page: day, work week, week, month and list views of the appointments.

Keyboard: Left/Right go to the previous/next period, T to today, Ctrl+N creates an
appointment. The "⋯" menu's "Export to calendar (.ics)…" writes a period to an .ics file (see :mod:`.export_dialog`). Times are shown in the practitioner's zone (the agenda settings), never the
computer's. The page reads one period at a time on the DB worker and reads it again when
the agenda, the clients or the settings change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QMenu, QStackedWidget, QVBoxLayout, QWidget

from socialdesk.domain.agenda import AgendaSettings, AppointmentView
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.i18n import _
from socialdesk.ui.agenda.actions import AgendaActions, get_op
from socialdesk.ui.agenda.list_view import AgendaListView
from socialdesk.ui.agenda.month_view import MonthView
from socialdesk.ui.agenda.page_bar import AgendaToolbar, Legend
from socialdesk.ui.agenda.periods import (
    GRID_MODES,
    Period,
    ViewMode,
    add_months,
    format_day,
    month_start,
    period_for,
    period_label,
    step,
)
from socialdesk.ui.agenda.style import hhmm, kind_label
from socialdesk.ui.agenda.time_grid import TimeGrid
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import Page

NOW_TICK_MS = 60_000


@dataclass(frozen=True, slots=True)
class AgendaData:
    """One period as read on the worker."""

    settings: AgendaSettings
    mode: ViewMode
    anchor: date
    period: Period
    appointments: list[AppointmentView]
    holidays: dict[date, str]
    now: datetime


def _holidays(settings: AgendaSettings, period: Period) -> dict[date, str]:
    if not settings.holidays_country:
        return {}
    try:
        from socialdesk.domain.holidays import public_holidays
    except ImportError:  # pragma: no cover - the holidays helper is not there yet
        return {}
    from socialdesk.i18n import current_language

    return public_holidays(
        settings.holidays_country, period.first, period.last, language=current_language()
    )


def load_op(mode: ViewMode, anchor: date | None) -> Any:
    def op(uow: Any) -> tuple[AgendaData, Changes]:
        from socialdesk.services.agenda import agenda_settings, list_appointments

        settings = agenda_settings(uow)
        zone = ZoneInfo(settings.timezone)
        now = datetime.now(UTC)
        day = anchor or now.astimezone(zone).date()
        period = period_for(mode, day, settings.work_days)
        start, end = period.bounds(zone)
        appointments = list_appointments(uow, start.astimezone(UTC), end.astimezone(UTC))
        holidays = _holidays(settings, period)
        return AgendaData(settings, mode, day, period, appointments, holidays, now), NO_CHANGES

    return op


def link_text(view: AppointmentView, zone: ZoneInfo) -> str:
    """ "Home visit, Tue 12 Mar 2026 10:00" (the note editor shows the link so)."""
    day = format_day(view.starts_at.astimezone(zone).date(), "ddd d MMM yyyy")
    return f"{kind_label(view.kind)}, {day} {hhmm(view.starts_at, zone)}"


class AgendaPage(Page):
    """``note_requested(client_id, appointment_id, note date, link text)``: write the case
    note of a done appointment (the main window opens the client file)."""

    key = "agenda"
    note_requested = Signal(int, int, object, str)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ops, bus, parent)
        self.mode = ViewMode.WEEK
        self.anchor: date | None = None  # None: today, once the settings tell the zone
        self.settings = AgendaSettings()
        self.period: Period | None = None
        self.appointments: list[AppointmentView] = []
        self.holidays: dict[date, str] = {}
        self._stale = True
        self._generation = 0
        self._select_id: int | None = None
        self.context_menu: QMenu | None = None
        self.export_dialog: Any = None
        self.actions = AgendaActions(ops, self)
        self.actions.note_requested.connect(self._note_requested)
        self.actions.dialog_opened.connect(self._dialog_opened)

        self.toolbar = AgendaToolbar(self)
        self.time_grid = TimeGrid(self)
        self.month_view = MonthView(self)
        self.list_view = AgendaListView(self)
        self.views = QStackedWidget(self)
        self.views.setObjectName("agendaViews")
        for widget in (self.time_grid, self.month_view, self.list_view):
            self.views.addWidget(widget)
        self.legend = Legend(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.legend)
        self._connect()
        self.toolbar.set_mode(self.mode)

        self.now_timer = QTimer(self)
        self.now_timer.setInterval(NOW_TICK_MS)
        self.now_timer.timeout.connect(self._tick)

    def title(self) -> str:
        return _("Agenda")

    def _connect(self) -> None:
        bar = self.toolbar
        bar.mode_chosen.connect(self.set_mode)
        bar.previous_button.clicked.connect(lambda: self.go(-1))
        bar.next_button.clicked.connect(lambda: self.go(1))
        bar.today_button.clicked.connect(self.go_today)
        bar.new_button.clicked.connect(lambda: self.new_appointment())
        bar.export_action.triggered.connect(lambda: self.open_export())
        grid = self.time_grid
        grid.create_requested.connect(lambda start: self.new_appointment(start))
        grid.open_requested.connect(self.actions.open_appointment)
        grid.move_requested.connect(self._move_requested)
        grid.context_requested.connect(self.show_context_menu)
        grid.day_requested.connect(self.show_day)
        self.month_view.day_requested.connect(self.show_day)
        self.month_view.open_requested.connect(self.actions.open_appointment)
        self.month_view.context_requested.connect(self.show_context_menu)
        self.list_view.open_requested.connect(self.actions.open_appointment)
        self.list_view.context_requested.connect(self.show_context_menu)
        shortcuts = (
            (QKeySequence(Qt.Key.Key_Left), lambda: self.go(-1)),
            (QKeySequence(Qt.Key.Key_Right), lambda: self.go(1)),
            (QKeySequence(Qt.Key.Key_T), self.go_today),
            (QKeySequence(QKeySequence.StandardKey.New), lambda: self.new_appointment()),
        )
        self.shortcuts: list[QShortcut] = []
        for sequence, slot in shortcuts:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # ---- navigation --------------------------------------------------------------------
    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def today(self) -> date:
        return datetime.now(self.zone).date()

    def set_mode(self, mode: ViewMode) -> None:
        self.mode = ViewMode(mode)
        self.toolbar.set_mode(self.mode)
        self._show_current_view()
        self.reload()

    def go(self, direction: int) -> None:
        self.anchor = step(self.mode, self.anchor or self.today(), direction)
        self.reload()

    def go_today(self) -> None:
        self.anchor = self.today()
        self.reload()

    def show_day(self, day: date) -> None:
        self.anchor = day
        self.set_mode(ViewMode.DAY)

    def go_to(self, day: date, mode: ViewMode | None = None) -> None:
        self.anchor = day
        if mode is not None:
            self.set_mode(mode)
        else:
            self.reload()

    def _show_current_view(self) -> None:
        if self.mode in GRID_MODES:
            self.views.setCurrentWidget(self.time_grid)
        elif self.mode is ViewMode.MONTH:
            self.views.setCurrentWidget(self.month_view)
        else:
            self.views.setCurrentWidget(self.list_view)
        if self.isVisible():
            self.current_view().setFocus()

    def current_view(self) -> QWidget:
        widget = self.views.currentWidget()
        return self.time_grid.canvas if widget is self.time_grid else widget

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if (
            changes.agenda
            or changes.clients
            or changes.settings
            or changes.profile
            or changes.vault
        ):
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.now_timer.start()
        if self._stale:
            self.reload()
        self.current_view().setFocus()

    def hideEvent(self, event: Any) -> None:
        self.now_timer.stop()
        super().hideEvent(event)

    def reload(self) -> None:
        if self.ops.vault is None:
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        self.ops.run_db(
            load_op(self.mode, self.anchor),
            on_success=lambda data: self._loaded(generation, data),
            owner=self,
        )

    def _loaded(self, generation: int, data: AgendaData) -> None:
        if generation != self._generation:
            return
        self.settings = data.settings
        self.actions.settings = data.settings
        self.anchor = data.anchor
        self.period = data.period
        self.appointments = data.appointments
        self.holidays = data.holidays
        zone = self.zone
        self.toolbar.period_label.setText(period_label(data.mode, data.period, data.anchor))
        days = data.period.dates()
        if data.mode in GRID_MODES:
            self.time_grid.set_content(
                days, data.appointments, data.settings, data.holidays, data.now
            )
        elif data.mode is ViewMode.MONTH:
            self.month_view.set_content(
                days, data.anchor.month, data.appointments, data.settings, data.holidays, data.now
            )
        else:
            self.list_view.set_content(data.appointments, zone)
        if self._select_id is not None:
            self.select(self._select_id)
            self._select_id = None

    def _tick(self) -> None:
        self.time_grid.set_now(datetime.now(UTC))

    def view_of(self, appointment_id: int) -> AppointmentView | None:
        return next((v for v in self.appointments if v.id == appointment_id), None)

    def select(self, appointment_id: int) -> None:
        if self.mode in GRID_MODES:
            self.time_grid.canvas.select(appointment_id)
            rect = self.time_grid.block_rect(appointment_id)
            if not rect.isNull():
                self.time_grid.scroll.ensureVisible(int(rect.center().x()), int(rect.top()), 0, 80)
        elif self.mode is ViewMode.LIST:
            self.list_view.select_appointment(appointment_id)

    # ---- appointments ------------------------------------------------------------------
    def new_appointment(self, start: datetime | None = None) -> Any:
        return self.actions.open_new(start=start)

    def show_appointment(self, appointment_id: int, *, open_dialog: bool = True) -> None:
        """Go to the appointment's day, select it, and open it (reminders, client file)."""

        def found(view: AppointmentView) -> None:
            self._select_id = view.id
            day = view.starts_at.astimezone(self.zone).date()
            if self.period is None or day not in self.period or self.anchor is None:
                self.anchor = day
            self.reload()
            if open_dialog:
                self.actions.edit(view)

        self.ops.run_db(get_op(appointment_id), on_success=found, owner=self)

    # ---- calendar export ---------------------------------------------------------------
    def shown_range(self) -> tuple[date, date]:
        """The dates the page shows: the month itself in the month view (not the days of
        the neighbouring months that fill its weeks); this week before the first load."""
        anchor = self.anchor or self.today()
        if self.mode is ViewMode.MONTH:
            first = month_start(anchor)
            return first, add_months(first, 1) - timedelta(days=1)
        period = self.period or period_for(self.mode, anchor, self.settings.work_days)
        return period.first, period.last

    def open_export(self) -> Any:
        """The "Export to calendar (.ics)" dialog, for the period shown."""
        from socialdesk.ui.agenda.export_dialog import ExportDialog

        self.close_export()
        first, last = self.shown_range()
        dialog = ExportDialog(
            self.ops, first, last, zone_name=self.settings.timezone, parent=self.window()
        )
        dialog.finished.connect(lambda _r: self._export_closed(dialog))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _export_closed(self, dialog: Any) -> None:
        if self.export_dialog is dialog:
            self.export_dialog = None
        dialog.deleteLater()

    def close_export(self) -> None:
        dialog, self.export_dialog = self.export_dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reject()

    def _dialog_opened(self, dialog: Any) -> None:
        dialog.saved.connect(self._saved)

    def _saved(self, view: AppointmentView) -> None:
        """Show where the appointment now is (the reload follows from the changes)."""
        self._select_id = view.id
        day = view.starts_at.astimezone(self.zone).date()
        if self.period is not None and day not in self.period:
            self.anchor = day
            self._stale = True

    def _move_requested(self, appointment_id: int, starts_at: datetime, ends_at: datetime) -> None:
        view = self.view_of(appointment_id)
        if view is not None:
            self.actions.move(view, starts_at, ends_at)

    def _note_requested(self, client_id: int, appointment_id: int) -> None:
        view = self.view_of(appointment_id)
        if view is None:
            day, text = self.today(), ""
        else:
            day, text = view.starts_at.astimezone(self.zone).date(), link_text(view, self.zone)
        self.note_requested.emit(client_id, appointment_id, day, text)

    def show_context_menu(self, appointment_id: int, global_pos: QPoint) -> QMenu | None:
        view = self.view_of(appointment_id)
        if view is None:
            return None
        menu = QMenu(self)
        menu.setObjectName("appointmentContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def add(name: str, text: str, slot: Any, enabled: bool = True) -> QAction:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            return action

        add("openAppointment", _("Open…"), lambda: self.actions.open_appointment(view.id))
        menu.addSeparator()
        statuses = (
            ("markDone", _("Mark done"), AppointmentStatus.DONE),
            ("markCancelled", _("Cancelled"), AppointmentStatus.CANCELLED),
            ("markLateCancelled", _("Cancelled late"), AppointmentStatus.LATE_CANCELLED),
            ("markNoShow", _("No-show"), AppointmentStatus.NO_SHOW),
            ("markPlanned", _("Back to planned"), AppointmentStatus.PLANNED),
        )
        for name, text, status in statuses:
            if status is AppointmentStatus.PLANNED and view.status is status:
                continue
            add(
                name,
                text,
                lambda _c=False, s=status: self.actions.set_status(view, s),
                enabled=view.status is not status,
            )
        menu.addSeparator()
        add(
            "deleteAppointment",
            _("Delete…"),
            lambda: self.actions.delete(view),
            enabled=view.status is not AppointmentStatus.DONE,
        )
        self.context_menu = menu
        menu.aboutToHide.connect(lambda: setattr(self, "context_menu", None))
        menu.popup(global_pos)
        return menu

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.actions.close_dialog()
        self.close_export()
        if self.context_menu is not None:
            self.context_menu.close()
            self.context_menu = None
        self.anchor = None
        self.period = None
        self.appointments = []
        self.holidays = {}
        self.settings = AgendaSettings()
        self._select_id = None
        self._stale = True
        self.toolbar.period_label.clear()
        self.time_grid.clear()
        self.month_view.clear()
        self.list_view.clear()

    def holds_vault_data(self) -> bool:
        return bool(
            self.appointments
            or self.time_grid.canvas.appointments
            or self.month_view.by_day
            or self.list_view.table_model.rows
            or self.actions.dialog is not None
        )
