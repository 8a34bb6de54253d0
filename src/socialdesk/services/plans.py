"""Use cases of the accompaniment plan: objectives, their actions and dated evaluations,
and the history of every change (``objective_event``, migration 0003).

Every write records what changed in the objective's history in the same transaction
and returns the objective as it now is, with ``Changes(plans=True)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import ClientErased, ClientNotFound, display_name
from socialdesk.domain.enums import ObjectiveStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.plans import (
    ActionDTO,
    ActionInput,
    ActionNotFound,
    EvaluationDTO,
    EvaluationInput,
    EvaluationNotFound,
    ObjectiveDTO,
    ObjectiveEventDTO,
    ObjectiveInput,
    ObjectiveNotFound,
    Plan,
    action_errors,
    clean_line,
    clean_text,
    evaluation_errors,
    format_progress,
    objective_errors,
)
from socialdesk.i18n import N_
from socialdesk.storage.orm import (
    Client,
    Evaluation,
    Objective,
    ObjectiveAction,
    ObjectiveEvent,
    SocialIssueType,
)
from socialdesk.storage.uow import UnitOfWork

__all__ = [
    "add_action",
    "add_evaluation",
    "create_objective",
    "delete_action",
    "delete_evaluation",
    "delete_objective",
    "get_objective",
    "get_plan",
    "move_objective",
    "set_action_done",
    "set_objective_status",
    "update_action",
    "update_evaluation",
    "update_objective",
]

PLANS_CHANGED = Changes(plans=True)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _today(today: date | None) -> date:
    return today or date.today()


# ---- reading --------------------------------------------------------------------------------
def _load_options():  # type: ignore[no-untyped-def]
    return (
        selectinload(Objective.actions),
        selectinload(Objective.evaluations),
        selectinload(Objective.events),
    )


def _issue_types(session: Session) -> dict[int, SocialIssueType]:
    return {t.id: t for t in session.scalars(select(SocialIssueType))}


def _to_dto(row: Objective, issues: dict[int, SocialIssueType]) -> ObjectiveDTO:
    issue = issues.get(row.social_issue_type_id) if row.social_issue_type_id else None
    actions = sorted(row.actions, key=lambda a: (a.position, a.id))
    evaluations = sorted(row.evaluations, key=lambda e: (e.evaluation_date, e.id))
    return ObjectiveDTO(
        id=row.id,
        client_id=row.client_id,
        title=row.title,
        description=row.description or "",
        social_issue_code=issue.code if issue else None,
        social_issue_label=issue.label if issue else "",
        target_date=row.target_date,
        status=ObjectiveStatus(row.status),
        closed_date=row.closed_date,
        position=row.position,
        created_at=row.created_at,
        updated_at=row.updated_at,
        actions=tuple(
            ActionDTO(
                id=a.id,
                objective_id=a.objective_id,
                text=a.text,
                due_date=a.due_date,
                done_at=a.done_at,
                position=a.position,
            )
            for a in actions
        ),
        evaluations=tuple(
            EvaluationDTO(
                id=e.id,
                objective_id=e.objective_id,
                evaluation_date=e.evaluation_date,
                progress_percent=e.progress_percent,
                comment=e.comment or "",
                created_at=e.created_at,
            )
            for e in evaluations
        ),
        history=tuple(
            ObjectiveEventDTO(
                id=ev.id,
                objective_id=ev.objective_id,
                at=ev.at,
                field=ev.field,
                old=ev.old or "",
                new=ev.new or "",
            )
            for ev in sorted(row.events, key=lambda ev: ev.id)
        ),
    )


def _client(session: Session, client_id: int, *, for_update: bool = False) -> Client:
    client = session.get(Client, client_id)
    if client is None:
        raise ClientNotFound(client_id)
    if for_update and client.pseudonymized_at is not None:
        raise ClientErased()
    return client


def get_plan(uow: UnitOfWork, client_id: int) -> Plan:
    """The client's plan: every objective (by position) with actions, evaluations and
    history."""
    session = uow.session
    client = _client(session, client_id)
    rows = session.scalars(
        select(Objective)
        .where(Objective.client_id == client_id)
        .options(*_load_options())
        .order_by(Objective.position, Objective.id)
    ).all()
    issues = _issue_types(session) if rows else {}
    return Plan(
        client_id=client.id,
        client_name=display_name(client.last_name, client.first_name),
        file_number=client.file_number,
        objectives=tuple(_to_dto(row, issues) for row in rows),
    )


def _objective_row(session: Session, objective_id: int) -> Objective:
    row = session.scalar(
        select(Objective).where(Objective.id == objective_id).options(*_load_options())
    )
    if row is None:
        raise ObjectiveNotFound()
    return row


def get_objective(uow: UnitOfWork, objective_id: int) -> ObjectiveDTO:
    session = uow.session
    return _to_dto(_objective_row(session, objective_id), _issue_types(session))


def _result(session: Session, row: Objective) -> tuple[ObjectiveDTO, Changes]:
    session.flush()
    return _to_dto(row, _issue_types(session)), PLANS_CHANGED


# ---- history --------------------------------------------------------------------------------
def _record(row: Objective, field: str, old: str | None, new: str | None, *, at: datetime) -> None:
    row.events.append(ObjectiveEvent(field=field, old=old or None, new=new or None, at=at))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _action_text(text: str, due: date | None) -> str:
    return f"{text} ({due.isoformat()})" if due else text


# ---- objectives -----------------------------------------------------------------------------
def _issue_for(
    session: Session, code: str | None, current_id: int | None
) -> tuple[SocialIssueType | None, dict[str, str]]:
    code = (code or "").strip()
    if not code:
        return None, {}
    issue = session.scalar(select(SocialIssueType).where(SocialIssueType.code == code))
    if issue is None or (not issue.active and issue.id != current_id):
        return None, {"social_issue_code": N_("Choose social issues from the list.")}
    return issue, {}


def _validated_objective(
    session: Session, data: ObjectiveInput, *, today: date, current_issue_id: int | None
) -> SocialIssueType | None:
    errors = objective_errors(data, today=today)
    issue, issue_errors = _issue_for(session, data.social_issue_code, current_issue_id)
    errors.update(issue_errors)
    if errors:
        raise ValidationError(errors)
    return issue


def create_objective(
    uow: UnitOfWork,
    client_id: int,
    data: ObjectiveInput,
    *,
    now: datetime | None = None,
) -> tuple[ObjectiveDTO, Changes]:
    """A new open objective at the end of the client's plan."""
    session = uow.session
    at = _now(now)
    _client(session, client_id, for_update=True)
    issue = _validated_objective(session, data, today=at.date(), current_issue_id=None)
    last = session.scalar(
        select(func.max(Objective.position)).where(Objective.client_id == client_id)
    )
    row = Objective(
        client_id=client_id,
        title=clean_line(data.title),
        description=clean_text(data.description) or None,
        social_issue_type_id=issue.id if issue else None,
        target_date=data.target_date,
        status=ObjectiveStatus.OPEN,
        position=0 if last is None else last + 1,
        created_at=at,
        updated_at=at,
    )
    row.actions = []
    row.evaluations = []
    row.events = []
    session.add(row)
    _record(row, "created", None, row.title, at=at)
    return _result(session, row)


def update_objective(
    uow: UnitOfWork,
    objective_id: int,
    data: ObjectiveInput,
    *,
    now: datetime | None = None,
) -> tuple[ObjectiveDTO, Changes]:
    """Change the objective's wording, issue or target date; one history entry per
    changed field."""
    session = uow.session
    at = _now(now)
    row = _objective_row(session, objective_id)
    _client(session, row.client_id, for_update=True)
    issue = _validated_objective(
        session, data, today=at.date(), current_issue_id=row.social_issue_type_id
    )
    issues = _issue_types(session)
    title = clean_line(data.title)
    description = clean_text(data.description)
    if title != row.title:
        _record(row, "title", row.title, title, at=at)
        row.title = title
    if description != (row.description or ""):
        _record(row, "description", row.description, description, at=at)
        row.description = description or None
    new_issue_id = issue.id if issue else None
    if new_issue_id != row.social_issue_type_id:
        old_issue = issues.get(row.social_issue_type_id) if row.social_issue_type_id else None
        _record(
            row,
            "social_issue",
            old_issue.label if old_issue else None,
            issue.label if issue else None,
            at=at,
        )
        row.social_issue_type_id = new_issue_id
    if data.target_date != row.target_date:
        _record(row, "target_date", _iso(row.target_date), _iso(data.target_date), at=at)
        row.target_date = data.target_date
    return _result(session, row)


def set_objective_status(
    uow: UnitOfWork,
    objective_id: int,
    status: ObjectiveStatus,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> tuple[ObjectiveDTO, Changes]:
    """Achieved, partly achieved or abandoned close the objective today; open reopens."""
    session = uow.session
    try:
        status = ObjectiveStatus(status)
    except ValueError:
        raise ValidationError({"status": N_("Choose a status from the list.")}) from None
    at = _now(now)
    row = _objective_row(session, objective_id)
    _client(session, row.client_id, for_update=True)
    if status != row.status:
        _record(row, "status", str(row.status), str(status), at=at)
        row.status = status
        row.closed_date = None if status == ObjectiveStatus.OPEN else _today(today)
    return _result(session, row)


def move_objective(uow: UnitOfWork, objective_id: int, position: int) -> tuple[Plan, Changes]:
    """Put the objective at ``position`` (0 = first) in its plan; the others follow."""
    session = uow.session
    row = _objective_row(session, objective_id)
    siblings = list(
        session.scalars(
            select(Objective)
            .where(Objective.client_id == row.client_id)
            .order_by(Objective.position, Objective.id)
        )
    )
    siblings.remove(row)
    siblings.insert(max(0, min(position, len(siblings))), row)
    for index, objective in enumerate(siblings):
        if objective.position != index:
            objective.position = index
    session.flush()
    return get_plan(uow, row.client_id), PLANS_CHANGED


def delete_objective(uow: UnitOfWork, objective_id: int) -> tuple[int, Changes]:
    """Remove an objective entered by mistake, with its actions, evaluations and history;
    returns the client's id. (An objective given up is *abandoned*, not deleted.)"""
    session = uow.session
    row = _objective_row(session, objective_id)
    client_id = row.client_id
    session.delete(row)
    session.flush()
    return client_id, PLANS_CHANGED


# ---- actions --------------------------------------------------------------------------------
def _action_row(session: Session, action_id: int) -> ObjectiveAction:
    action = session.get(ObjectiveAction, action_id)
    if action is None:
        raise ActionNotFound()
    return action


def _validated_action(data: ActionInput, *, today: date) -> None:
    errors = action_errors(data, today=today)
    if errors:
        raise ValidationError(errors)


def add_action(
    uow: UnitOfWork, objective_id: int, data: ActionInput, *, now: datetime | None = None
) -> tuple[ObjectiveDTO, Changes]:
    session = uow.session
    at = _now(now)
    row = _objective_row(session, objective_id)
    _validated_action(data, today=at.date())
    text = clean_line(data.text)
    position = max((a.position for a in row.actions), default=-1) + 1
    row.actions.append(ObjectiveAction(text=text, due_date=data.due_date, position=position))
    _record(row, "action_added", None, _action_text(text, data.due_date), at=at)
    return _result(session, row)


def update_action(
    uow: UnitOfWork, action_id: int, data: ActionInput, *, now: datetime | None = None
) -> tuple[ObjectiveDTO, Changes]:
    session = uow.session
    at = _now(now)
    action = _action_row(session, action_id)
    _validated_action(data, today=at.date())
    row = _objective_row(session, action.objective_id)
    text = clean_line(data.text)
    if (text, data.due_date) != (action.text, action.due_date):
        _record(
            row,
            "action_changed",
            _action_text(action.text, action.due_date),
            _action_text(text, data.due_date),
            at=at,
        )
        action.text = text
        action.due_date = data.due_date
    return _result(session, row)


def set_action_done(
    uow: UnitOfWork, action_id: int, done: bool, *, now: datetime | None = None
) -> tuple[ObjectiveDTO, Changes]:
    session = uow.session
    at = _now(now)
    action = _action_row(session, action_id)
    row = _objective_row(session, action.objective_id)
    if done and action.done_at is None:
        action.done_at = at
        _record(row, "action_done", None, action.text, at=at)
    elif not done and action.done_at is not None:
        action.done_at = None
        _record(row, "action_reopened", None, action.text, at=at)
    return _result(session, row)


def delete_action(
    uow: UnitOfWork, action_id: int, *, now: datetime | None = None
) -> tuple[ObjectiveDTO, Changes]:
    session = uow.session
    action = _action_row(session, action_id)
    row = _objective_row(session, action.objective_id)
    _record(row, "action_removed", action.text, None, at=_now(now))
    row.actions.remove(action)
    return _result(session, row)


# ---- evaluations ----------------------------------------------------------------------------
def _evaluation_row(session: Session, evaluation_id: int) -> Evaluation:
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise EvaluationNotFound()
    return evaluation


def _validated_evaluation(data: EvaluationInput, *, today: date) -> None:
    errors = evaluation_errors(data, today=today)
    if errors:
        raise ValidationError(errors)


def _evaluation_text(day: date, progress: int | None) -> str:
    return " ".join(p for p in (day.isoformat(), format_progress(progress)) if p)


def add_evaluation(
    uow: UnitOfWork,
    objective_id: int,
    data: EvaluationInput,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> tuple[ObjectiveDTO, Changes]:
    """A dated assessment: a progress level (0–100 %) and/or a comment."""
    session = uow.session
    at = _now(now)
    row = _objective_row(session, objective_id)
    _validated_evaluation(data, today=_today(today))
    row.evaluations.append(
        Evaluation(
            evaluation_date=data.evaluation_date,
            progress_percent=data.progress_percent,
            comment=clean_text(data.comment) or None,
        )
    )
    _record(
        row,
        "evaluation_added",
        None,
        _evaluation_text(data.evaluation_date, data.progress_percent),
        at=at,
    )
    return _result(session, row)


def update_evaluation(
    uow: UnitOfWork,
    evaluation_id: int,
    data: EvaluationInput,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> tuple[ObjectiveDTO, Changes]:
    session = uow.session
    evaluation = _evaluation_row(session, evaluation_id)
    _validated_evaluation(data, today=_today(today))
    row = _objective_row(session, evaluation.objective_id)
    before = _evaluation_text(evaluation.evaluation_date, evaluation.progress_percent)
    after = _evaluation_text(data.evaluation_date, data.progress_percent)
    comment = clean_text(data.comment) or None
    if before != after or comment != evaluation.comment:
        _record(row, "evaluation_changed", before, after, at=_now(now))
    evaluation.evaluation_date = data.evaluation_date
    evaluation.progress_percent = data.progress_percent
    evaluation.comment = comment
    return _result(session, row)


def delete_evaluation(
    uow: UnitOfWork, evaluation_id: int, *, now: datetime | None = None
) -> tuple[ObjectiveDTO, Changes]:
    session = uow.session
    evaluation = _evaluation_row(session, evaluation_id)
    row = _objective_row(session, evaluation.objective_id)
    _record(
        row,
        "evaluation_removed",
        _evaluation_text(evaluation.evaluation_date, evaluation.progress_percent),
        None,
        at=_now(now),
    )
    row.evaluations.remove(evaluation)
    return _result(session, row)


def objectives_of(
    uow: UnitOfWork, client_id: int, ids: Sequence[int] | None = None
) -> list[ObjectiveDTO]:
    """The client's objectives (all, or those of ``ids``), by position — for documents."""
    plan = get_plan(uow, client_id)
    if ids is None:
        return list(plan.objectives)
    wanted = set(ids)
    return [o for o in plan.objectives if o.id in wanted]
