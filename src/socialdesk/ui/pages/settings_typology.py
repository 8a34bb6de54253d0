"""Settings → Social issues: the typology ticked on client files and used to filter the
clients list. Changes are saved at once. An issue in use is never deleted: it is taken
out of use (files keep it, new files cannot pick it)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.clients import SocialIssueType, fold
from socialdesk.domain.errors import ValidationError
from socialdesk.i18n import _
from socialdesk.services.defaults import DEFAULT_SOCIAL_ISSUES
from socialdesk.ui.client_file.fields import StatusLine
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations

#: Offered when the typology is empty: (code, label message id).
USUAL_ISSUES = DEFAULT_SOCIAL_ISSUES
CODE_ROLE = Qt.ItemDataRole.UserRole
LABEL, CODE, IN_USE = range(3)


def code_for(label: str, taken: set[str]) -> str:
    """A stable code from a label: "Santé mentale" → "sante_mentale" (unique)."""
    base = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:36] or "issue"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


class TypologySection(QGroupBox):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(_("Social issues"), parent)
        self.setObjectName("typologyGroup")
        self.ops = ops
        self._types: list[SocialIssueType] = []
        self._loading = False
        self._loaded = False
        intro = QLabel(
            _(
                "The issues you tick on a client file and filter the list by. An issue in "
                "use is never deleted: untick “In use” to stop offering it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("typologyTable")
        self.table.setHorizontalHeaderLabels([_("Label"), _("Code"), _("In use")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(260)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(IN_USE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._item_changed)
        self.new_edit = QLineEdit(self)
        self.new_edit.setObjectName("newIssueEdit")
        self.new_edit.setPlaceholderText(_("New social issue, e.g. Housing"))
        self.new_edit.returnPressed.connect(self.add_issue)
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setObjectName("addIssueButton")
        self.add_button.clicked.connect(self.add_issue)
        self.usual_button = QPushButton(_("Add the usual list"), self)
        self.usual_button.setObjectName("addUsualIssuesButton")
        self.usual_button.setToolTip(
            _("Housing, income, debt, health, employment, family, access to rights…")
        )
        self.usual_button.clicked.connect(self.add_usual_list)
        self.status = StatusLine(self)
        self.status.setObjectName("typologyStatus")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_edit, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.usual_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(add_row)
        layout.addWidget(self.status)
        bus.changed.connect(self.on_changes)
        self.clear()

    # ---- loading -----------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.vault or changes.settings:
            self.reload()

    def reload(self) -> None:
        def read(uow: Any) -> tuple[list[SocialIssueType], Changes]:
            from socialdesk.services.clients import list_social_issue_types

            return list_social_issue_types(uow, include_inactive=True), NO_CHANGES

        self.ops.run_db(read, on_success=self._show, owner=self)

    def _show(self, types: list[SocialIssueType]) -> None:
        self._types = list(types)
        self._loaded = True
        self._loading = True
        try:
            self.table.setRowCount(len(types))
            for row, issue in enumerate(types):
                label = QTableWidgetItem(issue.label)
                label.setData(CODE_ROLE, issue.code)
                code = QTableWidgetItem(issue.code)
                code.setFlags(code.flags() & ~Qt.ItemFlag.ItemIsEditable)
                code.setForeground(self.palette().placeholderText())
                in_use = QTableWidgetItem()
                in_use.setFlags(
                    (in_use.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable
                )
                in_use.setCheckState(
                    Qt.CheckState.Checked if issue.active else Qt.CheckState.Unchecked
                )
                for col, item in ((LABEL, label), (CODE, code), (IN_USE, in_use)):
                    self.table.setItem(row, col, item)
        finally:
            self._loading = False
        self.usual_button.setVisible(not types)

    # ---- saving ------------------------------------------------------------------------
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or not 0 <= item.row() < len(self._types):
            return
        issue = self._types[item.row()]
        label_item = self.table.item(item.row(), LABEL)
        active_item = self.table.item(item.row(), IN_USE)
        label = label_item.text() if label_item else issue.label
        active = active_item.checkState() == Qt.CheckState.Checked if active_item else True
        self._save([(issue.code, label, active)])

    def add_issue(self) -> None:
        label = self.new_edit.text().strip()
        if not label:
            self.status.error(_("Enter a label."))
            return
        code = code_for(label, {t.code for t in self._types})
        self._save([(code, label, True)], clear_input=True)

    def add_usual_list(self) -> None:
        taken = {t.code for t in self._types}
        self._save([(code, _(text), True) for code, text in USUAL_ISSUES if code not in taken])

    def _save(self, entries: list[tuple[str, str, bool]], *, clear_input: bool = False) -> None:
        def save(uow: Any) -> tuple[None, Changes]:
            from socialdesk.services.clients import save_social_issue_type

            changes = NO_CHANGES
            for code, label, active in entries:
                _issue, more = save_social_issue_type(uow, code, label, active)
                changes = changes | more
            return None, changes

        def saved(_result: None) -> None:
            self.status.ok(_("Saved."))
            if clear_input:
                self.new_edit.clear()

        self.status.clear()
        self.ops.run_db(save, on_success=saved, on_error=self._failed, owner=self)

    def _failed(self, error: BaseException) -> bool:
        if not isinstance(error, ValidationError):
            return False
        self.status.error("\n".join(_(message) for message in error.errors.values()))
        self.reload()  # show what is stored again
        return True

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self._types = []
        self._loaded = False
        self._loading = True
        self.table.setRowCount(0)
        self._loading = False
        self.new_edit.clear()
        self.status.clear()
        self.usual_button.hide()

    def holds_vault_data(self) -> bool:
        return self._loaded
