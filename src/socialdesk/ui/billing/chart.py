"""Revenue per month as a small bar chart (invoices minus credit notes, VAT included)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from socialdesk.ui.billing.common import format_money, month_name

BAR_COLOR = QColor("#7aa7e6")
CURRENT_COLOR = QColor("#0b57d0")


class MonthChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revenueChart")
        self.months: list[tuple[date, int]] = []
        self.setMinimumHeight(84)
        self.setMaximumWidth(640)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_months(self, months: list[tuple[date, int]]) -> None:
        self.months = months
        self.setToolTip(
            "\n".join(
                f"{month_name(day.month)} {day.year}: {format_money(cents)}"
                for day, cents in months
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt)
        if not self.months:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        label_height = metrics.height() + 2
        top = 4
        height = self.height() - label_height - top
        width = self.width() / len(self.months)
        highest = max((cents for _d, cents in self.months), default=0) or 1
        for index, (day, cents) in enumerate(self.months):
            x = index * width
            bar = max(0.0, height * cents / highest)
            last = index == len(self.months) - 1
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(CURRENT_COLOR if last else BAR_COLOR)
            painter.drawRoundedRect(QRectF(x + width * 0.18, top + height - bar,
                                           width * 0.64, bar), 2, 2)  # fmt: skip
            painter.setPen(self.palette().placeholderText().color())
            name = month_name(day.month)
            painter.drawText(QRectF(x, self.height() - label_height, width, label_height),
                             Qt.AlignmentFlag.AlignCenter, name)  # fmt: skip
        painter.end()
