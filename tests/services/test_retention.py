"""Retention: settings, the files due for deletion (with an injectable today), and erasing
or pseudonymizing them while issued invoices stay and their hash chain still verifies —
on real encrypted vaults."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from socialdesk.domain.clients import ClientNotFound
from socialdesk.domain.enums import AuditAction, ClientStatus
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.retention import (
    ErasureMode,
    NotDueForDeletion,
    NothingSelected,
    SecuritySettings,
    add_years,
    due_date,
)
from socialdesk.services.audit import recent_events, verify_chain
from socialdesk.services.invoice_issue import issue_invoice, verify_invoice_chain
from socialdesk.services.retention import (
    SETTINGS_KEY,
    apply_retention,
    count_due,
    due_for_deletion,
    save_security_settings,
    security_settings,
)
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import AppSetting, CaseNote, Client, Invoice
from tests.services.gdpr_helpers import build_client, tables_holding
from tests.services.invoice_setup import make_draft, person_draft, set_profile

TODAY = date(2026, 6, 1)
MARKER = "qretainedmarkerq"
NEIGHBOUR = "qneighbourstaysq"


def _dates(vault: Vault, client_id: int, **values: object) -> None:
    with vault.uow() as uow:
        client = uow.session.get(Client, client_id)
        assert client is not None
        for name, value in values.items():
            setattr(client, name, value)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


# ---- domain ---------------------------------------------------------------------------------
def test_due_date_counts_from_the_later_of_last_contact_and_closing() -> None:
    assert due_date(date(2023, 1, 10), date(2023, 5, 2), None, case_data_years=2) == date(
        2025, 5, 2
    )
    assert due_date(date(2023, 9, 1), date(2023, 5, 2), None, case_data_years=2) == date(2025, 9, 1)
    assert due_date(None, None, date(2020, 2, 29), case_data_years=3) == date(2023, 2, 28)
    assert due_date(None, None, None, case_data_years=2) is None
    # A file the practitioner keeps longer
    keep = date(2030, 1, 1)
    assert due_date(date(2023, 1, 1), None, None, case_data_years=2, keep_until=keep) == keep
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


# ---- settings -------------------------------------------------------------------------------
def test_settings_default_to_the_cnil_reference_and_are_saved(vault: Vault) -> None:
    with vault.uow() as uow:
        assert security_settings(uow) == SecuritySettings(5, 2, 10)
        saved, changes = save_security_settings(uow, SecuritySettings(15, 5, 12))
    assert changes.settings and saved == SecuritySettings(15, 5, 12)
    with vault.uow() as uow:
        assert security_settings(uow) == SecuritySettings(15, 5, 12)


@pytest.mark.parametrize(
    ("settings", "field", "message"),
    [
        (SecuritySettings(case_data_years=0), "case_data_years", "Case data are kept from 1"),
        (SecuritySettings(case_data_years=51), "case_data_years", "Case data are kept from 1"),
        (SecuritySettings(invoice_years=9), "invoice_years", "legal minimum"),
        (SecuritySettings(invoice_years=51), "invoice_years", "legal minimum"),
        (SecuritySettings(idle_minutes=0), "idle_minutes", "1 to 120 minutes"),
        (SecuritySettings(idle_minutes=121), "idle_minutes", "1 to 120 minutes"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_written(
    vault: Vault, settings: SecuritySettings, field: str, message: str
) -> None:
    with vault.uow() as uow:
        save_security_settings(uow, SecuritySettings(7, 3, 11))
    with pytest.raises(ValidationError) as caught, vault.uow() as uow:
        save_security_settings(uow, settings)
    assert list(caught.value.errors) == [field]
    assert message in str(caught.value)
    with vault.uow() as uow:
        assert security_settings(uow) == SecuritySettings(7, 3, 11)


def test_an_unreadable_saved_value_falls_back_to_its_default(vault: Vault) -> None:
    with vault.uow() as uow:
        uow.session.add(
            AppSetting(
                key=SETTINGS_KEY,
                value=json.dumps({"idle_minutes": 500, "case_data_years": 4, "invoice_years": "x"}),
            )
        )
    with vault.uow() as uow:
        assert security_settings(uow) == SecuritySettings(5, 4, 10)


# ---- the due list ---------------------------------------------------------------------------
def _three_files(vault: Vault) -> tuple[int, int, int, int]:
    """Closed in 2023, last seen in 2022 (active), seen recently, and a pseudonymized one."""
    with vault.uow() as uow:
        closed = build_client(uow.session, MARKER).client_id
        quiet = build_client(uow.session, "qquietpersonq").client_id
        recent = build_client(uow.session, NEIGHBOUR).client_id
        gone = build_client(uow.session, "qalreadygoneq").client_id
    for client_id in (closed, quiet, recent, gone):
        _dates(vault, client_id, intake_date=date(2019, 6, 1))
    _dates(
        vault,
        closed,
        status=ClientStatus.CLOSED,
        closed_date=date(2023, 11, 20),
        last_contact_at=_at(date(2023, 10, 2)),
    )
    _dates(vault, quiet, status=ClientStatus.ACTIVE, last_contact_at=_at(date(2022, 3, 14)))
    _dates(vault, recent, last_contact_at=_at(date(2025, 12, 1)))
    _dates(
        vault,
        gone,
        last_contact_at=_at(date(2020, 1, 1)),
        pseudonymized_at=_at(date(2024, 1, 1)),
    )
    return closed, quiet, recent, gone


def test_due_list_with_the_date_each_file_became_due(vault: Vault) -> None:
    closed, quiet, recent, _gone = _three_files(vault)
    with vault.uow() as uow:
        due = due_for_deletion(uow, today=TODAY)
    # Longest overdue first; the recent file and the pseudonymized one are not listed
    assert [(f.client_id, f.due_since) for f in due] == [
        (quiet, date(2024, 3, 14)),
        (closed, date(2025, 11, 20)),
    ]
    assert due[1].closed_on == date(2023, 11, 20) and due[1].last_contact == date(2023, 10, 2)
    assert due[0].status == "active" and MARKER not in due[0].name
    # The day before it became due, the closed file is not due yet
    with vault.uow() as uow:
        assert [f.client_id for f in due_for_deletion(uow, today=date(2025, 11, 19))] == [quiet]
        assert count_due(uow, today=TODAY) == 2
        # A longer retention empties the list
        save_security_settings(uow, SecuritySettings(case_data_years=5))
        assert due_for_deletion(uow, today=TODAY) == []
    with vault.uow() as uow:
        assert recent not in {f.client_id for f in due_for_deletion(uow, today=date(2030, 1, 1))}
    # retention_until keeps a file longer
    _dates(vault, quiet, retention_until=date(2031, 1, 1))
    with vault.uow() as uow:
        save_security_settings(uow, SecuritySettings())
        assert [f.client_id for f in due_for_deletion(uow, today=TODAY)] == [closed]


# ---- erasing and pseudonymizing -------------------------------------------------------------
def _issued_invoice(vault: Vault, client_id: int) -> int:
    set_profile(vault)
    invoice_id = make_draft(vault, person_draft(client_id))
    with vault.uow() as uow:
        issue_invoice(uow, invoice_id, issue_date=date(2026, 4, 1))
    return invoice_id


@pytest.mark.parametrize("mode", [ErasureMode.ERASE, ErasureMode.PSEUDONYMIZE])
def test_erasure_keeps_invoices_and_their_chain_and_nothing_else_is_touched(
    vault: Vault, mode: ErasureMode
) -> None:
    closed, quiet, recent, _gone = _three_files(vault)
    invoice_id = _issued_invoice(vault, closed)
    _issued_invoice(vault, recent)
    with vault.uow() as uow:
        invoice = uow.session.get(Invoice, invoice_id)
        assert invoice is not None
        frozen = (invoice.number, invoice.hash, invoice.payer_snapshot)
        assert verify_invoice_chain(uow).ok
        neighbour_before = tables_holding(uow.session, NEIGHBOUR)
        notes_before = uow.session.scalar(select(func.count()).select_from(CaseNote))

    # When both due files are handled in bulk
    with vault.uow() as uow:
        report, changes = apply_retention(uow, [closed, quiet], mode, today=TODAY)

    # Then the billed file is pseudonymized whatever the choice; the other follows it
    assert changes.clients and changes.notes
    assert report.pseudonymized[0] == _file_number(vault, closed)
    assert report.kept_invoices == 1
    with vault.uow() as uow:
        s = uow.session
        kept = s.get(Client, closed)
        assert kept is not None and kept.last_name == kept.file_number and kept.first_name is None
        if mode == ErasureMode.ERASE:
            assert s.get(Client, quiet) is None
        else:
            assert (s.get(Client, quiet) or Client()).pseudonymized_at is not None
        # the invoices are unchanged and the chain verifies
        invoice = s.get(Invoice, invoice_id)
        assert invoice is not None
        assert (invoice.number, invoice.hash, invoice.payer_snapshot) == frozen
        assert verify_invoice_chain(uow).ok
        assert s.scalar(select(func.count()).select_from(Invoice)) == 2
        # no case data of the erased files remains: only the issued invoice's frozen
        # payer name, which the law requires keeping
        assert tables_holding(s, MARKER) == ["invoice.payer_snapshot"]
        assert tables_holding(s, "qquietpersonq") == []
        # the other file is untouched
        assert tables_holding(s, NEIGHBOUR) == neighbour_before
        assert s.scalar(select(func.count()).select_from(CaseNote)) == notes_before - 6
        # each file audited, counts only
        events = [e for e in recent_events(uow, 20) if e.object_id in (closed, quiet)]
        actions = {e.action for e in events}
        assert AuditAction.PSEUDONYMIZE in actions
        if mode == ErasureMode.ERASE:
            assert AuditAction.ERASE in actions
        assert all(MARKER not in json.dumps(e.details) for e in events)
        assert verify_chain(uow) is None


def _file_number(vault: Vault, client_id: int) -> str:
    with vault.uow() as uow:
        return uow.session.scalars(select(Client.file_number).where(Client.id == client_id)).one()


def test_a_file_not_due_is_refused_and_nothing_is_erased(vault: Vault) -> None:
    closed, _quiet, recent, gone = _three_files(vault)
    with pytest.raises(NotDueForDeletion) as caught, vault.uow() as uow:
        apply_retention(uow, [closed, recent], ErasureMode.ERASE, today=TODAY)
    assert _file_number(vault, recent) in str(caught.value)
    assert "2027-12-01" in str(caught.value)
    with pytest.raises(NotDueForDeletion), vault.uow() as uow:
        apply_retention(uow, [gone], ErasureMode.ERASE, today=TODAY)
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        apply_retention(uow, [closed, 987654], ErasureMode.ERASE, today=TODAY)
    with pytest.raises(NothingSelected), vault.uow() as uow:
        apply_retention(uow, [], ErasureMode.ERASE, today=TODAY)
    with pytest.raises(ValueError), vault.uow() as uow:
        apply_retention(uow, [closed], "shred", today=TODAY)
    with vault.uow() as uow:
        assert tables_holding(uow.session, MARKER)  # all or nothing: still there
        assert uow.session.get(Client, closed) is not None
