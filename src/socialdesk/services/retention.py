"""Security & retention settings, the files due for deletion, and erasing them.

The settings (auto-lock delay, how long case data and invoices are kept) are stored in
the vault's ``app_setting`` table, like the agenda's. The "due for deletion" list is
computed from each file's last contact and closing date (:mod:`socialdesk.domain.retention`).

Erasure reuses :func:`socialdesk.services.gdpr.erase_client`: a file never billed is
deleted entirely; a billed one is pseudonymized (its invoices, billable items and
packages stay — accounting law). Pseudonymization keeps any file under its number for the
statistics. Issued invoices are never touched, so their hash chain still verifies. Each
file gets its own ERASE or PSEUDONYMIZE audit entry (counts only, no personal data).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import ClientNotFound, display_name
from socialdesk.domain.enums import ClientStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.retention import (
    MAX_RETENTION_YEARS,
    DueFile,
    ErasureMode,
    NotDueForDeletion,
    NothingSelected,
    RetentionReport,
    SecuritySettings,
    add_years,
    due_date,
    settings_errors,
)
from socialdesk.services.gdpr import erase_client
from socialdesk.storage.orm import AppSetting, BillableItem, Client, ClientPackage, Invoice
from socialdesk.storage.uow import UnitOfWork

SETTINGS_KEY = "security.retention"
SETTINGS_CHANGED = Changes(settings=True)


# ---- settings -------------------------------------------------------------------------------
def security_settings(uow: UnitOfWork) -> SecuritySettings:
    """The saved settings; a value missing, unreadable or out of range is its default."""
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == SETTINGS_KEY))
    try:
        saved = json.loads(setting.value) if setting is not None else {}
    except ValueError:
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    defaults = SecuritySettings()
    values: dict[str, int] = {}
    for name, default in asdict(defaults).items():
        value = saved.get(name)
        values[name] = default
        if type(value) is int and name not in settings_errors(SecuritySettings(**{name: value})):
            values[name] = value
    return SecuritySettings(**values)


def save_security_settings(
    uow: UnitOfWork, settings: SecuritySettings
) -> tuple[SecuritySettings, Changes]:
    """Save the settings. ValidationError per field; nothing is written then."""
    errors = settings_errors(settings)
    if errors:
        raise ValidationError(errors)
    text = json.dumps(asdict(settings))
    setting = uow.session.scalar(select(AppSetting).where(AppSetting.key == SETTINGS_KEY))
    if setting is None:
        uow.session.add(AppSetting(key=SETTINGS_KEY, value=text))
    else:
        setting.value = text
    uow.session.flush()
    return security_settings(uow), SETTINGS_CHANGED


def idle_minutes(uow: UnitOfWork) -> int:
    """The auto-lock delay (read by the GUI at each unlock and after a settings change)."""
    return security_settings(uow).idle_minutes


# ---- due for deletion -----------------------------------------------------------------------
def _billed(client_id_column: Any) -> ColumnElement[bool]:
    return or_(
        exists().where(Invoice.payer_client_id == client_id_column),
        exists().where(BillableItem.client_id == client_id_column),
        exists().where(ClientPackage.client_id == client_id_column),
    )


def _day(instant: datetime | None) -> date | None:
    if instant is None:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC).date()


def due_for_deletion(uow: UnitOfWork, *, today: date | None = None) -> list[DueFile]:
    """Files whose retention has run out on ``today``, the longest overdue first."""
    today = today or date.today()
    years = security_settings(uow).case_data_years
    # Nothing counted from after the cutoff can be due: let the index do the first pass.
    cutoff = add_years(today, -years)
    cutoff_instant = datetime.combine(cutoff + timedelta(days=1), time.min, tzinfo=UTC)
    query = (
        select(
            Client.id,
            Client.file_number,
            Client.first_name,
            Client.last_name,
            Client.status,
            Client.last_contact_at,
            Client.closed_date,
            Client.intake_date,
            Client.retention_until,
            _billed(Client.id).label("billed"),
        )
        .where(Client.pseudonymized_at.is_(None))
        .where(or_(Client.last_contact_at.is_(None), Client.last_contact_at < cutoff_instant))
        .where(or_(Client.closed_date.is_(None), Client.closed_date <= cutoff))
        .where(
            or_(
                Client.last_contact_at.is_not(None),
                Client.closed_date.is_not(None),
                and_(Client.intake_date.is_not(None), Client.intake_date <= cutoff),
            )
        )
    )
    due: list[DueFile] = []
    for row in uow.session.execute(query):
        last_contact = _day(row.last_contact_at)
        when = due_date(
            last_contact,
            row.closed_date,
            row.intake_date,
            case_data_years=years,
            keep_until=row.retention_until,
        )
        if when is None or when > today:
            continue
        due.append(
            DueFile(
                client_id=row.id,
                file_number=row.file_number,
                name=display_name(row.last_name, row.first_name),
                status=str(ClientStatus(row.status)),
                last_contact=last_contact,
                closed_on=row.closed_date,
                due_since=when,
                billed=bool(row.billed),
            )
        )
    due.sort(key=lambda f: (f.due_since, f.file_number))
    return due


def count_due(uow: UnitOfWork, *, today: date | None = None) -> int:
    """How many files are due for deletion (the Today hint)."""
    return len(due_for_deletion(uow, today=today))


# ---- erasing --------------------------------------------------------------------------------
def apply_retention(
    uow: UnitOfWork,
    client_ids: Sequence[int],
    mode: ErasureMode | str,
    *,
    today: date | None = None,
) -> tuple[RetentionReport, Changes]:
    """Erase or pseudonymize the files ``client_ids``, all or nothing.

    Only files due for deletion on ``today`` are accepted: NotDueForDeletion names the
    first one that is not (nothing is erased then). ClientNotFound for an unknown id."""
    mode = ErasureMode(mode)
    wanted = list(dict.fromkeys(client_ids))
    if not wanted:
        raise NothingSelected()
    due = {f.client_id: f for f in due_for_deletion(uow, today=today)}
    for client_id in wanted:
        if client_id in due:
            continue
        client = uow.session.get(Client, client_id)
        if client is None:
            raise ClientNotFound(client_id)
        years = security_settings(uow).case_data_years
        when = due_date(
            _day(client.last_contact_at),
            client.closed_date,
            client.intake_date,
            case_data_years=years,
            keep_until=client.retention_until,
        )
        raise NotDueForDeletion(
            file_number=client.file_number,
            due=(when.isoformat() if when and client.pseudonymized_at is None else "—"),
        )
    erased: list[str] = []
    pseudonymized: list[str] = []
    kept_invoices = 0
    changes = Changes()
    for client_id in wanted:
        report, erase_changes = erase_client(
            uow, client_id, keep_file=mode == ErasureMode.PSEUDONYMIZE
        )
        (pseudonymized if report.pseudonymized else erased).append(report.file_number)
        kept_invoices += report.kept_invoices
        changes = changes | erase_changes
    result = RetentionReport(
        mode=mode,
        erased=tuple(erased),
        pseudonymized=tuple(pseudonymized),
        kept_invoices=kept_invoices,
    )
    return result, changes


__all__ = [
    "MAX_RETENTION_YEARS",
    "SETTINGS_KEY",
    "apply_retention",
    "count_due",
    "due_for_deletion",
    "idle_minutes",
    "save_security_settings",
    "security_settings",
]
