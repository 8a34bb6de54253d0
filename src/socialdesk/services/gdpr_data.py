"""Everything the vault holds about one person, as a JSON-ready document (right of access).

The layout is versioned (:data:`~socialdesk.domain.gdpr.EXPORT_SCHEMA_VERSION`) and
described by the JSON Schema shipped in ``resources/schemas/gdpr-export-1.schema.json``:

- ``schema``, ``schema_version``, ``generated_at``, ``controller`` (the practitioner: the
  data controller the person may contact);
- ``person``: identity, contact, address, situation, status and dates of the file;
- ``status_history``, ``social_issues``, ``household``, ``contacts``, ``consents``;
- ``notes``: every case note, private notes and drafts included (``is_private``), with
  every revision of a signed note;
- ``appointments`` the person took part in (other participants are not named),
  ``objectives`` (plan: actions, evaluations and the ``history`` of every change — which
  field, when, the value before and after, as stored), ``demarches`` (with their checklist),
  ``tasks``, ``referrals``;
- ``attachments``: name, type, size, SHA-256 and the path of the copy next to the JSON;
- ``packages``, ``billable_items``, ``invoices`` (where the person is the payer, with
  lines and payments), ``reports`` produced about the person.

Values: dates ``YYYY-MM-DD``, instants ISO 8601 in UTC, money integer cents with the
invoice's currency, quantities thousandths of a unit (``*_milli``), statuses and kinds as
their stable codes (the PDF shows them translated). Absent values are ``null``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import or_, select

from socialdesk.domain.clients import ClientNotFound
from socialdesk.domain.gdpr import EXPORT_SCHEMA, EXPORT_SCHEMA_VERSION
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    Attachment,
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
    NoteType,
    Objective,
    ObjectiveAction,
    ObjectiveEvent,
    Organization,
    OrganizationContact,
    PackageConsumption,
    Payment,
    PractitionerProfile,
    Referral,
    ReportLog,
    Service,
    SocialIssueType,
    Task,
)
from socialdesk.storage.orm.profile import PROFILE_ID
from socialdesk.storage.uow import UnitOfWork

Json = dict[str, Any]


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _instant(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _code(value: Any) -> str | None:
    return None if value is None else str(value.value if hasattr(value, "value") else value)


def attachment_file_name(attachment_id: int, filename: str) -> str:
    """``attachments/12-bail.pdf``: the copy's path, relative to the export folder."""
    return f"attachments/{attachment_id}-{safe_file_name(filename)}"


def safe_file_name(name: str, *, fallback: str = "file") -> str:
    """A file name without folders, control characters or characters Windows refuses."""
    cleaned = "".join(
        "_" if (ord(ch) < 32 or ch in '<>:"/\\|?*') else ch for ch in name.replace("\x7f", "")
    ).strip(" .")
    return cleaned[-120:] if cleaned else fallback


def collect_client_data(uow: UnitOfWork, client_id: int, *, now: datetime | None = None) -> Json:
    """The export document of client ``client_id`` (raises ClientNotFound)."""
    session = uow.session
    client = session.get(Client, client_id)
    if client is None:
        raise ClientNotFound(client_id)
    org_names = _names(session, Organization)
    service_names = _names(session, Service)

    notes = session.scalars(
        select(CaseNote)
        .where(CaseNote.client_id == client_id)
        .order_by(CaseNote.note_date, CaseNote.id)
    ).all()
    note_ids = [n.id for n in notes]
    demarches = session.scalars(
        select(Demarche).where(Demarche.client_id == client_id).order_by(Demarche.id)
    ).all()
    demarche_ids = [d.id for d in demarches]

    return {
        "schema": EXPORT_SCHEMA,
        "schema_version": EXPORT_SCHEMA_VERSION,
        "generated_at": _instant(now or datetime.now(UTC)),
        "controller": _controller(session.get(PractitionerProfile, PROFILE_ID)),
        "person": _person(client, org_names),
        "status_history": [
            {
                "from_status": _code(s.from_status),
                "to_status": _code(s.to_status),
                "changed_at": _instant(s.changed_at),
                "reason": s.reason,
            }
            for s in session.scalars(
                select(ClientStatusChange)
                .where(ClientStatusChange.client_id == client_id)
                .order_by(ClientStatusChange.changed_at, ClientStatusChange.id)
            )
        ],
        "social_issues": [
            {"code": code, "label": label, "is_primary": bool(primary)}
            for code, label, primary in session.execute(
                select(SocialIssueType.code, SocialIssueType.label, ClientSocialIssue.is_primary)
                .join(ClientSocialIssue.social_issue_type)
                .where(ClientSocialIssue.client_id == client_id)
                .order_by(ClientSocialIssue.is_primary.desc(), SocialIssueType.sort_order)
            )
        ],
        "household": [
            {"name": m.name, "relation": m.relation, "birth_year": m.birth_year, "notes": m.notes}
            for m in session.scalars(
                select(HouseholdMember)
                .where(HouseholdMember.client_id == client_id)
                .order_by(HouseholdMember.position, HouseholdMember.id)
            )
        ],
        "contacts": [
            {
                "kind": _code(c.kind),
                "name": c.name,
                "organization": org_names.get(c.organization_id),
                "role": c.role,
                "phone": c.phone,
                "email": c.email,
                "notes": c.notes,
            }
            for c in session.scalars(
                select(ClientContact)
                .where(ClientContact.client_id == client_id)
                .order_by(ClientContact.id)
            )
        ],
        "consents": [
            {
                "consent_date": _date(c.consent_date),
                "scope": _code(c.scope),
                "how_obtained": _code(c.how_obtained),
                "withdrawn_at": _instant(c.withdrawn_at),
                "document_attachment_id": c.document_attachment_id,
                "notes": c.notes,
            }
            for c in session.scalars(
                select(Consent)
                .where(Consent.client_id == client_id)
                .order_by(Consent.consent_date, Consent.id)
            )
        ],
        "notes": _notes(session, notes),
        "appointments": _appointments(session, client_id, service_names),
        "objectives": _objectives(session, client_id),
        "demarches": _demarches(session, demarches, org_names),
        "tasks": _tasks(session, client_id, demarche_ids),
        "referrals": _referrals(session, client_id, org_names),
        "attachments": _attachments(session, client_id, note_ids, demarche_ids),
        "packages": _packages(session, client_id, service_names),
        "billable_items": [
            {
                "item_date": _date(b.item_date),
                "service": service_names.get(b.service_id),
                "quantity_milli": b.quantity_milli,
                "unit_price_cents": b.unit_price_cents,
                "description": b.description,
                "invoiced": b.invoice_line_id is not None,
            }
            for b in session.scalars(
                select(BillableItem)
                .where(BillableItem.client_id == client_id)
                .order_by(BillableItem.item_date, BillableItem.id)
            )
        ],
        "invoices": _invoices(session, client_id),
        "reports": [
            {
                "kind": _code(r.kind),
                "audience": _code(r.audience),
                "period_start": _date(r.period_start),
                "period_end": _date(r.period_end),
                "created_at": _instant(r.created_at),
            }
            for r in session.scalars(
                select(ReportLog)
                .where(ReportLog.client_id == client_id)
                .order_by(ReportLog.created_at, ReportLog.id)
            )
        ],
    }


def _names(session: Any, model: Any) -> dict[int | None, str]:
    return {row_id: name for row_id, name in session.execute(select(model.id, model.name))}


def _controller(profile: PractitionerProfile | None) -> Json:
    if profile is None:
        return {"name": None, "address": None, "email": None, "phone": None}
    address = ", ".join(
        p
        for p in (
            profile.address_line1,
            profile.address_line2,
            " ".join(x for x in (profile.postal_code, profile.city) if x),
        )
        if p
    )
    return {
        "name": profile.legal_name or profile.display_name,
        "address": address or None,
        "email": profile.email,
        "phone": profile.phone,
    }


def _person(c: Client, org_names: dict[int | None, str]) -> Json:
    return {
        "id": c.id,
        "file_number": c.file_number,
        "civility": c.civility,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "birth_name": c.birth_name,
        "birth_date": _date(c.birth_date),
        "gender": _code(c.gender),
        "phone": c.phone,
        "email": c.email,
        "address": {
            "line1": c.address_line1,
            "line2": c.address_line2,
            "postal_code": c.postal_code,
            "city": c.city,
            "country": c.country,
        },
        "status": _code(c.status),
        "intake_date": _date(c.intake_date),
        "closed_date": _date(c.closed_date),
        "closing_reason": c.closing_reason,
        "referral_source": c.referral_source,
        "referred_by": org_names.get(c.referred_by_organization_id),
        "default_payer": {
            "kind": _code(c.default_payer_kind),
            "organization": org_names.get(c.default_payer_organization_id),
        },
        "situation": {
            "housing": c.situation_housing,
            "resources": c.situation_resources,
            "health": c.situation_health,
            "employment": c.situation_employment,
            "family": c.situation_family,
            "administrative": c.situation_administrative,
        },
        "last_contact_at": _instant(c.last_contact_at),
        "retention_until": _date(c.retention_until),
        "pseudonymized_at": _instant(c.pseudonymized_at),
        "created_at": _instant(c.created_at),
        "updated_at": _instant(c.updated_at),
    }


def _notes(session: Any, notes: Iterable[CaseNote]) -> list[Json]:
    notes = list(notes)
    types = {
        t.id: (t.code, t.label) for t in session.scalars(select(NoteType))
    }  # a handful of rows
    revisions: dict[int, list[Json]] = {}
    ids = [n.id for n in notes]
    for chunk in _chunks(ids):
        for r in session.scalars(
            select(CaseNoteRevision)
            .where(CaseNoteRevision.note_id.in_(chunk))
            .order_by(CaseNoteRevision.note_id, CaseNoteRevision.revision)
        ):
            revisions.setdefault(r.note_id, []).append(
                {
                    "revision": r.revision,
                    "title": r.title,
                    "body": r.body,
                    "reason": r.reason,
                    "author": r.author,
                    "created_at": _instant(r.created_at),
                }
            )
    out = []
    for n in notes:
        code, label = types.get(n.note_type_id, (None, None))
        out.append(
            {
                "id": n.id,
                "note_date": _date(n.note_date),
                "type_code": code,
                "type_label": label,
                "title": n.title,
                "body": n.body,
                "is_private": bool(n.is_private),
                "is_draft": bool(n.is_draft),
                "signed_at": _instant(n.signed_at),
                "signed_by": n.signed_by,
                "current_revision": n.current_revision,
                "appointment_id": n.appointment_id,
                "created_at": _instant(n.created_at),
                "updated_at": _instant(n.updated_at),
                "revisions": revisions.get(n.id, []),
            }
        )
    return out


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _appointments(session: Any, client_id: int, service_names: dict[int | None, str]) -> list[Json]:
    rows = session.execute(
        select(Appointment, AppointmentParticipant.attendance)
        .join(AppointmentParticipant, AppointmentParticipant.appointment_id == Appointment.id)
        .where(AppointmentParticipant.client_id == client_id)
        .order_by(Appointment.starts_at, Appointment.id)
    ).all()
    return [
        {
            "id": a.id,
            "starts_at": _instant(a.starts_at),
            "ends_at": _instant(a.ends_at),
            "kind": _code(a.kind),
            "status": _code(a.status),
            "attendance": _code(attendance),
            "is_group": bool(a.is_group),
            "title": a.title,
            "place": a.place,
            "service": service_names.get(a.service_id),
            "note": a.note_short,
            "cancelled_at": _instant(a.cancelled_at),
            "cancellation_reason": a.cancellation_reason,
        }
        for a, attendance in rows
    ]


def _objectives(session: Any, client_id: int) -> list[Json]:
    issue_labels = _names_by(session, SocialIssueType.id, SocialIssueType.label)
    out = []
    for o in session.scalars(
        select(Objective)
        .where(Objective.client_id == client_id)
        .order_by(Objective.position, Objective.id)
    ):
        out.append(
            {
                "title": o.title,
                "description": o.description,
                "social_issue": issue_labels.get(o.social_issue_type_id),
                "target_date": _date(o.target_date),
                "status": _code(o.status),
                "closed_date": _date(o.closed_date),
                "actions": [
                    {"text": a.text, "due_date": _date(a.due_date), "done_at": _instant(a.done_at)}
                    for a in session.scalars(
                        select(ObjectiveAction)
                        .where(ObjectiveAction.objective_id == o.id)
                        .order_by(ObjectiveAction.position, ObjectiveAction.id)
                    )
                ],
                "evaluations": [
                    {
                        "evaluation_date": _date(e.evaluation_date),
                        "progress_percent": e.progress_percent,
                        "comment": e.comment,
                    }
                    for e in session.scalars(
                        select(Evaluation)
                        .where(Evaluation.objective_id == o.id)
                        .order_by(Evaluation.evaluation_date, Evaluation.id)
                    )
                ],
                "history": [
                    {"at": _instant(ev.at), "field": ev.field, "old": ev.old, "new": ev.new}
                    for ev in session.scalars(
                        select(ObjectiveEvent)
                        .where(ObjectiveEvent.objective_id == o.id)
                        .order_by(ObjectiveEvent.at, ObjectiveEvent.id)
                    )
                ],
            }
        )
    return out


def _names_by(session: Any, key: Any, value: Any) -> dict[Any, str]:
    return {k: v for k, v in session.execute(select(key, value))}


def _demarches(
    session: Any, demarches: Iterable[Demarche], org_names: dict[int | None, str]
) -> list[Json]:
    kinds = _names_by(session, DemarcheKind.id, DemarcheKind.label)
    return [
        {
            "id": d.id,
            "kind": kinds.get(d.kind_id),
            "organization": org_names.get(d.organization_id),
            "reference": d.reference,
            "status": _code(d.status),
            "submitted_date": _date(d.submitted_date),
            "next_action_date": _date(d.next_action_date),
            "next_action": d.next_action,
            "deadline": _date(d.deadline),
            "decision_date": _date(d.decision_date),
            "outcome": d.outcome,
            "benefit_monthly_cents": d.benefit_monthly_cents,
            "notes": d.notes,
            "documents": [
                {
                    "label": doc.label,
                    "received": bool(doc.received),
                    "received_date": _date(doc.received_date),
                }
                for doc in session.scalars(
                    select(DemarcheDocument)
                    .where(DemarcheDocument.demarche_id == d.id)
                    .order_by(DemarcheDocument.position, DemarcheDocument.id)
                )
            ],
        }
        for d in demarches
    ]


def _tasks(session: Any, client_id: int, demarche_ids: list[int]) -> list[Json]:
    condition = Task.client_id == client_id
    if demarche_ids:
        condition = or_(condition, Task.demarche_id.in_(demarche_ids))
    return [
        {
            "title": t.title,
            "notes": t.notes,
            "due_date": _date(t.due_date),
            "status": _code(t.status),
            "done_at": _instant(t.done_at),
            "demarche_id": t.demarche_id,
        }
        for t in session.scalars(select(Task).where(condition).order_by(Task.due_date, Task.id))
    ]


def _referrals(session: Any, client_id: int, org_names: dict[int | None, str]) -> list[Json]:
    contacts = _names_by(session, OrganizationContact.id, OrganizationContact.name)
    return [
        {
            "organization": org_names.get(r.organization_id),
            "contact": contacts.get(r.organization_contact_id),
            "referral_date": _date(r.referral_date),
            "reason": r.reason,
            "outcome": _code(r.outcome),
            "outcome_date": _date(r.outcome_date),
            "notes": r.notes,
        }
        for r in session.scalars(
            select(Referral)
            .where(Referral.client_id == client_id)
            .order_by(Referral.referral_date, Referral.id)
        )
    ]


def client_attachments(
    session: Any, client_id: int, note_ids: list[int], demarche_ids: list[int]
) -> list[Attachment]:
    """The person's attachments: on the file, on one of their notes or démarches."""
    conditions = [Attachment.client_id == client_id]
    if note_ids:
        conditions.append(Attachment.note_id.in_(note_ids))
    if demarche_ids:
        conditions.append(Attachment.demarche_id.in_(demarche_ids))
    return list(session.scalars(select(Attachment).where(or_(*conditions)).order_by(Attachment.id)))


def _attachments(
    session: Any, client_id: int, note_ids: list[int], demarche_ids: list[int]
) -> list[Json]:
    return [
        {
            "id": a.id,
            "filename": a.filename,
            "mime": a.mime,
            "size_bytes": a.size_bytes,
            "sha256": a.sha256,
            "description": a.description,
            "note_id": a.note_id,
            "demarche_id": a.demarche_id,
            "created_at": _instant(a.created_at),
            "file": attachment_file_name(a.id, a.filename),
        }
        for a in client_attachments(session, client_id, note_ids, demarche_ids)
    ]


def _packages(session: Any, client_id: int, service_names: dict[int | None, str]) -> list[Json]:
    out = []
    for p in session.scalars(
        select(ClientPackage)
        .where(ClientPackage.client_id == client_id)
        .order_by(ClientPackage.sold_date, ClientPackage.id)
    ):
        out.append(
            {
                "service": service_names.get(p.service_id),
                "sold_date": _date(p.sold_date),
                "valid_until": _date(p.valid_until),
                "units_total_milli": p.units_total_milli,
                "price_cents": p.price_cents,
                "status": _code(p.status),
                "closed_reason": p.closed_reason,
                "consumptions": [
                    {
                        "consumed_date": _date(u.consumed_date),
                        "units_milli": u.units_milli,
                        "reason": u.reason,
                    }
                    for u in session.scalars(
                        select(PackageConsumption)
                        .where(PackageConsumption.client_package_id == p.id)
                        .order_by(PackageConsumption.consumed_date, PackageConsumption.id)
                    )
                ],
            }
        )
    return out


def _invoices(session: Any, client_id: int) -> list[Json]:
    out = []
    for inv in session.scalars(
        select(Invoice)
        .where(Invoice.payer_client_id == client_id)
        .order_by(Invoice.issue_date, Invoice.id)
    ):
        out.append(
            {
                "number": inv.number,
                "kind": _code(inv.kind),
                "status": _code(inv.status),
                "issue_date": _date(inv.issue_date),
                "due_date": _date(inv.due_date),
                "period_start": _date(inv.period_start),
                "period_end": _date(inv.period_end),
                "currency": _code(inv.currency),
                "total_net_cents": inv.total_net_cents,
                "total_vat_cents": inv.total_vat_cents,
                "total_gross_cents": inv.total_gross_cents,
                "paid_cents": inv.paid_cents,
                "lines": [
                    {
                        "description": line.description,
                        "service_date": _date(line.service_date),
                        "quantity_milli": line.quantity_milli,
                        "unit_price_cents": line.unit_price_cents,
                        "vat_rate_bp": line.vat_rate_bp,
                        "line_net_cents": line.line_net_cents,
                    }
                    for line in session.scalars(
                        select(InvoiceLine)
                        .where(InvoiceLine.invoice_id == inv.id)
                        .order_by(InvoiceLine.position)
                    )
                ],
                "payments": [
                    {
                        "payment_date": _date(pay.payment_date),
                        "amount_cents": pay.amount_cents,
                        "method": _code(pay.method),
                    }
                    for pay in session.scalars(
                        select(Payment)
                        .where(Payment.invoice_id == inv.id)
                        .order_by(Payment.payment_date, Payment.id)
                    )
                ],
            }
        )
    return out
