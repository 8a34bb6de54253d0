"""The activity report's figures on screen: appointments held by kind, this period against
the previous one, as a QtCharts bar chart (kinds down the side) above the preview (the
PDF has its own charts)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from socialdesk.domain.activity import ActivityFigures
from socialdesk.domain.enums import AppointmentKind, AppointmentStatus
from socialdesk.i18n import _
from socialdesk.ui.agenda.style import kind_label

CURRENT_COLOR = QColor("#0b57d0")
PREVIOUS_COLOR = QColor("#a8c4f0")
HEIGHT = 230


def held_by_kind(figures: ActivityFigures) -> list[tuple[AppointmentKind, int]]:
    """Appointments held (done) in the period, by kind, in the kinds' order."""
    return [
        (kind, figures.appointments_count(kind=kind, status=AppointmentStatus.DONE))
        for kind in AppointmentKind
    ]


class AppointmentsChart(QChartView):
    """``show_figures(current, previous)``; ``clear()`` forgets them (lock)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentsChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFixedHeight(HEIGHT)
        self.counts: dict[str, list[int]] = {}
        self.setChart(self._empty_chart())

    @staticmethod
    def _empty_chart() -> QChart:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        return chart

    def show_figures(self, current: ActivityFigures, previous: ActivityFigures | None) -> None:
        now = held_by_kind(current)
        before = dict(held_by_kind(previous)) if previous is not None else {}
        # Kinds with nothing in either period take no room; the first kind is drawn at
        # the top (a horizontal chart lists its categories from the bottom up).
        kinds = [kind for kind, count in reversed(now) if count or before.get(kind)]
        chart = self._empty_chart()
        chart.setTitle(_("Appointments held, by kind"))
        series = QHorizontalBarSeries()
        self.counts = {"current": [dict(now)[k] for k in kinds]}
        sets = [(_("This period"), self.counts["current"], CURRENT_COLOR)]
        if previous is not None:
            self.counts["previous"] = [before.get(k, 0) for k in kinds]
            sets.insert(0, (_("Previous period"), self.counts["previous"], PREVIOUS_COLOR))
        for label, values, color in sets:
            bar_set = QBarSet(label)
            bar_set.setColor(color)
            bar_set.setBorderColor(color)
            bar_set.append([float(v) for v in values])
            series.append(bar_set)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([kind_label(k) for k in kinds])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        highest = max([0, *self.counts["current"], *self.counts.get("previous", [])])
        axis_y.setRange(0, max(highest, 1))
        axis_y.setLabelFormat("%d")
        axis_y.applyNiceNumbers()
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        self._replace(chart)

    def _replace(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()

    def clear(self) -> None:
        self.counts = {}
        self._replace(self._empty_chart())
