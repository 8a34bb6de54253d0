"""The "Appointments" tab of a client file: upcoming appointments (soonest first) and past
ones (most recent first), group sessions included with the other participants named.

Double-click (or Enter) opens the appointment in the agenda; "New appointment…" opens the
appointment dialog with this person already chosen. Times are in the practitioner's zone.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.agenda import AgendaSettings, AppointmentView, ClientAppointments
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.i18n import _
from socialdesk.ui.agenda.style import kind_color, kind_label, status_label
from socialdesk.ui.client_file.labels import format_date
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
WHEN, KIND, STATUS, OTHERS, NOTE = range(5)


def day_and_time(value: datetime, zone: ZoneInfo) -> str:
    """``"Tue 04/03/2025 10:30"`` in ``zone`` (the weekday in the interface language)."""
    local = value.astimezone(zone)
    weekday = QLocale().dayName(local.isoweekday(), QLocale.FormatType.ShortFormat)
    return f"{weekday} {format_date(local.date())} {local:%H:%M}"


def other_participants(view: AppointmentView, client_id: int) -> str:
    """The title and the other people of a group session ("Budget workshop — MARTIN Paul");
    empty for a one-to-one appointment without a title."""
    others = ", ".join(p.display_name for p in view.participants if p.client_id != client_id)
    return " — ".join(text for text in (view.title, others) if text)


def note_state(view: AppointmentView) -> str:
    """ "Written" when a case note is linked; "Not written" for a done appointment without
    one (the note still to write); nothing otherwise."""
    if view.note_ids:
        return _("Written")
    if view.status is AppointmentStatus.DONE:
        return _("Not written")
    return ""


def open_in_agenda(widget: QWidget, appointment_id: int) -> bool:
    """Ask the main window to show ``appointment_id`` in the agenda (False if it cannot)."""
    show = getattr(widget.window(), "show_appointment", None)
    if not callable(show):
        return False
    show(appointment_id)
    return True


class AppointmentsTab(QWidget):
    """Plugged into every client file by :mod:`socialdesk.ui.agenda.wiring`."""

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentsTab")
        self.ops = ops
        self.clock = lambda: datetime.now(UTC)
        self._client_id: int | None = None
        self._settings: AgendaSettings | None = None
        self._data: ClientAppointments | None = None
        self.dialog: QWidget | None = None  # the appointment dialog opened last (tests)

        self.new_button = QPushButton(_("New appointment…"), self)
        self.new_button.setObjectName("newClientAppointmentButton")
        self.new_button.setToolTip(_("Plan an appointment with this person"))
        self.new_button.clicked.connect(self.new_appointment)
        self.summary = QLabel(self)
        self.summary.setObjectName("clientAppointmentsSummary")
        self.summary.setStyleSheet("color: palette(placeholder-text);")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.new_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("clientAppointmentsTree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [_("Date and time"), _("Kind"), _("Status"), _("With"), _("Case note")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in (WHEN, KIND, STATUS, NOTE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OTHERS, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setToolTip(_("Double-click an appointment to open it in the agenda."))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        bus.changed.connect(self.on_changes)

    # ---- data --------------------------------------------------------------------------
    @property
    def client_id(self) -> int | None:
        return self._client_id

    def set_client(self, client_id: int | None) -> None:
        self._client_id = client_id
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.agenda or changes.clients or changes.notes or changes.settings:
            self.reload()

    def reload(self) -> None:
        client_id = self._client_id
        if client_id is None or self.ops.vault is None:
            return
        now = self.clock()

        def read(uow: Any) -> tuple[tuple[AgendaSettings, ClientAppointments], Changes]:
            from socialdesk.services.agenda import agenda_settings, client_appointments

            return (
                agenda_settings(uow),
                client_appointments(uow, client_id, now=now),
            ), NO_CHANGES

        self.ops.run_db(read, on_success=self._show, owner=self)

    def _show(self, result: tuple[AgendaSettings, ClientAppointments]) -> None:
        if self._client_id is None:
            return
        self._settings, self._data = result
        data = self._data
        zone = ZoneInfo(self._settings.timezone)
        current = self.current_appointment_id()
        self.tree.clear()
        self.upcoming_item = self._group(_("Upcoming ({count})", count=len(data.upcoming)))
        for view in data.upcoming:
            self._row(self.upcoming_item, view, zone)
        if len(data.past) < data.past_total:
            past_title = _(
                "Past ({count}, the {shown} most recent shown)",
                count=data.past_total,
                shown=len(data.past),
            )
        else:
            past_title = _("Past ({count})", count=data.past_total)
        self.past_item = self._group(past_title)
        for view in data.past:
            self._row(self.past_item, view, zone)
        self.tree.expandAll()
        if not data.upcoming and not data.past:
            self.summary.setText(_("No appointment with this person yet."))
        elif data.upcoming:
            first = data.upcoming[0]
            self.summary.setText(
                _("Next appointment: {when}", when=day_and_time(first.starts_at, zone))
            )
        else:
            self.summary.setText(_("No upcoming appointment."))
        if current is not None:
            self.select_appointment(current)

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setFirstColumnSpanned(True)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        item.setFont(WHEN, font)
        return item

    def _row(self, group: QTreeWidgetItem, view: AppointmentView, zone: ZoneInfo) -> None:
        assert self._client_id is not None
        item = QTreeWidgetItem(
            group,
            [
                day_and_time(view.starts_at, zone),
                kind_label(view.kind),
                status_label(view.status),
                other_participants(view, self._client_id),
                note_state(view),
            ],
        )
        item.setData(WHEN, ID_ROLE, view.id)
        item.setData(KIND, Qt.ItemDataRole.DecorationRole, kind_color(view.kind))
        if view.frees_slot or view.status is AppointmentStatus.NO_SHOW:
            dim = QBrush(self.palette().placeholderText())
            for column in range(self.tree.columnCount()):
                item.setForeground(column, dim)
        if view.title or view.place:
            tip = "\n".join(t for t in (view.title, view.place) if t)
            for column in range(self.tree.columnCount()):
                item.setToolTip(column, tip)

    # ---- reading the list (tests too) ------------------------------------------------------
    def appointment_ids(self, group: str) -> list[int]:
        """Ids in ``"upcoming"`` or ``"past"``, in the order shown."""
        if self._data is None:
            return []
        item = self.upcoming_item if group == "upcoming" else self.past_item
        return [item.child(i).data(WHEN, ID_ROLE) for i in range(item.childCount())]

    def item_for(self, appointment_id: int) -> QTreeWidgetItem | None:
        for group in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(group)
            for i in range(top.childCount()):
                if top.child(i).data(WHEN, ID_ROLE) == appointment_id:
                    return top.child(i)
        return None

    def current_appointment_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(WHEN, ID_ROLE) if item is not None else None

    def select_appointment(self, appointment_id: int) -> None:
        item = self.item_for(appointment_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    # ---- actions -------------------------------------------------------------------------
    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        appointment_id = item.data(WHEN, ID_ROLE)
        if appointment_id is not None:
            open_in_agenda(self, appointment_id)

    def new_appointment(self) -> QWidget | None:
        """The appointment dialog, this person already chosen."""
        if self._client_id is None or self._settings is None:
            return None
        try:
            from socialdesk.ui.agenda.dialog import AppointmentDialog
        except ImportError:  # an older build without the agenda dialog
            log.warning("The appointment dialog is not available", exc_info=True)
            return None
        dialog = AppointmentDialog(
            self.ops, self._settings, client_ids=(self._client_id,), parent=self.window()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    # ---- lock ----------------------------------------------------------------------------
    def clear(self) -> None:
        self._client_id = None
        self._settings = None
        self._data = None
        self.tree.clear()
        self.summary.clear()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None

    def holds_vault_data(self) -> bool:
        return self._data is not None or self.tree.topLevelItemCount() > 0
