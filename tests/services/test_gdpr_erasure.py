"""GDPR right to erasure: a client never billed is deleted with everything linked to it; a
billed client is pseudonymized and its invoices kept. Either way the person's marker
strings (name, note text, attachment bytes, file names…) are gone from every table and
from the full-text index's own tables — on real encrypted vaults."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from socialdesk.domain.changes import Changes
from socialdesk.domain.clients import ClientNotFound
from socialdesk.domain.enums import ClientStatus
from socialdesk.domain.gdpr import BACKUPS_EXPLANATION, RETENTION_EXPLANATION, ErasureReport
from socialdesk.services.audit import recent_events, verify_chain
from socialdesk.services.gdpr import erase_client
from socialdesk.services.search import search
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    BillableItem,
    CaseNote,
    CaseNoteRevision,
    Client,
    ClientPackage,
    Invoice,
    InvoiceLine,
    Objective,
    ObjectiveEvent,
)
from socialdesk.storage.search import search_index_problems
from tests.services.gdpr_helpers import (
    HISTORY_ONLY,
    BuiltClient,
    bill_client,
    build_client,
    plan_with_history,
    tables_holding,
)

MARKER = "zqxmarkerwv"
NEIGHBOUR = "yyqneighbourkk"


def _build(
    vault: Vault, *, billed: bool = False, issued: bool = True
) -> tuple[BuiltClient, BuiltClient]:
    """The person to erase and another person, each with a full file."""
    with vault.uow() as uow:
        person = build_client(uow.session, MARKER)
        neighbour = build_client(uow.session, NEIGHBOUR)
        if billed:
            bill_client(uow.session, person.client_id, issued=issued)
    with vault.uow() as uow:  # Given: both are everywhere, the index included
        assert tables_holding(uow.session, MARKER)
        assert {"case_note_fts_data", "client_fts_data"} <= {
            t.split(".")[0] for t in tables_holding(uow.session, MARKER)
        }
        assert len(search(uow, MARKER)) == 4  # the client and three notes
    return person, neighbour


def _erase(vault: Vault, client_id: int) -> tuple[ErasureReport, Changes]:
    with vault.uow() as uow:
        return erase_client(uow, client_id)


def test_erasure_deletes_a_client_never_billed_and_every_trace(vault: Vault) -> None:
    person, neighbour = _build(vault)
    # When the person is erased
    report, changes = _erase(vault, person.client_id)
    # Then the file is gone entirely
    assert not report.pseudonymized
    assert report.deleted["client"] == 1 and report.deleted["case_note"] == 3
    assert report.deleted["attachment"] == 2 and report.deleted["appointment"] == 1
    assert report.explanations == (BACKUPS_EXPLANATION,)
    assert changes.clients and changes.notes and changes.agenda
    with vault.uow() as uow:
        s = uow.session
        assert s.get(Client, person.client_id) is None
        # and the marker is nowhere: no table, no FTS shadow table
        assert tables_holding(s, MARKER) == []
        assert search(uow, MARKER) == []
        assert search_index_problems(s) == []
        # the solo appointment went; the group session stays, with the other person
        assert s.get(Appointment, person.solo_appointment_id) is None
        participants = s.scalars(
            select(AppointmentParticipant.client_id).where(
                AppointmentParticipant.appointment_id == person.group_appointment_id
            )
        ).all()
        assert person.client_id not in participants and participants
        # the other person's file is untouched
        assert tables_holding(s, NEIGHBOUR)
        assert len(search(uow, NEIGHBOUR)) == 4


def test_erasure_pseudonymizes_a_billed_client_and_keeps_its_invoices(vault: Vault) -> None:
    person, _neighbour = _build(vault, billed=True)
    with vault.uow() as uow:
        invoice_before = uow.session.scalars(
            select(Invoice).where(Invoice.payer_client_id == person.client_id)
        ).one()
        frozen = (invoice_before.number, invoice_before.payer_snapshot, invoice_before.hash)
    # When the person is erased
    report, _changes = _erase(vault, person.client_id)
    # Then the file is kept under its number only
    assert report.pseudonymized and "client" not in report.deleted
    assert (report.kept_invoices, report.kept_billable_items, report.kept_packages) == (1, 1, 1)
    assert report.explanations == (RETENTION_EXPLANATION, BACKUPS_EXPLANATION)
    with vault.uow() as uow:
        s = uow.session
        client = s.get(Client, person.client_id)
        assert client is not None and client.pseudonymized_at is not None
        assert client.last_name == person.file_number and client.first_name is None
        assert client.phone is None and client.email is None and client.birth_date is None
        assert client.status == ClientStatus.CLOSED
        # the invoice, its line, the billed item and the package stay, unchanged
        invoice = s.scalars(
            select(Invoice).where(Invoice.payer_client_id == person.client_id)
        ).one()
        assert (invoice.number, invoice.payer_snapshot, invoice.hash) == frozen
        assert s.scalar(select(func.count()).select_from(InvoiceLine)) == 1
        assert s.scalar(select(func.count()).select_from(BillableItem)) == 1
        assert s.scalar(select(func.count()).select_from(ClientPackage)) == 1
        # every note (the signed one too) and its revisions are gone
        assert s.scalars(select(CaseNote).where(CaseNote.client_id == person.client_id)).all() == []
        assert (
            s.scalars(
                select(CaseNoteRevision).where(CaseNoteRevision.note_id == person.signed_note_id)
            ).all()
            == []
        )
        # and the marker is nowhere, the index included
        assert tables_holding(s, MARKER) == []
        assert search(uow, MARKER) == []
        assert search_index_problems(s) == []
        # the kept file is found by its number only
        assert [h.client_id for h in search(uow, person.file_number) if h.kind == "client"] == [
            person.client_id
        ]


def test_erasure_keeps_a_client_named_on_a_draft_invoice(vault: Vault) -> None:
    person, _neighbour = _build(vault, billed=True, issued=False)
    report, _changes = _erase(vault, person.client_id)
    assert report.pseudonymized and report.kept_invoices == 1
    with vault.uow() as uow:
        assert tables_holding(uow.session, MARKER) == []


def test_erasure_is_audited_without_content(vault: Vault) -> None:
    person, _ = _build(vault, billed=True)
    _erase(vault, person.client_id)
    with vault.uow() as uow:
        event = recent_events(uow, limit=1)[0]
        assert verify_chain(uow) is None
    assert (event.action, event.object_type, event.object_id) == (
        "pseudonymize",
        "client",
        person.client_id,
    )
    assert MARKER not in json.dumps(event.details)
    assert set(event.details) == {"deleted"}
    assert all(isinstance(n, int) for n in event.details["deleted"].values())


def test_erasure_of_a_never_billed_client_is_audited_as_erase(vault: Vault) -> None:
    person, _ = _build(vault)
    _erase(vault, person.client_id)
    with vault.uow() as uow:
        event = recent_events(uow, limit=1)[0]
    assert (event.action, event.object_id) == ("erase", person.client_id)


def test_erasing_an_erased_client_again_changes_nothing(vault: Vault) -> None:
    person, _ = _build(vault, billed=True)
    _erase(vault, person.client_id)
    with vault.uow() as uow:
        first = uow.session.get(Client, person.client_id)
        assert first is not None
        erased_at = first.pseudonymized_at
    report, _changes = _erase(vault, person.client_id)
    assert report.pseudonymized and report.deleted == {}
    with vault.uow() as uow:
        again = uow.session.get(Client, person.client_id)
        assert again is not None and again.pseudonymized_at == erased_at


def test_erasure_of_an_unknown_client(vault: Vault) -> None:
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        erase_client(uow, 4242)


@pytest.mark.parametrize("billed", [False, True], ids=["deleted", "pseudonymized"])
def test_erasure_removes_the_history_of_the_objectives(vault: Vault, billed: bool) -> None:
    # Given a person whose plan has a history (an earlier title and a removed action
    # survive only there), and a neighbour with a history too
    person, neighbour = _build(vault, billed=billed)
    plan_with_history(vault, person.client_id)
    with vault.uow() as uow:
        assert _history_rows(uow.session, person.client_id) == 3 + 5
        neighbour_rows = _history_rows(uow.session, neighbour.client_id)
        assert neighbour_rows == 3

    # When the person is erased (deleted, or pseudonymized when billed)
    report, _changes = _erase(vault, person.client_id)
    assert report.pseudonymized is billed

    # Then no history row of theirs is left, and no word of it anywhere
    with vault.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Objective).where(
            Objective.client_id == person.client_id)) == 0  # fmt: skip
        orphans = s.scalar(
            select(func.count())
            .select_from(ObjectiveEvent)
            .where(~ObjectiveEvent.objective_id.in_(select(Objective.id)))
        )
        assert orphans == 0
        assert tables_holding(s, HISTORY_ONLY) == []
        assert tables_holding(s, MARKER) == []
        # the neighbour's plan keeps its history
        assert _history_rows(s, neighbour.client_id) == neighbour_rows
        assert tables_holding(s, NEIGHBOUR)


def _history_rows(session: Any, client_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(ObjectiveEvent)
            .join(Objective, Objective.id == ObjectiveEvent.objective_id)
            .where(Objective.client_id == client_id)
        )
    )
