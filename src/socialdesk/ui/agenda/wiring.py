"""Plug the agenda into every client file: an "Appointments" tab after the notes.

:func:`install` is called once by the session controller, after the main window (which
installs the notes tab) was built, so the tab lands right after "Notes".
"""

from __future__ import annotations

from socialdesk.i18n import _
from socialdesk.ui.agenda.client_tab import AppointmentsTab
from socialdesk.ui.client_file.widget import ClientFileWidget, register_tab_factory


def add_appointments_tab(file_widget: ClientFileWidget) -> None:
    tab = AppointmentsTab(file_widget.ops, file_widget.bus)
    file_widget.add_tab(tab, _("Appointments"), index=_after_notes(file_widget))
    tab.set_client(file_widget.client_id)


def _after_notes(file_widget: ClientFileWidget) -> int | None:
    tabs = file_widget.tabs
    for index in range(tabs.count()):
        if tabs.widget(index).objectName() == "notesTab":
            return index + 1
    return None


def install() -> None:
    """Give every client file opened from now on its Appointments tab."""
    register_tab_factory(add_appointments_tab)


def appointments_tab(file_widget: ClientFileWidget) -> AppointmentsTab | None:
    return file_widget.findChild(AppointmentsTab, "appointmentsTab")
