"""The agenda's toolbar (previous / Today / next, the period, the views, New
appointment, ⋯ with the calendar export) and its small legend of colours and marks."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from socialdesk.domain.enums import AppointmentKind
from socialdesk.i18n import _
from socialdesk.ui.agenda.periods import ViewMode
from socialdesk.ui.agenda.style import KIND_COLORS, kind_label

SEGMENT_STYLE = (
    "QToolButton { border: 1px solid palette(mid); padding: 4px 8px; background: palette(base); }"
    "QToolButton:checked { background: #d6e4fa; color: #0b3d91; border-color: #8fb0e8; }"
)
MORE_STYLE = "QToolButton { padding: 3px 8px; } QToolButton::menu-indicator { image: none; }"
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
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.period_label.setFont(font)
        # A narrow window clips the period rather than pushing the window wider.
        self.period_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.period_label.setMinimumWidth(140)
        self.new_button = QPushButton(_("New appointment"), self)
        self.new_button.setObjectName("newAppointmentButton")
        self.new_button.setToolTip(_("Create an appointment (Ctrl+N)"))
        # Less frequent actions go in a small menu: the toolbar must fit 1200 px in French.
        self.more_menu = QMenu(self)
        self.more_menu.setObjectName("agendaMoreMenu")
        self.export_action = self.more_menu.addAction(_("Export to calendar (.ics)…"))
        self.export_action.setObjectName("agendaExportAction")
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("agendaMoreButton")
        self.more_button.setText("⋯")
        self.more_button.setToolTip(_("More: export to calendar (.ics)…"))
        self.more_button.setAccessibleName(_("More agenda actions"))
        self.more_button.setMenu(self.more_menu)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setStyleSheet(MORE_STYLE)
        self.more_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
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
        layout.addSpacing(8)
        layout.addWidget(self.new_button)
        layout.addWidget(self.more_button)

    def set_mode(self, mode: ViewMode) -> None:
        self.mode_buttons[mode].setChecked(True)


class Legend(QLabel):
    """One swatch per kind, then what the marks mean (wraps on a narrow window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaLegend")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.setFont(small)
        self.setStyleSheet(LEGEND_STYLE)
        items = [
            f'<span style="background-color: {KIND_COLORS[kind]};">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
            f"&nbsp;{escape(kind_label(kind))}"
            for kind in AppointmentKind
        ]
        marks = escape(
            _("✓ done · ✗ no-show · struck through: cancelled · dotted band: travel time")
        )
        self.setText(" &nbsp;&nbsp; ".join(items) + f" &nbsp;&nbsp;&nbsp; {marks}")
