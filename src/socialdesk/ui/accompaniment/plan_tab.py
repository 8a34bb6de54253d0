"""The "Plan" tab of a client file: the accompaniment plan agreed with the person.

On the left, the objectives (status, target date, progress of the last evaluation); on
the right, the chosen objective: its description and social issue, its actions as a
checklist, its dated evaluations and the history of its changes. Every change is an
event saved at once (there is no Save button to forget): ticking an action, evaluating,
changing the status. "Accompaniment agreement (PDF)…" writes the contract for the person
to sign.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.plans import OBJECTIVE_STATUS_LABELS, ObjectiveDTO, Plan
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment import common
from socialdesk.ui.accompaniment.common import (
    OVERDUE_COLOR,
    count_text,
    day_text,
    label_of,
    state_color,
    writing,
)
from socialdesk.ui.accompaniment.objective_panel import ObjectivePanel
from socialdesk.ui.accompaniment.plan_dialogs import EvaluationDialog, ObjectiveDialog
from socialdesk.ui.client_file.fields import StatusLine
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations, error_text
from socialdesk.ui.pages.base import heading

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Objective"), N_("Status"), N_("Target date"), N_("Progress"))


def _load_plan(client_id: int) -> Any:
    def op(uow: Any) -> tuple[tuple[Plan, list[Any]], Changes]:
        from socialdesk.services.clients import list_social_issue_types
        from socialdesk.services.plans import get_plan

        return (get_plan(uow, client_id), list_social_issue_types(uow)), NO_CHANGES

    return op


class PlanTab(QWidget):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planTab")
        self.ops = ops
        self.bus = bus
        self.client_id: int | None = None
        self.plan: Plan | None = None
        self.issue_types: list[Any] = []
        self.dialog: QWidget | None = None  # the dialog opened last (tests)
        self._current_id: int | None = None
        self._build()
        bus.changed.connect(self.on_changes)

    # ---- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("planSummaryLabel")
        self.summary_label.setStyleSheet(common.MUTED_STYLE)
        self.new_button = QPushButton(_("New objective…"), self)
        self.new_button.setObjectName("newObjectiveButton")
        self.new_button.clicked.connect(self.open_new_objective)
        self.agreement_button = QPushButton(_("Accompaniment agreement (PDF)…"), self)
        self.agreement_button.setObjectName("agreementPdfButton")
        self.agreement_button.setToolTip(
            _("The contract of accompaniment with the objectives, for the person to sign")
        )
        self.agreement_button.clicked.connect(self.save_agreement)
        top = QHBoxLayout()
        top.addWidget(heading(_("Accompaniment plan"), self, 1.3))
        top.addSpacing(8)
        top.addWidget(self.summary_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.agreement_button)
        self.status_line = StatusLine(self)
        self.status_line.setObjectName("planStatusLine")
        self.status_line.hide()

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("objectivesTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(3, 110)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.empty_label = common.muted_label(
            _(
                "No objectives yet. A plan starts with what the person wants to achieve: "
                "agree on it together, then add it here."
            ),
            self,
        )
        self.empty_label.setObjectName("planEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.empty_label, 1)

        self.panel = ObjectivePanel(self.ops, self)
        self.panel.edit_requested.connect(self.open_edit_objective)
        self.panel.evaluate_requested.connect(self.open_evaluation)
        self.panel.delete_requested.connect(self.confirm_delete)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("planSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([480, 580])
        left.setMinimumWidth(300)
        self.panel.setMinimumWidth(380)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_line)
        layout.addWidget(self.splitter, 1)

    # ---- loading -----------------------------------------------------------------------
    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self._current_id = None
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if self.client_id is not None and (
            changes.plans or changes.settings or changes.clients or changes.vault
        ):
            self.reload()

    def reload(self) -> None:
        if self.client_id is None:
            return
        self.ops.run_db(_load_plan(self.client_id), on_success=self._show, owner=self)

    def _show(self, loaded: tuple[Plan, list[Any]]) -> None:
        plan, self.issue_types = loaded
        if plan.client_id != self.client_id:
            return
        self.plan = plan
        self.summary_label.setText(
            " · ".join(
                [
                    count_text(plan.open_count, N_("1 open"), N_("{count} open")),
                    count_text(plan.achieved_count, N_("1 achieved"), N_("{count} achieved")),
                ]
            )
        )
        keep = self._current_id
        self.tree.blockSignals(True)
        self.tree.clear()
        today = date.today()
        current_item: QTreeWidgetItem | None = None
        for objective in plan.objectives:
            item = self._item(objective, today)
            if objective.id == keep:
                current_item = item
        self.tree.blockSignals(False)
        has_any = bool(plan.objectives)
        self.tree.setVisible(has_any)
        self.empty_label.setVisible(not has_any)
        if current_item is None and has_any:
            current_item = self.tree.topLevelItem(0)
        if current_item is not None:
            self.tree.setCurrentItem(current_item)
        self._current_changed(current_item)

    def _item(self, objective: ObjectiveDTO, today: date) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            self.tree,
            [
                objective.title,
                label_of(OBJECTIVE_STATUS_LABELS, objective.status),
                day_text(objective.target_date),
                "",
            ],
        )
        item.setData(0, ID_ROLE, objective.id)
        item.setToolTip(0, objective.description or objective.title)
        item.setForeground(1, state_color(objective.status.value))
        if (
            objective.is_open
            and objective.target_date is not None
            and objective.target_date < today
        ):
            item.setForeground(2, QColor(OVERDUE_COLOR))
            item.setToolTip(2, _("The target date has passed"))
        if objective.progress_percent is not None:
            bar = QProgressBar(self.tree)
            bar.setRange(0, 100)
            bar.setValue(objective.progress_percent)
            bar.setFormat("%p %")
            bar.setMaximumHeight(14)
            bar.setAccessibleName(_("Progress"))
            holder = QWidget(self.tree)
            holder_layout = QHBoxLayout(holder)
            holder_layout.setContentsMargins(4, 1, 8, 1)
            holder_layout.addWidget(bar)
            self.tree.setItemWidget(item, 3, holder)
        return item

    def _current_changed(self, item: QTreeWidgetItem | None, *_args: object) -> None:
        objective = self.objective(item.data(0, ID_ROLE)) if item is not None else None
        self._current_id = objective.id if objective is not None else None
        self.panel.set_objective(objective)

    def objective(self, objective_id: int | None) -> ObjectiveDTO | None:
        if self.plan is None or objective_id is None:
            return None
        return next((o for o in self.plan.objectives if o.id == objective_id), None)

    def current_objective(self) -> ObjectiveDTO | None:
        return self.objective(self._current_id)

    def show_objective(self, objective_id: int) -> None:
        """Select ``objective_id`` (now, or once the plan is loaded)."""
        self._current_id = objective_id
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, ID_ROLE) == objective_id:
                self.tree.setCurrentItem(item)
                return

    def objective_titles(self) -> list[str]:
        return [o.title for o in self.plan.objectives] if self.plan is not None else []

    # ---- actions -----------------------------------------------------------------------
    def open_new_objective(self) -> ObjectiveDialog | None:
        if self.client_id is None:
            return None
        dialog = ObjectiveDialog(self.ops, self.client_id, self.issue_types, None, self)
        return self._open(dialog)

    def open_edit_objective(self) -> ObjectiveDialog | None:
        objective = self.current_objective()
        if objective is None or self.client_id is None:
            return None
        dialog = ObjectiveDialog(self.ops, self.client_id, self.issue_types, objective, self)
        return self._open(dialog)

    def open_evaluation(self) -> EvaluationDialog | None:
        objective = self.current_objective()
        if objective is None:
            return None
        return self._open(EvaluationDialog(self.ops, objective, self))

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._objective_saved)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _objective_saved(self, objective: ObjectiveDTO) -> None:
        self._current_id = objective.id  # the reload that follows selects it

    def confirm_delete(self) -> QMessageBox | None:
        objective = self.current_objective()
        if objective is None:
            return None
        objective_id = objective.id
        self.dialog = common.confirm(
            self,
            "deleteObjectiveDialog",
            _("Delete the objective"),
            _(
                "Delete the objective “{title}” with its actions, evaluations and history? "
                "To keep a trace, set its status to abandoned instead.",
                title=objective.title,
            ),
            lambda: self.ops.run_db(writing("plans", "delete_objective", objective_id), owner=self),
        )
        return self.dialog

    def save_agreement(self) -> None:
        """Ask where, then write the accompaniment agreement PDF there."""
        if self.plan is None or self.client_id is None:
            return
        path = common.ask_save_path(
            self,
            _("Save the accompaniment agreement"),
            _("Accompaniment agreement {number}.pdf", number=self.plan.file_number),
        )
        if path is not None:
            self.export_agreement(path)

    def export_agreement(self, path: Any) -> None:
        client_id = self.client_id

        def op(uow: Any) -> tuple[Any, Changes]:
            from socialdesk.services.plan_pdf import export_agreement_pdf

            return export_agreement_pdf(uow, client_id, path), NO_CHANGES

        self.status_line.hide()
        self.ops.run_db(op, on_success=self._agreement_saved, on_error=self._failed, owner=self)

    def _agreement_saved(self, path: Any) -> None:
        self.status_line.ok(
            _(
                "The agreement was saved as {path}. Print it for both signatures; the file "
                "is not encrypted, delete it once printed.",
                path=path,
            )
        )
        self.status_line.show()

    def _failed(self, error: BaseException) -> bool:
        self.status_line.error(error_text(error))
        self.status_line.show()
        return True

    # ---- lock --------------------------------------------------------------------------
    def clear(self) -> None:
        self.plan = None
        self.client_id = None
        self._current_id = None
        self.tree.clear()
        self.panel.set_objective(None)
        self.summary_label.clear()
        self.status_line.hide()
        if self.dialog is not None:
            if shiboken6.isValid(self.dialog):
                self.dialog.close()
            self.dialog = None

    def holds_vault_data(self) -> bool:
        return self.plan is not None
