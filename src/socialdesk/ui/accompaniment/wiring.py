"""Plug the accompaniment into every client file: "Plan", "Démarches", "Tasks" and
"Referrals" tabs, placed after the notes (and the appointments, when present).

:func:`install` is called once when the main window is built. The ``show_*`` functions
bring a tab to the front with an item chosen (what Today's items open).
"""

from __future__ import annotations

from typing import TypeVar

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from socialdesk.i18n import _
from socialdesk.ui.accompaniment.demarches_tab import DemarchesTab
from socialdesk.ui.accompaniment.plan_tab import PlanTab
from socialdesk.ui.accompaniment.referrals_tab import ReferralsTab
from socialdesk.ui.accompaniment.tasks_tab import TasksTab
from socialdesk.ui.client_file.widget import ClientFileWidget, register_tab_factory

W = TypeVar("W", bound=QWidget)
#: Our tabs come after these (the last one present wins).
_AFTER = ("notesTab", "appointmentsTab")


def _insert_index(file_widget: ClientFileWidget) -> int | None:
    tabs = file_widget.tabs
    index = None
    for position in range(tabs.count()):
        if tabs.widget(position).objectName() in _AFTER:
            index = position + 1
    return index


def add_client_file_tabs(file_widget: ClientFileWidget) -> None:
    ops, bus = file_widget.ops, file_widget.bus
    tabs = (
        (PlanTab(ops, bus), _("Plan")),
        (DemarchesTab(ops, bus), _("Démarches")),
        (TasksTab(ops, bus), _("Tasks")),
        (ReferralsTab(ops, bus), _("Referrals")),
    )
    index = _insert_index(file_widget)
    for offset, (tab, title) in enumerate(tabs):
        file_widget.add_tab(tab, title, index=None if index is None else index + offset)
        tab.set_client(file_widget.client_id)
    # Factories registered after ours (notes, appointments) add their tabs later in the
    # same constructor: put ours after theirs once they are all there.
    widgets = [tab for tab, _title in tabs]
    QTimer.singleShot(0, file_widget, lambda: _place(file_widget, widgets))


def _place(file_widget: ClientFileWidget, widgets: list[QWidget]) -> None:
    if not shiboken6.isValid(file_widget):
        return
    tabs = file_widget.tabs
    for widget in widgets:  # out of the way first, so the anchors' index is theirs alone
        tabs.tabBar().moveTab(tabs.indexOf(widget), tabs.count() - 1)
    index = _insert_index(file_widget)
    if index is None:
        return
    for offset, widget in enumerate(widgets):
        tabs.tabBar().moveTab(tabs.indexOf(widget), index + offset)


def install() -> None:
    """Give every client file opened from now on its accompaniment tabs."""
    register_tab_factory(add_client_file_tabs)


def _tab(file_widget: ClientFileWidget, kind: type[W]) -> W | None:
    return file_widget.findChild(kind)


def _front(file_widget: ClientFileWidget, tab: QWidget | None) -> None:
    if tab is not None:
        file_widget.tabs.setCurrentWidget(tab)


def plan_tab(file_widget: ClientFileWidget) -> PlanTab | None:
    return _tab(file_widget, PlanTab)


def demarches_tab(file_widget: ClientFileWidget) -> DemarchesTab | None:
    return _tab(file_widget, DemarchesTab)


def tasks_tab(file_widget: ClientFileWidget) -> TasksTab | None:
    return _tab(file_widget, TasksTab)


def referrals_tab(file_widget: ClientFileWidget) -> ReferralsTab | None:
    return _tab(file_widget, ReferralsTab)


def show_objective(file_widget: ClientFileWidget, objective_id: int | None = None) -> None:
    """The Plan tab in front, with ``objective_id`` chosen."""
    tab = plan_tab(file_widget)
    _front(file_widget, tab)
    if tab is not None and objective_id is not None:
        tab.show_objective(objective_id)


def show_demarche(file_widget: ClientFileWidget, demarche_id: int | None = None) -> None:
    """The Démarches tab in front, with ``demarche_id`` open in the editor."""
    tab = demarches_tab(file_widget)
    _front(file_widget, tab)
    if tab is not None and demarche_id is not None:
        tab.show_demarche(demarche_id)


def show_tasks(file_widget: ClientFileWidget, task_id: int | None = None) -> None:
    tab = tasks_tab(file_widget)
    _front(file_widget, tab)
    if tab is not None and task_id is not None:
        tab.show_task(task_id)


def show_referrals(file_widget: ClientFileWidget) -> None:
    _front(file_widget, referrals_tab(file_widget))
