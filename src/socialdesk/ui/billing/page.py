"""The Billing page: a line of figures, what is left "to bill" (grouped by payer, with a
period filter, drafted into invoices from a selection) and the invoices (filtered by
state), each opened in :class:`~socialdesk.ui.billing.invoice_dialog.InvoiceDialog`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.billable import PayerGroup
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import InvoiceKind, PayerKind, VatStatus
from socialdesk.domain.invoicing import INVOICE_STATE_LABELS, InvoiceState, InvoiceSummary
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    MUTED_STYLE,
    OVERDUE_COLOR,
    Operation,
    label_of,
    muted_label,
)
from socialdesk.ui.billing import wiring
from socialdesk.ui.billing.chart import MonthChart
from socialdesk.ui.billing.common import day_text, format_money, format_quantity
from socialdesk.ui.billing.export_dialog import ExportDialog
from socialdesk.ui.billing.invoice_dialog import InvoiceDialog, payer_choices
from socialdesk.ui.client_file.fields import StatusLine
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import Page, heading

ID_ROLE = Qt.ItemDataRole.UserRole
LIST_LIMIT = 500
TO_BILL_COLUMNS = (N_("Payer / date"), N_("Person"), N_("What"), N_("Quantity"), N_("Amount"))
INVOICE_COLUMNS = (
    N_("Number"),
    N_("State"),
    N_("Payer"),
    N_("Issued"),
    N_("Due date"),
    N_("Total"),
    N_("Still owed"),
)
#: The period filter of "To bill": (code, label).
PERIODS = (
    ("all", N_("All dates")),
    ("this_month", N_("This month")),
    ("last_month", N_("Last month")),
    ("this_year", N_("This year")),
)
#: The state filter of the invoices: (code, label); "credit_note" is a kind.
STATE_FILTERS: tuple[tuple[str, str], ...] = (
    ("", N_("All invoices")),
    (InvoiceState.DRAFT, N_("Drafts")),
    (InvoiceState.ISSUED, N_("Issued, unpaid")),
    (InvoiceState.PARTIALLY_PAID, N_("Partially paid")),
    (InvoiceState.PAID, N_("Paid")),
    (InvoiceState.OVERDUE, N_("Overdue")),
    (InvoiceState.CANCELLED, N_("Cancelled")),
    ("credit_note", N_("Credit notes")),
)


@dataclass(frozen=True, slots=True)
class Dashboard:
    unbilled_cents: int
    month_cents: int
    year_cents: int
    paid_cents: int
    overdue_cents: int
    overdue_count: int
    months: tuple[tuple[date, int], ...] = ()
    threshold_cents: int = 0  # the VAT-franchise ceiling watched (0: not under the franchise)
    turnover_cents: int = 0  # this year's turnover excluding VAT, what the ceiling counts


def period_bounds(code: str, today: date) -> tuple[date | None, date | None]:
    first_of_month = today.replace(day=1)
    if code == "this_month":
        next_month = (first_of_month + timedelta(days=32)).replace(day=1)
        return first_of_month, next_month - timedelta(days=1)
    if code == "last_month":
        last = first_of_month - timedelta(days=1)
        return last.replace(day=1), last
    if code == "this_year":
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    return None, None


def _dashboard(uow: Any, today: date) -> Dashboard:
    """The figures line, from sums over the invoices' covering index (fast on large vaults)."""
    from socialdesk.services.billable import unbilled_total_cents
    from socialdesk.services.invoice_figures import billing_figures
    from socialdesk.services.profile import get_profile

    figures = billing_figures(uow, today=today)
    franchise = get_profile(uow).vat_status == VatStatus.FRANCHISE
    return Dashboard(
        unbilled_cents=unbilled_total_cents(uow),
        month_cents=figures.invoiced_month_cents,
        year_cents=figures.invoiced_year_cents,
        paid_cents=figures.paid_year_cents,
        overdue_cents=figures.overdue_cents,
        overdue_count=figures.overdue_count,
        months=tuple((date(m.year, m.month, 1), m.net_cents) for m in figures.revenue_by_month),
        threshold_cents=figures.franchise_threshold_cents if franchise else 0,
        turnover_cents=figures.year_turnover_cents,
    )


def _load(period: str, state: str, today: date) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.billable import to_bill
        from socialdesk.services.invoices import list_invoices

        first, last = period_bounds(period, today)
        groups = to_bill(uow, first=first, last=last)
        if state == "credit_note":
            invoices = list_invoices(
                uow, today=today, kind=InvoiceKind.CREDIT_NOTE, limit=LIST_LIMIT
            )
        else:
            chosen = InvoiceState(state) if state else None
            invoices = list_invoices(uow, today=today, state=chosen, limit=LIST_LIMIT)
        return (_dashboard(uow, today), groups, invoices), NO_CHANGES

    return op


def _draft_from(keys: list[str], today: date) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.billable_drafts import draft_invoices_from_items

        return draft_invoices_from_items(uow, keys, today=today)

    return op


def _new_draft(payer: Any) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.domain.invoicing import InvoiceDraftInput
        from socialdesk.services.invoices import create_draft

        kind, client_id, organization_id = payer
        return create_draft(
            uow,
            InvoiceDraftInput(
                payer_kind=PayerKind(kind),
                payer_client_id=client_id,
                payer_organization_id=organization_id,
            ),
        )

    return op


class BillingPage(Page):
    key = "billing"

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ops, bus, parent)
        wiring.install()  # every client file gets its Packages tab
        self.groups: list[PayerGroup] = []
        self.invoices: list[InvoiceSummary] = []
        self.dashboard: Dashboard | None = None
        self.dialog: InvoiceDialog | None = None
        self._loaded = False
        self._stale = True
        self._payers_stale = True
        self._build()
        self.clear()

    def title(self) -> str:
        return _("Billing")

    # ---- building --------------------------------------------------------------------
    def _build(self) -> None:
        self.dashboard_label = QLabel(self)
        self.dashboard_label.setObjectName("billingDashboard")
        self.dashboard_label.setTextFormat(Qt.TextFormat.RichText)
        self.dashboard_label.setWordWrap(True)
        self.export_button = QPushButton(_("Export…"), self)
        self.export_button.setObjectName("billingExportButton")
        self.export_button.setToolTip(
            _("Sales journal, FEC, Factur-X, UBL or the accountant's pack of a period")
        )
        self.export_button.clicked.connect(self.open_export)
        top = QHBoxLayout()
        top.addWidget(heading(_("Billing"), self))
        top.addSpacing(16)
        top.addWidget(self.dashboard_label, 1, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.chart = MonthChart(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("billingTabs")
        self.tabs.addTab(self._build_to_bill(), _("To bill"))
        self.tabs.addTab(self._build_invoices(), _("Invoices"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.chart)
        layout.addSpacing(4)
        layout.addWidget(self.tabs, 1)

    def _build_to_bill(self) -> QWidget:
        panel = QWidget(self)
        self.period_combo = QComboBox(panel)
        self.period_combo.setObjectName("billingPeriodCombo")
        for code, label in PERIODS:
            self.period_combo.addItem(_(label), code)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.to_bill_summary = QLabel(panel)
        self.to_bill_summary.setObjectName("toBillSummary")
        self.to_bill_summary.setStyleSheet(MUTED_STYLE)
        self.draft_button = QPushButton(_("Draft invoices from selection"), panel)
        self.draft_button.setObjectName("draftFromSelectionButton")
        self.draft_button.clicked.connect(self.draft_selection)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Period:"), panel))
        bar.addWidget(self.period_combo)
        bar.addSpacing(12)
        bar.addWidget(self.to_bill_summary, 1)
        bar.addWidget(self.draft_button)

        self.to_bill_tree = QTreeWidget(panel)
        self.to_bill_tree.setObjectName("toBillTree")
        self.to_bill_tree.setHeaderLabels([_(c) for c in TO_BILL_COLUMNS])
        self.to_bill_tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.to_bill_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.to_bill_tree.itemChanged.connect(lambda *_a: self._update_selection())
        self.to_bill_empty = muted_label(_("Nothing to bill for this period."), panel)
        self.to_bill_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.to_bill_status = StatusLine(panel)
        self.to_bill_status.setObjectName("toBillStatus")

        layout = QVBoxLayout(panel)
        layout.addLayout(bar)
        layout.addWidget(self.to_bill_tree, 1)
        layout.addWidget(self.to_bill_empty)
        layout.addWidget(self.to_bill_status)
        return panel

    def _build_invoices(self) -> QWidget:
        panel = QWidget(self)
        self.state_combo = QComboBox(panel)
        self.state_combo.setObjectName("invoiceStateCombo")
        for code, label in STATE_FILTERS:
            self.state_combo.addItem(_(label), code)
        self.state_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button = QPushButton(_("New draft…"), panel)
        self.new_button.setObjectName("newDraftButton")
        self.new_button.clicked.connect(self.new_draft)
        self.new_payer_combo = QComboBox(panel)
        self.new_payer_combo.setObjectName("newDraftPayerCombo")
        self.new_payer_combo.setMinimumWidth(200)
        self.new_payer_combo.setToolTip(_("Who the new draft is for"))
        self.open_button = QPushButton(_("Open…"), panel)
        self.open_button.setObjectName("openInvoiceButton")
        self.open_button.clicked.connect(self.open_current)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Show:"), panel))
        bar.addWidget(self.state_combo)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addSpacing(12)
        bar.addWidget(self.new_payer_combo)
        bar.addWidget(self.new_button)

        self.invoices_tree = QTreeWidget(panel)
        self.invoices_tree.setObjectName("invoicesTree")
        self.invoices_tree.setRootIsDecorated(False)
        self.invoices_tree.setUniformRowHeights(True)
        self.invoices_tree.setAlternatingRowColors(True)
        self.invoices_tree.setHeaderLabels([_(c) for c in INVOICE_COLUMNS])
        header = self.invoices_tree.header()
        header.setStretchLastSection(False)
        for column in range(len(INVOICE_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.invoices_tree.itemDoubleClicked.connect(lambda _i, _c: self.open_current())
        self.invoices_tree.currentItemChanged.connect(
            lambda *_a: self.open_button.setEnabled(self.current_invoice_id() is not None)
        )
        self.invoices_empty = muted_label(_("No invoice here."), panel)
        self.invoices_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.invoices_more = muted_label(
            _("Only the {count} most recent are shown: choose a state to see others.",
              count=LIST_LIMIT),
            panel,
        )  # fmt: skip
        self.invoices_more.setObjectName("invoicesMoreLabel")
        self.invoices_more.hide()

        layout = QVBoxLayout(panel)
        layout.addLayout(bar)
        layout.addWidget(self.invoices_tree, 1)
        layout.addWidget(self.invoices_empty)
        layout.addWidget(self.invoices_more)
        return panel

    # ---- loading ---------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._stale and self.ops.vault is not None:
            self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.clients or changes.partners:
            self._payers_stale = True
        if changes.vault or changes.billing or changes.agenda or changes.clients:
            # Hidden, the page waits to be shown: unlocking never waits for its figures.
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def reload(self) -> None:
        self._stale = False
        period = self.period_combo.currentData() or "all"
        state = self.state_combo.currentData() or ""
        self.ops.run_db(_load(period, state, date.today()), on_success=self._show, owner=self)
        if self._payers_stale or self.new_payer_combo.count() == 0:
            self._payers_stale = False
            self.ops.run_db(
                lambda uow: (payer_choices(uow), NO_CHANGES),
                on_success=self._show_payers,
                owner=self,
            )

    def _show(self, result: tuple[Dashboard, list[PayerGroup], list[InvoiceSummary]]) -> None:
        self.dashboard, self.groups, self.invoices = result
        self._loaded = True
        self._show_dashboard()
        self._fill_to_bill()
        self._fill_invoices()

    def _show_payers(self, payers: list[tuple[str, Any]]) -> None:
        current = self.new_payer_combo.currentData()
        self.new_payer_combo.clear()
        for name, payer in payers:
            self.new_payer_combo.addItem(name, payer)
        index = self.new_payer_combo.findData(current)
        self.new_payer_combo.setCurrentIndex(max(index, 0))
        self.new_button.setEnabled(bool(payers))

    def _show_dashboard(self) -> None:
        d = self.dashboard
        if d is None:
            self.dashboard_label.clear()
            self.chart.set_months([])
            return
        self.chart.set_months(list(d.months))
        overdue = format_money(d.overdue_cents)
        if d.overdue_count:
            overdue = f'<span style="color:{OVERDUE_COLOR}">{overdue}</span>'
        parts = [
            _("To bill: <b>{amount}</b>", amount=format_money(d.unbilled_cents)),
            _("Invoiced this month: <b>{amount}</b>", amount=format_money(d.month_cents)),
            _("this year: <b>{amount}</b>", amount=format_money(d.year_cents)),
            _("Paid this year: <b>{amount}</b>", amount=format_money(d.paid_cents)),
            _("Overdue: <b>{amount}</b>", amount=overdue),
        ]
        if d.threshold_cents > 0:
            percent = d.turnover_cents * 100 // d.threshold_cents
            text = _(
                "VAT franchise: {percent} % of {threshold}",
                percent=percent,
                threshold=format_money(d.threshold_cents),
            )
            if percent >= 90:
                text = f'<span style="color:{OVERDUE_COLOR}">{text}</span>'
            parts.append(text)
        self.dashboard_label.setText(" · ".join(parts))

    def _fill_to_bill(self) -> None:
        tree = self.to_bill_tree
        tree.blockSignals(True)
        tree.clear()
        bold = QFont(tree.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for group in self.groups:
            name = group.payer_name if not group.payer_missing else _("Payer missing")
            top = QTreeWidgetItem([name, "", "", "", format_money(group.total_cents)])
            top.setFont(0, bold)
            top.setFont(4, bold)
            top.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if group.payer_missing:
                top.setForeground(0, QColor(OVERDUE_COLOR))
                top.setToolTip(0, _("Choose a paying organization on the appointment first."))
            else:
                top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable
                             | Qt.ItemFlag.ItemIsAutoTristate)  # fmt: skip
                top.setCheckState(0, Qt.CheckState.Unchecked)
            tree.addTopLevelItem(top)
            for entry in group.entries:
                child = QTreeWidgetItem(
                    [
                        day_text(entry.day),
                        entry.client_name,
                        entry.description,
                        format_quantity(entry.quantity),
                        format_money(entry.amount_cents),
                    ]
                )
                child.setData(0, ID_ROLE, entry.key)
                child.setTextAlignment(
                    3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                child.setTextAlignment(
                    4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                if not group.payer_missing:
                    child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    child.setCheckState(0, Qt.CheckState.Unchecked)
                top.addChild(child)
            top.setExpanded(True)
        tree.blockSignals(False)
        tree.setVisible(bool(self.groups))
        self.to_bill_empty.setVisible(not self.groups)
        self._update_selection()

    def selected_keys(self) -> list[str]:
        keys: list[str] = []
        for row in range(self.to_bill_tree.topLevelItemCount()):
            top = self.to_bill_tree.topLevelItem(row)
            for index in range(top.childCount()):
                child = top.child(index)
                if child.checkState(0) == Qt.CheckState.Checked:
                    keys.append(child.data(0, ID_ROLE))
        return keys

    def check_payer(self, payer_name: str, checked: bool = True) -> None:
        """Tick (or untick) every entry of a payer (tests, keyboard users)."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.to_bill_tree.topLevelItemCount()):
            top = self.to_bill_tree.topLevelItem(row)
            if top.text(0) == payer_name:
                for index in range(top.childCount()):
                    top.child(index).setCheckState(0, state)

    def _update_selection(self) -> None:
        keys = self.selected_keys()
        total = 0
        chosen = set(keys)
        for group in self.groups:
            total += sum(e.amount_cents for e in group.entries if e.key in chosen)
        count = sum(len(g.entries) for g in self.groups)
        if keys:
            text = _("{count} selected · {amount}", count=len(keys), amount=format_money(total))
        else:
            text = _("{count} to bill · tick what goes on the invoices", count=count)
        self.to_bill_summary.setText(text)
        self.draft_button.setEnabled(bool(keys))

    def _fill_invoices(self) -> None:
        current = self.current_invoice_id()
        tree = self.invoices_tree
        tree.clear()
        for invoice in self.invoices:
            credit = invoice.kind == InvoiceKind.CREDIT_NOTE
            state = label_of(INVOICE_STATE_LABELS, invoice.state)
            if credit:
                state = _("Credit note")
            item = QTreeWidgetItem(
                [
                    invoice.number or _("(draft)"),
                    state,
                    invoice.payer_name,
                    day_text(invoice.issue_date),
                    day_text(invoice.due_date),
                    format_money(
                        -invoice.total_gross_cents if credit else invoice.total_gross_cents
                    ),
                    ""
                    if credit or invoice.issue_date is None
                    else format_money(invoice.balance_cents),
                ]
            )
            item.setData(0, ID_ROLE, invoice.id)
            for column in (5, 6):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            if invoice.state == InvoiceState.OVERDUE:
                for column in (1, 4, 6):
                    item.setForeground(column, QColor(OVERDUE_COLOR))
            tree.addTopLevelItem(item)
            if invoice.id == current:
                tree.setCurrentItem(item)
        tree.setVisible(bool(self.invoices))
        self.invoices_empty.setVisible(not self.invoices)
        self.invoices_more.setVisible(len(self.invoices) >= LIST_LIMIT)
        self.open_button.setEnabled(self.current_invoice_id() is not None)

    def current_invoice_id(self) -> int | None:
        item = self.invoices_tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select_invoice(self, invoice_id: int) -> None:
        for row in range(self.invoices_tree.topLevelItemCount()):
            item = self.invoices_tree.topLevelItem(row)
            if item.data(0, ID_ROLE) == invoice_id:
                self.invoices_tree.setCurrentItem(item)

    # ---- actions ---------------------------------------------------------------------
    def draft_selection(self) -> None:
        keys = self.selected_keys()
        if not keys:
            return
        self.draft_button.setEnabled(False)
        self.to_bill_status.clear()
        self.ops.run_db(
            _draft_from(keys, date.today()),
            on_success=self._drafted,
            on_error=self._draft_failed,
            owner=self,
        )

    def _drafted(self, invoice_ids: list[int]) -> None:
        count = len(invoice_ids)
        self.to_bill_status.ok(
            _("1 draft invoice made.")
            if count == 1
            else _("{count} draft invoices made.", count=count)
        )
        self.state_combo.setCurrentIndex(self.state_combo.findData(InvoiceState.DRAFT))
        self.tabs.setCurrentIndex(1)
        if invoice_ids:
            self.open_invoice(invoice_ids[0])

    def _draft_failed(self, error: BaseException) -> bool:
        from socialdesk.ui.ops import error_text

        self._update_selection()
        self.to_bill_status.error(error_text(error))
        return True

    def new_draft(self) -> None:
        payer = self.new_payer_combo.currentData()
        if payer is None:
            return
        self.ops.run_db(
            _new_draft(payer), on_success=lambda view: self.open_invoice(view.id), owner=self
        )

    def open_export(self) -> ExportDialog:
        dialog = ExportDialog(self.ops, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_current(self) -> InvoiceDialog | None:
        invoice_id = self.current_invoice_id()
        return self.open_invoice(invoice_id) if invoice_id is not None else None

    def open_invoice(self, invoice_id: int) -> InvoiceDialog:
        if self.dialog is not None:
            self.dialog.close()
        dialog = InvoiceDialog(self.ops, invoice_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _o=None: self._dialog_gone(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_gone(self, dialog: InvoiceDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # ---- lock ------------------------------------------------------------------------
    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
        self.groups = []
        self.invoices = []
        self.dashboard = None
        self._loaded = False
        self._stale = True
        self.dashboard_label.clear()
        self.chart.set_months([])
        self.to_bill_tree.clear()
        self.invoices_tree.clear()
        self.new_payer_combo.clear()
        self.to_bill_status.clear()
        self._update_selection()

    def holds_vault_data(self) -> bool:
        return self._loaded
