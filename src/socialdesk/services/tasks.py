"""Use cases of tasks: a client's to-dos, the practitioner's open tasks, those due.

A task may hang on a démarche ("chase the CAF about the RSA file"): its client is then
the démarche's client. Writes return ``Changes(plans=True)``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import display_name
from socialdesk.domain.enums import TaskStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.plans import clean_line, clean_text
from socialdesk.domain.tasks import TaskDTO, TaskInput, TaskNotFound, task_errors
from socialdesk.i18n import N_
from socialdesk.storage.orm import Client, Demarche, DemarcheKind, Task
from socialdesk.storage.uow import UnitOfWork

__all__ = [
    "create_task",
    "delete_task",
    "get_task",
    "list_client_tasks",
    "list_due_tasks",
    "list_open_tasks",
    "set_task_status",
    "update_task",
]

PLANS_CHANGED = Changes(plans=True)


def _query() -> Select:  # type: ignore[type-arg]
    return (
        select(Task, Client.last_name, Client.first_name, Client.file_number, DemarcheKind.label)
        .outerjoin(Client, Client.id == Task.client_id)
        .outerjoin(Demarche, Demarche.id == Task.demarche_id)
        .outerjoin(DemarcheKind, DemarcheKind.id == Demarche.kind_id)
    )


def _due_order(stmt: Select) -> Select:  # type: ignore[type-arg]
    # Tasks without a due date come last (portable: no NULLS LAST).
    return stmt.order_by(Task.due_date.is_(None), Task.due_date, Task.id)


def _dtos(session: Session, stmt: Select) -> list[TaskDTO]:  # type: ignore[type-arg]
    return [
        TaskDTO(
            id=task.id,
            client_id=task.client_id,
            client_name=display_name(last, first) if task.client_id else "",
            file_number=number or "",
            demarche_id=task.demarche_id,
            demarche_label=kind_label or "",
            title=task.title,
            notes=task.notes or "",
            due_date=task.due_date,
            status=TaskStatus(task.status),
            done_at=task.done_at,
            created_at=task.created_at,
        )
        for task, last, first, number, kind_label in session.execute(stmt)
    ]


def get_task(uow: UnitOfWork, task_id: int) -> TaskDTO:
    found = _dtos(uow.session, _query().where(Task.id == task_id))
    if not found:
        raise TaskNotFound()
    return found[0]


def list_client_tasks(
    uow: UnitOfWork, client_id: int, *, include_closed: bool = False
) -> list[TaskDTO]:
    """A client's tasks: open ones by due date (undated last); with ``include_closed``,
    done and cancelled ones follow, most recent first."""
    stmt = _query().where(Task.client_id == client_id)
    open_tasks = _dtos(uow.session, _due_order(stmt.where(Task.status == TaskStatus.OPEN)))
    if not include_closed:
        return open_tasks
    closed = _dtos(
        uow.session,
        stmt.where(Task.status != TaskStatus.OPEN).order_by(Task.updated_at.desc(), Task.id.desc()),
    )
    return open_tasks + closed


def list_open_tasks(uow: UnitOfWork, *, limit: int = 200) -> list[TaskDTO]:
    """Every open task (clients' and the practitioner's own), by due date."""
    stmt = _due_order(_query().where(Task.status == TaskStatus.OPEN)).limit(max(0, limit))
    return _dtos(uow.session, stmt)


def list_due_tasks(
    uow: UnitOfWork, today: date, *, horizon_days: int = 0, limit: int = 200
) -> list[TaskDTO]:
    """Open tasks due on or before ``today + horizon_days``, the oldest first."""
    last = today + timedelta(days=max(0, horizon_days))
    stmt = (
        _query()
        .where(Task.status == TaskStatus.OPEN, Task.due_date <= last)
        .order_by(Task.due_date, Task.id)
        .limit(max(0, limit))
    )
    return _dtos(uow.session, stmt)


def _validated(session: Session, data: TaskInput, *, today: date) -> int | None:
    """Check every field; return the client id to store (a démarche's client)."""
    errors = task_errors(data, today=today)
    client_id = data.client_id
    if client_id is not None and session.get(Client, client_id) is None:
        errors["client_id"] = N_("This client does not exist.")
    if data.demarche_id is not None:
        demarche = session.get(Demarche, data.demarche_id)
        if demarche is None:
            errors["demarche_id"] = N_("This démarche does not exist.")
        elif client_id is None:
            client_id = demarche.client_id
        elif demarche.client_id != client_id:
            errors["demarche_id"] = N_("This démarche belongs to another client.")
    if errors:
        raise ValidationError(errors)
    return client_id


def _apply(row: Task, data: TaskInput, client_id: int | None) -> None:
    row.title = clean_line(data.title)
    row.client_id = client_id
    row.demarche_id = data.demarche_id
    row.due_date = data.due_date
    row.notes = clean_text(data.notes) or None


def create_task(
    uow: UnitOfWork, data: TaskInput, *, today: date | None = None
) -> tuple[TaskDTO, Changes]:
    session = uow.session
    client_id = _validated(session, data, today=today or date.today())
    row = Task(status=TaskStatus.OPEN)
    _apply(row, data, client_id)
    session.add(row)
    session.flush()
    return get_task(uow, row.id), PLANS_CHANGED


def update_task(
    uow: UnitOfWork, task_id: int, data: TaskInput, *, today: date | None = None
) -> tuple[TaskDTO, Changes]:
    session = uow.session
    row = session.get(Task, task_id)
    if row is None:
        raise TaskNotFound()
    client_id = _validated(session, data, today=today or date.today())
    _apply(row, data, client_id)
    session.flush()
    return get_task(uow, task_id), PLANS_CHANGED


def set_task_status(
    uow: UnitOfWork, task_id: int, status: TaskStatus, *, now: datetime | None = None
) -> tuple[TaskDTO, Changes]:
    """Done records when; open or cancelled clears it."""
    row = uow.session.get(Task, task_id)
    if row is None:
        raise TaskNotFound()
    try:
        status = TaskStatus(status)
    except ValueError:
        raise ValidationError({"status": N_("Choose a status from the list.")}) from None
    if status == TaskStatus.DONE:
        if row.status != TaskStatus.DONE or row.done_at is None:
            row.done_at = now or datetime.now(UTC)
    else:
        row.done_at = None
    row.status = status
    uow.session.flush()
    return get_task(uow, task_id), PLANS_CHANGED


def delete_task(uow: UnitOfWork, task_id: int) -> tuple[int | None, Changes]:
    """Remove a task; returns its client's id (None for the practitioner's own)."""
    row = uow.session.get(Task, task_id)
    if row is None:
        raise TaskNotFound()
    client_id = row.client_id
    uow.session.delete(row)
    uow.session.flush()
    return client_id, PLANS_CHANGED
