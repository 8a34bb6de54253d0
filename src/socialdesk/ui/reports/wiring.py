"""Plug reports into every client file: a "Reports" tab listing the reports produced about
the person, placed before Attachments (which stays last) when present.

:func:`install` is called once when the main window is built."""

from __future__ import annotations

from socialdesk.i18n import _
from socialdesk.ui.client_file.widget import ClientFileWidget, register_tab_factory
from socialdesk.ui.notes.attachments import AttachmentsPanel
from socialdesk.ui.reports.client_tab import ReportsTab


def add_reports_tab(file_widget: ClientFileWidget) -> None:
    tab = ReportsTab(file_widget.ops, file_widget.bus)
    attachments = file_widget.findChild(AttachmentsPanel)
    index = file_widget.tabs.indexOf(attachments) if attachments is not None else -1
    file_widget.add_tab(tab, _("Reports"), index=index if index >= 0 else None)
    tab.set_client(file_widget.client_id)


def install() -> None:
    """Give every client file opened from now on its Reports tab."""
    register_tab_factory(add_reports_tab)


def reports_tab(file_widget: ClientFileWidget) -> ReportsTab | None:
    return file_widget.findChild(ReportsTab)


def show_reports(file_widget: ClientFileWidget) -> ReportsTab | None:
    tab = reports_tab(file_widget)
    if tab is not None:
        file_widget.tabs.setCurrentWidget(tab)
    return tab
