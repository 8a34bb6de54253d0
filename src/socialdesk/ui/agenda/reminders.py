"""Appointment reminders while the application runs (and the vault is unlocked).

:class:`ReminderScheduler` belongs to the session controller: ``start()`` at unlock,
``stop()`` at lock, which forgets everything it read. Every :data:`TICK_MS` it asks
:func:`socialdesk.domain.reminders.due_reminders` which reminders are due since the last
check, from the planned appointments of the next day read on the worker (re-read every
few minutes, and soon after an agenda change).

Sleep and resume: a laptop closed at 9:50 and opened at 10:20 wakes a timer that thinks
30 s went by. Each tick compares the wall-clock time elapsed with the monotonic time
elapsed; when they disagree the clock jumped, so the appointments are read again at once
and the reminders missed meanwhile are shown once — only for appointments that have not
started yet.

What a reminder says is minimal — the time, the kind and initials — because a
notification pops up over whatever is on the screen, possibly in front of someone else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from socialdesk.domain.agenda import AgendaSettings, AppointmentView
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.errors import VaultLocked
from socialdesk.domain.reminders import due_reminders
from socialdesk.i18n import _
from socialdesk.ui.agenda.style import hhmm, kind_label
from socialdesk.ui.agenda.toast import Toast, ToastArea
from socialdesk.ui.client_file.labels import format_date
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Monotonic = Callable[[], float]

TICK_MS = 30_000
"""How often the due reminders are checked."""
REFRESH_SECONDS = 5 * 60
"""The appointments are read again at least this often (and after any agenda change)."""
JUMP_SECONDS = 60
"""Wall-clock and monotonic time may drift apart by this much between two ticks before we
call it a clock jump (sleep/resume, a changed clock)."""
CHANGE_DELAY_MS = 500
"""After an agenda change, wait this long (more changes may follow) before re-reading."""
TRAY_TIMEOUT_MS = 10 * 60 * 1000
"""A hint only: most desktops decide themselves how long a notification stays."""
MAX_INITIALS = 3


def utc_now() -> datetime:
    return datetime.now(UTC)


def reminder_text(
    appointment: AppointmentView, zone: ZoneInfo, now: datetime | None = None
) -> tuple[str, str]:
    """(title, text) of a notification: "Appointment at 10:30", "Home visit · É.D."

    No names, no title, no place: initials are enough for the one who planned it. The
    day is said when it is not today (a reminder set a day ahead)."""
    start = appointment.starts_at.astimezone(zone)
    today = (now or utc_now()).astimezone(zone).date()
    time_text = hhmm(appointment.starts_at, zone)
    if start.date() == today:
        title = _("Appointment at {time}", time=time_text)
    elif start.date() == today + timedelta(days=1):
        title = _("Appointment tomorrow at {time}", time=time_text)
    else:
        title = _("Appointment on {day} at {time}", day=format_date(start.date()), time=time_text)
    initials = [p.initials for p in appointment.participants[:MAX_INITIALS]]
    more = len(appointment.participants) - MAX_INITIALS
    if more > 0:
        initials.append(f"+{more}")
    parts = [kind_label(appointment.kind)]
    if initials:
        parts.append(" ".join(initials))
    return title, " · ".join(parts)


class ReminderNotifier(QObject):
    """Shows a reminder as a desktop notification from the system tray when there is one,
    else as a toast in the main window; a click opens the appointment in the agenda."""

    def __init__(self, parent: QObject | None = None, *, use_tray: bool | None = None) -> None:
        super().__init__(parent)
        self._use_tray = use_tray  # None: whenever the system has a tray
        self.window: QWidget | None = None
        self.tray: QSystemTrayIcon | None = None
        self.toast_area: ToastArea | None = None
        self._tray_appointment_id: int | None = None

    def attach(self, window: QWidget | None) -> None:
        if window is not self.window:
            self.clear()
            if self.toast_area is not None:
                self.toast_area.deleteLater()
            self.toast_area = None
        self.window = window

    def uses_tray(self) -> bool:
        if self._use_tray is not None:
            return self._use_tray
        return QSystemTrayIcon.isSystemTrayAvailable()

    def notify(
        self, appointment: AppointmentView, zone: ZoneInfo, now: datetime | None = None
    ) -> Toast | None:
        title, text = reminder_text(appointment, zone, now)
        if self.uses_tray():
            tray = self._tray()
            self._tray_appointment_id = appointment.id
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, TRAY_TIMEOUT_MS)
            return None
        if self.window is None:
            return None
        if self.toast_area is None:
            self.toast_area = ToastArea(self.window)
        toast = self.toast_area.show_toast(title, text)
        toast.setToolTip(_("Open this appointment in the agenda"))
        toast.activated.connect(lambda i=appointment.id: self.open_appointment(i))
        QApplication.alert(self.window)
        return toast

    def toasts(self) -> list[Toast]:
        return list(self.toast_area.toasts) if self.toast_area is not None else []

    def _tray(self) -> QSystemTrayIcon:
        if self.tray is None:
            app = QApplication.instance()
            icon = app.windowIcon() if isinstance(app, QApplication) else None
            self.tray = QSystemTrayIcon(self)
            if icon is not None:
                self.tray.setIcon(icon)
            self.tray.setToolTip(_("SocialDesk"))
            self.tray.messageClicked.connect(self._tray_clicked)
            self.tray.activated.connect(lambda _reason: self._raise_window())
        self.tray.show()
        return self.tray

    def _tray_clicked(self) -> None:
        if self._tray_appointment_id is not None:
            self.open_appointment(self._tray_appointment_id)

    def _raise_window(self) -> QWidget | None:
        window = self.window
        if window is None or not shiboken6.isValid(window) or not window.isVisible():
            return None  # locked meanwhile
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        return window

    def open_appointment(self, appointment_id: int) -> None:
        window = self._raise_window()
        if window is None:
            return
        show = getattr(window, "show_appointment", None)
        if callable(show):
            show(appointment_id)

    def clear(self) -> None:
        """Take every toast and the tray icon away (the vault locks)."""
        if self.toast_area is not None:
            self.toast_area.clear()
        if self.tray is not None:
            self.tray.hide()
        self._tray_appointment_id = None


class ReminderScheduler(QObject):
    """``reminder_shown(Reminder)`` after each reminder was shown (tests, logs)."""

    reminder_shown = Signal(object)

    def __init__(
        self,
        ops: Operations,
        bus: ChangeBus,
        *,
        clock: Clock = utc_now,
        monotonic: Monotonic = time.monotonic,
        notifier: ReminderNotifier | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.clock = clock
        self.monotonic = monotonic
        self.notifier = notifier or ReminderNotifier(self)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.check)
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.setInterval(CHANGE_DELAY_MS)
        self._change_timer.timeout.connect(self.check)
        bus.changed.connect(self._on_changes)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # Coming back to the computer (often right after a resume): check at once
            # rather than at the next tick.
            app.applicationStateChanged.connect(self._application_state_changed)
        self._running = False
        self._forget()

    def _forget(self) -> None:
        self._settings: AgendaSettings | None = None
        self._candidates: list[AppointmentView] | None = None
        self._loaded_at = 0.0  # monotonic
        self._stale = True
        self._loading = False
        self._since: datetime | None = None
        self._last_wall: datetime | None = None
        self._last_monotonic = 0.0
        # appointment id -> the start it was reminded for (a moved appointment is
        # reminded again for its new time)
        self._shown: dict[int, datetime] = {}

    # ---- life ------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._running

    def start(self, window: QWidget | None = None) -> None:
        """The vault is open: check now and every :data:`TICK_MS`."""
        self._forget()
        self.notifier.attach(window)
        self._running = True
        self.timer.start()
        self.check()

    def stop(self) -> None:
        """The vault locks: stop, forget what was read and close the reminders shown."""
        self._running = False
        self.timer.stop()
        self._change_timer.stop()
        self._forget()
        self.notifier.clear()

    def holds_vault_data(self) -> bool:
        return self._candidates is not None or bool(self._shown)

    def _on_changes(self, changes: Changes) -> None:
        if not self._running:
            return
        if changes.agenda or changes.settings or changes.profile or changes.clients:
            self._stale = True
            self._change_timer.start()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    # ---- checking --------------------------------------------------------------------
    def check(self) -> None:
        """One tick: notice a clock jump, re-read the appointments when due, show what
        is due."""
        if not self._running:
            return
        now, mono = self.clock(), self.monotonic()
        if self._last_wall is not None:
            wall_elapsed = (now - self._last_wall).total_seconds()
            drift = wall_elapsed - (mono - self._last_monotonic)
            if abs(drift) > JUMP_SECONDS:
                log.info("Clock jump of %.0f s noticed: reminders checked again", drift)
                self._stale = True
        self._last_wall, self._last_monotonic = now, mono
        if self._stale or self._candidates is None or mono - self._loaded_at >= REFRESH_SECONDS:
            self._load(now)
        else:
            self._show_due(now)

    def _load(self, now: datetime) -> None:
        if self._loading:
            return  # the read in progress shows what is due when it comes back
        self._loading = True

        def read(uow: Any) -> tuple[tuple[AgendaSettings, list[AppointmentView]], Changes]:
            from socialdesk.services.agenda import agenda_settings, reminder_candidates

            return (agenda_settings(uow), list(reminder_candidates(uow, now))), NO_CHANGES

        self.ops.run_db(read, on_success=self._loaded, on_error=self._load_failed, owner=self)

    def _loaded(self, result: tuple[AgendaSettings, list[AppointmentView]]) -> None:
        self._loading = False
        if not self._running:
            return
        self._settings, self._candidates = result
        self._loaded_at = self.monotonic()
        self._stale = False
        self._show_due(self.clock())

    def _load_failed(self, error: BaseException) -> bool:
        self._loading = False
        if not isinstance(error, VaultLocked):
            # Not a dialog every 30 s: the agenda page shows the same error when opened.
            log.error("Reminders could not read the agenda", exc_info=error)
        return True

    def _show_due(self, now: datetime) -> None:
        settings, candidates = self._settings, self._candidates
        if settings is None or candidates is None:
            return
        since = now if self._since is None else min(self._since, now)
        starts = {view.id: view.starts_at for view in candidates}
        already = {i for i, start in self._shown.items() if starts.get(i, start) == start}
        due = due_reminders(
            candidates,
            now=now,
            since=since,
            default_minutes=settings.default_reminder_minutes,
            already_shown=already,
        )
        self._since = now
        zone = _zone(settings.timezone)
        for reminder in due:
            appointment = reminder.appointment
            if self._shown.get(appointment.id) == appointment.starts_at:
                continue
            self._shown[appointment.id] = appointment.starts_at
            self.notifier.notify(appointment, zone, now)
            self.reminder_shown.emit(reminder)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")
