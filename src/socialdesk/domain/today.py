"""The Today page: what needs the practitioner, in sections, each item saying which
place it opens (``target`` + ``object_id`` + ``client_id``).

Thresholds are module constants so the page, the CLI and the tests agree:

- démarches: next action or deadline within DEMARCHE_HORIZON_DAYS (overdue included);
- objectives: open, of a client in intake or active, whose target date has come, or not
  evaluated for EVALUATION_INTERVAL_DAYS (counted from the objective's creation when it
  never was);
- unsigned notes: not signed (drafts included), dated today or earlier;
- tasks: open and due today or earlier;
- unbilled sessions: billable items without an invoice line, dated today or earlier;
- overdue invoices: issued or partly paid invoices past their due date;
- packages: open client packages with at most PACKAGE_LOW_SHARE_PERCENT of their units
  left, or ending within PACKAGE_EXPIRY_DAYS (or already past their end);
- backup: the last encrypted backup is older than BACKUP_MAX_AGE_DAYS, or there is none.

Pure Python: no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from socialdesk.domain.demarches import DUE_HORIZON_DAYS
from socialdesk.domain.plans import EVALUATION_INTERVAL_DAYS
from socialdesk.i18n import N_

DEMARCHE_HORIZON_DAYS = DUE_HORIZON_DAYS
TASK_HORIZON_DAYS = 0
PACKAGE_LOW_SHARE_PERCENT = 20
PACKAGE_EXPIRY_DAYS = 30
BACKUP_MAX_AGE_DAYS = 7
SECTION_LIMIT = 50

__all__ = [
    "BACKUP_MAX_AGE_DAYS",
    "DEMARCHE_HORIZON_DAYS",
    "EVALUATION_INTERVAL_DAYS",
    "PACKAGE_EXPIRY_DAYS",
    "PACKAGE_LOW_SHARE_PERCENT",
    "REASON_LABELS",
    "SECTION_LABELS",
    "SECTION_LIMIT",
    "SECTION_ORDER",
    "TASK_HORIZON_DAYS",
    "BackupStatus",
    "TodayItem",
    "TodayOverview",
    "TodayReason",
    "TodaySection",
    "TodaySectionKey",
    "TodayTarget",
]


class TodaySectionKey(StrEnum):
    APPOINTMENTS_TODAY = "appointments_today"
    APPOINTMENTS_TOMORROW = "appointments_tomorrow"
    DEMARCHES_DUE = "demarches_due"
    OBJECTIVES_TO_EVALUATE = "objectives_to_evaluate"
    UNSIGNED_NOTES = "unsigned_notes"
    TASKS_DUE = "tasks_due"
    UNBILLED_SESSIONS = "unbilled_sessions"
    OVERDUE_INVOICES = "overdue_invoices"
    PACKAGES_RUNNING_OUT = "packages_running_out"
    BACKUP = "backup"


SECTION_ORDER: tuple[TodaySectionKey, ...] = tuple(TodaySectionKey)
SECTION_LABELS: dict[TodaySectionKey, str] = {
    TodaySectionKey.APPOINTMENTS_TODAY: N_("Today's appointments"),
    TodaySectionKey.APPOINTMENTS_TOMORROW: N_("Tomorrow's appointments"),
    TodaySectionKey.DEMARCHES_DUE: N_("Démarches due"),
    TodaySectionKey.OBJECTIVES_TO_EVALUATE: N_("Objectives to evaluate"),
    TodaySectionKey.UNSIGNED_NOTES: N_("Notes not signed"),
    TodaySectionKey.TASKS_DUE: N_("Tasks due"),
    TodaySectionKey.UNBILLED_SESSIONS: N_("Sessions not billed"),
    TodaySectionKey.OVERDUE_INVOICES: N_("Overdue invoices"),
    TodaySectionKey.PACKAGES_RUNNING_OUT: N_("Packages running out"),
    TodaySectionKey.BACKUP: N_("Backup"),
}


class TodayTarget(StrEnum):
    """What an item opens."""

    APPOINTMENT = "appointment"  # the agenda at the appointment
    DEMARCHE = "demarche"  # client file, démarches tab, the démarche
    OBJECTIVE = "objective"  # client file, plan tab, the objective
    NOTE = "note"  # client file, notes tab, the note
    TASK = "task"  # the client's tasks, or the practitioner's (client_id None)
    BILLABLE_ITEM = "billable_item"  # billing: items not billed yet
    INVOICE = "invoice"  # billing: the invoice
    CLIENT_PACKAGE = "client_package"  # client file, packages
    BACKUP = "backup"  # the backup dialog (object_id 0)


class TodayReason(StrEnum):
    """Why an item is listed (a badge on the page)."""

    NONE = "none"
    NEXT_ACTION = "next_action"
    DEADLINE = "deadline"
    TARGET_PASSED = "target_passed"
    NOT_EVALUATED = "not_evaluated"
    DRAFT = "draft"
    NOT_SIGNED = "not_signed"
    LOW_BALANCE = "low_balance"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NO_BACKUP = "no_backup"
    BACKUP_OLD = "backup_old"
    BACKUP_OK = "backup_ok"


REASON_LABELS: dict[TodayReason, str] = {
    TodayReason.NONE: "",
    TodayReason.NEXT_ACTION: N_("Next action"),
    TodayReason.DEADLINE: N_("Deadline"),
    TodayReason.TARGET_PASSED: N_("Target date reached"),
    TodayReason.NOT_EVALUATED: N_("Not evaluated for 3 months"),
    TodayReason.DRAFT: N_("Draft"),
    TodayReason.NOT_SIGNED: N_("To sign"),
    TodayReason.LOW_BALANCE: N_("Few units left"),
    TodayReason.EXPIRING: N_("Ends soon"),
    TodayReason.EXPIRED: N_("Ended"),
    TodayReason.NO_BACKUP: N_("No backup yet"),
    TodayReason.BACKUP_OLD: N_("Last backup is old"),
    TodayReason.BACKUP_OK: N_("Backed up recently"),
}


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One line of a section. ``title`` and ``detail`` are the user's own data (a task's
    title, a démarche kind, a payer's name…); appointment kinds come translated."""

    target: TodayTarget
    object_id: int
    client_id: int | None
    client_name: str
    file_number: str
    title: str
    detail: str = ""
    day: date | None = None  # the date that matters (due, deadline, target, note date…)
    at: datetime | None = None  # appointments: start (aware UTC); backup: last backup
    ends_at: datetime | None = None  # appointments
    reason: TodayReason = TodayReason.NONE
    overdue: bool = False
    amount_cents: int | None = None
    remaining_milli: int | None = None  # packages: units left (thousandths)
    total_milli: int | None = None  # packages: units bought
    status: str = ""  # appointment, démarche or invoice status value
    category: str = ""  # appointment kind value, démarche kind code


@dataclass(frozen=True, slots=True)
class TodaySection:
    key: TodaySectionKey
    items: tuple[TodayItem, ...]  # at most the limit asked for
    total: int  # every matching item
    amount_cents: int | None = None  # unbilled / overdue: the sum over all matching items

    @property
    def label(self) -> str:
        """Message id of the heading (translate with ``_``)."""
        return SECTION_LABELS[self.key]

    @property
    def more(self) -> int:
        """How many matching items are not in ``items``."""
        return max(0, self.total - len(self.items))


@dataclass(frozen=True, slots=True)
class BackupStatus:
    last_backup_at: datetime | None
    file_name: str
    age_days: int | None
    overdue: bool

    @property
    def reason(self) -> TodayReason:
        if self.last_backup_at is None:
            return TodayReason.NO_BACKUP
        return TodayReason.BACKUP_OLD if self.overdue else TodayReason.BACKUP_OK


@dataclass(frozen=True, slots=True)
class TodayOverview:
    today: date
    generated_at: datetime
    sections: tuple[TodaySection, ...]  # in SECTION_ORDER, empty ones included
    backup: BackupStatus

    def section(self, key: TodaySectionKey) -> TodaySection:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    @property
    def is_quiet(self) -> bool:
        """Nothing needs attention (the backup line aside, when it is recent)."""
        return not self.backup.overdue and all(
            s.total == 0 for s in self.sections if s.key != TodaySectionKey.BACKUP
        )


def backup_status(last: datetime | None, file_name: str, *, today: date) -> BackupStatus:
    """Days since the last backup, counted in calendar days up to ``today``."""
    if last is None:
        return BackupStatus(None, "", None, True)
    age = max(0, (today - last.date()).days)
    return BackupStatus(last, file_name, age, age > BACKUP_MAX_AGE_DAYS)


def package_reason(
    *, remaining_milli: int, total_milli: int, valid_until: date | None, today: date
) -> TodayReason:
    """Why an open package is running out, or NONE."""
    if valid_until is not None and valid_until < today:
        return TodayReason.EXPIRED
    if remaining_milli * 100 <= total_milli * PACKAGE_LOW_SHARE_PERCENT:
        return TodayReason.LOW_BALANCE
    if valid_until is not None and (valid_until - today).days <= PACKAGE_EXPIRY_DAYS:
        return TodayReason.EXPIRING
    return TodayReason.NONE
