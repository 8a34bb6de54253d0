"""The "Today and tomorrow" section of the Today page: the appointments of both days, with
time, kind, people, place and status. Double-click or Enter opens one in the agenda.

This is the practitioner's own screen, so people are named in full (reminders, which pop
up over anything, only show initials). Days are those of the practitioner's zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.agenda import AppointmentView
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import AppointmentStatus
from socialdesk.i18n import N_, _
from socialdesk.ui.agenda.client_tab import open_in_agenda
from socialdesk.ui.agenda.style import hhmm, kind_color, kind_label, status_label
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import heading

ID_ROLE = Qt.ItemDataRole.UserRole
TIME, KIND, PEOPLE, PLACE, STATUS = range(5)
DAYS = 2

Loaded = tuple[date, str, list[AppointmentView]]


def long_day(day: date) -> str:
    """``"Tuesday 4 March"`` in the interface language."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "dddd d MMMM")


def people_text(view: AppointmentView) -> str:
    """Who (and what): the title, then the participants' names ("CCAS", "Budget
    workshop — DURAND Marie, MARTIN Paul", "DURAND Marie")."""
    names = ", ".join(p.display_name for p in view.participants)
    return " — ".join(text for text in (view.title, names) if text)


class TodayAgendaSection(QWidget):
    """One section of the Today page (see :class:`socialdesk.ui.pages.today.TodaySection`)."""

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayAgendaSection")
        self.ops = ops
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._today: date | None = None
        self._zone: ZoneInfo | None = None
        self._views: list[AppointmentView] = []

        title = heading(_("Today and tomorrow"), self, 1.2)
        title.setObjectName("todayAgendaTitle")
        self.agenda_button = QPushButton(_("Open the agenda"), self)
        self.agenda_button.setObjectName("todayOpenAgendaButton")
        self.agenda_button.setFlat(True)
        self.agenda_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.agenda_button.setStyleSheet("color: #0b57d0;")
        self.agenda_button.clicked.connect(self._open_agenda)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.agenda_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("todayAgendaTree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([_("When"), _("Kind"), _("Who"), _("Where"), _("Status")])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in (TIME, KIND, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PEOPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PLACE, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setToolTip(_("Double-click an appointment to open it in the agenda."))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        bus.changed.connect(self.on_changes)

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if (
            changes.vault
            or changes.agenda
            or changes.clients
            or changes.settings
            or changes.profile
        ):
            self.reload()

    def reload(self) -> None:
        if self.ops.vault is None:
            return
        now = self.clock()

        def read(uow: Any) -> tuple[Loaded, Changes]:
            from socialdesk.services.agenda import agenda_settings, appointments_for_days

            settings = agenda_settings(uow)
            today = now.astimezone(ZoneInfo(settings.timezone)).date()
            views = appointments_for_days(uow, today, DAYS)
            return (today, settings.timezone, list(views)), NO_CHANGES

        self.ops.run_db(read, on_success=self._show, owner=self)

    def minute_tick(self) -> None:
        """Called every minute by the page: past midnight, show the new day."""
        if self._today is None or self._zone is None:
            return
        if self.clock().astimezone(self._zone).date() != self._today:
            self.reload()
        else:
            self._dim_ended()

    def _show(self, loaded: Loaded) -> None:
        today, zone_name, views = loaded
        self._today, self._zone, self._views = today, ZoneInfo(zone_name), views
        zone = self._zone
        current = self.current_appointment_id()
        self.tree.clear()
        by_day: dict[date, list[AppointmentView]] = {
            today + timedelta(days=i): [] for i in range(DAYS)
        }
        for view in views:
            day = max(view.starts_at.astimezone(zone).date(), today)
            if day in by_day:
                by_day[day].append(view)
        names = [N_("Today — {day}"), N_("Tomorrow — {day}")]
        for (day, day_views), name in zip(by_day.items(), names, strict=True):
            group = self._group(_(name, day=long_day(day)))
            if not day_views:
                empty = QTreeWidgetItem(group, [_("Nothing planned.")])
                empty.setFirstColumnSpanned(True)
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
            for view in day_views:
                self._row(group, view, zone)
        self.tree.expandAll()
        self._dim_ended()
        if current is not None:
            self.select_appointment(current)
        self.tree.updateGeometry()

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setFirstColumnSpanned(True)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        item.setFont(TIME, font)
        return item

    def _row(self, group: QTreeWidgetItem, view: AppointmentView, zone: ZoneInfo) -> None:
        item = QTreeWidgetItem(
            group,
            [
                f"{hhmm(view.starts_at, zone)}–{hhmm(view.ends_at, zone)}",
                kind_label(view.kind),
                people_text(view),
                view.place,
                status_label(view.status),
            ],
        )
        item.setData(TIME, ID_ROLE, view.id)
        item.setData(KIND, Qt.ItemDataRole.DecorationRole, kind_color(view.kind))
        # The whole text when a column is too narrow, and the short note.
        tip = "\n".join(t for t in (people_text(view), view.place, view.note_short) if t)
        for column in range(self.tree.columnCount()):
            item.setToolTip(column, tip)

    def _dim_ended(self) -> None:
        """Grey out what is over: ended, cancelled or missed appointments."""
        now = self.clock()
        views = {v.id: v for v in self._views}
        normal = QBrush(self.palette().text())
        dim = QBrush(self.palette().placeholderText())
        for item in self._items():
            view = views.get(item.data(TIME, ID_ROLE))
            if view is None:
                continue
            over = (
                view.ends_at <= now or view.frees_slot or view.status is AppointmentStatus.NO_SHOW
            )
            for column in range(self.tree.columnCount()):
                item.setForeground(column, dim if over else normal)

    # ---- reading the list (tests too) ------------------------------------------------------
    def _items(self) -> list[QTreeWidgetItem]:
        items = []
        for group in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(group)
            items += [top.child(i) for i in range(top.childCount())]
        return [item for item in items if item.data(TIME, ID_ROLE) is not None]

    def appointment_ids(self, day_index: int | None = None) -> list[int]:
        """Ids shown, in order; for one day only with ``day_index`` (0 today, 1 tomorrow)."""
        if day_index is None:
            return [item.data(TIME, ID_ROLE) for item in self._items()]
        if day_index >= self.tree.topLevelItemCount():
            return []
        top = self.tree.topLevelItem(day_index)
        ids = [top.child(i).data(TIME, ID_ROLE) for i in range(top.childCount())]
        return [i for i in ids if i is not None]

    def item_for(self, appointment_id: int) -> QTreeWidgetItem | None:
        for item in self._items():
            if item.data(TIME, ID_ROLE) == appointment_id:
                return item
        return None

    def current_appointment_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(TIME, ID_ROLE) if item is not None else None

    def select_appointment(self, appointment_id: int) -> None:
        item = self.item_for(appointment_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    # ---- actions -------------------------------------------------------------------------
    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        appointment_id = item.data(TIME, ID_ROLE)
        if appointment_id is not None:
            open_in_agenda(self, appointment_id)

    def _open_agenda(self) -> None:
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            show_page("agenda")

    # ---- lock ----------------------------------------------------------------------------
    def clear(self) -> None:
        self._today = None
        self._zone = None
        self._views = []
        self.tree.clear()

    def holds_vault_data(self) -> bool:
        return bool(self._views) or self.tree.topLevelItemCount() > 0
