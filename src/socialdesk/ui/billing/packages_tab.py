"""The "Packages" tab of a client file: the packages (forfaits) sold to the person, each
with what is left (a bar that turns amber when 20 % or less remains), the units used,
and the actions: sell a package, record units used by hand, close early.

Done appointments take units on their own (the agenda does it); this tab shows it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.catalogue import PackageDefinitionView
from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import OrganizationRole, PackageStatus
from socialdesk.domain.packages import (
    CLOSE_MODE_LABELS,
    PACKAGE_STATUS_LABELS,
    CloseMode,
    PackageSaleInput,
    PackageView,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    BAD_AMOUNT,
    MUTED_STYLE,
    Operation,
    label_of,
    muted_label,
    writing,
)
from socialdesk.ui.accompaniment.forms import (
    FormDialog,
    LocalErrors,
    date_field,
    text_area,
)
from socialdesk.ui.billing.common import (
    BAD_QUANTITY,
    day_text,
    format_money,
    format_quantity,
    money_text,
    parse_money,
    parse_quantity,
    unit_label,
)
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import heading

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Package"), N_("Left"), N_("Payer"), N_("Sold on"), N_("Valid until"), N_("Status"))
USE_COLUMNS = (N_("Date"), N_("Units"), N_("Origin"))
#: "Open" alone reads as a verb in French: a package in use is "in progress".
STATUS_LABELS = {**PACKAGE_STATUS_LABELS, PackageStatus.OPEN: N_("In progress")}
LEFT_COLUMN = 1


def _payers(uow: Any) -> list[tuple[int, str]]:
    from socialdesk.services.partners import list_organizations

    paying = (OrganizationRole.PAYER, OrganizationRole.BOTH)
    return [(o.id, o.name) for o in list_organizations(uow) if o.role in paying]


def _load(client_id: int, today: date) -> Operation:
    def op(uow: Any) -> tuple[Any, Changes]:
        from socialdesk.services.catalogue import list_package_definitions
        from socialdesk.services.packages import client_packages

        packages = client_packages(uow, client_id, today=today)
        offers = list_package_definitions(uow, include_inactive=False)
        return (packages, offers, _payers(uow)), NO_CHANGES

    return op


def remaining_text(package: PackageView) -> str:
    return _(
        "{left} of {total} left",
        left=format_quantity(package.units_remaining),
        total=format_quantity(package.units_total),
    )


class SellPackageDialog(FormDialog):
    """Sell an offer to the person; ``saved(PackageView)``."""

    def __init__(
        self,
        ops: Operations,
        client_id: int,
        offers: list[PackageDefinitionView],
        payers: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, _("Sell a package"), parent)
        self.setObjectName("sellPackageDialog")
        self.client_id = client_id
        self.offers = offers
        self.offer_combo = QComboBox()
        for offer in offers:
            self.offer_combo.addItem(f"{offer.name} — {format_money(offer.price_cents)}", offer.id)
        self.payer_combo = QComboBox()
        self.payer_combo.addItem(_("The person"), None)
        for payer_id, name in payers:
            self.payer_combo.addItem(name, payer_id)
        self.sold_field = date_field(date.today())
        self.price_edit = QLineEdit()
        self.valid_field = date_field()
        self.add_row("definition_id", _("Offer:"), self.offer_combo)
        self.add_row("payer_organization_id", _("Paid by:"), self.payer_combo)
        self.add_row("sold_date", _("Sold on:"), self.sold_field)
        self.add_row("price_cents", _("Price (€):"), self.price_edit)
        self.add_row("valid_until", _("Valid until:"), self.valid_field)
        self.hint = muted_label("", self)
        self.layout_.insertWidget(1, self.hint)
        self.offer_combo.currentIndexChanged.connect(self._offer_changed)
        self._offer_changed()

    def _offer(self) -> PackageDefinitionView | None:
        offer_id = self.offer_combo.currentData()
        return next((o for o in self.offers if o.id == offer_id), None)

    def _offer_changed(self, _index: int = 0) -> None:
        offer = self._offer()
        if offer is None:
            self.hint.setText(_("Create a package offer in Settings → Billing first."))
            return
        self.price_edit.setPlaceholderText(money_text(offer.price_cents))
        validity = (
            _("valid {days} days", days=offer.validity_days)
            if offer.validity_days
            else _("no time limit")
        )
        self.hint.setText(
            _(
                "{units} × {unit} of “{service}”, {validity}. Leave the price and the end "
                "of validity blank to take the offer's.",
                units=format_quantity(offer.units),
                unit=unit_label(offer.unit).lower(),
                service=offer.service_name,
                validity=validity,
            )
        )

    def operation(self) -> Operation:
        errors: dict[str, str] = {}
        price = None
        try:
            price = parse_money(self.price_edit.text())
        except ValueError:
            errors["price_cents"] = BAD_AMOUNT
        offer = self._offer()
        if offer is None:
            errors["definition_id"] = N_("Choose a package offer.")
        sold = self.sold_field.value() if "sold_date" not in self.form.date_errors() else None
        valid = self.valid_field.value() if "valid_until" not in self.form.date_errors() else None
        if sold is None and "sold_date" not in self.form.date_errors():
            errors["sold_date"] = N_("Enter the date of the sale.")
        if errors or offer is None or sold is None:
            raise LocalErrors(errors)
        data = PackageSaleInput(
            client_id=self.client_id,
            definition_id=offer.id,
            sold_date=sold,
            payer_organization_id=self.payer_combo.currentData(),
            price_cents=price,
            valid_until=valid,
        )
        return writing("packages", "sell_package", data, today=date.today())


class UseUnitsDialog(FormDialog):
    """Units used outside the agenda (negative: given back), with a reason."""

    def __init__(
        self, ops: Operations, package: PackageView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Record units used"), parent)
        self.setObjectName("useUnitsDialog")
        self.package = package
        self.units_edit = QLineEdit()
        self.units_edit.setPlaceholderText(_("e.g. 1,5 (negative gives back)"))
        self.day_field = date_field(date.today())
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setPlaceholderText(_("e.g. Phone follow-up with the landlord"))
        intro = muted_label(f"{package.name} — {remaining_text(package)}", self)
        self.layout_.insertWidget(0, intro)
        self.add_row("units", _("Units:"), self.units_edit)
        self.add_row("day", _("Date:"), self.day_field)
        self.add_row("reason", _("Reason:"), self.reason_edit)

    def operation(self) -> Operation:
        text = self.units_edit.text().strip()
        negative = text.startswith("-")
        try:
            units = parse_quantity(text.lstrip("-"))
        except ValueError:
            raise LocalErrors({"units": BAD_QUANTITY}) from None
        if units is None:
            raise LocalErrors({"units": BAD_QUANTITY})
        if "day" in self.form.date_errors():
            raise LocalErrors({})
        day = self.day_field.value() or date.today()
        return writing(
            "packages",
            "consume_package",
            self.package.id,
            -units if negative else units,
            reason=self.reason_edit.text().strip(),
            day=day,
            today=date.today(),
        )


class ClosePackageDialog(FormDialog):
    """Close a package before its end: settle the remainder or carry it over."""

    def __init__(
        self, ops: Operations, package: PackageView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Close the package early"), parent)
        self.setObjectName("closePackageDialog")
        self.package = package
        self.mode_combo = QComboBox()
        for mode in CloseMode:
            self.mode_combo.addItem(_(CLOSE_MODE_LABELS[mode]), mode)
        self.reason_edit = text_area(height=60)
        intro = muted_label(f"{package.name} — {remaining_text(package)}", self)
        self.layout_.insertWidget(0, intro)
        self.add_row("mode", _("The remainder:"), self.mode_combo)
        self.add_row("reason", _("Reason:"), self.reason_edit)
        self.ok_button.setText(_("Close the package"))

    def operation(self) -> Operation:
        return writing(
            "packages",
            "close_package",
            self.package.id,
            CloseMode(self.mode_combo.currentData()),
            reason=self.reason_edit.toPlainText().strip(),
            today=date.today(),
        )


class PackagesTab(QWidget):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packagesTab")
        self.ops = ops
        self.bus = bus
        self.client_id: int | None = None
        self.packages: list[PackageView] = []
        self.offers: list[PackageDefinitionView] = []
        self.payers: list[tuple[int, str]] = []
        self.dialog: QWidget | None = None
        self._wanted_id: int | None = None  # a package to select once loaded
        self._build()
        bus.changed.connect(self.on_changes)

    def _build(self) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("packagesSummaryLabel")
        self.summary_label.setStyleSheet(MUTED_STYLE)
        self.show_closed_box = QCheckBox(_("Show closed and used up"), self)
        self.show_closed_box.setObjectName("showClosedPackagesBox")
        self.show_closed_box.toggled.connect(lambda _on: self._fill())
        self.sell_button = QPushButton(_("Sell a package…"), self)
        self.sell_button.setObjectName("sellPackageButton")
        self.sell_button.clicked.connect(self.open_sell)
        top = QHBoxLayout()
        top.addWidget(heading(_("Packages"), self, 1.3))
        top.addSpacing(8)
        top.addWidget(self.summary_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.show_closed_box)
        top.addWidget(self.sell_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("packagesTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LEFT_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(LEFT_COLUMN, 210)
        for column in range(2, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_a: self._show_current())
        self.empty_label = muted_label(_("No package sold to this person."), self)
        self.empty_label.setObjectName("packagesEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.use_button = QPushButton(_("Record units used…"), self)
        self.use_button.setObjectName("useUnitsButton")
        self.use_button.clicked.connect(self.open_use)
        self.close_button = QPushButton(_("Close early…"), self)
        self.close_button.setObjectName("closePackageButton")
        self.close_button.clicked.connect(self.open_close)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("packageDetailLabel")
        self.detail_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.detail_label, 1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.close_button)

        self.uses_tree = QTreeWidget(self)
        self.uses_tree.setObjectName("packageUsesTree")
        self.uses_tree.setRootIsDecorated(False)
        self.uses_tree.setAlternatingRowColors(True)
        self.uses_tree.setHeaderLabels([_(c) for c in USE_COLUMNS])
        self.uses_tree.header().setStretchLastSection(True)
        self.uses_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.uses_tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.uses_tree, 2)
        self._update_buttons()

    # ---- loading ---------------------------------------------------------------------
    def set_client(self, client_id: int) -> None:
        self.client_id = client_id
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if self.client_id is not None and (changes.billing or changes.agenda or changes.partners):
            self.reload()

    def reload(self) -> None:
        if self.client_id is None:
            return
        self.ops.run_db(_load(self.client_id, date.today()), on_success=self._show, owner=self)

    def _show(self, result: Any) -> None:
        self.packages, self.offers, self.payers = result
        self._fill()

    def _visible(self) -> list[PackageView]:
        if self.show_closed_box.isChecked():
            return self.packages
        return [p for p in self.packages if p.status == PackageStatus.OPEN]

    def _fill(self) -> None:
        current = self._wanted_id or self.current_id()
        self._wanted_id = None
        self.tree.clear()
        shown = self._visible()
        for package in shown:
            item = QTreeWidgetItem(
                [
                    package.name,
                    "",
                    package.payer_name or _("The person"),
                    day_text(package.sold_date),
                    day_text(package.valid_until) or _("No limit"),
                    label_of(STATUS_LABELS, package.status),
                ]
            )
            item.setData(0, ID_ROLE, package.id)
            item.setToolTip(0, f"{package.service_name} — {format_money(package.price_cents)}")
            if package.expiring and package.status == PackageStatus.OPEN:
                item.setForeground(4, Qt.GlobalColor.darkYellow)
            self.tree.addTopLevelItem(item)
            self.tree.setItemWidget(item, LEFT_COLUMN, self._bar(package))
            if package.id == current:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        open_count = sum(1 for p in self.packages if p.status == PackageStatus.OPEN)
        self.summary_label.setText(
            _("1 open") if open_count == 1 else _("{count} open", count=open_count)
        )
        self.tree.setVisible(bool(shown))
        self.empty_label.setVisible(not shown)
        self._show_current()

    def _bar(self, package: PackageView) -> QProgressBar:
        bar = QProgressBar()
        bar.setObjectName("packageBalanceBar")
        total = int(package.units_total * 1000) or 1
        bar.setRange(0, total)
        bar.setValue(max(0, min(total, int(package.units_remaining * 1000))))
        bar.setFormat(remaining_text(package))
        bar.setTextVisible(True)
        bar.setMaximumHeight(18)
        if package.units_remaining <= 0:
            colour = "#f2b8b5"
        elif package.running_out:
            colour = "#fdd9a0"
        else:
            colour = "#b7dfbf"
        bar.setStyleSheet(
            "QProgressBar { border: 1px solid palette(mid); border-radius: 4px;"
            " text-align: center; background: palette(base); color: #1f1f1f; }"
            f"QProgressBar::chunk {{ background: {colour}; border-radius: 3px; }}"
        )
        return bar

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def current_package(self) -> PackageView | None:
        package_id = self.current_id()
        return next((p for p in self.packages if p.id == package_id), None)

    def bar_of(self, package_id: int) -> QProgressBar | None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.data(0, ID_ROLE) == package_id:
                widget = self.tree.itemWidget(item, LEFT_COLUMN)
                return widget if isinstance(widget, QProgressBar) else None
        return None

    def _show_current(self) -> None:
        package = self.current_package()
        self.uses_tree.clear()
        if package is None:
            self.detail_label.clear()
        else:
            lines = [
                _(
                    "{service} · {price} · {used} used",
                    service=package.service_name,
                    price=format_money(package.price_cents),
                    used=format_quantity(package.units_used),
                )
            ]
            if package.closed_reason:
                lines.append(package.closed_reason)
            self.detail_label.setText("\n".join(lines))
            for use in package.consumptions:
                source = use.reason or (_("Appointment") if use.appointment_id is not None else "")
                self.uses_tree.addTopLevelItem(
                    QTreeWidgetItem(
                        [day_text(use.consumed_date), format_quantity(use.units), source]
                    )  # fmt: skip
                )
        self._update_buttons()

    def _update_buttons(self) -> None:
        package = self.current_package()
        usable = package is not None and package.status != PackageStatus.CLOSED
        self.use_button.setEnabled(usable)
        self.close_button.setEnabled(usable)
        self.sell_button.setEnabled(self.client_id is not None)

    # ---- actions ---------------------------------------------------------------------
    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, package: Any) -> None:
        if isinstance(package, PackageView):
            self._wanted_id = package.id

    def open_sell(self) -> SellPackageDialog | None:
        if self.client_id is None:
            return None
        dialog = SellPackageDialog(
            self.ops, self.client_id, self.offers, self.payers, self.window()
        )
        self._open(dialog)
        return dialog

    def open_use(self) -> UseUnitsDialog | None:
        package = self.current_package()
        if package is None:
            return None
        dialog = UseUnitsDialog(self.ops, package, self.window())
        self._open(dialog)
        return dialog

    def open_close(self) -> ClosePackageDialog | None:
        package = self.current_package()
        if package is None:
            return None
        dialog = ClosePackageDialog(self.ops, package, self.window())
        self._open(dialog)
        return dialog

    def select(self, package_id: int) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.data(0, ID_ROLE) == package_id:
                self.tree.setCurrentItem(item)

    # ---- lock ------------------------------------------------------------------------
    def clear(self) -> None:
        self.client_id = None
        self.packages = []
        self.offers = []
        self.payers = []
        self.tree.clear()
        self.uses_tree.clear()
        self.detail_label.clear()
        self.summary_label.clear()
        self._update_buttons()
