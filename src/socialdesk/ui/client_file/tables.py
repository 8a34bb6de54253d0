"""The "Household & contacts" tab: two small editable tables.

Each table edits a list that the service replaces as a whole (``save_household``,
``save_contacts``): rows keep the id of the stored entry, new rows have none. Errors come
back keyed ``"household.2.name"`` and are shown on the cell (red, with a tooltip) and in a
line under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.clients import ClientFile, ContactDTO, HouseholdMemberDTO
from socialdesk.domain.enums import ContactKind
from socialdesk.i18n import N_, _
from socialdesk.ui.client_file.fields import ERROR_COLOR, camel
from socialdesk.ui.client_file.labels import CONTACT_KIND_LABELS

ID_ROLE = Qt.ItemDataRole.UserRole
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the stored value behind a displayed label
EXTRA_ROLE = Qt.ItemDataRole.UserRole + 2  # fields the table does not show (kept as is)
ERROR_BRUSH = QBrush(QColor("#fde7e7"))


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # message id
    kind: str = "text"  # "text", "year" or "choice"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label message id)
    stretch: bool = False
    width: int = 130


class _YearDelegate(QStyledItemDelegate):
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(QIntValidator(1900, 2100, editor))
        editor.setMaxLength(4)
        return editor


class _ChoiceDelegate(QStyledItemDelegate):
    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for value, text in self.choices:
            combo.addItem(_(text), value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(VALUE_ROLE)), 0))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), VALUE_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class RowsEditor(QWidget):
    """A titled table with Add / Remove buttons and an error line."""

    edited = Signal()

    def __init__(
        self,
        prefix: str,
        title: str,
        columns: Sequence[Column],
        add_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefix = prefix
        self.columns = list(columns)
        self._loading = False
        self.setObjectName(camel(prefix) + "Editor")
        heading = QLabel(title, self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setObjectName(camel(prefix) + "Table")
        self.table.setHorizontalHeaderLabels([_(c.title) for c in self.columns])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for i, column in enumerate(self.columns):
            if column.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(i, max(column.width, header.sectionSizeHint(i) + 24))
            if column.kind == "year":
                self.table.setItemDelegateForColumn(i, _YearDelegate(self.table))
            elif column.kind == "choice":
                self.table.setItemDelegateForColumn(i, _ChoiceDelegate(column.choices, self.table))
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton(add_text, self)
        self.add_button.setObjectName("add" + camel(prefix).capitalize() + "Button")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setObjectName("remove" + camel(prefix).capitalize() + "Button")
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = QLabel(self)
        self.error.setObjectName(camel(prefix) + "Error")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(heading)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    # ---- rows --------------------------------------------------------------------------
    def _set_row(self, row: int, values: dict[str, Any], row_id: int | None, extra: Any) -> None:
        for col, column in enumerate(self.columns):
            value = values.get(column.key)
            item = QTableWidgetItem()
            if column.kind == "choice":
                item.setData(VALUE_ROLE, value)
                labels = dict(column.choices)
                item.setText(_(labels[value]) if value in labels else str(value or ""))
            elif column.kind == "year":
                item.setText("" if value is None else str(value))
            else:
                item.setText(value or "")
            if col == 0:
                item.setData(ID_ROLE, row_id)
                item.setData(EXTRA_ROLE, extra)
            self.table.setItem(row, col, item)

    def set_rows(self, rows: Sequence[tuple[dict[str, Any], int | None, Any]]) -> None:
        self._loading = True
        try:
            self.table.setRowCount(0)
            self.table.setRowCount(len(rows))
            for row, (values, row_id, extra) in enumerate(rows):
                self._set_row(row, values, row_id, extra)
        finally:
            self._loading = False
        self.clear_errors()

    def rows(self) -> list[tuple[dict[str, Any], int | None, Any]]:
        result = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for col, column in enumerate(self.columns):
                item = self.table.item(row, col)
                if column.kind == "choice":
                    values[column.key] = item.data(VALUE_ROLE) if item else None
                elif column.kind == "year":
                    text = item.text().strip() if item else ""
                    values[column.key] = int(text) if text.isdigit() else None
                else:
                    values[column.key] = item.text() if item else ""
            first = self.table.item(row, 0)
            row_id = first.data(ID_ROLE) if first else None
            extra = first.data(EXTRA_ROLE) if first else None
            result.append((values, row_id, extra))
        return result

    def add_row(self, values: dict[str, Any] | None = None) -> int:
        defaults: dict[str, Any] = {
            c.key: c.choices[0][0] for c in self.columns if c.kind == "choice" and c.choices
        }
        defaults.update(values or {})
        row = self.table.rowCount()
        self._loading = True
        try:
            self.table.insertRow(row)
            self._set_row(row, defaults, None, None)
        finally:
            self._loading = False
        self.edited.emit()
        first_text = next(i for i, c in enumerate(self.columns) if c.kind == "text")
        self.table.setCurrentCell(row, first_text)
        if values is None and self.isVisible():
            self.table.setFocus()
            item = self.table.item(row, first_text)
            if item is not None:
                self.table.editItem(item)
        return row

    def set_cell(self, row: int, key: str, text: str) -> None:
        """Type ``text`` into a cell, as the user would (tests, autofill)."""
        col = next(i for i, c in enumerate(self.columns) if c.key == key)
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, col, item)
        item.setText(text)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.edited.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        item.setBackground(QBrush())
        item.setToolTip("")
        self.edited.emit()

    # ---- errors ------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> tuple[list[str], QWidget | None]:
        """Handle ``"<prefix>.<row>[.<field>]"`` keys; return the others."""
        remaining: list[str] = []
        lines: list[str] = []
        self._loading = True
        try:
            for key, message in errors.items():
                parts = key.split(".")
                if parts[0] != self.prefix or len(parts) < 2 or not parts[1].isdigit():
                    remaining.append(key)
                    continue
                row = int(parts[1])
                text = _(message)
                lines.append(_("Row {row}: {message}", row=row + 1, message=text))
                keys = [c.key for c in self.columns]
                cols = [keys.index(parts[2])] if len(parts) > 2 and parts[2] in keys else []
                for col in cols or range(len(self.columns)):
                    item = self.table.item(row, col)
                    if item is not None:
                        item.setBackground(ERROR_BRUSH)
                        item.setToolTip(text)
        finally:
            self._loading = False
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))
        return remaining, (self.table if lines else None)

    def clear_errors(self) -> None:
        self._loading = True
        try:
            for row in range(self.table.rowCount()):
                for col in range(self.table.columnCount()):
                    item = self.table.item(row, col)
                    if item is not None:
                        item.setBackground(QBrush())
                        item.setToolTip("")
        finally:
            self._loading = False
        self.error.clear()
        self.error.hide()

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)


HOUSEHOLD_COLUMNS = (
    Column("name", N_("Name"), width=200),
    Column("relation", N_("Relation"), width=150),
    Column("birth_year", N_("Birth year"), kind="year"),
    Column("notes", N_("Notes"), stretch=True),
)
CONTACT_COLUMNS = (
    Column(
        "kind",
        N_("Kind"),
        kind="choice",
        choices=tuple((k.value, CONTACT_KIND_LABELS[k]) for k in ContactKind),
        width=170,
    ),
    Column("name", N_("Name"), width=180),
    Column("role", N_("Role"), width=150),
    Column("phone", N_("Phone"), width=130),
    Column("email", N_("Email address"), width=200),
    Column("notes", N_("Notes"), stretch=True),
)


class HouseholdContactsEditor(QSplitter):
    """Household members above, relatives and professionals below."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("householdContactsEditor")
        self.setChildrenCollapsible(False)
        self.household = RowsEditor(
            "household",
            _("Household members"),
            HOUSEHOLD_COLUMNS,
            _("Add a member"),
            self,
        )
        self.contacts = RowsEditor(
            "contacts",
            _("Relatives, professionals and partners"),
            CONTACT_COLUMNS,
            _("Add a contact"),
            self,
        )
        self.household.edited.connect(self._household_edited)
        self.contacts.edited.connect(self._contacts_edited)
        self.addWidget(self.household)
        self.addWidget(self.contacts)
        self.household_dirty = False
        self.contacts_dirty = False

    def _household_edited(self) -> None:
        self.household_dirty = True
        self.edited.emit()

    def _contacts_edited(self) -> None:
        self.contacts_dirty = True
        self.edited.emit()

    def set_file(self, file: ClientFile, *, household: bool = True, contacts: bool = True) -> None:
        if household:
            self.household.set_rows(
                [
                    (
                        {
                            "name": m.name,
                            "relation": m.relation,
                            "birth_year": m.birth_year,
                            "notes": m.notes,
                        },
                        m.id,
                        None,
                    )
                    for m in file.household
                ]
            )
            self.household_dirty = False
        if contacts:
            self.contacts.set_rows(
                [
                    (
                        {
                            "kind": c.kind,
                            "name": c.name,
                            "role": c.role,
                            "phone": c.phone,
                            "email": c.email,
                            "notes": c.notes,
                        },
                        c.id,
                        c.organization_id,
                    )
                    for c in file.contacts
                ]
            )
            self.contacts_dirty = False

    def household_members(self) -> list[HouseholdMemberDTO]:
        return [
            HouseholdMemberDTO(
                id=row_id,
                name=values["name"],
                relation=values["relation"],
                birth_year=values["birth_year"],
                notes=values["notes"],
            )
            for values, row_id, _extra in self.household.rows()
        ]

    def contact_list(self) -> list[ContactDTO]:
        return [
            ContactDTO(
                id=row_id,
                kind=values["kind"] or ContactKind.RELATIVE.value,
                name=values["name"],
                organization_id=extra,
                role=values["role"],
                phone=values["phone"],
                email=values["email"],
                notes=values["notes"],
            )
            for values, row_id, extra in self.contacts.rows()
        ]

    def show_errors(self, errors: dict[str, str]) -> tuple[list[str], QWidget | None]:
        remaining, first = self.household.show_errors(errors)
        rest, first_contact = self.contacts.show_errors({k: errors[k] for k in remaining})
        return rest, first or first_contact

    def clear_errors(self) -> None:
        self.household.clear_errors()
        self.contacts.clear_errors()

    def set_read_only(self, read_only: bool) -> None:
        self.household.set_read_only(read_only)
        self.contacts.set_read_only(read_only)
