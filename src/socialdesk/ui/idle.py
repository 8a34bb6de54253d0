"""Lock after a period without keyboard or mouse activity (one application-wide event
filter and one single-shot timer, as KeePassXC does)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

DEFAULT_IDLE_MINUTES = 5

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    """Emits ``idle`` once after ``minutes`` without activity while running."""

    idle = Signal()

    def __init__(
        self, minutes: float = DEFAULT_IDLE_MINUTES, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, round(minutes * 60_000)))
        self._timer.timeout.connect(self.idle)
        self._running = False

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def running(self) -> bool:
        return self._running

    def set_minutes(self, minutes: float) -> None:
        """Change the delay now (Settings → Security & retention); a running countdown
        starts again from the new delay."""
        self._timer.setInterval(max(1, round(minutes * 60_000)))
        if self._running:
            self._timer.start()

    def start(self) -> None:
        app = QApplication.instance()
        if not self._running and app is not None:
            app.installEventFilter(self)
            self._running = True
        self._timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if self._running and app is not None:
            app.removeEventFilter(self)
        self._running = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._timer.start()
        return False
