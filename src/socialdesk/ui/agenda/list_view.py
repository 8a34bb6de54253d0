"""The list view: the appointments of the period as a table (date, time, kind, people,
place, status). Enter or double-click opens one; right-click gives its menu."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from socialdesk.domain.agenda import DEFAULT_TIMEZONE, AppointmentView
from socialdesk.i18n import _
from socialdesk.ui.agenda.periods import format_day
from socialdesk.ui.agenda.style import hhmm, kind_color, kind_label, status_label

APPOINTMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("date", "time", "kind", "people", "place", "status")
Index = QModelIndex | QPersistentModelIndex


class AppointmentsTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AppointmentView] = []
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)

    def set_rows(self, rows: list[AppointmentView], zone: ZoneInfo) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda v: (v.starts_at, v.id))
        self.zone = zone
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "date": _("Date"),
            "time": _("Time"),
            "kind": _("Kind"),
            "people": _("People"),
            "place": _("Place"),
            "status": _("Status"),
        }[COLUMNS[section]]

    def text(self, view: AppointmentView, column: str) -> str:
        if column == "date":
            text = format_day(view.starts_at.astimezone(self.zone).date(), "ddd d MMM yyyy")
            return text[:1].upper() + text[1:]
        if column == "time":
            return f"{hhmm(view.starts_at, self.zone)}–{hhmm(view.ends_at, self.zone)}"
        if column == "kind":
            return kind_label(view.kind)
        if column == "people":
            names = ", ".join(p.display_name for p in view.participants)
            return names or view.title
        if column == "place":
            return view.place
        return status_label(view.status)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        view = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(view, column)
        if role == APPOINTMENT_ID_ROLE:
            return view.id
        if role == Qt.ItemDataRole.ToolTipRole and column in ("people", "place"):
            return self.text(view, column) or None
        if role == Qt.ItemDataRole.DecorationRole and column == "kind":
            return kind_color(view.kind)
        if role == Qt.ItemDataRole.FontRole and view.frees_slot:
            font = QFont()
            font.setStrikeOut(column != "status")
            return font
        if role == Qt.ItemDataRole.ForegroundRole and view.frees_slot:
            return QBrush(QColor("#6b7280"))
        return None

    def row_of(self, appointment_id: int) -> int:
        return next((i for i, v in enumerate(self.rows) if v.id == appointment_id), -1)


class AgendaListView(QTableView):
    """Signals: ``open_requested(id)``, ``context_requested(id, global QPoint)``."""

    open_requested = Signal(int)
    context_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaListView")
        self.table_model = AppointmentsTableModel(self)
        self.setModel(self.table_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column, key in enumerate(COLUMNS):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if key in ("people", "place")
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.activated.connect(self._activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    def set_content(self, appointments: list[AppointmentView], zone: ZoneInfo) -> None:
        self.table_model.set_rows(appointments, zone)

    def clear(self) -> None:
        self.table_model.set_rows([], self.table_model.zone)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(APPOINTMENT_ID_ROLE)))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.isValid():
            self.selectRow(index.row())
            self.context_requested.emit(
                int(index.data(APPOINTMENT_ID_ROLE)), self.viewport().mapToGlobal(pos)
            )

    def select_appointment(self, appointment_id: int, when: datetime | None = None) -> None:
        row = self.table_model.row_of(appointment_id)
        if row >= 0:
            self.selectRow(row)
            self.scrollTo(self.table_model.index(row, 0))
