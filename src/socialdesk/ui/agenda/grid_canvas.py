"""The painted hours of the day, week and work-week views, and what the mouse does there.

One column per day, the 24 hours from top to bottom; working hours stand out (outside
them, on closed days and on public holidays the background is shaded). Blocks carry the
kind's colour; a cancelled one is washed out and struck through, a done one has a check
mark, a no-show a cross; a home visit's travel time is a faint band before and after.

Mouse: double-click an empty slot to create there (snapped to 15 minutes), double-click a
block to open it, drag a block to move it (across days too), drag its bottom edge to
resize it, right-click for its menu. :meth:`block_rect` and :meth:`slot_point` tell tests
where to press.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QApplication, QWidget

from socialdesk.domain.agenda import AgendaSettings, AppointmentView
from socialdesk.ui.agenda import grid_paint
from socialdesk.ui.agenda.grid_layout import (
    DAY_MINUTES,
    SNAP_MINUTES,
    Placed,
    day_spans,
    lay_out,
    local_instant,
    snap,
    wall_minutes,
)

GUTTER = 52
RESIZE_EDGE = 6
MIN_BLOCK_PX = 16


@dataclass(slots=True)
class _Drag:
    view: AppointmentView
    resizing: bool
    press: QPoint
    offset_minutes: float  # from the block's start to the pressed point
    active: bool = False
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class GridCanvas(QWidget):
    """Signals: ``create_requested(datetime)``, ``open_requested(id)``,
    ``move_requested(id, starts_at, ends_at)``, ``context_requested(id, global QPoint)``,
    ``selection_changed(id | None)``."""

    create_requested = Signal(object)
    open_requested = Signal(int)
    move_requested = Signal(int, object, object)
    context_requested = Signal(int, QPoint)
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaGridCanvas")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hour_height = 48.0
        self.days: list[date] = []
        self.settings = AgendaSettings()
        self.zone = ZoneInfo(self.settings.timezone)
        self.holidays: dict[date, str] = {}
        self.appointments: dict[int, AppointmentView] = {}
        self.placed: list[Placed] = []
        self.selected_id: int | None = None
        self.now: datetime | None = None
        self._drag: _Drag | None = None
        self.setMinimumHeight(int(24 * self.hour_height))

    # ---- content -----------------------------------------------------------------------
    def set_content(
        self,
        days: list[date],
        appointments: list[AppointmentView],
        settings: AgendaSettings,
        holidays: dict[date, str],
    ) -> None:
        self.days = days
        self.settings = settings
        self.zone = ZoneInfo(settings.timezone)
        self.holidays = holidays
        self.appointments = {view.id: view for view in appointments}
        if self.selected_id not in self.appointments:
            self.selected_id = None
        self._drag = None
        self._place()
        self.update()

    def _place(self) -> None:
        per_day: dict[int, list] = {}
        first = self.days[0] if self.days else date.today()
        for view in self.appointments.values():
            for span in day_spans(view, first, len(self.days), self.zone):
                per_day.setdefault(span.day_index, []).append(span)
        min_minutes = int(MIN_BLOCK_PX * 60 / self.hour_height) + 1
        self.placed = [p for spans in per_day.values() for p in lay_out(spans, min_minutes)]

    def set_hour_height(self, height: float) -> None:
        if abs(height - self.hour_height) < 0.5:
            return
        self.hour_height = height
        self.setMinimumHeight(int(24 * height))
        self._place()
        self.update()

    def set_now(self, now: datetime) -> None:
        self.now = now
        self.update()

    def select(self, appointment_id: int | None) -> None:
        if appointment_id == self.selected_id:
            return
        self.selected_id = appointment_id
        self.selection_changed.emit(appointment_id)
        self.update()

    # ---- geometry ----------------------------------------------------------------------
    def column_width(self) -> float:
        return max(1.0, (self.width() - GUTTER) / max(1, len(self.days)))

    def column_x(self, index: int) -> float:
        return GUTTER + index * self.column_width()

    def y_of(self, minutes: float) -> float:
        return minutes * self.hour_height / 60

    def minutes_at(self, y: float) -> float:
        return max(0.0, min(float(DAY_MINUTES), y * 60 / self.hour_height))

    def column_at(self, x: float) -> int:
        index = int((x - GUTTER) // self.column_width())
        return max(0, min(len(self.days) - 1, index))

    def rect_of(self, placed: Placed) -> QRectF:
        span = placed.span
        lane_width = (self.column_width() - 6) / placed.lanes
        x = self.column_x(span.day_index) + 1 + placed.lane * lane_width
        top = self.y_of(span.start)
        height = max(self.y_of(span.end) - top, MIN_BLOCK_PX)
        return QRectF(x, top + 1, lane_width - 2, height - 2)

    def block_rect(self, appointment_id: int) -> QRectF:
        """Where the (first piece of the) block is drawn, in canvas coordinates."""
        for placed in self.placed:
            if placed.span.appointment_id == appointment_id:
                return self.rect_of(placed)
        return QRectF()

    def slot_point(self, moment: datetime) -> QPoint:
        """A point inside the slot that starts at ``moment`` (canvas coordinates)."""
        day, minutes = wall_minutes(moment, self.zone)
        index = self.days.index(day)
        x = self.column_x(index) + self.column_width() / 2
        return QPoint(int(x), int(self.y_of(minutes)) + 2)

    def slot_at(self, pos: QPointF | QPoint, *, floor: bool = False) -> datetime:
        """The local instant at ``pos`` snapped to 15 minutes (floored: the slot clicked)."""
        minutes = self.minutes_at(pos.y())
        rounded = int(minutes // SNAP_MINUTES) * SNAP_MINUTES if floor else snap(minutes)
        return local_instant(self.days[self.column_at(pos.x())], rounded, self.zone)

    def block_at(self, pos: QPointF | QPoint) -> tuple[AppointmentView, QRectF] | None:
        point = QPointF(pos)
        for placed in reversed(self.placed):
            rect = self.rect_of(placed)
            if rect.contains(point):
                return self.appointments[placed.span.appointment_id], rect
        return None

    # ---- painting ----------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        grid_paint.paint_background(self, painter)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.88)
        painter.setFont(font)
        for placed in self.placed:
            view = self.appointments[placed.span.appointment_id]
            grid_paint.paint_travel(self, painter, placed, view)
        for placed in self.placed:
            view = self.appointments[placed.span.appointment_id]
            dragged = self._drag is not None and self._drag.active and self._drag.view.id == view.id
            grid_paint.paint_block(
                painter,
                self.rect_of(placed),
                view,
                self.zone,
                selected=view.id == self.selected_id,
                faded=dragged,
            )
        if self._drag is not None and self._drag.active and self._drag.starts_at is not None:
            self._paint_ghost(painter)
        grid_paint.paint_now_line(self, painter)
        painter.end()

    def _paint_ghost(self, painter: QPainter) -> None:
        drag = self._drag
        assert drag is not None and drag.starts_at is not None and drag.ends_at is not None
        moved = replace(drag.view, starts_at=drag.starts_at, ends_at=drag.ends_at)
        first = self.days[0]
        for span in day_spans(moved, first, len(self.days), self.zone):
            placed = Placed(span, 0, 1)
            grid_paint.paint_block(
                painter, self.rect_of(placed), moved, self.zone, selected=True, ghost=True
            )

    # ---- mouse -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self.block_at(event.position())
        if hit is None:
            self.select(None)
            self._drag = None
            return
        view, rect = hit
        self.select(view.id)
        resizing = rect.bottom() - event.position().y() <= RESIZE_EDGE
        start_minutes = wall_minutes(view.starts_at, self.zone)[1]
        offset = self.minutes_at(event.position().y()) - start_minutes
        self._drag = _Drag(view, resizing, event.position().toPoint(), offset)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        pos = event.position()
        if drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
            hit = self.block_at(pos)
            near_edge = hit is not None and hit[1].bottom() - pos.y() <= RESIZE_EDGE
            self.setCursor(
                Qt.CursorShape.SizeVerCursor
                if near_edge
                else Qt.CursorShape.PointingHandCursor
                if hit
                else Qt.CursorShape.ArrowCursor
            )
            return
        if not drag.active:
            moved = (pos.toPoint() - drag.press).manhattanLength()
            if moved < QApplication.startDragDistance():
                return
            drag.active = True
        drag.starts_at, drag.ends_at = self._dragged_span(drag, pos)
        self.update()

    def _dragged_span(self, drag: _Drag, pos: QPointF) -> tuple[datetime, datetime]:
        view = drag.view
        if drag.resizing:
            start_day, start_min = wall_minutes(view.starts_at, self.zone)
            end_min = max(start_min + SNAP_MINUTES, snap(self.minutes_at(pos.y())))
            end_min = min(end_min, DAY_MINUTES)
            return view.starts_at, local_instant(start_day, end_min, self.zone)
        minutes = snap(max(0.0, self.minutes_at(pos.y()) - drag.offset_minutes))
        minutes = min(minutes, DAY_MINUTES - SNAP_MINUTES)
        start = local_instant(self.days[self.column_at(pos.x())], minutes, self.zone)
        return start, start + (view.ends_at - view.starts_at)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self.update()
        if not drag.active:
            return
        starts_at, ends_at = self._dragged_span(drag, event.position())
        if starts_at != drag.view.starts_at or ends_at != drag.view.ends_at:
            self.move_requested.emit(drag.view.id, starts_at, ends_at)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.days:
            return
        self._drag = None
        hit = self.block_at(event.position())
        if hit is not None:
            self.open_requested.emit(hit[0].id)
        else:
            self.create_requested.emit(self.slot_at(event.position(), floor=True))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        hit = self.block_at(event.pos())
        if hit is None:
            return
        self.select(hit[0].id)
        self.context_requested.emit(hit[0].id, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
            self.update()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id:
            self.open_requested.emit(self.selected_id)
            return
        super().keyPressEvent(event)

    def today_index(self) -> int | None:
        if self.now is None:
            return None
        today = self.now.astimezone(self.zone).date()
        return self.days.index(today) if today in self.days else None

    def is_open_day(self, day: date) -> bool:
        return day.weekday() in self.settings.work_days and day not in self.holidays

    def working_minutes(self) -> tuple[int, int]:
        start, end = self.settings.day_start, self.settings.day_end
        return start.hour * 60 + start.minute, end.hour * 60 + end.minute
