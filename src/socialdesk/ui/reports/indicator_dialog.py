"""The dialog that adds or edits one indicator (name, how it is counted, period, target,
unit, funder): errors under their fields, nothing typed is lost."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.enums import IndicatorSource
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.indicators import (
    SOURCE_LABELS,
    IndicatorInput,
    IndicatorView,
    indicator_errors,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import reading, writing
from socialdesk.ui.client_file.fields import DateField, ErrorForm, StatusLine
from socialdesk.ui.ops import Operations, error_text

BAD_TARGET = N_("Enter a target between 0 and 100,000,000.")


def number(value: int) -> str:
    """A whole number with the user's thousands separator."""
    return QLocale().toString(value)


def whole_number(text: str) -> int | None:
    """An integer typed with or without thousands separators; None when blank.
    ValueError if it is not a whole number."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if not cleaned:
        return None
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):  # "1.000", "1,000": groups of three
        cleaned = re.sub(r"[.,]", "", cleaned)
    if not cleaned.isdigit():
        raise ValueError(text)
    return int(cleaned)


class IndicatorDialog(QDialog):
    """Add or edit one indicator; errors under their fields, nothing typed is lost."""

    def __init__(
        self,
        ops: Operations,
        indicator: IndicatorView | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorDialog")
        self.ops = ops
        self.indicator = indicator
        self.saved: IndicatorView | None = None
        self.setWindowTitle(_("Edit the indicator") if indicator else _("New indicator"))
        self.form = ErrorForm(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("indicatorNameField")
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("indicatorSourceField")
        for source, label in SOURCE_LABELS.items():
            self.source_combo.addItem(_(label), source.value)
        self.start_edit = DateField(self)
        self.start_edit.setObjectName("indicatorStartField")
        self.end_edit = DateField(self)
        self.end_edit.setObjectName("indicatorEndField")
        self.target_edit = QLineEdit(self)
        self.target_edit.setObjectName("indicatorTargetField")
        self.unit_edit = QLineEdit(self)
        self.unit_edit.setObjectName("indicatorUnitField")
        self.unit_edit.setPlaceholderText(_("persons, sessions, workshops…"))
        self.funder_combo = QComboBox(self)
        self.funder_combo.setObjectName("indicatorFunderField")
        self.funder_combo.addItem(_("No funder"), None)
        self.funder_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.funder_combo.setMinimumContentsLength(24)
        self.description_edit = QLineEdit(self)
        self.description_edit.setObjectName("indicatorDescriptionField")
        self.active_box = QCheckBox(_("Shown in activity reports"), self)
        self.active_box.setObjectName("indicatorActiveField")
        self.active_box.setChecked(True)
        self.form.add_row("name", _("Name"), self.name_edit)
        self.form.add_row("source", _("Counted from"), self.source_combo)
        self.form.add_row("period_start", _("First day"), self.start_edit)
        self.form.add_row("period_end", _("Last day"), self.end_edit)
        self.form.add_row("target", _("Target"), self.target_edit)
        self.form.add_row("unit", _("Unit"), self.unit_edit)
        self.form.add_row("funder_organization_id", _("Funder"), self.funder_combo)
        self.form.add_row("description", _("Description"), self.description_edit)
        self.form.add_row("active", "", self.active_box)
        self.status = StatusLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok_button.setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.ok_button.setObjectName("indicatorSaveButton")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._fill(indicator)
        self.ops.run_db(
            reading("partners", "list_organizations", include_inactive=True),
            on_success=self._show_funders,
            owner=self,
        )

    def _fill(self, view: IndicatorView | None) -> None:
        if view is None:
            year = date.today().year
            self.start_edit.set_value(date(year, 1, 1))
            self.end_edit.set_value(date(year, 12, 31))
            return
        self.name_edit.setText(view.name)
        self.source_combo.setCurrentIndex(self.source_combo.findData(view.source.value))
        self.start_edit.set_value(view.period_start)
        self.end_edit.set_value(view.period_end)
        self.target_edit.setText("" if view.target is None else str(view.target))
        self.unit_edit.setText(view.unit)
        self.description_edit.setText(view.description)
        self.active_box.setChecked(view.active)

    def _show_funders(self, organizations: list[Any]) -> None:
        chosen = self.indicator.funder_organization_id if self.indicator else None
        for organization in organizations:
            self.funder_combo.addItem(organization.name, organization.id)
        index = self.funder_combo.findData(chosen) if chosen is not None else 0
        self.funder_combo.setCurrentIndex(max(index, 0))

    def read(self) -> IndicatorInput | None:
        """What was typed, or None after showing every field error at once (what cannot
        be read, then the indicator's own rules, as the service checks them)."""
        self.form.clear_errors()
        errors = self.form.date_errors()
        try:
            target = whole_number(self.target_edit.text())
        except ValueError:
            target = None
            errors["target"] = BAD_TARGET
        unreadable = errors.keys() & {"period_start", "period_end"}
        data = IndicatorInput(
            name=self.name_edit.text(),
            source=IndicatorSource(self.source_combo.currentData()),
            period_start=None if unreadable else self.start_edit.value(),  # type: ignore[arg-type]
            period_end=None if unreadable else self.end_edit.value(),  # type: ignore[arg-type]
            target=target,
            unit=self.unit_edit.text(),
            description=self.description_edit.text(),
            funder_organization_id=self.funder_combo.currentData(),
            active=self.active_box.isChecked(),
        )
        for name, message in indicator_errors(data).items():
            errors.setdefault(name, message)
        if errors:
            self.form.show_errors(errors)
            return None
        return data

    def save(self) -> None:
        data = self.read()
        if data is None:
            return
        self.ok_button.setEnabled(False)
        self.status.clear()
        indicator_id = self.indicator.id if self.indicator else None
        self.ops.run_db(
            writing("indicators", "save_indicator", data, indicator_id=indicator_id),
            on_success=self._saved,
            on_error=self._failed,
            owner=self,
        )

    def _saved(self, view: IndicatorView) -> None:
        self.saved = view
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.ok_button.setEnabled(True)
        if isinstance(error, ValidationError):
            elsewhere = self.form.show_errors(error.errors)
            if elsewhere:
                self.status.error("\n".join(_(error.errors[n]) for n in elsewhere))
            return True
        self.status.error(error_text(error))
        return True
