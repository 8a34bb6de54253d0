"""Indicators and targets: the results agreed with funders ("100 persons accompanied in
2026"), target against actual with a progress bar, an add/edit dialog with field errors,
and the values entered by hand for a manual indicator.

Opened from the Reports page ("Indicators…"). Every read and write runs on the DB worker
through :mod:`socialdesk.services.indicators`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.enums import IndicatorSource
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.indicators import (
    SOURCE_LABELS,
    IndicatorInput,
    IndicatorProgress,
    IndicatorValueInput,
    IndicatorValueView,
    IndicatorView,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    confirm,
    label_of,
    muted_label,
    reading,
    section_label,
    writing,
)
from socialdesk.ui.client_file.fields import DateField, ErrorForm, StatusLine
from socialdesk.ui.client_file.labels import BAD_DATE, format_date
from socialdesk.ui.ops import Operations, error_text

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (
    N_("Indicator"),
    N_("Counted from"),
    N_("Period"),
    N_("Target"),
    N_("Actual"),
    N_("Progress"),
)
BAD_TARGET = N_("Enter a target between 0 and 100,000,000.")
BAD_VALUE = N_("Enter a value between 0 and 100,000,000.")
#: Every indicator, whatever its period (indicator_progress keeps those overlapping).
ALL_TIME = (date(1900, 1, 1), date(9999, 12, 31))


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
        self.description_edit = QLineEdit(self)
        self.description_edit.setObjectName("indicatorDescriptionField")
        self.active_box = QCheckBox(_("Shown in activity reports"), self)
        self.active_box.setObjectName("indicatorActiveField")
        self.active_box.setChecked(True)
        self.form.add_row("name", _("Name"), self.name_edit)
        self.form.add_row("source", _("Counted from"), self.source_combo)
        self.form.add_row("period_start", _("From"), self.start_edit)
        self.form.add_row("period_end", _("To"), self.end_edit)
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
        """What was typed, or None after showing the errors of what is not readable."""
        self.form.clear_errors()
        errors = self.form.date_errors()
        try:
            target = whole_number(self.target_edit.text())
        except ValueError:
            target = None
            errors["target"] = BAD_TARGET
        start, end = (
            (None, None)
            if errors.keys() & {"period_start", "period_end"}
            else (
                self.start_edit.value(),
                self.end_edit.value(),
            )
        )
        if start is None and "period_start" not in errors:
            errors["period_start"] = N_("Enter the first day of the period.")
        if end is None and "period_end" not in errors:
            errors["period_end"] = N_("Enter the last day of the period.")
        if errors or start is None or end is None:
            self.form.show_errors(errors)
            return None
        return IndicatorInput(
            name=self.name_edit.text(),
            source=IndicatorSource(self.source_combo.currentData()),
            period_start=start,
            period_end=end,
            target=target,
            unit=self.unit_edit.text(),
            description=self.description_edit.text(),
            funder_organization_id=self.funder_combo.currentData(),
            active=self.active_box.isChecked(),
        )

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


class IndicatorsDialog(QDialog):
    """The indicators, target against actual; the manual values of the one selected."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorsDialog")
        self.setWindowTitle(_("Indicators and targets"))
        self.ops = ops
        self.progress: list[IndicatorProgress] = []
        self.values: list[IndicatorValueView] = []
        self.editor: IndicatorDialog | None = None
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("indicatorsTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 210)
        for column in range(2, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(5, 120)
        self.tree.currentItemChanged.connect(lambda *_a: self._selection_changed())
        self.tree.itemDoubleClicked.connect(lambda *_a: self.open_edit())
        self.empty_label = muted_label(_("No indicator yet: add the targets agreed with your "
                                         "funders."), self)  # fmt: skip
        self.add_button = QPushButton(_("Add…"), self)
        self.add_button.setObjectName("addIndicatorButton")
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setObjectName("editIndicatorButton")
        self.delete_button = QPushButton(_("Delete…"), self)
        self.delete_button.setObjectName("deleteIndicatorButton")
        self.add_button.clicked.connect(self.open_add)
        self.edit_button.clicked.connect(self.open_edit)
        self.delete_button.clicked.connect(self.ask_delete)
        self.status = StatusLine(self)
        self.status.setObjectName("indicatorsStatus")
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)

        self.values_panel = self._build_values()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.values_panel, 2)
        layout.addWidget(close)
        self.resize(1040, 620)
        self.ops.bus.changed.connect(self._on_changes)
        self.reload()

    def _build_values(self) -> QWidget:
        panel = QWidget(self)
        panel.setObjectName("indicatorValuesPanel")
        self.values_title = section_label(_("Values entered by hand"), panel)
        self.values_tree = QTreeWidget(panel)
        self.values_tree.setObjectName("indicatorValuesTree")
        self.values_tree.setRootIsDecorated(False)
        self.values_tree.setHeaderLabels([_("Date"), _("Value"), _("Note")])
        self.value_date_edit = DateField(panel)
        self.value_date_edit.setObjectName("valueDateField")
        self.value_date_edit.set_value(date.today())
        self.value_edit = QLineEdit(panel)
        self.value_edit.setObjectName("valueField")
        self.value_edit.setPlaceholderText(_("Value"))
        self.value_edit.setMaximumWidth(120)
        self.value_note_edit = QLineEdit(panel)
        self.value_note_edit.setObjectName("valueNoteField")
        self.value_note_edit.setPlaceholderText(_("Note (optional)"))
        self.add_value_button = QPushButton(_("Add the value"), panel)
        self.add_value_button.setObjectName("addValueButton")
        self.add_value_button.clicked.connect(self.add_value)
        self.delete_value_button = QPushButton(_("Delete the value"), panel)
        self.delete_value_button.setObjectName("deleteValueButton")
        self.delete_value_button.clicked.connect(self.delete_value)
        self.value_status = StatusLine(panel)
        self.value_status.setObjectName("valueStatus")
        entry = QHBoxLayout()
        entry.addWidget(self.value_date_edit)
        entry.addWidget(self.value_edit)
        entry.addWidget(self.value_note_edit, 1)
        entry.addWidget(self.add_value_button)
        entry.addWidget(self.delete_value_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.values_title)
        layout.addWidget(self.values_tree, 1)
        layout.addLayout(entry)
        layout.addWidget(self.value_status)
        return panel

    # ---- the list ------------------------------------------------------------------------
    def _on_changes(self, changes: Any) -> None:
        if changes.settings or changes.vault or changes.clients or changes.agenda:
            self.reload()

    def reload(self) -> None:
        self.ops.run_db(
            reading("indicators", "indicator_progress", *ALL_TIME, include_inactive=True),
            on_success=self._show,
            owner=self,
        )

    def _show(self, progress: list[IndicatorProgress]) -> None:
        current = self.current_id()
        self.progress = progress
        self.tree.clear()
        for entry in progress:
            view = entry.indicator
            target = "" if view.target is None else f"{number(view.target)} {view.unit}".strip()
            item = QTreeWidgetItem(
                [
                    view.name if view.active else _("{name} (inactive)", name=view.name),
                    label_of(SOURCE_LABELS, view.source),
                    f"{format_date(view.period_start)} – {format_date(view.period_end)}",
                    target,
                    number(entry.actual),
                    "",
                ]
            )
            item.setData(0, ID_ROLE, view.id)
            item.setToolTip(0, "\n".join(t for t in (view.name, view.funder_name,
                                                     view.description) if t))  # fmt: skip
            for column in (3, 4):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.tree.addTopLevelItem(item)
            bar = QProgressBar(self.tree)
            percent = entry.percent
            bar.setRange(0, 100)
            bar.setValue(min(percent, 100) if percent is not None else 0)
            bar.setFormat(f"{percent} %" if percent is not None else _("no target"))
            bar.setMaximumHeight(self.fontMetrics().height() + 4)
            self.tree.setItemWidget(item, 5, bar)
            if view.id == current:
                self.tree.setCurrentItem(item)
        self.tree.setVisible(bool(progress))
        self.empty_label.setVisible(not progress)
        self._selection_changed()

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def current(self) -> IndicatorView | None:
        wanted = self.current_id()
        for entry in self.progress:
            if entry.indicator.id == wanted:
                return entry.indicator
        return None

    def select(self, indicator_id: int) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.data(0, ID_ROLE) == indicator_id:
                self.tree.setCurrentItem(item)

    def _selection_changed(self) -> None:
        view = self.current()
        self.edit_button.setEnabled(view is not None)
        self.delete_button.setEnabled(view is not None)
        manual = view is not None and view.source == IndicatorSource.MANUAL
        self.values_panel.setVisible(manual)
        self.value_status.clear()
        if manual and view is not None:
            self.values_title.setText(_("Values entered by hand for {name}", name=view.name))
            indicator_id = view.id
            self.ops.run_db(
                reading("indicators", "list_indicator_values", indicator_id),
                on_success=lambda values: self._show_values(indicator_id, values),
                owner=self,
            )

    # ---- add, edit, delete -------------------------------------------------------------
    def open_add(self) -> IndicatorDialog:
        return self._open_editor(None)

    def open_edit(self) -> IndicatorDialog | None:
        view = self.current()
        return self._open_editor(view) if view is not None else None

    def _open_editor(self, view: IndicatorView | None) -> IndicatorDialog:
        dialog = IndicatorDialog(self.ops, view, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._edited(dialog))
        self.editor = dialog
        dialog.open()
        return dialog

    def _edited(self, dialog: IndicatorDialog) -> None:
        if dialog.saved is not None:
            self.status.ok(_("Saved."))
            saved_id = dialog.saved.id
            self.ops.run_db(
                reading("indicators", "indicator_progress", *ALL_TIME, include_inactive=True),
                on_success=lambda progress: (self._show(progress), self.select(saved_id)),
                owner=self,
            )

    def ask_delete(self) -> QWidget | None:
        view = self.current()
        if view is None:
            return None
        indicator_id = view.id
        return confirm(
            self,
            "deleteIndicatorBox",
            _("Delete the indicator"),
            _("Delete “{name}” and the values entered for it?", name=view.name),
            lambda: self.delete(indicator_id),
        )

    def delete(self, indicator_id: int) -> None:
        self.ops.run_db(
            writing("indicators", "delete_indicator", indicator_id),
            on_success=lambda _r: self.status.ok(_("Deleted.")),
            on_error=self._failed,
            owner=self,
        )

    def _failed(self, error: BaseException) -> bool:
        self.status.error(error_text(error))
        return True

    # ---- manual values -------------------------------------------------------------------
    def _show_values(self, indicator_id: int, values: list[IndicatorValueView]) -> None:
        if indicator_id != self.current_id():
            return
        self.values = values
        self.values_tree.clear()
        for value in values:
            item = QTreeWidgetItem([format_date(value.value_date), number(value.value), value.note])
            item.setData(0, ID_ROLE, value.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.values_tree.addTopLevelItem(item)
        self.delete_value_button.setEnabled(bool(values))

    def add_value(self) -> None:
        indicator_id = self.current_id()
        if indicator_id is None:
            return
        try:
            day = self.value_date_edit.value()
        except ValueError:
            self.value_status.error(_(BAD_DATE))
            return
        try:
            amount = whole_number(self.value_edit.text())
        except ValueError:
            amount = None
        if amount is None:
            self.value_status.error(_(BAD_VALUE))
            return
        if day is None:
            self.value_status.error(_("Enter the date of the value."))
            return
        data = IndicatorValueInput(value_date=day, value=amount, note=self.value_note_edit.text())
        self.ops.run_db(
            writing("indicators", "add_indicator_value", indicator_id, data),
            on_success=lambda _v: self._value_added(),
            on_error=self._value_failed,
            owner=self,
        )

    def _value_added(self) -> None:
        self.value_edit.clear()
        self.value_note_edit.clear()
        self.value_status.ok(_("Value added."))

    def _value_failed(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError):
            self.value_status.error("\n".join(_(m) for m in error.errors.values()))
        else:
            self.value_status.error(error_text(error))
        return True

    def delete_value(self) -> None:
        item = self.values_tree.currentItem()
        if item is None:
            return
        self.ops.run_db(
            writing("indicators", "delete_indicator_value", int(item.data(0, ID_ROLE))),
            on_error=self._value_failed,
            owner=self,
        )
