"""Lock when the computer locks its screen or goes to sleep, where the platform says so.

Linux: systemd-logind on the system bus. ``org.freedesktop.login1.Manager``'s
``PrepareForSleep(true)`` comes just before suspend or hibernation, and the ``Lock``
signal of our own session (``org.freedesktop.login1.Session``) when the screen locker
starts (``loginctl lock-session``, and what GNOME, KDE and most lockers trigger). The
session is the one logind gives for our process id. Without a system bus, without logind,
or outside a logind session, nothing happens: the idle timer still locks.

Other platforms: nothing here (documented in SECURITY.md). Windows' session-lock
notification (``WTSRegisterSessionNotification``) and macOS's
``com.apple.screenIsLocked`` distributed notification need a native event filter or
PyObjC, which this build does not ship; the idle timer is the protection there.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import SLOT, QObject, Signal, Slot

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
DBUS_TIMEOUT_MS = 1_000


class SessionLockWatcher(QObject):
    """Emits ``lock_now`` when the screen locks or the machine is about to sleep."""

    lock_now = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listening: list[str] = []  # what is watched (tests, diagnostics)

    def start(self) -> None:
        """Connect to the platform's notifications; silent when there are none."""
        if self.listening or not sys.platform.startswith("linux"):
            return
        try:
            self._listen_to_logind()
        except Exception:  # never let a missing bus stop the app
            log.info("No screen-lock notifications: the system bus is not usable")

    def _listen_to_logind(self) -> None:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            return
        if bus.connect(
            LOGIN1,
            LOGIN1_PATH,
            MANAGER,
            "PrepareForSleep",
            self,
            SLOT("on_prepare_for_sleep(bool)"),
        ):
            self.listening.append("PrepareForSleep")
        manager = QDBusInterface(LOGIN1, LOGIN1_PATH, MANAGER, bus)
        manager.setTimeout(DBUS_TIMEOUT_MS)
        reply = manager.call("GetSessionByPID", os.getpid())
        arguments = reply.arguments()
        if not arguments:
            return  # not in a logind session (an SSH shell, a container)
        path = arguments[0]
        session_path = path.path() if hasattr(path, "path") else str(path)
        if bus.connect(LOGIN1, session_path, SESSION, "Lock", self, SLOT("on_session_lock()")):
            self.listening.append("Lock")

    @Slot(bool)
    def on_prepare_for_sleep(self, starting: bool) -> None:
        if starting:  # False comes at resume: the vault is locked already
            self.lock_now.emit()

    @Slot()
    def on_session_lock(self) -> None:
        self.lock_now.emit()
