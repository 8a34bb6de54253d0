"""Editing the partner directory: an organization (new or changed) and a contact person."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from socialdesk.domain.enums import OrganizationKind, OrganizationRole
from socialdesk.domain.partners import (
    DOMAIN_LABELS,
    ORGANIZATION_KIND_LABELS,
    ORGANIZATION_ROLE_LABELS,
    PARTNER_DOMAINS,
    ContactDTO,
    ContactInput,
    OrganizationDetail,
    OrganizationInput,
)
from socialdesk.i18n import _
from socialdesk.ui.accompaniment.common import Operation, label_of, writing
from socialdesk.ui.accompaniment.forms import FormDialog, combo_select, text_area
from socialdesk.ui.client_file.labels import COUNTRY_LABELS
from socialdesk.ui.ops import Operations


class DomainChecks(QWidget):
    """The partner domains as check boxes, three columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("domainChecks")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for index, code in enumerate(PARTNER_DOMAINS):
            box = QCheckBox(label_of(DOMAIN_LABELS, code), self)
            box.setObjectName(f"domain_{code}")
            self.boxes[code] = box
            grid.addWidget(box, index // 3, index % 3)

    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def set_codes(self, codes: tuple[str, ...]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)


def _line(name: str, max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class OrganizationDialog(FormDialog):
    """A new organization, or ``organization`` changed; ``saved(OrganizationDetail)``."""

    def __init__(
        self,
        ops: Operations,
        organization: OrganizationDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("New organization") if organization is None else _("Edit the organization")
        super().__init__(ops, title, parent)
        self.setObjectName("organizationDialog")
        self.organization = organization
        self.name_edit = _line("organizationNameEdit", 200)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("organizationRoleCombo")
        for role in (OrganizationRole.PARTNER, OrganizationRole.BOTH, OrganizationRole.PAYER):
            self.role_combo.addItem(label_of(ORGANIZATION_ROLE_LABELS, role), role.value)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("organizationKindCombo")
        for kind in OrganizationKind:
            self.kind_combo.addItem(label_of(ORGANIZATION_KIND_LABELS, kind), kind.value)
        self.domains = DomainChecks()
        self.domains_text_edit = _line(
            "organizationSpecialtiesEdit", 2000, _("Other specialties, separated by commas")
        )
        self.address1_edit = _line("organizationAddress1Edit", 200)
        self.address2_edit = _line("organizationAddress2Edit", 200)
        self.postal_edit = _line("organizationPostalCodeEdit", 20)
        self.postal_edit.setMaximumWidth(110)
        self.city_edit = _line("organizationCityEdit", 100)
        self.country_combo = QComboBox()
        self.country_combo.setObjectName("organizationCountryCombo")
        self.country_combo.addItem("—", None)
        for code in COUNTRY_LABELS:
            self.country_combo.addItem(label_of(COUNTRY_LABELS, code), code)
        place = QWidget()
        place_row = QHBoxLayout(place)
        place_row.setContentsMargins(0, 0, 0, 0)
        place_row.addWidget(self.postal_edit)
        place_row.addWidget(self.city_edit, 1)
        place_row.addWidget(self.country_combo)
        self.phone_edit = _line("organizationPhoneEdit", 40)
        self.email_edit = _line("organizationEmailEdit", 254)
        self.website_edit = _line("organizationWebsiteEdit", 300)
        self.hours_edit = text_area(height=56)
        self.hours_edit.setObjectName("organizationHoursEdit")
        self.hours_edit.setPlaceholderText(_("e.g. Monday to Friday, 9:00–12:00 and 14:00–17:00"))
        self.notes_edit = text_area(height=70)
        self.notes_edit.setObjectName("organizationNotesEdit")
        self.notes_edit.setPlaceholderText(_("How to reach them, what they expect, delays…"))
        self.add_row("name", _("Name:"), self.name_edit)
        self.add_row("role", _("Role:"), self.role_combo)
        self.add_row("kind", _("Kind:"), self.kind_combo)
        self.add_row("domain_codes", _("Domains:"), self.domains)
        self.add_row("domains_text", _("Specialties:"), self.domains_text_edit)
        self.add_row("address_line1", _("Address:"), self.address1_edit)
        self.add_row("address_line2", "", self.address2_edit)
        self.add_row("postal_code", _("Postal code, city:"), place)
        for name, widget in (("city", self.city_edit), ("country", self.country_combo)):
            # one error line under the row for the three fields it holds
            self.form.error_labels[name] = self.form.error_labels["postal_code"]
            self.form.fields[name] = widget
        self.add_row("phone", _("Phone:"), self.phone_edit)
        self.add_row("email", _("Email:"), self.email_edit)
        self.add_row("website", _("Website:"), self.website_edit)
        self.add_row("opening_hours", _("Opening hours:"), self.hours_edit)
        self.add_row("notes", _("Notes:"), self.notes_edit)
        if organization is not None:
            self._fill(organization)
        self.name_edit.setFocus()
        self.resize(max(760, self.sizeHint().width()), self.sizeHint().height())

    def _fill(self, org: OrganizationDetail) -> None:
        self.name_edit.setText(org.name)
        combo_select(self.role_combo, org.role.value)
        combo_select(self.kind_combo, org.kind.value)
        self.domains.set_codes(org.domain_codes)
        self.domains_text_edit.setText(org.domains_text)
        self.address1_edit.setText(org.address_line1)
        self.address2_edit.setText(org.address_line2)
        self.postal_edit.setText(org.postal_code)
        self.city_edit.setText(org.city)
        combo_select(self.country_combo, org.country)
        self.phone_edit.setText(org.phone)
        self.email_edit.setText(org.email)
        self.website_edit.setText(org.website)
        self.hours_edit.setPlainText(org.opening_hours)
        self.notes_edit.setPlainText(org.notes)

    def value(self) -> OrganizationInput:
        base = self.organization.to_input() if self.organization else OrganizationInput(name="")
        return OrganizationInput(
            name=self.name_edit.text().strip(),
            role=OrganizationRole(self.role_combo.currentData()),
            kind=OrganizationKind(self.kind_combo.currentData()),
            domain_codes=self.domains.codes(),
            domains_text=self.domains_text_edit.text().strip(),
            address_line1=self.address1_edit.text().strip(),
            address_line2=self.address2_edit.text().strip(),
            postal_code=self.postal_edit.text().strip(),
            city=self.city_edit.text().strip(),
            country=self.country_combo.currentData(),
            phone=self.phone_edit.text().strip(),
            email=self.email_edit.text().strip(),
            website=self.website_edit.text().strip(),
            opening_hours=self.hours_edit.toPlainText().strip(),
            legal_id=base.legal_id,
            vat_number=base.vat_number,
            notes=self.notes_edit.toPlainText().strip(),
        )

    def operation(self) -> Operation:
        if self.organization is None:
            return writing("partners", "create_organization", self.value())
        return writing("partners", "update_organization", self.organization.id, self.value())


class ContactDialog(FormDialog):
    """A person working at ``organization_id`` (new, or ``contact`` changed)."""

    def __init__(
        self,
        ops: Operations,
        organization_id: int,
        contact: ContactDTO | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("New contact person") if contact is None else _("Edit the contact person")
        super().__init__(ops, title, parent)
        self.setObjectName("contactDialog")
        self.organization_id = organization_id
        self.contact = contact
        self.name_edit = _line("contactNameEdit", 200)
        self.role_edit = _line("contactRoleEdit", 100, _("e.g. social worker, advisor"))
        self.phone_edit = _line("contactPhoneEdit", 40)
        self.email_edit = _line("contactEmailEdit", 254)
        self.notes_edit = text_area(height=60)
        self.notes_edit.setObjectName("contactNotesEdit")
        self.active_box = QCheckBox(_("Still works there"))
        self.active_box.setChecked(True)
        self.add_row("name", _("Name:"), self.name_edit)
        self.add_row("role", _("Role:"), self.role_edit)
        self.add_row("phone", _("Phone:"), self.phone_edit)
        self.add_row("email", _("Email:"), self.email_edit)
        self.add_row("notes", _("Notes:"), self.notes_edit)
        self.add_row("active", "", self.active_box)
        if contact is not None:
            self.name_edit.setText(contact.name)
            self.role_edit.setText(contact.role)
            self.phone_edit.setText(contact.phone)
            self.email_edit.setText(contact.email)
            self.notes_edit.setPlainText(contact.notes)
            self.active_box.setChecked(contact.active)
        self.name_edit.setFocus()

    def operation(self) -> Operation:
        data = ContactInput(
            name=self.name_edit.text().strip(),
            role=self.role_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            email=self.email_edit.text().strip(),
            notes=self.notes_edit.toPlainText().strip(),
            active=self.active_box.isChecked(),
        )
        contact_id = self.contact.id if self.contact is not None else None
        return writing(
            "partners", "save_contact", self.organization_id, data, contact_id=contact_id
        )
