"""Settings → Billing: the service catalogue and the package offers.

Each entry opens in a small editor; a refused value is shown under its field and the
editor stays open with everything typed still there. Services and offers are never
deleted (invoices refer to them): they are deactivated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.catalogue import (
    UNIT_LABELS,
    VAT_TREATMENT_LABELS,
    PackageDefinitionInput,
    PackageDefinitionView,
    ServiceInput,
    ServiceView,
    VatTreatment,
)
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import ServiceUnit
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.packages import BillingPolicy
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    BAD_AMOUNT,
    Operation,
    muted_label,
    section_label,
    writing,
)
from socialdesk.ui.accompaniment.forms import FormDialog, LocalErrors, combo_select, text_area
from socialdesk.ui.billing.common import (
    BAD_QUANTITY,
    BAD_RATE,
    format_money,
    format_quantity,
    format_rate,
    money_text,
    parse_money,
    parse_quantity,
    parse_rate,
    unit_label,
)
from socialdesk.ui.client_file.fields import ErrorForm
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

ID_ROLE = Qt.ItemDataRole.UserRole
SERVICE_COLUMNS = (
    N_("Code"),
    N_("Name"),
    N_("Unit"),
    N_("Unit price"),
    N_("VAT"),
    N_("Account"),
)
OFFER_COLUMNS = (N_("Package"), N_("Service"), N_("Quantity"), N_("Price"), N_("Validity"))
INACTIVE_COLOR = QColor("#8a8a8a")


def vat_text(service: ServiceView) -> str:
    if service.vat_treatment == VatTreatment.RATE:
        return format_rate(service.vat_rate_bp)
    if service.vat_treatment == VatTreatment.EXEMPT:
        return _("Exempt")
    return _("VAT status")


def _load(uow: Any) -> tuple[tuple[list[ServiceView], list[PackageDefinitionView], Any], Changes]:
    from socialdesk.services.catalogue import list_package_definitions, list_services
    from socialdesk.services.invoice_figures import franchise_threshold_cents
    from socialdesk.services.packages import billing_policy

    policy = (billing_policy(uow), franchise_threshold_cents(uow))
    return (list_services(uow), list_package_definitions(uow), policy), NO_CHANGES


class ServiceDialog(FormDialog):
    """A service of the catalogue, new (``service`` None) or existing; ``saved(ServiceView)``."""

    def __init__(
        self, ops: Operations, service: ServiceView | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Service") if service else _("New service"), parent)
        self.setObjectName("serviceDialog")
        self.service = service
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(40)
        self.code_edit.setPlaceholderText(_("e.g. ENT-1H"))
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.description_edit = text_area(height=60)
        self.unit_combo = QComboBox()
        for unit in ServiceUnit:
            self.unit_combo.addItem(_(UNIT_LABELS[unit]), unit)
        self.price_edit = QLineEdit()
        self.price_edit.setPlaceholderText(_("e.g. 60,00"))
        self.vat_combo = QComboBox()
        for treatment in VatTreatment:
            self.vat_combo.addItem(_(VAT_TREATMENT_LABELS[treatment]), treatment)
        self.rate_edit = QLineEdit()
        self.rate_edit.setPlaceholderText(_("e.g. 20"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_("e.g. Exonération de TVA, art. 261-4-4° du CGI"))
        self.account_edit = QLineEdit()
        self.account_edit.setMaxLength(20)
        self.account_edit.setPlaceholderText(_("e.g. 706000"))
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(0, 24 * 60)
        self.duration_spin.setSingleStep(15)
        self.duration_spin.setSuffix(_(" min"))
        self.duration_spin.setSpecialValueText(_("None"))
        self.active_check = QCheckBox(_("Offered (shown when choosing a service)"))
        self.add_row("code", _("Code:"), self.code_edit)
        self.add_row("name", _("Name:"), self.name_edit)
        self.add_row("description", _("Description:"), self.description_edit)
        self.add_row("unit", _("Unit:"), self.unit_combo)
        self.add_row("unit_price_cents", _("Unit price (€):"), self.price_edit)
        self.add_row("vat_treatment", _("VAT:"), self.vat_combo)
        self.add_row("vat_rate_bp", _("VAT rate (%):"), self.rate_edit)
        self.add_row("vat_exemption_reason", _("Legal basis:"), self.reason_edit)
        self.add_row("accounting_account", _("Accounting account:"), self.account_edit)
        self.add_row("default_duration_minutes", _("Usual duration:"), self.duration_spin)
        self.add_row("active", "", self.active_check)
        self.vat_combo.currentIndexChanged.connect(self._vat_changed)
        self.setMinimumWidth(560)
        if service is not None:
            self.code_edit.setText(service.code)
            self.name_edit.setText(service.name)
            self.description_edit.setPlainText(service.description)
            combo_select(self.unit_combo, service.unit)
            self.price_edit.setText(money_text(service.unit_price_cents))
            combo_select(self.vat_combo, service.vat_treatment)
            self.rate_edit.setText(format_rate(service.vat_rate_bp).replace(" %", ""))
            self.reason_edit.setText(service.vat_exemption_reason)
            self.account_edit.setText(service.accounting_account)
            self.duration_spin.setValue(service.default_duration_minutes or 0)
            self.active_check.setChecked(service.active)
        else:
            self.active_check.setChecked(True)
        self._vat_changed()

    def _vat_changed(self, _index: int = 0) -> None:
        treatment = self.vat_combo.currentData()
        self.rate_edit.setEnabled(treatment == VatTreatment.RATE)
        self.reason_edit.setEnabled(treatment == VatTreatment.EXEMPT)

    def operation(self) -> Operation:
        errors: dict[str, str] = {}
        price = rate = None
        try:
            price = parse_money(self.price_edit.text())
        except ValueError:
            errors["unit_price_cents"] = BAD_AMOUNT
        treatment = VatTreatment(self.vat_combo.currentData())
        if treatment is VatTreatment.RATE:
            try:
                rate = parse_rate(self.rate_edit.text())
            except ValueError:
                errors["vat_rate_bp"] = BAD_RATE
        if errors:
            raise LocalErrors(errors)
        data = ServiceInput(
            code=self.code_edit.text().strip(),
            name=self.name_edit.text().strip(),
            unit=ServiceUnit(self.unit_combo.currentData()),
            unit_price_cents=price if price is not None else 0,
            description=self.description_edit.toPlainText().strip(),
            vat_treatment=treatment,
            vat_rate_bp=rate if treatment is VatTreatment.RATE else None,
            vat_exemption_reason=(
                self.reason_edit.text().strip() if treatment is VatTreatment.EXEMPT else ""
            ),
            accounting_account=self.account_edit.text().strip(),
            default_duration_minutes=self.duration_spin.value() or None,
            active=self.active_check.isChecked(),
        )
        service_id = self.service.id if self.service is not None else None
        return writing("catalogue", "save_service", data, service_id=service_id)


class OfferDialog(FormDialog):
    """A package offer ("Accompagnement administratif — 10 h"); ``saved(PackageDefinitionView)``."""

    def __init__(
        self,
        ops: Operations,
        offer: PackageDefinitionView | None,
        services: list[ServiceView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, _("Package offer") if offer else _("New package offer"), parent)
        self.setObjectName("offerDialog")
        self.offer = offer
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(_("e.g. Accompagnement administratif — 10 h"))
        self.service_combo = QComboBox()
        for service in services:
            if service.active or (offer is not None and service.id == offer.service_id):
                self.service_combo.addItem(
                    f"{service.name} ({unit_label(service.unit)})", service.id
                )
        self.units_edit = QLineEdit()
        self.units_edit.setPlaceholderText(_("e.g. 10"))
        self.price_edit = QLineEdit()
        self.price_edit.setPlaceholderText(_("e.g. 550,00"))
        self.validity_spin = QSpinBox()
        self.validity_spin.setRange(0, 3660)
        self.validity_spin.setSuffix(_(" days"))
        self.validity_spin.setSpecialValueText(_("No limit"))
        self.active_check = QCheckBox(_("Offered (can be sold)"))
        self.add_row("name", _("Name:"), self.name_edit)
        self.add_row("service_id", _("Service:"), self.service_combo)
        self.add_row("units", _("Quantity:"), self.units_edit)
        self.add_row("price_cents", _("Price (€):"), self.price_edit)
        self.add_row("validity_days", _("Valid for:"), self.validity_spin)
        self.add_row("active", "", self.active_check)
        if offer is not None:
            self.name_edit.setText(offer.name)
            combo_select(self.service_combo, offer.service_id)
            self.units_edit.setText(format_quantity(offer.units))
            self.price_edit.setText(money_text(offer.price_cents))
            self.validity_spin.setValue(offer.validity_days or 0)
            self.active_check.setChecked(offer.active)
        else:
            self.active_check.setChecked(True)

    def operation(self) -> Operation:
        errors: dict[str, str] = {}
        units: Decimal | None = None
        price: int | None = None
        try:
            units = parse_quantity(self.units_edit.text())
        except ValueError:
            errors["units"] = BAD_QUANTITY
        try:
            price = parse_money(self.price_edit.text())
        except ValueError:
            errors["price_cents"] = BAD_AMOUNT
        if self.service_combo.currentData() is None:
            errors["service_id"] = N_("Add a service to the catalogue first.")
        if errors:
            raise LocalErrors(errors)
        data = PackageDefinitionInput(
            name=self.name_edit.text().strip(),
            service_id=int(self.service_combo.currentData()),
            units=units if units is not None else Decimal(0),
            price_cents=price if price is not None else 0,
            validity_days=self.validity_spin.value() or None,
            active=self.active_check.isChecked(),
        )
        offer_id = self.offer.id if self.offer is not None else None
        return writing("catalogue", "save_package_definition", data, definition_id=offer_id)


def _table(parent: QWidget, name: str, columns: tuple[str, ...]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setHeaderLabels([_(c) for c in columns])
    tree.header().setStretchLastSection(False)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    tree.setMinimumHeight(150)
    return tree


class BillingSettingsSection(QGroupBox):
    """The catalogue (services) and the package offers."""

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(_("Billing"), parent)
        self.setObjectName("billingSettingsGroup")
        self.ops = ops
        self.services: list[ServiceView] = []
        self.offers: list[PackageDefinitionView] = []
        self._loaded = False

        intro = QLabel(
            _(
                "The services you sell and their price. Invoices copy what they say when "
                "they are drafted; a service that is no longer offered is deactivated, "
                "never deleted."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.services_tree = _table(self, "servicesTree", SERVICE_COLUMNS)
        self.services_tree.itemDoubleClicked.connect(lambda _i, _c: self.edit_service())
        self.services_tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.new_service_button = QPushButton(_("New service…"), self)
        self.new_service_button.setObjectName("newServiceButton")
        self.new_service_button.clicked.connect(lambda: self.open_service(None))
        self.edit_service_button = QPushButton(_("Edit…"), self)
        self.edit_service_button.setObjectName("editServiceButton")
        self.edit_service_button.clicked.connect(self.edit_service)
        self.show_inactive_check = QCheckBox(_("Show deactivated ones"), self)
        self.show_inactive_check.setObjectName("showInactiveServicesCheck")
        self.show_inactive_check.toggled.connect(lambda _on: self._fill())
        service_buttons = QHBoxLayout()
        service_buttons.addWidget(self.new_service_button)
        service_buttons.addWidget(self.edit_service_button)
        service_buttons.addStretch(1)
        service_buttons.addWidget(self.show_inactive_check)

        self.offers_tree = _table(self, "offersTree", OFFER_COLUMNS)
        self.offers_tree.setMinimumHeight(110)
        self.offers_tree.setHeaderLabels([_(c) for c in OFFER_COLUMNS])
        self.offers_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.offers_tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.offers_tree.itemDoubleClicked.connect(lambda _i, _c: self.edit_offer())
        self.offers_tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.new_offer_button = QPushButton(_("New package offer…"), self)
        self.new_offer_button.setObjectName("newOfferButton")
        self.new_offer_button.clicked.connect(lambda: self.open_offer(None))
        self.edit_offer_button = QPushButton(_("Edit…"), self)
        self.edit_offer_button.setObjectName("editOfferButton")
        self.edit_offer_button.clicked.connect(self.edit_offer)
        offer_buttons = QHBoxLayout()
        offer_buttons.addWidget(self.new_offer_button)
        offer_buttons.addWidget(self.edit_offer_button)
        offer_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(section_label(_("Services"), self, 1.0))
        layout.addWidget(self.services_tree)
        layout.addLayout(service_buttons)
        layout.addSpacing(8)
        layout.addWidget(section_label(_("Package offers (forfaits)"), self, 1.0))
        layout.addWidget(
            muted_label(_("A number of units of one service at a price, sold to a client."), self)
        )
        layout.addWidget(self.offers_tree)
        layout.addLayout(offer_buttons)
        layout.addSpacing(8)
        layout.addWidget(section_label(_("Missed appointments"), self, 1.0))
        self.no_show_check = QCheckBox(_("Charge a no-show (the person did not come)"), self)
        self.no_show_check.setObjectName("chargeNoShowCheck")
        self.late_cancel_check = QCheckBox(_("Charge a late cancellation"), self)
        self.late_cancel_check.setObjectName("chargeLateCancellationCheck")
        for check in (self.no_show_check, self.late_cancel_check):
            check.toggled.connect(lambda _on: self.save_policy())
            layout.addWidget(check)
        layout.addWidget(
            muted_label(
                _(
                    "A charged appointment takes units from the person's package, or "
                    "becomes an item to bill. Saved at once."
                ),
                self,
            )
        )
        layout.addSpacing(8)
        layout.addWidget(section_label(_("VAT franchise"), self, 1.0))
        self.threshold_form = ErrorForm(self)
        self.threshold_edit = QLineEdit(self)
        self.threshold_edit.setMaximumWidth(160)
        self.threshold_edit.returnPressed.connect(self.save_threshold)
        self.threshold_button = QPushButton(_("Save"), self)
        self.threshold_button.setObjectName("saveThresholdButton")
        self.threshold_button.clicked.connect(self.save_threshold)
        threshold_row = QWidget(self)
        row_layout = QHBoxLayout(threshold_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.threshold_edit)
        row_layout.addWidget(self.threshold_button)
        row_layout.addStretch(1)
        self.threshold_form.add_row("threshold", _("Yearly ceiling watched (€):"), threshold_row)
        self.threshold_form.fields["threshold"] = self.threshold_edit
        layout.addWidget(self.threshold_form)
        layout.addWidget(
            muted_label(
                _(
                    "The Billing page shows how much of it this year's turnover reaches. "
                    "Leave it blank for your country's ceiling."
                ),
                self,
            )
        )
        bus.changed.connect(self.on_changes)
        self.clear()

    # ---- loading ---------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.billing:
            self.reload()

    def reload(self) -> None:
        self.ops.run_db(_load, on_success=self._show, owner=self)

    def _show(self, result: tuple[list[ServiceView], list[PackageDefinitionView], Any]) -> None:
        self.services, self.offers, (policy, threshold) = result
        self._loaded = True
        self._set_policy(policy)
        self.threshold_edit.setText(money_text(threshold))
        self._fill()

    def _set_policy(self, policy: Any) -> None:
        for check, value in ((self.no_show_check, policy.charge_no_show),
                             (self.late_cancel_check, policy.charge_late_cancellation)):  # fmt: skip
            check.blockSignals(True)
            check.setChecked(value)
            check.blockSignals(False)

    def save_policy(self) -> None:
        policy = BillingPolicy(
            charge_no_show=self.no_show_check.isChecked(),
            charge_late_cancellation=self.late_cancel_check.isChecked(),
        )
        self.ops.run_db(writing("packages", "save_billing_policy", policy), owner=self)

    def _fill(self) -> None:
        show_inactive = self.show_inactive_check.isChecked()
        current = self.current_service_id()
        self.services_tree.clear()
        for service in self.services:
            if not service.active and not show_inactive:
                continue
            item = QTreeWidgetItem(
                [
                    service.code,
                    service.name
                    if service.active
                    else _("{name} (deactivated)", name=service.name),
                    unit_label(service.unit),
                    format_money(service.unit_price_cents),
                    vat_text(service),
                    service.accounting_account,
                ]
            )
            item.setData(0, ID_ROLE, service.id)
            item.setToolTip(4, service.vat_exemption_reason or vat_text(service))
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not service.active:
                for column in range(len(SERVICE_COLUMNS)):
                    item.setForeground(column, INACTIVE_COLOR)
            self.services_tree.addTopLevelItem(item)
            if service.id == current:
                self.services_tree.setCurrentItem(item)
        current_offer = self.current_offer_id()
        self.offers_tree.clear()
        for offer in self.offers:
            if not offer.active and not show_inactive:
                continue
            validity = (
                _("{days} days", days=offer.validity_days) if offer.validity_days else _("No limit")
            )
            item = QTreeWidgetItem(
                [
                    offer.name if offer.active else _("{name} (deactivated)", name=offer.name),
                    offer.service_name,
                    f"{format_quantity(offer.units)} × {unit_label(offer.unit)}",
                    format_money(offer.price_cents),
                    validity,
                ]
            )
            item.setData(0, ID_ROLE, offer.id)
            if not offer.active:
                for column in range(len(OFFER_COLUMNS)):
                    item.setForeground(column, INACTIVE_COLOR)
            self.offers_tree.addTopLevelItem(item)
            if offer.id == current_offer:
                self.offers_tree.setCurrentItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.edit_service_button.setEnabled(self.current_service_id() is not None)
        self.edit_offer_button.setEnabled(self.current_offer_id() is not None)
        self.new_offer_button.setEnabled(any(s.active for s in self.services))

    def current_service_id(self) -> int | None:
        item = self.services_tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def current_offer_id(self) -> int | None:
        item = self.offers_tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    # ---- editing ---------------------------------------------------------------------
    def edit_service(self) -> ServiceDialog | None:
        service_id = self.current_service_id()
        service = next((s for s in self.services if s.id == service_id), None)
        return self.open_service(service) if service is not None else None

    def open_service(self, service: ServiceView | None) -> ServiceDialog:
        dialog = ServiceDialog(self.ops, service, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_offer(self) -> OfferDialog | None:
        offer_id = self.current_offer_id()
        offer = next((o for o in self.offers if o.id == offer_id), None)
        return self.open_offer(offer) if offer is not None else None

    def open_offer(self, offer: PackageDefinitionView | None) -> OfferDialog:
        dialog = OfferDialog(self.ops, offer, self.services, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---- lock ------------------------------------------------------------------------
    def clear(self) -> None:
        self.services = []
        self.offers = []
        self._loaded = False
        self.services_tree.clear()
        self.offers_tree.clear()
        self._set_policy(BillingPolicy())
        self._update_buttons()

    def holds_vault_data(self) -> bool:
        return self._loaded

    def save_threshold(self) -> None:
        self.threshold_form.clear_errors()
        try:
            cents = parse_money(self.threshold_edit.text())
        except ValueError:
            self.threshold_form.show_errors({"threshold": BAD_AMOUNT})
            return

        def failed(error: BaseException) -> bool:
            if isinstance(error, ValidationError):
                self.threshold_form.show_errors(error.errors)
                return True
            return False

        self.ops.run_db(
            writing("invoice_figures", "save_franchise_threshold", cents),
            on_error=failed,
            owner=self,
        )
