"""Partners: the directory of the organizations of the network, searchable and filtered
by domain (housing, health, debt…), with each one's contact persons, opening hours,
notes and the people oriented to it.

Typing in the search field filters as you type (name, city, domains, notes, contact
names; accents and case do not matter). The directory is small (tens to a few hundred
organizations): it is read whole for each filter, on the worker.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import Changes
from socialdesk.domain.partners import (
    DOMAIN_LABELS,
    PARTNER_DOMAINS,
    ContactDTO,
    OrganizationDetail,
    OrganizationRow,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    MUTED_STYLE,
    confirm,
    count_text,
    label_of,
    reading,
    state_color,
    writing,
)
from socialdesk.ui.accompaniment.organization_panel import OrganizationPanel
from socialdesk.ui.accompaniment.partner_dialogs import ContactDialog, OrganizationDialog
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import Page, heading

DEBOUNCE_MS = 150
ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Organization"), N_("Domains"), N_("City"), N_("Referrals"))


def domains_text(row: OrganizationRow) -> str:
    names = [label_of(DOMAIN_LABELS, code) for code in row.domain_codes]
    if row.domains_text:
        names.append(row.domains_text)
    return ", ".join(names)


class PartnersPage(Page):
    """``open_client_requested(client_id)``: the user wants a referred person's file."""

    key = "partners"
    open_client_requested = Signal(int)

    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ops, bus, parent)
        self.rows: list[OrganizationRow] = []
        self.dialog: QWidget | None = None
        self._current_id: int | None = None
        self._stale = True
        self._build()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())

    def title(self) -> str:
        return _("Partners")

    # ---- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.count_label = QLabel(self)
        self.count_label.setObjectName("partnersCountLabel")
        self.count_label.setStyleSheet(MUTED_STYLE)
        self.new_button = QPushButton(_("New organization…"), self)
        self.new_button.setObjectName("newOrganizationButton")
        self.new_button.clicked.connect(self.open_new_organization)
        top = QHBoxLayout()
        top.addWidget(heading(_("Partners"), self))
        top.addSpacing(8)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("partnerSearchEdit")
        self.search_edit.setPlaceholderText(_("Search by name, city, domain or contact person"))
        self.search_edit.setClearButtonEnabled(True)
        self.domain_combo = QComboBox(self)
        self.domain_combo.setObjectName("partnerDomainFilter")
        self.domain_combo.addItem(_("All domains"), None)
        for code in PARTNER_DOMAINS:
            self.domain_combo.addItem(label_of(DOMAIN_LABELS, code), code)
        self.domain_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.payers_box = QCheckBox(_("Payers too"), self)
        self.payers_box.setObjectName("partnersIncludePayersBox")
        self.payers_box.setToolTip(_("Also list the organizations that only pay for services"))
        self.payers_box.toggled.connect(lambda _on: self.reload())
        self.inactive_box = QCheckBox(_("Inactive too"), self)
        self.inactive_box.setObjectName("partnersIncludeInactiveBox")
        self.inactive_box.toggled.connect(lambda _on: self.reload())
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.domain_combo)
        filters.addWidget(self.payers_box)
        filters.addWidget(self.inactive_box)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("partnersTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 170)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("partnersMessageLabel")
        self.message_label.setStyleSheet(MUTED_STYLE)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.message_label, 1)

        self.panel = OrganizationPanel(self)
        self.panel.edit_requested.connect(self.open_edit_organization)
        self.panel.toggle_active_requested.connect(self.toggle_active)
        self.panel.add_contact_requested.connect(lambda: self.open_contact(None))
        self.panel.edit_contact_requested.connect(self.open_contact)
        self.panel.remove_contact_requested.connect(self.confirm_remove_contact)
        self.panel.client_requested.connect(self.open_client_requested)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("partnersSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([460, 640])
        left.setMinimumWidth(340)
        self.panel.setMinimumWidth(380)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

    # ---- loading -----------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.partners or changes.vault or changes.clients:
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def reload(self) -> None:
        self._stale = False
        if self.ops.vault is None:
            return
        op = reading(
            "partners",
            "list_organizations",
            text=self.search_edit.text().strip(),
            domain=self.domain_combo.currentData(),
            partners_only=not self.payers_box.isChecked(),
            include_inactive=self.inactive_box.isChecked(),
        )
        self.ops.run_db(op, on_success=self._show_rows, owner=self)

    def _show_rows(self, rows: list[OrganizationRow]) -> None:
        self.rows = rows
        self.count_label.setText(
            count_text(len(rows), N_("1 organization"), N_("{count} organizations"))
        )
        self.tree.blockSignals(True)
        self.tree.clear()
        current: QTreeWidgetItem | None = None
        for row in rows:
            referrals = str(row.referral_count) if row.referral_count else ""
            item = QTreeWidgetItem(self.tree, [row.name, domains_text(row), row.city, referrals])
            item.setData(0, ID_ROLE, row.id)
            item.setToolTip(0, row.name)
            item.setToolTip(1, domains_text(row))
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not row.active:
                for column in range(4):
                    item.setForeground(column, state_color("cancelled"))
            if row.id == self._current_id:
                current = item
        self.tree.blockSignals(False)
        self.tree.setVisible(bool(rows))
        self.message_label.setVisible(not rows)
        filtered = bool(self.search_edit.text().strip() or self.domain_combo.currentData())
        self.message_label.setText(
            _("No organization matches these filters.")
            if filtered
            else _("Your network is empty. Add the organizations you orient people to.")
        )
        if current is None and rows:
            current = self.tree.topLevelItem(0)
        if current is not None:
            self.tree.setCurrentItem(current)
        else:
            self._current_id = None
            self.panel.show_organization(None)

    def _current_changed(self, item: QTreeWidgetItem | None, *_args: object) -> None:
        organization_id = item.data(0, ID_ROLE) if item is not None else None
        self._current_id = organization_id
        if organization_id is None:
            self.panel.show_organization(None)
            return
        self.ops.run_db(
            reading("partners", "get_organization", organization_id),
            on_success=self._show_detail,
            owner=self,
        )

    def _show_detail(self, detail: OrganizationDetail) -> None:
        if detail.id == self._current_id:
            self.panel.show_organization(detail)

    def show_organization(self, organization_id: int) -> None:
        """Select ``organization_id`` in the list (once loaded)."""
        self._current_id = organization_id
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, ID_ROLE) == organization_id:
                self.tree.setCurrentItem(item)
                return
        self.reload()

    # ---- actions -----------------------------------------------------------------------
    def open_new_organization(self) -> OrganizationDialog:
        return self._open(OrganizationDialog(self.ops, None, self))

    def open_edit_organization(self) -> OrganizationDialog | None:
        org = self.panel.organization
        if org is None:
            return None
        return self._open(OrganizationDialog(self.ops, org, self))

    def open_contact(self, contact: ContactDTO | None) -> ContactDialog | None:
        org = self.panel.organization
        if org is None:
            return None
        return self._open(ContactDialog(self.ops, org.id, contact, self))

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _saved(self, detail: OrganizationDetail) -> None:
        self._current_id = detail.id  # the reload that follows selects it

    def toggle_active(self) -> None:
        org = self.panel.organization
        if org is not None:
            self.ops.run_db(
                writing("partners", "set_organization_active", org.id, not org.active),
                owner=self,
            )

    def confirm_remove_contact(self, contact: ContactDTO) -> None:
        self.dialog = confirm(
            self,
            "removeContactDialog",
            _("Remove the contact person"),
            _(
                "Remove {name} from this organization? Referrals made through them are kept. "
                "If they only left, untick “Still works there” instead.",
                name=contact.name,
            ),
            lambda: self.ops.run_db(writing("partners", "delete_contact", contact.id), owner=self),
            yes_text=_("Remove"),
        )

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self.rows = []
        self._current_id = None
        self._stale = True
        self.tree.clear()
        self.count_label.clear()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.panel.show_organization(None)
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None

    def holds_vault_data(self) -> bool:
        return bool(self.rows) or self.panel.organization is not None
