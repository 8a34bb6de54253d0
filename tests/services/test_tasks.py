"""Tasks: a client's to-dos, the practitioner's own, due logic with a fixed today, and
validation — on real encrypted vaults."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from socialdesk.domain.enums import TaskStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.tasks import TaskInput, TaskNotFound
from socialdesk.services.tasks import (
    create_task,
    delete_task,
    get_task,
    list_client_tasks,
    list_due_tasks,
    list_open_tasks,
    set_task_status,
    update_task,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import Demarche, DemarcheKind, Task
from tests.services.accomp_fixtures import new_client, row_count

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def new_demarche(vault: Vault, client_id: int) -> int:
    with vault.uow() as uow:
        kind = DemarcheKind(code="fr_rsa", label="RSA", country="FR")
        uow.session.add(kind)
        uow.session.flush()
        row = Demarche(client_id=client_id, kind_id=kind.id)
        uow.session.add(row)
        uow.session.flush()
        return row.id


def test_task_created_for_a_client_and_listed(vault: Vault) -> None:
    client_id = new_client(vault, "Petit", "Noé")
    with vault.uow() as uow:
        task, changes = create_task(
            uow,
            TaskInput("Rappeler  la\tCAF", client_id=client_id, due_date=date(2026, 3, 12)),
            today=TODAY,
        )
    assert changes.plans
    assert task.title == "Rappeler la CAF"
    assert task.client_name == "PETIT Noé"
    with vault.uow() as uow:
        assert [t.id for t in list_client_tasks(uow, client_id)] == [task.id]
        assert get_task(uow, task.id).to_input().due_date == date(2026, 3, 12)


def test_task_due_logic_with_a_fixed_today(vault: Vault) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        ids = {
            day: create_task(uow, TaskInput(f"T{day}", client_id=client_id,
                                            due_date=date(2026, 3, day)), today=TODAY)[0].id
            for day in (8, 10, 11, 20)
        }  # fmt: skip
        undated, _ = create_task(uow, TaskInput("Sans date"), today=TODAY)
    with vault.uow() as uow:
        due = list_due_tasks(uow, TODAY)
        assert [t.id for t in due] == [ids[8], ids[10]]
        assert due[0].is_overdue(TODAY) and not due[1].is_overdue(TODAY)
        assert due[1].is_due(TODAY)
        assert [t.id for t in list_due_tasks(uow, TODAY, horizon_days=1)] == [
            ids[8], ids[10], ids[11]
        ]  # fmt: skip
        assert list_open_tasks(uow)[-1].id == undated.id  # undated last
    with vault.uow() as uow:
        done, _ = set_task_status(uow, ids[8], TaskStatus.DONE, now=NOW)
    assert done.done_at == NOW and not done.is_due(TODAY)
    with vault.uow() as uow:
        assert [t.id for t in list_due_tasks(uow, TODAY)] == [ids[10]]
        assert len(list_client_tasks(uow, client_id)) == 3
        assert len(list_client_tasks(uow, client_id, include_closed=True)) == 4
        reopened, _ = set_task_status(uow, ids[8], TaskStatus.OPEN, now=NOW)
    assert reopened.done_at is None


def test_task_on_a_demarche_takes_its_client(vault: Vault) -> None:
    client_id = new_client(vault)
    other = new_client(vault, "Autre")
    demarche_id = new_demarche(vault, client_id)
    with vault.uow() as uow:
        task, _ = create_task(uow, TaskInput("Relancer", demarche_id=demarche_id), today=TODAY)
    assert (task.client_id, task.demarche_label) == (client_id, "RSA")
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_task(uow, TaskInput("X", client_id=other, demarche_id=demarche_id), today=TODAY)
    assert set(caught.value.errors) == {"demarche_id"}


def test_task_bad_input_writes_nothing(vault: Vault) -> None:
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        create_task(
            uow,
            TaskInput(" ", client_id=999, demarche_id=998, due_date=date(1800, 1, 1)),
            today=TODAY,
        )
    assert set(caught.value.errors) == {"title", "client_id", "demarche_id", "due_date"}
    with pytest.raises(ValidationError), vault.uow() as uow:
        create_task(uow, TaskInput("x" * 301), today=TODAY)
    assert row_count(vault, Task) == 0


def test_task_updated_and_deleted(vault: Vault) -> None:
    with vault.uow() as uow:
        task, _ = create_task(uow, TaskInput("Écrire au bailleur"), today=TODAY)
        changed, _ = update_task(uow, task.id, TaskInput("Écrire au bailleur", notes="LRAR"),
                                 today=TODAY)  # fmt: skip
    assert changed.notes == "LRAR" and changed.client_id is None
    with vault.uow() as uow:
        assert delete_task(uow, task.id)[0] is None
    with pytest.raises(TaskNotFound), vault.uow() as uow:
        get_task(uow, task.id)
