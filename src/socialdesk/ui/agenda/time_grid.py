"""The day, work-week and week views: a header of dates over the hours grid.

The grid holds the whole day but opens on the working hours, sized so that they fill
the height of the window; earlier and later hours are a scroll away. A public holiday
gives its name in the header. Clicking a date in the header opens that day.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from socialdesk.domain.agenda import AgendaSettings, AppointmentView
from socialdesk.ui.agenda import grid_paint
from socialdesk.ui.agenda.grid_canvas import GridCanvas
from socialdesk.ui.agenda.periods import format_day

MIN_HOUR_HEIGHT = 36.0
MAX_HOUR_HEIGHT = 96.0
TODAY_ACCENT = "#1a56c4"


class DayHeader(QWidget):
    """Weekday and date of each column; a holiday's name below it."""

    day_clicked = Signal(object)

    def __init__(self, canvas: GridCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaDayHeader")
        self.canvas = canvas
        self.right_margin = 0
        line = QFontMetrics(self.font()).height()
        self.setFixedHeight(int(line * 2.6) + 8)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def _column_x(self, index: int) -> float:
        return self.canvas.column_x(index)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        canvas = self.canvas
        painter.fillRect(self.rect(), grid_paint.BASE)
        today = canvas.today_index()
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.82)
        line = QFontMetrics(bold).height()
        width = canvas.column_width()
        for index, day in enumerate(canvas.days):
            x = canvas.column_x(index)
            if day in canvas.holidays:
                painter.fillRect(QRectF(x, 0, width, self.height()), grid_paint.HOLIDAY)
            elif not canvas.is_open_day(day):
                painter.fillRect(QRectF(x, 0, width, self.height()), grid_paint.CLOSED_DAY)
            painter.setFont(bold)
            painter.setPen(grid_paint.TEXT if index != today else Qt.GlobalColor.white)
            label = format_day(day, "ddd d" if width < 140 else "dddd d MMM")
            label = label[:1].upper() + label[1:]
            box = QRectF(x + 4, 4, width - 8, line + 4)
            if index == today:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setBrush(grid_paint.QColor(TODAY_ACCENT))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawRoundedRect(box, 6, 6)
                painter.setPen(Qt.GlobalColor.white)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            holiday = canvas.holidays.get(day)
            if holiday:
                painter.setFont(small)
                painter.setPen(grid_paint.QColor("#9a4a00"))
                metrics = QFontMetrics(small)
                text = metrics.elidedText(holiday, Qt.TextElideMode.ElideRight, int(width - 8))
                painter.drawText(
                    QRectF(x + 4, line + 10, width - 8, metrics.height() + 2),
                    Qt.AlignmentFlag.AlignCenter,
                    text,
                )
        painter.setPen(grid_paint.HOUR_LINE)
        for index in range(len(canvas.days) + 1):
            x = canvas.column_x(index)
            painter.drawLine(int(x), 0, int(x), self.height())
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.canvas.days:
            x = event.position().x()
            if x >= self.canvas.column_x(0):
                self.day_clicked.emit(self.canvas.days[self.canvas.column_at(x)])


class TimeGrid(QWidget):
    """The hours grid of ``days``; re-emits the canvas's requests, plus
    ``day_requested(date)`` when a header date is clicked."""

    create_requested = Signal(object)
    open_requested = Signal(int)
    move_requested = Signal(int, object, object)
    context_requested = Signal(int, QPoint)
    day_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaTimeGrid")
        self.canvas = GridCanvas()
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("agendaGridScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setWidget(self.canvas)
        self.header = DayHeader(self.canvas, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        self._scrolled_once = False
        self._work_hours: tuple[int, int] | None = None

        self.canvas.create_requested.connect(self.create_requested)
        self.canvas.open_requested.connect(self.open_requested)
        self.canvas.move_requested.connect(self.move_requested)
        self.canvas.context_requested.connect(self.context_requested)
        self.header.day_clicked.connect(self.day_requested)

    def set_content(
        self,
        days: list[date],
        appointments: list[AppointmentView],
        settings: AgendaSettings,
        holidays: dict[date, str],
        now: datetime,
    ) -> None:
        self.canvas.now = now
        hours = self.canvas.working_minutes() if self._work_hours else None
        self.canvas.set_content(days, appointments, settings, holidays)
        if hours != self.canvas.working_minutes():
            self._work_hours = self.canvas.working_minutes()
            self._fit_hours()
            self.scroll_to_working_hours()
        self.header.update()

    def set_now(self, now: datetime) -> None:
        self.canvas.set_now(now)
        self.header.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_hours()
        if not self._scrolled_once:
            self.scroll_to_working_hours()

    def _fit_hours(self) -> None:
        """Hours tall enough for the working day to fill the visible height."""
        start, end = self.canvas.working_minutes()
        span_hours = max(1.0, (end - start) / 60 + 1)  # half an hour of margin each side
        visible = max(200, self.scroll.viewport().height())
        height = max(MIN_HOUR_HEIGHT, min(MAX_HOUR_HEIGHT, visible / span_hours))
        bar = self.scroll.verticalScrollBar()
        top_minutes = self.canvas.minutes_at(bar.value())
        self.canvas.set_hour_height(height)
        self.canvas.resize(self.canvas.width(), self.canvas.minimumHeight())
        bar.setMaximum(max(bar.maximum(), self.canvas.minimumHeight()))
        bar.setValue(int(self.canvas.y_of(top_minutes)))  # the same hour stays on top

    def scroll_to_working_hours(self) -> None:
        start, _end = self.canvas.working_minutes()
        self._scrolled_once = self.isVisible()
        self.scroll.verticalScrollBar().setValue(
            max(0, int(self.canvas.y_of(max(0, start - 30))) - 12)
        )

    def clear(self) -> None:
        self.canvas.set_content([], [], self.canvas.settings, {})
        self.header.update()

    def block_rect(self, appointment_id: int) -> QRectF:
        return self.canvas.block_rect(appointment_id)

    def slot_point(self, moment: datetime) -> QPoint:
        return self.canvas.slot_point(moment)
