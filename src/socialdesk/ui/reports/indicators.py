"""Indicators and targets: the results agreed with funders ("100 persons accompanied in
2026"), target against actual with a progress bar, an add/edit dialog with field errors,
and the values entered by hand for a manual indicator.

Opened from the Reports page ("Indicators…"). Every read and write runs on the DB worker
through :mod:`socialdesk.services.indicators`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from socialdesk.ui.client_file.fields import DateField, StatusLine
from socialdesk.ui.client_file.labels import BAD_DATE, format_date
from socialdesk.ui.ops import Operations, error_text
from socialdesk.ui.reports.indicator_dialog import IndicatorDialog, number, whole_number

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (
    N_("Indicator"),
    N_("Counted from"),
    N_("Period"),
    N_("Target"),
    N_("Actual"),
    N_("Progress"),
)
BAD_VALUE = N_("Enter a value between 0 and 100,000,000.")
#: Every indicator, whatever its period (indicator_progress keeps those overlapping).
ALL_TIME = (date(1900, 1, 1), date(9999, 12, 31))


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
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
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
