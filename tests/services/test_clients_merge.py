"""Merging two files of the same person: every linked record moves to the kept file
(signed notes included, with their revisions), pairs that would clash are resolved, the
merged file disappears, and the audit log says so without any case content."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import UniqueConstraint, func, select, text, update

from socialdesk.domain.clients import (
    ClientErased,
    ClientNotFound,
    ConsentDTO,
    HouseholdMemberDTO,
    MergeRefused,
)
from socialdesk.domain.enums import InvoiceStatus, ReportAudience, ReportKind, ServiceUnit
from socialdesk.services.audit import recent_events, verify_chain
from socialdesk.services.clients import (
    get_client_file,
    list_clients,
    merge_clients,
    save_consents,
    save_household,
    update_client,
)
from socialdesk.services.clients_merge import references_to
from socialdesk.services.vault import Vault
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    Attachment,
    AttachmentBlob,
    Base,
    BillableItem,
    CaseNote,
    CaseNoteRevision,
    Client,
    ClientPackage,
    ClientSocialIssue,
    Demarche,
    DemarcheKind,
    Invoice,
    InvoiceSeries,
    Objective,
    Organization,
    Referral,
    ReportLog,
    Service,
    Task,
)
from socialdesk.storage.uow import UnitOfWork
from tests.services.test_clients import add_issue_types, make_client

NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = date.today()
SIGNED_BODY = "Texte signé, confidentiel — amendé"


@dataclass
class Files:
    keep: int
    merge: int
    shared_appointment: int
    own_appointment: int
    signed_note: int
    unsigned_note: int
    note_attachment: int
    invoice: int


def _attachment(uow: UnitOfWork, *, client_id: int | None, note_id: int | None) -> int:
    attachment = Attachment(
        client_id=client_id,
        note_id=note_id,
        filename="avis.pdf",
        mime="application/pdf",
        size_bytes=4,
        sha256="0" * 64,
    )
    attachment.blob = AttachmentBlob(data=b"%PDF")
    uow.session.add(attachment)
    uow.session.flush()
    return attachment.id


def _signed_note(uow: UnitOfWork, client_id: int) -> int:
    """A note signed, then amended once (revision 2), written as the triggers allow."""
    note = CaseNote(
        client_id=client_id,
        note_date=TODAY - timedelta(days=5),
        title="Entretien",
        body=SIGNED_BODY,
        signed_at=NOW - timedelta(days=5),
        signed_by="C. Martin",
        current_revision=2,
    )
    uow.session.add(note)
    uow.session.flush()
    for number, body in ((1, "Texte signé, confidentiel"), (2, SIGNED_BODY)):
        uow.session.add(
            CaseNoteRevision(
                note_id=note.id, revision=number, title="Entretien", body=body, author="C. Martin"
            )
        )
    uow.session.flush()
    return note.id


@pytest.fixture
def files(vault: Vault) -> Files:
    """Two files of one person; the one to merge has a bit of everything."""
    with vault.uow() as uow:
        session = uow.session
        add_issue_types(uow)
        org = Organization(name="CCAS de Lyon")
        service = Service(
            code="ENT", name="Entretien", unit=ServiceUnit.HOUR, unit_price_cents=5000
        )
        kind = DemarcheKind(code="rsa", label="RSA")
        series = InvoiceSeries(code="F", prefix="F-2026-")
        session.add_all([org, service, kind, series])
        session.flush()
        keep = make_client(
            uow,
            "Dupont",
            "Éloïse",
            intake_date=TODAY - timedelta(days=100),
            social_issue_codes=("income", "housing"),
            situation_housing="Hébergée chez sa sœur.",
        )
        merge = make_client(
            uow,
            "DUPONT",
            "Eloise",
            birth_date=date(1990, 4, 12),
            phone="06 12 34 56 78",
            intake_date=TODAY - timedelta(days=200),
            social_issue_codes=("debt", "housing"),
            situation_housing="Demande de logement social en cours.",
        )
        session.execute(
            update(Client)
            .where(Client.id == merge.id)
            .values(last_contact_at=NOW - timedelta(days=1))
        )
        soon, past = NOW + timedelta(days=1), NOW - timedelta(days=5)
        shared = Appointment(starts_at=soon, ends_at=soon + timedelta(hours=1))
        shared.participants = [
            AppointmentParticipant(client_id=keep.id),
            AppointmentParticipant(client_id=merge.id),
        ]
        own = Appointment(starts_at=past, ends_at=past + timedelta(hours=1))
        own.participants = [AppointmentParticipant(client_id=merge.id)]
        session.add_all([shared, own])
        session.flush()
        unsigned = CaseNote(client_id=merge.id, note_date=TODAY, title="Brouillon", body="À relire")
        session.add(unsigned)
        session.flush()
        signed = _signed_note(uow, merge.id)
        note_attachment = _attachment(uow, client_id=merge.id, note_id=signed)
        _attachment(uow, client_id=merge.id, note_id=None)
        objective = Objective(client_id=merge.id, title="Trouver un logement")
        demarche = Demarche(client_id=merge.id, kind_id=kind.id)
        session.add_all([objective, demarche])
        session.flush()
        invoice = Invoice(series_id=series.id, payer_client_id=merge.id)  # a draft
        session.add_all(
            [
                Task(client_id=merge.id, title="Rappeler la CAF"),
                Task(demarche_id=demarche.id, title="Pièces justificatives"),
                Referral(client_id=merge.id, organization_id=org.id, referral_date=TODAY),
                BillableItem(
                    client_id=merge.id,
                    service_id=service.id,
                    item_date=TODAY,
                    quantity_milli=1000,
                    unit_price_cents=5000,
                ),
                ClientPackage(
                    client_id=merge.id,
                    service_id=service.id,
                    sold_date=TODAY,
                    units_total_milli=10000,
                    price_cents=40000,
                ),
                invoice,
                ReportLog(
                    client_id=merge.id,
                    kind=ReportKind.CLIENT_SUMMARY,
                    audience=ReportAudience.CLIENT,
                ),
            ]
        )
        session.flush()
        save_consents(uow, merge.id, [ConsentDTO(consent_date=TODAY, scope="data_processing")])
        save_household(uow, merge.id, [HouseholdMemberDTO(name="Léa Dupont", birth_year=2015)])
        return Files(
            keep=keep.id,
            merge=merge.id,
            shared_appointment=shared.id,
            own_appointment=own.id,
            signed_note=signed,
            unsigned_note=unsigned.id,
            note_attachment=note_attachment,
            invoice=invoice.id,
        )


def _rows_of(uow: UnitOfWork, client_id: int) -> dict[str, int]:
    """How many rows of each table point at ``client_id``."""
    counts: dict[str, int] = {}
    for column in references_to(Client.__table__):  # type: ignore[arg-type]
        count = uow.session.scalar(
            select(func.count()).select_from(column.table).where(column == client_id)
        )
        if count:
            counts[f"{column.table.name}.{column.name}"] = count
    return counts


def test_merge_moves_every_linked_record(vault: Vault, files: Files) -> None:
    # Given two files of the same person
    with vault.uow() as uow:
        before_keep, before_merge = _rows_of(uow, files.keep), _rows_of(uow, files.merge)
    # When the second is merged into the first
    with vault.uow() as uow:
        merged, changes = merge_clients(uow, keep_id=files.keep, merge_id=files.merge)
    # Then the merged file is gone and nothing points at it any more
    assert changes.clients and changes.notes and changes.agenda and changes.billing
    with vault.uow() as uow:
        assert uow.session.get(Client, files.merge) is None
        assert _rows_of(uow, files.merge) == {}
        after = _rows_of(uow, files.keep)
        participants = uow.session.scalars(
            select(AppointmentParticipant.client_id).where(
                AppointmentParticipant.appointment_id == files.shared_appointment
            )
        ).all()
        own = uow.session.scalars(
            select(AppointmentParticipant.client_id).where(
                AppointmentParticipant.appointment_id == files.own_appointment
            )
        ).all()
        invoice = uow.session.get(Invoice, files.invoice)
        assert invoice is not None and invoice.payer_client_id == files.keep
    # And every record moved: the kept file has the sum of both, minus the clashing pairs
    clashes = {"appointment_participant.client_id": 1, "client_social_issue.client_id": 1}
    for name in set(before_keep) | set(before_merge):
        expected = before_keep.get(name, 0) + before_merge.get(name, 0) - clashes.get(name, 0)
        assert after.get(name, 0) == expected, name
    assert participants == [files.keep] and own == [files.keep]
    # And the kept file keeps its identity, completed from the merged one
    assert merged.first_name == "Éloïse" and merged.phone == "06 12 34 56 78"
    assert merged.birth_date == date(1990, 4, 12)
    assert merged.intake_date == TODAY - timedelta(days=200)
    assert merged.last_contact_at == NOW - timedelta(days=1)
    assert merged.situation_housing == (
        "Hébergée chez sa sœur.\n\nDemande de logement social en cours."
    )
    assert merged.social_issue_codes == ("income", "housing", "debt")  # one main issue
    assert [m.name for m in merged.household] == ["Léa Dupont"]
    assert merged.has_active_consent
    assert len(merged.status_history) == 2
    with vault.uow() as uow:
        primaries = uow.session.scalar(
            select(func.count())
            .select_from(ClientSocialIssue)
            .where(ClientSocialIssue.client_id == files.keep, ClientSocialIssue.is_primary)
        )
        assert primaries == 1
        assert list_clients(uow).total == 1


def test_merge_keeps_signed_notes_signed_with_their_history(vault: Vault, files: Files) -> None:
    with vault.uow() as uow:
        merge_clients(uow, keep_id=files.keep, merge_id=files.merge)
    with vault.uow() as uow:
        notes = uow.session.scalars(
            select(CaseNote).where(CaseNote.client_id == files.keep).order_by(CaseNote.id)
        ).all()
        signed = next(n for n in notes if n.signed_at is not None)
        unsigned = next(n for n in notes if n.signed_at is None)
        revisions = [(r.revision, r.body) for r in signed.revisions]
        attachment = uow.session.get(Attachment, files.note_attachment)
        assert attachment is not None
        # The note could not change client (trigger): it is a faithful copy with a new id
        assert (
            signed.id != files.signed_note and uow.session.get(CaseNote, files.signed_note) is None
        )
        assert (signed.body, signed.signed_by, signed.current_revision) == (
            SIGNED_BODY,
            "C. Martin",
            2,
        )
        assert signed.signed_at == NOW - timedelta(days=5)
        assert revisions == [(1, "Texte signé, confidentiel"), (2, SIGNED_BODY)]
        assert attachment.note_id == signed.id and attachment.client_id == files.keep
        assert unsigned.id == files.unsigned_note  # an unsigned note simply moves
        # The copy is still locked by the database
        with pytest.raises(Exception, match="signed case note"):
            uow.session.execute(
                text("UPDATE case_note SET body = 'falsifié' WHERE id = :id"), {"id": signed.id}
            )


def test_merge_is_audited_without_case_content(vault: Vault, files: Files) -> None:
    with vault.uow() as uow:
        keep_number = get_client_file(uow, files.keep).file_number
        merge_number = get_client_file(uow, files.merge).file_number
        merge_clients(uow, keep_id=files.keep, merge_id=files.merge)
    with vault.uow() as uow:
        event = recent_events(uow, limit=1)[0]
        assert verify_chain(uow) is None
    assert (event.object_type, event.object_id) == ("client", files.merge)
    details = event.details
    assert details["operation"] == "merge"
    assert (details["kept_file_number"], details["merged_file_number"]) == (
        keep_number,
        merge_number,
    )
    assert details["moved"]["case_note.client_id"] == 1  # the unsigned note
    assert list(details["signed_notes_copied"]) == [str(files.signed_note)]
    assert details["dropped_duplicates"] == {
        "appointment_participant.client_id": 1,
        "client_social_issue.client_id": 1,
    }
    dumped = json.dumps(details, ensure_ascii=False)
    for secret in ("confidentiel", "Brouillon", "Dupont", "DUPONT", "Éloïse", "06 12"):
        assert secret not in dumped


def test_merge_refused_cases_change_nothing(vault: Vault, files: Files) -> None:
    with pytest.raises(MergeRefused), vault.uow() as uow:
        merge_clients(uow, keep_id=files.keep, merge_id=files.keep)
    with pytest.raises(ClientNotFound), vault.uow() as uow:
        merge_clients(uow, keep_id=files.keep, merge_id=999)
    with vault.uow() as uow:
        assert get_client_file(uow, files.merge).phone == "06 12 34 56 78"
        assert _rows_of(uow, files.merge)["case_note.client_id"] == 2


def _issue(uow: UnitOfWork, invoice_id: int) -> None:
    """Issue a draft invoice the way the invoicing service will (frozen columns set)."""
    invoice = uow.session.get(Invoice, invoice_id)
    assert invoice is not None
    invoice.number, invoice.sequence_number = "F-2026-0001", 1
    invoice.issue_date, invoice.issued_at = TODAY, NOW
    invoice.hash, invoice.seller_snapshot, invoice.payer_snapshot = "a" * 64, "{}", "{}"
    invoice.status = InvoiceStatus.ISSUED


def test_merge_refused_when_the_merged_file_is_on_issued_invoices(
    vault: Vault, files: Files
) -> None:
    # Given the file to merge is the payer of an issued (frozen) invoice
    with vault.uow() as uow:
        _issue(uow, files.invoice)
    # When it is merged away, Then the merge is refused and nothing changed
    with pytest.raises(MergeRefused) as caught, vault.uow() as uow:
        merge_clients(uow, keep_id=files.keep, merge_id=files.merge)
    assert "keep that file" in str(caught.value)
    with vault.uow() as uow:
        assert uow.session.get(Client, files.merge) is not None
    # And merging the other way round works: the invoice stays with the kept file
    with vault.uow() as uow:
        merge_clients(uow, keep_id=files.merge, merge_id=files.keep)
    with vault.uow() as uow:
        invoice = uow.session.get(Invoice, files.invoice)
        assert invoice is not None and invoice.payer_client_id == files.merge


def test_merge_refused_for_an_erased_file(vault: Vault, files: Files) -> None:
    with vault.uow() as uow:
        row = uow.session.get(Client, files.merge)
        assert row is not None
        row.pseudonymized_at = NOW
    with pytest.raises(ClientErased), vault.uow() as uow:
        merge_clients(uow, keep_id=files.keep, merge_id=files.merge)


def test_merge_then_edit_the_kept_file(vault: Vault, files: Files) -> None:
    with vault.uow() as uow:
        merged, _ = merge_clients(uow, keep_id=files.keep, merge_id=files.merge)
    with vault.uow() as uow:
        updated, _ = update_client(uow, files.keep, merged.to_input())
    assert updated == merged


def test_merge_clash_tables_are_not_referenced_by_others() -> None:
    """Dropping the merged file's clashing rows must never cascade to other records: a
    table with a unique constraint on its client column must have no incoming keys."""
    client = Base.metadata.tables["client"]
    for column in references_to(client):
        table = column.table
        uniques = [c for c in table.constraints if isinstance(c, UniqueConstraint)]
        uniques += [i for i in table.indexes if i.unique]
        if any(c is column for u in uniques for c in u.columns):
            assert references_to(table) == [], table.name  # type: ignore[arg-type]
