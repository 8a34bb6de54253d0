"""What a client report holds once gathered: a frozen tree, already redacted for its
audience (see :mod:`socialdesk.services.reports.client_report`).

A section the request did not ask for is ``None``: it was not read at all. What the
audience may not see is not in the tree (not merely hidden by the renderer):

- ``person``: no private note;
- ``partner``: no private note; no third party's name (household members, relatives,
  contacts, other participants of a group session): each is replaced by their relation
  or role (``name`` is empty); known third-party names are also replaced inside the free
  texts printed (best effort); the person's phone, e-mail and street are left out; note
  bodies only for notes the user ticked (``note_ids``), else the list of notes without
  their text; no appointment place (often the person's home); no prices;
- ``file``: everything.

The person's report names the people around them (they gave these names); the other
participants of a group session are other persons accompanied: only the ``file`` report
names them, ``person`` and ``partner`` reports give their number.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from socialdesk.domain.enums import ReportAudience
from socialdesk.domain.reports import ReportSection


@dataclass(frozen=True, slots=True)
class ReportIdentity:
    file_number: str
    name: str  # "DUPONT Éloïse"
    civility: str
    birth_date: date | None
    gender: str | None  # code: female, male…
    address: str  # "" for partner
    city: str
    phone: str  # "" for partner
    email: str  # "" for partner
    status: str  # code: intake, active, paused, closed
    intake_date: date | None
    closed_date: date | None
    referral_source: str


@dataclass(frozen=True, slots=True)
class ReportThirdParty:
    """A household member or a contact. ``name`` is empty when redacted (partner)."""

    name: str
    relation: str  # household: "child", "spouse"…; contact: its role
    kind: str  # "household", or a contact kind: relative, professional, partner
    birth_year: int | None = None
    organization: str = ""
    details: str = ""  # phone / e-mail / notes, "" when redacted


@dataclass(frozen=True, slots=True)
class ReportEvaluation:
    evaluation_date: date
    progress_percent: int | None
    comment: str


@dataclass(frozen=True, slots=True)
class ReportAction:
    text: str
    due_date: date | None
    done: bool


@dataclass(frozen=True, slots=True)
class ReportObjective:
    title: str
    description: str
    social_issue: str
    status: str  # code: open, achieved, partial, abandoned
    target_date: date | None
    closed_date: date | None
    actions: tuple[ReportAction, ...]
    evaluations: tuple[ReportEvaluation, ...]  # dated within the period


@dataclass(frozen=True, slots=True)
class ReportAppointment:
    starts_at: datetime  # local time of the practitioner
    minutes: int
    kind: str  # code
    status: str  # code
    title: str
    place: str
    is_group: bool
    others: tuple[str, ...]  # other participants' names ("file" only)
    others_count: int


@dataclass(frozen=True, slots=True)
class ReportAppointments:
    total: int
    done: int
    done_minutes: int
    counts: tuple[tuple[str, str, int], ...]  # (kind, status, count)
    rows: tuple[ReportAppointment, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class ReportNote:
    id: int
    note_date: date
    type_label: str
    title: str
    body: str | None  # None: withheld for this audience (partner, note not ticked)
    is_private: bool
    signed: bool
    is_draft: bool = False  # only in the file report


@dataclass(frozen=True, slots=True)
class ReportDemarche:
    kind: str
    organization: str
    reference: str
    status: str  # code
    submitted_date: date | None
    decision_date: date | None
    next_action_date: date | None
    next_action: str
    deadline: date | None
    outcome: str
    benefit_monthly_cents: int | None
    notes: str


@dataclass(frozen=True, slots=True)
class ReportDemarches:
    rows: tuple[ReportDemarche, ...]
    granted_in_period: int
    monthly_benefit_cents: int  # of the rights granted in the period


@dataclass(frozen=True, slots=True)
class ReportPackage:
    name: str
    service: str
    unit: str  # hour, session…
    sold_date: date
    valid_until: date | None
    units_total: Decimal
    units_used: Decimal
    units_used_in_period: Decimal
    units_remaining: Decimal
    status: str  # code
    price_cents: int | None  # None for partner


@dataclass(frozen=True, slots=True)
class ClientReportData:
    audience: ReportAudience
    language: str
    period_start: date
    period_end: date
    sections: tuple[ReportSection, ...]  # in print order
    generated_on: date
    practitioner_name: str
    practitioner_identity: str  # one line for the page header
    practitioner_city: str
    currency: str
    file_number: str
    client_name: str  # the person the report is about (every audience knows it)
    identity: ReportIdentity | None = None
    situation: tuple[tuple[str, str], ...] | None = None  # (housing…, text)
    household: tuple[ReportThirdParty, ...] | None = None  # members, then contacts
    social_issues: tuple[str, ...] | None = None  # main issue first
    objectives: tuple[ReportObjective, ...] | None = None
    appointments: ReportAppointments | None = None
    notes: tuple[ReportNote, ...] | None = None
    demarches: ReportDemarches | None = None
    packages: tuple[ReportPackage, ...] | None = None


@dataclass(frozen=True, slots=True)
class NoteChoice:
    """A note the user may tick for a report (no body: the list shows the first line)."""

    id: int
    note_date: date
    type_label: str
    title: str  # the title, else the first line of the body (shortened)
    is_private: bool
    allowed: bool  # False: the audience may not see it (a private note, a draft)
    is_draft: bool = False
