"""The client report (rapport / bilan d'accompagnement): gathered, redacted, printed, logged.

Public API::

    gather_client_report(uow, request, *, today) -> ClientReportData
    render_client_report(uow, request, *, today=None) -> ReportOutput   # preview: not logged
    write_client_report(uow, request, out, *, today=None) -> ReportOutput  # file + log
    log_client_report(uow, request) -> ReportRecord   # the GUI printed or saved it
    client_report_log(uow, client_id) -> list[ReportRecord]   # newest first
    report_note_choices(uow, client_id, start, end, audience) -> list[NoteChoice]

**Redaction happens here, in the gather step**: what the audience may not see is never
read into the :class:`~socialdesk.domain.client_report.ClientReportData` tree, so no
renderer (PDF, preview, a later format) can leak it. The rules are written in
:mod:`socialdesk.domain.client_report`. In short: ``person`` never gets a private note;
``partner`` never gets a private note nor a third party's name (replaced by the relation
or role, and known names are replaced in the free texts too), and gets a note's text
only when the user ticked that note (``note_ids``); ``file`` gets everything. Draft notes
are only in the ``file`` report.

Every report that leaves the vault (a file written, a page printed) is logged in
``report_log`` (date, client, audience, period, sections; never its content) and in the
audit log (EXPORT or PRINT, without case text).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialdesk.domain.client_report import (
    ClientReportData,
    NoteChoice,
    ReportAction,
    ReportAppointment,
    ReportAppointments,
    ReportDemarche,
    ReportDemarches,
    ReportEvaluation,
    ReportIdentity,
    ReportNote,
    ReportObjective,
    ReportPackage,
    ReportThirdParty,
)
from socialdesk.domain.clients import display_name
from socialdesk.domain.enums import (
    AppointmentStatus,
    AuditAction,
    DemarcheStatus,
    ReportAudience,
)
from socialdesk.domain.errors import ValidationError
from socialdesk.domain.reports import (
    ClientReportRequest,
    ReportOutput,
    ReportSection,
    check_period,
)
from socialdesk.services.client_file import load_client, ordered_issues
from socialdesk.services.demarches import list_client_demarches
from socialdesk.services.packages import client_packages
from socialdesk.services.pdf_layout import practitioner_identity
from socialdesk.services.plans import get_plan
from socialdesk.services.profile import get_profile
from socialdesk.services.reports.client_report_words import report_words
from socialdesk.services.reports.report_log import client_report_log, log_client_report
from socialdesk.storage.orm import (
    Appointment,
    AppointmentParticipant,
    CaseNote,
    Client,
    ClientContact,
    NoteType,
    Organization,
)
from socialdesk.storage.uow import UnitOfWork
from socialdesk.vault.atomic import write_private_atomic

__all__ = [
    "client_report_log",
    "gather_client_report",
    "log_client_report",
    "render_client_report",
    "report_note_choices",
    "write_client_report",
]

SITUATION_FIELDS = ("housing", "resources", "health", "employment", "family", "administrative")
_CHOICE_TITLE = 80  # characters of a note's first line in the choice list

Scrub = Callable[[str], str]


# ---- audience rules -----------------------------------------------------------------------
def _private_notes_allowed(audience: ReportAudience) -> bool:
    return audience is ReportAudience.INTERNAL


def _third_party_names_allowed(audience: ReportAudience) -> bool:
    """The names of the people around the person (household, relatives, contacts): the
    person gave them and reads them back; a partner does not get them."""
    return audience is not ReportAudience.PARTNER


def _other_persons_allowed(audience: ReportAudience) -> bool:
    """The other persons accompanied (met at a group session): only the practitioner's
    own file names them."""
    return audience is ReportAudience.INTERNAL


def _zone(uow: UnitOfWork) -> ZoneInfo:
    try:
        return ZoneInfo(get_profile(uow).timezone or "Europe/Paris")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Paris")


def _bounds(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local days ``start`` … ``end`` (both included) as a UTC half-open range."""
    first = datetime.combine(start, time(0), zone).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), zone).astimezone(UTC)
    return first, after


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# ---- the third parties and the scrubbing of free texts ----------------------------------
def _name_scrubber(pairs: Iterable[tuple[str, str]], own_name: Sequence[str]) -> Scrub:
    """A function that replaces each known third-party name in a text by ``[role]``.

    The full name is replaced, then each part of it of three letters or more that is not
    also part of the person's own name (a spouse often shares the last name). Best
    effort: a nickname or a misspelling cannot be known.
    """
    own = {part.casefold() for part in own_name if part}
    replacements: dict[str, str] = {}
    for name, role in pairs:
        name = " ".join(name.split())
        if not name:
            continue
        replacements.setdefault(name.casefold(), role)
        for part in re.split(r"[\s\-]+", name):
            if len(part) >= 3 and part.casefold() not in own:
                replacements.setdefault(part.casefold(), role)
    if not replacements:
        return lambda value: value
    keys = sorted(replacements, key=len, reverse=True)  # the full name before its parts
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.IGNORECASE
    )

    def scrub(value: str) -> str:
        if not value:
            return value
        return pattern.sub(lambda m: f"[{replacements[m.group(0).casefold()]}]", value)

    return scrub


def _household(
    session: Session, client: Client, audience: ReportAudience, word: Callable[..., str]
) -> tuple[tuple[ReportThirdParty, ...], list[tuple[str, str]]]:
    """The household members and contacts (redacted for the audience) and, for the
    scrubber, each one's name with the role that replaces it."""
    named = _third_party_names_allowed(audience)
    people: list[ReportThirdParty] = []
    names: list[tuple[str, str]] = []
    for m in sorted(client.household_members, key=lambda m: (m.position, m.id)):
        role = (m.relation or "").strip() or word("household")
        names.append((m.name, role))
        people.append(
            ReportThirdParty(
                name=m.name if named else "",
                relation=role,
                kind="household",
                birth_year=m.birth_year,
                details=(m.notes or "") if named else "",
            )
        )
    organizations = dict(
        session.execute(
            select(Organization.id, Organization.name).where(
                Organization.id.in_(
                    [c.organization_id for c in client.contacts if c.organization_id]
                )
            )
        ).all()
    )
    contact: ClientContact
    for contact in sorted(client.contacts, key=lambda c: c.id):
        kind = str(contact.kind)
        role = (contact.role or "").strip() or word(kind)
        names.append((contact.name, role))
        details = " — ".join(p for p in (contact.phone, contact.email, contact.notes) if p)
        people.append(
            ReportThirdParty(
                name=contact.name if named else "",
                relation=role,
                kind=kind,
                organization=str(organizations.get(contact.organization_id or 0, "") or ""),
                details=details if named else "",
            )
        )
    return tuple(people), names


# ---- sections -------------------------------------------------------------------------------
def _identity(client: Client, audience: ReportAudience, scrub: Scrub) -> ReportIdentity:
    partner = audience is ReportAudience.PARTNER
    street = ", ".join(p for p in (client.address_line1, client.address_line2) if p)
    town = " ".join(p for p in (client.postal_code, client.city) if p)
    address = ", ".join(p for p in (street, town) if p)
    return ReportIdentity(
        file_number=client.file_number,
        name=display_name(client.last_name, client.first_name),
        civility=client.civility or "",
        birth_date=client.birth_date,
        gender=str(client.gender) if client.gender else None,
        address="" if partner else address,
        city=client.city or "",
        phone="" if partner else (client.phone or ""),
        email="" if partner else (client.email or ""),
        status=str(client.status),
        intake_date=client.intake_date,
        closed_date=client.closed_date,
        referral_source=scrub(client.referral_source or ""),
    )


def _situation(client: Client, scrub: Scrub) -> tuple[tuple[str, str], ...]:
    values = ((f, getattr(client, f"situation_{f}") or "") for f in SITUATION_FIELDS)
    return tuple((f, scrub(text)) for f, text in values if text.strip())


def _objectives(
    uow: UnitOfWork, client_id: int, start: date, end: date, scrub: Scrub
) -> tuple[ReportObjective, ...]:
    """Objectives alive during the period (set by its end, not closed before its start),
    with the evaluations dated within it."""
    result = []
    for o in get_plan(uow, client_id).objectives:
        if o.created_at.date() > end or (o.closed_date is not None and o.closed_date < start):
            continue
        result.append(
            ReportObjective(
                title=scrub(o.title),
                description=scrub(o.description),
                social_issue=o.social_issue_label,
                status=str(o.status),
                target_date=o.target_date,
                closed_date=o.closed_date,
                actions=tuple(
                    ReportAction(scrub(a.text), a.due_date, a.done_at is not None)
                    for a in o.actions
                ),
                evaluations=tuple(
                    ReportEvaluation(e.evaluation_date, e.progress_percent, scrub(e.comment))
                    for e in sorted(o.evaluations, key=lambda e: (e.evaluation_date, e.id))
                    if start <= e.evaluation_date <= end
                ),
            )
        )
    return tuple(result)


def _appointments(
    session: Session,
    client_id: int,
    first: datetime,
    after: datetime,
    zone: ZoneInfo,
    audience: ReportAudience,
    scrub: Scrub,
    *,
    own_name: Sequence[str],
    word: Callable[..., str],
) -> ReportAppointments:
    a, p = Appointment, AppointmentParticipant
    rows = session.execute(
        select(a)
        .join(p, p.appointment_id == a.id)
        .where(p.client_id == client_id, a.starts_at >= first, a.starts_at < after)
        .order_by(a.starts_at, a.id)
    ).scalars().all()  # fmt: skip
    group_ids = [r.id for r in rows if r.is_group]
    others: dict[int, list[str]] = {}
    if group_ids:
        for appointment_id, last, first_name in session.execute(
            select(p.appointment_id, Client.last_name, Client.first_name)
            .join(Client, Client.id == p.client_id)
            .where(p.appointment_id.in_(group_ids), p.client_id != client_id)
            .order_by(Client.name_sort_key)
        ):
            others.setdefault(appointment_id, []).append(display_name(last, first_name))
    named = _other_persons_allowed(audience)
    if not named and others:  # their names out of the titles too ("Atelier avec …")
        role = word("other_participant")
        hide = _name_scrubber([(n, role) for names in others.values() for n in names], own_name)
        previous = scrub

        def scrub(value: str) -> str:
            return hide(previous(value))

    items = []
    for r in rows:
        starts = _aware(r.starts_at).astimezone(zone)
        minutes = max(0, int((_aware(r.ends_at) - _aware(r.starts_at)).total_seconds() // 60))
        around = others.get(r.id, [])
        items.append(
            ReportAppointment(
                starts_at=starts,
                minutes=minutes,
                kind=str(r.kind),
                status=str(r.status),
                title=scrub(r.title or ""),
                # Where they met (often the person's home) is not a partner's business.
                place="" if audience is ReportAudience.PARTNER else (r.place or ""),
                is_group=bool(r.is_group),
                others=tuple(around) if named else (),
                others_count=len(around),
            )
        )
    counts = Counter((i.kind, i.status) for i in items)
    done = [i for i in items if i.status == AppointmentStatus.DONE]
    return ReportAppointments(
        total=len(items),
        done=len(done),
        done_minutes=sum(i.minutes for i in done),
        counts=tuple((k, s, n) for (k, s), n in sorted(counts.items())),
        rows=tuple(items),
    )


def _note_rows(session: Session, client_id: int, start: date, end: date):  # type: ignore[no-untyped-def]
    n = CaseNote
    return session.execute(
        select(n.id, n.note_date, n.title, n.body, n.is_private, n.is_draft, n.signed_at,
               NoteType.label)
        .outerjoin(NoteType, NoteType.id == n.note_type_id)
        .where(n.client_id == client_id, n.note_date >= start, n.note_date <= end)
        .order_by(n.note_date, n.id)
    ).all()  # fmt: skip


def _note_allowed(audience: ReportAudience, is_private: bool, is_draft: bool) -> bool:
    return _private_notes_allowed(audience) or not (is_private or is_draft)


def _notes(session: Session, request: ClientReportRequest, scrub: Scrub) -> tuple[ReportNote, ...]:
    audience = request.audience
    chosen = set(request.note_ids) if request.note_ids is not None else None
    # partner: a note's text only when the user ticked it.
    bodies = audience is not ReportAudience.PARTNER or chosen is not None
    notes = []
    for r in _note_rows(session, request.client_id, request.period_start, request.period_end):
        if chosen is not None and r.id not in chosen:
            continue
        if not _note_allowed(audience, bool(r.is_private), bool(r.is_draft)):
            continue
        notes.append(
            ReportNote(
                id=r.id,
                note_date=r.note_date,
                type_label=r.label or "",
                title=scrub(r.title or ""),
                body=scrub(r.body or "") if bodies else None,
                is_private=bool(r.is_private),
                signed=r.signed_at is not None,
                is_draft=bool(r.is_draft),
            )
        )
    return tuple(notes)


def _demarches(
    uow: UnitOfWork, client_id: int, start: date, end: date, scrub: Scrub
) -> ReportDemarches:
    """Démarches open during the period (begun by its end: submitted, else recorded;
    not decided before its start), and the rights granted with a decision in it."""
    rows = []
    granted = 0
    benefit = 0
    for d in sorted(list_client_demarches(uow, client_id), key=lambda d: (d.created_at, d.id)):
        begun = d.submitted_date or d.created_at.date()
        if begun > end or (d.decision_date is not None and d.decision_date < start):
            continue
        decided = d.decision_date
        if d.status is DemarcheStatus.GRANTED and decided is not None and start <= decided <= end:
            granted += 1
            benefit += d.benefit_monthly_cents or 0
        rows.append(
            ReportDemarche(
                kind=d.kind_label,
                organization=d.organization_name,
                reference=d.reference,
                status=str(d.status),
                submitted_date=d.submitted_date,
                decision_date=d.decision_date,
                next_action_date=d.next_action_date,
                next_action=scrub(d.next_action),
                deadline=d.deadline,
                outcome=scrub(d.outcome),
                benefit_monthly_cents=d.benefit_monthly_cents,
                notes=scrub(d.notes),
            )
        )
    return ReportDemarches(tuple(rows), granted, benefit)


def _packages(
    uow: UnitOfWork, client_id: int, start: date, end: date, today: date, audience: ReportAudience
) -> tuple[ReportPackage, ...]:
    result = []
    for v in client_packages(uow, client_id, today=today):
        used = sum((c.units for c in v.consumptions if start <= c.consumed_date <= end), Decimal(0))
        alive = v.sold_date <= end and (v.valid_until is None or v.valid_until >= start)
        if not alive and not used:
            continue
        result.append(
            ReportPackage(
                name=v.name,
                service=v.service_name,
                unit=str(v.unit),
                sold_date=v.sold_date,
                valid_until=v.valid_until,
                units_total=v.units_total,
                units_used=v.units_used,
                units_used_in_period=used,
                units_remaining=v.units_remaining,
                status=str(v.status),
                price_cents=None if audience is ReportAudience.PARTNER else v.price_cents,
            )
        )
    return tuple(sorted(result, key=lambda p: p.sold_date))


# ---- gather ---------------------------------------------------------------------------------
def gather_client_report(
    uow: UnitOfWork, request: ClientReportRequest, *, today: date
) -> ClientReportData:
    """Everything the report prints, already redacted for its audience. Raises
    ValidationError (bad period, audience, sections, language) or ClientNotFound."""
    request.validate()
    session = uow.session
    client = load_client(uow, request.client_id)
    profile = get_profile(uow)
    word = report_words(request.language)
    sections = request.ordered_sections()
    start, end, audience = request.period_start, request.period_end, request.audience

    people, names = _household(session, client, audience, word)
    if _third_party_names_allowed(audience):
        scrub: Scrub = lambda value: value  # noqa: E731
    else:
        scrub = _name_scrubber(names, (client.last_name, client.first_name or ""))
    zone = _zone(uow)

    data: dict[str, object] = {}
    if ReportSection.IDENTITY in sections:
        data["identity"] = _identity(client, audience, scrub)
    if ReportSection.SITUATION in sections:
        data["situation"] = _situation(client, scrub)
    if ReportSection.HOUSEHOLD in sections:
        data["household"] = people
    if ReportSection.SOCIAL_ISSUES in sections:
        data["social_issues"] = tuple(
            i.social_issue_type.label for i in ordered_issues(client) if i.social_issue_type
        )
    if ReportSection.PLAN in sections:
        data["objectives"] = _objectives(uow, client.id, start, end, scrub)
    if ReportSection.APPOINTMENTS in sections:
        first, after = _bounds(start, end, zone)
        data["appointments"] = _appointments(
            session, client.id, first, after, zone, audience, scrub,
            own_name=(client.last_name, client.first_name or ""), word=word,
        )  # fmt: skip
    if ReportSection.NOTES in sections:
        data["notes"] = _notes(session, request, scrub)
    if ReportSection.DEMARCHES in sections:
        data["demarches"] = _demarches(uow, client.id, start, end, scrub)
    if ReportSection.PACKAGES in sections:
        data["packages"] = _packages(uow, client.id, start, end, today, audience)

    return ClientReportData(
        audience=audience,
        language=request.language,
        period_start=start,
        period_end=end,
        sections=sections,
        generated_on=today,
        practitioner_name=profile.display_name or profile.legal_name,
        practitioner_identity=practitioner_identity(profile),
        practitioner_city=profile.city,
        currency="EUR",
        file_number=client.file_number,
        client_name=display_name(client.last_name, client.first_name),
        **data,  # type: ignore[arg-type]
    )


# ---- note choices ------------------------------------------------------------------------
def report_note_choices(
    uow: UnitOfWork, client_id: int, start: date, end: date, audience: ReportAudience
) -> list[NoteChoice]:
    """The notes of the period, oldest first, for the user to tick; a note the audience
    may not see (private, draft) comes with ``allowed=False``. ClientNotFound,
    ValidationError on a bad period."""
    errors = check_period(start, end)
    if errors:
        raise ValidationError(errors)
    load_client(uow, client_id)
    choices = []
    for r in _note_rows(uow.session, client_id, start, end):
        title = (r.title or "").strip()
        if not title:
            first_line = next((ln.strip() for ln in (r.body or "").splitlines() if ln.strip()), "")
            title = first_line[:_CHOICE_TITLE] + ("…" if len(first_line) > _CHOICE_TITLE else "")
        choices.append(
            NoteChoice(
                id=r.id,
                note_date=r.note_date,
                type_label=r.label or "",
                title=title,
                is_private=bool(r.is_private),
                allowed=_note_allowed(audience, bool(r.is_private), bool(r.is_draft)),
                is_draft=bool(r.is_draft),
            )
        )
    return choices


# ---- render, write, log -------------------------------------------------------------------
def render_client_report(
    uow: UnitOfWork, request: ClientReportRequest, *, today: date | None = None
) -> ReportOutput:
    """The report as PDF bytes in memory, for a preview: nothing is written or logged."""
    from socialdesk.services.reports.client_report_pdf import render_report_pdf

    data = gather_client_report(uow, request, today=today or date.today())
    rendered = render_report_pdf(data)
    return ReportOutput(pdf=rendered.pdf, pages=rendered.pages)


def write_client_report(
    uow: UnitOfWork, request: ClientReportRequest, out: Path, *, today: date | None = None
) -> ReportOutput:
    """Write the report to ``out`` (private 0600, atomic) and log it. The log rows are
    added first and the file written last: if the write fails, the caller's unit of
    work rolls the log back; if logging fails, nothing is written."""
    rendered = render_client_report(uow, request, today=today)
    record = log_client_report(uow, request, action=AuditAction.EXPORT)
    write_private_atomic(Path(out), rendered.pdf)
    return ReportOutput(pdf=rendered.pdf, pages=rendered.pages, record=record)
