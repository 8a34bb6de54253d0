"""One objective of the plan, in full: what it is, its actions (a checklist), its
evaluations and the history of its changes.

Ticking an action, adding or removing one and changing the status are saved at once;
the plan tab reloads from the change broadcast and shows the saved state.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.enums import ObjectiveStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.plans import (
    HISTORY_FIELD_LABELS,
    OBJECTIVE_STATUS_LABELS,
    PROGRESS_LABELS,
    ActionInput,
    ObjectiveDTO,
    ObjectiveEventDTO,
)
from socialdesk.i18n import _
from socialdesk.ui.accompaniment.common import (
    DONE_COLOR,
    ERROR_STYLE,
    MUTED_STYLE,
    OVERDUE_COLOR,
    badge_style,
    day_text,
    label_of,
    section_label,
    selectable,
    writing,
)
from socialdesk.ui.client_file.fields import DateField
from socialdesk.ui.client_file.labels import BAD_DATE
from socialdesk.ui.notes.format import format_datetime
from socialdesk.ui.ops import Operations, error_text

ACTION_ROLE = Qt.ItemDataRole.UserRole


def _date_or_text(value: str) -> str:
    try:
        return day_text(date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def history_line(event: ObjectiveEventDTO) -> str:
    """ "Status: open → achieved", "Action done: Call the CAF", "Created" …"""
    what = label_of(HISTORY_FIELD_LABELS, event.field)
    old, new = event.old, event.new
    if event.field == "status":
        old, new = label_of(OBJECTIVE_STATUS_LABELS, old), label_of(OBJECTIVE_STATUS_LABELS, new)
    elif event.field == "target_date":
        old, new = _date_or_text(old), _date_or_text(new)
    elif event.field == "description":
        return what  # the text itself is too long for a line
    if old and new:
        return f"{what}: {old} → {new}"
    return f"{what}: {new or old}" if (new or old) else what


def progress_text(percent: int | None) -> str:
    if percent is None:
        return "—"
    label = PROGRESS_LABELS.get(percent)
    return f"{percent} % · {_(label)}" if label else f"{percent} %"


class ObjectivePanel(QScrollArea):
    edit_requested = Signal()
    evaluate_requested = Signal()
    delete_requested = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("objectivePanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.ops = ops
        self.objective: ObjectiveDTO | None = None
        body = QWidget(self)
        self.body = body
        self._build(body)
        self.setWidget(body)
        self.set_objective(None)

    def _build(self, body: QWidget) -> None:
        self.title_label = selectable(section_label("", body, 1.3))
        self.title_label.setObjectName("objectiveTitleLabel")
        self.title_label.setWordWrap(True)
        self.edit_button = QPushButton(_("Edit…"), body)
        self.edit_button.setObjectName("editObjectiveButton")
        self.edit_button.clicked.connect(self.edit_requested)
        self.delete_button = QPushButton(_("Delete…"), body)
        self.delete_button.setObjectName("deleteObjectiveButton")
        self.delete_button.clicked.connect(self.delete_requested)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)

        self.badge = QLabel(body)
        self.badge.setObjectName("objectiveStatusBadge")
        self.facts_label = selectable(QLabel(body))
        self.facts_label.setObjectName("objectiveFactsLabel")
        self.facts_label.setWordWrap(True)
        self.status_combo = QComboBox(body)
        self.status_combo.setObjectName("objectiveStatusCombo")
        self.status_combo.setToolTip(_("Changing the status is saved at once"))
        for status in ObjectiveStatus:
            self.status_combo.addItem(label_of(OBJECTIVE_STATUS_LABELS, status), status.value)
        self.status_combo.activated.connect(self._status_chosen)
        facts_row = QHBoxLayout()
        facts_row.addWidget(self.badge)
        facts_row.addWidget(self.facts_label, 1)
        facts_row.addWidget(QLabel(_("Status:"), body))
        facts_row.addWidget(self.status_combo)
        self.description_label = selectable(QLabel(body))
        self.description_label.setObjectName("objectiveDescriptionLabel")
        self.description_label.setWordWrap(True)

        # actions
        self.actions_list = QListWidget(body)
        self.actions_list.setObjectName("actionsList")
        self.actions_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_list.itemChanged.connect(self._action_ticked)
        self.action_edit = QLineEdit(body)
        self.action_edit.setObjectName("newActionEdit")
        self.action_edit.setPlaceholderText(_("A step towards the objective (e.g. call the CAF)"))
        self.action_edit.returnPressed.connect(self.add_action)
        self.action_due = DateField(body)
        self.action_due.setObjectName("newActionDueEdit")
        self.action_due.setToolTip(_("By when (optional)"))
        self.action_due.returnPressed.connect(self.add_action)
        self.add_action_button = QPushButton(_("Add"), body)
        self.add_action_button.setObjectName("addActionButton")
        self.add_action_button.clicked.connect(self.add_action)
        self.remove_action_button = QPushButton(_("Remove"), body)
        self.remove_action_button.setObjectName("removeActionButton")
        self.remove_action_button.setToolTip(_("Remove the selected action"))
        self.remove_action_button.clicked.connect(self.remove_action)
        add_row = QHBoxLayout()
        add_row.addWidget(self.action_edit, 1)
        add_row.addWidget(self.action_due)
        add_row.addWidget(self.add_action_button)
        add_row.addWidget(self.remove_action_button)
        self.action_error = QLabel(body)
        self.action_error.setObjectName("actionErrorLabel")
        self.action_error.setStyleSheet(ERROR_STYLE)
        self.action_error.setWordWrap(True)
        self.action_error.hide()
        self.action_edit.textEdited.connect(lambda _t: self.action_error.hide())

        # evaluations
        self.evaluate_button = QPushButton(_("Evaluate…"), body)
        self.evaluate_button.setObjectName("evaluateObjectiveButton")
        self.evaluate_button.clicked.connect(self.evaluate_requested)
        eval_head = QHBoxLayout()
        eval_head.addWidget(section_label(_("Evaluations"), body))
        eval_head.addStretch(1)
        eval_head.addWidget(self.evaluate_button)
        self.evaluations_table = QTableWidget(0, 3, body)
        self.evaluations_table.setObjectName("evaluationsTable")
        self.evaluations_table.setHorizontalHeaderLabels([_("Date"), _("Progress"), _("Comment")])
        self.evaluations_table.verticalHeader().hide()
        self.evaluations_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evaluations_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.evaluations_table.setWordWrap(False)  # one line each; the comment in full as tooltip
        header = self.evaluations_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.no_evaluation_label = QLabel(_("Not evaluated yet."), body)
        self.no_evaluation_label.setStyleSheet(MUTED_STYLE)

        self.history_list = QListWidget(body)
        self.history_list.setObjectName("objectiveHistoryList")
        self.history_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.no_history_label = QLabel(_("No change recorded yet."), body)
        self.no_history_label.setStyleSheet(MUTED_STYLE)

        self.placeholder = QLabel(_("Choose an objective on the left, or add one."), body)
        self.placeholder.setObjectName("objectivePlaceholder")
        self.placeholder.setStyleSheet(MUTED_STYLE)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.content = QWidget(body)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(title_row)
        content.addLayout(facts_row)
        content.addWidget(self.description_label)
        content.addSpacing(6)
        content.addWidget(section_label(_("Actions"), body))
        content.addWidget(self.actions_list)
        content.addLayout(add_row)
        content.addWidget(self.action_error)
        content.addSpacing(6)
        content.addLayout(eval_head)
        content.addWidget(self.no_evaluation_label)
        content.addWidget(self.evaluations_table)
        content.addSpacing(6)
        content.addWidget(section_label(_("History"), body))
        content.addWidget(self.history_list)
        content.addWidget(self.no_history_label)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content)
        layout.addStretch(1)

    # ---- showing -----------------------------------------------------------------------
    def set_objective(self, objective: ObjectiveDTO | None) -> None:
        same = (
            objective is not None
            and self.objective is not None
            and objective.id == self.objective.id
        )
        self.objective = objective
        self.placeholder.setVisible(objective is None)
        self.content.setVisible(objective is not None)
        if not same:  # another objective: what was being typed belonged to the previous one
            self.action_edit.clear()
            self.action_due.clear()
            self.action_error.hide()
        if objective is None:
            self.actions_list.clear()
            self.evaluations_table.setRowCount(0)
            self.history_list.clear()
            return
        today = date.today()
        self.title_label.setText(objective.title)
        self.badge.setText(label_of(OBJECTIVE_STATUS_LABELS, objective.status))
        self.badge.setStyleSheet(badge_style(objective.status.value))
        self.status_combo.setCurrentIndex(self.status_combo.findData(objective.status.value))
        facts = []
        if objective.social_issue_label:
            facts.append(objective.social_issue_label)
        if objective.target_date is not None:
            text = _("target {date}", date=day_text(objective.target_date))
            if objective.is_open and objective.target_date < today:
                text = f"<span style='color:{OVERDUE_COLOR}'>{text}</span>"
            facts.append(text)
        if objective.closed_date is not None:
            facts.append(_("closed on {date}", date=day_text(objective.closed_date)))
        if objective.needs_evaluation(today):
            facts.append(f"<b>{_('to evaluate')}</b>")
        self.facts_label.setText(" · ".join(facts))
        self.description_label.setText(objective.description)
        self.description_label.setVisible(bool(objective.description))
        self._show_actions(objective, today)
        self._show_evaluations(objective)
        self.history_list.clear()
        for event in reversed(objective.history):  # newest first
            self.history_list.addItem(f"{format_datetime(event.at)} — {history_line(event)}")
        self._fit(self.history_list, 6)
        self.history_list.setVisible(bool(objective.history))
        self.no_history_label.setVisible(not objective.history)

    def _show_actions(self, objective: ObjectiveDTO, today: date) -> None:
        self.actions_list.blockSignals(True)
        selected = self._selected_action_id()
        self.actions_list.clear()
        for action in objective.actions:
            text = action.text
            if action.due_date is not None:
                text = _("{action} — by {date}", action=text, date=day_text(action.due_date))
            item = QListWidgetItem(text, self.actions_list)
            item.setData(ACTION_ROLE, action.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if action.is_done else Qt.CheckState.Unchecked)
            if action.is_done:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(QColor(DONE_COLOR))
            elif action.due_date is not None and action.due_date < today:
                item.setForeground(QColor(OVERDUE_COLOR))
            if action.id == selected:
                self.actions_list.setCurrentItem(item)
        self.actions_list.blockSignals(False)
        self._fit(self.actions_list, 8)
        self.remove_action_button.setEnabled(bool(objective.actions))

    def _show_evaluations(self, objective: ObjectiveDTO) -> None:
        table = self.evaluations_table
        evaluations = list(reversed(objective.evaluations))  # newest first
        table.setRowCount(len(evaluations))
        for row, evaluation in enumerate(evaluations):
            cells = (
                day_text(evaluation.evaluation_date),
                progress_text(evaluation.progress_percent),
                evaluation.comment,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setToolTip(text)
                table.setItem(row, column, item)
        table.setVisible(bool(evaluations))
        self.no_evaluation_label.setVisible(not evaluations)
        height = table.horizontalHeader().height() + 4
        height += sum(table.rowHeight(r) for r in range(min(len(evaluations), 6)))
        table.setFixedHeight(height)

    @staticmethod
    def _fit(widget: QListWidget, rows: int) -> None:
        """A list as tall as its rows (up to ``rows``), so the panel scrolls, not the list."""
        count = max(1, min(widget.count(), rows))
        row = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height() + 6
        widget.setFixedHeight(count * row + 2 * widget.frameWidth() + 4)

    def _selected_action_id(self) -> int | None:
        item = self.actions_list.currentItem()
        return item.data(ACTION_ROLE) if item is not None else None

    # ---- writes ------------------------------------------------------------------------
    def _status_chosen(self, _index: int) -> None:
        objective = self.objective
        value = self.status_combo.currentData()
        if objective is None or value == objective.status.value:
            return
        self.ops.run_db(
            writing("plans", "set_objective_status", objective.id, ObjectiveStatus(value)),
            on_error=self._status_failed,
            owner=self,
        )

    def _status_failed(self, error: BaseException) -> bool:
        if self.objective is not None:  # back to the saved status
            self.status_combo.setCurrentIndex(
                self.status_combo.findData(self.objective.status.value)
            )
        return False

    def add_action(self) -> None:
        objective = self.objective
        text = self.action_edit.text().strip()
        if objective is None:
            return
        if not text:
            self._action_failed_text(_("Describe the action first."))
            return
        try:
            due = self.action_due.value()
        except ValueError:
            self._action_failed_text(_(BAD_DATE))
            self.action_due.setFocus()
            return
        self.ops.run_db(
            writing("plans", "add_action", objective.id, ActionInput(text=text, due_date=due)),
            on_success=self._action_added,
            on_error=self._action_failed,
            owner=self,
        )

    def _action_added(self, _objective: ObjectiveDTO) -> None:
        self.action_edit.clear()
        self.action_due.clear()
        self.action_error.hide()
        self.action_edit.setFocus()

    def _action_failed(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError):
            text = "\n".join(_(m) for m in error.errors.values())
        else:
            text = error_text(error)
        self._action_failed_text(text)
        return True

    def _action_failed_text(self, text: str) -> None:
        self.action_error.setText(text)
        self.action_error.show()

    def _action_ticked(self, item: QListWidgetItem) -> None:
        done = item.checkState() == Qt.CheckState.Checked
        self.ops.run_db(
            writing("plans", "set_action_done", item.data(ACTION_ROLE), done), owner=self
        )

    def remove_action(self) -> None:
        action_id = self._selected_action_id()
        if action_id is not None:
            self.ops.run_db(writing("plans", "delete_action", action_id), owner=self)

    def action_texts(self) -> list[tuple[str, bool]]:
        return [
            (
                self.actions_list.item(i).text(),
                self.actions_list.item(i).checkState() == Qt.CheckState.Checked,
            )
            for i in range(self.actions_list.count())
        ]
