"""How the hours grid and its appointment blocks are drawn (no state, no events).

Status is never told by colour alone: a cancelled block is washed out, dashed and struck
through and says "Cancelled"; a done one carries a check mark; a no-show is hatched with
a cross and says "No-show".
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen

from socialdesk.domain.agenda import KINDS_WITH_TRAVEL, AppointmentView
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.ui.agenda.grid_layout import DAY_MINUTES, Placed, wall_minutes
from socialdesk.ui.agenda.style import (
    appointment_caption,
    appointment_fill,
    hhmm,
    kind_color,
    kind_label,
    status_label,
)

if TYPE_CHECKING:
    from socialdesk.ui.agenda.grid_canvas import GridCanvas

BASE = QColor("#ffffff")
OFF_HOURS = QColor("#f3f4f6")
CLOSED_DAY = QColor("#eceef1")
HOLIDAY = QColor("#fbf0e4")
TODAY = QColor("#f1f6fe")
HOUR_LINE = QColor("#dde0e5")
HALF_LINE = QColor("#eff1f3")
GUTTER_TEXT = QColor("#5f6672")
GUTTER_TEXT_OFF = QColor("#a3a9b3")
NOW = QColor("#d93025")
TEXT = QColor("#1f2328")
TEXT_FREED = QColor("#6b7280")
DONE_MARK = QColor("#1e7d32")
NO_SHOW_MARK = QColor("#b3261e")
SELECTED = QColor("#1a3d7c")
FREED = (AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED)


def paint_background(canvas: GridCanvas, painter: QPainter) -> None:
    width, height = canvas.width(), canvas.height()
    painter.fillRect(0, 0, width, height, BASE)
    work_start, work_end = canvas.working_minutes()
    today = canvas.today_index()
    column = canvas.column_width()
    for index, day in enumerate(canvas.days):
        x = canvas.column_x(index)
        if day in canvas.holidays:
            painter.fillRect(QRectF(x, 0, column, height), HOLIDAY)
        elif not canvas.is_open_day(day):
            painter.fillRect(QRectF(x, 0, column, height), CLOSED_DAY)
        else:
            top, bottom = canvas.y_of(work_start), canvas.y_of(work_end)
            painter.fillRect(QRectF(x, 0, column, top), OFF_HOURS)
            painter.fillRect(QRectF(x, bottom, column, height - bottom), OFF_HOURS)
            if index == today:
                painter.fillRect(QRectF(x, top, column, bottom - top), TODAY)
    metrics = QFontMetrics(painter.font())
    for hour in range(25):
        y = canvas.y_of(hour * 60)
        painter.setPen(QPen(HOUR_LINE, 1))
        painter.drawLine(QPointF(canvas.column_x(0) - 4, y), QPointF(width, y))
        if hour < 24:
            half = y + canvas.hour_height / 2
            painter.setPen(QPen(HALF_LINE, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(canvas.column_x(0), half), QPointF(width, half))
        if 0 < hour < 24:
            working = work_start <= hour * 60 <= work_end
            painter.setPen(GUTTER_TEXT if working else GUTTER_TEXT_OFF)
            label = f"{hour:02d}:00"
            box = QRectF(0, y - metrics.height() / 2, canvas.column_x(0) - 8, metrics.height())
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
    painter.setPen(QPen(HOUR_LINE, 1))
    for index in range(len(canvas.days) + 1):
        x = canvas.column_x(index)
        painter.drawLine(QPointF(x, 0), QPointF(x, height))


def paint_travel(
    canvas: GridCanvas, painter: QPainter, placed: Placed, view: AppointmentView
) -> None:
    """A faint band over the travel time before and after a visit outside."""
    minutes = view.travel_minutes or 0
    if view.kind not in KINDS_WITH_TRAVEL or minutes <= 0 or view.status in FREED:
        return
    rect = canvas.rect_of(placed)
    color = kind_color(view.kind)
    color.setAlpha(70)
    brush = QBrush(color, Qt.BrushStyle.Dense5Pattern)
    span = placed.span
    if not span.continues_before:
        top = canvas.y_of(max(0, span.start - minutes))
        painter.fillRect(QRectF(rect.left() + 4, top, rect.width() - 8, rect.top() - top), brush)
    if not span.continues_after:
        bottom = canvas.y_of(min(DAY_MINUTES, span.end + minutes))
        painter.fillRect(
            QRectF(rect.left() + 4, rect.bottom(), rect.width() - 8, bottom - rect.bottom()),
            brush,
        )


def _round_pen(color: QColor) -> QPen:
    pen = QPen(color, 2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _check_mark(painter: QPainter, corner: QPointF, size: float) -> None:
    painter.setPen(_round_pen(DONE_MARK))
    path = QPainterPath(QPointF(corner.x(), corner.y() + size * 0.55))
    path.lineTo(corner.x() + size * 0.38, corner.y() + size * 0.9)
    path.lineTo(corner.x() + size, corner.y() + size * 0.1)
    painter.drawPath(path)


def _cross(painter: QPainter, corner: QPointF, size: float) -> None:
    painter.setPen(_round_pen(NO_SHOW_MARK))
    painter.drawLine(corner, QPointF(corner.x() + size, corner.y() + size))
    painter.drawLine(QPointF(corner.x() + size, corner.y()), QPointF(corner.x(), corner.y() + size))


def people(view: AppointmentView) -> str:
    names = ", ".join(p.display_name for p in view.participants[:3])
    more = len(view.participants) - 3
    return names + (f" +{more}" if more > 0 else "")


def block_lines(view: AppointmentView, zone: ZoneInfo) -> list[str]:
    """Time (and status when not planned/done), the people (else the caption), then the
    title and the place when there is room."""
    when = f"{hhmm(view.starts_at, zone)}–{hhmm(view.ends_at, zone)}"
    if view.status not in (AppointmentStatus.PLANNED, AppointmentStatus.DONE):
        when += f" · {status_label(view.status)}"
    who = people(view)
    lines = [when, who or appointment_caption(view)]
    if who:
        lines.append(view.title or kind_label(view.kind))
    if view.place:
        lines.append(view.place)
    return lines


def paint_block(
    painter: QPainter,
    rect: QRectF,
    view: AppointmentView,
    zone: ZoneInfo,
    *,
    selected: bool = False,
    faded: bool = False,
    ghost: bool = False,
) -> None:
    freed = view.status in FREED
    fill = appointment_fill(view)
    if faded:
        fill.setAlpha(90)
    elif ghost:
        fill.setAlpha(200)
    path = QPainterPath()
    path.addRoundedRect(rect, 4, 4)
    painter.fillPath(path, fill)
    if view.status is AppointmentStatus.NO_SHOW:
        painter.fillPath(path, QBrush(QColor(120, 20, 20, 45), Qt.BrushStyle.BDiagPattern))
    stripe = kind_color(view.kind).darker(160 if not freed else 115)
    painter.fillRect(QRectF(rect.left(), rect.top() + 2, 3, rect.height() - 4), stripe)
    if selected:
        pen = QPen(SELECTED, 2)
    elif freed:
        pen = QPen(kind_color(view.kind).darker(135), 1, Qt.PenStyle.DashLine)
    else:
        pen = QPen(kind_color(view.kind).darker(130), 1)
    if ghost:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawPath(path)

    mark = 0.0
    if view.status is AppointmentStatus.DONE:
        mark = 11.0
        _check_mark(painter, QPointF(rect.right() - mark - 4, rect.top() + 4), mark)
    elif view.status is AppointmentStatus.NO_SHOW:
        mark = 9.0
        _cross(painter, QPointF(rect.right() - mark - 5, rect.top() + 5), mark)

    painter.save()
    painter.setClipPath(path)
    base_font = QFont(painter.font())
    base_font.setStrikeOut(freed)
    bold = QFont(base_font)
    bold.setWeight(QFont.Weight.DemiBold)
    metrics = QFontMetrics(base_font)
    line = metrics.height()
    text_rect = rect.adjusted(6, 2, -(4 + (mark + 4 if mark else 0)), -2)
    painter.setPen(TEXT_FREED if freed else TEXT)
    lines = block_lines(view, zone)
    if text_rect.height() < 2 * line:
        painter.setFont(bold)
        text = metrics.elidedText(
            f"{hhmm(view.starts_at, zone)} {lines[1]}",
            Qt.TextElideMode.ElideRight,
            int(text_rect.width()),
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
    else:
        rows = [(bold if i == 1 else base_font, text) for i, text in enumerate(lines)]
        y = text_rect.top()
        for font, text in rows:
            if y + line > text_rect.bottom() + 1:
                break
            painter.setFont(font)
            elided = QFontMetrics(font).elidedText(
                text, Qt.TextElideMode.ElideRight, int(text_rect.width())
            )
            painter.drawText(
                QRectF(text_rect.left(), y, text_rect.width(), line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                elided,
            )
            y += line
    painter.restore()


def paint_now_line(canvas: GridCanvas, painter: QPainter) -> None:
    if canvas.now is None or not canvas.days:
        return
    day, minutes = wall_minutes(canvas.now, canvas.zone)
    if day not in canvas.days:
        return
    index = canvas.days.index(day)
    y = canvas.y_of(minutes)
    faint = QColor(NOW)
    faint.setAlpha(70)
    painter.setPen(QPen(faint, 1))
    painter.drawLine(QPointF(canvas.column_x(0), y), QPointF(canvas.width(), y))
    x = canvas.column_x(index)
    painter.setPen(QPen(NOW, 2))
    painter.drawLine(QPointF(x, y), QPointF(x + canvas.column_width(), y))
    painter.setBrush(NOW)
    painter.drawEllipse(QPointF(x, y), 4, 4)
    painter.setBrush(Qt.BrushStyle.NoBrush)
