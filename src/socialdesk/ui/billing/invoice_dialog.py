"""One invoice in a window. A draft is edited (payer, service period, lines) and issued;
an issued invoice is read only: record a payment, issue a credit note, save its PDF.

Issuing saves the draft first. When mandatory mentions are missing, the invoice stays a
draft and the window lists what is missing (e.g. the SIREN of the profile).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import InvoiceKind, PayerKind, PaymentMethod
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.invoicing import (
    INVOICE_STATE_LABELS,
    PAYMENT_METHOD_LABELS,
    InvoiceDraftInput,
    InvoiceLineInput,
    InvoiceView,
    MissingMentions,
    PaymentInput,
    compute_totals,
    line_net_cents,
)
from socialdesk.i18n import N_, _
from socialdesk.services.invoice_choices import Payer, line_links, payer_choices
from socialdesk.ui.accompaniment import common as accompaniment_common
from socialdesk.ui.accompaniment.common import (
    BAD_AMOUNT,
    Operation,
    label_of,
    muted_label,
    section_label,
    writing,
)
from socialdesk.ui.accompaniment.forms import FormDialog, LocalErrors, combo_select, date_field
from socialdesk.ui.billing.common import (
    BAD_QUANTITY,
    BAD_RATE,
    day_text,
    format_money,
    format_quantity,
    format_rate,
    money_text,
    parse_money,
    parse_quantity,
    parse_rate,
)
from socialdesk.ui.client_file.fields import DateField, ErrorForm, StatusLine
from socialdesk.ui.ops import Operations, error_text

LINE_COLUMNS = (N_("Description"), N_("Quantity"), N_("Unit price"), N_("VAT %"), N_("Amount"))
DESC, QTY, PRICE, VAT, AMOUNT = range(5)
BAD_CELL = QColor("#f9dedc")


def _read(invoice_id: int) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.invoices import get_invoice

        invoice = get_invoice(uow, invoice_id, today=date.today())
        links = line_links(uow, [line.id for line in invoice.lines]) if invoice.is_draft else {}
        return (invoice, links, payer_choices(uow)), NO_CHANGES

    return op


def _save_then(invoice_id: int, data: InvoiceDraftInput | None, issue: bool) -> Operation:
    """Save the draft (``data`` None: unchanged), then issue it if asked. The save stays
    even when issuing is refused (two transactions), so nothing typed is lost."""

    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.invoices import get_invoice, update_draft

        if data is not None:
            view, changes = update_draft(uow, invoice_id, data)
        else:
            view, changes = get_invoice(uow, invoice_id, today=date.today()), NO_CHANGES
        links = line_links(uow, [line.id for line in view.lines])
        return (view, links), changes

    return op


def _issue(invoice_id: int) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.invoices import issue_invoice

        view, changes = issue_invoice(uow, invoice_id, issue_date=date.today())
        return (view, {}), changes

    return op


class PaymentDialog(FormDialog):
    """Money received for an issued invoice; ``saved(InvoiceView)``."""

    def __init__(
        self, ops: Operations, invoice: InvoiceView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Record a payment"), parent)
        self.setObjectName("paymentDialog")
        self.invoice = invoice
        self.date_field = date_field(date.today())
        self.amount_edit = QLineEdit(money_text(invoice.balance_cents))
        self.method_combo = QComboBox()
        for method in PaymentMethod:
            self.method_combo.addItem(_(PAYMENT_METHOD_LABELS[method]), method)
        self.reference_edit = QLineEdit()
        self.reference_edit.setMaxLength(100)
        self.layout_.insertWidget(
            0,
            muted_label(
                _(
                    "{number} — {left} still owed",
                    number=invoice.number or "",
                    left=format_money(invoice.balance_cents),
                ),
                self,
            ),
        )
        self.add_row("payment_date", _("Received on:"), self.date_field)
        self.add_row("amount_cents", _("Amount (€):"), self.amount_edit)
        self.add_row("method", _("Method:"), self.method_combo)
        self.add_row("reference", _("Reference:"), self.reference_edit)

    def operation(self) -> Operation:
        try:
            amount = parse_money(self.amount_edit.text())
        except ValueError:
            raise LocalErrors({"amount_cents": BAD_AMOUNT}) from None
        if amount is None:
            raise LocalErrors({"amount_cents": BAD_AMOUNT})
        if self.form.date_errors():
            raise LocalErrors({})
        data = PaymentInput(
            payment_date=self.date_field.value() or date.today(),
            amount_cents=amount,
            method=PaymentMethod(self.method_combo.currentData()),
            reference=self.reference_edit.text().strip() or None,
        )
        return writing("payments", "record_payment", self.invoice.id, data, today=date.today())


CREDIT_COLUMNS = (N_("Credit"), N_("Description"), N_("Invoiced"), N_("Quantity to credit"))
BAD_CREDIT_QUANTITY = N_(
    "Enter, for each line credited, a quantity above zero and at most the quantity invoiced."
)
NO_CREDIT_LINE = N_("Choose at least one line to credit.")


class CreditNoteDialog(FormDialog):
    """Cancel an issued invoice by a credit note (avoir): for all of it, or for chosen
    lines and quantities (never more than what is left to credit — the service checks);
    ``saved(InvoiceView)``."""

    def __init__(
        self, ops: Operations, invoice: InvoiceView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Issue a credit note"), parent)
        self.setObjectName("creditNoteDialog")
        self.invoice = invoice
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(300)
        self.reason_edit.setPlaceholderText(_("e.g. Appointment billed twice"))
        left = invoice.total_gross_cents - invoice.credited_cents
        self.layout_.insertWidget(
            0,
            muted_label(
                _(
                    "A credit note for {number} is issued at once, in its own numbering "
                    "series; the invoice itself is never changed. Left to credit: {amount}.",
                    number=invoice.number or "",
                    amount=format_money(left),
                ),
                self,
            ),
        )
        self.add_row("reason", _("Reason:"), self.reason_edit)
        # Part of the invoice: the lines to credit and how much of each.
        self.partial_check = QCheckBox(_("Credit only some lines or quantities"), self)
        self.partial_check.setObjectName("partialCreditCheck")
        self.lines_table = QTableWidget(len(invoice.lines), len(CREDIT_COLUMNS), self)
        self.lines_table.setObjectName("creditLinesTable")
        self.lines_table.setHorizontalHeaderLabels([_(c) for c in CREDIT_COLUMNS])
        self.lines_table.verticalHeader().setVisible(False)
        header = self.lines_table.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, line in enumerate(invoice.lines):
            chosen = QTableWidgetItem()
            chosen.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            chosen.setCheckState(Qt.CheckState.Unchecked)
            self.lines_table.setItem(row, 0, chosen)
            for column, text in ((1, line.description),
                                 (2, format_quantity(line.quantity))):  # fmt: skip
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.lines_table.setItem(row, column, item)
            self.lines_table.setItem(row, 3, QTableWidgetItem(format_quantity(line.quantity)))
        self.lines_table.setMinimumHeight(140)
        self.add_row("partial", "", self.partial_check)
        self.add_row("lines", _("Lines:"), self.lines_table)
        self.partial_check.toggled.connect(self.lines_table.setEnabled)
        # Once part of it is credited, only lines can be credited.
        self.partial_check.setChecked(invoice.credited_cents > 0)
        self.partial_check.setEnabled(invoice.credited_cents == 0)
        self.lines_table.setEnabled(self.partial_check.isChecked())
        self.ok_button.setText(_("Issue the credit note"))
        self.resize(max(self.width(), 720), self.height())

    def set_line(self, row: int, quantity: str | None) -> None:
        """Credit ``quantity`` of line ``row`` (None: leave the line out)."""
        item = self.lines_table.item(row, 0)
        item.setCheckState(Qt.CheckState.Unchecked if quantity is None else Qt.CheckState.Checked)
        if quantity is not None:
            self.lines_table.item(row, 3).setText(quantity)

    def credit_lines(self) -> tuple[InvoiceLineInput, ...]:
        """The lines of a partial credit note (LocalErrors on bad input)."""
        lines: list[InvoiceLineInput] = []
        for row, line in enumerate(self.invoice.lines):
            if self.lines_table.item(row, 0).checkState() != Qt.CheckState.Checked:
                continue
            quantity = parse_quantity(self.lines_table.item(row, 3).text())
            if quantity is None or quantity <= 0 or quantity > line.quantity:
                raise LocalErrors({"lines": BAD_CREDIT_QUANTITY})
            lines.append(
                InvoiceLineInput(
                    description=line.description,
                    quantity=quantity,
                    unit_price_cents=line.unit_price_cents,
                    vat_rate_bp=line.vat_rate_bp,
                    vat_exemption_reason=line.vat_exemption_reason,
                    service_id=line.service_id,
                    unit=line.unit,
                    service_date=line.service_date,
                    accounting_account=line.accounting_account,
                )
            )
        if not lines:
            raise LocalErrors({"lines": NO_CREDIT_LINE})
        return tuple(lines)

    def operation(self) -> Operation:
        lines = self.credit_lines() if self.partial_check.isChecked() else None
        return writing(
            "invoices",
            "create_credit_note",
            self.invoice.id,
            issue_date=date.today(),
            reason=self.reason_edit.text().strip(),
            lines=lines,
        )


class InvoiceDialog(QDialog):
    """A draft to edit and issue, or an issued invoice to read, pay and credit.

    ``changed(InvoiceView)`` after every successful write.
    """

    changed = Signal(object)

    def __init__(self, ops: Operations, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ops = ops
        self.invoice_id = invoice_id
        self.invoice: InvoiceView | None = None
        self.payers: list[tuple[str, Payer]] = []
        self.child_dialog: QDialog | None = None
        self._busy = False
        self._filling = False
        self._dirty = False
        self.setWindowTitle(_("Invoice"))
        self.resize(820, 640)
        self._build()
        self.reload()

    # ---- building --------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = section_label("", self, 1.3)
        self.title_label.setObjectName("invoiceTitleLabel")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("invoiceStateLabel")
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addSpacing(10)
        top.addWidget(self.state_label)
        top.addStretch(1)

        self.form = ErrorForm(self)
        self.payer_combo = QComboBox()
        self.payer_combo.setObjectName("invoicePayerCombo")
        self.payer_combo.setMinimumWidth(320)
        self.period_start_field = DateField()
        self.period_start_field.setObjectName("periodStartField")
        self.period_end_field = DateField()
        self.period_end_field.setObjectName("periodEndField")
        period = QWidget()
        period_layout = QHBoxLayout(period)
        period_layout.setContentsMargins(0, 0, 0, 0)
        period_layout.addWidget(self.period_start_field)
        period_layout.addWidget(QLabel(_("to"), period))
        period_layout.addWidget(self.period_end_field)
        period_layout.addStretch(1)
        self.name_persons_check = QCheckBox(_("Name the persons accompanied on the invoice"))
        self.name_persons_check.setObjectName("namePersonsCheck")
        self.name_persons_check.setToolTip(
            _("Professional secrecy: an invoice to an organization names nobody unless you choose.")
        )
        # The due date: empty in a draft means "the payment terms" (set at issue).
        self.due_field = date_field()
        self.due_field.setObjectName("invoiceDueField")
        self.due_hint = muted_label(_("Empty: from your payment terms, when issued."), self,
                                    wrap=False)  # fmt: skip
        self.due_hint.setObjectName("invoiceDueLabel")
        due = QWidget(self)
        due_layout = QHBoxLayout(due)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_field)
        due_layout.addWidget(self.due_hint)
        due_layout.addStretch(1)
        self.due_field.textEdited.connect(lambda _t: self._edited())
        self.payer_combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.period_start_field.textEdited.connect(lambda _t: self._edited())
        self.period_end_field.textEdited.connect(lambda _t: self._edited())
        self.name_persons_check.toggled.connect(lambda _on: self._edited())
        self.form.add_row("payer", _("Payer:"), self.payer_combo)
        self.form.add_row("period", _("Service period:"), period)
        self.form.add_row("name_persons", "", self.name_persons_check)
        self.form.add_row("due_date", _("Due date:"), due)

        self.lines_table = QTableWidget(0, len(LINE_COLUMNS), self)
        self.lines_table.setObjectName("invoiceLinesTable")
        self.lines_table.setHorizontalHeaderLabels([_(c) for c in LINE_COLUMNS])
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.lines_table.horizontalHeader()
        header.setSectionResizeMode(DESC, QHeaderView.ResizeMode.Stretch)
        for column in (QTY, PRICE, VAT, AMOUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.lines_table.itemChanged.connect(self._cell_changed)
        self.add_line_button = QPushButton(_("Add a line"), self)
        self.add_line_button.setObjectName("addLineButton")
        self.add_line_button.clicked.connect(lambda: self.add_line())
        self.remove_line_button = QPushButton(_("Remove the line"), self)
        self.remove_line_button.setObjectName("removeLineButton")
        self.remove_line_button.clicked.connect(self.remove_line)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("invoiceTotalsLabel")
        self.totals_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.add_line_button)
        line_buttons.addWidget(self.remove_line_button)
        line_buttons.addStretch(1)
        line_buttons.addWidget(self.totals_label)

        self.payments_label = QLabel(self)
        self.payments_label.setObjectName("invoicePaymentsLabel")
        self.payments_label.setWordWrap(True)
        self.payments_combo = QComboBox(self)
        self.payments_combo.setObjectName("invoicePaymentsCombo")
        self.payments_combo.setToolTip(_("A payment recorded by mistake can be removed"))
        self.delete_payment_button = QPushButton(_("Remove the payment"), self)
        self.delete_payment_button.setObjectName("deletePaymentButton")
        self.delete_payment_button.clicked.connect(self.delete_payment)
        payments_row = QHBoxLayout()
        payments_row.addWidget(self.payments_label, 1)
        payments_row.addWidget(self.payments_combo, 0, Qt.AlignmentFlag.AlignTop)
        payments_row.addWidget(self.delete_payment_button, 0, Qt.AlignmentFlag.AlignTop)
        self.status = StatusLine(self)
        self.status.setObjectName("invoiceStatusLine")

        self.save_button = QPushButton(_("Save the draft"), self)
        self.save_button.setObjectName("saveDraftButton")
        self.save_button.clicked.connect(lambda: self.save(issue=False))
        self.issue_button = QPushButton(_("Issue…"), self)
        self.issue_button.setObjectName("issueButton")
        self.issue_button.setToolTip(
            _("Gives the invoice its number; it can no longer be changed afterwards.")
        )
        self.issue_button.clicked.connect(self.ask_issue)
        self.delete_button = QPushButton(_("Delete the draft"), self)
        self.delete_button.setObjectName("deleteDraftButton")
        self.delete_button.clicked.connect(self.delete_draft)
        self.payment_button = QPushButton(_("Record a payment…"), self)
        self.payment_button.setObjectName("recordPaymentButton")
        self.payment_button.clicked.connect(self.open_payment)
        self.credit_button = QPushButton(_("Credit note…"), self)
        self.credit_button.setObjectName("creditNoteButton")
        self.credit_button.clicked.connect(self.open_credit_note)
        self.pdf_button = QPushButton(_("Save PDF…"), self)
        self.pdf_button.setObjectName("savePdfButton")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.reminder_button = QPushButton(_("Reminder letter…"), self)
        self.reminder_button.setObjectName("reminderLetterButton")
        self.reminder_button.setToolTip(_("A payment reminder for this overdue invoice, as PDF"))
        self.reminder_button.clicked.connect(self.save_reminder)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setObjectName("closeInvoiceButton")
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (
            self.delete_button,
            self.payment_button,
            self.credit_button,
            self.pdf_button,
            self.reminder_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.lines_table, 1)
        layout.addLayout(line_buttons)
        layout.addLayout(payments_row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # ---- loading ---------------------------------------------------------------------
    def reload(self) -> None:
        self.ops.run_db(_read(self.invoice_id), on_success=self._loaded, owner=self)

    def _loaded(self, result: tuple[InvoiceView, dict[int, Any], list[tuple[str, Payer]]]) -> None:
        invoice, links, payers = result
        self.payers = payers
        self.show_invoice(invoice, links)

    def show_invoice(self, invoice: InvoiceView, links: dict[int, Any] | None = None) -> None:
        self.invoice = invoice
        self._dirty = False
        links = links or {}
        draft = invoice.is_draft
        credit = invoice.kind == InvoiceKind.CREDIT_NOTE
        if draft:
            title = _("Draft invoice")
        elif credit:
            title = _("Credit note {number}", number=invoice.number or "")
        else:
            title = _("Invoice {number}", number=invoice.number or "")
        self.title_label.setText(title)
        self.setWindowTitle(title)
        self.state_label.setText(label_of(INVOICE_STATE_LABELS, invoice.state))
        self._filling = True
        try:
            self.payer_combo.clear()
            current: Payer = (
                invoice.payer_kind,
                invoice.payer_client_id,
                invoice.payer_organization_id,
            )
            if not draft or current not in [p for _n, p in self.payers]:
                self.payer_combo.addItem(invoice.payer_name, current)
            if draft:
                for name, payer in self.payers:
                    self.payer_combo.addItem(name, payer)
            combo_select(self.payer_combo, current)
            self.period_start_field.set_value(invoice.period_start)
            self.period_end_field.set_value(invoice.period_end)
            self.name_persons_check.setChecked(invoice.name_persons)
            self.lines_table.setRowCount(0)
            for line in invoice.lines:
                self.add_line(
                    line.description,
                    format_quantity(line.quantity),
                    money_text(line.unit_price_cents),
                    format_rate(line.vat_rate_bp).replace(" %", ""),
                    extra=(line.vat_exemption_reason, line.service_id, line.unit,
                           line.service_date, line.accounting_account,
                           *links.get(line.id, (None, None))),
                )  # fmt: skip
        finally:
            self._filling = False
        self._filling = True
        try:
            self.due_field.set_value(invoice.due_date)
        finally:
            self._filling = False
        self.due_hint.setVisible(draft)
        for widget in (self.payer_combo, self.period_start_field, self.period_end_field,
                       self.name_persons_check, self.due_field):  # fmt: skip
            widget.setEnabled(draft)
        self.lines_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            if draft
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        owed = invoice.balance_cents > 0 and not credit
        for button, visible in (
            (self.add_line_button, draft),
            (self.remove_line_button, draft),
            (self.save_button, draft),
            (self.issue_button, draft),
            (self.delete_button, draft),
            (self.payment_button, not draft and owed),
            (self.credit_button, not draft and not credit and invoice.state != "cancelled"),
            (self.pdf_button, not draft),
            (self.reminder_button, invoice.state == "overdue"),
        ):
            button.setVisible(visible)
        self._update_totals()
        self._show_payments(invoice)

    def _show_payments(self, invoice: InvoiceView) -> None:
        self.payments_combo.clear()
        for payment in invoice.payments:
            self.payments_combo.addItem(
                f"{day_text(payment.payment_date)} — {format_money(payment.amount_cents)}",
                payment.id,
            )
        has_payments = bool(invoice.payments) and not invoice.is_draft
        self.payments_combo.setVisible(has_payments)
        self.delete_payment_button.setVisible(has_payments)
        if invoice.is_draft:
            self.payments_label.clear()
            return
        lines = [
            _(
                "Issued on {day} · paid {paid} · still owed {left}",
                day=day_text(invoice.issue_date),
                paid=format_money(invoice.paid_cents),
                left=format_money(invoice.balance_cents),
            )
        ]
        for payment in invoice.payments:
            lines.append(
                f"• {day_text(payment.payment_date)} — {format_money(payment.amount_cents)} "
                f"({label_of(PAYMENT_METHOD_LABELS, payment.method)})"
            )
        if invoice.credited_cents:
            lines.append(_("Credited: {amount}", amount=format_money(invoice.credited_cents)))
        if invoice.hash:
            lines.append(_("Fingerprint: {hash}", hash=invoice.hash[:16] + "…"))
        self.payments_label.setText("\n".join(lines))

    def _edited(self) -> None:
        if not self._filling:
            self._dirty = True

    # ---- lines -----------------------------------------------------------------------
    def add_line(
        self,
        description: str = "",
        quantity: str = "1",
        price: str = "",
        rate: str = "0",
        *,
        extra: Any = None,
    ) -> int:
        row = self.lines_table.rowCount()
        self._filling, was = True, self._filling
        try:
            self.lines_table.insertRow(row)
            for column, text in ((DESC, description), (QTY, quantity), (PRICE, price),
                                 (VAT, rate), (AMOUNT, "")):  # fmt: skip
                item = QTableWidgetItem(text)
                if column != DESC:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == AMOUNT:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.lines_table.setItem(row, column, item)
            self.lines_table.item(row, DESC).setData(Qt.ItemDataRole.UserRole, extra)
        finally:
            self._filling = was
        if not self._filling:
            self._dirty = True
        self._update_totals()
        return row

    def remove_line(self) -> None:
        row = self.lines_table.currentRow()
        if row >= 0:
            self.lines_table.removeRow(row)
            self._dirty = True
            self._update_totals()

    def set_cell(self, row: int, column: int, text: str) -> None:
        self.lines_table.item(row, column).setText(text)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        item.setBackground(QColor(0, 0, 0, 0))
        self._dirty = True
        self.status.clear()
        self._update_totals()

    def _lines(self) -> tuple[list[InvoiceLineInput], dict[str, str]]:
        """The lines typed, and the cells that are not numbers ({"lines.2.quantity": …})."""
        lines: list[InvoiceLineInput] = []
        errors: dict[str, str] = {}
        for row in range(self.lines_table.rowCount()):
            text = {
                c: (self.lines_table.item(row, c).text() or "") for c in (DESC, QTY, PRICE, VAT)
            }
            prefix = f"lines.{row + 1}."
            quantity: Decimal | None = None
            price: int | None = None
            rate: int | None = None
            raw = text[QTY].strip()
            try:
                quantity = parse_quantity(raw.lstrip("-"))
                if quantity is not None and raw.startswith("-"):
                    quantity = -quantity
            except ValueError:
                errors[prefix + "quantity"] = BAD_QUANTITY
            try:
                price = parse_money(text[PRICE])
            except ValueError:
                errors[prefix + "unit_price_cents"] = BAD_AMOUNT
            try:
                rate = parse_rate(text[VAT])
            except ValueError:
                errors[prefix + "vat_rate_bp"] = BAD_RATE
            extra = self.lines_table.item(row, DESC).data(Qt.ItemDataRole.UserRole)
            reason, service_id, unit, service_date, account, item_id, package_id = (
                extra or (None,) * 7
            )
            lines.append(
                InvoiceLineInput(
                    description=text[DESC].strip(),
                    quantity=quantity if quantity is not None else Decimal(0),
                    unit_price_cents=price or 0,
                    vat_rate_bp=rate or 0,
                    vat_exemption_reason=reason,
                    service_id=service_id,
                    unit=unit,
                    service_date=service_date,
                    accounting_account=account,
                    billable_item_id=item_id,
                    client_package_id=package_id,
                )
            )
        return lines, errors

    def _update_totals(self) -> None:
        lines, errors = self._lines()
        self._filling, was = True, self._filling
        try:
            for row, line in enumerate(lines):
                bad = any(k.startswith(f"lines.{row + 1}.") for k in errors)
                amount = self.lines_table.item(row, AMOUNT)
                amount.setText("" if bad else format_money(line_net_cents(line.quantity,
                                                                          line.unit_price_cents)))  # fmt: skip
        finally:
            self._filling = was
        if errors:
            self.totals_label.setText("")
            return
        totals = compute_totals(lines)
        self.totals_label.setText(
            _(
                "Net {net} · VAT {vat} · Total {gross}",
                net=format_money(totals.net_cents),
                vat=format_money(totals.vat_cents),
                gross=format_money(totals.gross_cents),
            )
        )

    # ---- saving and issuing ----------------------------------------------------------
    def draft_input(self) -> tuple[InvoiceDraftInput | None, dict[str, str]]:
        lines, errors = self._lines()
        errors.update(self.form.date_errors())
        payer = self.payer_combo.currentData()
        if self.payer_combo.currentIndex() < 0 or payer is None:
            errors["payer"] = N_("Choose who pays this invoice.")
        try:
            start = self.period_start_field.value()
            end = self.period_end_field.value()
        except ValueError:
            errors.setdefault("period", N_("Enter dates as DD/MM/YYYY."))
            start = end = None
        try:
            due = self.due_field.value()
        except ValueError:
            errors.setdefault("due_date", N_("Enter dates as DD/MM/YYYY."))
            due = None
        if errors:
            return None, errors
        kind, client_id, organization_id = payer
        return (
            InvoiceDraftInput(
                payer_kind=PayerKind(kind),
                payer_client_id=client_id,
                payer_organization_id=organization_id,
                period_start=start,
                period_end=end,
                name_persons=self.name_persons_check.isChecked(),
                notes=self.invoice.notes if self.invoice is not None else None,
                lines=tuple(lines),
                due_date=due,
            ),
            {},
        )

    def ask_issue(self) -> None:
        """Issuing cannot be undone: ask first (the box is named ``issueInvoiceBox``)."""
        if self.invoice is None or not self.invoice.is_draft:
            return
        accompaniment_common.confirm(
            self,
            "issueInvoiceBox",
            _("Issue the invoice"),
            _(
                "Issue this invoice today? It gets the next number of its series and can "
                "no longer be changed: a mistake is then corrected by a credit note."
            ),
            lambda: self.save(issue=True),
            yes_text=_("Issue"),
        )

    def save(self, *, issue: bool) -> None:
        if self._busy or self.invoice is None or not self.invoice.is_draft:
            return
        self.form.clear_errors()
        self.status.clear()
        data, errors = self.draft_input()
        if data is None:
            self.show_errors(errors)
            return
        self._busy = True
        self.ops.run_db(
            _save_then(self.invoice_id, data if self._dirty or not issue else None, issue),
            on_success=lambda result: self._saved(result, issue=False, then_issue=issue),
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, result: tuple[InvoiceView, dict[int, Any]], *, issue: bool = True,
               then_issue: bool = False) -> None:  # fmt: skip
        invoice, links = result
        self._busy = False
        self.show_invoice(invoice, links)
        self.changed.emit(invoice)
        if then_issue:
            self._busy = True
            self.ops.run_db(
                _issue(self.invoice_id), on_success=self._saved, on_error=self._failed, owner=self
            )
        elif issue:
            self.status.ok(_("Issued as {number}.", number=invoice.number or ""))
        else:
            self.status.ok(_("Draft saved."))

    def _failed(self, error: BaseException) -> bool:
        self._busy = False
        if isinstance(error, MissingMentions):
            lines = [_("This invoice cannot be issued: mandatory mentions are missing.")]
            lines += [f"• {_(message)}" for message in error.errors.values()]
            lines.append(_("The draft was saved. Complete your profile or the payer, then issue."))
            self.status.error("\n".join(lines))
            return True
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
            return True
        self.status.error(error_text(error))
        return True

    def show_errors(self, errors: dict[str, str]) -> None:
        rest = self.form.show_errors(errors)
        fields = {
            "description": DESC,
            "quantity": QTY,
            "unit_price_cents": PRICE,
            "vat_rate_bp": VAT,
        }
        lines = [_("Nothing was saved: correct what is marked in red.")]
        for name in rest:
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit():
                row = int(parts[1]) - 1
                column = fields.get(parts[2])
                if column is not None and 0 <= row < self.lines_table.rowCount():
                    self._filling, was = True, self._filling
                    self.lines_table.item(row, column).setBackground(BAD_CELL)
                    self._filling = was
                lines.append(f"• {_('Line {number}', number=row + 1)}: {_(errors[name])}")
            else:
                lines.append(f"• {_(errors[name])}")
        self.status.error("\n".join(lines))

    def delete_draft(self) -> None:
        if self.invoice is None or not self.invoice.is_draft:
            return

        def delete() -> None:
            self.ops.run_db(
                writing("invoices", "delete_draft", self.invoice_id),
                on_success=lambda _r: self.accept(),
                owner=self,
            )

        accompaniment_common.confirm(
            self,
            "deleteDraftBox",
            _("Delete the draft"),
            _("Delete this draft invoice? Its items go back to “To bill”."),
            delete,
        )

    # ---- issued invoices -------------------------------------------------------------
    def _child(self, dialog: FormDialog) -> FormDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._child_saved)
        self.child_dialog = dialog
        dialog.open()
        return dialog

    def _child_saved(self, invoice: InvoiceView) -> None:
        self.changed.emit(invoice)
        if invoice.id == self.invoice_id:
            self.show_invoice(invoice)
            self.status.ok(_("Payment recorded."))
        else:  # a credit note: this invoice changed too
            self.status.ok(_("Credit note {number} issued.", number=invoice.number or ""))
            self.reload()

    def open_payment(self) -> PaymentDialog | None:
        if self.invoice is None or self.invoice.is_draft:
            return None
        dialog = PaymentDialog(self.ops, self.invoice, self)
        self._child(dialog)
        return dialog

    def open_credit_note(self) -> CreditNoteDialog | None:
        if self.invoice is None or self.invoice.is_draft:
            return None
        dialog = CreditNoteDialog(self.ops, self.invoice, self)
        self._child(dialog)
        return dialog

    def save_pdf(self) -> None:
        invoice = self.invoice
        if invoice is None or invoice.is_draft:
            return
        name = f"{invoice.number or 'invoice'}.pdf".replace("/", "-")
        path = accompaniment_common.ask_save_path(self, _("Save the invoice as PDF"), name)
        if path is None:
            return

        def op(uow: Any) -> tuple[Any, Changes]:
            from socialdesk.services.invoice_pdf import export_invoice_pdf

            return export_invoice_pdf(uow, invoice.id, path), NO_CHANGES

        self.ops.run_db(
            op,
            on_success=lambda saved: self.status.ok(_("Saved: {path}", path=saved)),
            on_error=self._failed,
            owner=self,
        )

    def save_reminder(self) -> None:
        invoice = self.invoice
        if invoice is None or invoice.is_draft:
            return
        name = _("reminder-{number}.pdf", number=invoice.number or "").replace("/", "-")
        path = accompaniment_common.ask_save_path(self, _("Save the reminder letter as PDF"), name)
        if path is None:
            return

        def op(uow: Any) -> tuple[Any, Changes]:
            from socialdesk.services.invoice_pdf import render_reminder_pdf
            from socialdesk.vault.atomic import write_private_atomic

            write_private_atomic(path, render_reminder_pdf(uow, [invoice.id], today=date.today()))
            return path, NO_CHANGES

        self.ops.run_db(
            op,
            on_success=lambda saved: self.status.ok(_("Saved: {path}", path=saved)),
            on_error=self._failed,
            owner=self,
        )

    def delete_payment(self) -> None:
        payment_id = self.payments_combo.currentData()
        if payment_id is None:
            return

        def delete() -> None:
            self.ops.run_db(
                writing("payments", "delete_payment", payment_id, today=date.today()),
                on_success=self._payment_deleted,
                on_error=self._failed,
                owner=self,
            )

        accompaniment_common.confirm(
            self,
            "deletePaymentBox",
            _("Remove the payment"),
            _("Remove the payment of {what}?", what=self.payments_combo.currentText()),
            delete,
            yes_text=_("Remove"),
        )

    def _payment_deleted(self, invoice: InvoiceView) -> None:
        self.show_invoice(invoice)
        self.changed.emit(invoice)
        self.status.ok(_("Payment removed."))
