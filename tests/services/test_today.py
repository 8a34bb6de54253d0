"""The Today page: every section from a real encrypted vault, with a fixed today/now
(fake clock) — what is listed, what is not yet, what is no longer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from socialdesk.domain.demarches import DemarcheInput
from socialdesk.domain.enums import (
    AuditAction,
    ClientStatus,
    DemarcheStatus,
    InvoiceStatus,
    ObjectiveStatus,
)
from socialdesk.domain.plans import EvaluationInput, ObjectiveInput
from socialdesk.domain.tasks import TaskInput
from socialdesk.domain.today import (
    TodayReason,
    TodaySectionKey,
    TodayTarget,
    backup_status,
    package_reason,
)
from socialdesk.services.audit import record_event
from socialdesk.services.demarches import (
    create_demarche,
    ensure_default_demarche_kinds,
    list_demarche_kinds,
    set_demarche_status,
)
from socialdesk.services.plans import add_evaluation, create_objective, set_objective_status
from socialdesk.services.tasks import create_task
from socialdesk.services.today import today_overview
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    BillableItem,
    CaseNote,
    ClientPackage,
    Invoice,
    InvoiceSeries,
    PackageConsumption,
    Service,
)
from tests.services.accomp_fixtures import new_client

TODAY = date(2026, 3, 10)  # a Tuesday; Paris is UTC+1
NOW = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
D = timedelta


def overview(vault: Vault, today: date = TODAY, now: datetime = NOW, limit: int = 50):  # type: ignore[no-untyped-def]
    with vault.uow() as uow:
        return today_overview(uow, today, now, limit=limit)


def add_appointment(vault: Vault, start: datetime, client_ids: list[int], **kw: object) -> int:
    with vault.uow() as uow:
        row = Appointment(starts_at=start, ends_at=start + D(hours=1), **kw)
        row.participants = [AppointmentParticipant(client_id=c) for c in client_ids]
        uow.session.add(row)
        uow.session.flush()
        return row.id


def add_service(vault: Vault) -> int:
    with vault.uow() as uow:
        service = Service(code="entretien", name="Entretien individuel", unit="hour",
                          unit_price_cents=6000)  # fmt: skip
        uow.session.add(service)
        uow.session.flush()
        return service.id


def test_today_on_an_empty_vault_is_quiet_but_asks_for_a_backup(vault: Vault) -> None:
    page = overview(vault)
    assert [s.key for s in page.sections] == list(TodaySectionKey)
    assert all(s.total == 0 for s in page.sections if s.key != TodaySectionKey.BACKUP)
    assert page.backup.last_backup_at is None and page.backup.overdue
    assert page.section(TodaySectionKey.BACKUP).items[0].reason == TodayReason.NO_BACKUP
    assert not page.is_quiet


def test_today_appointments_of_today_and_tomorrow_in_local_days(vault: Vault) -> None:
    alice = new_client(vault, "Martin", "Alice")
    bob = new_client(vault, "Petit", "Bob")
    late_today = add_appointment(vault, datetime(2026, 3, 10, 22, 30, tzinfo=UTC), [alice])
    # 23:30 UTC on the 9th is 00:30 on the 10th in Paris
    early_today = add_appointment(vault, datetime(2026, 3, 9, 23, 30, tzinfo=UTC), [alice])
    group = add_appointment(vault, datetime(2026, 3, 11, 9, 0, tzinfo=UTC), [alice, bob],
                            title="Atelier budget", is_group=True)  # fmt: skip
    add_appointment(vault, datetime(2026, 3, 11, 10, 0, tzinfo=UTC), [bob], status="cancelled")
    add_appointment(vault, datetime(2026, 3, 12, 9, 0, tzinfo=UTC), [bob])  # the day after
    page = overview(vault)
    todays = page.section(TodaySectionKey.APPOINTMENTS_TODAY).items
    assert [i.object_id for i in todays] == [early_today, late_today]
    assert (todays[0].client_id, todays[0].client_name) == (alice, "MARTIN Alice")
    assert todays[0].target == TodayTarget.APPOINTMENT and todays[0].title == "Office interview"
    tomorrow = page.section(TodaySectionKey.APPOINTMENTS_TOMORROW).items
    assert [i.object_id for i in tomorrow] == [group]
    assert tomorrow[0].client_id is None and tomorrow[0].title == "Atelier budget"
    assert tomorrow[0].detail == "MARTIN Alice, PETIT Bob"


def test_today_demarche_with_a_deadline_appears_when_due(vault: Vault) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        ensure_default_demarche_kinds(uow)
        kind = next(k for k in list_demarche_kinds(uow) if k.code == "fr_apl")
        demarche, _ = create_demarche(
            uow, DemarcheInput(client_id, kind.id, deadline=date(2026, 3, 20)), today=TODAY
        )
    # ten days before the deadline: not yet
    assert overview(vault).section(TodaySectionKey.DEMARCHES_DUE).total == 0
    # seven days before: due
    section = overview(vault, today=date(2026, 3, 13)).section(TodaySectionKey.DEMARCHES_DUE)
    (item,) = section.items
    assert (item.target, item.object_id, item.client_id) == (
        TodayTarget.DEMARCHE, demarche.id, client_id
    )  # fmt: skip
    assert (item.reason, item.day, item.overdue) == (TodayReason.DEADLINE, date(2026, 3, 20), False)
    assert item.title == "Aide personnalisée au logement (APL)" and item.category == "fr_apl"
    # the day after the deadline: overdue
    late = overview(vault, today=date(2026, 3, 21)).section(TodaySectionKey.DEMARCHES_DUE)
    assert late.items[0].overdue
    # decided: gone
    with vault.uow() as uow:
        set_demarche_status(uow, demarche.id, DemarcheStatus.GRANTED, today=date(2026, 3, 21))
    assert (
        overview(vault, today=date(2026, 3, 21)).section(TodaySectionKey.DEMARCHES_DUE).total == 0
    )


def test_today_objectives_due_for_evaluation(vault: Vault) -> None:
    client_id = new_client(vault)
    paused = new_client(vault, "Pause", status=ClientStatus.PAUSED)
    created = datetime(2025, 12, 1, 10, tzinfo=UTC)
    with vault.uow() as uow:
        target, _ = create_objective(uow, client_id, ObjectiveInput("Cible atteinte",
                                     target_date=TODAY), now=created)  # fmt: skip
        old, _ = create_objective(uow, client_id, ObjectiveInput("Jamais évalué"), now=created)
        evaluated, _ = create_objective(uow, client_id, ObjectiveInput("Évalué"), now=created)
        add_evaluation(uow, evaluated.id, EvaluationInput(date(2026, 2, 1), 50), today=TODAY)
        done, _ = create_objective(uow, client_id, ObjectiveInput("Fini", target_date=TODAY),
                                   now=created)  # fmt: skip
        set_objective_status(uow, done.id, ObjectiveStatus.ACHIEVED, today=TODAY)
        create_objective(uow, paused, ObjectiveInput("Dossier en pause", target_date=TODAY),
                         now=created)  # fmt: skip
    section = overview(vault).section(TodaySectionKey.OBJECTIVES_TO_EVALUATE)
    assert [i.object_id for i in section.items] == [old.id, target.id]
    never, reached = section.items
    # created 1 December: 90 days later is 1 March
    assert (never.reason, never.day, never.overdue) == (
        TodayReason.NOT_EVALUATED, date(2026, 3, 1), True
    )  # fmt: skip
    assert (reached.reason, reached.day) == (TodayReason.TARGET_PASSED, TODAY)
    # the evaluated one comes due 90 days after its evaluation
    later = overview(vault, today=date(2026, 5, 2)).section(TodaySectionKey.OBJECTIVES_TO_EVALUATE)
    assert evaluated.id in [i.object_id for i in later.items]


def test_today_unsigned_notes_and_tasks_due(vault: Vault) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        uow.session.add_all([
            CaseNote(client_id=client_id, note_date=TODAY - D(3), title="Brouillon", is_draft=True),
            CaseNote(client_id=client_id, note_date=TODAY, title="À signer", body="Texte"),
            CaseNote(client_id=client_id, note_date=TODAY + D(2), title="Futur", body="x"),
            CaseNote(client_id=client_id, note_date=TODAY - D(9), title="Signée", body="x",
                     signed_at=NOW, signed_by="F. L.", current_revision=1),
        ])  # fmt: skip
        overdue_task, _ = create_task(uow, TaskInput("Rappeler", client_id=client_id,
                                                     due_date=TODAY - D(1)), today=TODAY)  # fmt: skip
        own_task, _ = create_task(uow, TaskInput("Déclaration URSSAF", due_date=TODAY), today=TODAY)
        create_task(uow, TaskInput("Plus tard", due_date=TODAY + D(1)), today=TODAY)
    page = overview(vault)
    notes = page.section(TodaySectionKey.UNSIGNED_NOTES)
    assert [(i.title, i.reason) for i in notes.items] == [
        ("Brouillon", TodayReason.DRAFT), ("À signer", TodayReason.NOT_SIGNED)
    ]  # fmt: skip
    assert notes.items[0].target == TodayTarget.NOTE and notes.items[0].client_id == client_id
    tasks = page.section(TodaySectionKey.TASKS_DUE)
    assert [(i.object_id, i.overdue) for i in tasks.items] == [
        (overdue_task.id, True), (own_task.id, False)
    ]  # fmt: skip
    assert tasks.items[1].client_id is None


def test_today_unbilled_sessions_overdue_invoices_and_packages(vault: Vault) -> None:
    client_id = new_client(vault, "Roux", "Léa")
    service_id = add_service(vault)
    with vault.uow() as uow:
        s = uow.session
        s.add_all([
            BillableItem(client_id=client_id, service_id=service_id, item_date=TODAY - D(5),
                         quantity_milli=1500, unit_price_cents=6000),
            BillableItem(client_id=client_id, service_id=service_id, item_date=TODAY + D(1),
                         quantity_milli=1000, unit_price_cents=6000),
        ])  # fmt: skip
        series = InvoiceSeries(code="F", prefix="F-2026-")
        s.add(series)
        s.flush()
        for number, due, status, paid in (
            (1, TODAY - D(10), InvoiceStatus.PARTIALLY_PAID, 2000),
            (2, TODAY + D(5), InvoiceStatus.ISSUED, 0),  # not due yet
            (3, TODAY - D(40), InvoiceStatus.PAID, 6000),
        ):
            invoice = Invoice(
                series_id=series.id, sequence_number=number, number=f"F-2026-{number:04d}",
                status=status, issue_date=TODAY - D(40), due_date=due, payer_kind="person",
                payer_client_id=client_id, seller_snapshot="{}", payer_snapshot="{}",
                total_net_cents=6000, total_gross_cents=6000, paid_cents=paid, hash="h",
                issued_at=NOW - D(40),
            )  # fmt: skip
            s.add(invoice)
        low = ClientPackage(client_id=client_id, service_id=service_id, sold_date=TODAY - D(60),
                            units_total_milli=10_000, price_cents=50_000)  # fmt: skip
        low.consumptions = [PackageConsumption(consumed_date=TODAY - D(1), units_milli=8_000)]
        ending = ClientPackage(client_id=client_id, service_id=service_id, sold_date=TODAY,
                               valid_until=TODAY + D(20), units_total_milli=10_000,
                               price_cents=50_000)  # fmt: skip
        fine = ClientPackage(client_id=client_id, service_id=service_id, sold_date=TODAY,
                             valid_until=TODAY + D(200), units_total_milli=10_000,
                             price_cents=50_000)  # fmt: skip
        s.add_all([low, ending, fine])
        s.flush()
        low_id, ending_id = low.id, ending.id
    page = overview(vault)
    unbilled = page.section(TodaySectionKey.UNBILLED_SESSIONS)
    assert (unbilled.total, unbilled.amount_cents) == (1, 9000)
    assert unbilled.items[0].title == "Entretien individuel"
    invoices = page.section(TodaySectionKey.OVERDUE_INVOICES)
    assert [(i.title, i.amount_cents, i.client_id) for i in invoices.items] == [
        ("F-2026-0001", 4000, client_id)
    ]
    assert invoices.amount_cents == 4000 and invoices.items[0].target == TodayTarget.INVOICE
    packages = page.section(TodaySectionKey.PACKAGES_RUNNING_OUT)
    assert [(i.object_id, i.reason) for i in packages.items] == [
        (ending_id, TodayReason.EXPIRING), (low_id, TodayReason.LOW_BALANCE)
    ]  # fmt: skip
    assert (packages.items[1].remaining_milli, packages.items[1].total_milli) == (2_000, 10_000)


def test_today_backup_status_from_the_audit_log(vault: Vault) -> None:
    with vault.uow() as uow:
        record_event(uow, AuditAction.BACKUP, details={"file": "socialdesk-a.sdvault"},
                     at=NOW - D(days=3))  # fmt: skip
    page = overview(vault)
    assert (page.backup.file_name, page.backup.age_days, page.backup.overdue) == (
        "socialdesk-a.sdvault", 3, False
    )  # fmt: skip
    assert page.section(TodaySectionKey.BACKUP).items[0].reason == TodayReason.BACKUP_OK
    assert page.is_quiet
    old = overview(vault, today=TODAY + D(10), now=NOW + D(10))
    assert old.backup.overdue and old.backup.reason == TodayReason.BACKUP_OLD


def test_today_sections_are_capped_but_counted(vault: Vault) -> None:
    client_id = new_client(vault)
    with vault.uow() as uow:
        for i in range(5):
            create_task(uow, TaskInput(f"T{i}", client_id=client_id, due_date=TODAY - D(i)),
                        today=TODAY)  # fmt: skip
    section = overview(vault, limit=2).section(TodaySectionKey.TASKS_DUE)
    assert (len(section.items), section.total, section.more) == (2, 5, 3)
    assert [i.title for i in section.items] == ["T4", "T3"]


@pytest.mark.parametrize(
    ("remaining", "valid_until", "reason"),
    [
        (2_000, None, TodayReason.LOW_BALANCE),
        (2_001, None, TodayReason.NONE),
        (9_000, TODAY + D(30), TodayReason.EXPIRING),
        (9_000, TODAY + D(31), TodayReason.NONE),
        (9_000, TODAY - D(1), TodayReason.EXPIRED),
    ],
)
def test_today_package_running_out_rule(
    remaining: int, valid_until: date | None, reason: TodayReason
) -> None:
    assert package_reason(remaining_milli=remaining, total_milli=10_000,
                          valid_until=valid_until, today=TODAY) == reason  # fmt: skip


def test_today_backup_rule() -> None:
    assert backup_status(NOW - D(days=7), "f", today=TODAY).overdue is False
    assert backup_status(NOW - D(days=8), "f", today=TODAY).overdue is True


def test_today_counts_notes_and_invoices_on_their_partial_indexes(vault: Vault) -> None:
    # On the large demo these two counts went from 630 ms and 105 ms to a few ms each:
    # a query that stops matching the partial indexes' terms would silently lose that.
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(vault.engine, "before_cursor_execute", remember)
    try:
        overview(vault)
    finally:
        event.remove(vault.engine, "before_cursor_execute", remember)
    plans = {}
    with vault.engine.connect() as connection:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SELECT COUNT"):
                rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                plans[statement] = " ".join(str(r[-1]) for r in rows)
    used = " | ".join(plans.values())
    assert "ix_case_note_unsigned" in used
    assert "COVERING INDEX ix_invoice_status_due_date_kind_total_gross_cents_paid_cents" in used
