"""The "Tasks" tab of a client file: small to-dos for the person (call back, send a
letter), each with an optional due date and démarche.

Typing a title and pressing Enter adds a task; ticking it marks it done (saved at once).
Late tasks are red, tasks due today amber. Double-click (or Edit…) opens a task.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from socialdesk.domain.changes import NO_CHANGES, Changes
from socialdesk.domain.enums import TaskStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.tasks import TASK_STATUS_LABELS, TaskDTO, TaskInput
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import (
    DONE_COLOR,
    DUE_TODAY_COLOR,
    ERROR_STYLE,
    MUTED_STYLE,
    OVERDUE_COLOR,
    Operation,
    count_text,
    day_text,
    label_of,
    muted_label,
    writing,
)
from socialdesk.ui.accompaniment.forms import FormDialog, LocalErrors, combo_select, text_area
from socialdesk.ui.client_file.fields import DateField
from socialdesk.ui.client_file.labels import BAD_DATE
from socialdesk.ui.events import ChangeBus
from socialdesk.ui.ops import Operations, error_text
from socialdesk.ui.pages.base import heading

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = (N_("Task"), N_("Due"), N_("Démarche"), N_("Status"))


def _load(client_id: int, include_closed: bool) -> Any:
    def op(uow: Any) -> tuple[tuple[list[TaskDTO], list[Any]], Changes]:
        from socialdesk.services.demarches import list_client_demarches
        from socialdesk.services.tasks import list_client_tasks

        tasks = list_client_tasks(uow, client_id, include_closed=include_closed)
        return (tasks, list_client_demarches(uow, client_id)), NO_CHANGES

    return op


class TaskDialog(FormDialog):
    """Edit ``task`` (title, due date, démarche, notes); ``saved(TaskDTO)``."""

    def __init__(
        self, ops: Operations, task: TaskDTO, demarches: list[Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Task"), parent)
        self.setObjectName("taskDialog")
        self.task = task
        self.title_edit = QLineEdit(task.title)
        self.title_edit.setObjectName("taskTitleEdit")
        self.title_edit.setMaxLength(300)
        self.due_field = DateField()
        self.due_field.setObjectName("taskDueEdit")
        self.due_field.set_value(task.due_date)
        self.demarche_combo = QComboBox()
        self.demarche_combo.setObjectName("taskDemarcheCombo")
        self.demarche_combo.addItem(_("(none)"), None)
        for demarche in demarches:
            self.demarche_combo.addItem(demarche.kind_label, demarche.id)
        combo_select(self.demarche_combo, task.demarche_id)
        self.notes_edit = text_area(height=90)
        self.notes_edit.setObjectName("taskNotesEdit")
        self.notes_edit.setPlainText(task.notes)
        self.add_row("title", _("Task:"), self.title_edit)
        self.add_row("due_date", _("Due on:"), self.due_field)
        self.add_row("demarche_id", _("Démarche:"), self.demarche_combo)
        self.add_row("notes", _("Notes:"), self.notes_edit)

    def operation(self) -> Operation:
        try:
            due = self.due_field.value()
        except ValueError:
            raise LocalErrors({}) from None
        data = TaskInput(
            title=self.title_edit.text().strip(),
            client_id=self.task.client_id,
            demarche_id=self.demarche_combo.currentData(),
            due_date=due,
            notes=self.notes_edit.toPlainText().strip(),
        )
        return writing("tasks", "update_task", self.task.id, data)


class TasksTab(QWidget):
    def __init__(self, ops: Operations, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tasksTab")
        self.ops = ops
        self.bus = bus
        self.client_id: int | None = None
        self.tasks: list[TaskDTO] = []
        self.demarches: list[Any] = []
        self.dialog: QWidget | None = None
        self._wanted_id: int | None = None  # a task to select once loaded
        self._build()
        bus.changed.connect(self.on_changes)

    def _build(self) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("tasksSummaryLabel")
        self.summary_label.setStyleSheet(MUTED_STYLE)
        self.show_closed_box = QCheckBox(_("Show done and cancelled"), self)
        self.show_closed_box.setObjectName("showClosedTasksBox")
        self.show_closed_box.toggled.connect(lambda _on: self.reload())
        top = QHBoxLayout()
        top.addWidget(heading(_("Tasks"), self, 1.3))
        top.addSpacing(8)
        top.addWidget(self.summary_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.show_closed_box)

        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("newTaskEdit")
        self.title_edit.setPlaceholderText(_("A new task (e.g. call the landlord back)"))
        self.title_edit.returnPressed.connect(self.add_task)
        self.due_field = DateField(self)
        self.due_field.setObjectName("newTaskDueEdit")
        self.due_field.setToolTip(_("Due on (optional)"))
        self.due_field.returnPressed.connect(self.add_task)
        self.add_button = QPushButton(_("Add task"), self)
        self.add_button.setObjectName("addTaskButton")
        self.add_button.clicked.connect(self.add_task)
        add_row = QHBoxLayout()
        add_row.addWidget(self.title_edit, 1)
        add_row.addWidget(self.due_field)
        add_row.addWidget(self.add_button)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("taskErrorLabel")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.title_edit.textEdited.connect(lambda _t: self.error_label.hide())
        self.due_field.textEdited.connect(lambda _t: self.error_label.hide())

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("tasksTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(self._ticked)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.open_edit())
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.empty_label = muted_label(_("Nothing to do for this person."), self)
        self.empty_label.setObjectName("tasksEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setObjectName("editTaskButton")
        self.edit_button.clicked.connect(self.open_edit)
        self.cancel_button = QPushButton(_("Cancel the task"), self)
        self.cancel_button.setObjectName("cancelTaskButton")
        self.cancel_button.setToolTip(_("No longer needed (kept with the done ones)"))
        self.cancel_button.clicked.connect(self.cancel_task)
        self.delete_button = QPushButton(_("Delete"), self)
        self.delete_button.setObjectName("deleteTaskButton")
        self.delete_button.clicked.connect(self.delete_task)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(add_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ---- loading -----------------------------------------------------------------------
    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if self.client_id is not None and (changes.plans or changes.vault):
            self.reload()

    def reload(self) -> None:
        if self.client_id is not None:
            op = _load(self.client_id, self.show_closed_box.isChecked())
            self.ops.run_db(op, on_success=self._show, owner=self)

    def _show(self, loaded: tuple[list[TaskDTO], list[Any]]) -> None:
        tasks, self.demarches = loaded
        if tasks and tasks[0].client_id != self.client_id:
            return
        self.tasks = tasks
        today = date.today()
        open_count = sum(1 for t in tasks if t.is_open)
        late = sum(1 for t in tasks if t.is_overdue(today))
        parts = [count_text(open_count, N_("1 to do"), N_("{count} to do"))]
        if late:
            parts.append(count_text(late, N_("1 late"), N_("{count} late")))
        self.summary_label.setText(" · ".join(parts))
        selected = self.current_task()
        wanted = self._wanted_id if self._wanted_id is not None else (selected and selected.id)
        self.tree.blockSignals(True)
        self.tree.clear()
        for task in tasks:
            item = QTreeWidgetItem(
                self.tree,
                [
                    task.title,
                    day_text(task.due_date),
                    task.demarche_label,
                    label_of(TASK_STATUS_LABELS, task.status),
                ],
            )
            item.setData(0, ID_ROLE, task.id)
            item.setToolTip(0, task.notes or task.title)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if task.status == TaskStatus.CANCELLED:
                flags &= ~Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            done = task.status == TaskStatus.DONE
            if task.status != TaskStatus.CANCELLED:
                item.setCheckState(0, Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
            if not task.is_open:
                font = item.font(0)
                font.setStrikeOut(True)
                item.setFont(0, font)
                for column in range(4):
                    item.setForeground(column, QColor(DONE_COLOR if done else "#7a7a7a"))
            elif task.is_overdue(today):
                item.setForeground(1, QColor(OVERDUE_COLOR))
                item.setToolTip(1, _("Overdue"))
            elif task.is_due(today):
                item.setForeground(1, QColor(DUE_TODAY_COLOR))
            if task.id == wanted:
                self.tree.setCurrentItem(item)
                self._wanted_id = None
        self.tree.blockSignals(False)
        self.tree.setVisible(bool(tasks))
        self.empty_label.setVisible(not tasks)
        self._update_buttons()

    def current_task(self) -> TaskDTO | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        task_id = item.data(0, ID_ROLE)
        return next((t for t in self.tasks if t.id == task_id), None)

    def show_task(self, task_id: int) -> None:
        """Select ``task_id`` (now, or once the list is loaded)."""
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, ID_ROLE) == task_id:
                self.tree.setCurrentItem(item)
                return
        self._wanted_id = task_id

    def _update_buttons(self) -> None:
        task = self.current_task()
        self.edit_button.setEnabled(task is not None)
        self.delete_button.setEnabled(task is not None)
        self.cancel_button.setEnabled(task is not None and task.is_open)

    def task_titles(self) -> list[str]:
        return [t.title for t in self.tasks]

    # ---- writes ------------------------------------------------------------------------
    def add_task(self) -> None:
        if self.client_id is None:
            return
        self.error_label.hide()
        try:
            due = self.due_field.value()
        except ValueError:
            self._show_error(_(BAD_DATE))
            self.due_field.setFocus()
            return
        data = TaskInput(title=self.title_edit.text().strip(), client_id=self.client_id,
                         due_date=due)  # fmt: skip
        self.ops.run_db(
            writing("tasks", "create_task", data),
            on_success=self._added,
            on_error=self._failed,
            owner=self,
        )

    def _added(self, _task: TaskDTO) -> None:
        self.title_edit.clear()
        self.due_field.clear()
        self.title_edit.setFocus()

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, ValidationError):
            self._show_error("\n".join(_(m) for m in error.errors.values()))
            field = self.due_field if "due_date" in error.errors else self.title_edit
            field.setFocus()
        else:
            self._show_error(error_text(error))
        return True

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _ticked(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        done = item.checkState(0) == Qt.CheckState.Checked
        status = TaskStatus.DONE if done else TaskStatus.OPEN
        self.ops.run_db(
            writing("tasks", "set_task_status", item.data(0, ID_ROLE), status), owner=self
        )

    def cancel_task(self) -> None:
        task = self.current_task()
        if task is not None and task.is_open:
            self.ops.run_db(
                writing("tasks", "set_task_status", task.id, TaskStatus.CANCELLED), owner=self
            )

    def delete_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self.ops.run_db(writing("tasks", "delete_task", task.id), owner=self)

    def open_edit(self) -> TaskDialog | None:
        task = self.current_task()
        if task is None:
            return None
        dialog = TaskDialog(self.ops, task, self.demarches, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def clear(self) -> None:
        self.client_id = None
        self.tasks = []
        self.demarches = []
        self.tree.clear()
        self.summary_label.clear()
        self.title_edit.clear()
        self.due_field.clear()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None

    def holds_vault_data(self) -> bool:
        return bool(self.tasks)
