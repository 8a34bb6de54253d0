"""The "Referrals" tab of a client file: the partners the person was oriented to, why,
when, and what came of it.

"Orient to a partner…" records a referral (partner, contact person, date, reason); once
the partner answered, "Record the outcome…" says whether the person was taken up. Each
referral also shows on the partner's page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import ReferralOutcome
from socialdesk.domain.partners import (
    REFERRAL_OUTCOME_LABELS,
    OrganizationDetail,
    OrganizationRow,
    ReferralDTO,
    ReferralInput,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    MUTED_STYLE,
    Operation,
    confirm,
    count_text,
    day_text,
    label_of,
    muted_label,
    reading,
    state_color,
    writing,
)
from socialdesk.ui.accompaniment.forms import (
    FormDialog,
    LocalErrors,
    combo_select,
    date_field,
    text_area,
)
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import heading

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Date"), N_("Partner"), N_("Reason"), N_("Outcome"))


def outcome_text(referral: ReferralDTO) -> str:
    text = label_of(REFERRAL_OUTCOME_LABELS, referral.outcome)
    if referral.outcome_date is not None and referral.outcome != ReferralOutcome.PENDING:
        text = _("{outcome} ({date})", outcome=text, date=day_text(referral.outcome_date))
    return text


class ReferralDialog(FormDialog):
    """Orient ``client_id`` to a partner, or edit ``referral``; ``saved(ReferralDTO)``."""

    def __init__(
        self,
        ops: Operations,
        client_id: int,
        partners: list[OrganizationRow],
        referral: ReferralDTO | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Orient to a partner") if referral is None else _("Edit the referral")
        super().__init__(ops, title, parent)
        self.setObjectName("referralDialog")
        self.client_id = client_id
        self.referral = referral
        self.partner_combo = QComboBox()
        self.partner_combo.setObjectName("referralPartnerCombo")
        self.partner_combo.addItem(_("Choose a partner…"), None)
        for row in partners:
            text = f"{row.name} — {row.city}" if row.city else row.name
            self.partner_combo.addItem(text, row.id)
        if referral is not None and self.partner_combo.findData(referral.organization_id) < 0:
            self.partner_combo.addItem(referral.organization_name, referral.organization_id)
        self.contact_combo = QComboBox()
        self.contact_combo.setObjectName("referralContactCombo")
        self.contact_combo.addItem(_("(no one in particular)"), None)
        self.date_field = date_field(referral.referral_date if referral else date.today())
        self.date_field.setObjectName("referralDateEdit")
        self.reason_edit = text_area(height=90)
        self.reason_edit.setObjectName("referralReasonEdit")
        self.reason_edit.setPlaceholderText(_("Why the person is oriented there"))
        self.notes_edit = text_area(height=60)
        self.notes_edit.setObjectName("referralNotesEdit")
        self.add_row("organization_id", _("Partner:"), self.partner_combo)
        self.add_row("contact_id", _("Contact person:"), self.contact_combo)
        self.add_row("referral_date", _("Date:"), self.date_field)
        self.add_row("reason", _("Reason:"), self.reason_edit)
        self.add_row("notes", _("Notes:"), self.notes_edit)
        self._wanted_contact = referral.contact_id if referral is not None else None
        self.partner_combo.currentIndexChanged.connect(self._partner_changed)
        if referral is not None:
            combo_select(self.partner_combo, referral.organization_id)
            self.reason_edit.setPlainText(referral.reason)
            self.notes_edit.setPlainText(referral.notes)
        self.resize(560, self.sizeHint().height())

    def select_partner(self, organization_id: int) -> None:
        combo_select(self.partner_combo, organization_id)

    def _partner_changed(self, _index: int) -> None:
        self.contact_combo.clear()
        self.contact_combo.addItem(_("(no one in particular)"), None)
        organization_id = self.partner_combo.currentData()
        if organization_id is None:
            return
        self.ops.run_db(
            reading("partners", "get_organization", organization_id, referral_limit=0),
            on_success=self._contacts_loaded,
            owner=self,
        )

    def _contacts_loaded(self, detail: OrganizationDetail) -> None:
        if detail.id != self.partner_combo.currentData():
            return
        for contact in detail.contacts:
            if contact.active or contact.id == self._wanted_contact:
                text = f"{contact.name} — {contact.role}" if contact.role else contact.name
                self.contact_combo.addItem(text, contact.id)
        combo_select(self.contact_combo, self._wanted_contact)

    def operation(self) -> Operation:
        errors: dict[str, str] = {}
        organization_id = self.partner_combo.currentData()
        if organization_id is None:
            errors["organization_id"] = N_("Choose the partner the person is oriented to.")
        try:
            when = self.date_field.value()
        except ValueError:
            when = None  # the form shows the date error
        else:
            if when is None:
                errors["referral_date"] = N_("Enter the date of the referral.")
        if errors or when is None:
            raise LocalErrors(errors)
        data = ReferralInput(
            client_id=self.client_id,
            organization_id=organization_id,
            referral_date=when,
            contact_id=self.contact_combo.currentData(),
            reason=self.reason_edit.toPlainText().strip(),
            notes=self.notes_edit.toPlainText().strip(),
        )
        if self.referral is None:
            return writing("partners", "create_referral", data)
        return writing("partners", "update_referral", self.referral.id, data)


class OutcomeDialog(FormDialog):
    """What came of ``referral``; ``saved(ReferralDTO)``."""

    def __init__(
        self, ops: Operations, referral: ReferralDTO, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Outcome of the referral"), parent)
        self.setObjectName("referralOutcomeDialog")
        self.referral = referral
        intro = QLabel(
            _(
                "{partner}, oriented on {date}.",
                partner=referral.organization_name,
                date=day_text(referral.referral_date),
            ),
            self,
        )
        intro.setStyleSheet(MUTED_STYLE)
        self.layout_.insertWidget(0, intro)
        self.outcome_combo = QComboBox()
        self.outcome_combo.setObjectName("referralOutcomeCombo")
        for outcome in ReferralOutcome:
            self.outcome_combo.addItem(label_of(REFERRAL_OUTCOME_LABELS, outcome), outcome.value)
        preset = (
            ReferralOutcome.TAKEN_UP
            if referral.outcome == ReferralOutcome.PENDING
            else referral.outcome
        )
        combo_select(self.outcome_combo, preset.value)
        self.date_field = date_field(referral.outcome_date or date.today())
        self.date_field.setObjectName("referralOutcomeDateEdit")
        self.notes_edit = text_area(height=80)
        self.notes_edit.setObjectName("referralOutcomeNotesEdit")
        self.notes_edit.setPlainText(referral.notes)
        self.add_row("outcome", _("Outcome:"), self.outcome_combo)
        self.add_row("outcome_date", _("On:"), self.date_field)
        self.add_row("notes", _("Notes:"), self.notes_edit)

    def operation(self) -> Operation:
        try:
            when = self.date_field.value()
        except ValueError:
            raise LocalErrors({}) from None
        return writing(
            "partners",
            "set_referral_outcome",
            self.referral.id,
            ReferralOutcome(self.outcome_combo.currentData()),
            on=when,
            notes=self.notes_edit.toPlainText().strip(),
        )


def _load(client_id: int) -> Any:
    def op(uow: Any) -> tuple[tuple[list[ReferralDTO], list[OrganizationRow]], Changes]:
        from socialdesk.services.partners import list_client_referrals, list_organizations

        return (
            list_client_referrals(uow, client_id),
            list_organizations(uow, partners_only=True),
        ), NO_CHANGES

    return op


class ReferralsTab(QWidget):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralsTab")
        self.ops = ops
        self.bus = bus
        self.client_id: int | None = None
        self.referrals: list[ReferralDTO] = []
        self.partners: list[OrganizationRow] = []
        self.dialog: QWidget | None = None
        self._build()
        bus.changed.connect(self.on_changes)

    def _build(self) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("referralsSummaryLabel")
        self.summary_label.setStyleSheet(MUTED_STYLE)
        self.new_button = QPushButton(_("Orient to a partner…"), self)
        self.new_button.setObjectName("newReferralButton")
        self.new_button.clicked.connect(self.open_new_referral)
        top = QHBoxLayout()
        top.addWidget(heading(_("Referrals"), self, 1.3))
        top.addSpacing(8)
        top.addWidget(self.summary_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("referralsTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 260)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.open_outcome())
        self.empty_label = muted_label(
            _("No referral yet. Orient the person to a partner of your network when needed."),
            self,
        )
        self.empty_label.setObjectName("referralsEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.outcome_button = QPushButton(_("Record the outcome…"), self)
        self.outcome_button.setObjectName("referralOutcomeButton")
        self.outcome_button.clicked.connect(self.open_outcome)
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setObjectName("editReferralButton")
        self.edit_button.clicked.connect(self.open_edit_referral)
        self.delete_button = QPushButton(_("Delete…"), self)
        self.delete_button.setObjectName("deleteReferralButton")
        self.delete_button.clicked.connect(self.confirm_delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.outcome_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ---- loading -----------------------------------------------------------------------
    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if self.client_id is not None and (changes.partners or changes.vault):
            self.reload()

    def reload(self) -> None:
        if self.client_id is not None:
            self.ops.run_db(_load(self.client_id), on_success=self._show, owner=self)

    def _show(self, loaded: tuple[list[ReferralDTO], list[OrganizationRow]]) -> None:
        referrals, self.partners = loaded
        if referrals and referrals[0].client_id != self.client_id:
            return
        selected = self.current_referral()
        self.referrals = referrals
        pending = sum(1 for r in referrals if r.outcome == ReferralOutcome.PENDING)
        parts = [count_text(len(referrals), N_("1 referral"), N_("{count} referrals"))]
        if pending:
            parts.append(count_text(pending, N_("1 waiting for an answer"),
                                    N_("{count} waiting for an answer")))  # fmt: skip
        self.summary_label.setText(" · ".join(parts) if referrals else "")
        self.tree.clear()
        for referral in referrals:
            partner = referral.organization_name
            if referral.contact_name:
                partner = f"{partner}\n{referral.contact_name}"
            item = QTreeWidgetItem(
                self.tree,
                [
                    day_text(referral.referral_date),
                    partner,
                    referral.reason,
                    outcome_text(referral),
                ],
            )
            item.setData(0, ID_ROLE, referral.id)
            item.setToolTip(2, referral.reason)
            item.setForeground(3, state_color(referral.outcome.value))
            if selected is not None and selected.id == referral.id:
                self.tree.setCurrentItem(item)
        self.tree.setVisible(bool(referrals))
        self.empty_label.setVisible(not referrals)
        self._update_buttons()

    def current_referral(self) -> ReferralDTO | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return next((r for r in self.referrals if r.id == item.data(0, ID_ROLE)), None)

    def _update_buttons(self) -> None:
        has = self.current_referral() is not None
        for button in (self.outcome_button, self.edit_button, self.delete_button):
            button.setEnabled(has)

    # ---- actions -----------------------------------------------------------------------
    def open_new_referral(self, organization_id: int | None = None) -> ReferralDialog | None:
        if self.client_id is None:
            return None
        dialog = ReferralDialog(self.ops, self.client_id, self.partners, None, self)
        if organization_id:
            dialog.select_partner(organization_id)
        return self._open(dialog)

    def open_edit_referral(self) -> ReferralDialog | None:
        referral = self.current_referral()
        if referral is None or self.client_id is None:
            return None
        return self._open(ReferralDialog(self.ops, self.client_id, self.partners, referral, self))

    def open_outcome(self) -> OutcomeDialog | None:
        referral = self.current_referral()
        if referral is None:
            return None
        return self._open(OutcomeDialog(self.ops, referral, self))

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def confirm_delete(self) -> QMessageBox | None:
        referral = self.current_referral()
        if referral is None:
            return None
        referral_id = referral.id
        self.dialog = confirm(
            self,
            "deleteReferralDialog",
            _("Delete the referral"),
            _(
                "Delete the referral to {partner} of {date}?",
                partner=referral.organization_name,
                date=day_text(referral.referral_date),
            ),
            lambda: self.ops.run_db(
                writing("partners", "delete_referral", referral_id), owner=self
            ),
        )
        return self.dialog

    def clear(self) -> None:
        self.client_id = None
        self.referrals = []
        self.partners = []
        self.tree.clear()
        self.summary_label.clear()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None

    def holds_vault_data(self) -> bool:
        return bool(self.referrals)
