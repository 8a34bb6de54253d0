"""Tasks: small to-dos (call back, send a letter) with a due date, for a client, one of
the client's démarches, or the practitioner alone.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from socialdesk.domain.enums import TaskStatus
from socialdesk.domain.errors import NotFound
from socialdesk.domain.plans import (
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    check_date,
    check_length,
    clean_line,
    clean_text,
)
from socialdesk.i18n import N_

TASK_STATUS_LABELS: dict[TaskStatus, str] = {
    TaskStatus.OPEN: N_("To do"),
    TaskStatus.DONE: N_("Done"),
    TaskStatus.CANCELLED: N_("Cancelled"),
}


@dataclass(frozen=True, slots=True)
class TaskInput:
    title: str
    client_id: int | None = None
    demarche_id: int | None = None
    due_date: date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class TaskDTO:
    id: int
    client_id: int | None
    client_name: str
    file_number: str
    demarche_id: int | None
    demarche_label: str
    title: str
    notes: str
    due_date: date | None
    status: TaskStatus
    done_at: datetime | None
    created_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def is_due(self, today: date) -> bool:
        """Open and due today or earlier."""
        return self.is_open and self.due_date is not None and self.due_date <= today

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    def to_input(self) -> TaskInput:
        return TaskInput(
            title=self.title,
            client_id=self.client_id,
            demarche_id=self.demarche_id,
            due_date=self.due_date,
            notes=self.notes,
        )


class TaskNotFound(NotFound):
    message = "This task does not exist (it may have been deleted)."


def task_errors(data: TaskInput, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = clean_line(data.title)
    if not title:
        errors["title"] = N_("Say what is to be done.")
    check_length(errors, "title", title, MAX_TITLE_LENGTH)
    check_length(errors, "notes", clean_text(data.notes), MAX_TEXT_LENGTH)
    check_date(errors, "due_date", data.due_date, today=today)
    return errors
