"""The demo vault has what the accompaniment screens show: plans with evaluations,
démarches in every status, partners by domain with referrals, tasks — and a Today page
with something in every section a working day fills."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from socialdesk.domain.enums import DemarcheStatus, ReferralOutcome, TaskStatus
from socialdesk.domain.today import TodaySectionKey
from socialdesk.services.demo import generate_demo
from socialdesk.services.partners import get_organization, list_organizations
from socialdesk.services.plans import get_plan
from socialdesk.services.today import today_overview
from socialdesk.services.vault import Vault, create_vault
from socialdesk.storage.orm import Demarche, Evaluation, Objective, Referral, Task
from tests.conftest import CHEAP_KDF, PASSPHRASE

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("demo-accomp") / "demo.sdvault"
    vault, _recovery = create_vault(path, PASSPHRASE, kdf_params=CHEAP_KDF, seed_defaults=False)
    generate_demo(vault, size="small", seed=7, today=TODAY)
    yield vault
    vault.lock()


def test_demo_demarches_in_every_status(demo: Vault) -> None:
    with demo.uow() as uow:
        statuses = set(uow.session.scalars(select(Demarche.status).distinct()))
    assert statuses == set(DemarcheStatus)


def test_demo_plans_have_objectives_with_evaluations(demo: Vault) -> None:
    with demo.uow() as uow:
        client_id = uow.session.scalar(
            select(Objective.client_id)
            .join(Evaluation, Evaluation.objective_id == Objective.id)
            .limit(1)
        )
        assert client_id is not None
        plan = get_plan(uow, client_id)
    assert plan.objectives and any(o.evaluations for o in plan.objectives)


def test_demo_partners_by_domain_with_referrals(demo: Vault) -> None:
    with demo.uow() as uow:
        food = list_organizations(uow, domain="food")
        housing = list_organizations(uow, domain="housing")
        assert food and housing
        busiest = max(list_organizations(uow, partners_only=True), key=lambda r: r.referral_count)
        assert busiest.referral_count > 0
        assert get_organization(uow, busiest.id).referrals
        outcomes = set(uow.session.scalars(select(Referral.outcome).distinct()))
    assert ReferralOutcome.TAKEN_UP in outcomes and ReferralOutcome.PENDING in outcomes


def test_demo_tasks_open_and_done(demo: Vault) -> None:
    with demo.uow() as uow:
        by_status = dict(
            uow.session.execute(select(Task.status, func.count()).group_by(Task.status)).all()
        )
    assert by_status.get(TaskStatus.OPEN, 0) > 0 and by_status.get(TaskStatus.DONE, 0) > 0


def test_demo_today_page_has_work_in_it(demo: Vault) -> None:
    with demo.uow() as uow:
        page = today_overview(uow, TODAY, datetime(2026, 11, 23, 8, tzinfo=UTC))
    for key in (
        TodaySectionKey.APPOINTMENTS_TODAY,
        TodaySectionKey.DEMARCHES_DUE,
        TodaySectionKey.OBJECTIVES_TO_EVALUATE,
        TodaySectionKey.TASKS_DUE,
        TodaySectionKey.UNBILLED_SESSIONS,
    ):
        assert page.section(key).total > 0, key
