"""The plan's dialogs: an objective (new or edited) and an evaluation.

An evaluation is a dated look at where the person stands on an objective: a step of the
progress scale (from "Not started" to "Reached"), a comment, or both.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from socialdesk.domain.clients import SocialIssueType
from socialdesk.domain.plans import (
    PROGRESS_LABELS,
    PROGRESS_STEPS,
    EvaluationInput,
    ObjectiveDTO,
    ObjectiveInput,
)
from socialdesk.i18n import N_, _
from socialdesk.ui.accompaniment.common import Operation, writing
from socialdesk.ui.accompaniment.forms import (
    FormDialog,
    LocalErrors,
    combo_select,
    date_field,
    text_area,
)
from socialdesk.ui.ops import Operations

CHIP_STYLE = (
    "QPushButton { border: 1px solid palette(mid); border-radius: 12px; padding: 4px 12px;"
    " background: palette(base); }"
    "QPushButton:checked { background: #d6e4fa; color: #0b3d91; border-color: #8fb0e8; }"
)


class ObjectiveDialog(FormDialog):
    """A new objective of ``client_id``, or ``objective`` edited; ``saved(ObjectiveDTO)``."""

    def __init__(
        self,
        ops: Operations,
        client_id: int,
        issue_types: list[SocialIssueType],
        objective: ObjectiveDTO | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("New objective") if objective is None else _("Edit the objective")
        super().__init__(ops, title, parent)
        self.setObjectName("objectiveDialog")
        self.client_id = client_id
        self.objective = objective
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("objectiveTitleEdit")
        self.title_edit.setMaxLength(300)
        self.title_edit.setPlaceholderText(_("What the person wants to achieve"))
        self.issue_combo = QComboBox()
        self.issue_combo.setObjectName("objectiveIssueCombo")
        self.issue_combo.addItem(_("(none)"), None)
        current = objective.social_issue_code if objective is not None else None
        for issue in issue_types:
            if issue.active or issue.code == current:
                self.issue_combo.addItem(issue.label, issue.code)
        self.target_field = date_field(objective.target_date if objective else None)
        self.target_field.setObjectName("objectiveTargetDateEdit")
        self.description_edit = text_area(height=110)
        self.description_edit.setObjectName("objectiveDescriptionEdit")
        self.description_edit.setPlaceholderText(
            _("How, with whom, what success looks like for the person")
        )
        self.add_row("title", _("Objective:"), self.title_edit)
        self.add_row("social_issue_code", _("Social issue:"), self.issue_combo)
        self.add_row("target_date", _("Target date:"), self.target_field)
        self.add_row("description", _("Description:"), self.description_edit)
        if objective is not None:
            self.title_edit.setText(objective.title)
            combo_select(self.issue_combo, objective.social_issue_code)
            self.description_edit.setPlainText(objective.description)
        self.title_edit.setFocus()
        self.resize(560, self.sizeHint().height())

    def value(self) -> ObjectiveInput:
        return ObjectiveInput(
            title=self.title_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            social_issue_code=self.issue_combo.currentData(),
            target_date=self.target_field.value(),
        )

    def operation(self) -> Operation:
        if not self.title_edit.text().strip():
            raise LocalErrors({"title": N_("Give the objective a title.")})
        try:
            data = self.value()
        except ValueError:
            raise LocalErrors({}) from None  # the date error is shown by the form
        if self.objective is None:
            return writing("plans", "create_objective", self.client_id, data)
        return writing("plans", "update_objective", self.objective.id, data)


class ProgressScale(QWidget):
    """The steps of the progress scale as chips; none checked means "not rated"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressScale")
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # clicking the checked step again clears the rating
        self.buttons: dict[int, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for step in PROGRESS_STEPS:
            button = QPushButton(f"{_(PROGRESS_LABELS[step])} · {step} %", self)
            button.setObjectName(f"progressStep{step}")
            button.setCheckable(True)
            button.setStyleSheet(CHIP_STYLE)
            self.group.addButton(button, step)
            self.buttons[step] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, step: int, checked: bool) -> None:
        if checked:
            for other, button in self.buttons.items():
                if other != step and button.isChecked():
                    button.setChecked(False)

    def value(self) -> int | None:
        return next((s for s, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: int | None) -> None:
        for step, button in self.buttons.items():
            button.setChecked(step == value)


class EvaluationDialog(FormDialog):
    """Evaluate ``objective`` (progress and comment, dated); ``saved(ObjectiveDTO)``."""

    def __init__(
        self, ops: Operations, objective: ObjectiveDTO, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, _("Evaluate: {title}", title=objective.title), parent)
        self.setObjectName("evaluationDialog")
        self.objective = objective
        self.date_field = date_field(date.today())
        self.date_field.setObjectName("evaluationDateEdit")
        self.scale = ProgressScale()
        last = objective.progress_percent
        if last is not None and last in PROGRESS_STEPS:
            self.scale.set_value(last)
        self.comment_edit = text_area(height=120)
        self.comment_edit.setObjectName("evaluationCommentEdit")
        self.comment_edit.setPlaceholderText(
            _("What moved, what blocks, what the person says about it")
        )
        self.add_row("evaluation_date", _("Date:"), self.date_field)
        self.add_row("progress_percent", _("Progress:"), self.scale)
        self.add_row("comment", _("Comment:"), self.comment_edit)
        self.scale.group.idToggled.connect(lambda *_a: self.form.hide_error("comment"))
        self.resize(max(640, self.sizeHint().width()), self.sizeHint().height())
        self.comment_edit.setFocus()

    def operation(self) -> Operation:
        try:
            when = self.date_field.value()
        except ValueError:
            raise LocalErrors({}) from None
        if when is None:
            raise LocalErrors({"evaluation_date": N_("Enter the date of the evaluation.")})
        data = EvaluationInput(
            evaluation_date=when,
            progress_percent=self.scale.value(),
            comment=self.comment_edit.toPlainText().strip(),
        )
        return writing("plans", "add_evaluation", self.objective.id, data)
