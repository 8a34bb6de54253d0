"""Accompaniment plan: objectives, actions, evaluations and the history of changes —
on real encrypted vaults, with a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from socialdesk.domain.clients import ClientNotFound
from socialdesk.domain.enums import ObjectiveStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.plans import (
    ActionInput,
    EvaluationInput,
    ObjectiveInput,
    ObjectiveNotFound,
    evaluation_due,
)
from socialdesk.services.clients import save_social_issue_type
from socialdesk.services.plans import (
    add_action,
    add_evaluation,
    create_objective,
    delete_action,
    delete_evaluation,
    delete_objective,
    get_objective,
    get_plan,
    move_objective,
    set_action_done,
    set_objective_status,
    update_action,
    update_evaluation,
    update_objective,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Evaluation, Objective, ObjectiveAction, ObjectiveEvent
from tests.services.accomp_fixtures import new_client, row_count

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def client_id(vault: Vault) -> int:
    with vault.uow() as uow:
        save_social_issue_type(uow, "housing", "Logement", True)
        save_social_issue_type(uow, "debt", "Dettes et budget", True)
    return new_client(vault, "Dubois", "Anaïs")


def housing(**changes: object) -> ObjectiveInput:
    base = ObjectiveInput(
        title="Accéder à un logement adapté",
        description="Dossier de demande de logement social",
        social_issue_code="housing",
        target_date=date(2026, 9, 30),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_plan_with_two_objectives_and_an_evaluation(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        first, changes = create_objective(uow, client_id, housing(), now=NOW)
        second, _ = create_objective(
            uow, client_id, ObjectiveInput("Résorber les dettes", social_issue_code="debt"), now=NOW
        )
        add_action(uow, first.id, ActionInput("Déposer la demande", date(2026, 3, 31)), now=NOW)
        evaluated, _ = add_evaluation(
            uow, first.id, EvaluationInput(TODAY, 25, "Dossier en cours"), today=TODAY, now=NOW
        )
    assert changes.plans
    assert evaluated.progress_percent == 25
    with vault.uow() as uow:
        plan = get_plan(uow, client_id)
    assert plan.client_name == "DUBOIS Anaïs"
    assert [o.title for o in plan.objectives] == [
        "Accéder à un logement adapté",
        "Résorber les dettes",
    ]
    assert plan.open_count == 2
    objective = plan.objectives[0]
    assert objective.social_issue_label == "Logement"
    assert [a.text for a in objective.actions] == ["Déposer la demande"]
    assert [(e.evaluation_date, e.progress_percent, e.comment) for e in objective.evaluations] == [
        (TODAY, 25, "Dossier en cours")
    ]
    assert [h.field for h in objective.history] == ["created", "action_added", "evaluation_added"]
    assert objective.history[2].new == "2026-03-10 25 %"
    assert plan.objectives[1].position == 1 and second.social_issue_code == "debt"


def test_objective_history_records_each_changed_field(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        objective, _ = create_objective(uow, client_id, housing(), now=NOW)
    later = NOW + timedelta(days=3)
    with vault.uow() as uow:
        changed, _ = update_objective(
            uow, objective.id,
            housing(title="Obtenir un logement social", social_issue_code="debt",
                    target_date=date(2026, 12, 31)),
            now=later,
        )  # fmt: skip
        # saving the same values again adds nothing
        same, _ = update_objective(uow, objective.id, changed.to_input(), now=later)
    events = [(h.field, h.old, h.new, h.at) for h in same.history]
    assert events == [
        ("created", "", "Accéder à un logement adapté", NOW),
        ("title", "Accéder à un logement adapté", "Obtenir un logement social", later),
        ("social_issue", "Logement", "Dettes et budget", later),
        ("target_date", "2026-09-30", "2026-12-31", later),
    ]


def test_objective_status_closes_and_reopens(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        objective, _ = create_objective(uow, client_id, housing(), now=NOW)
        achieved, _ = set_objective_status(
            uow, objective.id, ObjectiveStatus.ACHIEVED, today=TODAY, now=NOW
        )
    assert (achieved.status, achieved.closed_date, achieved.is_open) == (
        ObjectiveStatus.ACHIEVED, TODAY, False
    )  # fmt: skip
    assert achieved.history[-1].field == "status"
    assert (achieved.history[-1].old, achieved.history[-1].new) == ("open", "achieved")
    with vault.uow() as uow:
        reopened, _ = set_objective_status(uow, objective.id, ObjectiveStatus.OPEN, now=NOW)
        assert get_plan(uow, client_id).achieved_count == 0
    assert reopened.closed_date is None


def test_objective_actions_done_changed_removed(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        objective, _ = create_objective(uow, client_id, housing(), now=NOW)
        objective, _ = add_action(uow, objective.id, ActionInput("Réunir les pièces"), now=NOW)
        objective, _ = add_action(uow, objective.id, ActionInput("Déposer le dossier"), now=NOW)
        first, second = objective.actions
        objective, _ = set_action_done(uow, first.id, True, now=NOW)
        assert objective.actions[0].is_done and objective.actions[0].done_at == NOW
        objective, _ = update_action(
            uow, second.id, ActionInput("Déposer le dossier en mairie", date(2026, 4, 2)), now=NOW
        )
        objective, _ = delete_action(uow, first.id, now=NOW)
    assert [a.text for a in objective.actions] == ["Déposer le dossier en mairie"]
    assert [h.field for h in objective.history][-3:] == [
        "action_done", "action_changed", "action_removed"
    ]  # fmt: skip
    assert objective.history[-2].new == "Déposer le dossier en mairie (2026-04-02)"
    assert row_count(vault, ObjectiveAction) == 1


def test_objective_evaluations_changed_and_removed(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        objective, _ = create_objective(uow, client_id, housing(), now=NOW)
        objective, _ = add_evaluation(uow, objective.id, EvaluationInput(date(2026, 3, 1), 50),
                                      today=TODAY, now=NOW)  # fmt: skip
        objective, _ = add_evaluation(uow, objective.id, EvaluationInput(date(2026, 2, 1), 25),
                                      today=TODAY, now=NOW)  # fmt: skip
        # oldest first, whatever the order of entry
        assert [e.progress_percent for e in objective.evaluations] == [25, 50]
        assert objective.progress_percent == 50
        objective, _ = update_evaluation(
            uow,
            objective.evaluations[1].id,
            EvaluationInput(date(2026, 3, 1), 75, "Bien"),
            today=TODAY,
            now=NOW,
        )
        assert objective.last_evaluation is not None
        assert objective.last_evaluation.comment == "Bien"
        objective, _ = delete_evaluation(uow, objective.evaluations[0].id, now=NOW)
    assert [e.progress_percent for e in objective.evaluations] == [75]
    assert objective.history[-1].field == "evaluation_removed"
    assert row_count(vault, Evaluation) == 1


def test_objective_bad_input_gives_field_errors_and_writes_nothing(
    vault: Vault, client_id: int
) -> None:
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_objective(
            uow, client_id,
            ObjectiveInput("  ", social_issue_code="astrology", target_date=date(1850, 1, 1)),
            now=NOW,
        )  # fmt: skip
    assert set(caught.value.errors) == {"title", "social_issue_code", "target_date"}
    assert row_count(vault, Objective) == 0
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        create_objective(uow, 999, housing(), now=NOW)
    with vault.uow() as uow:
        objective, _ = create_objective(uow, client_id, housing(), now=NOW)
    bad_evaluations = [
        (EvaluationInput(TODAY + timedelta(days=1), 10), {"evaluation_date"}),
        (EvaluationInput(TODAY, 120), {"progress_percent"}),
        (EvaluationInput(TODAY, None, "  "), {"comment"}),
    ]
    for data, fields in bad_evaluations:
        with pytest.raises(ValidationError) as caught, vault.uow() as uow:
            add_evaluation(uow, objective.id, data, today=TODAY, now=NOW)
        assert set(caught.value.errors) == fields
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        add_action(uow, objective.id, ActionInput(""), now=NOW)
    assert set(caught.value.errors) == {"text"}
    assert row_count(vault, Evaluation) == 0
    assert row_count(vault, ObjectiveAction) == 0
    assert row_count(vault, ObjectiveEvent) == 1  # "created" only


def test_objective_moved_and_deleted(vault: Vault, client_id: int) -> None:
    with vault.uow() as uow:
        ids = [create_objective(uow, client_id, housing(title=t), now=NOW)[0].id
               for t in ("A", "B", "C")]  # fmt: skip
        plan, _ = move_objective(uow, ids[2], 0)
    assert [o.title for o in plan.objectives] == ["C", "A", "B"]
    assert [o.position for o in plan.objectives] == [0, 1, 2]
    with vault.uow() as uow:
        assert delete_objective(uow, ids[0])[0] == client_id
    with pytest.raises(ObjectiveNotFound), vault.uow() as uow:
        get_objective(uow, ids[0])
    assert row_count(vault, ObjectiveEvent) == 2


def test_objective_due_for_evaluation_with_a_fixed_today() -> None:
    created = date(2026, 1, 1)

    def due(**kw: object) -> bool:
        values: dict[str, object] = {
            "status": ObjectiveStatus.OPEN, "target_date": None, "last_evaluation": None,
            "created_on": created, "today": TODAY,
        }  # fmt: skip
        values.update(kw)
        return evaluation_due(**values)  # type: ignore[arg-type]

    assert not due()  # created 68 days ago, never evaluated
    assert due(today=created + timedelta(days=90))
    assert due(target_date=TODAY)
    assert not due(target_date=TODAY + timedelta(days=1))
    assert not due(last_evaluation=date(2025, 12, 20), today=date(2026, 3, 19))
    assert due(last_evaluation=date(2025, 12, 20), today=date(2026, 3, 20))
    assert not due(status=ObjectiveStatus.ACHIEVED, target_date=TODAY)
