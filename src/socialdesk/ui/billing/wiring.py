"""Plug billing into every client file: a "Packages" tab after the others; open what a
Today item points at.

:func:`install` is called once when the Billing page is built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialdesk.i18n import _
from socialdesk.ui.billing.packages_tab import PackagesTab
from socialdesk.ui.client_file.widget import ClientFileWidget, register_tab_factory
from socialdesk.ui.notes.attachments import AttachmentsPanel

if TYPE_CHECKING:
    from socialdesk.ui.billing.invoice_dialog import InvoiceDialog
    from socialdesk.ui.billing.page import BillingPage

TO_BILL_TAB, INVOICES_TAB = 0, 1


def add_packages_tab(file_widget: ClientFileWidget) -> None:
    """The Packages tab, just before Attachments (which stays last) when present."""
    tab = PackagesTab(file_widget.ops, file_widget.bus)
    attachments = file_widget.findChild(AttachmentsPanel)
    index = file_widget.tabs.indexOf(attachments) if attachments is not None else -1
    file_widget.add_tab(tab, _("Packages"), index=index if index >= 0 else None)
    tab.set_client(file_widget.client_id)


def install() -> None:
    register_tab_factory(add_packages_tab)


def packages_tab(file_widget: ClientFileWidget) -> PackagesTab | None:
    return file_widget.findChild(PackagesTab)


def show_packages(file_widget: ClientFileWidget) -> PackagesTab | None:
    tab = packages_tab(file_widget)
    if tab is not None:
        file_widget.tabs.setCurrentWidget(tab)
    return tab


def open_today_item(page: BillingPage, kind: str, object_id: int | None) -> InvoiceDialog | None:
    """A billing item of Today was activated (the page is shown): an invoice opens in
    its window over the Invoices tab; an item to bill shows the To bill tab."""
    if kind == "invoice" and object_id is not None:
        page.tabs.setCurrentIndex(INVOICES_TAB)
        return page.open_invoice(object_id)
    page.tabs.setCurrentIndex(TO_BILL_TAB)
    return None
