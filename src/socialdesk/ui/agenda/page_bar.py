"""The agenda's toolbar (previous / Today / next, the period, the views, New appointment)
and its small legend of colours and marks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from socialdesk.domain.enums import AppointmentKind
from socialdesk.i18n import _
from socialdesk.ui.agenda.periods import ViewMode
from socialdesk.ui.agenda.style import kind_color, kind_label

SEGMENT_STYLE = (
    "QToolButton { border: 1px solid palette(mid); padding: 4px 10px; background: palette(base); }"
    "QToolButton:checked { background: #d6e4fa; color: #0b3d91; border-color: #8fb0e8; }"
)
LEGEND_STYLE = "color: palette(placeholder-text);"


def mode_labels() -> dict[ViewMode, str]:
    return {
        ViewMode.DAY: _("Day"),
        ViewMode.WORK_WEEK: _("Work week"),
        ViewMode.WEEK: _("Week"),
        ViewMode.MONTH: _("Month"),
        ViewMode.LIST: _("List"),
    }


class AgendaToolbar(QWidget):
    """``mode_chosen(ViewMode)`` when a view button is clicked."""

    mode_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaToolbar")
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("agendaPrevious")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(_("Previous period (Left arrow)"))
        self.today_button = QPushButton(_("Today"), self)
        self.today_button.setObjectName("agendaToday")
        self.today_button.setToolTip(_("Back to today (T)"))
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("agendaNext")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(_("Next period (Right arrow)"))
        self.period_label = QLabel(self)
        self.period_label.setObjectName("agendaPeriodLabel")
        font = self.period_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.DemiBold)
        self.period_label.setFont(font)
        self.new_button = QPushButton(_("New appointment"), self)
        self.new_button.setObjectName("newAppointmentButton")
        self.new_button.setToolTip(_("Create an appointment (Ctrl+N)"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        self.mode_buttons: dict[ViewMode, QToolButton] = {}
        for mode, text in mode_labels().items():
            button = QToolButton(self)
            button.setObjectName(f"agendaMode_{mode.value}")
            button.setText(text)
            button.setCheckable(True)
            button.setStyleSheet(SEGMENT_STYLE)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, m=mode: self.mode_chosen.emit(m))
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
        for button in (self.previous_button, self.next_button, self.today_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.today_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(10)
        layout.addWidget(self.period_label, 1)
        modes = QHBoxLayout()
        modes.setSpacing(0)
        for button in self.mode_buttons.values():
            modes.addWidget(button)
        layout.addLayout(modes)
        layout.addSpacing(12)
        layout.addWidget(self.new_button)

    def set_mode(self, mode: ViewMode) -> None:
        self.mode_buttons[mode].setChecked(True)


def _swatch(color: QColor, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(color)
    painter.setPen(color.darker(140))
    painter.drawRoundedRect(0, 0, size - 1, size - 1, 3, 3)
    painter.end()
    return pixmap


class Legend(QWidget):
    """One swatch per kind, then what the marks mean."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaLegend")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        size = self.fontMetrics().height() - 4
        for kind in AppointmentKind:
            swatch = QLabel(self)
            swatch.setPixmap(_swatch(kind_color(kind), size))
            text = QLabel(kind_label(kind), self)
            text.setFont(small)
            text.setStyleSheet(LEGEND_STYLE)
            layout.addWidget(swatch)
            layout.addWidget(text)
            layout.addSpacing(8)
        layout.addStretch(1)
        marks = QLabel(
            _("✓ done · ✗ no-show · struck through: cancelled · dotted band: travel time"), self
        )
        marks.setObjectName("agendaLegendMarks")
        marks.setFont(small)
        marks.setStyleSheet(LEGEND_STYLE)
        layout.addWidget(marks)
