"""``socialdesk today`` on real encrypted vaults: the same sections as the Today page,
as text, for a chosen day; bad dates refused before the passphrase is asked."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from socialdesk.domain.demarches import DemarcheInput
from socialdesk.domain.enums import AuditAction
from socialdesk.domain.tasks import TaskInput
from socialdesk.domain.today import SECTION_LABELS, TodaySectionKey
from socialdesk.services.audit import record_event
from socialdesk.services.demarches import (
    create_demarche,
    ensure_default_demarche_kinds,
    list_demarche_kinds,
)
from socialdesk.services.tasks import create_task
from socialdesk.services.vault import unlock_with_passphrase
from socialdesk.storage.orm import Appointment, AppointmentParticipant, BillableItem, Service
from tests.cli.conftest import Run, StoredVault, snapshot
from tests.conftest import PASSPHRASE
from tests.services.accomp_fixtures import new_client

DAY = date(2026, 3, 10)


@pytest.fixture
def today_vault(stored_vault: StoredVault) -> StoredVault:
    opened = unlock_with_passphrase(stored_vault.path, PASSPHRASE)
    try:
        client_id = new_client(opened, "Bénard", "Zoé")
        with opened.uow() as uow:
            s = uow.session
            appointment = Appointment(
                starts_at=datetime(2026, 3, 10, 8, 0, tzinfo=UTC),  # 09:00 in Paris
                ends_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
                title="Premier entretien",
            )
            appointment.participants = [AppointmentParticipant(client_id=client_id)]
            service = Service(code="h", name="Entretien", unit="hour", unit_price_cents=6000)
            s.add_all([appointment, service])
            s.flush()
            s.add(BillableItem(client_id=client_id, service_id=service.id, item_date=DAY,
                               quantity_milli=1000, unit_price_cents=123_456))  # fmt: skip
            ensure_default_demarche_kinds(uow)
            kind = next(k for k in list_demarche_kinds(uow) if k.code == "fr_rsa")
            create_demarche(uow, DemarcheInput(client_id, kind.id, next_action="Appeler la CAF",
                                               next_action_date=date(2026, 3, 9)), today=DAY)  # fmt: skip
            for i in range(3):
                create_task(uow, TaskInput(f"Tâche {i}", due_date=DAY), today=DAY)
            record_event(uow, AuditAction.BACKUP, details={"file": "socialdesk-x.sdvault"},
                         at=datetime(2026, 3, 8, 18, 0, tzinfo=UTC))  # fmt: skip
    finally:
        opened.lock()
    return stored_vault


def test_today_cli_prints_every_section_for_the_day(
    run: Run, today_vault: StoredVault, passphrase_env: str
) -> None:
    result = run("today", "--vault", today_vault.path, "--date", "2026-03-10", "--limit", "2")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Today, 2026-03-10"
    headings = [line for line in lines if line and not line.startswith(" ")][1:]
    assert [h.split(" (")[0] for h in headings] == [SECTION_LABELS[k] for k in TodaySectionKey]
    out = result.out
    assert "  09:00–10:00  BÉNARD Zoé (D-TEST-" in out and "Premier entretien" in out
    assert "Démarches due (1)" in out
    assert "2026-03-09  !  BÉNARD Zoé" in out and "Appeler la CAF  [Next action]" in out
    assert "Tasks due (3)" in out and "(+1 more)" in out
    assert "Sessions not billed (1, 1,234.56 €)" in out
    assert "Packages running out (0)\n  nothing" in out
    assert "Last backup 2026-03-08 (2 day(s) ago): socialdesk-x.sdvault" in out


def test_today_cli_in_french(run: Run, today_vault: StoredVault, passphrase_env: str) -> None:
    result = run("--language", "fr", "today", "--vault", today_vault.path, "--date", "2026-03-10")
    assert result.code == 0, result.err
    assert "Aujourd'hui, 2026-03-10" in result.out
    assert "Démarches à suivre (1)" in result.out
    assert "1\u202f234,56 €" in result.out


@pytest.mark.parametrize("bad", ["2026-13-01", "10/03/2026", "tomorrow"])
def test_today_cli_refuses_a_bad_date_before_unlocking(
    run: Run, today_vault: StoredVault, bad: str
) -> None:
    before = snapshot(today_vault.path)
    result = run("today", "--vault", today_vault.path, "--date", bad)
    assert result.code == 2
    assert "YYYY-MM-DD" in result.err
    assert snapshot(today_vault.path) == before


def test_today_cli_wrong_passphrase(
    run: Run, today_vault: StoredVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDESK_PASSPHRASE", "not the passphrase at all")
    result = run("today", "--vault", today_vault.path)
    assert result.code == 3
    assert "Incorrect passphrase." in result.err
