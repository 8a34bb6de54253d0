"""One organization of the directory in full: how to reach it, when it is open, the
people who work there, and every person oriented to it with the outcome."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.partners import (
    DOMAIN_LABELS,
    ORGANIZATION_KIND_LABELS,
    ORGANIZATION_ROLE_LABELS,
    ContactDTO,
    OrganizationDetail,
    ReferralDTO,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    MUTED_STYLE,
    count_text,
    day_text,
    label_of,
    section_label,
    selectable,
    state_color,
)
from socialdesk.ui.accompaniment.referrals_tab import outcome_text
from socialdesk.ui.client_file.labels import COUNTRY_LABELS

ID_ROLE = Qt.ItemDataRole.UserRole
DOMAIN_CHIP = "<span style='background:#e6eefb; color:#0b3d91;'>&nbsp;{text}&nbsp;</span>"


def escape(text: str) -> str:
    """Text for a rich-text label (apostrophes kept as they are: Qt reads no &#x27;)."""
    return html.escape(text, quote=False)


def _table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


def _fit(table: QTableWidget, max_rows: int) -> None:
    rows = max(1, min(table.rowCount(), max_rows))
    row = table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows * row + 4)


class OrganizationPanel(QScrollArea):
    edit_requested = Signal()
    toggle_active_requested = Signal()
    add_contact_requested = Signal()
    edit_contact_requested = Signal(object)  # ContactDTO
    remove_contact_requested = Signal(object)  # ContactDTO
    client_requested = Signal(int)  # a referral's person: open their file

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organizationPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.organization: OrganizationDetail | None = None
        body = QWidget(self)
        self._build(body)
        self.setWidget(body)
        self.show_organization(None)

    def _build(self, body: QWidget) -> None:
        self.name_label = selectable(section_label("", body, 1.4))
        self.name_label.setObjectName("organizationNameLabel")
        self.name_label.setWordWrap(True)
        self.edit_button = QPushButton(_("Edit…"), body)
        self.edit_button.setObjectName("editOrganizationButton")
        self.edit_button.clicked.connect(self.edit_requested)
        self.active_button = QPushButton(body)
        self.active_button.setObjectName("toggleOrganizationActiveButton")
        self.active_button.clicked.connect(self.toggle_active_requested)
        head = QHBoxLayout()
        head.addWidget(self.name_label, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.active_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind_label = QLabel(body)
        self.kind_label.setObjectName("organizationKindLabel")
        self.kind_label.setStyleSheet(MUTED_STYLE)
        self.domains_label = QLabel(body)
        self.domains_label.setObjectName("organizationDomainsLabel")
        self.domains_label.setWordWrap(True)
        self.reach_label = selectable(QLabel(body))
        self.reach_label.setObjectName("organizationReachLabel")
        self.reach_label.setWordWrap(True)
        self.reach_label.setOpenExternalLinks(False)
        self.hours_label = selectable(QLabel(body))
        self.hours_label.setObjectName("organizationHoursLabel")
        self.hours_label.setWordWrap(True)
        self.notes_label = selectable(QLabel(body))
        self.notes_label.setObjectName("organizationNotesLabel")
        self.notes_label.setWordWrap(True)

        self.add_contact_button = QPushButton(_("Add a contact person…"), body)
        self.add_contact_button.setObjectName("addContactButton")
        self.add_contact_button.clicked.connect(self.add_contact_requested)
        self.edit_contact_button = QPushButton(_("Edit…"), body)
        self.edit_contact_button.setObjectName("editContactButton")
        self.edit_contact_button.clicked.connect(self._edit_contact)
        self.remove_contact_button = QPushButton(_("Remove"), body)
        self.remove_contact_button.setObjectName("removeContactButton")
        self.remove_contact_button.clicked.connect(self._remove_contact)
        contacts_head = QHBoxLayout()
        contacts_head.addWidget(section_label(_("Contact persons"), body))
        contacts_head.addStretch(1)
        contacts_head.addWidget(self.add_contact_button)
        contacts_head.addWidget(self.edit_contact_button)
        contacts_head.addWidget(self.remove_contact_button)
        self.contacts_table = _table(
            body, "contactsTable", [_("Name"), _("Role"), _("Phone"), _("Email")]
        )
        header = self.contacts_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.contacts_table.itemDoubleClicked.connect(lambda _i: self._edit_contact())
        self.contacts_table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        self.no_contact_label = QLabel(_("No contact person recorded."), body)
        self.no_contact_label.setStyleSheet(MUTED_STYLE)

        self.referrals_label = section_label(_("Referrals"), body)
        self.referrals_label.setObjectName("organizationReferralsLabel")
        self.referrals_table = _table(
            body, "partnerReferralsTable", [_("Date"), _("Person"), _("Reason"), _("Outcome")]
        )
        header = self.referrals_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.referrals_table.setToolTip(_("Double-click to open the person's file"))
        self.referrals_table.itemDoubleClicked.connect(self._referral_activated)
        self.no_referral_label = QLabel(_("Nobody was oriented here yet."), body)
        self.no_referral_label.setStyleSheet(MUTED_STYLE)

        self.placeholder = QLabel(_("Choose an organization in the list."), body)
        self.placeholder.setStyleSheet(MUTED_STYLE)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget(body)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(head)
        content.addWidget(self.kind_label)
        content.addWidget(self.domains_label)
        content.addSpacing(4)
        content.addWidget(self.reach_label)
        content.addWidget(self.hours_label)
        content.addWidget(self.notes_label)
        content.addSpacing(8)
        content.addLayout(contacts_head)
        content.addWidget(self.contacts_table)
        content.addWidget(self.no_contact_label)
        content.addSpacing(8)
        content.addWidget(self.referrals_label)
        content.addWidget(self.referrals_table)
        content.addWidget(self.no_referral_label)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 0, 8, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content)
        layout.addStretch(1)

    # ---- showing -----------------------------------------------------------------------
    def show_organization(self, org: OrganizationDetail | None) -> None:
        self.organization = org
        self.placeholder.setVisible(org is None)
        self.content.setVisible(org is not None)
        if org is None:
            self.contacts_table.setRowCount(0)
            self.referrals_table.setRowCount(0)
            return
        name = org.name if org.active else _("{name} (inactive)", name=org.name)
        self.name_label.setText(name)
        self.active_button.setText(_("Deactivate") if org.active else _("Reactivate"))
        self.active_button.setToolTip(
            _("Hide it from the lists; its referrals and démarches are kept") if org.active else ""
        )
        self.kind_label.setText(
            " · ".join(
                part
                for part in (
                    label_of(ORGANIZATION_KIND_LABELS, org.kind),
                    label_of(ORGANIZATION_ROLE_LABELS, org.role),
                )
                if part
            )
        )
        chips = [
            DOMAIN_CHIP.format(text=escape(label_of(DOMAIN_LABELS, c))) for c in org.domain_codes
        ]
        if org.domains_text:
            chips.append(escape(org.domains_text))
        self.domains_label.setText(" ".join(chips))
        self.domains_label.setVisible(bool(chips))
        self.reach_label.setText(self._reach_html(org))
        self.hours_label.setText(
            f"<b>{escape(_('Opening hours'))}</b><br>{escape(org.opening_hours).replace(chr(10), '<br>')}"
            if org.opening_hours
            else ""
        )
        self.hours_label.setVisible(bool(org.opening_hours))
        self.notes_label.setText(
            f"<b>{escape(_('Notes'))}</b><br>{escape(org.notes).replace(chr(10), '<br>')}"
            if org.notes
            else ""
        )
        self.notes_label.setVisible(bool(org.notes))
        self._show_contacts(org.contacts)
        self._show_referrals(org)

    @staticmethod
    def _reach_html(org: OrganizationDetail) -> str:
        lines = [
            org.address_line1,
            org.address_line2,
            " ".join(p for p in (org.postal_code, org.city) if p),
        ]
        if org.country:
            lines.append(label_of(COUNTRY_LABELS, org.country))
        address = "<br>".join(escape(line) for line in lines if line)
        reach = [
            escape(text)
            for text in (
                _("Phone: {phone}", phone=org.phone) if org.phone else "",
                _("Email: {email}", email=org.email) if org.email else "",
                _("Website: {website}", website=org.website) if org.website else "",
            )
            if text
        ]
        parts = [p for p in (address, "<br>".join(reach)) if p]
        return (
            "<table cellspacing='0' cellpadding='0'><tr>"
            + "".join(f"<td style='padding-right:28px; vertical-align:top'>{p}</td>" for p in parts)
            + "</tr></table>"
            if parts
            else ""
        )

    def _show_contacts(self, contacts: tuple[ContactDTO, ...]) -> None:
        table = self.contacts_table
        table.setRowCount(len(contacts))
        for row, contact in enumerate(contacts):
            name = contact.name if contact.active else _("{name} (left)", name=contact.name)
            for column, text in enumerate((name, contact.role, contact.phone, contact.email)):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, contact.id)
                if contact.notes:
                    item.setToolTip(contact.notes)
                if not contact.active:
                    item.setForeground(state_color("cancelled"))
                table.setItem(row, column, item)
        table.setVisible(bool(contacts))
        self.no_contact_label.setVisible(not contacts)
        _fit(table, 6)
        self._update_buttons()

    def _show_referrals(self, org: OrganizationDetail) -> None:
        table = self.referrals_table
        referrals: tuple[ReferralDTO, ...] = org.referrals
        self.referrals_label.setText(
            _("Referrals")
            + " · "
            + count_text(org.referral_count, N_("1 person oriented"), N_("{count} people oriented"))
            + " · "
            + count_text(org.referrals_taken_up, N_("1 taken up"), N_("{count} taken up"))
            if org.referral_count
            else _("Referrals")
        )
        table.setRowCount(len(referrals))
        for row, referral in enumerate(referrals):
            person = referral.client_name
            cells = (day_text(referral.referral_date), person, referral.reason,
                     outcome_text(referral))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, referral.client_id)
                if column == 1:
                    item.setToolTip(referral.file_number)
                if column == 2:
                    item.setToolTip(referral.reason)
                if column == 3:
                    item.setForeground(state_color(referral.outcome.value))
                table.setItem(row, column, item)
        table.setVisible(bool(referrals))
        self.no_referral_label.setVisible(not referrals)
        _fit(table, 12)

    def referral_people(self) -> list[str]:
        table = self.referrals_table
        return [table.item(r, 1).text() for r in range(table.rowCount())]

    # ---- contacts ----------------------------------------------------------------------
    def current_contact(self) -> ContactDTO | None:
        org = self.organization
        item = self.contacts_table.item(self.contacts_table.currentRow(), 0)
        if org is None or item is None:
            return None
        return next((c for c in org.contacts if c.id == item.data(ID_ROLE)), None)

    def _update_buttons(self) -> None:
        has = self.current_contact() is not None
        self.edit_contact_button.setEnabled(has)
        self.remove_contact_button.setEnabled(has)

    def _edit_contact(self) -> None:
        contact = self.current_contact()
        if contact is not None:
            self.edit_contact_requested.emit(contact)

    def _remove_contact(self) -> None:
        contact = self.current_contact()
        if contact is not None:
            self.remove_contact_requested.emit(contact)

    def _referral_activated(self, item: QTableWidgetItem) -> None:
        client_id = item.data(ID_ROLE)
        if client_id is not None:
            self.client_requested.emit(int(client_id))
