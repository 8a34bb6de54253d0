"""The "Identity & contact" tab: who the person is, how to reach them, how they came.

Layout and values only: the client file widget saves (see ``widget.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.clients import ClientFile
from socialdesk.i18n import _
from socialdesk.ui.client_file.fields import DateField, ErrorForm, align_labels
from socialdesk.ui.client_file.labels import COUNTRY_LABELS, GENDER_LABELS


def _combo(items: list[tuple[str, str | None]], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class IdentityEditor(QWidget):
    """``edited`` whenever the user changes something."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityEditor")
        self.edits: dict[str, QLineEdit] = {}
        self._loading = False

        # The labels are message ids: translated here, where they are shown.
        labels = {
            "civility": (_("Civility:"), _("e.g. Mrs, Mr")),
            "last_name": (_("Last name:"), ""),
            "first_name": (_("First name:"), ""),
            "birth_name": (_("Birth name:"), _("If different")),
            "phone": (_("Phone:"), ""),
            "email": (_("Email:"), ""),
            "address_line1": (_("Address:"), ""),
            "address_line2": ("", _("Additional address line")),
            "postal_code": (_("Postal code:"), ""),
            "city": (_("City:"), ""),
            "referral_source": (
                _("Referred by:"),
                _("e.g. town social services, a doctor, word of mouth"),
            ),
        }
        self.birth_date = DateField()
        self.intake_date = DateField()
        self.gender_combo = _combo(
            [(_("Not stated"), None)] + [(_(text), code) for code, text in GENDER_LABELS.items()],
            self,
        )
        self.country_combo = _combo(
            [(_("Not stated"), None)] + [(_(text), code) for code, text in COUNTRY_LABELS.items()],
            self,
        )

        identity_box = QGroupBox(_("Identity"), self)
        self.identity_form = ErrorForm(identity_box)
        for name in ("civility", "last_name", "first_name", "birth_name"):
            self._text_row(self.identity_form, name, *labels[name])
        self.identity_form.add_row("birth_date", _("Birth date:"), self.birth_date)
        self.identity_form.add_row("gender", _("Gender:"), self.gender_combo)
        QVBoxLayout(identity_box).addWidget(self.identity_form)

        contact_box = QGroupBox(_("Contact"), self)
        self.contact_form = ErrorForm(contact_box)
        for name in ("phone", "email", "address_line1", "address_line2", "postal_code", "city"):
            self._text_row(self.contact_form, name, *labels[name])
        self.contact_form.add_row("country", _("Country:"), self.country_combo)
        QVBoxLayout(contact_box).addWidget(self.contact_form)

        intake_box = QGroupBox(_("Intake"), self)
        self.intake_form = ErrorForm(intake_box)
        self.intake_form.add_row("intake_date", _("Intake date:"), self.intake_date)
        self._text_row(self.intake_form, "referral_source", *labels["referral_source"])
        QVBoxLayout(intake_box).addWidget(self.intake_form)

        self.forms = [self.identity_form, self.contact_form, self.intake_form]
        align_labels(self.forms)
        for form in self.forms:
            form.edited.connect(self._edited)
        for combo in (self.gender_combo, self.country_combo):
            combo.currentIndexChanged.connect(self._edited)

        left = QVBoxLayout()
        left.addWidget(identity_box)
        left.addWidget(intake_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(contact_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    def _text_row(self, form: ErrorForm, name: str, label: str, placeholder: str) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        self.edits[name] = edit
        form.add_row(name, label, edit)

    def _edited(self) -> None:
        if not self._loading:
            self.edited.emit()

    # ---- values ------------------------------------------------------------------------
    def set_file(self, file: ClientFile) -> None:
        self._loading = True
        try:
            for name, edit in self.edits.items():
                edit.setText(getattr(file, name) or "")
                edit.setCursorPosition(0)
            self.birth_date.set_value(file.birth_date)
            self.intake_date.set_value(file.intake_date)
            select_data(self.gender_combo, file.gender)
            select_data(self.country_combo, file.country)
        finally:
            self._loading = False
        self.clear_errors()

    def values(self) -> dict[str, Any]:
        """The ClientInput fields of this tab (call :meth:`local_errors` first)."""
        values: dict[str, Any] = {name: edit.text() for name, edit in self.edits.items()}
        values["birth_date"] = self.birth_date.value()
        values["intake_date"] = self.intake_date.value()
        values["gender"] = self.gender_combo.currentData()
        values["country"] = self.country_combo.currentData()
        return values

    def local_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        for form in self.forms:
            errors.update(form.date_errors())
        return errors

    def set_read_only(self, read_only: bool) -> None:
        for edit in (*self.edits.values(), self.birth_date, self.intake_date):
            edit.setReadOnly(read_only)
        for combo in (self.gender_combo, self.country_combo):
            combo.setEnabled(not read_only)

    # ---- errors ------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> tuple[list[str], QWidget | None]:
        """Show the messages of this tab's fields; return the other names and the first
        field in error (to focus)."""
        remaining = dict(errors)
        first: QWidget | None = None
        for form in self.forms:
            mine = {k: v for k, v in remaining.items() if k in form.error_labels}
            form.show_errors(mine)
            for key in mine:
                remaining.pop(key)
            if first is None and form.first_error_widget is not None:
                first = form.first_error_widget
        return list(remaining), first

    def clear_errors(self) -> None:
        for form in self.forms:
            form.clear_errors()
