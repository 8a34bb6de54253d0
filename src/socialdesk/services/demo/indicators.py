"""Step 7: indicators agreed with funders (with targets), a few audit events (through the
audit service: hash chained, never with case text), and a setting that marks the vault as
a demo."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from socialdesk.domain.enums import AuditAction
from socialdesk.services.audit import record_event
from socialdesk.services.demo.context import DAY_START, at_local, table_of
from socialdesk.services.demo.facts import DemoState
from socialdesk.storage.orm import AppSetting, Indicator, IndicatorValue
from socialdesk.storage.uow import UnitOfWork

D = timedelta
DEMO_SETTING_KEY = "demo"


def write_indicators(state: DemoState) -> None:
    cal, rng, orgs = state.cal, state.rng, state.orgs
    n = state.sizes.clients
    # Yearly targets close to what the agenda holds (about half of two years' activity).
    visits = int(round(state.sizes.appointments * 0.08, -1))
    minutes = int(round(state.sizes.appointments * 22, -2))
    table, value_table = table_of(Indicator), table_of(IndicatorValue)
    rows: list[dict[str, Any]] = []
    values: list[dict[str, Any]] = []
    for year in (cal.today.year - 1, cal.today.year):
        start, end = date(year, 1, 1), date(year, 12, 31)
        stamp = at_local(date(year, 1, 2) if year > cal.start.year else cal.start, DAY_START + 60)
        specs = (
            ("Personnes accompagnées", "clients_accompanied", round(n * 0.6), "personnes", "ccas"),
            ("Nouveaux dossiers ouverts", "new_clients", round(n * 0.35), "dossiers", "ccas"),
            ("Ateliers collectifs réalisés", "group_sessions_done", 10 * state.group_series,
             "séances", "ccas"),
            ("Visites à domicile", "home_visits_done", visits, "visites", None),
            ("Heures d'accompagnement", "hours_of_service", minutes, "minutes", "employer"),
            ("Personnes accompagnées (Belgique)", "clients_accompanied", round(n * 0.12),
             "personnes", "cpas"),
            ("Réunions partenariales (participation)", "manual", 20, "réunions", "ccas"),
        )  # fmt: skip
        for name, source, target, unit, funder in specs:
            indicator_id = state.ids.take(table)
            rows.append(
                {
                    "id": indicator_id,
                    "name": f"{name} {year}",
                    "description": "Objectif fixé par la convention annuelle" if funder else None,
                    "source": source,
                    "period_start": start,
                    "period_end": end,
                    "target_value": target,
                    "unit_label": unit,
                    "funder_organization_id": orgs[funder].id if funder in orgs else None,
                    "active": year == cal.today.year,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            if source != "manual":
                continue
            month = 1
            while month <= 12 and date(year, month, 28) < cal.today:
                day = date(year, month, 28)
                if day >= cal.start:
                    values.append(
                        {
                            "id": state.ids.take(value_table),
                            "indicator_id": indicator_id,
                            "value_date": day,
                            "value": rng.randrange(0, 4),
                            "note": None,
                            "created_at": at_local(day, DAY_START + 480),
                            "updated_at": at_local(day, DAY_START + 480),
                        }
                    )
                month += 1
    state.out.insert(table, rows)
    state.out.insert(value_table, values)


def write_audit(state: DemoState, uow: UnitOfWork, *, size: str, seed: int) -> None:
    """The last three weeks of the log (unlocks, weekly backups, an export, a print, a
    failed unlock), recorded through the audit service so the hash chain is its own."""
    cal, rng = state.cal, state.rng
    events: list[tuple[datetime, AuditAction, dict[str, Any] | None]] = [
        (at_local(cal.start, DAY_START), AuditAction.VAULT_CREATE, None)
    ]
    day = cal.today - D(21)
    while day < cal.today:
        if cal.is_open(day):
            events.append(
                (at_local(day, DAY_START + rng.randrange(0, 30)), AuditAction.UNLOCK, None)
            )
            if day.weekday() == 4:
                backup = {"file": f"socialdesk-{day:%Y%m%d}.sdvault", "kind": "manual"}
                events.append((at_local(day, 18 * 60), AuditAction.BACKUP, backup))
        day += D(1)
    last = cal.before_today(cal.today)
    export = {"format": "csv", "file": f"journal-des-ventes-{last.year}.csv"}
    events.append((at_local(last, 11 * 60), AuditAction.EXPORT, export))
    events.append((at_local(last, 11 * 60 + 5), AuditAction.PRINT, {"format": "pdf"}))
    events.append((at_local(last, 16 * 60), AuditAction.UNLOCK_FAILED, None))
    for at, action, details in sorted(events, key=lambda e: e[0]):
        record_event(uow, action, details=details, at=at)
    stamp = at_local(cal.start, DAY_START)
    setting = {"size": size, "seed": seed, "today": cal.today.isoformat(), "fictitious": True}
    state.out.insert(
        table_of(AppSetting),
        [{"id": state.ids.take(table_of(AppSetting)), "key": DEMO_SETTING_KEY,
          "value": json.dumps(setting, sort_keys=True), "updated_at": stamp}],
    )  # fmt: skip
