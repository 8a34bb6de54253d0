"""Step 5: accompaniment plans (objectives, their actions and dated evaluations),
démarches with their checklists, deadlines and outcomes, and tasks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from socialdesk.services.demo import catalogue as cat
from socialdesk.services.demo import phrases as ph
from socialdesk.services.demo.context import DAY_START, at_local, french_money, table_of, weighted
from socialdesk.services.demo.facts import ClientFacts, DemoState
from socialdesk.storage.orm import (
    Demarche,
    DemarcheDocument,
    Evaluation,
    Objective,
    ObjectiveAction,
    Task,
)

D = timedelta
OBJECTIVE_STATUS = {
    "closed": (("achieved", 50), ("partial", 30), ("abandoned", 20)),
    "paused": (("open", 60), ("partial", 20), ("abandoned", 20)),
    "active": (("open", 60), ("achieved", 20), ("partial", 12), ("abandoned", 8)),
}
FINAL_PROGRESS = {
    "achieved": (100, 100),
    "partial": (40, 80),
    "abandoned": (0, 30),
    "open": (0, 75),
}


class Plans:
    def __init__(self, state: DemoState) -> None:
        self.state = state
        self.rng = state.rng
        self.rows: dict[str, list[dict[str, Any]]] = {
            t.name: []
            for t in (
                table_of(Objective), table_of(ObjectiveAction), table_of(Evaluation),
                table_of(Demarche), table_of(DemarcheDocument), table_of(Task),
            )
        }  # fmt: skip

    def _stamp(self, day: date) -> Any:
        return at_local(day, DAY_START + 15 * self.rng.randrange(36))

    def _row(self, table: Any, day: date, **values: Any) -> dict[str, Any]:
        stamp = self._stamp(day)
        row = {"id": self.state.ids.take(table), **values, "created_at": stamp, "updated_at": stamp}
        self.rows[table.name].append(row)
        return row

    # ---- objectives -------------------------------------------------------------------
    def objectives(self, c: ClientFacts) -> None:
        rng, cal = self.rng, self.state.cal
        if not c.active_from:
            return
        start = max(c.active_from, cal.start - D(60))
        end = min(c.span_end(cal.today), cal.today - D(1))
        count = min(len(c.issues), weighted(rng, ((1, 40), (2, 40), (3, 20))))
        for position, issue in enumerate(c.issues[:count]):
            created = min(start + D(days=rng.randrange(0, 20)), end)
            status = weighted(rng, OBJECTIVE_STATUS[c.status if c.status != "intake" else "active"])
            closed = None
            if status != "open":
                closed = min(end, created + D(days=rng.randrange(45, 300)))
                closed = max(closed, created)
            bank = ph.ISSUES[issue]
            objective = self._row(
                table_of(Objective),
                created,
                client_id=c.id,
                title=rng.choice(bank.objectives),
                description=None,
                social_issue_type_id=self.state.issue_ids[issue],
                target_date=created + D(days=rng.randrange(90, 271)),
                status=status,
                closed_date=closed,
                position=position,
            )
            for step_position, step in enumerate(
                rng.sample(bank.steps, min(len(bank.steps), rng.randrange(1, 4)))
            ):
                due = created + D(days=rng.randrange(15, 91))
                done = None
                if due < cal.today and (status != "open" or rng.random() < 0.6):
                    done = self._stamp(min(due, cal.today - D(1)))
                self._row(
                    table_of(ObjectiveAction), created, objective_id=objective["id"], text=step,
                    due_date=due, done_at=done, position=step_position,
                )  # fmt: skip
            self._evaluations(objective["id"], status, created, closed or end)

    def _evaluations(self, objective_id: int, status: str, first: date, last: date) -> None:
        rng = self.rng
        span = (last - first).days
        if span < 20:
            return
        count = weighted(rng, ((0, 15), (1, 35), (2, 35), (3, 15)))
        low, high = FINAL_PROGRESS[status]
        final = rng.randrange(low, high + 1) // 5 * 5
        for i in range(1, count + 1):
            day = first + D(days=span * i // count)
            progress = final if i == count else final * i // count // 5 * 5
            comment = next(
                text for limit, text in reversed(ph.EVALUATION_COMMENTS) if progress >= limit
            )
            self._row(
                table_of(Evaluation), day, objective_id=objective_id, evaluation_date=day,
                progress_percent=progress, comment=comment,
            )  # fmt: skip

    # ---- démarches ----------------------------------------------------------------------
    def demarches(self, c: ClientFacts) -> None:
        rng, cal, state = self.rng, self.state.cal, self.state
        kinds = [k for k in cat.DEMARCHE_KINDS if k.country in (None, c.country)]
        preferred = [k for k in kinds if k.issue in c.issues] or kinds
        if c.active_from:
            count = weighted(rng, ((0, 10), (1, 30), (2, 30), (3, 20), (4, 10)))
        else:
            count = 1 if rng.random() < 0.5 else 0
        chosen = rng.sample(preferred, min(count, len(preferred)))
        first = max(c.active_from or c.intake, cal.start)
        last = min(c.span_end(cal.today), cal.today - D(1))
        for kind in chosen:
            start = cal.pick(rng, first, last) or first
            age = (cal.today - start).days
            if c.status in ("closed", "paused") or age >= 120:
                status = weighted(
                    rng,
                    (("granted", 60), ("refused", 18), ("appeal", 8), ("awaiting_answer", 8),
                     ("to_prepare", 3), ("submitted", 3)),
                )  # fmt: skip
            elif age >= 30:
                status = weighted(
                    rng,
                    (("submitted", 15), ("awaiting_answer", 35), ("granted", 30), ("refused", 10),
                     ("appeal", 10)),
                )  # fmt: skip
            else:
                status = weighted(
                    rng, (("to_prepare", 40), ("submitted", 35), ("awaiting_answer", 25))
                )
            submitted = decision = None
            outcome = None
            benefit = None
            if status != "to_prepare":
                submitted = min(cal.today - D(1), start + D(days=rng.randrange(0, 15)))
            if status in ("granted", "refused", "appeal") and submitted:
                decision = min(cal.today - D(1), submitted + D(days=rng.randrange(20, 91)))
                if status == "granted":
                    if kind.benefit_cents:
                        benefit = rng.randrange(*kind.benefit_cents) // 100 * 100 + rng.choice(
                            (0, 50)
                        )
                        outcome = f"Droit ouvert : {french_money(benefit)} par mois"
                    else:
                        outcome = "Accord notifié"
                elif status == "refused":
                    outcome = rng.choice(ph.DEMARCHE_REFUSALS)
                else:
                    outcome = f"Refus contesté : recours déposé le {decision:%d/%m/%Y}"
            open_status = status in ("to_prepare", "submitted", "awaiting_answer", "appeal")
            next_day = next_action = None
            if open_status and c.status in ("active", "intake"):
                next_day = cal.today + D(days=rng.randrange(-10, 31))
                next_action = rng.choice(ph.DEMARCHE_NEXT_ACTIONS)
            deadline = None
            if status == "to_prepare":
                deadline = start + D(days=rng.randrange(30, 61))
            elif status == "appeal" and decision:
                deadline = decision + D(days=60)  # two months to contest a decision
            elif status in ("submitted", "awaiting_answer") and submitted:
                deadline = submitted + D(days=60)  # the answer is due within two months
            org = state.orgs.get(kind.org) if kind.org else None
            row = self._row(
                table_of(Demarche),
                start,
                client_id=c.id,
                kind_id=state.demarche_kind_ids[kind.code],
                organization_id=org.id if org else None,
                reference=f"{rng.randrange(1_000_000, 9_999_999)}" if submitted else None,
                status=status,
                submitted_date=submitted,
                next_action_date=next_day,
                next_action=next_action,
                deadline=deadline,
                decision_date=decision,
                outcome=outcome,
                benefit_monthly_cents=benefit,
                notes=None,
            )
            for position, label in enumerate(kind.documents):
                received = rng.random() < (0.4 if status == "to_prepare" else 0.92)
                self._row(
                    table_of(DemarcheDocument), start, demarche_id=row["id"], label=label,
                    received=received, received_date=min(start + D(days=rng.randrange(0, 10)), cal.today - D(1)) if received else None,
                    position=position,
                )  # fmt: skip
            if next_day and rng.random() < 0.6:
                who = org.name if org else "l'administration"
                self._task(c.id, row["id"], f"Relancer {who} — {kind.label}", start, next_day)

    # ---- tasks ---------------------------------------------------------------------------
    def _task(
        self, client_id: int | None, demarche_id: int | None, title: str, created: date, due: date
    ) -> None:
        rng, today = self.rng, self.state.cal.today
        created = min(created, today - D(1))  # tasks planned ahead were written earlier
        status = "open"
        if due < today:
            status = weighted(rng, (("done", 70), ("cancelled", 10), ("open", 20)))
        done = self._stamp(min(due, today - D(1))) if status == "done" else None
        row = self._row(
            table_of(Task), min(created, due), client_id=client_id, demarche_id=demarche_id,
            title=title, notes=None, due_date=due, status=status, done_at=done,
        )  # fmt: skip
        if done is not None:
            row["updated_at"] = max(row["created_at"], done)

    def client_tasks(self, c: ClientFacts) -> None:
        rng, cal = self.rng, self.state.cal
        first = max(c.intake, cal.start)
        last = c.span_end(cal.today + D(30))
        for _ in range(weighted(rng, ((0, 45), (1, 40), (2, 15)))):
            due = cal.pick(rng, first, last) or first
            self._task(
                c.id, None, rng.choice(ph.CLIENT_TASKS), due - D(days=rng.randrange(3, 15)), due
            )

    def practitioner_tasks(self) -> None:
        rng, cal = self.rng, self.state.cal
        for i in range(8 + self.state.sizes.clients // 250):
            due = cal.pick(rng, cal.today - D(120), cal.today + D(45)) or cal.today
            title = ph.PRACTITIONER_TASKS[i % len(ph.PRACTITIONER_TASKS)]
            self._task(None, None, title, due - D(days=rng.randrange(5, 30)), due)

    def insert(self) -> None:
        for model in (Objective, ObjectiveAction, Evaluation, Demarche, DemarcheDocument, Task):
            table = table_of(model)
            self.state.out.insert(table, self.rows[table.name])


def write_plans(state: DemoState) -> None:
    plans = Plans(state)
    for client in state.clients:
        plans.objectives(client)
        plans.demarches(client)
        plans.client_tasks(client)
    plans.practitioner_tasks()
    plans.insert()
