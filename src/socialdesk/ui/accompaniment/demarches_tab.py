"""The "Démarches" tab of a client file: the procedures followed for the person (access
to rights, against "non-recours"), each with its status, next action and deadline.

The list shows what is late in red and what is due today in amber; closed ones (granted,
refused) come last, greyed. The editor on the right edits the one chosen; while it holds
unsaved changes, the list keeps it selected (save or undo first — nothing is lost).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.demarches import DEMARCHE_STATUS_LABELS, DemarcheDTO
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    DUE_TODAY_COLOR,
    MUTED_STYLE,
    OVERDUE_COLOR,
    confirm,
    count_text,
    day_text,
    format_money,
    label_of,
    muted_label,
    state_color,
    writing,
)
from socialdesk.ui.accompaniment.demarche_editor import DemarcheEditor
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations
from socialdesk.ui.pages.base import heading

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Démarche"), N_("Status"), N_("Next action"), N_("Deadline"))


def _load(client_id: int) -> Any:
    def op(uow: Any) -> tuple[tuple[list[DemarcheDTO], list[Any], list[Any]], Changes]:
        from socialdesk.services.demarches import list_client_demarches, list_demarche_kinds
        from socialdesk.services.partners import list_organizations
        from socialdesk.services.profile import get_profile

        changes = NO_CHANGES
        if not list_demarche_kinds(uow, include_inactive=True):
            # A vault from before the catalogue existed: give it the usual kinds once.
            from socialdesk.services.demarches import ensure_default_demarche_kinds

            changes = ensure_default_demarche_kinds(uow)
        country = get_profile(uow).country
        return (
            list_client_demarches(uow, client_id),
            list_demarche_kinds(uow, country=country),
            list_organizations(uow),
        ), changes

    return op


def date_color(value: date | None, today: date, is_open: bool) -> str | None:
    if value is None or not is_open:
        return None
    if value < today:
        return OVERDUE_COLOR
    if value == today:
        return DUE_TODAY_COLOR
    return None


class DemarchesTab(QWidget):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demarchesTab")
        self.ops = ops
        self.bus = bus
        self.client_id: int | None = None
        self.demarches: list[DemarcheDTO] = []
        self.dialog: QWidget | None = None
        self._current_id: int | None = None
        self._loaded = False
        self._build()
        bus.changed.connect(self.on_changes)

    def _build(self) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("demarchesSummaryLabel")
        self.summary_label.setStyleSheet(MUTED_STYLE)
        self.new_button = QPushButton(_("New démarche"), self)
        self.new_button.setObjectName("newDemarcheButton")
        self.new_button.clicked.connect(self.start_new)
        top = QHBoxLayout()
        top.addWidget(heading(_("Démarches"), self, 1.3))
        top.addSpacing(8)
        top.addWidget(self.summary_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("demarchesTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, 200)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.empty_label = muted_label(
            _(
                "No démarche yet. Follow here every right the person may claim (housing "
                "benefit, RSA, disability allowance…) until it is obtained."
            ),
            self,
        )
        self.empty_label.setObjectName("demarchesEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("demarchesHintLabel")
        self.hint_label.setStyleSheet(f"color: {DUE_TODAY_COLOR};")
        self.hint_label.setWordWrap(True)
        self.hint_label.hide()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.empty_label, 1)
        left_layout.addWidget(self.hint_label)

        self.editor = DemarcheEditor(self.ops, self)
        self.editor.saved.connect(self._saved)
        self.editor.dirty_changed.connect(lambda _d: self.hint_label.hide())
        self.editor.delete_requested.connect(self.confirm_delete)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("demarchesSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([560, 480])
        left.setMinimumWidth(340)
        self.editor.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    # ---- loading -----------------------------------------------------------------------
    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self._current_id = None
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if self.client_id is not None and (
            changes.plans or changes.partners or changes.settings or changes.vault
        ):
            self.reload()

    def reload(self) -> None:
        if self.client_id is not None:
            self.ops.run_db(_load(self.client_id), on_success=self._show, owner=self)

    def _show(self, loaded: tuple[list[DemarcheDTO], list[Any], list[Any]]) -> None:
        demarches, kinds, organizations = loaded
        if demarches and demarches[0].client_id != self.client_id:
            return
        self._loaded = True
        self.demarches = demarches
        self.editor.client_id = self.client_id
        self.editor.set_choices(kinds, organizations)
        today = date.today()
        open_count = sum(1 for d in demarches if d.is_open)
        granted = [d for d in demarches if d.status.value == "granted"]
        parts = [count_text(open_count, N_("1 in progress"), N_("{count} in progress"))]
        if granted:
            parts.append(count_text(len(granted), N_("1 right obtained"),
                                    N_("{count} rights obtained")))  # fmt: skip
            monthly = sum(d.benefit_monthly_cents or 0 for d in granted)
            if monthly:
                parts.append(_("{amount} a month", amount=format_money(monthly)))
        self.summary_label.setText(" · ".join(parts))
        self.tree.blockSignals(True)
        self.tree.clear()
        current: QTreeWidgetItem | None = None
        for demarche in demarches:
            item = self._item(demarche, today)
            if demarche.id == self._current_id:
                current = item
        self.tree.blockSignals(False)
        self.tree.setVisible(bool(demarches))
        self.empty_label.setVisible(not demarches)
        if self.editor.is_new():
            return  # a new démarche is being typed: keep it
        if current is None and demarches and not self.editor.is_dirty():
            current = self.tree.topLevelItem(0)
        if current is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(current)
            self.tree.blockSignals(False)
        chosen = self.demarche(current.data(0, ID_ROLE)) if current is not None else None
        self._current_id = chosen.id if chosen is not None else None
        self.editor.show_demarche(chosen, force=False)

    def _item(self, demarche: DemarcheDTO, today: date) -> QTreeWidgetItem:
        next_text = day_text(demarche.next_action_date)
        if demarche.next_action:
            next_text = (
                f"{next_text} · {demarche.next_action}" if next_text else demarche.next_action
            )
        title = demarche.kind_label
        if demarche.organization_name:
            title = f"{title} — {demarche.organization_name}"
        item = QTreeWidgetItem(
            self.tree,
            [
                title,
                label_of(DEMARCHE_STATUS_LABELS, demarche.status),
                next_text,
                day_text(demarche.deadline),
            ],
        )
        item.setData(0, ID_ROLE, demarche.id)
        item.setToolTip(0, title)
        item.setToolTip(2, next_text)
        item.setForeground(1, state_color(demarche.status.value))
        for column, value in ((2, demarche.next_action_date), (3, demarche.deadline)):
            color = date_color(value, today, demarche.is_open)
            if color is not None:
                item.setForeground(column, QColor(color))
                item.setToolTip(
                    column,
                    _("Overdue") if color == OVERDUE_COLOR else _("Due today"),
                )
                if color == OVERDUE_COLOR:
                    font = QFont(item.font(column))
                    font.setBold(True)
                    item.setFont(column, font)
        if not demarche.is_open:
            for column in (0, 2, 3):
                item.setForeground(column, QColor("#7a7a7a"))
        return item

    def demarche(self, demarche_id: int | None) -> DemarcheDTO | None:
        return next((d for d in self.demarches if d.id == demarche_id), None)

    def _current_changed(self, item: QTreeWidgetItem | None, previous: Any = None) -> None:
        if self.editor.is_dirty():
            # Keep what was typed: the user saves or undoes before moving on.
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(previous)
            self.tree.blockSignals(False)
            self.hint_label.setText(_("Save or undo the changes of this démarche first."))
            self.hint_label.show()
            return
        chosen = self.demarche(item.data(0, ID_ROLE)) if item is not None else None
        self._current_id = chosen.id if chosen is not None else None
        self.editor.show_demarche(chosen)

    def show_demarche(self, demarche_id: int) -> None:
        """Select ``demarche_id`` (now, or once the list is loaded)."""
        self._current_id = demarche_id
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, ID_ROLE) == demarche_id:
                self.tree.setCurrentItem(item)
                return

    # ---- actions -----------------------------------------------------------------------
    def start_new(self) -> None:
        if self.client_id is None:
            return
        if self.editor.is_dirty():
            self.hint_label.setText(_("Save or undo the changes of this démarche first."))
            self.hint_label.show()
            return
        self.tree.blockSignals(True)
        self.tree.clearSelection()
        self.tree.setCurrentItem(None)
        self.tree.blockSignals(False)
        self.editor.start_new(self.client_id)

    def _saved(self, demarche: DemarcheDTO) -> None:
        self._current_id = demarche.id  # the reload that follows selects it

    def confirm_delete(self) -> QMessageBox | None:
        demarche = self.editor.demarche
        if demarche is None:
            return None
        demarche_id = demarche.id

        def delete() -> None:
            self.editor.show_demarche(None)
            self._current_id = None
            self.ops.run_db(writing("demarches", "delete_demarche", demarche_id), owner=self)

        self.dialog = confirm(
            self,
            "deleteDemarcheDialog",
            _("Delete the démarche"),
            _(
                "Delete the démarche “{kind}” and its documents checklist? A refused or "
                "abandoned démarche is better kept with its status.",
                kind=demarche.kind_label,
            ),
            delete,
        )
        return self.dialog

    def clear(self) -> None:
        self.client_id = None
        self.demarches = []
        self._current_id = None
        self._loaded = False
        self.tree.clear()
        self.summary_label.clear()
        self.editor.clear()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None

    def holds_vault_data(self) -> bool:
        return bool(self.demarches) or self.editor.demarche is not None
