"""The accompaniment plan (projet d'accompagnement): objectives agreed with the person,
the actions towards them, dated evaluations, and the history of every change.

Also the small input rules shared by the accompaniment modules (plans, démarches,
partners, tasks): trimmed text with a length limit, dates within a sane range.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from socialdesk.domain.client_rules import TOO_LONG
from socialdesk.domain.enums import ObjectiveStatus
from socialdesk.domain.errors import NotFound
from socialdesk.i18n import N_

EARLIEST_DATE = date(1900, 1, 1)
FUTURE_YEARS = 20
MAX_TITLE_LENGTH = 300
MAX_TEXT_LENGTH = 20_000
MAX_COMMENT_LENGTH = 5_000
EVALUATION_INTERVAL_DAYS = 90
"""An open objective not evaluated for this many days is due for evaluation (Today)."""

OBJECTIVE_STATUS_LABELS: dict[ObjectiveStatus, str] = {
    ObjectiveStatus.OPEN: N_("In progress"),
    ObjectiveStatus.ACHIEVED: N_("Achieved"),
    ObjectiveStatus.PARTIAL: N_("Partly achieved"),
    ObjectiveStatus.ABANDONED: N_("Abandoned"),
}
PROGRESS_STEPS: tuple[int, ...] = (0, 25, 50, 75, 100)
PROGRESS_LABELS: dict[int, str] = {
    0: N_("Not started"),
    25: N_("Started"),
    50: N_("Halfway"),
    75: N_("Nearly there"),
    100: N_("Reached"),
}
HISTORY_FIELD_LABELS: dict[str, str] = {
    "created": N_("Objective created"),
    "title": N_("Title"),
    "description": N_("Description"),
    "social_issue": N_("Social issue"),
    "target_date": N_("Target date"),
    "status": N_("Status"),
    "action_added": N_("Action added"),
    "action_changed": N_("Action changed"),
    "action_done": N_("Action done"),
    "action_reopened": N_("Action reopened"),
    "action_removed": N_("Action removed"),
    "evaluation_added": N_("Evaluation"),
    "evaluation_changed": N_("Evaluation changed"),
    "evaluation_removed": N_("Evaluation removed"),
}


# ---- input rules shared by the accompaniment modules --------------------------------------
def clean_line(text: str | None) -> str:
    """One line: control characters become spaces, runs of spaces one, trimmed."""
    value = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text or "")
    return " ".join(value.split())


def clean_text(text: str | None) -> str:
    """Several lines: Unix line ends, no NUL, trimmed at both ends."""
    return (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def latest_date(today: date) -> date:
    """Planned dates may reach this far (an appeal window, a renewal in years)."""
    try:
        return today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        return today + timedelta(days=365 * FUTURE_YEARS)


def check_length(errors: dict[str, str], field: str, value: str, limit: int) -> None:
    if len(value) > limit and field not in errors:
        errors[field] = TOO_LONG


def check_date(
    errors: dict[str, str],
    field: str,
    value: date | None,
    *,
    today: date,
    not_after_today: bool = False,
) -> None:
    """A real ``date`` between 1900 and 20 years ahead (or today when ``not_after_today``)."""
    if value is None:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        errors[field] = N_("Enter a valid date.")
    elif value < EARLIEST_DATE:
        errors[field] = N_("The date cannot be before 1900.")
    elif not_after_today and value > today:
        errors[field] = N_("The date cannot be in the future.")
    elif value > latest_date(today):
        errors[field] = N_("The date is too far in the future.")


# ---- values ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ObjectiveInput:
    title: str
    description: str = ""
    social_issue_code: str | None = None
    target_date: date | None = None


@dataclass(frozen=True, slots=True)
class ActionInput:
    text: str
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class EvaluationInput:
    evaluation_date: date
    progress_percent: int | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class ActionDTO:
    id: int
    objective_id: int
    text: str
    due_date: date | None
    done_at: datetime | None
    position: int

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def to_input(self) -> ActionInput:
        return ActionInput(text=self.text, due_date=self.due_date)


@dataclass(frozen=True, slots=True)
class EvaluationDTO:
    id: int
    objective_id: int
    evaluation_date: date
    progress_percent: int | None
    comment: str
    created_at: datetime

    def to_input(self) -> EvaluationInput:
        return EvaluationInput(self.evaluation_date, self.progress_percent, self.comment)


@dataclass(frozen=True, slots=True)
class ObjectiveEventDTO:
    """One entry of an objective's history. ``field`` is a key of HISTORY_FIELD_LABELS;
    ``old``/``new`` are the values as text ("" for none): ISO dates, status codes, issue
    labels, action text, "40 %"."""

    id: int
    objective_id: int
    at: datetime
    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ObjectiveDTO:
    id: int
    client_id: int
    title: str
    description: str
    social_issue_code: str | None
    social_issue_label: str
    target_date: date | None
    status: ObjectiveStatus
    closed_date: date | None
    position: int
    created_at: datetime
    updated_at: datetime
    actions: tuple[ActionDTO, ...] = ()
    evaluations: tuple[EvaluationDTO, ...] = ()
    history: tuple[ObjectiveEventDTO, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status == ObjectiveStatus.OPEN

    @property
    def last_evaluation(self) -> EvaluationDTO | None:
        return self.evaluations[-1] if self.evaluations else None

    @property
    def progress_percent(self) -> int | None:
        for evaluation in reversed(self.evaluations):
            if evaluation.progress_percent is not None:
                return evaluation.progress_percent
        return None

    def needs_evaluation(self, today: date) -> bool:
        last = self.last_evaluation
        return evaluation_due(
            status=self.status,
            target_date=self.target_date,
            last_evaluation=last.evaluation_date if last else None,
            created_on=self.created_at.date(),
            today=today,
        )

    def to_input(self) -> ObjectiveInput:
        return ObjectiveInput(
            title=self.title,
            description=self.description,
            social_issue_code=self.social_issue_code,
            target_date=self.target_date,
        )


@dataclass(frozen=True, slots=True)
class Plan:
    client_id: int
    client_name: str
    file_number: str
    objectives: tuple[ObjectiveDTO, ...]

    @property
    def open_count(self) -> int:
        return sum(o.is_open for o in self.objectives)

    @property
    def achieved_count(self) -> int:
        return sum(o.status == ObjectiveStatus.ACHIEVED for o in self.objectives)


# ---- errors ---------------------------------------------------------------------------------
class ObjectiveNotFound(NotFound):
    message = "This objective does not exist (it may have been deleted)."


class ActionNotFound(NotFound):
    message = "This action does not exist (it may have been deleted)."


class EvaluationNotFound(NotFound):
    message = "This evaluation does not exist (it may have been deleted)."


# ---- rules ----------------------------------------------------------------------------------
def evaluation_reference(last_evaluation: date | None, created_on: date) -> date:
    """The day the evaluation clock starts from: the last evaluation, else the creation."""
    return last_evaluation or created_on


def evaluation_due(
    *,
    status: ObjectiveStatus,
    target_date: date | None,
    last_evaluation: date | None,
    created_on: date,
    today: date,
) -> bool:
    """An open objective is due for evaluation when its target date has come, or when it
    has not been evaluated for EVALUATION_INTERVAL_DAYS (counted from its creation when it
    never was)."""
    if status != ObjectiveStatus.OPEN:
        return False
    if target_date is not None and target_date <= today:
        return True
    reference = evaluation_reference(last_evaluation, created_on)
    return reference + timedelta(days=EVALUATION_INTERVAL_DAYS) <= today


def objective_errors(data: ObjectiveInput, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = clean_line(data.title)
    if not title:
        errors["title"] = N_("Give the objective a title.")
    check_length(errors, "title", title, MAX_TITLE_LENGTH)
    check_length(errors, "description", clean_text(data.description), MAX_TEXT_LENGTH)
    check_date(errors, "target_date", data.target_date, today=today)
    return errors


def action_errors(data: ActionInput, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    text = clean_line(data.text)
    if not text:
        errors["text"] = N_("Describe the action.")
    check_length(errors, "text", text, MAX_TITLE_LENGTH)
    check_date(errors, "due_date", data.due_date, today=today)
    return errors


def evaluation_errors(data: EvaluationInput, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.evaluation_date is None:
        errors["evaluation_date"] = N_("Enter the date of the evaluation.")
    else:
        check_date(
            errors, "evaluation_date", data.evaluation_date, today=today, not_after_today=True
        )
    progress = data.progress_percent
    if progress is not None and (
        isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100
    ):
        errors["progress_percent"] = N_("The progress is a percentage between 0 and 100.")
    comment = clean_text(data.comment)
    check_length(errors, "comment", comment, MAX_COMMENT_LENGTH)
    if progress is None and not comment and "comment" not in errors:
        errors["comment"] = N_("Give a progress level or write a comment.")
    return errors


def format_progress(percent: int | None) -> str:
    return "" if percent is None else f"{percent} %"
