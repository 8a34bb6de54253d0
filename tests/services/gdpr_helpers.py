"""Build a complete client file straight through the ORM (for the GDPR and search tests),
give its plan a history through the plan service, and scan a vault for a marker string in
every table and in the FTS shadow tables."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from socialdesk.domain.enums import (
    AppointmentStatus,
    AttendanceStatus,
    ClientStatus,
    ConsentMethod,
    ConsentScope,
    ContactKind,
    InvoiceStatus,
    ObjectiveStatus,
    PayerKind,
    ReportAudience,
    ReportKind,
    ServiceUnit,
)
from socialdesk.domain.plans import ActionInput, ObjectiveInput
from socialdesk.services.plans import (
    add_action,
    create_objective,
    delete_action,
    set_objective_status,
    update_objective,
)
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    Attachment,
    AttachmentBlob,
    BillableItem,
    CaseNote,
    CaseNoteRevision,
    Client,
    ClientContact,
    ClientPackage,
    ClientSocialIssue,
    ClientStatusChange,
    Consent,
    Demarche,
    DemarcheDocument,
    DemarcheKind,
    Evaluation,
    HouseholdMember,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    NoteType,
    Objective,
    ObjectiveAction,
    ObjectiveEvent,
    Organization,
    Referral,
    ReportLog,
    Service,
    SocialIssueType,
    Task,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_numbers = count(1)


@dataclass(frozen=True)
class BuiltClient:
    client_id: int
    file_number: str
    note_ids: tuple[int, ...]
    signed_note_id: int
    attachment_ids: tuple[int, ...]
    solo_appointment_id: int
    group_appointment_id: int


def _get_or_add(session: Session, model: type, code: str, **values: object) -> object:
    row = session.scalar(select(model).where(model.code == code))  # type: ignore[attr-defined]
    if row is None:
        row = model(code=code, **values)
        session.add(row)
        session.flush()
    return row


def other_client(session: Session, last_name: str = "Martin") -> Client:
    client = Client(
        file_number=f"D-2026-{next(_numbers):04d}",
        last_name=last_name,
        first_name="Paul",
        status=ClientStatus.ACTIVE,
        intake_date=date(2025, 9, 1),
    )
    session.add(client)
    session.flush()
    return client


def build_client(session: Session, marker: str) -> BuiltClient:
    """A client whose every personal record holds ``marker`` (lower case letters)."""
    m = marker
    issue = _get_or_add(session, SocialIssueType, "housing", label="Logement")
    interview = _get_or_add(session, NoteType, "interview", label="Entretien")
    kind = _get_or_add(session, DemarcheKind, "rsa", label="RSA")
    caf = Organization(name="CAF du Rhône")
    session.add(caf)
    session.flush()

    client = Client(
        file_number=f"D-2026-{next(_numbers):04d}",
        civility="Mme",
        last_name=f"Lefèvre{m}",
        first_name=f"Élodie{m}",
        birth_name=f"Țurcanu{m}",
        birth_date=date(1984, 5, 17),
        phone="06 12 34 56 78",
        email=f"elodie.{m}@example.fr",
        address_line1=f"12 rue {m}",
        postal_code="69003",
        city=f"Lyon{m}",
        country="FR",
        status=ClientStatus.ACTIVE,
        intake_date=date(2025, 9, 1),
        referral_source=f"CCAS {m}",
        situation_housing=f"Hébergée chez sa sœur {m}",
        situation_health=f"Suivi {m}",
        closing_reason=None,
    )
    session.add(client)
    session.flush()
    cid = client.id
    session.add_all(
        [
            ClientStatusChange(
                client_id=cid, to_status=ClientStatus.ACTIVE, changed_at=NOW, reason=f"r {m}"
            ),
            ClientSocialIssue(client_id=cid, social_issue_type_id=issue.id, is_primary=True),  # type: ignore[attr-defined]
            HouseholdMember(client_id=cid, name=f"Ana {m}", relation="fille", birth_year=2012),
            ClientContact(
                client_id=cid,
                kind=ContactKind.PROFESSIONAL,
                name=f"Dr {m}",
                role="médecin",
                phone="04 00 00 00 00",
            ),
        ]
    )
    session.flush()

    plain = CaseNote(
        client_id=cid,
        note_date=date(2026, 2, 1),
        note_type_id=interview.id,  # type: ignore[attr-defined]
        title=f"Premier entretien {m}",
        body=f"Demande d'aide à la prévoyance. {m}",
    )
    private = CaseNote(
        client_id=cid,
        note_date=date(2026, 2, 8),
        title="Note privée",
        body=f"Impression personnelle {m}",
        is_private=True,
    )
    signed = CaseNote(client_id=cid, note_date=date(2026, 2, 15), title="Synthèse", body=f"v1 {m}")
    session.add_all([plain, private, signed])
    session.flush()
    signed.revisions.append(CaseNoteRevision(revision=1, title="Synthèse", body=f"v1 {m}"))
    signed.signed_at = NOW
    signed.signed_by = "Marie Martin"
    signed.current_revision = 1
    session.flush()
    session.add(
        CaseNoteRevision(
            note_id=signed.id, revision=2, title="Synthèse", body=f"v2 {m}", reason=f"typo {m}"
        )
    )
    session.flush()
    signed.body = f"v2 {m}"
    signed.current_revision = 2
    session.flush()

    attachments = []
    for owner in ({"client_id": cid}, {"note_id": plain.id}):
        data = f"%PDF-1.4 scanned document of {m}".encode()
        attachment = Attachment(
            **owner,
            filename=f"bail {m}.pdf",
            mime="application/pdf",
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        attachment.blob = AttachmentBlob(data=data)
        session.add(attachment)
        session.flush()
        attachments.append(attachment.id)
    session.add(
        Consent(
            client_id=cid,
            consent_date=date(2025, 9, 1),
            scope=ConsentScope.DATA_PROCESSING,
            how_obtained=ConsentMethod.SIGNED_FORM,
            document_attachment_id=attachments[0],
            notes=f"signé {m}",
        )
    )

    solo = Appointment(
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=1),
        status=AppointmentStatus.DONE,
        title=f"Entretien {m}",
        place=f"Domicile {m}",
    )
    other = other_client(session)
    group = Appointment(
        starts_at=NOW + timedelta(days=1),
        ends_at=NOW + timedelta(days=1, hours=2),
        is_group=True,
        title="Atelier budget",
    )
    session.add_all([solo, group])
    session.flush()
    session.add_all(
        [
            AppointmentParticipant(
                appointment_id=solo.id, client_id=cid, attendance=AttendanceStatus.PRESENT
            ),
            AppointmentParticipant(appointment_id=group.id, client_id=cid),
            AppointmentParticipant(appointment_id=group.id, client_id=other.id),
        ]
    )
    objective = Objective(client_id=cid, title=f"Trouver un logement {m}")
    objective.actions.append(ObjectiveAction(text=f"Dossier DALO {m}"))
    objective.evaluations.append(
        Evaluation(evaluation_date=date(2026, 2, 20), progress_percent=40, comment=f"ok {m}")
    )
    # Its history (migration 0003): an earlier title and a removed action live only here.
    objective.events.extend(
        [
            ObjectiveEvent(field="created", new=f"Se loger {m}", at=NOW),
            ObjectiveEvent(
                field="title", old=f"Se loger {m}", new=f"Trouver un logement {m}", at=NOW
            ),
            ObjectiveEvent(field="action_removed", old=f"Appeler le 115 {m}", at=NOW),
        ]
    )
    demarche = Demarche(
        client_id=cid,
        kind_id=kind.id,  # type: ignore[attr-defined]
        organization_id=caf.id,
        reference=f"REF{m}",
        notes=f"dossier {m}",
        benefit_monthly_cents=60712,
    )
    demarche.documents.append(DemarcheDocument(label=f"Avis d'imposition {m}"))
    session.add_all([objective, demarche])
    session.flush()
    session.add_all(
        [
            Task(client_id=cid, title=f"Appeler {m}"),
            Task(demarche_id=demarche.id, title=f"Relancer la CAF {m}"),
            Referral(
                client_id=cid,
                organization_id=caf.id,
                referral_date=date(2026, 1, 10),
                reason=f"droits {m}",
            ),
            ReportLog(
                client_id=cid,
                kind=ReportKind.CLIENT_SUMMARY,
                audience=ReportAudience.INTERNAL,
                sections='["identity"]',
            ),
        ]
    )
    session.flush()
    return BuiltClient(
        client_id=cid,
        file_number=client.file_number,
        note_ids=(plain.id, private.id, signed.id),
        signed_note_id=signed.id,
        attachment_ids=tuple(attachments),
        solo_appointment_id=solo.id,
        group_appointment_id=group.id,
    )


def bill_client(session: Session, client_id: int, *, issued: bool = True) -> int:
    """An invoice to the client as payer (issued: frozen, with the payer's name), a billed
    item and a package; returns the invoice id."""
    series = session.scalar(select(InvoiceSeries).where(InvoiceSeries.code == "F"))
    if series is None:
        series = InvoiceSeries(code="F", prefix="F-2026-")
        session.add(series)
    service = _get_or_add(
        session, Service, "ENT", name="Entretien", unit=ServiceUnit.HOUR, unit_price_cents=6000
    )
    session.flush()
    invoice = Invoice(series_id=series.id, payer_kind=PayerKind.PERSON, payer_client_id=client_id)
    line = InvoiceLine(
        position=1,
        description="Entretien (1 h)",
        service_id=service.id,  # type: ignore[attr-defined]
        quantity_milli=1000,
        unit_price_cents=6000,
        line_net_cents=6000,
    )
    invoice.lines.append(line)
    invoice.total_net_cents = invoice.total_gross_cents = 6000
    session.add(invoice)
    session.flush()
    session.add_all(
        [
            BillableItem(
                client_id=client_id,
                service_id=service.id,  # type: ignore[attr-defined]
                item_date=date(2026, 2, 1),
                quantity_milli=1000,
                unit_price_cents=6000,
                invoice_line_id=line.id,
            ),
            ClientPackage(
                client_id=client_id,
                service_id=service.id,  # type: ignore[attr-defined]
                sold_date=date(2026, 1, 5),
                units_total_milli=10_000,
                price_cents=50_000,
            ),
        ]
    )
    session.flush()
    if issued:
        number = session.scalar(
            select(InvoiceSeries.next_number).where(InvoiceSeries.id == series.id)
        )
        invoice.sequence_number = number
        invoice.number = f"F-2026-{number:04d}"
        series.next_number = (number or 1) + 1
        invoice.status = InvoiceStatus.ISSUED
        invoice.issue_date = date(2026, 3, 2)
        invoice.due_date = date(2026, 4, 1)
        invoice.issued_at = NOW
        invoice.seller_snapshot = '{"legal_name": "Marie Martin"}'
        invoice.payer_snapshot = '{"name": "Élodie Lefèvre"}'
        invoice.hash = "a" * 64
        session.flush()
    return invoice.id


def tables_holding(session: Session, marker: str) -> list[str]:
    """``table.column`` of every text or blob cell (FTS shadow tables included) that holds
    ``marker`` — compared case-insensitively, as text and as UTF-8 bytes."""
    needle = marker.lower().encode("utf-8")
    found = []
    tables = session.execute(
        text("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ).scalars()
    for table in list(tables):
        columns = [row[1] for row in session.execute(text(f'PRAGMA table_xinfo("{table}")'))]
        for column in columns:
            for (value,) in session.execute(text(f'SELECT "{column}" FROM "{table}"')):
                if isinstance(value, str):
                    value = value.encode("utf-8")
                if isinstance(value, bytes) and needle in value.lower():
                    found.append(f"{table}.{column}")
                    break
    return sorted(set(found))


HISTORY_ONLY = "qhistoryonlyx"  # words that only the objective's history still holds


def plan_with_history(vault: Any, client_id: int) -> None:
    """Through the plan service: a title changed, a status changed, an action removed —
    the earlier title and the removed action survive only in ``objective_event``."""
    with vault.uow() as uow:
        objective, _c = create_objective(
            uow, client_id, ObjectiveInput(title=f"Ancien titre {HISTORY_ONLY}"), now=NOW
        )
        update_objective(uow, objective.id, ObjectiveInput(title="Ouvrir les droits"), now=NOW)
        set_objective_status(uow, objective.id, ObjectiveStatus.ACHIEVED, now=NOW)
        with_action, _c = add_action(
            uow, objective.id, ActionInput(text=f"Action retirée {HISTORY_ONLY}"), now=NOW
        )
        delete_action(uow, with_action.actions[0].id, now=NOW)
    with vault.uow() as uow:
        assert tables_holding(uow.session, HISTORY_ONLY) == [
            "objective_event.new",
            "objective_event.old",
        ]
