"""The month view: whole weeks, a few appointments per day and "+N more".

Click a day to open it in the Day view; double-click an appointment line to open it;
right-click it for its menu.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QWidget

from socialdesk.domain.agenda import AgendaSettings, AppointmentView
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.i18n import _
from socialdesk.ui.agenda import grid_paint
from socialdesk.ui.agenda.grid_paint import people
from socialdesk.ui.agenda.periods import format_day
from socialdesk.ui.agenda.style import appointment_caption, hhmm, kind_color

MAX_LINES = 4
HEADER_HEIGHT = 24
TODAY_ACCENT = QColor("#1a56c4")
OTHER_MONTH_TEXT = QColor("#9aa1ab")


class MonthView(QWidget):
    """Signals: ``day_requested(date)``, ``open_requested(id)``,
    ``context_requested(id, global QPoint)``."""

    day_requested = Signal(object)
    open_requested = Signal(int)
    context_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaMonthView")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.days: list[date] = []
        self.month = date.today().month
        self.settings = AgendaSettings()
        self.zone = ZoneInfo(self.settings.timezone)
        self.holidays: dict[date, str] = {}
        self.by_day: dict[date, list[AppointmentView]] = {}
        self.today: date | None = None
        self._line_rects: list[tuple[QRectF, int]] = []

    def set_content(
        self,
        days: list[date],
        month: int,
        appointments: list[AppointmentView],
        settings: AgendaSettings,
        holidays: dict[date, str],
        now: datetime,
    ) -> None:
        self.days, self.month, self.settings, self.holidays = days, month, settings, holidays
        self.zone = ZoneInfo(settings.timezone)
        self.today = now.astimezone(self.zone).date()
        self.by_day = {}
        for view in appointments:
            day = view.starts_at.astimezone(self.zone).date()
            self.by_day.setdefault(day, []).append(view)
        for views in self.by_day.values():
            views.sort(key=lambda v: (v.starts_at, v.id))
        self.update()

    def clear(self) -> None:
        self.days, self.by_day, self.holidays = [], {}, {}
        self.update()

    # ---- geometry ----------------------------------------------------------------------
    def _cell_size(self) -> tuple[float, float]:
        weeks = max(1, len(self.days) // 7)
        return self.width() / 7, (self.height() - HEADER_HEIGHT) / weeks

    def cell_rect(self, day: date) -> QRectF:
        index = (day - self.days[0]).days
        width, height = self._cell_size()
        return QRectF((index % 7) * width, HEADER_HEIGHT + (index // 7) * height, width, height)

    def day_at(self, pos: QPointF) -> date | None:
        if not self.days or pos.y() < HEADER_HEIGHT:
            return None
        width, height = self._cell_size()
        column = min(6, int(pos.x() // width))
        row = int((pos.y() - HEADER_HEIGHT) // height)
        index = row * 7 + column
        return self.days[index] if 0 <= index < len(self.days) else None

    def appointment_at(self, pos: QPointF) -> int | None:
        return next((i for rect, i in self._line_rects if rect.contains(pos)), None)

    # ---- painting ----------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), grid_paint.BASE)
        self._line_rects = []
        if not self.days:
            painter.end()
            return
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.86)
        width, _height = self._cell_size()
        painter.setFont(bold)
        painter.setPen(grid_paint.GUTTER_TEXT)
        for column in range(7):
            name = format_day(self.days[column], "dddd" if width > 110 else "ddd")
            painter.drawText(
                QRectF(column * width, 0, width, HEADER_HEIGHT),
                Qt.AlignmentFlag.AlignCenter,
                name[:1].upper() + name[1:],
            )
        for day in self.days:
            self._paint_day(painter, day, bold, small)
        painter.setPen(grid_paint.HOUR_LINE)
        for day in self.days:
            painter.drawRect(self.cell_rect(day))
        painter.end()

    def _paint_day(self, painter: QPainter, day: date, bold: QFont, small: QFont) -> None:
        rect = self.cell_rect(day)
        in_month = day.month == self.month
        holiday = self.holidays.get(day)
        if holiday:
            painter.fillRect(rect, grid_paint.HOLIDAY)
        elif day.weekday() not in self.settings.work_days or not in_month:
            painter.fillRect(rect, grid_paint.OFF_HOURS)
        metrics = QFontMetrics(small)
        line = metrics.height() + 2
        number = QRectF(rect.left() + 4, rect.top() + 3, 26, line)
        painter.setFont(bold)
        if day == self.today:
            painter.setBrush(TODAY_ACCENT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(number, 6, 6)
            painter.setPen(Qt.GlobalColor.white)
        else:
            painter.setPen(grid_paint.TEXT if in_month else OTHER_MONTH_TEXT)
        painter.drawText(number, Qt.AlignmentFlag.AlignCenter, str(day.day))
        painter.setFont(small)
        if holiday:
            painter.setPen(QColor("#9a4a00"))
            text = metrics.elidedText(holiday, Qt.TextElideMode.ElideRight, int(rect.width() - 36))
            painter.drawText(
                QRectF(number.right() + 4, number.top(), rect.width() - 36, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        views = self.by_day.get(day, [])
        room = max(0, int((rect.height() - line - 6) // line))
        shown = (
            views
            if len(views) <= min(room, MAX_LINES)
            else views[: max(0, min(room, MAX_LINES) - 1)]
        )
        y = number.bottom() + 2
        for view in shown:
            line_rect = QRectF(rect.left() + 3, y, rect.width() - 6, line - 1)
            self._paint_line(painter, line_rect, view, small)
            self._line_rects.append((line_rect, view.id))
            y += line
        hidden = len(views) - len(shown)
        if hidden > 0:
            painter.setPen(grid_paint.GUTTER_TEXT)
            painter.drawText(
                QRectF(rect.left() + 6, y, rect.width() - 8, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                _("+{count} more", count=hidden),
            )

    def _paint_line(
        self, painter: QPainter, rect: QRectF, view: AppointmentView, font: QFont
    ) -> None:
        freed = view.frees_slot
        fill = kind_color(view.kind)
        fill.setAlpha(90 if freed else 170)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        text_font = QFont(font)
        text_font.setStrikeOut(freed)
        painter.setFont(text_font)
        painter.setPen(grid_paint.TEXT_FREED if freed else grid_paint.TEXT)
        prefix = "✓ " if view.status is AppointmentStatus.DONE else ""
        if view.status is AppointmentStatus.NO_SHOW:
            prefix = "✗ "
        text = (
            f"{prefix}{hhmm(view.starts_at, self.zone)} {people(view) or appointment_caption(view)}"
        )
        metrics = QFontMetrics(text_font)
        painter.drawText(
            rect.adjusted(4, 0, -2, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width() - 6)),
        )

    # ---- mouse -------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.appointment_at(event.position()) is not None:
            return  # a line: double-click opens it
        day = self.day_at(event.position())
        if day is not None:
            self.day_requested.emit(day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        appointment_id = self.appointment_at(event.position())
        if appointment_id is not None:
            self.open_requested.emit(appointment_id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        appointment_id = self.appointment_at(QPointF(event.pos()))
        if appointment_id is not None:
            self.context_requested.emit(appointment_id, event.globalPos())
